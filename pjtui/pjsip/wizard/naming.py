"""Asterisk's export order and the normalisations of what it prints.

Objects are exported (spec §9) type by type in module registration order, and within a type by
name in C ``strcmp`` order of their bytes; a value is written with its ``;`` escaped.
The per-type sorted lists of an expansion are made on first use and kept sorted by a
refresh (:mod:`pjtui.pjsip.wizard.expansion`).  No Textual, no tomlkit."""

from __future__ import annotations

import bisect

#: Type order of Asterisk's export (module registration order).
EXPORT_TYPE_ORDER = ("auth", "endpoint", "aor", "identify", "registration", "phoneprov")
_TYPE_RANK = {t: i for i, t in enumerate(EXPORT_TYPE_ORDER)}


def _name_key(name: str) -> bytes:
    return name.encode("utf-8", "surrogateescape")


def _strcmp_sorted(names) -> list[str]:
    """Names in C ``strcmp`` order of their bytes.  Python's str order is the same
    for UTF-8 text (code point order), except for undecodable bytes kept as
    surrogates; only then are the names encoded."""
    out = sorted(names)
    if not "".join(out).isascii():
        out.sort(key=_name_key)
    return out


def sorted_objects(ex, type_: str) -> list:
    """The objects of a type in export order, sorted when first asked for."""
    objs = ex.sorted_objs[type_]
    if objs is None:
        store = ex.store[type_]
        names = ex.sorted[type_] = _strcmp_sorted(store)
        objs = ex.sorted_objs[type_] = list(map(store.__getitem__, names))
        ex.ascii[type_] = "".join(names).isascii()
    return objs


def _remove_sorted(ex, type_: str, name: str) -> None:
    lst = ex.sorted[type_]
    if lst is None:
        return                  # not sorted yet: sorted_objects will see the store as it is then
    if ex.ascii[type_] and name.isascii():
        i = bisect.bisect_left(lst, name)
        if i < len(lst) and lst[i] == name:
            del lst[i]
            del ex.sorted_objs[type_][i]
            return
    if name in lst:
        i = lst.index(name)
        del lst[i]
        del ex.sorted_objs[type_][i]


def _insert_sorted(ex, type_: str, name: str) -> None:
    lst = ex.sorted[type_]
    if lst is None:
        return
    obj = ex.store[type_][name]
    if ex.ascii[type_] and name.isascii():
        i = bisect.bisect_left(lst, name)
        if i < len(lst) and lst[i] == name:
            ex.sorted_objs[type_][i] = obj
        else:
            lst.insert(i, name)
            ex.sorted_objs[type_].insert(i, obj)
        return
    ex.ascii[type_] = False
    if name not in lst:
        lst.append(name)
    lst[:] = _strcmp_sorted(lst)
    ex.sorted_objs[type_] = list(map(ex.store[type_].__getitem__, lst))


def format_value(value: str) -> str:
    """A value as it must be written in a config file (``;`` escaped)."""
    return value.replace(";", "\\;")
