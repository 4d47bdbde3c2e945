"""A small tree of templates that shortens a list of wizard sections.

A section's lines are cut into units: one line for a single-valued option, and, for options
whose repeated lines add up (``endpoint/allow``+``disallow``, ``permit``/``deny``,
``aor/contact``, ``identify/match``…), all the lines of that family together, so a unit
moves to a template whole and the order of its lines never changes.  A template holds the
units every section under it has; the tree grows greedily, a branch only where it saves lines.
Phones (``accepts_registrations``) and trunks get separate trees.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pjtui.pjsip.catalogue import WIZARD_PREFIXES, catalogue, is_false, is_true

MAX_DEPTH = 3
_FAMILY = {"allow": "codecs", "disallow": "codecs", "permit": "acl", "deny": "acl", "acl": "acl",
           "contact_permit": "contact_acl", "contact_deny": "contact_acl", "contact_acl": "contact_acl"}


class Template(NamedTuple):
    name: str
    parent: str | None
    lines: list


class Placed(NamedTuple):
    name: str
    parent: str | None
    lines: list           # what the section still writes itself


def unit_key(key: str, type_: str | None = None) -> str:
    """Lines with the same unit key move together.  ``type_``: the object type of a
    pjsip.conf section (its keys have no wizard prefix)."""
    prefix, slash, opt = key.partition("/")
    if type_ is not None:
        prefix, slash, opt = type_, "/", key
    if not slash:
        return key.lower()
    if prefix == "phoneprov":
        return key
    low = opt.lower()
    t = type_ or WIZARD_PREFIXES.get(prefix)
    spec = catalogue().param(t, low) if t else None
    if low in _FAMILY or (spec is not None and spec.accumulates):
        return f"{prefix}/{_FAMILY.get(low, low)}+"
    return f"{prefix}/{low}"


def units(lines) -> dict[str, tuple]:
    """unit key -> its lines, in the order the units first appear."""
    out: dict[str, list] = {}
    for k, v in lines:
        out.setdefault(unit_key(k), []).append((k, v))
    return {k: tuple(v) for k, v in out.items()}


def _slug(lines: tuple) -> str:
    """A template name's tail from the line that sets it apart: the value, or for a
    yes/no option its name (``no-direct_media``)."""
    key, value = lines[0]
    opt = key.rpartition("/")[2]
    if is_true(value) or is_false(value):
        text = opt if is_true(value) else "no-" + opt
    else:
        text = value
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)[:24].strip("-")


def build_tree(sections: list[tuple[str, list]], taken: set[str]) -> tuple[list[Template], list[Placed]]:
    """Templates (parents first) and each section's parent and own lines, in input order.
    ``taken``: names already used (lower case), never given to a template."""
    taken = set(taken)
    units_of = [units(lines) for _, lines in sections]
    parent_of: list[str | None] = [None] * len(sections)
    templates: list[Template] = []

    def new_name(base: str) -> str:
        name, n = base or "template", 2
        while name.lower() in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name.lower())
        return name

    def grow(members: list[int], parent: str | None, base: str, depth: int) -> None:
        first = units_of[members[0]]
        common = {k: v for k, v in first.items() if all(units_of[i].get(k) == v for i in members[1:])}
        size = sum(len(v) for v in common.values())
        if len(members) >= 2 and (len(members) - 1) * size > 2:
            name = new_name(base)
            templates.append(Template(name, parent, [ln for v in common.values() for ln in v]))
            for i in members:
                units_of[i] = {k: v for k, v in units_of[i].items() if k not in common}
                parent_of[i] = name
            parent = name
        if depth >= MAX_DEPTH:
            return
        rest = list(members)
        while len(rest) >= 2:
            counts: dict[tuple, list[int]] = {}
            for i in rest:
                for k, v in units_of[i].items():
                    counts.setdefault((k, v), []).append(i)
            if not counts:
                return
            (k, v), having = max(counts.items(), key=lambda kv: (len(kv[1]) * len(kv[0][1]), -len(kv[0][0])))
            inter = {kk for kk, vv in units_of[having[0]].items()
                     if all(units_of[i].get(kk) == vv for i in having[1:])}
            if (len(having) - 1) * sum(len(units_of[having[0]][kk]) for kk in inter) <= 2:
                return
            grow(having, parent, f"{base}-{_slug(v)}" if parent else base, depth + 1)
            rest = [i for i in rest if i not in having]

    kinds: dict[str, list[int]] = {}
    for i, (_, lines) in enumerate(sections):
        kinds.setdefault("phones" if ("accepts_registrations", "yes") in lines else "trunks", []).append(i)
    for kind, members in kinds.items():
        grow(members, None, kind, 1)
    placed = [Placed(name, parent_of[i], [ln for v in units_of[i].values() for ln in v])
              for i, (name, _) in enumerate(sections)]
    return templates, placed
