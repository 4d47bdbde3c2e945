"""pjsip_wizard.conf: which sections are wizards, how they are read, what Asterisk makes of them.

Built on :mod:`pjtui.pjsip.model`; follows ``shared/spec/wizard-expansion.md`` and the
golden cases (Asterisk ``res_pjsip_config_wizard.c``).  No Textual, no tomlkit.

Quick reference
---------------
::

    from pjtui.conf import parse
    from pjtui.pjsip.model import build
    from pjtui.pjsip.wizard import expand, read_wizard

    model = build(parse(data, "pjsip_wizard.conf"))
    w = read_wizard(eff)               # how one wizard section is read (no expansion)
    w.option("transport")              # -> Setting(name, value, entry|None, default)
    w.is_true("sends_auth")
    w.passthrough["endpoint"]          # sequence of Param(param, value, entry), W order, prefix removed
    w.has("inbound_auth", "username")  # passed through? (prefix exact, name any case)
    w.ignored                          # [(entry, reason)]: silently ignored by Asterisk
    w.settings_view()                  # every wizard option: value or default, and the line
    w.remote_hosts                     # list[str] as the wizard splits them

    exp = expand(model, pjsip=None, resolver=None, profiles=None)
    exp.objects        # list[WizObject] as Asterisk exports them (type order, then name)
    exp.hints          # list[Hint]
    exp.log            # list[LogLine] every WARNING/ERROR Asterisk logs, in its words
    exp.wizards        # list[Wizard] in file order
    exp.rejected       # the file is invalid: nothing is created

    obj.type, obj.name, obj.wizard (Wizard)
    obj.params         # list[Param(key, value, source)] in Asterisk's apply order (built on
                       # first use: existence, errors and hints are known without it)
    obj.overridden()   # per param: replaced by a later one (single-valued names)?
    obj.fields()       # {key: value or [values]}: the object after apply (last wins, lists add up)
    exp.get(type, name), exp.of_wizard(name), exp.of_type(type), exp.hint_lines()
    exp.refresh(model.refresh([section]))   # after an edit: ~1 ms instead of a new expand()
                                            # (False: call expand() again)

    pjsip_objects(pjsip_model)  # ([PjsipObject(type, name, eff)], log): what pjsip.conf loads
    obj.added          # phoneprov only: Param list the phoneprov provider appended

``Param.source`` is either a model entry (a pass-through line: a conf Option or
:class:`~pjtui.pjsip.model.Appended`) or a :class:`Derived` saying which wizard
rule produced the value and from which lines (``Derived.entries``) or default
(``Derived.default``).

Optional context, all offline:

* ``pjsip``: a :class:`~pjtui.pjsip.model.Model` of pjsip.conf.  Its objects hide
  same-named wizard objects of the same type (§7), its transports feed the
  phoneprov provider, its endpoints/auths win name look-ups.  Without it, every
  named transport is assumed to exist (bind port 5060/5061 by protocol default).
* ``resolver(host, port) -> list[str] | None``: resolves identify host names; None
  (the default) treats every name as resolvable.  Return None for "does not
  resolve" and, optionally, set ``resolver.error_text`` for the getaddrinfo text.
* ``profiles``: the phoneprov.conf profile names; None skips that check.

Cost (10,000 wizards of benchmarks/bench.py, CPU): 0.1-0.15 s, about 0.3x
configparser's parse of the same file.  How:

* Plans.  Each reading records its *shape*: the base reading (the template's) and,
  for each line after it, what anything downstream reads of it (by value, by "empty or
  not", or "is it the wizard's name" for inbound_auth/username; see ``_shape_mode``).
  The first wizard of a shape that goes through cleanly and makes only objects whose
  parameters are built on demand leaves a plan; later wizards of that shape get the
  same objects under their own names without the handlers (``_Expander.run``).
  tests/test_wizard_plans.py compares against expansions with plans switched off.
* Laziness.  Pass-through lists, parameter lists, each type's sorted order,
  ``objects`` and ``hints`` are made when first asked for.
* A pass-through list is validated once (a template's list once for all its
  children, a child's only on its own lines), names once per type, values only for
  kinds that can fail.
* ``expand`` runs with the collector paused (pjtui/_gc.py); what it made goes straight
  to the oldest generation afterwards, unwalked.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from typing import Callable, NamedTuple

from pjtui._gc import paused_gc
from pjtui.pjsip.catalogue import WIZARD_PREFIXES, catalogue, is_true
from pjtui.pjsip.model import Appended, Effective, Model, file_of

__all__ = [
    "EXPORT_TYPE_ORDER", "PREFIXES", "WIZARD_OPTIONS",
    "Derived", "Expansion", "Hint", "LogLine", "Param", "Setting", "WizObject", "Wizard",
    "expand", "read_wizard", "split_remote_hosts", "substitute", "pjsip_objects",
    "PjsipObject", "format_value",
]

#: Wizard-level options and their defaults (None: unset).  §3.
WIZARD_OPTIONS: dict[str, str | None] = {
    "type": None,
    "transport": None,
    "remote_hosts": None,
    "outbound_proxy": None,
    "sends_auth": "no",
    "accepts_auth": "no",
    "sends_registrations": "no",
    "sends_line_with_registrations": "no",
    "accepts_registrations": "no",
    "has_phoneprov": "no",
    "server_uri_pattern": "sip:${REMOTE_HOST}",
    "client_uri_pattern": "sip:${USERNAME}@${REMOTE_HOST}",
    "contact_pattern": "sip:${REMOTE_HOST}",
    "has_hint": "no",
    "hint_context": None,
    "hint_exten": None,
    "hint_application": None,
}

#: Pass-through prefixes (case-sensitive) -> object type (shared with the catalogue).
PREFIXES: dict[str, str] = WIZARD_PREFIXES

#: Type order of Asterisk's export (module registration order).
EXPORT_TYPE_ORDER = ("auth", "endpoint", "aor", "identify", "registration", "phoneprov")
_TYPE_RANK = {t: i for i, t in enumerate(EXPORT_TYPE_ORDER)}

WIZ_C = "res_pjsip_config_wizard.c"


# ----------------------------------------------------------------- records
class Setting(NamedTuple):
    name: str
    value: str | None          # effective value (the default when nothing sets it)
    entry: object | None       # the winning model entry, None when defaulted
    default: str | None        # the wizard default


class Derived(NamedTuple):
    """A value the wizard computed itself."""

    rule: str                  # e.g. "wizard name", "transport", "contact_pattern"
    entries: tuple = ()        # model entries it came from (wizard options)
    default: str | None = None  # the wizard default used, when no line set it


class Param(NamedTuple):
    key: str
    value: str
    source: object             # model entry (pass-through) or Derived


class LogLine(NamedTuple):
    level: str                 # "ERROR" | "WARNING"
    source: str                # Asterisk source file, e.g. "res_pjsip_config_wizard.c"
    message: str
    wizard: str | None = None  # wizard section name it is about
    entry: object | None = None  # the line it is about, when one is known

    def __str__(self) -> str:
        return f"{self.level}: {self.source}: {self.message}"


class Hint(NamedTuple):
    exten: str
    context: str
    device: str                # "PJSIP/ID"
    application: str | None    # "Dial(${HINT})" style text, None without priority 1
    wizard: str

    def lines(self) -> list[str]:
        out = [f"{self.exten}@{self.context} => {self.device}"]
        if self.application is not None:
            out.append(f"{self.exten}@{self.context},1 => {self.application}")
        return out


class WizObject:
    """One object the wizard creates (auth, aor, endpoint, identify, registration, phoneprov).

    ``params`` is built on first use: deciding whether an object exists does not
    need its parameter list, and the preview only looks at a few wizards."""

    __slots__ = ("type", "name", "wizard", "_params", "_added", "hidden_by")

    def __init__(self, type_: str, name: str, wizard: "Wizard", params=None):
        """``params``: the list, or ``f(obj) -> list`` to build it on first use (the
        expansion's own objects: functions of the object alone, see _auth_params)."""
        self.type = type_
        self.name = name
        self.wizard = wizard
        self._params = params
        self._added: list[Param] | None = None  # see added
        self.hidden_by = None             # pjsip.conf Effective of the same type and name

    @property
    def params(self) -> list[Param]:
        """Parameters in Asterisk's apply order."""
        params = self._params
        if params.__class__ is not list:
            params = self._params = params(self) if params is not None else []
        return params

    @property
    def maker(self):
        """The function that will build ``params``, or None once they are built."""
        params = self._params
        return None if params.__class__ is list or params is None else params

    def __repr__(self) -> str:
        return f"<WizObject {self.type} {self.name!r} {len(self.params)} params>"

    @property
    def added(self) -> list[Param]:
        """Parameters the phoneprov provider appended (empty for other types).  The
        list is made on first use: 30,000 objects of other types need none."""
        added = self._added
        if added is None:
            added = self._added = []
        return added

    @added.setter
    def added(self, value: list[Param]) -> None:
        self._added = value

    def all_params(self) -> list[Param]:
        added = self._added
        return self.params + added if added else self.params

    def overridden(self) -> list[bool]:
        """Per entry of ``params``: True when a later parameter of the same name
        replaces it (single-valued parameters; names compare case-insensitively).
        Lines of parameters that accumulate (``allow``, ``contact``, ``match``…) and
        phoneprov variables are never replaced.  A pass-through ``type`` line counts
        as replaced: the object's type is fixed and ignores it."""
        params = self.params
        out = [False] * len(params)
        if self.type == "phoneprov":
            return out
        t = catalogue().type(self.type)
        seen: set[str] = set()
        for i in range(len(params) - 1, -1, -1):
            key = params[i][0]
            low = key if key.startswith("@") else key.lower()
            if low == "type":
                out[i] = True
                continue
            spec = t.param(low) if t is not None else None
            if spec is not None and spec.accumulates:
                continue
            if low in seen:
                out[i] = True
            else:
                seen.add(low)
        return out

    def fields(self) -> dict:
        """The object's fields after Asterisk applied ``params`` in order: the last
        value wins, except for parameters whose repeated lines accumulate (a list).
        Keys are lower-cased (objects look names up case-insensitively), except for
        ``@`` keys and phoneprov variables, which keep their spelling."""
        return fold(self.type, self.all_params())

    def value(self, key: str):
        """``fields()[key]`` (None when unset), without folding every parameter when
        the name is single-valued: the last parameter of that name wins."""
        if self.type == "phoneprov":
            return self.fields().get(key)
        low = key.lower()
        t = catalogue().type(self.type)
        spec = t.param(low) if t is not None and not low.startswith("@") else None
        if spec is not None and spec.accumulates:
            return self.fields().get(low)
        params = self.all_params()
        for i in range(len(params) - 1, -1, -1):
            k = params[i][0]
            if k == low or (not k.startswith("@") and k.lower() == low):
                return params[i][1]
        return None


def fold(type_: str, params) -> dict:
    cat = catalogue()
    t = cat.type(type_)
    out: dict = {}
    keep_case = type_ == "phoneprov"
    for p in params:
        key = p.key if (keep_case or p.key.startswith("@")) else p.key.lower()
        spec = t.param(key) if (t is not None and not keep_case) else None
        if spec is not None and spec.accumulates:
            out.setdefault(key, []).append(p.value)
        else:
            out[key] = p.value
    return out


# ----------------------------------------------------------------- reading
def split_remote_hosts(value: str) -> list[str]:
    """``remote_hosts`` split like Asterisk's ``ast_strsep(',', TRIM)``: quote-aware,
    a comma right after ``\\`` does not split, pieces trimmed, empty pieces kept."""
    if not value:
        return []
    if "\\" not in value and "'" not in value and '"' not in value:
        return [piece.strip(" \t") for piece in value.split(",")]     # nothing to keep together
    return _strsep(value)


def _strsep(value: str) -> list[str]:
    """:func:`split_remote_hosts` character by character (quotes and backslashes)."""
    out = []
    n = len(value)
    start = 0
    i = 0
    stack: list[str] = []
    while True:
        found = False
        while i < n:
            c = value[i]
            if c == "\\":
                i += 1
                if i < n:
                    i += 1
                else:
                    break
                if i >= n:
                    break
                c = value[i]
            if c in "'\"":
                if stack and stack[-1] == c:
                    stack.pop()
                else:
                    stack.append(c)
            if c == "," and not stack:
                found = True
                break
            i += 1
        out.append(value[start:i].strip(" \t"))
        if not found:
            return out
        i += 1
        start = i
        if start >= n:
            out.append("")
            return out


def substitute(pattern: str, variables: dict[str, str]) -> tuple[str, list[str]]:
    """Asterisk's ``${NAME}`` substitution without a channel.  Returns the text and
    the names that were not defined (they expand to nothing: no dialplan globals
    offline).  ``${NAME:offset[:length]}`` substrings are honoured; ``$[...]`` and
    functions are left out (reported as undefined).

    A pattern without nesting is split into text and names once (the same few
    patterns serve thousands of registrations); others are read character by
    character (:func:`_substitute`)."""
    parts = _PATTERNS.get(pattern, _UNSEEN)
    if parts is _UNSEEN:
        parts = _split_pattern(pattern)
        if len(_PATTERNS) < 4096:
            _PATTERNS[pattern] = parts
    if parts is None:
        return _substitute(pattern, variables)
    out = []
    unknown: list[str] = []
    for part in parts:
        if part.__class__ is str:
            out.append(part)
        elif part[0] in variables:
            out.append(_variable(variables[part[0]], part[1]))
        else:
            unknown.append(part[0])
    return "".join(out), unknown


_PATTERNS: dict[str, tuple | None] = {}
_UNSEEN = object()


def _split_pattern(pattern: str) -> tuple | None:
    """Text pieces and (name, range) pairs of a pattern whose ``${...}`` do not nest;
    None for any other pattern."""
    parts: list = []
    i = 0
    while True:
        j = pattern.find("${", i)
        if j < 0:
            parts.append(pattern[i:])
            return tuple(parts)
        k = pattern.find("}", j + 2)
        if k < 0:
            return None
        inner = pattern[j + 2:k]
        if "{" in inner:
            return None
        name, _, rng = inner.partition(":")
        parts.append(pattern[i:j])
        parts.append((name, rng))
        i = k + 1


def _variable(val: str, rng: str) -> str:
    """``${NAME:offset[:length]}`` of a defined variable's value."""
    if rng:
        parts = rng.split(":")
        try:
            off = int(parts[0] or 0)
            val = val[off:] if off >= 0 else val[off:]
            if len(parts) > 1 and parts[1] != "":
                ln = int(parts[1])
                val = val[:ln] if ln >= 0 else val[:ln]
        except ValueError:
            pass
    return val


def _substitute(pattern: str, variables: dict[str, str]) -> tuple[str, list[str]]:
    """:func:`substitute`, character by character (nested ``${...}``)."""
    out = []
    unknown: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        j = pattern.find("${", i)
        if j < 0:
            out.append(pattern[i:])
            break
        out.append(pattern[i:j])
        depth = 1
        k = j + 2
        while k < n and depth:
            if pattern.startswith("${", k):
                depth += 1
                k += 2
                continue
            if pattern[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if depth:
            out.append(pattern[j:])
            break
        inner = pattern[j + 2:k]
        if "${" in inner:
            inner, more = _substitute(inner, variables)
            unknown.extend(more)
        name, _, rng = inner.partition(":")
        if name in variables:
            out.append(_variable(variables[name], rng))
        else:
            unknown.append(name)
        i = k + 1
    return "".join(out), unknown


_EMPTY_PASS: dict[str, tuple] = {p: () for p in PREFIXES}
# variable name -> (lower, prefix|None, suffix, ignore reason|None, shape mode, (set, empty) parts,
# is it one of the boolean options in _FLAGS)
_KEY_CLASS: dict[str, tuple] = {}

# How a line enters a wizard's shape (Wizard.shape): by its value, by whether it is
# empty, or (inbound_auth/username) by whether it is empty and whether it is the name.
_TRUTH, _USERNAME, _VALUE = 1, 2, 3
# auth lines _check_auth reads only as "set or not" (it reads the others by value)
_AUTH_TRUTH = frozenset(("username", "password", "md5_cred", "password_digest", "refresh_token",
                         "oauth_clientid", "oauth_secret"))

#: Own wizard lines whose value no rule of :mod:`pjtui.pjsip.checks` reads (only
#: whether it is empty); the checks judge every other line by its value.
PRESENCE_KEYS = frozenset((
    "inbound_auth/password", "hint_exten", "endpoint/callerid", "endpoint/context", "endpoint/mailboxes",
    "endpoint/language", "endpoint/accountcode", "endpoint/description", "endpoint/from_user",
    "endpoint/subscribe_context", "endpoint/named_call_group", "endpoint/named_pickup_group",
    "endpoint/call_group", "endpoint/pickup_group", "endpoint/set_var", "endpoint/callerid_tag",
    "endpoint/voicemail_extension", "endpoint/moh_suggest", "endpoint/tone_zone", "aor/mailboxes",
    "aor/voicemail_extension"))


def _expansion_reads_value(low: str, prefix: str | None, suffix: str, reason: str | None) -> bool:
    """Does the expansion read this line's value (beyond "empty or not")?  Errs on yes."""
    if reason is not None or prefix is None:
        return low != "hint_exten"
    if prefix in ("registration", "phoneprov"):
        return True
    how = _how_to_check(PREFIXES[prefix], suffix)
    if how is not None:         # an unknown name (an error) or a value that is checked
        return True
    if prefix in ("inbound_auth", "outbound_auth"):
        return suffix.lower() not in _AUTH_TRUTH
    # Other pass-through lines are read by value only where the object is then built
    # at once (a contact, a match with a resolver: never planned), or where a planned
    # wizard reads them again itself (the hint's endpoint/context).
    return False


def _shape_mode(key: str, low: str, prefix: str | None, suffix: str, reason: str | None) -> int:
    """What of a line decides what the wizard makes, whether Asterisk accepts it, and
    what the checks say about it: see :attr:`Wizard.shape`."""
    wo = catalogue().wizard_option(key)
    if (_expansion_reads_value(low, prefix, suffix, reason)
            or (wo.param is not None and wo.param.checks_values)        # the line's own check
            or (low not in PRESENCE_KEYS and low != "inbound_auth/username")):  # a rule reads it
        return _VALUE
    return _USERNAME if low == "inbound_auth/username" else _TRUTH


def _classify(key: str) -> tuple:
    got = _KEY_CLASS.get(key)
    if got is not None:
        return got
    low = key.lower()
    prefix = None
    suffix = ""
    reason = None
    slash = key.find("/")
    if slash >= 0 and key[:slash] in PREFIXES:
        prefix = key[:slash]
        suffix = key[slash + 1:]
        if not suffix:
            reason = f"'{key}' has nothing after the '/': Asterisk ignores it"
    elif slash >= 0 and key[:slash].lower() in PREFIXES:
        reason = (f"prefix '{key[:slash]}/' must be written in lower case '{key[:slash].lower()}/': "
                  "Asterisk drops this line")
    elif low not in WIZARD_OPTIONS and "type" not in key:
        reason = f"'{key}' is not a wizard option: Asterisk ignores it"
    got = (low, prefix, suffix, reason, _shape_mode(key, low, prefix, suffix, reason), ((key, True), (key, False)),
           low in _FLAG_SET)
    if len(_KEY_CLASS) < 100_000:
        _KEY_CLASS[key] = got
    return got


_mk = tuple.__new__


class Wizard:
    """How res_pjsip_config_wizard reads one wizard section (§2).

    ``passthrough[prefix]`` is the list of :class:`Param` (name after the prefix,
    value, model entry) in W order; ``has(prefix, name)`` tells whether one of them
    has that name (case-insensitive, as the wizard's own look-ups); ``ignored`` the
    (entry, reason) pairs Asterisk drops without a word."""

    __slots__ = ("eff", "name", "_pt", "ignored", "_lower", "_plast", "_base", "_flags", "shape",
                 "simple", "_own", "_cache")

    def __init__(self, eff: Effective, _cache: dict | None = None, _base: "Wizard | None" = None):
        self.eff = eff
        self.name = eff.name
        entries = eff.vars
        if _base is not None:
            # the section starts with exactly its parent's list: continue from its reading
            ignored = _base.ignored
            last = dict(_base._lower)
            plast = dict(_base._plast)
            entries = entries[len(_base.eff.vars):]
        else:
            ignored = []
            last = {}
            plast = {}
        classify = _KEY_CLASS.get
        flags = _base._flags if _base is not None else None
        shape = [_base]
        append = shape.append
        simple = _base is not None
        own = eff.section
        name = self.name
        for entry in entries:
            key = entry.key
            low, prefix, _, reason, mode, parts, is_flag = classify(key) or _classify(key)
            value = entry.value
            last[low] = entry
            if mode == _TRUTH:
                append(parts[value == ""])
            elif mode == _VALUE:
                append((key, value))
            else:
                append((key, value != "", value == name))
            if simple and (entry.__class__ is Appended or entry.section is not own):
                simple = False
            if is_flag:
                flags = None
            if reason is not None:
                if ignored is not None and _base is not None and ignored is _base.ignored:
                    ignored = list(ignored)
                ignored.append((entry, reason))
            elif prefix is not None:
                plast[low] = entry
        self._pt = None                 # the pass-through lists, made on first use
        self._own = entries             # the lines after the base's
        self._cache = _cache
        self.ignored = ignored
        self._lower = last
        self._plast = plast
        self._base = _base              # the reading this one continues (its lists are extended)
        self._flags = flags             # the base's boolean options still hold, or None
        # Everything that decides which objects the wizard makes, whether Asterisk
        # accepts them and what the checks find, except its name: the base reading,
        # then each line after it (by value, or by "empty or not" where nothing reads
        # more; see _shape_mode).  Two wizards of the same shape make the same objects
        # save for their names (_Expander.plans), and when one of them is ``simple``
        # and has no problem, neither has the other (pjtui.pjsip.checks).
        self.shape = tuple(shape)
        # the base reading, then only lines written in the section itself
        self.simple = simple

    @property
    def passthrough(self) -> dict:
        """prefix -> list of :class:`Param`, made on first use: a wizard made from a
        plan, and passed over by the checks, never needs its lists until someone asks
        for its objects' parameters."""
        pt = self._pt
        if pt is None:
            base = self._base
            start = base.passthrough if base is not None else _EMPTY_PASS
            pt = dict(start)            # lists are copied when first extended
            cache = self._cache
            classify = _KEY_CLASS.get
            for entry in self._own:
                key = entry.key
                cls = classify(key) or _classify(key)
                if cls[3] is not None or cls[1] is None:
                    continue
                param = cache.get(entry) if cache is not None else None
                if param is None:
                    param = _mk(Param, (cls[2], entry.value, entry))
                    if cache is not None:
                        cache[entry] = param
                prefix = cls[1]
                lst = pt[prefix]
                if lst is start[prefix]:    # still the base's: copy before extending
                    lst = pt[prefix] = list(lst)
                lst.append(param)
            self._pt = pt       # (the inputs are kept: two threads asking at once both build it)
        return pt

    def flags(self) -> tuple:
        """The boolean wizard options in ``_FLAGS`` order (``ast_true`` of the last value)."""
        flags = self._flags
        if flags is None:
            find = self._lower.get
            flags = self._flags = tuple(
                e is not None and e.value.strip().lower() in _TRUE for e in map(find, _FLAGS))
        return flags

    def has(self, prefix: str, name: str) -> bool:
        """Is ``prefix/name`` passed through (prefix exact, name case-insensitive)?"""
        return (prefix + "/" + name) in self._plast

    def find(self, name: str):
        """``ast_variable_find_last_in_list(wizvars, name)``: case-insensitive, last wins."""
        return self._lower.get(name.lower())

    def option(self, name: str) -> Setting:
        entry = self._lower.get(name.lower())
        default = WIZARD_OPTIONS.get(name)
        if entry is None:
            return Setting(name, default, None, default)
        return Setting(name, entry.value, entry, default)

    def is_true(self, name: str) -> bool:
        entry = self._lower.get(name.lower())
        return entry is not None and is_true(entry.value)

    @property
    def remote_hosts(self) -> list[str]:
        entry = self._lower.get("remote_hosts")
        return split_remote_hosts(entry.value) if entry is not None else []

    def settings_view(self) -> list[Setting]:
        """Every wizard option with its effective value or default."""
        return [self.option(n) for n in WIZARD_OPTIONS if n != "type"]


def read_wizard(eff: Effective) -> Wizard:
    return Wizard(eff)


# ----------------------------------------------------------------- pjsip.conf objects
class PjsipObject(NamedTuple):
    type: str
    name: str
    eff: Effective


def pjsip_objects(model: Model, known_types=None) -> tuple[list[PjsipObject], list[LogLine]]:
    """Objects res_sorcery_config loads from a pjsip.conf model (§8.2): type by the
    first ``type`` variable (exact value), ``[global]``/``[system]`` by name, templates
    skipped.  Two sections of the same type and name make that whole type fail to load
    (logged as Asterisk does); those objects are left out."""
    if model.rejected:
        return [], []
    cat = catalogue()
    if known_types is None:
        known_types = set(cat.types) - {"wizard", "contact"}
    objs: list[PjsipObject] = []
    seen: dict[tuple[str, str], int] = {}
    failed: set[str] = set()
    log: list[LogLine] = []
    fname = "pjsip.conf"
    for eff in model.sections:
        if eff.template:
            continue
        t = eff.object_type
        if t is None and eff.name in ("global", "system"):
            t = eff.name
        if t not in known_types:
            continue
        key = (t, eff.name)
        if key in seen:
            if t not in failed:
                failed.add(t)
                log.append(LogLine("ERROR", "res_sorcery_config.c",
                                   f"Config file '{fname}' could not be loaded; configuration contains "
                                   f"a duplicate object: '{eff.name}' of type '{t}'"))
            continue
        seen[key] = 1
        objs.append(PjsipObject(t, eff.name, eff))
    return [o for o in objs if o.type not in failed], log


# ----------------------------------------------------------------- validation helpers
_SIP_URI_RE = re.compile(
    r"^(?:sips?):"                                   # scheme
    r"(?:[^@\s;?<>\"]*@)?"                            # user[:password]@
    r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.\-]+)"        # host
    r"(?::\d{1,5})?"                                  # :port
    r"(?:;[^\s?<>\"]*)?"                              # ;params
    r"(?:\?[^\s<>\"]*)?$",                            # ?headers
    re.IGNORECASE,
)


def sip_uri_ok(uri: str) -> bool:
    """Would pjproject parse this as a SIP(S) URI?  (Close approximation of
    ``pjsip_parse_uri``: scheme, optional userinfo, a host, optional port/params.)"""
    got = _URI_OK.get(uri)
    if got is None:
        u = uri.strip()
        if u.startswith("<") and u.endswith(">"):
            u = u[1:-1]
        got = bool(_SIP_URI_RE.match(u))
        if len(_URI_OK) < 65536:        # the expansion and the checks ask about the same URIs
            _URI_OK[uri] = got
    return got


_URI_OK: dict[str, bool] = {}


def _is_address(item: str) -> bool:
    """identify match item that is an address or network (not a host name)."""
    text = item
    if "/" in text:
        return True
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        pass
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            try:
                ipaddress.ip_address(text[1:end])
                return True
            except ValueError:
                return False
    if text.count(":") == 1:
        host, port = text.split(":")
        try:
            ipaddress.ip_address(host)
            return port.isdigit()
        except ValueError:
            return False
    return False


def _split_host_port(item: str) -> tuple[str, str | None]:
    if item.startswith("["):
        end = item.find("]")
        rest = item[end + 1:]
        return item[1:end], rest[1:] if rest.startswith(":") else None
    if item.count(":") == 1:
        h, p = item.split(":")
        return h, p
    return item, None


_BY_NAME = Derived("wizard name")
_TRUE = frozenset(("yes", "true", "y", "t", "1", "on"))
_FLAGS = ("sends_auth", "accepts_auth", "sends_registrations", "sends_line_with_registrations",
          "accepts_registrations", "has_phoneprov", "has_hint")
_FLAG_SET = frozenset(_FLAGS)
_KEEP = object()        # "keep the priority 1 that was there" (a failed hint_application)
_CONTACT_DEFAULT = "sip:${REMOTE_HOST}"


class _Ctx(NamedTuple):
    """What one wizard's handlers share: its hosts and boolean options (``_FLAGS`` order),
    made in one step from ``Wizard.flags()``."""

    hosts: list
    sends_auth: bool
    accepts_auth: bool
    sends_registrations: bool
    sends_line_with_registrations: bool
    accepts_registrations: bool
    has_phoneprov: bool
    has_hint: bool


assert _Ctx._fields[1:] == _FLAGS


# Parameter kinds whose handler accepts any text (booleans: anything not true is false).
_NEVER_FAILS = frozenset(("string", "bool", "codec_list", "none", "any", "passthrough", "pattern"))
_AUTH_KEYS = frozenset(("auth_type", "refresh_token", "oauth_clientid", "oauth_secret", "password", "md5_cred",
                        "password_digest", "supported_algorithms_uas", "supported_algorithms_uac"))
_REG_KEYS = frozenset(("server_uri", "client_uri", "line", "endpoint", "transport"))


def _how_to_check(type_: str, key: str):
    """How ``ast_sorcery_objectset_apply`` treats a pass-through parameter: None, anything
    goes; str, the key is unknown (the message); else the catalogue Param whose values
    are checked."""
    if key.startswith("@"):
        return None
    t = catalogue().type(type_)
    if t is None or t.accepts_any_param:
        return None
    if not t.accepts(key):
        return f"Could not find option suitable for category '\0' named '{key}' at line 0 of"
    spec = t.param(key)
    if spec is None or spec.kind in _NEVER_FAILS:
        return None
    if spec.kind == "custom" and spec.name not in ("tos", "tos_audio", "tos_video"):
        return None
    if spec.kind == "list" and not spec.enum and spec.name not in ("permit", "deny", "contact_permit",
                                                                      "contact_deny", "match"):
        return None
    return spec


def _pick(params, names) -> dict:
    """Last value of each wanted (case-insensitive) parameter name."""
    out = {}
    for p in params:
        low = p[0].lower()
        if low in names:
            out[low] = p[1]
    return out


# ----------------------------------------------------------------- expansion
class Expansion:
    """Result of :func:`expand`."""

    __slots__ = ("model", "wizards", "_objects", "_hints", "log", "rejected", "pjsip_objects", "_ex",
                 "names_version")

    def __init__(self, model: Model):
        self.model = model
        self.wizards: list[Wizard] = []
        self._objects: list[WizObject] | None = []
        self._hints: list[Hint] | None = []
        # counts the refreshes after which an exported object name appeared or went:
        # references elsewhere in the files may resolve differently (pjtui.pjsip.checks)
        self.names_version = 0
        self.log: list[LogLine] = []
        self.rejected = False
        self.pjsip_objects: list[PjsipObject] = []
        self._ex = None

    def get(self, type_: str, name: str) -> WizObject | None:
        """The exported object of that type and name (None when missing or hidden)."""
        if self._ex is not None:
            obj = self._ex.store.get(type_, {}).get(name)
            return obj if obj is not None and obj.hidden_by is None else None
        for o in self.objects:
            if o.type == type_ and o.name == name:
                return o
        return None

    @property
    def objects(self) -> list[WizObject]:
        """Every exported object in export order (type order, then name).  Made on first
        use after an expansion or refresh: the checks ask for a few types only."""
        objects = self._objects
        if objects is None:
            ex = self._ex
            objects = []
            for type_ in EXPORT_TYPE_ORDER:
                objects += _sorted(ex, type_)
            if ex.may_hide:
                objects = [o for o in objects if o.hidden_by is None]
            self._objects = objects
        return objects

    @property
    def hints(self) -> list[Hint]:
        """The dialplan hints the wizards leave, made on first use (the checks never ask)."""
        hints = self._hints
        if hints is None:
            hints = self._hints = list(self._ex.hint_map().values())
        return hints

    def hints_of(self, name: str) -> list[Hint]:
        """The hints the wizards of that name leave (the same as filtering ``hints``,
        from their own hint actions instead of every hint of the file)."""
        ex = self._ex
        if ex is None:
            return [h for h in self.hints if h.wizard == name]
        hint_of = ex.hint_map()
        keys = [key for e in self.model.named(name) for key, _ in ex.hint_actions.get(e.index, ())]
        return [h for h in map(hint_of.get, dict.fromkeys(keys)) if h is not None and h.wizard == name]

    def of_type(self, type_: str) -> list[WizObject]:
        """The exported objects of that type, in export order (same as filtering ``objects``)."""
        if self._ex is not None and type_ in self._ex.sorted_objs:
            return [o for o in _sorted(self._ex, type_) if o.hidden_by is None]
        return [o for o in self.objects if o.type == type_]

    def of_wizard(self, name: str) -> list[WizObject]:
        """The exported objects the wizards of that name made, in export order (the same
        as filtering ``objects``, without going through all of them)."""
        ex = self._ex
        if ex is None:
            return [o for o in self.objects if o.wizard.name == name]
        store = ex.store
        out = [o for o in ex.owned.get(name, ()) if store[o.type].get(o.name) is o and o.hidden_by is None]
        out.sort(key=lambda o: (_TYPE_RANK[o.type], _name_key(o.name)))
        return out

    def hint_lines(self) -> list[str]:
        out = []
        for h in self.hints:
            out.extend(h.lines())
        return out

    @property
    def errors(self) -> list[LogLine]:
        return self.log

    def refresh(self, effs) -> bool:
        """Bring the expansion up to date after the model re-computed ``effs`` (what
        :meth:`Model.refresh <pjtui.pjsip.model.Model.refresh>` returns): every wizard
        sharing a name with one of them is expanded again, in file order, and the
        export lists, hints, log and phoneprov variables are rebuilt around them.
        Returns False when that is not possible (the file is rejected): call
        :func:`expand` again then.  The result equals a fresh :func:`expand`."""
        ex = self._ex
        if ex is None or self.rejected or self.model.rejected:
            return False
        _refresh(self, ex, effs)
        return True


def _name_key(name: str) -> bytes:
    return name.encode("utf-8", "surrogateescape")


def _strcmp_sorted(names) -> list[str]:
    """Names in C ``strcmp`` order of their bytes.  Python's str order is the same
    for UTF-8 text (code point order), except for undecodable bytes kept as
    surrogates; only then are the names encoded."""
    out = sorted(names)
    if not "".join(out).isascii():
        out.sort(key=_name_key)
    return out


# -- parameter lists of the objects, built when first asked for (WizObject.params).
# Functions of the object alone (its wizard reading and name), not closures: an
# expansion of 10,000 wizards would otherwise keep 30,000 functions, their cells and
# default tuples alive, for the cyclic collector to walk again and again.
def _opt(w: Wizard, name: str, rule: str | None = None):
    """(value, Derived) of a set, non-empty wizard option; (None, None) otherwise."""
    e = w._lower.get(name)
    if e is None or not e.value:
        return None, None
    return e.value, _mk(Derived, (rule or name, (e,), None))


def _hosts(w: Wizard) -> list[str]:
    rh = w._lower.get("remote_hosts")
    return split_remote_hosts(rh.value) if rh is not None else []


def _hint_target(w: Wizard):
    """(hint_exten entry or None, context, the entries the context came from)."""
    find = w._lower.get
    hint_exten = find("hint_exten")
    if hint_exten is not None and not hint_exten.value:
        hint_exten = None
    ctx = "default"
    ctx_src: tuple = ()
    if hint_exten is not None:
        hint_context = find("hint_context")
        if hint_context is not None and hint_context.value:
            ctx, ctx_src = hint_context.value, (hint_context,)
        else:
            ctx_entry = w._plast.get("endpoint/context")
            if ctx_entry is not None and ctx_entry.value:
                ctx, ctx_src = ctx_entry.value, (ctx_entry,)
    return hint_exten, ctx, ctx_src


class _Made(NamedTuple):
    """What the parameter builders read of an object, before it exists."""

    wizard: Wizard
    name: str


def _auth_params(obj: WizObject) -> list[Param]:
    w = obj.wizard
    if obj.name == w.name + "-oauth":
        prefix, test = "outbound_auth", "sends_auth"
    else:
        prefix, test = "inbound_auth", "accepts_auth"
    params = list(w.passthrough[prefix])
    params.append(_mk(Param, ("@pjsip_wizard", w.name, _BY_NAME)))
    if not w.has(prefix, "auth_type"):
        params.append(_mk(Param, ("auth_type", "userpass", _mk(Derived, (
            f"{test} (no {prefix}/auth_type)", (w.find(test),), None)))))
    return params


def _aor_params(obj: WizObject) -> list[Param]:
    w = obj.wizard
    hosts = _hosts(w)
    pat = w._lower.get("contact_pattern")
    params = list(w.passthrough["aor"])
    params.append(_mk(Param, ("@pjsip_wizard", w.name, _BY_NAME)))
    proxy, src = _opt(w, "outbound_proxy")
    if proxy:
        params.append(_mk(Param, ("outbound_proxy", proxy, src)))
    if hosts and not w.has("aor", "contact"):
        value = pat.value if pat is not None else _CONTACT_DEFAULT
        if value:
            rh = w._lower.get("remote_hosts")
            src = _mk(Derived, ("contact_pattern", (pat, rh) if pat is not None else (rh,),
                                None if pat is not None else _CONTACT_DEFAULT))
            if value == _CONTACT_DEFAULT:
                for h in hosts:
                    params.append(_mk(Param, ("contact", "sip:" + h, src)))
            else:
                for h in hosts:
                    params.append(_mk(Param, ("contact", substitute(value, {"REMOTE_HOST": h})[0], src)))
    return params


def _endpoint_params(obj: WizObject) -> list[Param]:
    w = obj.wizard
    name = w.name
    find = w._lower.get
    hint_exten, ctx, ctx_src = _hint_target(w)
    flags = w.flags()
    params = list(w.passthrough["endpoint"])
    params.append(_mk(Param, ("@pjsip_wizard", name, _BY_NAME)))
    params.append(_mk(Param, ("aors", name, _BY_NAME)))
    proxy, src = _opt(w, "outbound_proxy")
    if proxy:
        params.append(_mk(Param, ("outbound_proxy", proxy, src)))
    if hint_exten is not None:
        params.append(_mk(Param, ("@hint_context", ctx,
                                  _mk(Derived, ("hint_context", ctx_src, None if ctx_src else "default")))))
        params.append(_mk(Param, ("@hint_exten", hint_exten.value,
                                  _mk(Derived, ("hint_exten", (hint_exten,), None)))))
    transport, src = _opt(w, "transport")
    if transport:
        params.append(_mk(Param, ("transport", transport, src)))
    if flags[0]:        # sends_auth
        params.append(_mk(Param, ("outbound_auth", name + "-oauth",
                                  _mk(Derived, ("sends_auth", (find("sends_auth"),), None)))))
    if flags[1]:        # accepts_auth
        params.append(_mk(Param, ("auth", name + "-iauth",
                                  _mk(Derived, ("accepts_auth", (find("accepts_auth"),), None)))))
    return params


def _identify_params(obj: WizObject) -> list[Param]:
    w = obj.wizard
    params = list(w.passthrough["identify"])
    params.append(_mk(Param, ("endpoint", w.name, _BY_NAME)))
    params.append(_mk(Param, ("@pjsip_wizard", w.name, _BY_NAME)))
    if not w.has("identify", "match"):
        src = _mk(Derived, ("remote_hosts", (w._lower.get("remote_hosts"),), None))
        for h in _hosts(w):
            if h:
                params.append(_mk(Param, ("match", h, src)))
    return params


class _Expander:
    def __init__(self, model: Model, pjsip: Model | None, resolver, profiles, filename: str):
        self.model = model
        self.cat = catalogue()
        self.store: dict[str, dict[str, WizObject]] = {t: {} for t in EXPORT_TYPE_ORDER}
        self.log: list[LogLine] = []
        self.hint_actions: dict[int, list] = {}     # wizard's model index -> [(key, hint | None)]
        self.owned: dict[str, list] = {}            # wizard name -> [WizObject] it created
        # type -> object names in strcmp order / the objects in that order / whether all
        # those names are ASCII (bisect then finds a name's place); None until asked for
        self.sorted: dict[str, list[str] | None] = {}
        self.sorted_objs: dict[str, list | None] = {}
        self.ascii: dict[str, bool] = {}
        self.hint_of: dict | None = {}              # (context, exten) -> Hint (None: see hint_map)
        self.key_users: dict | None = {}            # (context, exten) -> wizard indexes acting on it
                                                     # (None: not made yet, see users_of_keys)
        self.wiz_pos: dict[int, int] = {}           # wizard's model index -> position in exp.wizards
        self.prov_deps: dict[str, set] = {}         # phoneprov name -> wizard names it consulted
        self._deps: set | None = None
        self.resolver = resolver
        self.profiles = profiles
        self.filename = filename
        self.pjsip = pjsip
        # per type: parameter name -> None (any value applies) | message (unknown name)
        # | catalogue Param (its values are checked)
        self._key_check: dict[str, dict] = {t: {} for t in EXPORT_TYPE_ORDER}
        self._good_lists: dict[int, tuple] = {}      # id(pass-through list) -> (it, _first_bad)
        self._handlers = (self.auths, self.aor, self.endpoint, self.identify, self.registrations, self.phoneprov)
        self._checks = {"auth": self._check_auth, "aor": self._check_aor,
                        "registration": self._check_registration, "identify": self._check_identify}
        self.param_cache: dict = {}
        self.readings: dict = {}                     # template Effective -> its Wizard reading
        self.regs_of: dict[str, list[str]] = {}      # wizard name -> its registration names
        self.plans: dict[tuple, tuple] = {}          # Wizard.shape -> what such a wizard makes (run)
        self.pjsip_objs: list[PjsipObject] = []
        self.pjsip_index: dict[tuple[str, str], Effective] = {}
        if pjsip is not None:
            objs, log = pjsip_objects(pjsip)
            self.pjsip_objs = objs
            self.log.extend(log)
            for o in objs:
                self.pjsip_index.setdefault((o.type, o.name), o.eff)
        # can a pjsip.conf object hide one of ours? (often it holds only transports)
        self.may_hide = any(t in _TYPE_RANK for t, _ in self.pjsip_index)

    def reading(self, eff: Effective) -> Wizard:
        """:class:`Wizard` of ``eff``, continuing from its parent's reading when the
        section's list starts with exactly the parent's (the usual template child)."""
        base = None
        parents = eff.parents
        if len(parents) == 1:
            parent = parents[0]
            n = len(parent.vars)
            if n and eff.vars[:n] == parent.vars:
                base = self.readings.get(parent)
                if base is None:
                    base = self.readings[parent] = self.reading(parent)
                    base.flags()
        return Wizard(eff, self.param_cache, base)

    # -- logging
    def err(self, source: str, message: str, wizard: str | None = None, entry=None, level="ERROR"):
        self.log.append(LogLine(level, source, message, wizard, entry))

    # -- generic object creation: ast_sorcery_objectset_apply + the type's apply handler
    def create(self, w: Wizard, type_: str, name: str, params: list[Param] | None, prefix: str,
               check_params=None, maker=None) -> WizObject | None:
        """Apply and store one object.  With ``maker`` the parameter list is made only
        when someone asks for it; ``check_params`` is then what the type's own apply
        check needs (e.g. the pass-through lines of an auth)."""
        lst = w.passthrough[prefix]
        if lst:     # the usual case inline: the list's verdict is known (see _apply)
            got = self._good_lists.get(id(lst))
            ok = got is not None and got[0] is lst and got[1] is None
        else:
            ok = True
        check = self._checks.get(type_)
        if not ok or check is not None:
            if not self._apply(w, type_, name, params if params is not None else check_params, prefix):
                self.err(WIZ_C, f"Unable to apply object type '{type_}' with id '{name}'.  Check preceeding "
                         "errors.", w.name)
                return None
        obj = WizObject(type_, name, w, params if params is not None else maker)
        self.store[type_][name] = obj
        owned = self.owned.get(w.name)
        if owned is None:
            self.owned[w.name] = [obj]
        else:
            owned.append(obj)
        return obj

    def _apply(self, w: Wizard, type_: str, name: str, params, prefix: str) -> bool:
        """``ast_sorcery_objectset_apply``: every parameter must be known to the type
        and parse; then the type's own apply handler.  Only pass-through lines can be
        wrong (what the wizard adds itself always parses); their verdict is cached per
        list, since a template's list is shared by all its children (and a child's list
        that extends it is judged only on its own lines)."""
        lst = w.passthrough[prefix]
        if lst:
            got = self._good_lists.get(id(lst))
            if got is not None and got[0] is lst:
                bad = got[1]
            else:
                base = w._base.passthrough[prefix] if w._base is not None else None
                bad = self._first_bad(lst, base if base is not lst else None, type_)
            if bad is not None:
                verdict, p = bad
                self.err("config_options.c", verdict.replace("\0", name), w.name, p[2])
                return False
        check = self._checks.get(type_)
        return check(w, name, params or ()) if check is not None else True

    def _first_bad(self, lst: list, base: list | None, type_: str):
        """(verdict, Param) of the first pass-through line of ``lst`` the type rejects, or
        None.  ``base``: the list ``lst`` extends (its first ``len(base)`` items)."""
        known = self._good_lists
        got = known.get(id(lst))
        if got is not None and got[0] is lst:
            return got[1]
        start = 0
        bad = None
        if base:
            bad = self._first_bad(base, None, type_)
            start = len(base)
        if bad is None:
            checks = self._key_check[type_]
            for i in range(start, len(lst)):
                p = lst[i]
                how = checks.get(p[0], 0)
                if how is None:
                    continue
                if how == 0:
                    how = checks[p[0]] = _how_to_check(type_, p[0])
                    if how is None:
                        continue
                verdict = how if how.__class__ is str else self._value_verdict(how, p[0], p[1])
                if verdict is not None:
                    bad = (verdict, p)
                    break
        if not base:
            # a list judged from its start (a template's, usually) is remembered; a child's
            # extension is judged once per object on its own lines, and remembering the
            # 20,000 of them would only feed the collector
            known[id(lst)] = (lst, bad)     # keeps the list alive, so its id stays unique
        return bad

    @staticmethod
    def _value_verdict(spec, key: str, value: str) -> str | None:
        if any(i.severity == "error" for i in spec.validate(value)):
            return f"Error parsing {key}={value} at line 0 of"
        return None

    def _check_auth(self, w, name, params) -> bool:
        f = _pick(params, _AUTH_KEYS)
        auth_type = (f.get("auth_type") or "userpass").strip().lower()
        if auth_type == "google_oauth":
            if not (f.get("refresh_token") and f.get("oauth_clientid") and f.get("oauth_secret")):
                self.err("res_pjsip/config_auth.c", f"'google_oauth' authentication specified but refresh_token, "
                         f"oauth_clientid, or oauth_secret not specified", w.name)
                return False
            return True
        if f.get("password") or f.get("md5_cred") or f.get("password_digest"):
            return True
        ok = True
        for which in ("uas", "uac"):
            algs = f.get(f"supported_algorithms_{which}") or "MD5"
            for alg in [a.strip() for a in algs.split(",") if a.strip()]:
                self.err("res_pjsip/config_auth.c", f"{name}: No plain text or digest password found for "
                         f"algorithm {alg.upper() if alg.lower() == 'md5' else alg} in supported_algorithms_{which}",
                         w.name)
                ok = False
        return ok

    def _check_aor(self, w, name, params) -> bool:
        contacts = [p[1] for p in params if p[0] == "contact" or p[0].lower() == "contact"]
        for value in contacts:
            for uri in value.split(","):
                uri = uri.strip()
                if not uri:
                    continue
                low = uri.lower()
                if not (low.startswith("sip:") or low.startswith("sips:")) or len(uri) > 255:
                    self.err("res_pjsip/location.c", "Contact uri or hostname length exceeds pjproject limit or "
                             f"is not a sip(s) uri: {uri}", w.name)
                    return False
        return True

    def _check_registration(self, w, name, params) -> bool:
        f = _pick(params, _REG_KEYS)
        src = "res_pjsip_outbound_registration.c"
        server = f.get("server_uri") or ""
        client = f.get("client_uri") or ""
        line = is_true(f.get("line") or "no")
        endpoint = f.get("endpoint") or ""
        checks = (
            (not server, f"No server URI specified on outbound registration '{name}'"),
            (not sip_uri_ok(server), f"Invalid server URI '{server}' specified on outbound registration '{name}'"),
            (not client, f"No client URI specified on outbound registration '{name}'"),
            (not sip_uri_ok(client), f"Invalid client URI '{client}' specified on outbound registration '{name}'"),
            (line and not endpoint, f"Line support has been enabled on outbound registration '{name}' "
                                    "without providing an endpoint"),
            (bool(endpoint) and not line, f"An endpoint has been specified on outbound registration '{name}' "
                                          "without enabling line support"),
        )
        for failed, message in checks:     # first failing check wins, as in the C if/else chain
            if failed:
                self.err(src, message, w.name)
                return False
        transport = f.get("transport")
        if transport and self.pjsip is not None and ("transport", transport) not in self.pjsip_index:
            # sip_outbound_registration_regc_alloc (the C string really has two blanks)
            self.err(src, f"Unable to retrieve PJSIP transport '{transport}'  for outbound registration", w.name)
            return False
        return True

    def _check_identify(self, w, name, params) -> bool:
        if self.resolver is None:
            return True
        for value in [p[1] for p in params if p[0].lower() == "match"]:
            for item in value.split(","):
                item = item.strip()
                if not item or _is_address(item):
                    continue
                host, port = _split_host_port(item)
                if self.resolver(host, port) is None:
                    text = getattr(self.resolver, "error_text", "Temporary failure in name resolution")
                    self.err("netsock2.c", f'getaddrinfo("{host}", "{port if port is not None else "(null)"}", '
                             f"...): {text}", w.name)
                    self.err("res_pjsip_endpoint_identifier_ip.c",
                             f"Identify '{name}' failed when adding resolution results of '{item}'", w.name)
                    return False
        return True

    # -- per type handlers (§4)
    def run(self, w: Wizard) -> None:
        """Make the objects of one wizard.  A wizard whose shape (:attr:`Wizard.shape`)
        an earlier one had is made from that one's plan: the same objects under its
        own name, without asking every handler again (most wizards of a large file are
        a template's children that differ only in names, passwords and caller ids)."""
        name = w.name
        fresh = name not in self.owned and name not in self.regs_of   # nothing of an earlier namesake to undo
        if fresh:
            plan = self.plans.get(w.shape)
            if plan is not None:
                self._replay(w, plan)
                return
            logged = len(self.log)
        rh = w._lower.get("remote_hosts")
        c = _mk(_Ctx, (split_remote_hosts(rh.value) if rh is not None else [],) + w.flags())
        for handler in self._handlers:
            if not handler(w, c):
                self.err(WIZ_C, f"Unable to create objects for wizard '{name}'", name)
        if fresh and len(self.log) == logged:
            self._learn(w, c.has_hint)

    def _learn(self, w: Wizard, has_hint: bool) -> None:
        """Remember what a wizard that went through cleanly made, when all of it follows
        from its shape: objects whose parameters are built on demand from the wizard
        (registrations and phoneprov objects are built eagerly, and not remembered)."""
        name = w.name
        made = self.owned.get(name, ())
        for obj in made:
            if obj.maker is None:
                return
        if name in self.regs_of:
            return
        n = len(name)
        self.plans[w.shape] = (tuple((o.type, o.name[n:], o.maker) for o in made),
                               w.eff.index in self.hint_actions, has_hint)

    def _replay(self, w: Wizard, plan: tuple) -> None:
        made, hint, has_hint = plan
        name = w.name
        if made:
            store = self.store
            objs = []
            for type_, suffix, maker in made:
                obj = WizObject(type_, name + suffix, w, maker)
                store[type_][obj.name] = obj
                objs.append(obj)
            self.owned[name] = objs
        if hint:
            hint_exten, ctx, _ = _hint_target(w)
            self._hint(w, has_hint, ctx, hint_exten.value)

    def auths(self, w: Wizard, c) -> bool:
        name = w.name
        store = self.store["auth"]
        for direction, test, suffix in (("outbound", "sends_auth", "-oauth"), ("inbound", "accepts_auth", "-iauth")):
            new_id = name + suffix
            prefix = direction + "_auth"
            if not getattr(c, test):
                store.pop(new_id, None)
                continue
            if not w.has(prefix, "username"):
                self.err(WIZ_C, f"Wizard '{name}' must have '{prefix}/username' if it {test}.",
                         name, w.find(test))
                return False

            # the check sees the pass-through lines; the wizard's own auth_type is userpass
            if self.create(w, "auth", new_id, None, prefix, w.passthrough[prefix], _auth_params) is None:
                return False
        return True

    def aor(self, w: Wizard, c) -> bool:
        hosts = c.hosts
        pat = w._lower.get("contact_pattern")
        plain = (not w.has("aor", "contact") and (pat is None or pat.value in ("", _CONTACT_DEFAULT))
                 and (not hosts or all(len(h) < 250 for h in hosts)))
        if plain:   # contacts "sip:<host>" always pass the aor's check: decide without building
            return self.create(w, "aor", w.name, None, "aor", maker=_aor_params) is not None
        return self.create(w, "aor", w.name, _aor_params(_Made(w, w.name)), "aor") is not None

    def endpoint(self, w: Wizard, c) -> bool:
        hint_exten, ctx, _ = _hint_target(w)
        if self.create(w, "endpoint", w.name, None, "endpoint", maker=_endpoint_params) is None:
            return False
        if hint_exten is not None:
            self._hint(w, c.has_hint, ctx, hint_exten.value)
        return True

    def _hint(self, w: Wizard, has_hint: bool, ctx: str, exten: str) -> None:
        """Record what this wizard does to the dialplan; :meth:`hint_map` replays it."""
        key = (ctx, exten)
        actions = self.hint_actions.setdefault(w.eff.index, [])
        if not has_hint:
            actions.append((key, None))
            return
        hint_app = w._lower.get("hint_application")
        app = hint_app.value if hint_app is not None and hint_app.value else None
        app_text = None
        if app is not None:
            paren = app.find("(")
            if paren < 0:
                app_text = app + "()"
            else:
                name_, data = app[:paren], app[paren + 1:-1]
                if not name_ or not data:
                    self.err(WIZ_C, f"Failed to add hint '{exten}@{ctx}' to the PBX.", w.name, hint_app)
                    app_text = _KEEP          # an earlier priority 1 of ours stays
                else:
                    app_text = f"{name_}({data})"
        actions.append((key, ("PJSIP/" + w.name, app_text, w.name)))

    def hint_map(self) -> dict:
        """(context, exten) -> :class:`Hint`, made when first asked for by replaying every
        wizard's hint actions in file order (a later wizard replaces or removes)."""
        hint_of = self.hint_of
        if hint_of is None:
            hint_of = self.hint_of = {}
            actions = self.hint_actions
            for idx in sorted(actions):
                for key, val in actions[idx]:
                    if val is None:
                        hint_of.pop(key, None)
                        continue
                    device, app, name = val
                    if app is _KEEP:
                        prev = hint_of.get(key)
                        app = prev.application if prev is not None else None
                    hint_of[key] = _mk(Hint, (key[1], key[0], device, app, name))
        return hint_of

    def users_of_keys(self) -> dict:
        """(context, exten) -> indexes of the wizards acting on it (made for the first
        refresh: a full expansion does not need it)."""
        users = self.key_users
        if users is None:
            users = self.key_users = {}
            for idx, actions in self.hint_actions.items():
                for key, _ in actions:
                    got = users.get(key)
                    if got is None:
                        users[key] = {idx}
                    else:
                        got.add(idx)
        return users

    def identify(self, w: Wizard, c) -> bool:
        name = w.name
        new_id = name + "-identify"
        if c.accepts_registrations or c.sends_line_with_registrations:
            self.store["identify"].pop(new_id, None)
            return True
        hosts = c.hosts
        if not hosts:
            self.err(WIZ_C, f"Wizard '{name}' must have 'remote_hosts' if it doesn't accept registrations.",
                     name, w.find("remote_hosts"))
            return False
        if self.resolver is None:    # nothing to resolve: the identify applies as built
            return self.create(w, "identify", new_id, None, "identify", maker=_identify_params) is not None
        return self.create(w, "identify", new_id, _identify_params(_Made(w, new_id)), "identify") is not None

    def registrations(self, w: Wizard, c) -> bool:
        name = w.name
        regs = self.store["registration"]
        existing = self.regs_of.get(name)
        if existing:
            existing = [n for n in existing if n in regs and regs[n].wizard.name == name]
        if not c.sends_registrations:
            for n in existing or ():
                del regs[n]
            if existing is not None:
                self.regs_of[name] = []
            return True
        existing = existing or []
        self.regs_of[name] = existing
        hosts = c.hosts
        if not hosts:
            self.err(WIZ_C, f"Wizard '{name}' must have 'remote_hosts' if it sends registrations.",
                     name, w.find("sends_registrations"))
            return False
        find = w._lower.get
        sends_auth = c.sends_auth
        if sends_auth:
            uentry = find("outbound_auth/username")
            if uentry is None:
                self.err(WIZ_C, f"Wizard '{name}' must have 'outbound_auth/username' if it sends "
                         "authentication.", name, find("sends_auth"))
                return False
            username, user_src = uentry.value, (uentry,)
        else:
            username, user_src = name, ()
        base = w.passthrough["registration"]
        spat = w.option("server_uri_pattern")
        cpat = w.option("client_uri_pattern")
        rh = find("remote_hosts")
        s_src = _mk(Derived, ("server_uri_pattern", tuple(e for e in (spat.entry, rh) if e is not None),
                              None if spat.entry is not None else spat.default))
        c_src = _mk(Derived, ("client_uri_pattern", tuple(e for e in (cpat.entry, rh) + user_src if e is not None),
                              None if cpat.entry is not None else cpat.default))
        tail = []
        if sends_auth:
            tail.append(_mk(Param, ("outbound_auth", name + "-oauth",
                                    _mk(Derived, ("sends_auth", (find("sends_auth"),), None)))))
        transport, src = _opt(w, "transport")
        if transport:
            tail.append(_mk(Param, ("transport", transport, src)))
        if c.sends_line_with_registrations:
            src = _mk(Derived, ("sends_line_with_registrations", (find("sends_line_with_registrations"),), None))
            tail.append(_mk(Param, ("line", "yes", src)))
            tail.append(_mk(Param, ("endpoint", name, src)))
        head = []
        proxy, src = _opt(w, "outbound_proxy")
        if proxy:
            head.append(_mk(Param, ("outbound_proxy", proxy, src)))
        head.append(_mk(Param, ("@pjsip_wizard", name, _BY_NAME)))
        left = set(existing)
        for i, h in enumerate(hosts):
            params = list(base)
            params.extend(head)
            variables = {"REMOTE_HOST": h, "USERNAME": username}
            if spat.value:
                params.append(_mk(Param, ("server_uri", substitute(spat.value, variables)[0], s_src)))
            if cpat.value:
                params.append(_mk(Param, ("client_uri", substitute(cpat.value, variables)[0], c_src)))
            params.extend(tail)
            new_id = f"{name}-reg-{i}"
            if self.create(w, "registration", new_id, params, "registration") is None:
                return False        # the ones before stay, later hosts get none (lines 974-977)
            left.discard(new_id)
            if new_id not in existing:
                existing.append(new_id)
        for n in left:
            regs.pop(n, None)
        return True

    def phoneprov(self, w: Wizard, c) -> bool:
        name = w.name
        new_id = name + "-phoneprov"
        if not c.has_phoneprov:
            self.store["phoneprov"].pop(new_id, None)
            return True
        if w.find("phoneprov/MAC") is None:
            self.err(WIZ_C, f"Wizard '{name}' must have 'phoneprov/MAC' if it has_phoneprov.",
                     name, w.find("has_phoneprov"))
            return False
        params = list(w.passthrough["phoneprov"])
        params.append(_mk(Param, ("endpoint", name, _BY_NAME)))
        params.append(_mk(Param, ("@pjsip_wizard", name, _BY_NAME)))
        return self.create(w, "phoneprov", new_id, params, "phoneprov") is not None

    # -- after every wizard: res_pjsip_phoneprov_provider, res_phoneprov (§4.6)
    def lookup(self, type_: str, name: str):
        """Sorcery look-up by name: pjsip.conf first, then the wizard's objects."""
        eff = self.pjsip_index.get((type_, name))
        if eff is not None:
            return fold(type_, [_mk(Param, (e.key, e.value, e)) for e in eff.vars if e.key.lower() != "type"])
        obj = self.store[type_].get(name) if type_ in self.store else None
        if obj is None:
            return None
        if self._deps is not None:
            self._deps.add(obj.wizard.name)
        return obj.fields()

    def provider(self, obj: WizObject) -> None:
        src = "res_pjsip_phoneprov_provider.c"
        f = obj.fields()
        name = obj.name
        w = obj.wizard.name
        if "MAC" not in f:
            self.err(src, f"phoneprov {name} must contain a MAC entry.", w)
            return
        if "PROFILE" not in f:
            self.err(src, f"phoneprov {name} must contain a PROFILE entry.", w)
            return
        ep_name = f.get("endpoint", "")
        added = obj.added
        have = set(f)

        def add(key, value, rule):
            if value and key not in have:
                added.append(_mk(Param, (key, value, Derived(rule))))
                have.add(key)

        ep = self.lookup("endpoint", ep_name)
        if ep is None:
            self.err(src, f"phoneprov {name} contained invalid endpoint {ep_name}.", w)
            return
        add("ENDPOINT_ID", ep_name, "phoneprov provider: endpoint name")
        transport = ep.get("transport") or ""
        add("TRANSPORT_ID", transport, "phoneprov provider: endpoint transport")
        cid_name, cid_num = _split_callerid(ep.get("callerid") or "")
        add("CALLERID", cid_num, "phoneprov provider: endpoint callerid number")
        add("DISPLAY_NAME", cid_name, "phoneprov provider: endpoint callerid name")
        if not transport:
            tr = None
        elif self.pjsip is None:
            tr = {}     # no pjsip.conf given: assume the transport exists, default port
        else:
            tr = self.lookup("transport", transport)
        if tr is None:
            self.err(src, f"Endpoint {ep_name} contained invalid transport {transport}.", w)
            return
        auths = ep.get("auth") or ""
        if isinstance(auths, list):
            auths = ",".join(auths)
        first = next((a.strip() for a in auths.split(",") if a.strip()), "")
        if first:
            auth = self.lookup("auth", first)
            if auth is None:
                self.err(src, f"phoneprov {name} contained invalid auth {first}.", w)
                return
            add("AUTH_ID", first, "phoneprov provider: endpoint auth")
            add("USERNAME", auth.get("username") or "", "phoneprov provider: auth username")
            add("SECRET", auth.get("password") or "", "phoneprov provider: auth password")
        add("USERNAME", name, "phoneprov provider: object name")
        add("LABEL", name, "phoneprov provider: object name")
        add("SERVER_PORT", _bind_port(tr), "phoneprov provider: transport bind port")
        if self.profiles is not None:
            profile = f.get("PROFILE")
            if profile not in self.profiles:
                self.err("res_phoneprov.c", f"Could not look up profile '{profile}' - skipping.", w)


def _entry(p: Param):
    return p.source if not isinstance(p.source, Derived) else None


def _split_callerid(text: str) -> tuple[str, str]:
    """``ast_callerid_split``: ``"Name" <num>`` / ``Name <num>`` / ``num``."""
    t = text.strip()
    if not t:
        return "", ""
    lt = t.rfind("<")
    if lt >= 0 and t.endswith(">"):
        num = t[lt + 1:-1].strip()
        nm = t[:lt].strip()
        if len(nm) >= 2 and nm[0] == '"' and nm[-1] == '"':
            nm = nm[1:-1]
        return nm, num
    if re.fullmatch(r"[0-9*#+\-() ]+", t):
        return "", t
    return t.strip('"'), ""


def _bind_port(transport: dict) -> str:
    bind = transport.get("bind") or ""
    if isinstance(bind, list):
        bind = bind[-1]
    bind = bind.strip()
    port = None
    if bind.startswith("["):
        end = bind.find("]")
        rest = bind[end + 1:]
        if rest.startswith(":"):
            port = rest[1:]
    elif bind.count(":") == 1:
        port = bind.split(":")[1]
    if port and port.isdigit() and int(port):
        return str(int(port))
    proto = (transport.get("protocol") or "udp").strip().lower()
    return "5061" if proto in ("tls", "wss") else "5060"


def _first_fatal(model: Model) -> tuple[str, str] | None:
    """The parser message Asterisk logs for a rejected file (the first fatal error)."""
    cands = []
    src = model.source
    for d in getattr(src, "diagnostics", ()) or ():
        if getattr(d, "fatal", False) and d.file == model.root_name:
            cands.append((d.line, d.message))
    for e in model.errors:
        if e.file == model.root_name:
            cands.append((e.line, e.message))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0])
    return cands[0]


def expand(model: Model, *, pjsip: Model | None = None, resolver: Callable | None = None,
           profiles=None, filename: str = "pjsip_wizard.conf") -> Expansion:
    """Expand every wizard of a pjsip_wizard.conf model exactly as Asterisk does at start-up."""
    # Many small objects and no cycles: the cyclic GC would only rescan them over
    # and over (a third of the time at 10,000 wizards), so it waits (pjtui/_gc.py).
    with paused_gc():
        return _expand(model, pjsip, resolver, profiles, filename)


def _expand(model: Model, pjsip: Model | None, resolver, profiles, filename: str) -> Expansion:
    exp = Expansion(model)
    ex = _Expander(model, pjsip, resolver, profiles, filename)
    if model.rejected:
        exp.rejected = True
        first = _first_fatal(model)
        if first is not None:
            exp.log.append(LogLine("WARNING", "config.c", first[1]))
        exp.log.append(LogLine("ERROR", WIZ_C, f"Contents of config file '{filename}' are invalid and "
                                               "cannot be parsed"))
        exp.wizards = [Wizard(e) for e in model.sections if e.is_wizard]
        return exp
    for eff in model.sections:
        if eff.is_wizard:
            w = ex.reading(eff)
            exp.wizards.append(w)
            ex.run(w)
    _finish(exp, ex)
    return exp


_PROVIDER_SOURCES = ("res_pjsip_phoneprov_provider.c", "res_phoneprov.c")


def _finish(exp: Expansion, ex: "_Expander") -> None:
    # hidden by pjsip.conf objects of the same type and name (§7)
    index = ex.pjsip_index
    if ex.may_hide:
        for type_ in EXPORT_TYPE_ORDER:
            for name, obj in ex.store[type_].items():
                obj.hidden_by = index.get((type_, name))
    ex.sorted = dict.fromkeys(EXPORT_TYPE_ORDER)
    ex.sorted_objs = dict.fromkeys(EXPORT_TYPE_ORDER)
    _sorted(ex, "phoneprov")
    _provide(ex, ex.sorted["phoneprov"])
    ex.hint_of = None           # made when first asked for (hint_map)
    ex.key_users = None
    ex.wiz_pos = None           # made by the first refresh
    _publish(exp, ex)


def _sorted(ex: "_Expander", type_: str) -> list:
    """The objects of a type in export order, sorted when first asked for."""
    objs = ex.sorted_objs[type_]
    if objs is None:
        store = ex.store[type_]
        names = ex.sorted[type_] = _strcmp_sorted(store)
        objs = ex.sorted_objs[type_] = list(map(store.__getitem__, names))
        ex.ascii[type_] = "".join(names).isascii()
    return objs


def _provide(ex: "_Expander", names) -> None:
    """res_pjsip_phoneprov_provider runs over the phoneprov objects at the end; what
    each one consulted is remembered, so a refresh re-runs only those it concerns."""
    store = ex.store["phoneprov"]
    for name in names:
        obj = store.get(name)
        if obj is None:
            continue
        obj.added = []
        ex._deps = deps = {obj.wizard.name}
        try:
            if obj.hidden_by is None:
                ex.provider(obj)
        finally:
            ex._deps = None
        ex.prov_deps[name] = deps


def _publish(exp: Expansion, ex: "_Expander") -> None:
    exp._objects = None         # made again when asked for (Expansion.objects)
    exp._hints = None
    exp.log = ex.log
    exp.pjsip_objects = ex.pjsip_objs
    exp._ex = ex


def _refresh(exp: Expansion, ex: "_Expander", effs) -> None:
    model = exp.model
    ex.plans.clear()    # they hold the readings of templates that may have changed
    names = {e.name for e in effs}
    cache = ex.param_cache
    for e in effs:
        ex.readings.pop(e, None)
        # edits change Option objects in place: their cached Params are stale
        for sec in e.own_sections():
            for opt in sec.options:
                cache.pop(opt, None)
    before = _exported(ex, names)
    # forget what those wizards made and added to the dialplan
    for n in names:
        for made in ex.owned.pop(n, ()):
            type_, obj_name = made.type, made.name
            store = ex.store[type_]
            obj = store.get(obj_name)
            if obj is not None and obj.wizard.name == n:
                del store[obj_name]
                _remove_sorted(ex, type_, obj_name)
        ex.regs_of.pop(n, None)
    rerun = sorted({e for n in names for e in model.named(n)}, key=lambda e: e.index)
    # the hints are updated in place once made; until then hint_map makes them from the actions
    keep_hints = ex.hint_of is not None
    touched_keys = set()
    key_users = ex.users_of_keys() if keep_hints else {}
    for e in rerun:
        for key, _ in ex.hint_actions.pop(e.index, ()):
            touched_keys.add(key)
            key_users.get(key, set()).discard(e.index)
    reprovide = {n for n, deps in ex.prov_deps.items() if deps & names}
    pp_store = ex.store["phoneprov"]
    reprovided_wizards = {pp_store[n].wizard.name for n in reprovide if n in pp_store}
    ex.log = [x for x in ex.log if x.wizard not in names
              and not (x.source in _PROVIDER_SOURCES and x.wizard in reprovided_wizards)]
    if ex.wiz_pos is None:
        ex.wiz_pos = {w.eff.index: i for i, w in enumerate(exp.wizards)}
    with paused_gc():
        was = {e.index for e in rerun if e.index in ex.wiz_pos}
        now = set()
        for e in rerun:
            if e.is_wizard:
                w = ex.reading(e)
                now.add(e.index)
                if e.index in ex.wiz_pos:
                    exp.wizards[ex.wiz_pos[e.index]] = w
                else:
                    exp.wizards.append(w)
                ex.run(w)
        if was != now:      # a section became, or stopped being, a wizard
            gone = was - now
            exp.wizards = sorted((w for w in exp.wizards if w.eff.index not in gone), key=lambda w: w.eff.index)
            ex.wiz_pos = {w.eff.index: i for i, w in enumerate(exp.wizards)}
        index = ex.pjsip_index
        for n in names:
            for type_, obj_name in {(o.type, o.name) for o in ex.owned.get(n, ())}:
                obj = ex.store[type_].get(obj_name)
                if obj is None or obj.wizard.name != n:
                    continue
                if index:
                    obj.hidden_by = index.get((type_, obj_name))
                _insert_sorted(ex, type_, obj_name)
                if type_ == "phoneprov":
                    reprovide.add(obj_name)
        _provide(ex, sorted(reprovide))
        # the dialplan entries those wizards touch, before and after, replayed in file order
        if not keep_hints:
            touched_keys = ()
        for e in rerun if keep_hints else ():
            for key, _ in ex.hint_actions.get(e.index, ()):
                touched_keys.add(key)
                key_users.setdefault(key, set()).add(e.index)
        for key in touched_keys:
            users = key_users.get(key)
            val = None
            for idx in sorted(users or ()):
                for k, v in ex.hint_actions[idx]:
                    if k != key:
                        continue
                    if v is None:
                        val = None
                        continue
                    device, app, wname = v
                    if app is _KEEP:
                        app = val[1] if val else None
                    val = (device, app, wname)
            if val is None:
                ex.hint_of.pop(key, None)
            else:       # a hint that stays keeps its place
                ex.hint_of[key] = _mk(Hint, (key[1], key[0], val[0], val[1], val[2]))
        if _exported(ex, names) != before:
            exp.names_version += 1
        _publish(exp, ex)


def _exported(ex: "_Expander", names) -> set:
    """(type, name) of the objects the wizards of these names export."""
    store = ex.store
    return {(o.type, o.name) for n in names for o in ex.owned.get(n, ())
            if store[o.type].get(o.name) is o and o.hidden_by is None}


def _remove_sorted(ex: "_Expander", type_: str, name: str) -> None:
    lst = ex.sorted[type_]
    if lst is None:
        return                  # not sorted yet: _sorted will see the store as it is then
    if ex.ascii[type_] and name.isascii():
        i = bisect.bisect_left(lst, name)
        if i < len(lst) and lst[i] == name:
            del lst[i]
            del ex.sorted_objs[type_][i]
            return
    if name in lst:
        i = lst.index(name)
        del lst[i]
        del ex.sorted_objs[type_][i]


def _insert_sorted(ex: "_Expander", type_: str, name: str) -> None:
    lst = ex.sorted[type_]
    if lst is None:
        return
    obj = ex.store[type_][name]
    if ex.ascii[type_] and name.isascii():
        i = bisect.bisect_left(lst, name)
        if i < len(lst) and lst[i] == name:
            ex.sorted_objs[type_][i] = obj
        else:
            lst.insert(i, name)
            ex.sorted_objs[type_].insert(i, obj)
        return
    ex.ascii[type_] = False
    if name not in lst:
        lst.append(name)
    lst[:] = _strcmp_sorted(lst)
    ex.sorted_objs[type_] = list(map(ex.store[type_].__getitem__, lst))


# ----------------------------------------------------------------- output helpers
def format_value(value: str) -> str:
    """A value as it must be written in a config file (``;`` escaped)."""
    return value.replace(";", "\\;")


def provenance(source, eff: Effective | None = None) -> dict:
    """JSON-friendly provenance of a Param source (or a model entry).  With the wizard's
    Effective, each line also says how it reached the wizard (own/append/template/parent)."""
    from pjtui.pjsip.model import lines_of

    def line_info(entry, opt) -> dict:
        sec = opt.section
        d = {"file": file_of(opt), "line": opt.line, "section": sec.name if sec is not None else None,
             "text": f"{opt.key} {opt.op} {opt.value}"}
        if eff is not None and _in_vars(eff, entry):
            o = eff.origin(entry)
            d["origin"] = o.kind
            if o.via is not None:
                d["via"] = o.via.name
        return d

    def entry_lines(entry) -> list[dict]:
        return [line_info(entry, o) for o in lines_of(entry)]

    if isinstance(source, Derived):
        out = {"kind": "wizard", "rule": source.rule, "from": [d for e in source.entries for d in entry_lines(e)]}
        if source.default is not None:
            out["default"] = source.default
        return out
    return {"kind": "line", "from": entry_lines(source)}


def _in_vars(eff: Effective, entry) -> bool:
    return any(x is entry for x in eff.vars)
