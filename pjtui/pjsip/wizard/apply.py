"""``ast_sorcery_objectset_apply``: storing one object and judging its parameters.

Every parameter must be known to the object's type and parse, then the type's own
apply check runs (``check`` in the type's module).  What the wizard adds itself always
parses, so only pass-through lines are judged, once per list (a template's list once
for all its children).  No Textual, no tomlkit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.wizard.records import WIZ_C, Param, WizObject

if TYPE_CHECKING:
    from pjtui.pjsip.wizard.reading import Wizard

# Parameter kinds whose handler accepts any text (booleans: anything not true is false).
_NEVER_FAILS = frozenset(("string", "bool", "codec_list", "none", "any", "passthrough", "pattern"))


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


def create(ex, w: Wizard, type_: str, name: str, params: list[Param] | None, prefix: str,
           check_params=None, maker=None) -> WizObject | None:
    """Apply and store one object.  With ``maker`` the parameter list is made only
    when someone asks for it; ``check_params`` is then what the type's own apply
    check needs (e.g. the pass-through lines of an auth)."""
    lst = w.passthrough[prefix]
    if lst:     # the usual case inline: the list's verdict is known (see _apply)
        got = ex._good_lists.get(id(lst))
        ok = got is not None and got[0] is lst and got[1] is None
    else:
        ok = True
    check = ex._checks.get(type_)
    if not ok or check is not None:
        if not _apply(ex, w, type_, name, params if params is not None else check_params, prefix):
            ex.err(WIZ_C, f"Unable to apply object type '{type_}' with id '{name}'.  Check preceeding "
                 "errors.", w.name)
            return None
    obj = WizObject(type_, name, w, params if params is not None else maker)
    ex.store[type_][name] = obj
    owned = ex.owned.get(w.name)
    if owned is None:
        ex.owned[w.name] = [obj]
    else:
        owned.append(obj)
    return obj


def _apply(ex, w: Wizard, type_: str, name: str, params, prefix: str) -> bool:
    """``ast_sorcery_objectset_apply``: every parameter must be known to the type
    and parse; then the type's own apply handler.  Only pass-through lines can be
    wrong (what the wizard adds itself always parses); their verdict is cached per
    list, since a template's list is shared by all its children (and a child's list
    that extends it is judged only on its own lines)."""
    lst = w.passthrough[prefix]
    if lst:
        got = ex._good_lists.get(id(lst))
        if got is not None and got[0] is lst:
            bad = got[1]
        else:
            base = w._base.passthrough[prefix] if w._base is not None else None
            bad = _first_bad(ex, lst, base if base is not lst else None, type_)
        if bad is not None:
            verdict, p = bad
            ex.err("config_options.c", verdict.replace("\0", name), w.name, p[2])
            return False
    check = ex._checks.get(type_)
    return check(ex, w, name, params or ()) if check is not None else True


def _first_bad(ex, lst: list, base: list | None, type_: str):
    """(verdict, Param) of the first pass-through line of ``lst`` the type rejects, or
    None.  ``base``: the list ``lst`` extends (its first ``len(base)`` items)."""
    known = ex._good_lists
    got = known.get(id(lst))
    if got is not None and got[0] is lst:
        return got[1]
    start = 0
    bad = None
    if base:
        bad = _first_bad(ex, base, None, type_)
        start = len(base)
    if bad is None:
        checks = ex._key_check[type_]
        for i in range(start, len(lst)):
            p = lst[i]
            how = checks.get(p[0], 0)
            if how is None:
                continue
            if how == 0:
                how = checks[p[0]] = _how_to_check(type_, p[0])
                if how is None:
                    continue
            verdict = how if how.__class__ is str else _value_verdict(how, p[0], p[1])
            if verdict is not None:
                bad = (verdict, p)
                break
    if not base:
        # a list judged from its start (a template's, usually) is remembered; a child's
        # extension is judged once per object on its own lines, and remembering the
        # 20,000 of them would only feed the collector
        known[id(lst)] = (lst, bad)     # keeps the list alive, so its id stays unique
    return bad


def _value_verdict(spec, key: str, value: str) -> str | None:
    if any(i.severity == "error" for i in spec.validate(value)):
        return f"Error parsing {key}={value} at line 0 of"
    return None
