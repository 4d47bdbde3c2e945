"""Security and identification: who a request is taken to come from, and whether a
password stands in the way (spec ids R14-R18, Z8): unauthenticated endpoints, shared
credentials, endpoints no identifier selects, identifies that overlap."""

from __future__ import annotations

import ipaddress

from pjtui.pjsip.catalogue import is_true, parse_host_port, split_list
from pjtui.pjsip.checks.helpers import NO_ENTRY, report_at
from pjtui.pjsip.checks.registry import GLOBAL, IDENTIFY, PJSIP_OBJECT, WIZARD, Problem, rule

def same_auth(file, line, name, auth) -> Problem:
    return Problem("same-auth-in-out", file, line, name,
                   f"auth '{auth}' is used both to challenge the peer (auth) and to answer its "
                   "challenges (outbound_auth): both sides must then share one password, which is rarely "
                   "what is meant.", "Use separate auths, or only one direction.", key="outbound_auth")


def unauthenticated(file, line, name, fix) -> Problem:
    return Problem("unauthenticated-username", file, line, name,
                   f"No auth and identify_by includes username: any device that puts '{name}' in its "
                   "From header is accepted as this endpoint without a password.", f"Add {fix}.")




@rule("same-auth-in-out", "warning", "the same auth used inbound and outbound", scope=PJSIP_OBJECT,
      types=("endpoint",))
@rule("unauthenticated-username", "warning", "identified by username without auth", spec="R14")
def endpoint_auth(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    v = eff.value
    auth = split_list(v("auth") or "")
    oauth = split_list(v("outbound_auth") or "")
    same = [a for a in auth if a in oauth]
    if same:
        out.append(same_auth(*report_at(eff, eff.find("outbound_auth")), eff.name, same[0]))
    ident = [x.lower() for x in split_list(v("identify_by") or "username,ip")]
    if not auth and ("username" in ident or "auth_username" in ident):
        out.append(unauthenticated(file, line, eff.name, "auth = <auth name>"))
    return out


# Compares passwords by value, but only of a wizard with both inbound_auth/ and
# outbound_auth/ lines: the engine never memoises such a wizard.
@rule("same-auth-in-out", scope=WIZARD, reads=("accepts_auth", "sends_auth", "endpoint/auth",
                                               "endpoint/outbound_auth", "endpoint/identify_by",
                                               "inbound_auth/username", "outbound_auth/username"),
      reads_unmemoised=("inbound_auth/password", "outbound_auth/password"))
@rule("unauthenticated-username")
def wizard_auth_use(ctx, w, file, line) -> list[Problem]:
    out = []
    name = w.name
    accepts_auth = w.flag("accepts_auth")
    sends_auth = w.flag("sends_auth")
    ep_auth = [] if accepts_auth else split_list((w.last("endpoint", "auth") or NO_ENTRY).value)
    ep_oauth = [] if sends_auth else split_list((w.last("endpoint", "outbound_auth") or NO_ENTRY).value)
    same = [a for a in ep_auth if a in ep_oauth]
    if same:
        out.append(same_auth(*report_at(w.eff, w.last("endpoint", "outbound_auth")), name, same[0]))
    iuser = w.last("inbound_auth", "username")
    ouser = w.last("outbound_auth", "username")
    if accepts_auth and sends_auth and iuser is not None and ouser is not None:
        ip = w.last("inbound_auth", "password")
        op = w.last("outbound_auth", "password")
        if iuser.value == ouser.value and ip is not None and op is not None and ip.value == op.value:
            out.append(Problem("same-auth-in-out", *report_at(w.eff, ouser), name,
                               "inbound_auth and outbound_auth have the same username and password: the "
                               "peer must answer our challenge with the credentials we send it.",
                               "Usually a trunk needs only sends_auth and a phone only accepts_auth.",
                               key=ouser.key))
    ident = w.last("endpoint", "identify_by")
    ident_v = [x.lower() for x in split_list(ident.value if ident is not None else "username,ip")]
    has_auth = accepts_auth or bool(w.last("endpoint", "auth"))
    if not has_auth and ("username" in ident_v or "auth_username" in ident_v):
        out.append(unauthenticated(file, line, name, "accepts_auth = yes with inbound_auth/, or "
                                   "endpoint/identify_by = ip for a trunk"))
    return out


@rule("wizard-registrations-unauthenticated", "warning", "accepts_registrations without accepts_auth",
      spec="Z8", scope=WIZARD, reads=("accepts_registrations", "accepts_auth", "inbound_auth/username",
                                          "endpoint/auth"))
@rule("register-user", "hint", "the user a phone must register as differs from its auth username", spec="R16")
def registering_user(ctx, w, file, line) -> list[Problem]:
    if not w.flag("accepts_registrations"):
        return []
    out = []
    name = w.name
    accepts_auth = w.flag("accepts_auth")
    if not accepts_auth and not w.last("endpoint", "auth"):
        out.append(Problem("wizard-registrations-unauthenticated", *report_at(w.eff, w.opt("accepts_registrations")),
                           name, "accepts_registrations = yes without accepts_auth: anyone can register "
                           f"as '{name}' without a password.",
                           "Set accepts_auth = yes with inbound_auth/username and password.",
                           key="accepts_registrations"))
    iuser = w.last("inbound_auth", "username")
    if accepts_auth and iuser is not None and iuser.value and iuser.value != name:
        out.append(Problem("register-user", *report_at(w.eff, iuser), name,
                           f"The phone must use '{name}' as its SIP user (From/To of the REGISTER: the "
                           f"aor is '{name}') and '{iuser.value}' only as the authentication name; a phone "
                           f"set up with user '{iuser.value}' is not identified (404 or 401).",
                           f"Configure the phone with user {name}, auth name {iuser.value}.",
                           key=iuser.key))
    return out


@rule("auth-username-mismatch", "warning", "auth_username identification that can never match", spec="R17",
      scope=GLOBAL)
@rule("unidentifiable-endpoint", "warning", "endpoint no identifier can select", spec="R18")
def unidentifiable(ctx) -> list[Problem]:
    """R17/R18: endpoints whose identify_by leaves no way to select them."""
    idents: set[str] = set()
    auths: dict[str, str] = {}
    if ctx.pjsip is not None and not ctx.pjsip.rejected:
        for eff in ctx.pjsip.sections:
            if eff.template:
                continue
            t = ctx.pjsip_type(eff)
            if t == "identify":
                idents.add(eff.value("endpoint") or "")
            elif t == "registration" and is_true(eff.value("line") or ""):
                # The 'line' identifier runs before identify_by's and ignores it.
                idents.add(eff.value("endpoint") or "")
            elif t == "auth":
                auths.setdefault(eff.name, eff.value("username") or "")
    exp = ctx.expanded()
    if exp is not None:
        cached = ctx.edit_cache.get("identified endpoints")
        if cached is None or cached[0] is not exp:
            found = set()
            known = ctx.run_cache.setdefault("identify endpoints", {})
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
            cached = ctx.edit_cache["identified endpoints"] = (exp, found)
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

    if ctx.pjsip is not None and not ctx.pjsip.rejected:
        for eff in ctx.pjsip.sections:
            if eff.template or ctx.pjsip_type(eff) != "endpoint":
                continue
            e = eff.find("identify_by")
            if e is None:
                continue
            first = next(iter(split_list(eff.value("auth") or "")), None)
            judge(eff.name, e, auths.get(first) if first else None, report_at(eff, e))
    for eff, e, user in ctx.wizard_identify_by.values():
        judge(eff.name, e, user.value if user is not None else None, report_at(eff, e))
    return out


# ------------------------------------------------------------ identify overlaps

def identify_items(ctx, eff, kind: str) -> list:
    """Parsed match items of the identify a section is or makes (cached per section)."""
    raw = []
    if eff.template:
        return raw
    if kind == "pjsip":
        if ctx.pjsip_type(eff) != "identify":
            return raw
        ep = eff.value("endpoint") or ""
        for e in eff.find_all("match"):
            for it in split_list(e.value):
                raw.append((it, eff.name, ep, e))
    else:
        if not ctx.is_wizard(eff):
            return raw
        w = ctx.view(eff)
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
        f, ln = report_at(eff, e)
        if parsed[0] == "name":
            out.append(("name", parsed[1], (parsed[2], ident, ep, f, ln, eff.name)))
        else:
            out.append(("net", parsed[1] + (ident, ep, f, ln, eff.name, it)))
    return out


@rule("identify-overlap", "warning", "two identifies match the same address", spec="R15", scope=IDENTIFY)
def overlaps(item_lists) -> list[Problem]:
    """R15 over the :func:`identify_items` of every section, by a sort-and-sweep."""
    nets = []
    names: dict[str, list] = {}
    for got in item_lists:
        if got:
            for item in got:
                if item[0] == "net":
                    nets.append(item[1])
                else:
                    names.setdefault(item[1], []).append(item[2])
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


