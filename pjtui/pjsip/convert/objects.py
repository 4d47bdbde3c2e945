"""The objects a conversion starts from: a pjsip.conf's objects, or Asterisk's export."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.convert.compare import _filtered, export_pairs
from pjtui.pjsip.export import read_export
from pjtui.pjsip.wizard import pjsip_objects

#: Variables res_pjsip_phoneprov_provider adds to a phoneprov object from its endpoint.
PROVIDER_KEYS = frozenset(("ENDPOINT_ID", "TRANSPORT_ID", "CALLERID", "DISPLAY_NAME", "AUTH_ID", "USERNAME",
                           "SECRET", "LABEL", "SERVER_PORT"))


class Obj(NamedTuple):
    type: str
    name: str
    lines: tuple          # ((key, value), ...) a pass-through writes, in apply order: no type, no @ keys
    pairs: tuple          # ((key, value), ...) as the export prints the object: what the proof compares
    tags: dict            # @ keys of an exported object (@pjsip_wizard, @hint_exten, @hint_context)
    eff: object = None    # pjsip.conf Effective it was read from (None for an export)
    line: int = 0
    file: str = ""

    def value(self, key: str) -> str | None:
        """Last value of a single-valued key (case-insensitive), None when unset."""
        got = None
        low = key.lower()
        for k, v in self.lines:
            if k.lower() == low:
                got = v
        return got

    def refs(self, key: str) -> list[str]:
        """The names a reference key lists (``aors = a, b``)."""
        v = self.value(key)
        return [x.strip() for x in v.split(",") if x.strip()] if v else []

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else f"line {self.line}"


def retarget(type_: str, pairs, names: dict) -> list[tuple[str, str]]:
    """``pairs`` with every reference (the catalogue's reference keys) and ``@pjsip_wizard``
    following ``names``: {(type, old): new}, the wizard's own name under type "wizard"."""
    cat = catalogue()
    out = []
    for k, v in pairs:
        spec = cat.param(type_, k)
        if spec is not None and spec.object_refs:
            v = ",".join(names.get((spec.object_refs[0], x.strip()), x.strip()) for x in v.split(","))
        elif k == "@pjsip_wizard":
            v = names.get(("wizard", v), v)
        out.append((k, v))
    return out


def from_model(model) -> list[Obj]:
    """Every object res_sorcery_config would load from a pjsip.conf model."""
    objs, _ = pjsip_objects(model)
    out = []
    for o in objs:
        eff = o.eff
        lines = tuple((e.key, e.value) for e in eff.vars if e.key.lower() != "type")
        sec = eff.section
        out.append(Obj(o.type, o.name, lines, tuple(export_pairs(o.type, lines)), {}, eff, sec.line, sec.file))
    return out


def from_export(text: str, defaults: dict, file: str = "") -> list[Obj]:
    """Objects of ``pjsip export config_wizard primitives``: every field is listed, defaults
    included, so the lines to write are only the keys the default filter keeps.  Codec lists
    ``(a|b)`` become ``allow = !all,a,b``; ``password_digest`` follows from ``md5_cred``."""
    out = []
    for o in read_export(text, file or "export"):
        keep = _filtered(o.type, o.pairs, defaults)
        has_md5 = any(k == "md5_cred" for k, _ in o.pairs)
        lines = []
        tags = {}
        for k, v in o.pairs:
            if k.startswith("@"):
                tags[k] = v
            elif k not in keep or (k == "password_digest" and has_md5):
                continue
            elif k == "allow" and o.type == "endpoint":
                lines.append(("allow", "!all," + ",".join(v.strip("()").split("|"))))
            else:
                lines.append((k, v))
        out.append(Obj(o.type or "", o.name, tuple(lines), tuple(o.pairs), tags, None, 0, file))
    return out
