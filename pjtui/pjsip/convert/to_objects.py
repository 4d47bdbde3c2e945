"""``--to-objects``: a pjsip_wizard.conf as the plain pjsip.conf objects it makes, each wizard
section's comments above its first object; proven by reading the result back."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.conf import parse
from pjtui.pjsip.convert.objects import from_model
from pjtui.pjsip.convert.remainder import leading_comments, section_ranges
from pjtui.pjsip.convert.to_wizard import ConversionError, rejection
from pjtui.pjsip.convert.compare import differences, export_pairs
from pjtui.pjsip.export import read_defaults
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand, format_value


class Plain(NamedTuple):
    text: str              # pjsip.conf text
    hints: list            # dialplan hint lines the wizards made (extensions.conf's business now)
    objects: int


def object_lines(objs, comments=(), blank_first: bool = False) -> list[str]:
    """The plain sections of a wizard's objects (a blank line between them), ``comments``
    above the first."""
    out: list[str] = []
    for i, obj in enumerate(objs):
        params = [p for p, gone in zip(obj.params, obj.overridden(), strict=True) if not gone and not p.key.startswith("@")]
        if out or blank_first:
            out.append("")
        if i == 0:
            out.extend(comments)
        out.append(f"[{obj.name}]")
        out.append(f"type = {obj.type}")
        out.extend(f"{p.key} = {format_value(p.value)}" for p in params)
    return out


def to_objects(data: bytes, filename: str = "pjsip_wizard.conf", *, defaults: dict | None = None) -> Plain:
    defaults = defaults if defaults is not None else read_defaults()
    doc = parse(data, filename)
    model = build(doc)
    if model.rejected:
        raise ConversionError(rejection(doc, model, filename))
    if not model.wizards():
        raise ConversionError(f"{filename}: no wizard sections (type = wizard) to turn into objects")
    exp = expand(model, filename=filename)
    errors = [str(x) for x in exp.log if x.level == "ERROR"]
    if errors:
        raise ConversionError(f"{filename}: the wizards do not expand cleanly ({errors[0]}); fix that first")
    ranges = section_ranges(doc)
    out: list[str] = []
    want = []
    done: set[str] = set()
    for w in exp.wizards:
        if w.name in done:
            continue
        done.add(w.name)
        objs = exp.of_wizard(w.name)
        effs = [e for e in model.named(w.name) if e.is_wizard]
        comments = leading_comments(doc, [s for e in effs for s in e.own_sections() if s.doc is doc], ranges)
        out.extend(object_lines(objs, comments, blank_first=bool(out)))
        for obj in objs:
            want.append((obj.type, obj.name, [kv for kv in export_pairs(obj.type, obj.params)
                                               if not kv[0].startswith("@")]))
    text = "\n".join(out) + ("\n" if out else "")
    got = [(o.type, o.name, list(o.pairs)) for o in from_model(build(parse(text.encode("utf-8", "surrogateescape"),
                                                                             "pjsip.conf")))]
    diffs = differences(want, got, defaults)
    if diffs:
        raise ConversionError("the plain objects differ from what the wizards make: "
                              + "; ".join(map(str, diffs[:5])))
    return Plain(text, exp.hint_lines(), len(want))
