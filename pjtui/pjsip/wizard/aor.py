"""The aor object ``<name>``: pass-through aor/... lines, outbound_proxy, and a contact
per remote host from contact_pattern (spec §4.2).  No Textual, no tomlkit."""

from __future__ import annotations

from pjtui.pjsip.wizard.reading import _hosts, _opt
from pjtui.pjsip.wizard.records import _BY_NAME, Derived, Param, WizObject, _Made, _mk
from pjtui.pjsip.wizard.values import substitute

_CONTACT_DEFAULT = "sip:${REMOTE_HOST}"


def make(ex, w, c) -> bool:
    """``handle_aor``: the wizard's aor, its parameters built on first use when they cannot fail."""
    hosts = c.hosts
    pat = w._lower.get("contact_pattern")
    plain = (not w.has("aor", "contact") and (pat is None or pat.value in ("", _CONTACT_DEFAULT))
             and (not hosts or all(len(h) < 250 for h in hosts)))
    if plain:   # contacts "sip:<host>" always pass the aor's check: decide without building
        return ex.create(w, "aor", w.name, None, "aor", maker=params) is not None
    return ex.create(w, "aor", w.name, params(_Made(w, w.name)), "aor") is not None


def params(obj: WizObject) -> list[Param]:
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


def check(ex, w, name, params) -> bool:
    contacts = [p[1] for p in params if p[0] == "contact" or p[0].lower() == "contact"]
    for value in contacts:
        for uri in value.split(","):
            uri = uri.strip()
            if not uri:
                continue
            low = uri.lower()
            if not (low.startswith("sip:") or low.startswith("sips:")) or len(uri) > 255:
                ex.err("res_pjsip/location.c", "Contact uri or hostname length exceeds pjproject limit or "
                       f"is not a sip(s) uri: {uri}", w.name)
                return False
    return True
