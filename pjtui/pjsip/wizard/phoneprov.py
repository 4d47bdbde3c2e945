"""The phoneprov object ``<name>-phoneprov`` (has_phoneprov, phoneprov/...), and what
res_pjsip_phoneprov_provider adds to each one after every wizard ran (spec §4.6).

What each provider run consulted is remembered (``ex.prov_deps``), so a refresh re-runs
only the ones an edit concerns.  No Textual, no tomlkit."""

from __future__ import annotations

from pjtui.pjsip.wizard.records import _BY_NAME, WIZ_C, Derived, Param, WizObject, _mk, fold
from pjtui.pjsip.wizard.values import _bind_port, _split_callerid

#: Log sources of the provider step (a refresh forgets their lines before re-running it).
_PROVIDER_SOURCES = ("res_pjsip_phoneprov_provider.c", "res_phoneprov.c")


def make(ex, w, c) -> bool:
    """``handle_phoneprov``: the wizard's phoneprov object (the provider adds to it later)."""
    name = w.name
    new_id = name + "-phoneprov"
    if not c.has_phoneprov:
        ex.store["phoneprov"].pop(new_id, None)
        return True
    if w.find("phoneprov/MAC") is None:
        ex.err(WIZ_C, f"Wizard '{name}' must have 'phoneprov/MAC' if it has_phoneprov.",
               name, w.find("has_phoneprov"))
        return False
    params = list(w.passthrough["phoneprov"])
    params.append(_mk(Param, ("endpoint", name, _BY_NAME)))
    params.append(_mk(Param, ("@pjsip_wizard", name, _BY_NAME)))
    return ex.create(w, "phoneprov", new_id, params, "phoneprov") is not None


def provide(ex, names) -> None:
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
                provider(ex, obj)
        finally:
            ex._deps = None
        ex.prov_deps[name] = deps


def lookup(ex, type_: str, name: str):
    """Sorcery look-up by name: pjsip.conf first, then the wizard's objects."""
    eff = ex.pjsip_index.get((type_, name))
    if eff is not None:
        return fold(type_, [_mk(Param, (e.key, e.value, e)) for e in eff.vars if e.key.lower() != "type"])
    obj = ex.store[type_].get(name) if type_ in ex.store else None
    if obj is None:
        return None
    if ex._deps is not None:
        ex._deps.add(obj.wizard.name)
    return obj.fields()


def provider(ex, obj: WizObject) -> None:
    src = "res_pjsip_phoneprov_provider.c"
    f = obj.fields()
    name = obj.name
    w = obj.wizard.name
    if "MAC" not in f:
        ex.err(src, f"phoneprov {name} must contain a MAC entry.", w)
        return
    if "PROFILE" not in f:
        ex.err(src, f"phoneprov {name} must contain a PROFILE entry.", w)
        return
    ep_name = f.get("endpoint", "")
    added = obj.added
    have = set(f)

    def add(key, value, rule):
        if value and key not in have:
            added.append(_mk(Param, (key, value, Derived(rule))))
            have.add(key)

    ep = lookup(ex, "endpoint", ep_name)
    if ep is None:
        ex.err(src, f"phoneprov {name} contained invalid endpoint {ep_name}.", w)
        return
    add("ENDPOINT_ID", ep_name, "phoneprov provider: endpoint name")
    transport = ep.get("transport") or ""
    add("TRANSPORT_ID", transport, "phoneprov provider: endpoint transport")
    cid_name, cid_num = _split_callerid(ep.get("callerid") or "")
    add("CALLERID", cid_num, "phoneprov provider: endpoint callerid number")
    add("DISPLAY_NAME", cid_name, "phoneprov provider: endpoint callerid name")
    if not transport:
        tr = None
    elif ex.pjsip is None:
        tr = {}     # no pjsip.conf given: assume the transport exists, default port
    else:
        tr = lookup(ex, "transport", transport)
    if tr is None:
        ex.err(src, f"Endpoint {ep_name} contained invalid transport {transport}.", w)
        return
    auths = ep.get("auth") or ""
    if isinstance(auths, list):
        auths = ",".join(auths)
    first = next((a.strip() for a in auths.split(",") if a.strip()), "")
    if first:
        auth = lookup(ex, "auth", first)
        if auth is None:
            ex.err(src, f"phoneprov {name} contained invalid auth {first}.", w)
            return
        add("AUTH_ID", first, "phoneprov provider: endpoint auth")
        add("USERNAME", auth.get("username") or "", "phoneprov provider: auth username")
        add("SECRET", auth.get("password") or "", "phoneprov provider: auth password")
    add("USERNAME", name, "phoneprov provider: object name")
    add("LABEL", name, "phoneprov provider: object name")
    add("SERVER_PORT", _bind_port(tr), "phoneprov provider: transport bind port")
    if ex.profiles is not None:
        profile = f.get("PROFILE")
        if profile not in ex.profiles:
            ex.err("res_phoneprov.c", f"Could not look up profile '{profile}' - skipping.", w)
