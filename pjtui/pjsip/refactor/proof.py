"""What the refactorings share: the objects two files make, and one splice per changed file."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.conf import Document, Splice, parse
from pjtui.pjsip.convert.objects import from_model, retarget
from pjtui.pjsip.convert.compare import differences, export_pairs
from pjtui.pjsip.export import read_defaults
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand


class RefactorError(ValueError):
    """The refactoring can't be made (or would change what Asterisk loads); the message says why."""


class Files(NamedTuple):
    wizard: Document | None = None      # pjsip_wizard.conf
    pjsip: Document | None = None       # pjsip.conf


class Refactored(NamedTuple):
    splices: dict          # document name -> the one Splice that makes the change (apply() gives its inverse)
    texts: dict            # document name -> the new bytes
    renames: list          # [(type, old name, new name)] of the objects Asterisk will load
    notes: list            # things the user should know (dialplan names, ...)
    objects: int = 0       # how many objects the proof compared


class Proven(NamedTuple):
    objects: int           # objects compared (the files make as many after as before)
    hints_gone: list       # dialplan hint lines no wizard makes any more (``wizard_goes`` only)


def copy(doc: Document) -> Document:
    return parse(doc.to_bytes(), doc.name)


def objects(files: Files) -> tuple[list, list]:
    """(type, name, pairs) of every object the two files make, and the dialplan hint lines."""
    pjsip = build(files.pjsip) if files.pjsip is not None else None
    out, hints = [], []
    if files.wizard is not None:
        exp = expand(build(files.wizard), pjsip=pjsip)
        out += [(o.type, o.name, export_pairs(o.type, o.all_params())) for o in exp.objects]
        hints = sorted(exp.hint_lines())
    if pjsip is not None:
        out += [(o.type, o.name, list(o.pairs)) for o in from_model(pjsip)]
    return out, hints


def prove(before: Files, after: Files, renames=(), defaults: dict | None = None, *,
          wizard_goes: bool = False, wizard_comes: bool = False) -> Proven:
    """``after`` must make ``before``'s objects (under their new names, references following).
    ``wizard_goes``: a wizard becomes plain objects, so its bookkeeping tag (``@pjsip_wizard``)
    and the hints it made may go (no hint may appear or change).  ``wizard_comes``: plain
    objects become a wizard, which tags them."""
    names = {(t, old): new for t, old, new in renames}
    want, hints_before = objects(before)
    got, hints_after = objects(after)
    if names:
        want = [(t, names.get((t, n), n), retarget(t, pairs, names)) for t, n, pairs in want]
        old_w = {old: new for (t, old), new in names.items() if t == "wizard"}
        hints_before = sorted(_renamed_hint(h, old_w) for h in hints_before)
    if wizard_goes:
        want = [(t, n, [kv for kv in pairs if not kv[0].startswith("@")]) for t, n, pairs in want]
        got = [(t, n, [kv for kv in pairs if not kv[0].startswith("@")]) for t, n, pairs in got]
    diffs = differences(want, got, defaults if defaults is not None else read_defaults(), ignore_tags=wizard_comes)
    if diffs:
        raise RefactorError("this would change what Asterisk loads: " + "; ".join(map(str, diffs[:5])))
    if (not set(hints_after) <= set(hints_before)) if wizard_goes else hints_before != hints_after:
        raise RefactorError("this would change the dialplan hints the wizards make")
    return Proven(len(got), sorted(set(hints_before) - set(hints_after)))


def _renamed_hint(line: str, names: dict) -> str:
    head, sep, device = line.partition(" => PJSIP/")
    return head + sep + names.get(device, device) if sep else line


def splice_between(doc: Document, new: bytes) -> Splice:
    """The one splice that turns ``doc`` into ``new`` (common first and last lines kept)."""
    from pjtui.conf.document import split_lines

    old_lines, new_lines = doc.lines, split_lines(new)
    a = 0
    while a < min(len(old_lines), len(new_lines)) and old_lines[a] == new_lines[a]:
        a += 1
    b = 0
    while (b < min(len(old_lines), len(new_lines)) - a
           and old_lines[len(old_lines) - 1 - b] == new_lines[len(new_lines) - 1 - b]):
        b += 1
    return Splice(a, tuple(old_lines[a:len(old_lines) - b]), tuple(new_lines[a:len(new_lines) - b]))


def result(before: Files, after: Files, renames=(), notes=(), proven: Proven | None = None) -> Refactored:
    splices, texts = {}, {}
    for old, new in zip(before, after, strict=True):
        if old is not None and new.to_bytes() != old.to_bytes():
            splices[old.name] = splice_between(old, new.to_bytes())
            texts[old.name] = new.to_bytes()
    return Refactored(splices, texts, list(renames), list(notes), proven.objects if proven else 0)
