"""What res_sorcery_config loads from pjsip.conf (spec §8.2): the objects that hide
same-named wizard objects and that the phoneprov provider looks up.  No Textual, no
tomlkit."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.model import Effective, Model
from pjtui.pjsip.wizard.records import LogLine


class PjsipObject(NamedTuple):
    type: str
    name: str
    eff: Effective


def pjsip_objects(model: Model, known_types=None) -> tuple[list[PjsipObject], list[LogLine]]:
    """Objects res_sorcery_config loads from a pjsip.conf model (§8.2): type by the
    first ``type`` variable (exact value), ``[global]``/``[system]`` by name, templates
    skipped.  Two sections of the same type and name make that whole type fail to load
    (logged as Asterisk does); those objects are left out."""
    if model.rejected:
        return [], []
    cat = catalogue()
    if known_types is None:
        known_types = set(cat.types) - {"wizard", "contact"}
    objs: list[PjsipObject] = []
    seen: dict[tuple[str, str], int] = {}
    failed: set[str] = set()
    log: list[LogLine] = []
    fname = "pjsip.conf"
    for eff in model.sections:
        if eff.template:
            continue
        t = eff.object_type
        if t is None and eff.name in ("global", "system"):
            t = eff.name
        if t not in known_types:
            continue
        key = (t, eff.name)
        if key in seen:
            if t not in failed:
                failed.add(t)
                log.append(LogLine("ERROR", "res_sorcery_config.c",
                                   f"Config file '{fname}' could not be loaded; configuration contains "
                                   f"a duplicate object: '{eff.name}' of type '{t}'"))
            continue
        seen[key] = 1
        objs.append(PjsipObject(t, eff.name, eff))
    return [o for o in objs if o.type not in failed], log
