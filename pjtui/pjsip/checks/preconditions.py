"""Wizard preconditions: what a wizard must say for Asterisk to make its objects
(wizard-expansion.md §3, spec ids Z2-Z9, Z11-Z13, Z15, Z22), and the errors Asterisk
logs while expanding that no other rule explains."""

from __future__ import annotations

import os
import re

from pjtui.pjsip.catalogue import is_true, parse_c_int, parse_host_port
from pjtui.pjsip.checks.helpers import file_of, is_host_name, report_at, sip_uri_problem
from pjtui.pjsip.checks.hosts import host_problem
from pjtui.pjsip.checks.objects import auth_rules, max_contacts_one
from pjtui.pjsip.checks.registry import LOG, WIZARD, Problem, rule

_FLAGS_READ = ("sends_auth", "accepts_auth", "sends_registrations", "sends_line_with_registrations",
               "accepts_registrations")


@rule("wizard-sends-auth-no-username", "error", "sends_auth without outbound_auth/username", spec="Z4",
      scope=WIZARD, reads=_FLAGS_READ + ("remote_hosts", "outbound_auth/username", "inbound_auth/username",
                           "outbound_auth/auth_type", "inbound_auth/auth_type"))
@rule("wizard-accepts-auth-no-username", "error", "accepts_auth without inbound_auth/username", spec="Z5")
@rule("wizard-unused-auth", "warning", "auth values given but the auth is not created", spec="Z6")
@rule("auth-incomplete")
def wizard_auths(ctx, w, file, line) -> list[Problem]:
    out: list[Problem] = []
    name = w.name
    sends_auth = w.flag("sends_auth")
    accepts_auth = w.flag("accepts_auth")
    ouser = w.last("outbound_auth", "username")
    iuser = w.last("inbound_auth", "username")
    # Z4 / Z5
    if sends_auth and ouser is None:
        f, ln = report_at(w.eff, w.opt("sends_auth"))
        out.append(Problem("wizard-sends-auth-no-username", f, ln, name,
                           f"Wizard '{name}' must have 'outbound_auth/username' if it sends_auth: "
                           f"Asterisk creates neither {name}-oauth nor {name}-iauth, and the endpoint "
                           "names an auth that does not exist.", "Add outbound_auth/username (and "
                           "outbound_auth/password).", key="sends_auth"))
        if w.flag("sends_registrations") and w.hosts:   # without hosts the remote_hosts error comes first
            out.append(Problem("wizard-sends-auth-no-username", f, ln, name,
                               f"Wizard '{name}' must have 'outbound_auth/username' if it sends "
                               "authentication: no registration is created.",
                               "Add outbound_auth/username.", key="sends_auth"))
    if accepts_auth and iuser is None:
        f, ln = report_at(w.eff, w.opt("accepts_auth"))
        out.append(Problem("wizard-accepts-auth-no-username", f, ln, name,
                           f"Wizard '{name}' must have 'inbound_auth/username' if it accepts_auth: "
                           f"{name}-iauth is not created and every request from the endpoint gets 500.",
                           "Add inbound_auth/username and inbound_auth/password.", key="accepts_auth"))
    # generated auths must be complete
    if sends_auth and ouser is not None:
        out += _wizard_auth(w, "outbound_auth", f"{name}-oauth", file, line)
    if accepts_auth and iuser is not None and not (sends_auth and ouser is None):
        out += _wizard_auth(w, "inbound_auth", f"{name}-iauth", file, line)
    # Z6
    for prefix, flag in (("outbound_auth", sends_auth), ("inbound_auth", accepts_auth)):
        ents = w.w.passthrough.get(prefix)
        if ents and not flag:
            opt = "sends_auth" if prefix == "outbound_auth" else "accepts_auth"
            f, ln = report_at(w.eff, ents[0].source)
            out.append(Problem("wizard-unused-auth", f, ln, name,
                               f"{prefix}/ values are given but {opt} is not yes, so the auth is not "
                               "created and they are unused.", f"Set {opt} = yes, or remove them.",
                               key=ents[0].source.key))
    return out


def _wizard_auth(w, prefix: str, obj: str, file, line) -> list[Problem]:
    def value(k, d=None):
        e = w.last(prefix, k)
        return d if e is None else e.value

    def find_all(k):
        return w.entries(prefix, k)

    probs = auth_rules(obj, value, find_all, file, line, wizard=w.name, prefix=prefix)
    for p in probs:
        p.section = w.name
    return probs


@rule("wizard-identify-no-hosts", "error", "identify needed but no remote_hosts", spec="Z3",
      scope=WIZARD, reads=_FLAGS_READ + ("remote_hosts",))
@rule("wizard-sends-registrations-no-hosts", "error", "sends_registrations without remote_hosts", spec="Z2")
def remote_hosts_needed(ctx, w, file, line) -> list[Problem]:
    out = []
    name = w.name
    hosts = w.hosts
    if not w.flag("accepts_registrations") and not w.flag("sends_line_with_registrations") and not hosts:
        out.append(Problem("wizard-identify-no-hosts", file, line, name,
                           f"Wizard '{name}' must have 'remote_hosts' if it doesn't accept "
                           f"registrations: no {name}-identify is created, so requests from the peer "
                           "are not matched by address.",
                           "Add remote_hosts = <peer address>, or accepts_registrations = yes for a "
                           "phone."))
    if w.flag("sends_registrations") and not hosts:
        f, ln = report_at(w.eff, w.opt("sends_registrations"))
        out.append(Problem("wizard-sends-registrations-no-hosts", f, ln, name,
                           f"Wizard '{name}' must have 'remote_hosts' if it sends registrations: no "
                           "registration is created.", "Add remote_hosts = <registrar host>.",
                           key="sends_registrations"))
    return out


@rule("wizard-registrations-refused", "error", "accepts_registrations without max_contacts", spec="Z7",
      scope=WIZARD, reads=_FLAGS_READ + ("aor/max_contacts", "aor/remove_existing"))
@rule("max-contacts-one")
def registrations_accepted(ctx, w, file, line) -> list[Problem]:
    out = []
    name = w.name
    mc_e = w.last("aor", "max_contacts")
    mc = parse_c_int(mc_e.value.strip()) if mc_e is not None else 0
    if w.flag("accepts_registrations") and not mc:
        f, ln = report_at(w.eff, w.opt("accepts_registrations"))
        out.append(Problem("wizard-registrations-refused", f, ln, name,
                           "accepts_registrations = yes but aor/max_contacts is not set above 0: Asterisk "
                           f"answers every REGISTER to '{name}' with 403.",
                           "Add aor/max_contacts = 1 (and aor/remove_existing = yes).",
                           key="accepts_registrations"))
    if mc == 1:
        rm = w.last("aor", "remove_existing")
        if rm is None or not is_true(rm.value):
            f, ln = report_at(w.eff, mc_e)
            out.append(max_contacts_one(f, ln, name, "aor/max_contacts", "aor/remove_existing"))
    return out


@rule("wizard-line-without-registrations", "warning", "sends_line_with_registrations alone", spec="Z9",
      scope=WIZARD, reads=_FLAGS_READ + ("registration/line",))
@rule("wizard-line-options", "error", "registration/endpoint or /line without line support", spec="Z11")
def line_support(ctx, w, file, line) -> list[Problem]:
    out = []
    name = w.name
    sends_reg = w.flag("sends_registrations")
    sends_line = w.flag("sends_line_with_registrations")
    if sends_line and not sends_reg:
        f, ln = report_at(w.eff, w.opt("sends_line_with_registrations"))
        out.append(Problem("wizard-line-without-registrations", f, ln, name,
                           "sends_line_with_registrations without sends_registrations: no identify and "
                           "no line, so calls from the peer are not identified.",
                           "Set sends_registrations = yes, or remove sends_line_with_registrations.",
                           key="sends_line_with_registrations"))
    if sends_reg and not sends_line:
        for p in ("endpoint", "line"):
            e = w.last("registration", p)
            if e is not None and (p == "endpoint" or is_true(e.value)):
                f, ln = report_at(w.eff, e)
                out.append(Problem("wizard-line-options", f, ln, name,
                                   f"registration/{p} without sends_line_with_registrations: Asterisk "
                                   "rejects every registration of this wizard.",
                                   "Use sends_line_with_registrations = yes instead.", key=e.key))
    return out


@rule("wizard-bad-remote-host", "error", "remote_hosts item that breaks the registration", spec="Z12",
      scope=WIZARD, reads=_FLAGS_READ + ("remote_hosts", "identify/match"))
@rule("wizard-port-specific-match", "hint", "remote host with a port: port-specific identify", spec="Z13")
@rule("host-name")
@rule("unresolvable-host")
def remote_hosts(ctx, w, file, line) -> list[Problem]:
    rh = w.opt("remote_hosts")
    if rh is None:
        return []
    sends_reg = w.flag("sends_registrations")
    no_identify = w.flag("accepts_registrations") or w.flag("sends_line_with_registrations")
    out = []
    name = w.name
    f, ln = report_at(w.eff, rh)
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
            out.append(host_problem(ctx, h, port, rh, name, "remote_hosts", identify=identify, wizard=True))
    return out


@rule("wizard-empty-uri-pattern", "error", "empty URI pattern: no registration made", spec="Z22",
      scope=WIZARD, reads=_FLAGS_READ + ("remote_hosts", "outbound_auth/username", "server_uri_pattern",
                                         "client_uri_pattern", "registration/server_uri",
                                         "registration/client_uri"))
@rule("registration-invalid")
def registration_uris(ctx, w, file, line) -> list[Problem]:
    """The URIs of each registration the wizard makes (the wizard's name may be in them:
    the engine's memo keys a wizard that sends registrations by its name too)."""
    hosts = w.hosts
    if not (w.flag("sends_registrations") and hosts):
        return []
    sends_auth = w.flag("sends_auth")
    ouser = w.last("outbound_auth", "username")
    if sends_auth and ouser is None:
        return []
    out = []
    name = w.name
    username = ouser.value if sends_auth else name
    for which in ("server_uri", "client_uri"):
        pat_e = w.opt(f"{which}_pattern")
        default = "sip:${REMOTE_HOST}" if which == "server_uri" else "sip:${USERNAME}@${REMOTE_HOST}"
        pattern = pat_e.value if pat_e is not None else default
        if pattern == "":
            user = w.last("registration", which)
            if user is None or not user.value:
                word = "server" if which == "server_uri" else "client"
                out.append(Problem("wizard-empty-uri-pattern", *report_at(w.eff, pat_e), name,
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
                out.append(Problem("registration-invalid", *report_at(w.eff, src), name,
                                   f"{which} '{uri}' of {name}-reg-{i} {why}: Asterisk rejects it and "
                                   "creates no later registration.", f"Fix {src.key}.", key=src.key))
                break
    return out


@rule("wizard-pattern", "warning", "URI pattern with unknown variables or no ${REMOTE_HOST}", spec="Z15",
      scope=WIZARD, reads=("contact_pattern", "server_uri_pattern", "client_uri_pattern", "remote_hosts"))
def uri_patterns(ctx, w, file, line) -> list[Problem]:
    out = []
    for pat in ("contact_pattern", "server_uri_pattern", "client_uri_pattern"):
        e = w.opt(pat)
        if e is None or e.value == "":
            continue
        names = re.findall(r"\$\{([^}]*)\}", e.value)
        allowed = {"REMOTE_HOST"} if pat == "contact_pattern" else {"REMOTE_HOST", "USERNAME"}
        bad = [n for n in names if n not in allowed]
        if bad:
            out.append(Problem("wizard-pattern", *report_at(w.eff, e), w.name,
                               f"{pat} uses ${{{bad[0]}}}, which the wizard does not define there: it "
                               "becomes a dialplan global variable or empty.",
                               f"Use only {', '.join('${%s}' % a for a in sorted(allowed))}.", key=e.key))
        elif "REMOTE_HOST" not in names and len(w.hosts) > 1:
            out.append(Problem("wizard-pattern", *report_at(w.eff, e), w.name,
                               f"{pat} has no ${{REMOTE_HOST}}: every remote host gets the same value.",
                               "Add ${REMOTE_HOST}.", key=e.key))
    return out


# ------------------------------------------------------------ what Asterisk logs

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
    # a registration's URI that is not sip:/sips: (or too long), before "is not a sip(s) uri" of contacts
    ("URI or hostname length exceeds pjproject limit", ("registration-invalid", "wizard-bad-remote-host",
                                                        "wizard-empty-uri-pattern")),
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


@rule("wizard-error", "error", "error Asterisk logs when it expands the wizard", scope=LOG)
def wizard_log(ctx, found: list[Problem]) -> list[Problem]:
    """Every ERROR Asterisk logs while expanding (wizard.expand) that no specific
    check explains becomes a ``wizard-error`` on its wizard, in Asterisk's words."""
    exp = ctx.expanded()
    if exp is None or exp.rejected or not any(log.level == "ERROR" for log in exp.log):
        return []
    by_section: dict[str, set[str]] = {}
    by_line: dict[tuple[str, int], set[str]] = {}
    for p in found:
        if p.severity == "error":
            by_section.setdefault(p.section, set()).add(p.code)
            by_line.setdefault((p.file, p.line), set()).add(p.code)
    effs = {}
    for eff in ctx.wizard_sections():
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
        hf, hl = file_of(eff.section), eff.section.line
        if entry is not None and codes:
            f, ln = file_of(entry), entry.line
            if by_line.get((f, ln), set()) & set(codes):
                # explained at a template's line: say on the wizard that it inherits it
                code = next(c for c in codes if c in by_line[(f, ln)])
                out.append(Problem(code, hf, hl, wname,
                                   f"inherits {entry.key} = {entry.value} (line {ln}), so Asterisk logs: "
                                   f"{text}.", f"Fix line {ln} of {os.path.basename(f)}.",
                                   key=entry.key, severity="error"))
                continue
        f, ln = (file_of(entry), entry.line) if entry is not None else (hf, hl)
        out.append(Problem("wizard-error", f, ln, wname,
                           f"Asterisk logs: {text}", "See the lines of this wizard."))
    return out
