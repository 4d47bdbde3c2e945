"""One group at a time, for the editor: the wizard section on a line becomes the plain
objects it makes (appended to pjsip.conf), or the endpoint on a line of pjsip.conf with its
aor, auths, identify and registrations becomes one wizard section (appended to
pjsip_wizard.conf).  Same rules and proof as ``pjtui convert``, on the open files."""

from __future__ import annotations

from pjtui.conf import Document, parse
from pjtui.pjsip.convert.group import find_groups
from pjtui.pjsip.convert.objects import from_model
from pjtui.pjsip.convert.remainder import cut, leading_comments, section_ranges
from pjtui.pjsip.convert.templates import Placed
from pjtui.pjsip.convert.to_objects import object_lines
from pjtui.pjsip.convert.to_wizard import _sections, rejection, render
from pjtui.pjsip.export import read_defaults
from pjtui.pjsip.model import build
from pjtui.pjsip.refactor.proof import Files, Refactored, RefactorError, prove, result
from pjtui.pjsip.wizard import expand


def _section(doc: Document, line: int):
    try:
        return doc.section_at(line)
    except KeyError as exc:
        raise RefactorError(str(exc.args[0])) from None


def _appended(doc: Document, text: str) -> bytes:
    """``doc`` with ``text`` (lines joined by \\n) after a blank line, in the file's newline style."""
    data = doc.to_bytes()
    nl = doc.newline
    if data and not data.endswith((b"\n", b"\r")):
        data += nl
    body = text.encode("utf-8", "surrogateescape").replace(b"\n", nl)
    return data + (nl if data.strip() else b"") + body


def wizard_to_objects(files: Files, line: int) -> Refactored:
    """The wizard section whose header is on ``line`` of the wizard file, as plain objects."""
    doc = files.wizard
    if doc is None:
        raise RefactorError("no pjsip_wizard.conf is open")
    if files.pjsip is None:
        raise RefactorError("no pjsip.conf is open beside it: create one next to pjsip_wizard.conf "
                            "(an empty file will do) or open with --pjsip FILE, then try again")
    model = build(doc)
    if model.rejected:
        raise RefactorError(rejection(doc, model, doc.name))
    eff = model.of(_section(doc, line))
    if eff is None or not eff.is_wizard or eff.template:
        raise RefactorError(f"{doc.name}:{line}: not a wizard section (a template makes no objects)")
    kids = [e.name for e in model.sections if any(p is eff for p in e.parents)]
    if kids:
        raise RefactorError(f"[{eff.name}] is a parent of [{kids[0]}]: it can't go while they inherit from it")
    own = [s for s in eff.own_sections() if s.doc is doc]
    if len(own) != len(eff.own_sections()):
        raise RefactorError(f"[{eff.name}] has a (+) block in an included file; convert it by hand")
    exp = expand(model, pjsip=build(files.pjsip))
    made = exp.of_wizard(eff.name)
    if not made:
        raise RefactorError(f"[{eff.name}] makes no objects (F5 lists why)")
    ranges = section_ranges(doc)
    text = "\n".join(object_lines(made, leading_comments(doc, own, ranges))) + "\n"
    after = Files(parse(cut(doc, own, ranges), doc.name), parse(_appended(files.pjsip, text), files.pjsip.name))
    proven = prove(files, after, wizard_goes=True)
    notes = [f"the wizard made a dialplan hint; extensions.conf needs it now: {_as_dialplan(h)}"
             for h in proven.hints_gone]
    return result(files, after, notes=notes, proven=proven)


def _as_dialplan(hint: str) -> str:
    """``6001@default => PJSIP/6001`` as the extensions.conf line that makes it."""
    where, sep, device = hint.partition(" => ")
    exten, at, context = where.rpartition("@")
    return f"[{context}] exten => {exten},hint,{device}" if sep and at else hint


def objects_to_wizard(files: Files, line: int) -> Refactored:
    """The endpoint group a section of pjsip.conf belongs to (the header on ``line``: the
    endpoint or its aor, auth, identify, registration), as one wizard section."""
    doc, wiz = files.pjsip, files.wizard
    if doc is None:
        raise RefactorError("no pjsip.conf is open")
    if wiz is None:
        raise RefactorError("no pjsip_wizard.conf is open beside it: create one next to pjsip.conf "
                            "(an empty file will do), then try again")
    model = build(doc)
    if model.rejected:
        raise RefactorError(rejection(doc, model, doc.name))
    section = _section(doc, line)
    objs = from_model(model)
    groups, why = find_groups(objs)
    group = next((g for g in groups for o in g.members() if any(s is section for s in o.eff.own_sections())), None)
    if group is None:
        mine = next((o for o in objs if any(s is section for s in o.eff.own_sections())), None)
        if mine is not None and mine.name in why and mine.type == "endpoint":
            raise RefactorError(why[mine.name])
        raise RefactorError(f"{doc.name}:{line}: [{section.name}] is not part of an endpoint a wizard can make; "
                            "select an endpoint (or its aor or auth)")
    kept: list = []
    made = _sections([group], objs, doc, False, read_defaults(), kept)
    if kept:
        raise RefactorError(kept[0])
    ws = made[0]
    if build(wiz).named(ws.name):
        raise RefactorError(f"pjsip_wizard.conf already has a section [{ws.name}]")
    ranges = section_ranges(doc)
    drop = [s for o in group.members() for s in o.eff.own_sections()]
    text = render([], [Placed(ws.name, None, ws.lines)], {ws.name: leading_comments(doc, drop, ranges)})
    after = Files(parse(_appended(wiz, text), wiz.name), parse(cut(doc, drop, ranges), doc.name))
    proven = prove(files, after, ws.renames, wizard_comes=True)
    notes = [f"{t} {old} is now {new} (the name the wizard gives it)" for t, old, new in ws.renames]
    return result(files, after, ws.renames, notes, proven)
