"""Comparing two lists of objects the way the golden README says, on top of
:mod:`pjtui.pjsip.export` (one reader and default filter for the whole project): both sides
as ``(type, name, [(key, value)])`` in the export's shape, differences named by object and key."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.pjsip.export import filtered, predicted_export
from pjtui.pjsip.wizard import EXPORT_TYPE_ORDER, Param, WizObject


class Mismatch(NamedTuple):
    type: str
    name: str
    key: str | None        # None: the whole object is missing or extra
    want: object
    got: object

    def __str__(self) -> str:
        if self.key is None:
            return f"{self.type} {self.name}: " + ("missing" if self.got is None else "not in the input")
        return f"{self.type} {self.name}: {self.key}: input {_show(self.want)}, result {_show(self.got)}"


def _show(vals) -> str:
    return "(unset)" if not vals else ", ".join(vals)


def export_pairs(type_: str, params) -> list[tuple[str, str]]:
    """Parameters ((key, value) pairs or Params, in apply order) as the export prints the object."""
    params = [p if isinstance(p, Param) else Param(p[0], p[1], None) for p in params]
    return predicted_export(WizObject(type_, "", None, params))


def looks_like_export(text: str) -> bool:
    """Asterisk's export marks every object with the wizard that made it."""
    return "\n@pjsip_wizard = " in text


def _filtered(type_: str, pairs, defaults: dict) -> dict:
    try:
        return filtered(type_, pairs, defaults, {})
    except ValueError:      # a value Asterisk would reject (qualify_timeout = soon): compare as text
        out: dict[str, list[str]] = {}
        for k, v in pairs:
            out.setdefault(k, []).append(repr(v))
        return {k: sorted(v) for k, v in out.items()}


def differences(want, got, defaults: dict, *, ignore_tags: bool = False) -> list[Mismatch]:
    """What differs between two object lists, order ignored.  ``ignore_tags``: ``@pjsip_wizard``
    (the wizard's bookkeeping, no behaviour) counts only where the wanted object has one."""
    w = {(t, n): _filtered(t, pairs, defaults) for t, n, pairs in want}
    g = {(t, n): _filtered(t, pairs, defaults) for t, n, pairs in got}
    rank = {t: i for i, t in enumerate(EXPORT_TYPE_ORDER)}
    out: list[Mismatch] = []
    for key in sorted(set(w) | set(g), key=lambda k: (rank.get(k[0], 99), k[0], k[1])):
        if key not in g or key not in w:
            out.append(Mismatch(key[0], key[1], None, w.get(key), g.get(key)))
            continue
        a, b = w[key], g[key]
        if ignore_tags and "@pjsip_wizard" not in a:
            b = {k: v for k, v in b.items() if k != "@pjsip_wizard"}
        out.extend(Mismatch(key[0], key[1], f, a.get(f, []), b.get(f, []))
                   for f in sorted(set(a) | set(b)) if a.get(f) != b.get(f))
    return out
