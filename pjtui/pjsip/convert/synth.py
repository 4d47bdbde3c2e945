"""One wizard section from a group of objects: the options and pass-through lines that make
the wizard create those objects again, and the names it gives them."""

from __future__ import annotations

import re
from typing import NamedTuple

from pjtui.pjsip.convert.group import Group
from pjtui.pjsip.convert.objects import PROVIDER_KEYS, Obj
from pjtui.pjsip.export import norm_value


class Unconvertible(Exception):
    """A group a wizard cannot express; the message says why."""


class WizardSection(NamedTuple):
    name: str
    lines: list           # [(key, value)] in apply order, ``type = wizard`` first
    renames: list         # [(type, old name, new name)] where the wizard's name differs
    group: Group


_HOST_RE = re.compile(r"^(sips?:)([^@;?>]*@)?(\[[^\]]*\](?::\d+)?|[^;?>]*)")


def uri_host(uri: str) -> str | None:
    """``host[:port]`` of a SIP URI, None when it has none."""
    m = _HOST_RE.match(uri)
    return m.group(3) if m and m.group(3) else None


def _items(obj: Obj, key: str) -> list[str]:
    out = []
    for k, v in obj.lines:
        if k.lower() == key:
            out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _lines(prefix: str, obj: Obj, skip=()) -> list[tuple[str, str]]:
    return [(f"{prefix}/{k}", v) for k, v in obj.lines if k.lower() not in skip and k not in skip]


def _match_host(item: str) -> str | None:
    addr, slash, mask = item.partition("/")
    if slash and mask not in ("32", "255.255.255.255"):
        return None
    return addr or None


def _norm_matches(items) -> list[str]:
    return sorted(repr(x) for m in items for x in norm_value("identify", "match", m, {}))


def _reg_index(name: str, wizard: str) -> tuple:
    m = re.fullmatch(re.escape(wizard) + r"-reg-(\d+)", name)
    return (0, int(m.group(1)), "") if m else (1, 0, name)


def _registrations(g: Group, out: list, hosts: list) -> list:
    """Options for the registrations; fills ``hosts``; returns the registrations in host order."""
    name = g.name
    regs = sorted(g.regs, key=lambda r: _reg_index(r.name, name))
    skip = {"server_uri", "client_uri"} | ({"outbound_auth"} if g.oauth else set())
    base = None
    spat = cpat = None
    for r in regs:
        if g.oauth and r.refs("outbound_auth") != [g.oauth.name]:
            raise Unconvertible(f"registration {r.name} does not use the endpoint's outbound_auth "
                                f"{g.oauth.name}")
        rest = [(k.lower(), v) for k, v in r.lines if k.lower() not in skip]
        if base is None:
            base = rest
        elif rest != base:
            raise Unconvertible(f"registrations {regs[0].name} and {r.name} differ in more than their URIs")
        s, c = r.value("server_uri") or "", r.value("client_uri") or ""
        if "${" in s + c:
            raise Unconvertible(f"registration {r.name}: a URI with ${{...}} cannot be a pattern")
        host = uri_host(s)
        if host is None:
            raise Unconvertible(f"registration {r.name}: no host in server_uri {s!r}")
        i = s.index(host, s.index(":") + 1)
        sp = s[:i] + "${REMOTE_HOST}" + s[i + len(host):]
        cp = c.replace(host, "${REMOTE_HOST}", 1) if host else c
        if spat is None:
            spat, cpat = sp, cp
        elif (sp, cp) != (spat, cpat):
            raise Unconvertible(f"registrations {regs[0].name} and {r.name} have URIs of different shapes")
        hosts.append(host)
    user = g.oauth.value("username") if g.oauth else name
    out.append(("sends_registrations", "yes"))
    if spat != "sip:${REMOTE_HOST}":
        out.append(("server_uri_pattern", spat))
    if any((r.value("client_uri") or "") != f"sip:{user}@{h}" for r, h in zip(regs, hosts, strict=True)):
        out.append(("client_uri_pattern", cpat))
    out.extend(_lines("registration", regs[0], skip))
    return regs


def wizard_section(g: Group, export: bool) -> WizardSection:
    """The wizard section for a group, or :class:`Unconvertible`."""
    name = g.name
    ep = g.endpoint
    out: list[tuple[str, str]] = [("type", "wizard")]
    renames: list[tuple[str, str, str]] = []

    def rename(obj: Obj | None, new: str) -> None:
        if obj is not None and obj.name != new:
            renames.append((obj.type, obj.name, new))

    if g.identify is None:
        out.append(("accepts_registrations", "yes"))
    if g.iauth is not None:
        out.append(("accepts_auth", "yes"))
    if g.oauth is not None:
        out.append(("sends_auth", "yes"))
    hosts: list[str] = []
    body: list[tuple[str, str]] = []
    regs = _registrations(g, body, hosts) if g.regs else []
    if g.identify is not None:
        matches = _items(g.identify, "match")
        if not hosts:
            from_contacts = [c[4:] for c in _items(g.aor, "contact") if c.startswith("sip:") and uri_host(c) == c[4:]]
            hosts = ([h for h in map(_match_host, matches) if h] or from_contacts
                     or [matches[0].partition("/")[0] if matches else name])
        if any("," in h for h in hosts):
            raise Unconvertible(f"identify {g.identify.name}: a match with a comma cannot be a remote host")
        explicit = _norm_matches([h for h in hosts if h]) != _norm_matches(matches)
        body.extend(_lines("identify", g.identify, {"endpoint"} | (set() if explicit else {"match"})))
        if explicit and not matches:
            body.append(("identify/match", ""))     # set, so remote_hosts adds none
    contacts = _items(g.aor, "contact")
    aor_skip = {"contact"} if hosts else set()
    if hosts:
        if set(contacts) != {"sip:" + h for h in hosts}:
            if contacts:
                aor_skip = set()
            else:
                out.append(("contact_pattern", ""))
        out.insert(1, ("remote_hosts", ",".join(hosts)))
    if "@hint_exten" in ep.tags:
        out.append(("hint_exten", ep.tags["@hint_exten"]))
        out.append(("hint_context", ep.tags.get("@hint_context", "default")))
    for prefix, auth in (("inbound_auth", g.iauth), ("outbound_auth", g.oauth)):
        if auth is not None:
            userpass = (auth.value("auth_type") or "").lower() == "userpass"    # the wizard's own
            out.extend(_lines(prefix, auth, {"auth_type"} if userpass else ()))
    skip = {"aors"} | ({"auth"} if g.iauth else set()) | ({"outbound_auth"} if g.oauth else set())
    out.extend(_lines("endpoint", ep, skip))
    out.extend(_lines("aor", g.aor, aor_skip))
    out.extend(body)
    if g.phoneprov is not None:
        out.insert(1, ("has_phoneprov", "yes"))
        out.extend(_lines("phoneprov", g.phoneprov, {"endpoint"} | (PROVIDER_KEYS if export else set())))
    rename(g.aor, name)
    rename(g.iauth, name + "-iauth")
    rename(g.oauth, name + "-oauth")
    rename(g.identify, name + "-identify")
    for i, r in enumerate(regs):
        rename(r, f"{name}-reg-{i}")
    rename(g.phoneprov, name + "-phoneprov")
    return WizardSection(name, out, renames, g)
