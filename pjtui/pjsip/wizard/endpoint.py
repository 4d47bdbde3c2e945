"""The endpoint object ``<name>``: pass-through endpoint/... lines, its aor, transport,
outbound_proxy, its auths and the hint it reports to (spec §4.3).  No Textual, no
tomlkit."""

from __future__ import annotations

from pjtui.pjsip.wizard import hints
from pjtui.pjsip.wizard.reading import _opt
from pjtui.pjsip.wizard.records import _BY_NAME, Derived, Param, WizObject, _mk


def make(ex, w, c) -> bool:
    """``handle_endpoint``: the wizard's endpoint, and its hint when it has a hint_exten."""
    hint_exten, ctx, _ = hints.target(w)
    if ex.create(w, "endpoint", w.name, None, "endpoint", maker=params) is None:
        return False
    if hint_exten is not None:
        hints.record(ex, w, c.has_hint, ctx, hint_exten.value)
    return True


def params(obj: WizObject) -> list[Param]:
    w = obj.wizard
    name = w.name
    find = w._lower.get
    hint_exten, ctx, ctx_src = hints.target(w)
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
