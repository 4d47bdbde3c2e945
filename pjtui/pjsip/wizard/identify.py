"""The identify object ``<name>-identify``: a match per remote host, unless the wizard
accepts registrations (spec §4.4).  With a resolver its host names are resolved as
Asterisk would.  No Textual, no tomlkit."""

from __future__ import annotations

from pjtui.pjsip.wizard.reading import _hosts
from pjtui.pjsip.wizard.records import _BY_NAME, WIZ_C, Derived, Param, WizObject, _Made, _mk
from pjtui.pjsip.wizard.values import _is_address, _split_host_port


def make(ex, w, c) -> bool:
    """``handle_identify``: the wizard's identify, unless it accepts registrations."""
    name = w.name
    new_id = name + "-identify"
    if c.accepts_registrations or c.sends_line_with_registrations:
        ex.store["identify"].pop(new_id, None)
        return True
    hosts = c.hosts
    if not hosts:
        ex.err(WIZ_C, f"Wizard '{name}' must have 'remote_hosts' if it doesn't accept registrations.",
               name, w.find("remote_hosts"))
        return False
    if ex.resolver is None or not _names_to_resolve(w, hosts):
        # nothing to resolve: the identify applies as built (and may be planned)
        return ex.create(w, "identify", new_id, None, "identify", maker=params) is not None
    return ex.create(w, "identify", new_id, params(_Made(w, new_id)), "identify") is not None


def _names_to_resolve(w, hosts) -> bool:
    """Does any match of the identify name a host (not an address)?  Decided by the
    lines the wizard's shape holds by value (remote_hosts, identify/match)."""
    if w.has("identify", "match"):
        items = [i for p in w.passthrough["identify"] if p[0].lower() == "match" for i in p[1].split(",")]
    else:
        items = hosts
    return any(i.strip() and not _is_address(i.strip()) for i in items)


def params(obj: WizObject) -> list[Param]:
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


def check(ex, w, name, params) -> bool:
    if ex.resolver is None:
        return True
    for value in [p[1] for p in params if p[0].lower() == "match"]:
        for item in value.split(","):
            item = item.strip()
            if not item or _is_address(item):
                continue
            host, port = _split_host_port(item)
            if ex.resolver(host, port) is None:
                text = _failure(ex.resolver, host, port)
                ex.err("netsock2.c", f'getaddrinfo("{host}", "{port if port is not None else "(null)"}", '
                       f"...): {text}", w.name)
                ex.err("res_pjsip_endpoint_identifier_ip.c",
                       f"Identify '{name}' failed when adding resolution results of '{item}'", w.name)
                return False
    return True


def _failure(resolver, host: str, port: str | None) -> str:
    """The resolver's words for a name that does not resolve (``why``, as
    :class:`pjtui.io.resolver.Resolver` gives them with the resolver it asked; else a
    plain ``error_text``)."""
    why = getattr(resolver, "why", None)
    if why is not None:
        return why(host, port)
    return getattr(resolver, "error_text", "Temporary failure in name resolution")
