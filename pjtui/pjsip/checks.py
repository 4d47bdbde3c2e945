"""Problems an editor can see in the files before Asterisk loads them.

Implements the warnings of ``shared/spec/pjsip-objects.md`` §4 that can be decided from
``pjsip_wizard.conf`` and ``pjsip.conf`` (each read together with the other one).  Every
problem has a stable ``code`` (see :data:`CHECKS`), a severity — ``error`` (Asterisk
rejects or does not create something), ``warning`` (it loads but will not work as
meant) or ``hint`` — the file, line and section it is about, one sentence saying what
Asterisk will do, and what to change.

    from pjtui.pjsip.checks import Checker, check_paths
    problems = Checker(wizard=model_w, pjsip=model_p).run()     # models from model.build
    report = check_paths(["/etc/asterisk/pjsip_wizard.conf"])  # loads files + context

Design for speed (10,000 wizards, ~0.15-0.2 s CPU without the cyclic GC, which the
checks pause): a value written in a template is checked once, at the template's line,
not once per child, and a wizard whose list starts with its parent's looks only at its
own lines; the wizard rules run once per distinct (inherited entries, own lines reduced
to what the rules read) when they find nothing; values are validated through the
catalogue's per-value cache; cross references are dict look-ups (generated names asked
of the expansion's store); identify overlaps are found by a sort-and-sweep.
Per-section results are cached by :class:`Checker`, so after an edit
``Checker.recheck(sections)`` re-runs only the local checks of the edited sections (and
of sections whose lines moved), plus the global ones; the overlap sweep is reused when
the edited sections' identify items did not change (~8-15 ms at 10,000 wizards).
"""

from __future__ import annotations

import os
from itertools import chain
from typing import Callable, Iterable

from pjtui._gc import paused_gc
from pjtui.pjsip.catalogue import (
    WIZARD_PREFIXES, catalogue, is_ip_literal, is_true, parse_c_int, parse_host_port, split_list,
)
from pjtui.pjsip.model import Appended, lines_of
from pjtui.pjsip.wizard import PRESENCE_KEYS as _PRESENCE_KEYS, _FLAGS as _WIZARD_FLAGS

SEVERITIES = ("error", "warning", "hint")

MUSL_NOTE = ("On musl-based systems such as Alpine, pjsip cannot read the nameservers and falls back "
             "from SRV to plain A/AAAA lookups")

#: code -> (severity, spec id, title).  Codes are stable: scripts and the UI key on them.
CHECKS: dict[str, tuple[str, str, str]] = {
    # file level
    "syntax": ("error", "F1", "syntax error that makes Asterisk reject the file"),
    "syntax-warning": ("warning", "F3-F10", "line Asterisk ignores or reads differently"),
    "missing-parent": ("error", "F1/F2", "template or parent not defined before its use"),
    "missing-append-target": ("error", "F1", "(+) section with no earlier section of that name"),
    "header-space": ("warning", "F3", "blank between ']' and '(': the template list is ignored"),
    "exec-not-run": ("hint", "F7", "#exec present: pjtui never runs it, analysis incomplete"),
    "no-context": ("hint", "", "the other config file was not found, references not checked"),
    # options and values
    "unknown-option": ("error", "O5/Z1", "parameter name unknown for its object type"),
    "bad-value": ("error", "O6/O8", "value the parameter rejects"),
    "bool-value": ("warning", "O7", "value that is not a boolean word (read as no)"),
    "octal-value": ("warning", "O8", "number with a leading 0 read as octal"),
    "unprefixed-option": ("error", "Z1", "object parameter written in a wizard without its prefix"),
    "prefix-case": ("error", "Z1", "wizard prefix with upper-case letters, silently dropped"),
    "unknown-prefix": ("error", "Z1", "wizard option with an unknown prefix, silently dropped"),
    "empty-prefix": ("warning", "Z1", "wizard prefix with nothing after the slash"),
    "overridden-by-wizard": ("warning", "Z10", "pass-through value the wizard replaces"),
    # objects
    "no-type": ("error", "O1", "pjsip.conf section without a type: ignored"),
    "unknown-type": ("error", "O1", "type Asterisk does not know: section ignored"),
    "conflicting-type": ("warning", "O2", "several type lines with different values"),
    "duplicate-object": ("error", "O3", "same name and type twice: the whole type fails"),
    "duplicate-singleton": ("error", "O4", "more than one global/system section"),
    "endpoint-invalid": ("error", "O9", "endpoint settings Asterisk refuses at load"),
    "auth-incomplete": ("error", "O10", "auth without username or password"),
    "transport-invalid": ("error", "O11", "transport that cannot start"),
    "identify-invalid": ("error", "O12", "identify without endpoint or match"),
    "registration-invalid": ("error", "O13", "registration with missing or bad URIs"),
    "contact-not-sip": ("error", "O14", "aor contact that is not a sip:/sips: URI"),
    "resource-list-invalid": ("error", "O15", "resource_list without event or list_item"),
    "phoneprov-invalid": ("error", "O16/Z18", "phone that will not be provisioned"),
    "identifier-order-blanks": ("warning", "O20", "blanks in endpoint_identifier_order"),
    "wizard-in-pjsip-conf": ("error", "Z21", "type = wizard in pjsip.conf is ignored"),
    "not-a-wizard": ("error", "Z21", "type = wizard spelled with other case: not a wizard"),
    "ignored-in-wizard-file": ("warning", "", "non-wizard section in pjsip_wizard.conf is ignored"),
    # references
    "dangling-reference": ("error", "R1-R8", "reference to an object that does not exist"),
    "no-transport": ("error", "R5", "no transport at all"),
    "default-outbound-endpoint": ("warning", "R10", "default_outbound_endpoint names no endpoint"),
    "endpoint-without-aors": ("warning", "R11", "endpoint without aors"),
    "aor-unreachable": ("warning", "R12", "aor with max_contacts 0 and no contact"),
    "no-codecs": ("warning", "R13", "endpoint without allow: no codecs"),
    "unauthenticated-username": ("warning", "R14", "identified by username without auth"),
    "identify-overlap": ("warning", "R15", "two identifies match the same address"),
    "shared-aor": ("hint", "R19", "aor listed by several endpoints"),
    "register-user": ("hint", "R16", "the user a phone must register as differs from its auth username"),
    "auth-username-mismatch": ("warning", "R17", "auth_username identification that can never match"),
    "unidentifiable-endpoint": ("warning", "R18", "endpoint no identifier can select"),
    "same-auth-in-out": ("warning", "", "the same auth used inbound and outbound"),
    "max-contacts-one": ("warning", "", "max_contacts = 1 without remove_existing"),
    # wizard
    "wizard-sends-registrations-no-hosts": ("error", "Z2", "sends_registrations without remote_hosts"),
    "wizard-identify-no-hosts": ("error", "Z3", "identify needed but no remote_hosts"),
    "wizard-sends-auth-no-username": ("error", "Z4", "sends_auth without outbound_auth/username"),
    "wizard-accepts-auth-no-username": ("error", "Z5", "accepts_auth without inbound_auth/username"),
    "wizard-unused-auth": ("warning", "Z6", "auth values given but the auth is not created"),
    "wizard-registrations-refused": ("error", "Z7", "accepts_registrations without max_contacts"),
    "wizard-registrations-unauthenticated": ("warning", "Z8", "accepts_registrations without accepts_auth"),
    "wizard-line-without-registrations": ("warning", "Z9", "sends_line_with_registrations alone"),
    "wizard-line-options": ("error", "Z11", "registration/endpoint or /line without line support"),
    "wizard-bad-remote-host": ("error", "Z12", "remote_hosts item that breaks the registration"),
    "wizard-port-specific-match": ("hint", "Z13", "remote host with a port: port-specific identify"),
    "host-name": ("warning", "Z14", "host name resolved by DNS"),
    "unresolvable-host": ("error", "Z14", "host name that does not resolve: identify rejected"),
    "wizard-pattern": ("warning", "Z15", "URI pattern with unknown variables or no ${REMOTE_HOST}"),
    "wizard-collision": ("error", "Z16", "generated object hidden by a pjsip.conf object"),
    "wizard-duplicate": ("warning", "Z17", "two wizard sections with the same name"),
    "wizard-hint": ("warning", "Z19", "hint settings that do nothing"),
    "wizard-empty-uri-pattern": ("error", "Z22", "empty URI pattern: no registration made"),
    "wizard-error": ("error", "", "error Asterisk logs when it expands the wizard"),
}


class Problem:
    """One finding.  ``message`` says what is wrong and what Asterisk will do; ``fix``
    says what to change."""

    __slots__ = ("code", "severity", "file", "line", "section", "message", "fix", "key")

    def __init__(self, code: str, file: str, line: int, section: str, message: str,
                 fix: str = "", key: str | None = None, severity: str | None = None):
        self.code = code
        self.severity = severity or CHECKS[code][0]
        self.file = file
        self.line = line
        self.section = section
        self.message = message
        self.fix = fix
        self.key = key

    def text(self) -> str:
        where = f"[{self.section}] " if self.section else ""
        fix = f" {self.fix}" if self.fix else ""
        return f"{where}{self.message}{fix}"

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.code}: {self.text()}"

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "file": self.file, "line": self.line,
                "section": self.section, "key": self.key, "message": self.message, "fix": self.fix,
                "spec": CHECKS.get(self.code, ("", "", ""))[1]}

    def sort_key(self):
        return (self.file, self.line, SEVERITIES.index(self.severity), self.code, self.message)

    def __repr__(self) -> str:
        return f"Problem({self.format()!r})"


# ---------------------------------------------------------------------------- helpers

def _file(obj) -> str:
    sec = getattr(obj, "section", obj)
    doc = getattr(sec, "doc", None)
    return getattr(doc, "name", "") or ""


def _where(eff):
    """The line(s) a section's cached problems were computed at."""
    return eff.section.line if not eff.appends else (eff.section.line, *(a.line for a in eff.appends))


def _layout(model) -> tuple | None:
    """Each file of ``model`` and how many of its edits moved lines (Document.moves):
    while this stays the same, no section has moved (None: not known)."""
    src = model.source
    docs = getattr(src, "documents", None)
    if docs is not None:
        return tuple((id(d), d.moves) for d in docs.values())
    moves = getattr(src, "moves", None)
    return ((id(src), moves),) if moves is not None else None


def _own_ids(eff) -> set:
    if not eff.appends:
        return {id(eff.section)}
    return {id(s) for s in eff.own_sections()}


def _header_space(eff) -> list[Problem]:
    """F3: ``[6001] (tpl)`` — Asterisk reads options only when '(' follows ']' directly
    (the parser noted each such header: ``Section.header_gap``)."""
    if not eff.appends:
        if eff.section.header_gap is None:
            return []               # the usual case
        sections = (eff.section,)
    else:
        sections = eff.own_sections()
    out = []
    for sec in sections:
        text = sec.header_gap
        if text is not None:
            out.append(Problem("header-space", _file(sec), sec.line, sec.name,
                               f"There is a blank between ']' and '{text}': Asterisk ignores '{text}', so this "
                               "section is neither a template nor inherits anything.",
                               f"Write [{sec.name}]{text} without the blank."))
    return out


def _loc(eff, entry) -> tuple[str, int]:
    """Where to report a problem about ``entry`` of section ``eff``: the line when it is
    written in the section itself, else the section's header line (an inherited value is
    a property of this section; its template line is reported by the template's checks)."""
    if entry is not None:
        opt = _own_line(entry, _own_ids(eff))
        if opt is not None:
            return _file(opt), opt.line
    return _file(eff.section), eff.section.line


def _sig_part(k: str, value: str, name: str):
    """A wizard's own line in the memo signature of its rules (:meth:`Checker._wizard_section`):
    the values no rule reads reduced to "set or empty".  Inherited entries enter by
    identity: siblings share them."""
    if k in _PRESENCE_KEYS:
        return (k, value != "")
    if k == "inbound_auth/username":
        return (k, value != "", value == name)
    return (k, value)


_GENERATED_TYPES = frozenset(("endpoint", "aor", "auth", "identify", "registration", "phoneprov"))
_PARENT_LIST = object()      # marks "the parent's entries" in a memo signature


def _inherited_len(eff) -> int:
    """How many leading entries of ``eff.vars`` are its single parent's list, unchanged
    (the usual template child; a ``+=`` on an inherited name or several parents make it
    0).  None of them is written in the section itself."""
    parents = eff.parents
    if len(parents) != 1:
        return 0
    pv = parents[0].vars
    n = len(pv)
    return n if n and eff.vars[:n] == pv else 0


def _own_line(entry, own: set):
    """The last line of ``entry`` written in the section itself (None if all inherited)."""
    if type(entry) is not Appended:
        return entry if id(entry.section) in own else None
    last = None
    for opt in lines_of(entry):
        if id(opt.section) in own:
            last = opt
    return last


def sip_uri_problem(uri: str) -> str | None:
    """Why pjproject would not parse ``uri`` as a SIP URI (None when it parses).  The
    verdict is :func:`pjtui.pjsip.wizard.sip_uri_ok`'s, so checks and expansion agree."""
    from pjtui.pjsip.wizard import sip_uri_ok

    if sip_uri_ok(uri):
        return None
    low = uri.lower()
    if not (low.startswith("sip:") or low.startswith("sips:")):
        return "is not a sip: or sips: URI"
    rest = uri[uri.index(":") + 1:].split(";", 1)[0].split("?", 1)[0]
    host = rest.rsplit("@", 1)[-1]
    if not host:
        return "has no host"
    if any(c in host for c in " \t"):
        return "contains a blank"
    return "cannot be parsed as a SIP URI"


def uri_host(uri: str) -> tuple[str, int | None] | None:
    low = uri.lower()
    if not (low.startswith("sip:") or low.startswith("sips:")):
        return None
    rest = uri[uri.index(":") + 1:].split(";", 1)[0].split("?", 1)[0]
    rest = rest.rsplit("@", 1)[-1].strip("<>")
    return parse_host_port(rest)


def is_host_name(host: str) -> bool:
    return bool(host) and not is_ip_literal(host) and "$" not in host


def _a(word: str) -> str:
    """'a endpoint' -> 'an endpoint'."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    return " Did you mean " + " or ".join(f"'{n}'" for n in names) + "?"


# -------------------------------------------------------------------- wizard reading

#: pass-through parameters the wizard may set after the user's value (Z10).
_OVERRIDABLE = frozenset((
    ("endpoint", "aors"), ("endpoint", "transport"), ("endpoint", "outbound_proxy"), ("endpoint", "auth"),
    ("endpoint", "outbound_auth"), ("aor", "outbound_proxy"), ("identify", "endpoint"), ("phoneprov", "endpoint"),
    ("registration", "server_uri"), ("registration", "client_uri"), ("registration", "outbound_auth"),
    ("registration", "transport"), ("registration", "outbound_proxy"), ("registration", "line"),
    ("registration", "endpoint")))
_ENDPOINT_VALIDATED = frozenset(("endpoint", k) for k in (
    "timers_min_se", "timers_sess_expires", "rtp_port_start", "rtp_port_end", "preferred_codec_only"))
# the same as "prefix/name" keys of the wizard reading's last-wins index
_OVERRIDABLE_KEYS = frozenset(p + "/" + k for p, k in _OVERRIDABLE)
_ENDPOINT_VALIDATED_KEYS = frozenset(p + "/" + k for p, k in _ENDPOINT_VALIDATED)

#: position of a boolean wizard option in wizard.Wizard.flags()
_FLAG_INDEX = {n: i for i, n in enumerate(_WIZARD_FLAGS)}
_ACCEPTS_AUTH = _FLAG_INDEX["accepts_auth"]
_ACCEPTS_REG = _FLAG_INDEX["accepts_registrations"]
_SENDS_LINE = _FLAG_INDEX["sends_line_with_registrations"]


class WizardView:
    """Check-side accessors over :class:`pjtui.pjsip.wizard.Wizard` (which owns the
    reading rules: case, last-wins, prefixes, remote_hosts splitting).

    Cheap to make (one per wizard): the common questions — the last pass-through entry
    of a name, whether one is there — are answered from the reading's own last-wins
    index; the per-name lists (``pt``) are built only for the few wizards whose rules
    need every entry of a name."""

    __slots__ = ("w", "eff", "_pt", "flags")

    def __init__(self, eff, wizard=None):
        from pjtui.pjsip.wizard import Wizard

        self.w = wizard if wizard is not None else Wizard(eff)
        self.eff = eff
        self._pt = None
        self.flags = None                   # other answers, made on first use

    @property
    def pt(self) -> dict:
        """prefix -> every entry passed with it; (prefix, lower-case name) -> its entries."""
        pt = self._pt
        if pt is None:
            pt = self._pt = {}
            for prefix, lst in self.w.passthrough.items():
                if not lst:
                    continue
                every = pt[prefix] = []
                for item in lst:
                    # wizard.Param(key, value, source) or an older (key, entry) pair
                    key, entry = (item.key, item.source) if hasattr(item, "source") else item
                    k = (prefix, key.lower())
                    got = pt.get(k)
                    if got is None:
                        pt[k] = [entry]
                    else:
                        got.append(entry)
                    every.append(entry)
        return pt

    def passes(self, prefix: str, param: str) -> bool:
        """Is ``prefix/param`` (``param`` lower-case) passed through at all?"""
        return (prefix + "/" + param) in self.w._plast

    def passes_any(self, keys: frozenset) -> bool:
        """Is any of ``keys`` (``"prefix/param"`` lower-case) passed through?"""
        return not keys.isdisjoint(self.w._plast)

    @property
    def name(self) -> str:
        return self.eff.name

    def opt(self, name: str):
        return self.w.find(name)

    def value(self, name: str, default: str | None = None) -> str | None:
        e = self.w.find(name)
        return default if e is None else e.value

    def flag(self, name: str) -> bool:
        i = _FLAG_INDEX.get(name)
        if i is not None:
            return self.w.flags()[i]    # computed once per template, shared by children
        flags = self.flags
        if flags is None:
            flags = self.flags = {}
        got = flags.get(name)
        if got is None:
            got = flags[name] = self.w.is_true(name)
        return got

    def entries(self, prefix: str, param: str | None = None) -> list:
        """Model entries passed with ``prefix/`` (``param``: only that name, any case)."""
        if param is None:
            if not self.w.passthrough.get(prefix):
                return []
        elif self._pt is None and (prefix + "/" + param) not in self.w._plast:
            return []
        return self.pt.get(prefix if param is None else (prefix, param), [])

    def last(self, prefix: str, param: str):
        # the reading's last-wins index of pass-through lines: "prefix/name" lower-case
        return self.w._plast.get(prefix + "/" + param)

    @property
    def hosts(self) -> list[str]:
        flags = self.flags
        if flags is None:
            flags = self.flags = {}
        got = flags.get("\0hosts")
        if got is None:
            got = flags["\0hosts"] = self.w.remote_hosts
        return got


# --------------------------------------------------------------------------- context

#: ``resolver(host, port) -> list[str] | None`` (None: does not resolve), the same
#: contract as :func:`pjtui.pjsip.wizard.expand`.
Resolver = Callable[[str, "str | None"], "list[str] | None"]


# Types a pjsip.conf section may name that Asterisk silently ignores there: (code, what, fix).
_IGNORED_TYPES = {
    "wizard": ("wizard-in-pjsip-conf",
               "type = wizard is read only from pjsip_wizard.conf; in pjsip.conf Asterisk ignores this section.",
               "Move the section to pjsip_wizard.conf."),
    "contact": ("unknown-type",
                "Contacts are created at run time (REGISTER) and from aor 'contact'; "
                "Asterisk ignores a type = contact section.",
                "Use an aor with contact = sip:... instead."),
}


def hosts_file_resolver(path: str) -> Resolver:
    """A resolver that knows only the names of a hosts(5) file (tests, ``--hosts``)."""
    table: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            fields = line.split("#", 1)[0].split()
            for name in fields[1:]:
                table.setdefault(name.lower(), []).append(fields[0])

    def resolve(host: str, port=None):
        return table.get(host.lower())

    resolve.error_text = "Name or service not known"
    return resolve


#: Asterisk log messages (wizard.expand's LogLine) -> the check codes that explain them.
_LOG_CODES = (
    ("if it sends_auth", ("wizard-sends-auth-no-username",)),
    ("if it sends authentication", ("wizard-sends-auth-no-username",)),
    ("if it accepts_auth", ("wizard-accepts-auth-no-username",)),
    ("if it doesn't accept registrations", ("wizard-identify-no-hosts",)),
    ("if it sends registrations", ("wizard-sends-registrations-no-hosts",)),
    ("phoneprov/MAC", ("phoneprov-invalid",)),
    ("password found for algorithm", ("auth-incomplete",)),
    ("google_oauth", ("auth-incomplete",)),
    ("URI specified on outbound registration", ("wizard-empty-uri-pattern", "wizard-bad-remote-host",
                                                "registration-invalid")),
    ("specified on outbound registration", ("registration-invalid", "wizard-bad-remote-host",
                                            "wizard-empty-uri-pattern")),
    ("line support", ("wizard-line-options", "registration-invalid")),
    ("Line support", ("wizard-line-options", "registration-invalid")),
    ("getaddrinfo", ("unresolvable-host",)),
    ("failed when adding resolution", ("unresolvable-host",)),
    ("Could not find option", ("unknown-option",)),
    ("Error parsing", ("bad-value",)),
    ("is not a sip(s) uri", ("contact-not-sip",)),
    ("contained invalid transport", ("phoneprov-invalid",)),
    ("contained invalid endpoint", ("phoneprov-invalid",)),
    ("contained invalid auth", ("phoneprov-invalid",)),
    ("must contain a", ("phoneprov-invalid",)),
    ("Could not look up profile", ("phoneprov-invalid",)),
    ("Failed to add hint", ("wizard-hint",)),
    ("hint context", ("wizard-hint",)),
)
_LOG_FOLLOW_UPS = ("Unable to apply object type", "Unable to create objects for wizard",
                   "are invalid and cannot be parsed", "could not be loaded; configuration contains")


class Checker:
    """All checks over a wizard model and/or a pjsip.conf model (``model.build`` results).

    ``expansion``: a :func:`pjtui.pjsip.wizard.expand` result for ``wizard`` (computed
    here when not given; pass the UI's own to avoid expanding twice).
    ``wizard_diagnostics`` / ``pjsip_diagnostics``: conf diagnostics (parse and include)
    of each file — by default those of the model's source.  ``resolver`` decides host
    names (None: unknown, the default); ``profiles``: profile names of phoneprov.conf
    when it was read.
    """

    def __init__(self, wizard=None, pjsip=None, *, expansion=None, wizard_diagnostics=None,
                 pjsip_diagnostics=None, resolver: Resolver | None = None,
                 profiles: set[str] | None = None, notes: Iterable[Problem] = (), memo: bool = True):
        self.cat = catalogue()
        self.memo = memo                # reuse "no problem" verdicts of identical wizards
        self._clean: set = set()
        self._clean_shapes: set = set()  # Wizard.shape of simple wizards without problems
        self._dirty: list | None = None  # the sections recheck() was given, until collected
        self._names_version = 0          # the expansion's names_version at the last full run
        self._layout: tuple | None = None  # _layout() of the wizard files at the last collect
        self.wizard = wizard
        self.pjsip = pjsip
        self.wizard_diagnostics = list(_diagnostics(wizard) if wizard_diagnostics is None else wizard_diagnostics)
        self.pjsip_diagnostics = list(_diagnostics(pjsip) if pjsip_diagnostics is None else pjsip_diagnostics)
        self.resolver = resolver
        self.profiles = profiles
        self.notes = list(notes)
        self.expansion = expansion
        self._local: dict[int, list[Problem]] = {}
        self._names: dict[str, set[str]] | None = None
        self._pjsip_names: dict[str, set[str]] | None = None
        self._wizards: dict[int, object] = {}
        self._readings: dict | None = None       # id(eff) -> the expansion's Wizard reading
        self._line_verdicts: dict = {}
        self._value_keys: dict[str, bool] = {}
        self._pj_effs: dict | None = None
        self._ident_items: dict[int, list] = {}
        self._exp_idents = None
        self._is_wiz: dict[int, bool] = {}
        self._wiz_list: list | None = None
        self._wiz_global: list | None = None
        self._sig: dict[int, tuple] = {}
        self._ep_ident: dict[int, tuple] = {}     # wizard id -> (eff, identify_by entry)
        self._ident_eps: dict[int, tuple] = {}    # id(identify or registration WizObject) -> (it, the
                                                  # endpoint it selects, or None)
        self._local_at: dict[int, object] = {}    # section id -> its line(s) when _local was made
        self._ident_dirty: dict[int, tuple] = {}  # re-checked section id -> (it, its old items)
        self._overlaps: list[Problem] | None = None

    def _expansion(self):
        if self.expansion is None and self.wizard is not None:
            from pjtui.pjsip.wizard import expand

            self.expansion = expand(self.wizard, pjsip=self.pjsip, resolver=self.resolver,
                                    profiles=self.profiles, filename="pjsip_wizard.conf")
        return self.expansion

    def reading(self, eff):
        """The expansion's reading of wizard ``eff`` (None: it has none, or it changed
        since; :class:`WizardView` then reads the section afresh)."""
        readings = self._readings
        if readings is None:
            exp = self._expansion()
            readings = self._readings = {id(w.eff): w for w in exp.wizards} if exp is not None else {}
        return readings.get(id(eff))

    def view(self, eff) -> WizardView:
        w = self._wizards.get(id(eff))
        if w is None:
            w = self._wizards[id(eff)] = WizardView(eff, self.reading(eff))
        return w

    # ------------------------------------------------------------------ public
    def run(self) -> list[Problem]:
        self._names_version = getattr(self.expansion, "names_version", 0)
        self._names = None
        self._pjsip_names = None
        self._pj_effs = None
        self._local.clear()
        self._ident_items.clear()
        self._is_wiz.clear()
        self._ep_ident.clear()
        self._ident_eps.clear()
        self._exp_idents = None         # the expansion may have been refreshed in place
        self._local_at.clear()
        self._ident_dirty.clear()
        self._overlaps = None
        self._wiz_list = None
        self._wiz_global = None
        self._clean.clear()
        self._clean_shapes.clear()
        self._dirty = None
        return self._collect()

    def is_wizard(self, eff) -> bool:
        got = self._is_wiz.get(id(eff))
        if got is None:
            got = self._is_wiz[id(eff)] = eff.is_wizard
        return got

    def wizard_sections(self) -> list:
        if self._wiz_list is None:
            out = []
            if self.wizard is not None:
                known = self._is_wiz        # mostly filled by the section checks
                for e in self.wizard.sections:
                    got = known.get(id(e))
                    if got is None:
                        got = known[id(e)] = e.is_wizard
                    if got:
                        out.append(e)
            self._wiz_list = out
        return self._wiz_list

    def recheck(self, sections: Iterable, *, expansion=None) -> list[Problem]:
        """Re-run local checks for ``sections`` (Effective objects that changed) and the
        global ones; other sections' results come from the cache of the last run.
        Pass the new ``expansion`` when the UI has re-expanded the wizards."""
        sections = list(sections)
        pjsip_changed = False
        for eff in sections:
            if self.pjsip is not None and eff.model is self.pjsip:
                pjsip_changed = True
            old = (self._is_wiz.get(id(eff)), self._sig.get(id(eff)))
            self._local.pop(id(eff), None)
            self._wizards.pop(id(eff), None)
            if self._readings is not None:
                self._readings.pop(id(eff), None)
            items = self._ident_items.pop(id(eff), None)
            self._ident_dirty.setdefault(id(eff), (eff, items))
            self._is_wiz.pop(id(eff), None)
            self._ep_ident.pop(id(eff), None)
            if old != (self.is_wizard(eff), eff.name) or id(eff) not in self._sig:
                self._wiz_list = None       # wizard membership or a name changed
                self._wiz_global = None
            self._sig[id(eff)] = eff.name
        if expansion is not None:
            self.expansion = expansion
            self._wizards.clear()
            self._readings = None
        names_version = getattr(self.expansion, "names_version", 0)
        if pjsip_changed or names_version != self._names_version:
            # pjsip.conf objects decide collisions, references and transports of every
            # wizard (and its lines may have moved); an object name that appeared or
            # went changes what references anywhere resolve to: check everything again
            return self.run()
        # The expansion may have been refreshed in place and values edited in place
        # (same Option objects): names of generated objects and "no problem" verdicts
        # keyed on entry identities are stale.  Only the edited sections re-run their
        # rules, so forgetting the memo costs nothing elsewhere.
        self._names = None
        self._exp_idents = None
        self._clean.clear()
        self._clean_shapes.clear()
        self._dirty = sections
        return self._collect()

    # ---------------------------------------------------------------- plumbing
    def _collect(self) -> list[Problem]:
        with paused_gc():       # many small acyclic objects: see pjtui/_gc.py
            return self._collect_all()

    def _collect_all(self) -> list[Problem]:
        out: list[Problem] = list(self.notes)
        out += self._file_level()
        local = self._local
        if self.pjsip is not None:
            for eff in self._pjsip_objects_all():
                out += self._local_cached(eff, self._pjsip_section)
            out += self._pjsip_global()
        dirty, self._dirty = self._dirty, None
        if self.wizard is not None:
            section = self._wizard_section
            at = self._local_at
            shifted = False
            layout = _layout(self.wizard)
            if dirty is not None and layout is not None and layout == self._layout:
                # No edit since the last collect added or removed a line, so no section
                # moved: only the edited ones are judged again, the others' problems are
                # taken as they are.
                for eff in dirty:
                    local[id(eff)] = section(eff)
                    at[id(eff)] = _where(eff)
                out.extend(chain.from_iterable(filter(None, map(local.get, map(id, self.wizard.sections)))))
            else:
                for eff in self.wizard.sections:
                    key = id(eff)
                    got = local.get(key)
                    # an edit that adds or removes lines moves every later section: its
                    # problems (at its lines) are computed again
                    where = _where(eff)
                    if got is None or at.get(key) != where:
                        if got is not None:
                            shifted = True
                            self._ident_dirty.setdefault(key, (eff, self._ident_items.pop(key, None)))
                        got = local[key] = section(eff)
                        at[key] = where
                    if got:
                        out += got
            if layout != self._layout:
                shifted = True                  # something moved (if only an edited section)
            self._layout = layout
            if shifted:
                self._wiz_global = None         # names lines of other sections
            out += self._wizard_global()
            out += self._wizard_log(out)
        out += self._identify_overlaps()
        out += self._unidentifiable()
        seen = set()
        unique = []
        for p in out:
            k = (p.file, p.line, p.code, p.section, p.message)
            if k not in seen:
                seen.add(k)
                unique.append(p)
        unique.sort(key=Problem.sort_key)
        return unique

    def _local_cached(self, eff, fn) -> list[Problem]:
        got = self._local.get(id(eff))
        if got is None:
            got = fn(eff)
            self._local[id(eff)] = got
        return got

    # --------------------------------------------------------------- file level
    def _file_level(self) -> list[Problem]:
        out = []
        for diags in (self.wizard_diagnostics, self.pjsip_diagnostics):
            for d in diags:
                code = getattr(d, "code", "")
                if code in ("parent-missing", "append-target-missing", "missing-parent"):
                    continue        # reported from the model, with the fix
                if code == "exec-not-run":
                    out.append(Problem("exec-not-run", d.file, d.line, "",
                                       f"{d.message}: pjtui never runs #exec, so what it adds is not "
                                       "checked (Asterisk runs it only with execincludes = yes).",
                                       "Check that command's output separately."))
                    continue
                if d.fatal:
                    said = "reject" in d.message.lower()
                    out.append(Problem("syntax", d.file, d.line, "",
                                       d.message.rstrip(".") + ("." if said else ": Asterisk rejects the whole "
                                                                "file and loads nothing from it."),
                                       "Fix this line."))
                else:
                    out.append(Problem("syntax-warning", d.file, d.line, "",
                                       f"{d.message}.", "Asterisk ignores this or reads it differently."))
        if self.wizard is not None and self.pjsip is not None and self.pjsip.rejected:
            pfile = getattr(getattr(self.pjsip.source, "root", self.pjsip.source), "name", "pjsip.conf")
            wfile = getattr(getattr(self.wizard.source, "root", self.wizard.source), "name", "")
            out.append(Problem("no-context", wfile, 1, "",
                               f"{pfile} has an error that makes Asterisk reject it, so its transports and "
                               "objects are not used to check this file.", f"Run pjtui check {pfile}."))
        for model in (self.wizard, self.pjsip):
            if model is None:
                continue
            for err in model.errors:
                sec = err.section
                name = getattr(sec, "name", "")
                if err.code == "missing-parent":
                    fix = ""
                    for p in getattr(sec, "parents", ()):
                        if _earlier(model, p, sec):
                            continue
                        after = _defined_after(model, p, sec)
                        if after is not None:
                            fix += f"[{p}] is defined after it (line {after}): move it above [{name}]. "
                        else:
                            fix += f"Define [{p}] above [{name}] or remove it from the list. "
                    out.append(Problem("missing-parent", err.file, err.line, name,
                                       f"{err.message}: Asterisk rejects the whole file, every section "
                                       "included.", fix.strip()))
                else:
                    out.append(Problem("missing-append-target", err.file, err.line, name,
                                       f"{err.message}: Asterisk rejects the whole file.",
                                       f"Define [{name}] before the (+) section, or drop '(+)'."))
        return out

    # ----------------------------------------------------------- name indexes
    def _pjsip_objects_all(self) -> list:
        """Non-template pjsip.conf sections (all types, including unknown) in load order."""
        return [e for e in self.pjsip.sections] if self.pjsip is not None else []

    def pjsip_type(self, eff) -> str | None:
        t = eff.object_type
        if t is None and not eff.template and eff.name in ("global", "system"):
            return eff.name
        return t

    def names(self) -> dict[str, set[str]]:
        """Object names per type Asterisk would have: pjsip.conf objects, then the
        objects the wizard creates (from the expansion; failed ones are absent)."""
        if self._names is None:
            names = {t: set(v) for t, v in self.pjsip_names().items()}
            exp = self._expansion()
            if exp is not None:
                for obj in exp.objects:
                    names.setdefault(obj.type, set()).add(obj.name)
            self._names = names
        return self._names

    def pjsip_names(self) -> dict[str, set[str]]:
        """Object names per type of pjsip.conf alone (empty when it is rejected)."""
        if self._pjsip_names is None:
            names: dict[str, set[str]] = {}
            if self.pjsip is not None and not self.pjsip.rejected:
                for eff in self.pjsip.sections:
                    if eff.template:
                        continue
                    t = self.pjsip_type(eff)
                    if t:
                        names.setdefault(t, set()).add(eff.name)
            self._pjsip_names = names
        return self._pjsip_names

    def _exists(self, type_name: str, name: str) -> bool:
        # what names() says, without building the set of every generated object's name
        # (a re-check after one edit would rebuild it: 40,000 names at 10,000 wizards)
        if name in self.pjsip_names().get(type_name, ()):
            return True
        exp = self._expansion()
        return exp is not None and exp.get(type_name, name) is not None

    # ------------------------------------------------------- pjsip.conf checks
    def _template_type(self, eff) -> str | None:
        t = self.pjsip_type(eff)
        if t:
            return t
        for child in self._children(eff):
            ct = self.pjsip_type(child)
            if ct:
                return ct
        return None

    def _children(self, eff) -> list:
        model = self.pjsip if self.pjsip is not None and eff.model is self.pjsip else eff.model
        idx = getattr(self, "_child_index", None)
        if idx is None or idx[0] is not model:
            children: dict[int, list] = {}
            for e in model.sections:
                for p in e.parents:
                    children.setdefault(id(p), []).append(e)
            idx = (model, children)
            self._child_index = idx
        return idx[1].get(id(eff), [])

    def _pjsip_section(self, eff) -> list[Problem]:
        out: list[Problem] = _header_space(eff)
        name = eff.name
        file = _file(eff.section)
        line = eff.section.line
        t = self._template_type(eff) if eff.template else self.pjsip_type(eff)
        own = _own_ids(eff)
        if not eff.template:
            if t is None:
                if any(True for e in eff.vars if e.key.lower() != "type"):
                    out.append(Problem("no-type", file, line, name,
                                       "This section has no 'type' line, so Asterisk ignores it.",
                                       "Add type = endpoint (or aor, auth, transport...)."))
                return out
            ignored = _IGNORED_TYPES.get(t)
            if ignored is not None:
                out.append(Problem(ignored[0], file, line, name, ignored[1], ignored[2]))
                return out
            if t not in self.cat.types or self.cat.types[t].name == "wizard":
                sugg = [x for x in self.cat.types if x.lower() == t.lower() and x != "wizard"]
                if not sugg:
                    import difflib
                    sugg = difflib.get_close_matches(t.lower(), [x for x in self.cat.types if x != "wizard"], 1, 0.6)
                out.append(Problem("unknown-type", file, line, name,
                                   f"type = {t} is not an object type Asterisk knows (the value is "
                                   "case-sensitive), so it ignores this section.",
                                   _did_you_mean(sugg).strip() or "Use endpoint, aor, auth, transport, ..."))
                return out
            types = [e for e in eff.vars if e.key.lower() == "type"]
            if len({e.value for e in types}) > 1:
                later = types[-1]
                out.append(Problem("conflicting-type", _file(later), later.line, name,
                                   f"Several type lines ({', '.join(e.value for e in types)}): Asterisk "
                                   f"uses the first, so this is a {t} and the others are ignored.",
                                   "Keep one type line.", key="type"))
        if t is None or t not in self.cat.types:
            return out
        otype = self.cat.types[t]
        # own lines: names and values
        for e in eff.vars:
            opt = _own_line(e, own)
            if opt is None:
                continue
            key = e.key
            low = key.lower()
            if low == "type":
                continue
            if not otype.accepts(key):
                out.append(self._unknown_pjsip_option(t, key, opt, name))
                continue
            p = otype.param(key)
            if p is not None:
                for iss in p.validate(e.value):
                    out.append(_value_problem(iss, opt, name, key, t))
        if eff.template:
            return out
        out += self._object_rules(t, eff, file, line)
        return out

    def _unknown_pjsip_option(self, t: str, key: str, opt, section: str) -> Problem:
        sugg = self.cat.suggest(t, key)
        elsewhere = [o for o in ("endpoint", "aor", "auth", "transport", "identify", "registration")
                     if o != t and self.cat.param(o, key) is not None]
        msg = (f"'{key}' is not {_a(t)} option: Asterisk refuses to create this {t} "
               "(on reload it keeps the old one).")
        fix = _did_you_mean(sugg).strip()
        if elsewhere and not sugg:
            fix = f"'{key}' belongs to {' / '.join(elsewhere)}: move it to that section."
        return Problem("unknown-option", _file(opt), opt.line, section, msg, fix or "Remove the line.",
                       key=key)

    def _object_rules(self, t: str, eff, file: str, line: int) -> list[Problem]:
        out: list[Problem] = []
        name = eff.name
        v = eff.value

        def at(key):
            return _loc(eff, eff.find(key))

        if t == "endpoint":
            out += self._endpoint_rules(eff, name, file, line)
            out += self._refs(eff, t, name)
        elif t == "auth":
            out += auth_rules(name, eff.value, eff.find_all, file, line)
        elif t == "aor":
            for e in eff.find_all("contact"):
                for uri in split_list(e.value):
                    low = uri.lower()
                    if not (low.startswith("sip:") or low.startswith("sips:")):
                        out.append(Problem("contact-not-sip", *_loc(eff, e), name,
                                           f"contact '{uri}' is not a sip:/sips: URI, so Asterisk rejects "
                                           "this aor.", f"Write sip:{uri}.", key="contact"))
                    else:
                        out += self._uri_host_problem(uri, e, name, "contact", "aor")
            mc = parse_c_int((v("max_contacts") or "0").strip()) or 0
            if mc == 0 and not eff.find_all("contact"):
                out.append(Problem("aor-unreachable", file, line, name,
                                   "max_contacts is 0 and there is no static contact: nothing can "
                                   "register to this aor (REGISTER gets 403) and calls find no contact.",
                                   "Set max_contacts = 1 (phones) or add contact = sip:host (trunks)."))
            if mc == 1 and not is_true(v("remove_existing") or "no"):
                f, ln = at("max_contacts")
                out.append(_max_contacts_one(f, ln, name, "max_contacts", "remove_existing"))
        elif t == "transport":
            proto = (v("protocol") or "udp").lower()
            if not (v("bind") or "") and proto != "flow":
                out.append(Problem("transport-invalid", file, line, name,
                                   "This transport has no bind, so Asterisk cannot start it.",
                                   "Add bind = 0.0.0.0 (or 0.0.0.0:5060)."))
            if v("external_signaling_address") and v("external_signaling_hostname"):
                f, ln = at("external_signaling_hostname")
                out.append(Problem("transport-invalid", f, ln, name,
                                   "Both external_signaling_address and external_signaling_hostname are "
                                   "set: Asterisk rejects this transport.", "Keep only one of them."))
        elif t == "identify":
            if not v("endpoint"):
                out.append(Problem("identify-invalid", file, line, name,
                                   "This identify has no endpoint: Asterisk rejects it.",
                                   "Add endpoint = <endpoint name>."))
            matches = eff.find_all("match")
            if not (matches or v("match_header") or v("match_request_uri")):
                out.append(Problem("identify-invalid", file, line, name,
                                   "This identify matches nothing (no match, match_header or "
                                   "match_request_uri): Asterisk rejects it.",
                                   "Add match = <IP address or network of the peer>."))
            mh = eff.find("match_header")
            if mh is not None and mh.value and ":" not in mh.value:
                out.append(Problem("identify-invalid", *_loc(eff, mh), name,
                                   f"match_header '{mh.value}' has no ':' between header name and value: "
                                   "Asterisk rejects this identify.", "Write match_header = Name: value.",
                                   key="match_header"))
            for e in matches:
                for item in split_list(e.value):
                    out += self._match_item_problem(item, e, name, is_true(v("srv_lookups") or "yes"))
            out += self._refs(eff, t, name)
        elif t == "registration":
            out += registration_rules(name, v, at, file, line)
            for key in ("server_uri", "client_uri", "outbound_proxy"):
                e = eff.find(key)
                if e is not None and e.value and sip_uri_problem(e.value) is None:
                    out += self._uri_host_problem(e.value, e, name, key, t)
            out += self._refs(eff, t, name)
        elif t == "resource_list":
            if not v("event"):
                out.append(Problem("resource-list-invalid", file, line, name,
                                   "This resource_list has no event: Asterisk rejects it.",
                                   "Add event = presence (or dialog, message-summary)."))
            if not any(split_list(e.value) for e in eff.find_all("list_item")):
                out.append(Problem("resource-list-invalid", file, line, name,
                                   "This resource_list has no list_item: Asterisk rejects it.",
                                   "Add list_item = <extension or resource_list>."))
        elif t == "phoneprov":
            keys = {e.key for e in eff.vars}
            for req in ("MAC", "PROFILE"):
                if req not in keys:
                    lower = [k for k in keys if k.lower() == req.lower()]
                    out.append(Problem("phoneprov-invalid", file, line, name,
                                       f"No '{req}' variable (the name is case-sensitive): the phone is "
                                       "not provisioned.",
                                       f"Rename '{lower[0]}' to '{req}'." if lower else f"Add {req} = ..."))
            prof = eff.find("PROFILE")
            if prof is not None and self.profiles is not None and prof.value not in self.profiles:
                out.append(_profile_problem(*_loc(eff, prof), name, prof.value, self.profiles))
            out += self._refs(eff, t, name)
            ep = v("endpoint")
            if ep and self._exists("endpoint", ep):
                out += self._phoneprov_transport(ep, file, line, name)
        elif t == "global":
            order = eff.find("endpoint_identifier_order")
            if order is not None and any(x != x.strip() for x in order.value.split(",")):
                out.append(Problem("identifier-order-blanks", *_loc(eff, order), name,
                                   "endpoint_identifier_order has blanks around commas; Asterisk compares "
                                   "the names byte for byte, so only the first one is recognised and the "
                                   "others run last.", "Write it without blanks: ip,username,anonymous.",
                                   key="endpoint_identifier_order"))
            dflt = eff.find("default_outbound_endpoint")
            if dflt is not None and dflt.value and not self._exists("endpoint", dflt.value):
                out.append(Problem("default-outbound-endpoint", *_loc(eff, dflt), name,
                                   f"default_outbound_endpoint names '{dflt.value}', which is not an "
                                   "endpoint: dialling a bare URI fails.",
                                   "Name an existing endpoint.", key="default_outbound_endpoint"))
        elif t == "acl":
            pass
        return out

    def _endpoint_rules(self, eff, name: str, file: str, line: int) -> list[Problem]:
        out = []
        v = eff.value
        out += endpoint_validation(name, v, lambda k: eff.find(k), file, line, lambda e: _loc(eff, e))
        aors = split_list(v("aors") or "")
        if not aors:
            out.append(Problem("endpoint-without-aors", file, line, name,
                               "This endpoint has no aors: it can neither register (403) nor be called.",
                               "Add aors = <aor name>."))
        if not any(split_list(e.value, ",") for e in eff.find_all("allow")):
            out.append(Problem("no-codecs", file, line, name,
                               "No allow line: the endpoint has no codecs and calls cannot negotiate "
                               "media.", "Add allow = ulaw (or the codecs you use)."))
        auth = split_list(v("auth") or "")
        oauth = split_list(v("outbound_auth") or "")
        same = [a for a in auth if a in oauth]
        if same:
            e = eff.find("outbound_auth")
            out.append(_same_auth(*_loc(eff, e), name, same[0]))
        ident = [x.lower() for x in split_list(v("identify_by") or "username,ip")]
        if not auth and ("username" in ident or "auth_username" in ident):
            out.append(_unauthenticated(file, line, name, "auth = <auth name>"))
        return out

    def _refs(self, eff, t: str, name: str) -> list[Problem]:
        """Dangling references from a pjsip.conf object (values written anywhere)."""
        out = []
        if self.pjsip is not None and self.pjsip.rejected:
            return out          # Asterisk loads nothing from the file: the syntax error says it all
        otype = self.cat.types[t]
        registration_line = t == "registration" and is_true(eff.value("line") or "no")
        for key_low, p in otype.params.items():
            refs = p.object_refs
            if not refs:
                continue
            if p.is_list and p.accumulates:
                entries = eff.find_all(key_low)
            else:
                e = eff.find(key_low)
                entries = [e] if e is not None else []
            for e in entries:
                items = split_list(e.value, p.separator or ",") if p.is_list else ([e.value] if e.value else [])
                for item in items:
                    if any(self._exists(r, item) for r in refs):
                        continue
                    if t == "resource_list":
                        continue  # items may be dialplan hints, not checkable here
                    if t == "registration" and key_low == "endpoint" and not registration_line:
                        continue
                    p = self._dangling(t, key_low, item, refs[0], e, name)
                    p.file, p.line = _loc(eff, e)
                    out.append(p)
        return out

    def _dangling(self, t, key, item, ref, e, name) -> Problem:
        effects = {
            ("endpoint", "aors"): "REGISTER gets 404 and calls find no contact",
            ("endpoint", "auth"): "every request from this endpoint gets 500",
            ("endpoint", "outbound_auth"): "challenges from the peer cannot be answered",
            ("registration", "outbound_auth"): "the registrar's challenge cannot be answered",
            ("endpoint", "transport"): "every outbound request fails (Unable to retrieve PJSIP transport)",
            ("registration", "transport"): "the REGISTER cannot be sent",
            ("identify", "endpoint"): "matching requests are not identified",
            ("registration", "endpoint"): "calls on the line are not identified",
            ("phoneprov", "endpoint"): "the phone is not provisioned",
        }
        effect = effects.get((t, key), "the reference fails at run time")
        if (t, key) == ("identify", "endpoint") and self.pjsip is None:
            effect += ""
        near = _close(item, self.names().get(ref, ()))
        fix = f"Did you mean '{near}'?" if near else f"Create the {ref} [{item}] or fix the name."
        return Problem("dangling-reference", _file(e), e.line, name,
                       f"{key} names {ref} '{item}', which does not exist: {effect}.", fix, key=key)

    def _phoneprov_transport(self, ep: str, file, line, name) -> list[Problem]:
        if self.pjsip is None:
            return []
        for e in self.pjsip.sections:
            if not e.template and e.name == ep and self.pjsip_type(e) == "endpoint":
                tr = e.value("transport") or ""
                if not tr or not self._exists("transport", tr):
                    return [Problem("phoneprov-invalid", file, line, name,
                                    f"Endpoint {ep} contained invalid transport {tr}.: its transport "
                                    "must name an existing transport, else the phone is skipped.",
                                    f"Set transport on endpoint {ep}.")]
        return []

    def _match_item_problem(self, item: str, e, name: str, srv: bool) -> list[Problem]:
        if "/" in item:
            return []
        hp = parse_host_port(item)
        if hp is None:
            return []
        host, port = hp
        if not is_host_name(host):
            return []
        return [self._host_problem(host, port, e, name, "match", identify=True, srv=srv)]

    def _uri_host_problem(self, uri: str, e, name: str, key: str, t: str) -> list[Problem]:
        hp = uri_host(uri)
        if hp is None or not is_host_name(hp[0]):
            return []
        return [self._host_problem(hp[0], hp[1], e, name, key, identify=False)]

    def _host_problem(self, host, port, e, name, key, *, identify: bool, srv: bool = True,
                      file=None, line=None, wizard=False) -> Problem:
        file = file or _file(e)
        line = line or e.line
        shown = host if port is None else f"{host}:{port}"
        unresolved = self.resolver is not None and self.resolver(host, None if port is None else str(port)) is None
        if identify and unresolved:
            what = "the wizard's identify" if wizard else "this identify"
            return Problem("unresolvable-host", file, line, name,
                           f"'{shown}' does not resolve: Asterisk rejects {what} as a whole "
                           "(its other addresses included) when it loads.",
                           "Use the peer's IP address, or fix DNS.", key=key)
        if identify:
            msg = (f"'{shown}' is a host name: Asterisk resolves it when the identify is loaded"
                   + (" (once, when the wizard is applied; a plain reload does not re-resolve it)" if wizard else
                      " (again on each reload)")
                   + ", and if it does not resolve then, the whole identify is rejected.")
        else:
            msg = (f"'{shown}' is a host name, resolved each time a request is sent"
                   + (" (NAPTR/SRV, then A/AAAA, because there is no port)." if port is None else "."))
        if port is None and (srv or not identify):
            msg += f" {MUSL_NOTE}."
            fix = "Prefer the IP address, or add the :port you expect."
        else:
            fix = "Prefer the IP address if it is fixed."
        # an identify is rejected when a name does not resolve; a URI only fails at send time
        return Problem("host-name", file, line, name, msg, fix, key=key, severity=None if identify else "hint")

    def _pjsip_global(self) -> list[Problem]:
        out: list[Problem] = []
        model = self.pjsip
        seen: dict[tuple[str, str], object] = {}
        singles: dict[str, list] = {}
        transports: dict[tuple[str, str], object] = {}
        endpoints_by_aor: dict[str, list[str]] = {}
        any_transport = False
        for eff in model.sections:
            if eff.template:
                continue
            t = self.pjsip_type(eff)
            if not t or t not in self.cat.types or t in ("wizard", "contact"):
                continue
            key = (eff.name, t)
            if key in seen:
                first = seen[key]
                out.append(Problem("duplicate-object", _file(eff.section), eff.section.line, eff.name,
                                   f"A second {t} named '{eff.name}' (first at line {first.section.line}): "
                                   f"Asterisk rejects every {t} of this file.",
                                   f"Rename one of them, or merge them with [{eff.name}](+)."))
            else:
                seen[key] = eff
            if self.cat.types[t].single_object:
                singles.setdefault(t, []).append(eff)
            if t == "transport":
                any_transport = True
                bind = (eff.value("bind") or "").strip()
                proto = (eff.value("protocol") or "udp").lower()
                if bind:
                    hp = parse_host_port(bind)
                    port = hp[1] if hp and hp[1] is not None else (5061 if proto in ("tls", "wss") else 5060)
                    addr = (hp[0] if hp else bind)
                    bkey = (proto if proto not in ("ws", "wss") else "ws", f"{addr}:{port}")
                    if bkey in transports and proto not in ("ws", "wss"):
                        other = transports[bkey]
                        out.append(Problem("transport-invalid", _file(eff.section), eff.section.line, eff.name,
                                           f"Same protocol and bind ({proto} {addr}:{port}) as transport "
                                           f"'{other.name}': this one fails to start.",
                                           "Use another port or address."))
                    else:
                        transports[bkey] = eff
            if t == "endpoint":
                for a in split_list(eff.value("aors") or ""):
                    endpoints_by_aor.setdefault(a, []).append(eff.name)
        for t, effs in singles.items():
            if len(effs) > 1:
                for eff in effs[1:]:
                    out.append(Problem("duplicate-singleton", _file(eff.section), eff.section.line, eff.name,
                                       f"More than one {t} section: Asterisk rejects all {t} settings.",
                                       f"Keep a single {t} section."))
        if not any_transport and (model.sections or self.wizard is not None):
            f = getattr(model.source, "name", "") or _first_file(model)
            out.append(Problem("no-transport", f, 1, "",
                               "No transport is defined: Asterisk can neither send nor receive SIP.",
                               "Add [transport-udp] type = transport, protocol = udp, bind = 0.0.0.0."))
        for aor, eps in endpoints_by_aor.items():
            if len(eps) > 1:
                out.append(Problem("shared-aor", _first_file(model), _line_of(model, eps[1]), eps[1],
                                   f"aor '{aor}' is used by endpoints {', '.join(eps)}: they share its "
                                   "registrations.", "Give each endpoint its own aor if that is not meant."))
        return out

    # ------------------------------------------------------------ wizard checks
    def _wizard_section(self, eff) -> list[Problem]:
        out: list[Problem] = _header_space(eff)
        r = self.reading(eff)           # the expansion read exactly the wizards
        is_wizard = self._is_wiz[id(eff)] = True if r is not None else eff.is_wizard
        if is_wizard and self.memo:
            if r is not None and r.simple and r.shape in self._clean_shapes:
                # a sibling of the same shape had no problem: neither has this one
                return self._wizard_bookkeeping(eff, r, out)
        file = _file(eff.section)
        line = eff.section.line
        name = eff.name
        if not is_wizard:
            self._ident_items[id(eff)] = []     # makes no identify (see _identify_items)
        if not eff.template and not is_wizard:
            out += self._non_wizard(eff, file, line)
            return out
        if eff.template and not self._feeds_wizard(eff):
            return out
        own = _own_ids(eff)
        lines_from = len(out)
        verdicts = self._line_verdicts
        matters = self._value_keys
        # Only the section's own lines are judged (an inherited one is judged at the
        # template's line).  When the list starts with the parent's, those entries are
        # skipped outright, and stand for themselves in the rules' memo signature.
        start = _inherited_len(eff)
        vars_ = eff.vars
        sig: list | None = ([(_PARENT_LIST, id(eff.parents[0]))] if start else []) \
            if is_wizard and self.memo else None
        for i in range(start, len(vars_)):
            e = vars_[i]
            if type(e) is not Appended:
                if id(e.section) not in own:
                    if sig is not None:
                        sig.append(id(e))
                    continue
                opt = e
            else:
                opt = _own_line(e, own)
            key = e.key
            if opt is not None:
                m = matters.get(key)
                if m is None:
                    m = self._value_matters(key)
                vkey = (key, e.value) if m else key
                got = verdicts.get(vkey)
                if got is None:
                    got = verdicts[vkey] = tuple(self._wizard_line(e, opt, ""))
                for p in got:
                    out.append(Problem(p.code, _file(opt), opt.line, name, p.message, p.fix, p.key, p.severity))
            if sig is not None:
                sig.append(_sig_part(key.lower(), e.value, name))
        if is_wizard:
            w = self.view(eff)
            named = False
            if sig is not None:
                # what _wizard_rules depends on when it finds nothing (see _sig_part)
                pt = w.w.passthrough
                if pt.get("inbound_auth") and pt.get("outbound_auth"):
                    sig = None                  # same-auth-in-out compares the values
                else:
                    if w.flag("sends_registrations"):
                        sig.append(name)        # ${USERNAME} may be the name in URIs
                        named = True
                    sig = tuple(sig)
            if sig is None or sig not in self._clean:
                found = self._wizard_rules(w, file, line)
                if not found and sig is not None:
                    self._clean.add(sig)
                out += found
            if sig is not None and not named and len(out) == lines_from and w.w.simple:
                # the shape holds all the signature holds (and the lines' verdict keys)
                self._clean_shapes.add(w.w.shape)
            return self._wizard_bookkeeping(eff, w.w, out)
        return out

    def _wizard_bookkeeping(self, eff, r, out: list[Problem]) -> list[Problem]:
        """What every wizard section adds, with or without problems of its own: the
        identify it does not make, name collisions with pjsip.conf, identify_by.
        ``r``: its wizard reading."""
        flags = r.flags()
        if flags[_ACCEPTS_REG] or flags[_SENDS_LINE]:
            self._ident_items[id(eff)] = []     # no identify (see _identify_items)
        out += self._collisions(eff)
        e = r._plast.get("endpoint/identify_by")
        if e is not None:
            user = r._plast.get("inbound_auth/username") if flags[_ACCEPTS_AUTH] else None
            self._ep_ident[id(eff)] = (eff, e, user)
        return out

    def _value_matters(self, key: str) -> bool:
        got = self._value_keys.get(key)
        if got is None:
            wo = self.cat.wizard_option(key)
            got = wo.param is not None and wo.param.checks_values
            self._value_keys[key] = got
        return got

    def _collisions(self, eff) -> list[Problem]:
        """Objects wizard ``eff`` makes that pjsip.conf already has (they are hidden)."""
        if self.pjsip is None:
            return []
        pj = self.pjsip_names()
        if _GENERATED_TYPES.isdisjoint(pj):
            return []                   # pjsip.conf has no object of a type wizards make
        out = []
        w = self.view(eff)
        for t, n in generated_objects(w):
            if n not in pj.get(t, ()):
                continue
            other = self._pjsip_eff(t, n)
            where = f" (line {other.section.line} of {_file(other.section)})" if other else ""
            out.append(Problem("wizard-collision", _file(eff.section), eff.section.line, eff.name,
                               f"pjsip.conf already has {_a(t)} named '{n}'{where}: Asterisk uses that one "
                               f"and this wizard's {t} is hidden.", "Rename the wizard or the pjsip.conf object."))
            if other is not None:
                out.append(Problem("wizard-collision", _file(other.section), other.section.line, n,
                                   f"The wizard [{eff.name}] in {_file(eff.section)} also makes {_a(t)} named "
                                   f"'{n}': this one wins and the wizard's is hidden.", "Rename one of them."))
        return out

    def _pjsip_eff(self, t: str, name: str):
        index = self._pj_effs
        if index is None:
            index = {}
            for e in self.pjsip.sections:
                if not e.template:
                    index.setdefault((self.pjsip_type(e), e.name), e)
            self._pj_effs = index
        return index.get((t, name))

    def _feeds_wizard(self, eff) -> bool:
        """A template whose lines reach a wizard (it says type = wizard, or a child is one)."""
        if any(e.value == "wizard" and "type" in e.key for e in eff.vars):
            return True
        stack, seen = [eff], set()
        while stack:
            cur = stack.pop()
            for ch in self._children(cur):
                if id(ch) in seen:
                    continue
                seen.add(id(ch))
                if ch.is_wizard:
                    return True
                stack.append(ch)
        return False

    def _non_wizard(self, eff, file, line) -> list[Problem]:
        name = eff.name
        for e in eff.vars:
            if e.value.lower() == "wizard" and "type" in e.key.lower():
                return [Problem("not-a-wizard", _file(e), e.line, name,
                                f"'{e.key} = {e.value}' does not make a wizard: Asterisk wants a name "
                                "containing lower-case 'type' and the value exactly 'wizard', so it "
                                "ignores this section without a message.", "Write type = wizard.",
                                key=e.key)]
        if not eff.vars or eff.missing_parents:
            return []
        t = eff.object_type
        what = f"a type = {t} section" if t else "a section without type = wizard"
        return [Problem("ignored-in-wizard-file", file, line, name,
                        f"This is {what}; Asterisk reads only wizards from pjsip_wizard.conf and ignores "
                        "it.", "Move it to pjsip.conf, or add type = wizard." if t else
                        "Add type = wizard, or make it a template with (!).")]

    def _wizard_line(self, e, opt, section: str) -> list[Problem]:
        key = e.key
        file = _file(opt)
        line = opt.line
        wo = self.cat.wizard_option(key)
        if wo.prefix is not None:
            if not wo.suffix:
                return [Problem("empty-prefix", file, line, section,
                                f"'{key}' has nothing after the slash; Asterisk ignores it.",
                                "Remove the line or add the parameter name.", key=key)]
            target = self.cat.types[wo.target_type]
            if wo.target_type == "phoneprov":
                if wo.suffix.lower() in ("mac", "profile") and wo.suffix not in ("MAC", "PROFILE"):
                    return [Problem("phoneprov-invalid", file, line, section,
                                    f"'{key}': phoneprov variable names are case-sensitive and the "
                                    f"provider needs '{wo.suffix.upper()}', so the phone is not provisioned.",
                                    f"Write {wo.prefix}/{wo.suffix.upper()}.", key=key)]
                return []
            if wo.suffix.lower() == "type":
                return []
            if not target.accepts(wo.suffix):
                sugg = self.cat.suggest(wo.target_type, wo.suffix)
                obj = {"inbound_auth": "inbound auth", "outbound_auth": "outbound auth"}.get(wo.prefix, wo.prefix)
                return [Problem("unknown-option", file, line, section,
                                f"'{wo.suffix}' is not {_a(wo.target_type)} option: Asterisk refuses to "
                                f"create this wizard's {obj}.",
                                (_did_you_mean([f"{wo.prefix}/{s}" for s in sugg]).strip()
                                 or "Remove the line."), key=key)]
            if wo.param is not None:
                return [_value_problem(iss, opt, section, key, wo.target_type) for iss in wo.param.validate(e.value)]
            return []
        if wo.param is not None:          # a wizard option
            if wo.param.name == "type":
                return []
            return [_value_problem(iss, opt, section, key, "wizard") for iss in wo.param.validate(e.value)]
        # unknown name
        if "/" in key:
            prefix = key[: key.index("/")]
            if prefix.lower() in WIZARD_PREFIXES:
                return [Problem("prefix-case", file, line, section,
                                f"'{key}': the prefix must be lower-case '{prefix.lower()}/'; Asterisk drops "
                                "this line without a message.", f"Write {prefix.lower()}/{key[len(prefix) + 1:]}.",
                                key=key)]
            import difflib
            near = difflib.get_close_matches(prefix.lower(), list(WIZARD_PREFIXES), 1, 0.6)
            return [Problem("unknown-prefix", file, line, section,
                            f"'{prefix}/' is not a wizard prefix; Asterisk ignores '{key}' without a message.",
                            (f"Did you mean '{near[0]}/'?" if near else
                             "Use endpoint/, aor/, inbound_auth/, outbound_auth/, identify/, registration/ "
                             "or phoneprov/."), key=key)]
        if "type" in key:
            return []
        owners = [t for t in ("endpoint", "aor", "identify", "registration") if self.cat.param(t, key)]
        if self.cat.param("auth", key):
            owners += ["inbound_auth", "outbound_auth"]
        sugg = [x for x in self.cat.suggest("wizard", key) if not x.endswith("/")]
        if owners and key.lower() not in ("transport", "outbound_proxy"):
            return [Problem("unprefixed-option", file, line, section,
                            f"'{key}' is not a wizard option; Asterisk ignores it without a message.",
                            "Did you mean " + " or ".join(f"'{o}/{key}'" for o in owners[:3]) + "?", key=key)]
        return [Problem("unknown-option", file, line, section,
                        f"'{key}' is not a wizard option; Asterisk ignores it without a message.",
                        _did_you_mean(sugg).strip() or "Remove the line.", key=key)]

    def _wizard_rules(self, w: WizardView, file: str, line: int) -> list[Problem]:
        out: list[Problem] = []
        name = w.name

        own = _own_ids(w.eff)

        def at(entry):
            """An own line where the value is written, else the wizard's header line."""
            if entry is not None:
                opt = _own_line(entry, own)
                if opt is not None:
                    return _file(opt), opt.line
            return file, line

        def opt_at(option):
            return at(w.opt(option))

        hosts = w.hosts
        sends_auth = w.flag("sends_auth")
        accepts_auth = w.flag("accepts_auth")
        sends_reg = w.flag("sends_registrations")
        sends_line = w.flag("sends_line_with_registrations")
        accepts_reg = w.flag("accepts_registrations")
        has_pp = w.flag("has_phoneprov")
        ouser = w.last("outbound_auth", "username")
        iuser = w.last("inbound_auth", "username")
        # Z4 / Z5
        if sends_auth and ouser is None:
            f, ln = opt_at("sends_auth")
            out.append(Problem("wizard-sends-auth-no-username", f, ln, name,
                               f"Wizard '{name}' must have 'outbound_auth/username' if it sends_auth: "
                               f"Asterisk creates neither {name}-oauth nor {name}-iauth, and the endpoint "
                               "names an auth that does not exist.", "Add outbound_auth/username (and "
                               "outbound_auth/password).", key="sends_auth"))
            if sends_reg and hosts:     # without hosts the remote_hosts error comes first
                out.append(Problem("wizard-sends-auth-no-username", f, ln, name,
                                   f"Wizard '{name}' must have 'outbound_auth/username' if it sends "
                                   "authentication: no registration is created.",
                                   "Add outbound_auth/username.", key="sends_auth"))
        if accepts_auth and iuser is None:
            f, ln = opt_at("accepts_auth")
            out.append(Problem("wizard-accepts-auth-no-username", f, ln, name,
                               f"Wizard '{name}' must have 'inbound_auth/username' if it accepts_auth: "
                               f"{name}-iauth is not created and every request from the endpoint gets 500.",
                               "Add inbound_auth/username and inbound_auth/password.", key="accepts_auth"))
        # generated auths must be complete
        if sends_auth and ouser is not None:
            out += self._wizard_auth(w, "outbound_auth", f"{name}-oauth", file, line)
        if accepts_auth and iuser is not None and not (sends_auth and ouser is None):
            out += self._wizard_auth(w, "inbound_auth", f"{name}-iauth", file, line)
        # Z6
        for prefix, flag in (("outbound_auth", sends_auth), ("inbound_auth", accepts_auth)):
            ents = w.w.passthrough.get(prefix)
            if ents and not flag:
                opt = "sends_auth" if prefix == "outbound_auth" else "accepts_auth"
                f, ln = at(ents[0].source)
                out.append(Problem("wizard-unused-auth", f, ln, name,
                                   f"{prefix}/ values are given but {opt} is not yes, so the auth is not "
                                   "created and they are unused.", f"Set {opt} = yes, or remove them.",
                                   key=ents[0].source.key))
        # Z3 / Z2
        if not accepts_reg and not sends_line and not hosts:
            out.append(Problem("wizard-identify-no-hosts", file, line, name,
                               f"Wizard '{name}' must have 'remote_hosts' if it doesn't accept "
                               f"registrations: no {name}-identify is created, so requests from the peer "
                               "are not matched by address.",
                               "Add remote_hosts = <peer address>, or accepts_registrations = yes for a "
                               "phone."))
        if sends_reg and not hosts:
            f, ln = opt_at("sends_registrations")
            out.append(Problem("wizard-sends-registrations-no-hosts", f, ln, name,
                               f"Wizard '{name}' must have 'remote_hosts' if it sends registrations: no "
                               "registration is created.", "Add remote_hosts = <registrar host>.",
                               key="sends_registrations"))
        # Z7 / Z8 / max_contacts = 1
        mc_e = w.last("aor", "max_contacts")
        mc = parse_c_int(mc_e.value.strip()) if mc_e is not None else 0
        if accepts_reg and not mc:
            f, ln = opt_at("accepts_registrations")
            out.append(Problem("wizard-registrations-refused", f, ln, name,
                               "accepts_registrations = yes but aor/max_contacts is not set above 0: Asterisk "
                               f"answers every REGISTER to '{name}' with 403.",
                               "Add aor/max_contacts = 1 (and aor/remove_existing = yes).",
                               key="accepts_registrations"))
        if accepts_reg and not accepts_auth:
            f, ln = opt_at("accepts_registrations")
            if not w.last("endpoint", "auth"):
                out.append(Problem("wizard-registrations-unauthenticated", f, ln, name,
                                   "accepts_registrations = yes without accepts_auth: anyone can register "
                                   f"as '{name}' without a password.",
                                   "Set accepts_auth = yes with inbound_auth/username and password.",
                                   key="accepts_registrations"))
        if accepts_reg and accepts_auth and iuser is not None and iuser.value and iuser.value != name:
            f, ln = at(iuser)
            out.append(Problem("register-user", f, ln, name,
                               f"The phone must use '{name}' as its SIP user (From/To of the REGISTER: the "
                               f"aor is '{name}') and '{iuser.value}' only as the authentication name; a phone "
                               f"set up with user '{iuser.value}' is not identified (404 or 401).",
                               f"Configure the phone with user {name}, auth name {iuser.value}.",
                               key=iuser.key))
        if mc == 1:
            rm = w.last("aor", "remove_existing")
            if rm is None or not is_true(rm.value):
                f, ln = at(mc_e)
                out.append(_max_contacts_one(f, ln, name, "aor/max_contacts", "aor/remove_existing"))
        # Z9 / Z11
        if sends_line and not sends_reg:
            f, ln = opt_at("sends_line_with_registrations")
            out.append(Problem("wizard-line-without-registrations", f, ln, name,
                               "sends_line_with_registrations without sends_registrations: no identify and "
                               "no line, so calls from the peer are not identified.",
                               "Set sends_registrations = yes, or remove sends_line_with_registrations.",
                               key="sends_line_with_registrations"))
        if sends_reg and not sends_line:
            for p in ("endpoint", "line"):
                e = w.last("registration", p)
                if e is not None and (p == "endpoint" or is_true(e.value)):
                    f, ln = at(e)
                    out.append(Problem("wizard-line-options", f, ln, name,
                                       f"registration/{p} without sends_line_with_registrations: Asterisk "
                                       "rejects every registration of this wizard.",
                                       "Use sends_line_with_registrations = yes instead.", key=e.key))
        # Z10 overridden pass-through values
        out += self._overridden(w, sends_auth, accepts_auth, sends_reg, sends_line, accepts_reg, has_pp)
        # Z12 / Z13 / Z14 remote_hosts
        rh = w.opt("remote_hosts")
        if rh is not None:
            out += self._remote_hosts(w, rh, sends_reg, accepts_reg or sends_line)
        # registrations: URIs
        if sends_reg and hosts and not (sends_auth and ouser is None):
            out += self._wizard_registrations(w, file, line)
        # host names in URIs the wizard passes on (resolved when a request is sent)
        for prefix, param in (("aor", "contact"), ("endpoint", "outbound_proxy"), ("aor", "outbound_proxy"),
                              ("registration", "outbound_proxy"), ("registration", "server_uri")):
            for e in w.entries(prefix, param):
                for uri in split_list(e.value):
                    hp = uri_host(uri)
                    if hp is not None and is_host_name(hp[0]):
                        f, ln = at(e)
                        out.append(self._host_problem(hp[0], hp[1], e, name, e.key, identify=False,
                                                      file=f, line=ln))
        op = w.opt("outbound_proxy")
        if op is not None:
            hp = uri_host(op.value)
            if hp is not None and is_host_name(hp[0]):
                f, ln = at(op)
                out.append(self._host_problem(hp[0], hp[1], op, name, "outbound_proxy", identify=False,
                                              file=f, line=ln))
        # Z15 patterns
        for pat in ("contact_pattern", "server_uri_pattern", "client_uri_pattern"):
            e = w.opt(pat)
            if e is None or e.value == "":
                continue
            import re
            names = re.findall(r"\$\{([^}]*)\}", e.value)
            allowed = {"REMOTE_HOST"} if pat == "contact_pattern" else {"REMOTE_HOST", "USERNAME"}
            bad = [n for n in names if n not in allowed]
            if bad:
                out.append(Problem("wizard-pattern", *_loc(w.eff, e), name,
                                   f"{pat} uses ${{{bad[0]}}}, which the wizard does not define there: it "
                                   "becomes a dialplan global variable or empty.",
                                   f"Use only {', '.join('${%s}' % a for a in sorted(allowed))}.", key=e.key))
            elif "REMOTE_HOST" not in names and len(hosts) > 1:
                out.append(Problem("wizard-pattern", *_loc(w.eff, e), name,
                                   f"{pat} has no ${{REMOTE_HOST}}: every remote host gets the same value.",
                                   "Add ${REMOTE_HOST}.", key=e.key))
        # Z18 phoneprov
        if has_pp:
            out += self._wizard_phoneprov(w, file, line)
        # Z19 hints
        hx = w.opt("hint_exten")
        hx_set = hx is not None and hx.value != ""
        if w.flag("has_hint") and not hx_set:
            f, ln = opt_at("has_hint")
            out.append(Problem("wizard-hint", f, ln, name, "has_hint = yes without hint_exten: no hint is "
                               "created.", "Add hint_exten = <extension>.", key="has_hint"))
        if hx_set and not w.flag("has_hint"):
            out.append(Problem("wizard-hint", *_loc(w.eff, hx), name,
                               "hint_exten is set but has_hint is not yes: no hint is created (the endpoint "
                               "still gets @hint_* values).", "Set has_hint = yes.", key="hint_exten"))
        app = w.opt("hint_application")
        if app is not None and app.value and hx_set and w.flag("has_hint"):
            val = app.value
            if "(" in val and (not val.endswith(")") or val.index("(") == 0 or val.endswith("()")):
                out.append(Problem("wizard-hint", *_loc(w.eff, app), name,
                                   f"hint_application '{val}' is not App(args): Asterisk fails to add it "
                                   "(Failed to add hint).", "Write it as App(args), e.g. Dial(${HINT}).",
                                   key="hint_application"))
        # endpoint level (generated endpoint)
        ep_auth = [] if accepts_auth else split_list((w.last("endpoint", "auth") or _NoEntry).value)
        ep_oauth = [] if sends_auth else split_list((w.last("endpoint", "outbound_auth") or _NoEntry).value)
        same = [a for a in ep_auth if a in ep_oauth]
        if same:
            f, ln = at(w.last("endpoint", "outbound_auth"))
            out.append(_same_auth(f, ln, name, same[0]))
        if accepts_auth and sends_auth and iuser is not None and ouser is not None:
            ip = w.last("inbound_auth", "password")
            op = w.last("outbound_auth", "password")
            if iuser.value == ouser.value and ip is not None and op is not None and ip.value == op.value:
                f, ln = at(ouser)
                out.append(Problem("same-auth-in-out", f, ln, name,
                                   "inbound_auth and outbound_auth have the same username and password: the "
                                   "peer must answer our challenge with the credentials we send it.",
                                   "Usually a trunk needs only sends_auth and a phone only accepts_auth.",
                                   key=ouser.key))
        if not w.entries("endpoint", "allow"):
            out.append(Problem("no-codecs", file, line, name,
                               "No endpoint/allow: the endpoint has no codecs and calls cannot negotiate "
                               "media.", "Add endpoint/allow = ulaw (or your codecs), e.g. in a template."))
        ident = w.last("endpoint", "identify_by")
        ident_v = [x.lower() for x in split_list(ident.value if ident is not None else "username,ip")]
        has_auth = accepts_auth or bool(w.last("endpoint", "auth"))
        if not has_auth and ("username" in ident_v or "auth_username" in ident_v):
            out.append(_unauthenticated(file, line, name, "accepts_auth = yes with inbound_auth/, or "
                                        "endpoint/identify_by = ip for a trunk"))
        # endpoint validation on the generated endpoint's pass-through values
        def ep_value(k, d=None):
            e = w.last("endpoint", k)
            return d if e is None else e.value

        if w.passes_any(_ENDPOINT_VALIDATED_KEYS):
            out += endpoint_validation(name, ep_value, lambda k: w.last("endpoint", k), file, line,
                                       lambda e: _loc(w.eff, e))
        # references written by the user into generated objects
        out += self._wizard_refs(w, file, line)
        return out

    def _wizard_auth(self, w: WizardView, prefix: str, obj: str, file, line) -> list[Problem]:
        def value(k, d=None):
            e = w.last(prefix, k)
            return d if e is None else e.value

        def find_all(k):
            return w.entries(prefix, k)

        probs = auth_rules(obj, value, find_all, file, line, wizard=w.name, prefix=prefix)
        for p in probs:
            p.section = w.name
        return probs

    def _overridden(self, w: WizardView, sends_auth, accepts_auth, sends_reg, sends_line, accepts_reg,
                    has_pp) -> list[Problem]:
        if not w.passes_any(_OVERRIDABLE_KEYS):
            return []
        rules = [("endpoint", "aors", True, f"aors = {w.name}"),
                 ("endpoint", "transport", w.opt("transport") is not None, "the wizard's transport"),
                 ("endpoint", "outbound_proxy", w.opt("outbound_proxy") is not None, "the wizard's outbound_proxy"),
                 ("endpoint", "auth", accepts_auth, f"auth = {w.name}-iauth"),
                 ("endpoint", "outbound_auth", sends_auth, f"outbound_auth = {w.name}-oauth"),
                 ("aor", "outbound_proxy", w.opt("outbound_proxy") is not None, "the wizard's outbound_proxy"),
                 ("identify", "endpoint", True, f"endpoint = {w.name}"),
                 ("phoneprov", "endpoint", True, f"endpoint = {w.name}"),
                 ("registration", "server_uri", (w.value("server_uri_pattern", "x") != ""), "server_uri_pattern"),
                 ("registration", "client_uri", (w.value("client_uri_pattern", "x") != ""), "client_uri_pattern"),
                 ("registration", "outbound_auth", sends_auth, f"outbound_auth = {w.name}-oauth"),
                 ("registration", "transport", w.opt("transport") is not None, "the wizard's transport"),
                 ("registration", "outbound_proxy", w.opt("outbound_proxy") is not None, "the wizard's outbound_proxy"),
                 ("registration", "line", sends_line, "line = yes"),
                 ("registration", "endpoint", sends_line, f"endpoint = {w.name}")]
        out = []
        for prefix, param, cond, by in rules:
            if not cond:
                continue
            for e in w.entries(prefix, param):
                out.append(Problem("overridden-by-wizard", *_loc(w.eff, e), w.name,
                                   f"{e.key} has no effect: the wizard sets {by} after it.",
                                   f"Remove {e.key}" + (f" and set {by.split(' ')[-1]} instead."
                                                        if by.startswith("the wizard") else "."), key=e.key))
        return out

    def _remote_hosts(self, w: WizardView, rh, sends_reg: bool, no_identify: bool) -> list[Problem]:
        out = []
        name = w.name
        f, ln = _loc(w.eff, rh)
        explicit_match = bool(w.entries("identify", "match"))
        seen_hosts = set()
        for i, host in enumerate(w.hosts):
            if host == "":
                out.append(Problem("wizard-bad-remote-host", f, ln, name,
                                   f"remote_hosts item {i + 1} is empty (doubled or trailing comma): the aor "
                                   "gets the contact 'sip:'"
                                   + (f" and {name}-reg-{i} fails (Invalid server URI 'sip:'), so no later "
                                      "host gets a registration either." if sends_reg else "."),
                                   "Remove the extra comma.", key="remote_hosts"))
                continue
            bad = None
            if host.lower().startswith(("sip:", "sips:")):
                bad = "starts with sip: (the wizard adds it)"
            elif ";" in host:
                bad = "has ;parameters, which cannot be an identify match"
            elif any(c in host for c in " \t"):
                bad = "contains a blank"
            if bad:
                tail = (f"; {name}-reg-{i} gets an invalid URI and fails, so no later host gets a "
                        "registration either" if sends_reg else "")
                out.append(Problem("wizard-bad-remote-host", f, ln, name,
                                   f"remote_hosts item '{host}' {bad}{tail}.",
                                   "Write only host or host:port.", key="remote_hosts"))
                continue
            hp = parse_host_port(host)
            if hp is None:
                out.append(Problem("wizard-bad-remote-host", f, ln, name,
                                   f"remote_hosts item '{host}' is not host or host:port.",
                                   "Write only host or host:port.", key="remote_hosts"))
                continue
            h, port = hp
            if h in seen_hosts:
                continue
            seen_hosts.add(h)
            identify = not no_identify and not explicit_match
            if port is not None and identify:
                out.append(Problem("wizard-port-specific-match", f, ln, name,
                                   f"'{host}' has a port, so the identify matches only requests from source "
                                   f"port {port}.", "Drop the port if the peer may send from other ports.",
                                   key="remote_hosts"))
            if is_host_name(h):
                out.append(self._host_problem(h, port, rh, name, "remote_hosts", identify=identify,
                                              wizard=True))
        return out

    def _wizard_registrations(self, w: WizardView, file, line) -> list[Problem]:
        out = []
        name = w.name
        username = (w.last("outbound_auth", "username").value if w.flag("sends_auth") else name)
        hosts = w.hosts
        for which in ("server_uri", "client_uri"):
            pat_e = w.opt(f"{which}_pattern")
            default = "sip:${REMOTE_HOST}" if which == "server_uri" else "sip:${USERNAME}@${REMOTE_HOST}"
            pattern = pat_e.value if pat_e is not None else default
            if pattern == "":
                user = w.last("registration", which)
                if user is None or not user.value:
                    word = "server" if which == "server_uri" else "client"
                    out.append(Problem("wizard-empty-uri-pattern", *_loc(w.eff, pat_e), name,
                                       f"{which}_pattern is empty and there is no registration/{which}: "
                                       f"No {word} URI specified on outbound registration '{name}-reg-0', so "
                                       "no registration is created.",
                                       f"Remove the empty {which}_pattern, or add registration/{which}.",
                                       key=pat_e.key))
                    continue
                uris = [(i, user.value) for i in range(len(hosts))]
                src = user
            else:
                uris = [(i, pattern.replace("${REMOTE_HOST}", h).replace("${USERNAME}", username))
                        for i, h in enumerate(hosts)]
                src = pat_e if pat_e is not None else w.opt("remote_hosts")
            for i, uri in uris:
                host = hosts[i]
                if host == "" or " " in host or "\t" in host:
                    continue    # reported on remote_hosts
                why = sip_uri_problem(uri) if "${" not in uri else None
                if why:
                    out.append(Problem("registration-invalid", *_loc(w.eff, src), name,
                                       f"{which} '{uri}' of {name}-reg-{i} {why}: Asterisk rejects it and "
                                       "creates no later registration.", f"Fix {src.key}.", key=src.key))
                    break
        return out

    def _wizard_phoneprov(self, w: WizardView, file, line) -> list[Problem]:
        out = []
        name = w.name
        f, ln = _loc(w.eff, w.opt("has_phoneprov"))
        ents = w.entries("phoneprov")
        keys = {e.key[len("phoneprov/"):] for e in ents}
        if not any(k.lower() == "mac" for k in keys):
            out.append(Problem("phoneprov-invalid", f, ln, name,
                               f"Wizard '{name}' must have 'phoneprov/MAC' if it has_phoneprov: no "
                               f"{name}-phoneprov is created.", "Add phoneprov/MAC = <the phone's MAC>.",
                               key="has_phoneprov"))
            return out
        if not any(k.lower() == "profile" for k in keys):
            out.append(Problem("phoneprov-invalid", f, ln, name,
                               "No phoneprov/PROFILE: res_phoneprov cannot provision the phone.",
                               "Add phoneprov/PROFILE = <profile of phoneprov.conf>.", key="has_phoneprov"))
        prof = w.last("phoneprov", "profile")
        if prof is not None and prof.key.endswith("PROFILE") and self.profiles is not None \
                and prof.value not in self.profiles:
            out.append(_profile_problem(*_loc(w.eff, prof), name, prof.value, self.profiles))
        tr = w.value("transport")
        if tr is None:
            e = w.last("endpoint", "transport")
            tr = e.value if e is not None else ""
        if not tr:
            out.append(Problem("phoneprov-invalid", f, ln, name,
                               f"Endpoint {name} contained invalid transport .: has_phoneprov needs a "
                               "transport, so the phone is never provisioned.",
                               "Add transport = <transport of pjsip.conf>.", key="has_phoneprov"))
        elif self.pjsip is not None and not self._exists("transport", tr):
            out.append(Problem("phoneprov-invalid", f, ln, name,
                               f"Endpoint {name} contained invalid transport {tr}.: the phone is not "
                               "provisioned.", "Name a transport defined in pjsip.conf.", key="has_phoneprov"))
        return out

    def _wizard_refs(self, w: WizardView, file, line) -> list[Problem]:
        out = []
        name = w.name
        checks = []
        tr = w.opt("transport")
        if tr is not None and tr.value:
            checks.append((tr, "transport", [tr.value], "endpoint", "transport"))
        else:
            e = w.last("endpoint", "transport")
            if e is not None and e.value:
                checks.append((e, "transport", [e.value], "endpoint", "transport"))
        if not w.flag("accepts_auth"):
            e = w.last("endpoint", "auth")
            if e is not None:
                checks.append((e, "auth", split_list(e.value), "endpoint", "auth"))
        if not w.flag("sends_auth"):
            e = w.last("endpoint", "outbound_auth")
            if e is not None:
                checks.append((e, "auth", split_list(e.value), "endpoint", "outbound_auth"))
            e = w.last("registration", "outbound_auth")
            if e is not None and w.flag("sends_registrations"):
                checks.append((e, "auth", split_list(e.value), "registration", "outbound_auth"))
        for entry, ref, items, t, key in checks:
            if ref == "transport" and (self.pjsip is None or self.pjsip.rejected):
                continue
            for item in items:
                if not self._exists(ref, item):
                    p = self._dangling(t, key, item, ref, entry, name)
                    p.key = entry.key
                    p.file, p.line = _loc(w.eff, entry)
                    out.append(p)
        return out

    def _wizard_global(self) -> list[Problem]:
        if self._wiz_global is None:
            self._wiz_global = self._wizard_duplicates()
        return self._wiz_global

    def _wizard_duplicates(self) -> list[Problem]:
        out: list[Problem] = []
        self._sig = {id(e): e.name for e in self.wizard.sections}
        by_name: dict[str, list] = {}
        for group in self.wizard.sharing_names():      # only these can hold two of a name
            for eff in group:
                if self.is_wizard(eff):
                    by_name.setdefault(eff.name, []).append(eff)
        for n, effs in by_name.items():
            if len(effs) > 1:
                for eff in effs[1:]:
                    out.append(Problem("wizard-duplicate", _file(eff.section), eff.section.line, n,
                                       f"A second wizard [{n}] (first at line {effs[0].section.line}): they are "
                                       "not merged; this one replaces the first one's objects.",
                                       f"Merge them, or use [{n}](+) to add to the first."))
        return out

    def _wizard_log(self, found: list[Problem]) -> list[Problem]:
        """Every ERROR Asterisk logs while expanding (wizard.expand) that no specific
        check explains becomes a ``wizard-error`` on its wizard, in Asterisk's words."""
        exp = self._expansion()
        if exp is None or exp.rejected or not any(log.level == "ERROR" for log in exp.log):
            return []
        by_section: dict[str, set[str]] = {}
        by_line: dict[tuple[str, int], set[str]] = {}
        for p in found:
            if p.severity == "error":
                by_section.setdefault(p.section, set()).add(p.code)
                by_line.setdefault((p.file, p.line), set()).add(p.code)
        effs = {}
        for eff in self.wizard_sections():
            effs.setdefault(eff.name, eff)
        out = []
        for log in exp.log:
            if log.level != "ERROR" or any(f in log.message for f in _LOG_FOLLOW_UPS):
                continue
            wname = log.wizard
            eff = effs.get(wname)
            if eff is None:
                continue
            codes = ()
            for needle, cs in _LOG_CODES:
                if needle in log.message:
                    codes = cs
                    break
            if codes and by_section.get(wname, set()) & set(codes):
                continue                        # a specific check already says it on this wizard
            entry = log.entry
            text = log.message
            if text.endswith(" of") and " at line " in text:
                text = text[:text.rindex(" at line ")]     # config_options.c names no file for wizards
            hf, hl = _file(eff.section), eff.section.line
            if entry is not None and codes:
                f, ln = _file(entry), entry.line
                if by_line.get((f, ln), set()) & set(codes):
                    # explained at a template's line: say on the wizard that it inherits it
                    code = next(c for c in codes if c in by_line[(f, ln)])
                    out.append(Problem(code, hf, hl, wname,
                                       f"inherits {entry.key} = {entry.value} (line {ln}), so Asterisk logs: "
                                       f"{text}.", f"Fix line {ln} of {os.path.basename(f)}.",
                                       key=entry.key, severity="error"))
                    continue
            f, ln = (_file(entry), entry.line) if entry is not None else (hf, hl)
            out.append(Problem("wizard-error", f, ln, wname,
                               f"Asterisk logs: {text}", "See the lines of this wizard."))
        return out

    # ------------------------------------------------------------ identify overlaps
    def _identify_overlaps(self) -> list[Problem]:
        """R15 over every identify; after a re-check the last result is reused when the
        re-checked sections' identify items did not change (the usual value edit)."""
        cache = self._ident_items
        dirty = self._ident_dirty
        last = self._overlaps
        if last is not None:
            same = True
            for key, (eff, old) in dirty.items():
                got = cache.get(key)
                if got is None:
                    kind = "pjsip" if self.pjsip is not None and eff.model is self.pjsip else "wizard"
                    got = cache[key] = self._identify_items(eff, kind)
                if got != old:
                    same = False
                    break
            if same:
                dirty.clear()
                return last
        dirty.clear()
        self._overlaps = self._identify_overlaps_all()
        return self._overlaps

    def _identify_overlaps_all(self) -> list[Problem]:
        nets = []
        names: dict[str, list] = {}
        cache = self._ident_items
        for model, kind in ((self.pjsip, "pjsip"), (self.wizard, "wizard")):
            if model is None:
                continue
            for eff in model.sections:
                got = cache.get(id(eff))
                if got is None:
                    got = cache[id(eff)] = self._identify_items(eff, kind)
                if got:
                    for item in got:
                        if item[0] == "net":
                            nets.append(item[1])
                        else:
                            names.setdefault(item[1], []).append(item[2])
        return self._overlap_problems(nets, names)

    def _unidentifiable(self) -> list[Problem]:
        """R17/R18: endpoints whose identify_by leaves no way to select them."""
        idents: set[str] = set()
        auths: dict[str, str] = {}
        if self.pjsip is not None and not self.pjsip.rejected:
            for eff in self.pjsip.sections:
                if eff.template:
                    continue
                t = self.pjsip_type(eff)
                if t == "identify":
                    idents.add(eff.value("endpoint") or "")
                elif t == "registration" and is_true(eff.value("line") or ""):
                    # The 'line' identifier runs before identify_by's and ignores it.
                    idents.add(eff.value("endpoint") or "")
                elif t == "auth":
                    auths.setdefault(eff.name, eff.value("username") or "")
        exp = self._expansion()
        if exp is not None:
            cached = self._exp_idents
            if cached is None or cached[0] is not exp:
                found = set()
                known = self._ident_eps
                for obj in exp.of_type("identify"):
                    got = known.get(id(obj))
                    if got is None or got[0] is not obj:
                        ep = obj.value("endpoint")
                        got = known[id(obj)] = (obj, ep if isinstance(ep, str) else "")
                    found.add(got[1])
                for obj in exp.of_type("registration"):
                    got = known.get(id(obj))
                    if got is None or got[0] is not obj:
                        line, ep = obj.value("line"), obj.value("endpoint")
                        # sends_line_with_registrations: selected by the line identifier
                        sel = ep if isinstance(line, str) and is_true(line) and isinstance(ep, str) else None
                        got = known[id(obj)] = (obj, sel)
                    if got[1] is not None:
                        found.add(got[1])
                cached = self._exp_idents = (exp, found)
            idents |= cached[1]
        out = []

        def judge(name, ident_entry, first_auth_user, loc):
            ident = [x.lower() for x in split_list(ident_entry.value)]
            f, ln = loc
            if "auth_username" in ident and first_auth_user is not None and first_auth_user != name:
                out.append(Problem("auth-username-mismatch", f, ln, name,
                                   f"identify_by has auth_username, but the auth's username is "
                                   f"'{first_auth_user}', not '{name}': that identifier looks the endpoint up "
                                   "by the digest username, so it never selects this one.",
                                   f"Use the username '{name}', or identify by username/ip.",
                                   key=ident_entry.key))
            if not {"username", "auth_username"} & set(ident) and name not in idents:
                out.append(Problem("unidentifiable-endpoint", f, ln, name,
                                   f"identify_by = {ident_entry.value} but no identify object points to "
                                   f"'{name}': requests from it are never matched to this endpoint.",
                                   "Add an identify (remote_hosts for a wizard), or include username in "
                                   "identify_by.", key=ident_entry.key))

        if self.pjsip is not None and not self.pjsip.rejected:
            for eff in self.pjsip.sections:
                if eff.template or self.pjsip_type(eff) != "endpoint":
                    continue
                e = eff.find("identify_by")
                if e is None:
                    continue
                first = next(iter(split_list(eff.value("auth") or "")), None)
                judge(eff.name, e, auths.get(first) if first else None, _loc(eff, e))
        for eff, e, user in self._ep_ident.values():
            judge(eff.name, e, user.value if user is not None else None, _loc(eff, e))
        return out

    def _identify_items(self, eff, kind: str) -> list:
        """Parsed match items of the identify a section is or makes (cached per section)."""
        raw = []
        if eff.template:
            return raw
        if kind == "pjsip":
            if self.pjsip_type(eff) != "identify":
                return raw
            ep = eff.value("endpoint") or ""
            for e in eff.find_all("match"):
                for it in split_list(e.value):
                    raw.append((it, eff.name, ep, e))
        else:
            if not self.is_wizard(eff):
                return raw
            w = self.view(eff)
            if w.flag("accepts_registrations") or w.flag("sends_line_with_registrations"):
                return raw
            matches = w.entries("identify", "match")
            if matches:
                for e in matches:
                    for it in split_list(e.value):
                        raw.append((it, f"{eff.name}-identify", eff.name, e))
            else:
                rh = w.opt("remote_hosts")
                for h in w.hosts:
                    if h:
                        raw.append((h, f"{eff.name}-identify", eff.name, rh))
        out = []
        for it, ident, ep, e in raw:
            parsed = _MATCH_ITEMS.get(it)
            if parsed is None:
                parsed = _parse_match_item(it)
                if len(_MATCH_ITEMS) < 65536:   # the same addresses recur over many trunks
                    _MATCH_ITEMS[it] = parsed
            if parsed is _NO_MATCH:
                continue
            f, ln = _loc(eff, e)
            if parsed[0] == "name":
                out.append(("name", parsed[1], (parsed[2], ident, ep, f, ln, eff.name)))
            else:
                out.append(("net", parsed[1] + (ident, ep, f, ln, eff.name, it)))
        return out

    def _overlap_problems(self, nets: list, names: dict) -> list[Problem]:
        out = []
        reported = set()

        def report(a, b, what):
            # a: earlier-sorting identify name wins
            win, lose = (a, b) if a[1] <= b[1] else (b, a)
            key = (lose[1], win[1])
            if key in reported or a[2] == b[2]:
                return
            reported.add(key)
            out.append(Problem("identify-overlap", lose[3], lose[4], lose[5],
                               f"{what} is also matched by identify '{win[1]}' (endpoint '{win[2]}'), whose "
                               f"name sorts first, so requests from it go to '{win[2]}', not '{lose[2]}'.",
                               "Make the matches disjoint, or rename the identify that should win."))

        # a port-less match sorts before any port of the same range (None < int raises)
        nets.sort(key=lambda n: (n[:3], -1 if n[3] is None else n[3], n[4:]))
        active: list = []
        for n in nets:
            ver, start, end, port = n[0], n[1], n[2], n[3]
            active = [a for a in active if a[0] == ver and a[2] >= start]
            for a in active:
                if a[3] is None or port is None or a[3] == port:
                    report((None, a[4], a[5], a[6], a[7], a[8]), (None, n[4], n[5], n[6], n[7], n[8]),
                           f"'{n[9]}'")
            active.append(n)
            if len(active) > 64:
                active.sort(key=lambda a: -a[2])
                active = active[:64]
        for host, lst in names.items():
            for i in range(1, len(lst)):
                for j in range(i):
                    a, b = lst[j], lst[i]
                    if a[0] is None or b[0] is None or a[0] == b[0]:
                        report((None, a[1], a[2], a[3], a[4], a[5]), (None, b[1], b[2], b[3], b[4], b[5]),
                               f"host '{host}'")
        return out


_NO_MATCH = ("none",)
_MATCH_ITEMS: dict[str, tuple] = {}


def _parse_match_item(it: str) -> tuple:
    """An identify match item: ("net", (version, first, last, port)), ("name", lower-case
    host, port) or _NO_MATCH (unusable)."""
    import ipaddress

    port = None
    if "/" in it:
        addr, mask = it.split("/", 1)
        try:
            net = ipaddress.ip_network(f"{addr.strip()}/{mask.strip()}", strict=False)
        except ValueError:
            return _NO_MATCH
    else:
        hp = parse_host_port(it)
        if hp is None:
            return _NO_MATCH
        host, port = hp
        try:
            net = ipaddress.ip_network(host)
        except ValueError:
            return ("name", host.lower(), port)
    return ("net", (net.version, int(net.network_address), int(net.broadcast_address), port))


def _diagnostics(model) -> list:
    if model is None:
        return []
    return list(getattr(model.source, "diagnostics", ()) or ())


class _NoEntryType:
    value = ""


_NoEntry = _NoEntryType()


# ------------------------------------------------------------- shared rule helpers

def generated_objects(w: WizardView) -> list[tuple[str, str]]:
    """(type, name) of the objects a wizard creates (those that fail are left out).

    Only the naming rules of wizard-expansion.md §4, for collisions and references; the
    full expansion (parameters, apply order) lives in :mod:`pjtui.pjsip.wizard`."""
    name = w.name
    out = [("endpoint", name), ("aor", name)]
    sends_auth = w.flag("sends_auth")
    oauth_ok = not sends_auth or w.last("outbound_auth", "username") is not None
    if sends_auth and oauth_ok:
        out.append(("auth", f"{name}-oauth"))
    if w.flag("accepts_auth") and oauth_ok and w.last("inbound_auth", "username") is not None:
        out.append(("auth", f"{name}-iauth"))
    hosts = w.hosts
    if not w.flag("accepts_registrations") and not w.flag("sends_line_with_registrations") and hosts:
        out.append(("identify", f"{name}-identify"))
    if w.flag("sends_registrations") and hosts and oauth_ok:
        for i, h in enumerate(hosts):
            if h == "" or any(c in h for c in " \t"):
                break
            out.append(("registration", f"{name}-reg-{i}"))
    if w.flag("has_phoneprov") and any(e.key[len("phoneprov/"):].lower() == "mac" for e in w.entries("phoneprov")):
        out.append(("phoneprov", f"{name}-phoneprov"))
    return out


def _value_problem(iss, opt, section: str, key: str, type_name: str) -> Problem:
    if iss.severity == "error":
        code = "bad-value"
        what = "the wizard's " + type_name if "/" in key else "this " + type_name
        msg = f"{key} = {opt.value}: {iss.message}; Asterisk refuses to create {what}."
        fix = "Correct the value."
    elif "octal" in iss.message:
        code = "octal-value"
        msg = f"{key} = {opt.value}: {iss.message}."
        fix = "Remove the leading 0."
    else:
        code = "bool-value"
        msg = f"{key}: {iss.message}."
        fix = ""
    return Problem(code, _file(opt), opt.line, section, msg, fix, key=key)


def _max_contacts_one(file, line, name, mc_key, rm_key) -> Problem:
    return Problem("max-contacts-one", file, line, name,
                   f"{mc_key} = 1 without {rm_key} = yes: when the phone registers again with a new "
                   "contact (reboot, new IP) before the old one expires, Asterisk refuses the REGISTER.",
                   f"Add {rm_key} = yes.", key=mc_key)


def _same_auth(file, line, name, auth) -> Problem:
    return Problem("same-auth-in-out", file, line, name,
                   f"auth '{auth}' is used both to challenge the peer (auth) and to answer its "
                   "challenges (outbound_auth): both sides must then share one password, which is rarely "
                   "what is meant.", "Use separate auths, or only one direction.", key="outbound_auth")


def _unauthenticated(file, line, name, fix) -> Problem:
    return Problem("unauthenticated-username", file, line, name,
                   f"No auth and identify_by includes username: any device that puts '{name}' in its "
                   "From header is accepted as this endpoint without a password.", f"Add {fix}.")


def _profile_problem(file, line, name, profile, profiles) -> Problem:
    return Problem("phoneprov-invalid", file, line, name,
                   f"Could not look up profile '{profile}' - skipping.: phoneprov.conf has no such "
                   "profile, so the phone is not provisioned.",
                   f"Use one of: {', '.join(sorted(profiles)) or '(none defined)'}.", key="PROFILE")


def auth_rules(name, value, find_all, file, line, *, wizard: str | None = None,
               prefix: str = "") -> list[Problem]:
    out = []
    pre = f"{prefix}/" if prefix else ""
    atype = (value("auth_type") or "userpass").lower()
    if not value("username"):
        out.append(Problem("auth-incomplete", file, line, name,
                           f"auth '{name}' has no username: Asterisk rejects it.", f"Add {pre}username.",
                           key=f"{pre}username"))
    if atype == "google_oauth":
        missing = [k for k in ("refresh_token", "oauth_clientid", "oauth_secret") if not value(k)]
        if missing:
            out.append(Problem("auth-incomplete", file, line, name,
                               f"auth '{name}' uses google_oauth but lacks {', '.join(missing)}: Asterisk "
                               "rejects it.", f"Add {pre}{missing[0]}.", key=f"{pre}{missing[0]}"))
    elif not (value("password") or value("md5_cred") or any(e.value for e in find_all("password_digest"))):
        out.append(Problem("auth-incomplete", file, line, name,
                           f"{name}: No plain text or digest password found for algorithm MD5: Asterisk "
                           "rejects this auth" + (" and the endpoint names an auth that does not exist."
                                                  if wizard else "."),
                           f"Add {pre}password.", key=f"{pre}password"))
    return out


def registration_rules(name, v, at, file, line) -> list[Problem]:
    out = []
    for key, word in (("server_uri", "server"), ("client_uri", "client")):
        val = v(key)
        if not val:
            out.append(Problem("registration-invalid", file, line, name,
                               f"No {word} URI specified on outbound registration '{name}': Asterisk rejects "
                               "it.", f"Add {key} = sip:..."))
            continue
        why = sip_uri_problem(val)
        if why:
            f, ln = at(key)
            out.append(Problem("registration-invalid", f, ln, name,
                               f"Invalid {word} URI '{val}' specified on outbound registration '{name}' (it "
                               f"{why}): Asterisk rejects it.", "Write sip:host or sip:user@host.", key=key))
    line_on = is_true(v("line") or "no")
    if line_on and not v("endpoint"):
        f, ln = at("line")
        out.append(Problem("registration-invalid", f, ln, name,
                           "line = yes requires endpoint: Asterisk rejects this registration.",
                           "Add endpoint = <endpoint name>.", key="line"))
    if v("endpoint") and not line_on:
        f, ln = at("endpoint")
        out.append(Problem("registration-invalid", f, ln, name,
                           "An endpoint has been specified without enabling line support: Asterisk rejects "
                           "this registration.", "Add line = yes, or remove endpoint.", key="endpoint"))
    return out


def endpoint_validation(name, v, find, file, line, loc=None) -> list[Problem]:
    """pjsip_configuration.c load-time checks (each rejects the endpoint)."""
    out = []

    def at(k):
        e = find(k)
        if loc is not None:
            return loc(e)
        return (_file(e), e.line) if e is not None else (file, line)

    def num(k, d):
        val = v(k)
        if val is None:
            return d
        n = parse_c_int(val.strip())
        return n

    min_se = num("timers_min_se", 90)
    sess = num("timers_sess_expires", 1800)
    if min_se is not None and min_se < 90:
        f, ln = at("timers_min_se")
        out.append(Problem("endpoint-invalid", f, ln, name, f"timers_min_se = {min_se} is below 90: Asterisk "
                           "rejects the endpoint.", "Use 90 or more.", key="timers_min_se"))
    elif min_se is not None and sess is not None and sess < min_se:
        f, ln = at("timers_sess_expires")
        out.append(Problem("endpoint-invalid", f, ln, name, f"timers_sess_expires ({sess}) is below "
                           f"timers_min_se ({min_se}): Asterisk rejects the endpoint.",
                           "Raise timers_sess_expires.", key="timers_sess_expires"))
    start = num("rtp_port_start", 0)
    end = num("rtp_port_end", 0)
    if start is not None and end is not None and (start or end):
        f, ln = at("rtp_port_start" if start else "rtp_port_end")
        if not (start and end):
            out.append(Problem("endpoint-invalid", f, ln, name, "Only one of rtp_port_start / rtp_port_end is "
                               "set: Asterisk rejects the endpoint.", "Set both or neither."))
        elif start < 1024 or end < 1024:
            out.append(Problem("endpoint-invalid", f, ln, name, "rtp_port_start/rtp_port_end below 1024: "
                               "Asterisk rejects the endpoint.", "Use ports from 1024 up."))
        elif end <= start:
            out.append(Problem("endpoint-invalid", f, ln, name, "rtp_port_end is not above rtp_port_start: "
                               "Asterisk rejects the endpoint.", "Make rtp_port_end larger."))
    pco = v("preferred_codec_only")
    icop = v("incoming_call_offer_pref")
    if pco is not None and is_true(pco) and icop is not None and icop.strip().lower() != "local":
        f, ln = at("preferred_codec_only")
        out.append(Problem("endpoint-invalid", f, ln, name, "preferred_codec_only = yes together with "
                           f"incoming_call_offer_pref = {icop}: Asterisk rejects the endpoint.",
                           "Use one of the two.", key="preferred_codec_only"))
    return out


def _close(item: str, names) -> str | None:
    import difflib

    low = {n.lower(): n for n in names}
    if item.lower() in low:
        return low[item.lower()]
    if len(low) > 2000:
        return None
    hit = difflib.get_close_matches(item.lower(), list(low), 1, 0.8)
    return low[hit[0]] if hit else None


def _earlier(model, pname: str, sec) -> bool:
    for e in model.sections:
        if e.section is sec:
            return False
        if e.name.lower() == pname.lower():
            return True
    return False


def _defined_after(model, pname: str, sec) -> int | None:
    after = False
    for e in model.sections:
        if e.section is sec:
            after = True
            continue
        if after and e.name.lower() == pname.lower():
            return e.section.line
    return None


def _first_file(model) -> str:
    for e in model.sections:
        return _file(e.section)
    return getattr(model.source, "name", "") or ""


def _line_of(model, name: str) -> int:
    for e in model.sections:
        if e.name == name:
            return e.section.line
    return 1


# ------------------------------------------------------------------ files on disk

class Report:
    """Result of :func:`check_paths`."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.unreadable: list[tuple[str, str]] = []   # (path, message)
        self.files: list[str] = []                    # files whose problems are reported
        self.context: dict[str, str] = {}             # checked file -> partner file read

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.errors else 0


def file_kind(path: str, config=None) -> str:
    """'wizard' for pjsip_wizard.conf (or a file whose sections are wizards), else 'pjsip'."""
    base = os.path.basename(path).lower()
    if "wizard" in base:
        return "wizard"
    if base.startswith("pjsip"):
        return "pjsip"
    if config is not None:
        from pjtui.pjsip.model import build

        m = build(config)
        wiz = sum(1 for e in m.sections if e.is_wizard)
        typed = sum(1 for e in m.sections if not e.template and e.object_type not in (None, "wizard"))
        return "wizard" if wiz > typed else "pjsip"
    return "pjsip"


def read_profiles(path: str) -> set[str] | None:
    """Profile names of a phoneprov.conf (every section but [general]); None if unreadable."""
    from pjtui.conf import parse
    from pjtui.conf.loader import LoadError, read_config_bytes

    try:
        doc = parse(read_config_bytes(path), path)
    except LoadError:
        return None
    return {s.name for s in doc.sections if not s.template and s.name.lower() != "general"}


def check_paths(paths: list[str], *, pjsip: str | None = None, hosts: str | None = None,
                confdir: str | None = None, phoneprov: str | None = None) -> Report:
    """Check files as Asterisk would load them, each with its context.

    A pjsip_wizard.conf is checked with the pjsip.conf beside it (or ``pjsip``), and a
    pjsip.conf with the pjsip_wizard.conf beside it; the phoneprov.conf beside them, when
    present, supplies the profile names; ``hosts`` (a hosts(5) file) decides which host
    names resolve.  Only problems in the named files (and their includes) are reported.
    """
    from pjtui.conf.loader import LoadError, load
    from pjtui.pjsip.model import build

    report = Report()
    resolver = hosts_file_resolver(hosts) if hosts else None
    loaded: dict[str, object] = {}

    def get(path):
        key = os.path.abspath(path)
        if key not in loaded:
            try:
                loaded[key] = load(key, confdir)
            except LoadError as exc:
                loaded[key] = exc
        return loaded[key]

    given = []
    for path in paths:
        cfg = get(path)
        if isinstance(cfg, LoadError):
            report.unreadable.append((path, str(cfg)))
            continue
        given.append((path, cfg, file_kind(path, cfg)))
    wizard_given = [g for g in given if g[2] == "wizard"]
    pjsip_given = [g for g in given if g[2] == "pjsip"]
    if pjsip:
        pcfg = get(pjsip)
        if isinstance(pcfg, LoadError):
            report.unreadable.append((pjsip, str(pcfg)))
            pcfg = None
    else:
        pcfg = None
    for path, cfg, kind in given:
        notes: list[Problem] = []
        directory = os.path.dirname(os.path.abspath(path))
        if kind == "wizard":
            wcfg = cfg
            other = pcfg
            if other is None and pjsip_given:
                other = pjsip_given[0][1]
            if other is None and not pjsip:
                beside = os.path.join(directory, "pjsip.conf")
                if os.path.isfile(beside):
                    got = get(beside)
                    other = None if isinstance(got, LoadError) else got
            if other is None:
                notes.append(Problem("no-context", cfg.root.name, 1, "",
                                     "No pjsip.conf was read with this file, so transports and name "
                                     "collisions with pjsip.conf objects are not checked.",
                                     "Put pjsip.conf beside it or pass --pjsip FILE."))
            pj = other
        else:
            pj = cfg
            wcfg = wizard_given[0][1] if wizard_given else None
            if wcfg is None:
                beside = os.path.join(directory, "pjsip_wizard.conf")
                if os.path.isfile(beside) and os.path.abspath(beside) != os.path.abspath(path):
                    got = get(beside)
                    wcfg = None if isinstance(got, LoadError) else got
        if wcfg is not None and pj is not None:
            report.context[path] = (pj if kind == "wizard" else wcfg).root.name
        pp = phoneprov or os.path.join(directory, "phoneprov.conf")
        profiles = read_profiles(pp) if os.path.isfile(pp) else None
        wmodel = build(wcfg) if wcfg is not None else None
        pmodel = build(pj) if pj is not None else None
        checker = Checker(wmodel, pmodel, resolver=resolver, profiles=profiles,
                          wizard_diagnostics=wcfg.diagnostics if wcfg is not None else (),
                          pjsip_diagnostics=pj.diagnostics if pj is not None else (), notes=notes)
        mine = set(cfg.documents)
        report.files.append(path)
        for p in checker.run():
            if p.file in mine:
                report.problems.append(p)
    shown = {}
    for path in paths:
        shown[os.path.abspath(path)] = path
    seen = set()
    unique = []
    for p in report.problems:
        p.file = shown.get(p.file, p.file)
        k = (p.file, p.line, p.code, p.section, p.message)
        if k not in seen:
            seen.add(k)
            unique.append(p)
    report.problems = unique
    return report


def beside(path: str, kind: str) -> str | None:
    """The partner file Asterisk reads with ``path``: pjsip.conf for a wizard file and
    pjsip_wizard.conf for a pjsip.conf, in the same directory, when it exists."""
    name = "pjsip.conf" if kind == "wizard" else "pjsip_wizard.conf"
    other = os.path.join(os.path.dirname(os.path.abspath(path)), name)
    if os.path.isfile(other) and os.path.abspath(other) != os.path.abspath(path):
        return other
    return None


def load_context(path: str, *, pjsip: str | None = None, confdir: str | None = None):
    """(kind, wizard Config | None, pjsip Config | None) for ``path`` and its partner.
    Raises :class:`pjtui.conf.loader.LoadError` when ``path`` (or ``pjsip``) can't be read;
    an unreadable partner found beside it is skipped."""
    from pjtui.conf.loader import LoadError, load

    cfg = load(path, confdir)
    kind = file_kind(path, cfg)
    partner = pjsip if (pjsip and kind == "wizard") else beside(path, kind)
    other = None
    if partner:
        try:
            other = load(partner, confdir)
        except LoadError:
            if partner == pjsip:
                raise
    return (kind, cfg, other) if kind == "wizard" else (kind, other, cfg)
