"""Extract a template from sections: the lines they all have move up into a new template
(placed above the first of them), each section keeps what differs and inherits the rest."""

from __future__ import annotations

from pjtui.conf import EditError, Splice
from pjtui.conf.edits import RemoveOption, SetTemplates, header_bytes
from pjtui.pjsip.convert.templates import unit_key
from pjtui.pjsip.model import build
from pjtui.pjsip.refactor.proof import Files, Refactored, RefactorError, copy, prove, result


def _units(section, type_: str | None) -> dict[str, tuple]:
    """unit key -> ((key, op, value), ...) of the section's own lines."""
    out: dict[str, list] = {}
    for o in section.options:
        out.setdefault(unit_key(o.key, type_), []).append((o.key, o.op, o.value))
    return {k: tuple(v) for k, v in out.items()}


def extract_template(files: Files, which: str, lines: list[int], name: str) -> Refactored:
    """``which``: "wizard" or "pjsip", the file the sections (header lines) are in."""
    doc = getattr(files, which)
    if doc is None:
        raise RefactorError(f"no {which} file is open")
    try:
        secs = sorted({doc.section_at(n).line: doc.section_at(n) for n in lines}.values(), key=lambda s: s.line)
    except KeyError as exc:
        raise RefactorError(str(exc.args[0])) from None
    if len(secs) < 2:
        raise RefactorError("select at least two sections: a template holds what they share")
    if any(s.append for s in secs):
        raise RefactorError(f"{doc.name}:{next(s for s in secs if s.append).line}: a [name](+) section "
                            "adds to another one; select that one instead")
    others = [d for d in files if d is not None]
    if any(d.find(name) for d in others):
        raise RefactorError(f"a section named {name} already exists; choose another name")
    model = build(doc)
    types = [None if which == "wizard" else (model.of(s).object_type if model.of(s) else None) for s in secs]
    units = [_units(s, t) for s, t in zip(secs, types, strict=True)]
    common = {k: v for k, v in units[0].items()
              if all(u.get(k) == v for u in units[1:]) and all(op != "+=" for _, op, _ in v)}
    if not common:
        raise RefactorError("the selected sections have no line in common")
    new = copy(doc)
    try:
        for s in reversed(secs):
            for o in sorted((o for o in s.options if unit_key(o.key, types[secs.index(s)]) in common),
                            key=lambda o: o.line, reverse=True):
                new.apply(RemoveOption(o.line))
            new.apply(SetTemplates(s.line, s.template, (*s.parents, name)))
        first = secs[0]
        moved = [o.raw if o.raw.endswith((b"\n", b"\r")) else o.raw + doc.newline
                 for o in first.options if unit_key(o.key, types[0]) in common]
        at = first.line - 1
        while at > 0 and doc.lines[at - 1].lstrip(b" \t")[:1] == b";":
            at -= 1                  # above the comment block that belongs to the first section
        head = header_bytes(name, True) + doc.newline
        new.apply(Splice(at, (), (head, *moved, doc.newline)))
    except EditError as exc:
        raise RefactorError(str(exc)) from None
    after = files._replace(**{which: new})
    return result(files, after, proven=prove(files, after))
