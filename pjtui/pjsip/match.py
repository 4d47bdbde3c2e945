"""Which endpoint (and, for REGISTER, which aor) an incoming request would hit, and why.

Follows ``shared/spec/pjsip-objects.md`` §3: the identifiers run in
``global.endpoint_identifier_order`` (default ``ip,username,anonymous``; the names are
compared byte for byte, so ``ip, username`` only recognises ``ip``), then the named
identifiers not listed, in module load order.  ``ip`` walks every identify sorted by
name (byte order) and takes the first whose ``match`` contains the source address (and
port, for a port-specific item), ignoring the endpoint's ``identify_by``; ``username``
looks the From user up as ``user@domain``, ``user@<alias target>``, ``user`` and needs
``username`` in the endpoint's ``identify_by``.  For REGISTER the To user selects the aor
among the endpoint's ``aors`` (§3.4).

Before identification every ``type = acl`` object's permit/deny lines are applied (denied:
403); after it, the chosen endpoint's own permit/deny (denied: unidentified).  Named ACLs
of acl.conf (``acl =``) are not evaluated.

Objects are those Asterisk would have: pjsip.conf first, then what the wizard creates
(:func:`pjtui.pjsip.wizard.expand`).  Host names in ``match`` are resolved only through
the optional ``resolver`` (same contract as the wizard's).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from pjtui.pjsip.catalogue import is_true, parse_host_port, split_list

#: Identifier modules in load order (alphabetical module names), for unlisted names.
LOAD_ORDER = ("anonymous", "ip", "header", "request_uri", "username", "auth_username")
KNOWN = frozenset(LOAD_ORDER)


@dataclass
class Step:
    identifier: str
    outcome: str              # "matched" | "no match" | "skipped"
    detail: str


@dataclass
class MatchResult:
    endpoint: str | None = None
    endpoint_origin: str = ""          # "file:line"
    identifier: str | None = None
    steps: list[Step] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    register: dict | None = None       # {"status": 200/403/404/..., "aor": ..., "reason": ...}
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"endpoint": self.endpoint, "endpoint_origin": self.endpoint_origin,
                "identifier": self.identifier, "order": self.order,
                "steps": [s.__dict__ for s in self.steps], "register": self.register, "notes": self.notes}


class Objects:
    """Name look-ups as sorcery does them: pjsip.conf first, then the wizard's objects."""

    def __init__(self, pjsip=None, expansion=None):
        from pjtui.pjsip.wizard import fold, pjsip_objects

        self.by_type: dict[str, dict[str, tuple[dict, str]]] = {}
        self.ordered: dict[tuple[str, str], list[tuple[str, str]]] = {}   # params in apply order
        if pjsip is not None:
            objs, _log = pjsip_objects(pjsip)
            for o in objs:
                params = [_P(e.key, e.value) for e in o.eff.vars if e.key.lower() != "type"]
                fields = fold(o.type, params)
                sec = o.eff.section
                if o.name not in self.by_type.setdefault(o.type, {}):
                    self.by_type[o.type][o.name] = (fields, f"{sec.doc.name}:{sec.line}")
                    self.ordered[(o.type, o.name)] = [(p.key.lower(), p.value) for p in params]
        if expansion is not None:
            for obj in expansion.objects:
                sec = obj.wizard.eff.section
                origin = f"{sec.doc.name}:{sec.line} (wizard [{obj.wizard.name}])"
                if obj.name not in self.by_type.setdefault(obj.type, {}):
                    self.by_type[obj.type][obj.name] = (obj.fields(), origin)
                    self.ordered[(obj.type, obj.name)] = [(p.key.lower(), p.value) for p in obj.all_params()]

    def get(self, type_: str, name: str):
        return self.by_type.get(type_, {}).get(name)

    def all(self, type_: str) -> dict:
        return self.by_type.get(type_, {})


class _P:
    __slots__ = ("key", "value")

    def __init__(self, key, value):
        self.key = key
        self.value = value


def _text(v) -> str:
    if v is None:
        return ""
    return ",".join(v) if isinstance(v, list) else v


def _items(v) -> list[str]:
    out = []
    for part in (v if isinstance(v, list) else [v or ""]):
        out += split_list(part)
    return out


def acl_verdict(params: list[tuple[str, str]], addr, keys=("permit", "deny")) -> tuple[bool, str | None]:
    """Asterisk's ast_apply_ha over the permit/deny lines in the order written: start
    allowed, and every rule whose network contains the address sets allow/deny.
    Returns (allowed, the deciding rule or None).  Named ACLs (acl=) are not evaluated."""
    allowed, rule = True, None
    permit, deny = keys
    for key, value in params:
        if key not in keys:
            continue
        for item in split_list(value):
            text = item.lstrip("!").strip()
            try:
                if "/" in text:
                    a, mask = text.split("/", 1)
                    net = ipaddress.ip_network(f"{a.strip()}/{mask.strip()}", strict=False)
                else:
                    net = ipaddress.ip_network(text)
            except ValueError:
                continue
            if net.version == addr.version and addr in net:
                allowed = key == permit
                rule = f"{key} = {item}"
    return allowed, rule


def identifier_order(objects: Objects) -> tuple[list[str], list[str]]:
    """Effective identifier sequence (after ``line``) and notes about ignored items."""
    glob = next(iter(objects.all("global").values()), None)
    raw = _text(glob[0].get("endpoint_identifier_order")) if glob else ""
    if not raw:
        raw = "ip,username,anonymous"
    notes = []
    listed = []
    for item in raw.split(","):          # byte-exact, no trimming (res_pjsip.c)
        if item in KNOWN and item not in listed:
            listed.append(item)
        elif item.strip():
            notes.append(f"endpoint_identifier_order item '{item}' is not recognised (blanks count); "
                         "that identifier runs after the listed ones")
    rest = [n for n in LOAD_ORDER if n not in listed]
    return listed + rest, notes


def _match_item(item: str, addr, port: int | None, resolver):
    """(matches, explanation) for one identify match item against addr/port."""
    text = item.strip()
    try:
        if "/" in text:
            a, mask = text.split("/", 1)
            net = ipaddress.ip_network(f"{a.strip()}/{mask.strip()}", strict=False)
            return addr in net, None
    except ValueError:
        return False, f"'{item}' is not a valid network"
    hp = parse_host_port(text)
    if hp is None:
        return False, f"'{item}' is malformed"
    host, iport = hp
    if iport is not None and port is not None and iport != port:
        return False, None
    try:
        ip = ipaddress.ip_address(host)
        return ip == addr, None
    except ValueError:
        pass
    if resolver is None:
        return False, f"'{item}' is a host name; pass --hosts to resolve it"
    found = resolver(host, None if iport is None else str(iport))
    if not found:
        return False, f"'{item}' does not resolve"
    for a in found:
        try:
            if ipaddress.ip_address(a) == addr:
                return True, f"'{item}' resolves to {a}"
        except ValueError:
            continue
    return False, None


def match_request(objects: Objects, *, ip: str, port: int | None = None, from_user: str | None = None,
                  from_domain: str | None = None, register: bool = False, to_user: str | None = None,
                  to_domain: str | None = None, auth_user: str | None = None, resolver=None) -> MatchResult:
    res = MatchResult()
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        raise ValueError(f"'{ip}' is not an IP address") from None
    glob = next(iter(objects.all("global").values()), None)
    gfields = glob[0] if glob else {}
    ignore_opts = is_true(_text(gfields.get("ignore_uri_user_options")) or "no")
    multi_domain = not is_true(_text(gfields.get("disable_multi_domain")) or "no")
    order, notes = identifier_order(objects)
    res.order = ["line"] + order
    res.notes += notes
    for name in sorted(objects.all("acl")):
        ok, rule = acl_verdict(objects.ordered.get(("acl", name), []), addr)
        if not ok:
            res.steps.append(Step("acl", "denied", f"acl '{name}' ({objects.get('acl', name)[1]}) denies {ip} "
                                                   f"by '{rule}'"))
            res.notes.append("rejected with 403 before any endpoint identification")
            res.register = {"status": 403, "aor": None, "reason": f"denied by acl '{name}'"} if register else None
            return res
    res.steps.append(Step("line", "skipped", "no ;line= parameter in the request (only registrations "
                                             "with line = yes add one)"))

    def endpoint(name):
        return objects.get("endpoint", name)

    def ident_by(ep_fields) -> list[str]:
        v = _text(ep_fields.get("identify_by")) or "username,ip"
        return [x.lower() for x in split_list(v)]

    def user_lookup(user: str, domain: str | None, what: str):
        """username-style look-up; returns (name, detail) or (None, detail)."""
        tried = []
        cands = []
        if domain and multi_domain:
            cands.append(f"{user}@{domain}")
            alias = objects.get("domain_alias", domain)
            if alias is not None and _text(alias[0].get("domain")):
                cands.append(f"{user}@{_text(alias[0].get('domain'))}")
        cands.append(user)
        for c in cands:
            tried.append(c)
            ep = endpoint(c)
            if ep is not None:
                if what not in ident_by(ep[0]):
                    return None, (f"endpoint '{c}' exists ({ep[1]}) but its identify_by "
                                  f"({','.join(ident_by(ep[0]))}) does not include {what}")
                return c, f"endpoint '{c}' ({ep[1]}), identify_by includes {what}"
        return None, "no endpoint named " + " / ".join(f"'{t}'" for t in tried)

    for ident in order:
        if ident == "ip":
            hit = None
            port_note = False
            details = []
            for name in sorted(objects.all("identify"), key=lambda n: n.encode("utf-8", "surrogateescape")):
                fields, origin = objects.get("identify", name)
                for item in _items(fields.get("match")):
                    if port is None and "/" not in item and (parse_host_port(item) or ("", None))[1] is not None:
                        port_note = True
                    ok, why = _match_item(item, addr, port, resolver)
                    if why and not ok:
                        details.append(f"identify '{name}': {why}")
                    if ok:
                        hit = (name, fields, origin, item, why)
                        break
                if hit:
                    break
            if port_note:
                res.notes.append("no --port given: port-specific identify items were compared as if the "
                                 "request came from their port")
            if hit is None:
                extra = ("; " + "; ".join(details)) if details else ""
                res.steps.append(Step("ip", "no match", f"no identify matches {ip}{extra}"))
                continue
            name, fields, origin, item, why = hit
            ep_name = _text(fields.get("endpoint"))
            ep = endpoint(ep_name)
            matched = f"identify '{name}' ({origin}) matches {ip} with '{item}'" + (f" ({why})" if why else "")
            if ep is None:
                res.steps.append(Step("ip", "no match", f"{matched}, but it points to endpoint '{ep_name}', "
                                                        "which could not be found"))
                continue
            res.steps.append(Step("ip", "matched", matched + " (identify objects are tried in name order; "
                                                             "identify_by is not consulted)"))
            res.endpoint, res.endpoint_origin, res.identifier = ep_name, ep[1], "ip"
            break
        if ident in ("username", "auth_username"):
            # Both look the endpoint up by a user name: the From user, or the digest username.
            if ident == "username":
                user = from_user.split(";", 1)[0] if from_user and ignore_opts else from_user
                missing, what = "no --from-user given", "From user"
            else:
                user = auth_user
                missing, what = "no --auth-user (digest username) given", "digest username"
            if not user:
                res.steps.append(Step(ident, "skipped", missing))
                continue
            name, detail = user_lookup(user, from_domain, ident)
            if name is None:
                res.steps.append(Step(ident, "no match", f"{what} '{user}': {detail}"))
                continue
            res.steps.append(Step(ident, "matched", f"{what} '{user}': {detail}"))
            res.endpoint, res.endpoint_origin, res.identifier = name, endpoint(name)[1], ident
            break
        if ident == "anonymous":
            cands = ([f"anonymous@{from_domain}"] if from_domain and multi_domain else []) + ["anonymous"]
            found = next((c for c in cands if endpoint(c) is not None), None)
            if found is None:
                res.steps.append(Step("anonymous", "no match", "no endpoint named " +
                                      " / ".join(f"'{c}'" for c in cands)))
                continue
            res.steps.append(Step("anonymous", "matched", f"endpoint '{found}' takes any request"))
            res.endpoint, res.endpoint_origin, res.identifier = found, endpoint(found)[1], "anonymous"
            break
        if ident in ("header", "request_uri"):
            key = "match_header" if ident == "header" else "match_request_uri"
            users = [n for n, (f, _o) in objects.all("identify").items() if _text(f.get(key))]
            detail = (f"identifies with {key} ({', '.join(sorted(users))}) are not evaluated without the "
                      "request's headers" if users else f"no identify has {key}")
            res.steps.append(Step(ident, "skipped", detail))
    if res.endpoint is not None:
        ok, rule = acl_verdict(objects.ordered.get(("endpoint", res.endpoint), []), addr)
        if not ok:
            res.steps.append(Step("endpoint acl", "denied", f"endpoint '{res.endpoint}' denies {ip} by '{rule}': "
                                                            "the request is treated as unidentified"))
            res.endpoint, res.identifier = None, None
    if res.endpoint is None:
        res.notes.append("unidentified: Asterisk answers with a challenge that can never succeed and logs "
                         "'No matching endpoint found'")
    if register:
        res.register = _register(objects, res.endpoint, to_user, to_domain, auth_user, ignore_opts)
    return res


def _register(objects: Objects, ep_name, to_user, to_domain, auth_user, ignore_opts) -> dict:
    if ep_name is None:
        return {"status": 401, "aor": None, "reason": "no endpoint identified: the REGISTER is challenged "
                                                      "and can never authenticate"}
    ep_fields, _ = objects.get("endpoint", ep_name)
    aors = _items(ep_fields.get("aors"))
    if not aors:
        return {"status": 403, "aor": None, "reason": f"Endpoint '{ep_name}' has no configured AORs"}
    if not to_user:
        return {"status": None, "aor": None, "reason": f"pass --to-user: the To user picks one of the aors "
                                                       f"{', '.join(aors)}"}
    user = to_user.split(";", 1)[0] if ignore_opts else to_user
    cands = []
    if to_domain:
        cands.append(f"{user}@{to_domain}")
        alias = objects.get("domain_alias", to_domain)
        if alias is not None and _text(alias[0].get("domain")):
            cands.append(f"{user}@{_text(alias[0].get('domain'))}")
    cands.append(user)
    chosen = next((c for c in cands if c in aors), None)
    how = f"To user '{user}'"
    ident = [x.lower() for x in split_list(_text(ep_fields.get("identify_by")) or "username,ip")]
    if chosen is None and "auth_username" in ident and auth_user:
        chosen = next((c for c in [auth_user] if c in aors), None)
        how = f"digest username '{auth_user}'"
    if chosen is None:
        return {"status": 404, "aor": None,
                "reason": f"{how} is not among endpoint '{ep_name}''s aors ({', '.join(aors)}): AOR '{user}' not "
                          f"found for endpoint '{ep_name}'. The phone must register as To: "
                          f"<sip:{aors[0]}@...>"}
    aor = objects.get("aor", chosen)
    if aor is None:
        return {"status": 404, "aor": chosen, "reason": f"aor '{chosen}' is listed by the endpoint but does not "
                                                        "exist"}
    fields, origin = aor
    try:
        mc = int(_text(fields.get("max_contacts")) or "0", 0)
    except ValueError:
        mc = 0
    if mc <= 0:
        return {"status": 403, "aor": chosen, "reason": f"AOR '{chosen}' ({origin}) has no configured "
                                                        "max_contacts"}
    rm = is_true(_text(fields.get("remove_existing")) or "no")
    more = ("; when full the oldest contact is replaced (remove_existing)" if rm else
            "; when full further REGISTERs are refused (remove_existing is off)")
    return {"status": 200, "aor": chosen, "reason": f"{how} selects aor '{chosen}' ({origin}), "
                                                    f"max_contacts = {mc}{more}"}
