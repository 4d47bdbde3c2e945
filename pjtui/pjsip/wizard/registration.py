"""The registration objects ``<name>-reg-<i>``, one per remote host, when the wizard
sends registrations (spec §4.5): server and client URIs from their patterns.
Registrations are built at once (their URIs are checked), so they are never planned.
No Textual, no tomlkit."""

from __future__ import annotations

from pjtui.pjsip.catalogue import is_true
from pjtui.pjsip.wizard.apply import _pick
from pjtui.pjsip.wizard.reading import _opt
from pjtui.pjsip.wizard.records import _BY_NAME, WIZ_C, Derived, Param, _mk
from pjtui.pjsip.wizard.values import sip_uri_ok, substitute, uri_length_ok

_REG_KEYS = frozenset(("server_uri", "client_uri", "line", "endpoint", "transport"))


def make(ex, w, c) -> bool:
    """``handle_registrations``: one registration per remote host; earlier ones of a
    namesake are replaced or removed."""
    name = w.name
    regs = ex.store["registration"]
    existing = ex.regs_of.get(name)
    if existing:
        existing = [n for n in existing if n in regs and regs[n].wizard.name == name]
    if not c.sends_registrations:
        for n in existing or ():
            del regs[n]
        if existing is not None:
            ex.regs_of[name] = []
        return True
    existing = existing or []
    ex.regs_of[name] = existing
    hosts = c.hosts
    if not hosts:
        ex.err(WIZ_C, f"Wizard '{name}' must have 'remote_hosts' if it sends registrations.",
               name, w.find("sends_registrations"))
        return False
    find = w._lower.get
    sends_auth = c.sends_auth
    if sends_auth:
        uentry = find("outbound_auth/username")
        if uentry is None:
            ex.err(WIZ_C, f"Wizard '{name}' must have 'outbound_auth/username' if it sends "
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
        if ex.create(w, "registration", new_id, params, "registration") is None:
            return False        # the ones before stay, later hosts get none (lines 974-977)
        left.discard(new_id)
        if new_id not in existing:
            existing.append(new_id)
    for n in left:
        regs.pop(n, None)
    return True


def check(ex, w, name, params) -> bool:
    f = _pick(params, _REG_KEYS)
    src = "res_pjsip_outbound_registration.c"
    server = f.get("server_uri") or ""
    client = f.get("client_uri") or ""
    line = is_true(f.get("line") or "no")
    endpoint = f.get("endpoint") or ""
    # sip_outbound_registration_apply, then (the URIs parsed) its regc_alloc
    checks = (
        (not server, f"No server URI specified on outbound registration '{name}'"),
        (not uri_length_ok(server), "Server URI or hostname length exceeds pjproject limit or is not a sip(s) "
                                    f"uri: '{name}'"),
        (not client, f"No client URI specified on outbound registration '{name}'"),
        (not uri_length_ok(client), "Client URI or hostname length exceeds pjproject limit or is not a sip(s) "
                                    f"uri: '{name}'"),
        (line and not endpoint, f"Line support has been enabled on outbound registration '{name}' "
                                "without providing an endpoint"),
        (bool(endpoint) and not line, f"An endpoint has been specified on outbound registration '{name}' "
                                      "without enabling line support"),
        (not sip_uri_ok(server), f"Invalid server URI '{server}' specified on outbound registration '{name}'"),
        (not sip_uri_ok(client), f"Invalid client URI '{client}' specified on outbound registration '{name}'"),
    )
    for failed, message in checks:     # first failing check wins, as in the C if/else chain
        if failed:
            ex.err(src, message, w.name)
            return False
    transport = f.get("transport")
    if transport and ex.pjsip is not None and ("transport", transport) not in ex.pjsip_index:
        # sip_outbound_registration_regc_alloc (the C string really has two blanks)
        ex.err(src, f"Unable to retrieve PJSIP transport '{transport}'  for outbound registration", w.name)
        return False
    return True
