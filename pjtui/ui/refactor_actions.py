"""The editor's refactorings: mark sections, extract a template from them, rename a section
with every reference following, convert a wizard to plain objects and an endpoint back.

The work is done by the headless core (pjtui/pjsip/refactor), which proves by expansion that
Asterisk loads the same objects.  Here: which sections, the name, the preview of both files
(RefactorScreen) and one undo step over them (``app.apply`` with one Splice per file).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from textual.markup import escape

from pjtui.conf import edits, parse
from pjtui.pjsip.refactor import (Files, Refactored, RefactorError, extract_template, objects_to_wizard,
                                  rename_section, wizard_to_objects)
from pjtui.pjsip.refactor.rename import objects_renamed
from pjtui.ui.analysis import find_by_key, key_of
from pjtui.ui.dialogs import FileDiff, PromptScreen
from pjtui.ui.refactor_dialog import RefactorScreen
from pjtui.ui.session import unified_diff
from pjtui.ui.tree import SectionTree
from pjtui.ui.workspace import WIZARD_FILE

if TYPE_CHECKING:
    from pjtui.ui.app import PjtuiApp


class RefactorActions:
    """What m, x, r and o in the sections tree (and their palette commands) do."""

    def __init__(self, app: "PjtuiApp") -> None:
        self.app = app
        self.marks: list = []   # section keys (analysis.key_of), in the order they were marked

    # -- the open files ---------------------------------------------------------------

    def files(self) -> Files:
        ws = self.app.workspace
        main, other = ws.main.root, (ws.context.root if ws.context is not None else None)
        if ws.wizard_file:
            return Files(main, other)
        wizard = other if other is not None and os.path.basename(other.name) == WIZARD_FILE else None
        return Files(wizard, main)

    @staticmethod
    def which(files: Files, section) -> str | None:
        if section.doc is files.wizard:
            return "wizard"
        if section.doc is files.pjsip:
            return "pjsip"
        return None

    def _fail(self, title: str, error: Exception | str) -> None:
        self.app.notify(str(error), title=title, severity="error", timeout=10, markup=False)  # [names]

    # -- marks ------------------------------------------------------------------------

    def toggle_mark(self) -> None:
        tree = self.app.query_one(SectionTree)
        node = tree.cursor_node
        item = node.data if node is not None else None
        if item is None or item.kind != "section":
            self.app.notify("m marks a section (not a group or a (+) block)", timeout=3)
            return
        key = key_of(item.section)
        if key in self.marks:
            self.marks.remove(key)
        else:
            self.marks.append(key)
        self._show_marks()
        tree.action_cursor_down()   # mark the next one with m again, as in a file manager

    def clear_marks(self) -> None:
        self.marks.clear()
        self._show_marks()

    def _show_marks(self) -> None:
        tree = self.app.query_one(SectionTree)
        tree.marked = set(self.marks)
        tree.refresh_labels(None)

    def marked_sections(self) -> list:
        docs = self.app.workspace.documents
        found = [find_by_key(docs, k) for k in self.marks]
        return [s for s in found if s is not None]

    # -- previews and applying -----------------------------------------------------------

    def _preview(self, title: str, result: Refactored, proof: str, label: str, select: tuple | None) -> None:
        """Show the change; Apply makes it one undo step.  Marks go then (names and lines moved)."""
        docs = {d.name: d for d in self.app.workspace.documents}
        diffs = [FileDiff(name, unified_diff(name, docs[name].to_bytes(), text),
                          unified_diff(name, docs[name].to_bytes(), text, reveal=True))
                 for name, text in result.texts.items()]

        def decided(ok: bool | None) -> None:
            if not ok:
                return
            changes = [(docs[name], splice) for name, splice in result.splices.items()]
            if self.app.apply(label, changes, structural=True, select=select) and self.marks:
                self.clear_marks()

        self.app.push_screen(RefactorScreen(title, diffs, proof, result.notes), decided)

    @staticmethod
    def _proof(result: Refactored) -> str:
        count = result.objects
        text = f"✔ Proven by expansion: Asterisk loads the same {count} object{'s' if count != 1 else ''} as before"
        if result.renames:
            shown = ", ".join(f"{t} {old} → {new}" for t, old, new in result.renames[:6])
            more = f" (+{len(result.renames) - 6} more)" if len(result.renames) > 6 else ""
            text += f", renamed: {shown}{more}"
        return text + "."

    @staticmethod
    def _key_in(result: Refactored, doc, name: str, type_: str | None = None) -> tuple:
        """The key the section ``name`` (of ``type_`` in pjsip.conf) has after the change."""
        new = parse(result.texts.get(doc.name, doc.to_bytes()), doc.name)
        n = 0
        for s in new.sections:
            if s.name.lower() != name.lower():
                continue
            if type_ is None or any(o.key.lower() == "type" and o.value.strip().lower() == type_ for o in s.options):
                break
            n += 1
        return (doc.name, name.lower(), n)

    # -- extract a template ---------------------------------------------------------------

    def _extract_sources(self) -> tuple[list, str] | None:
        marked = self.marked_sections()
        if marked:
            return marked, f"the {len(marked)} marked sections"
        tree = self.app.query_one(SectionTree)
        outline = self.app.outline
        if tree.filter_text and outline is not None:
            needle = tree.filter_text.lower()
            found = [e.section for e in outline.main if needle in e.name.lower() and not e.template]
            return found, f"the {len(found)} section{'' if len(found) == 1 else 's'} matching “{tree.filter_text}”"
        eff = self.app.eff_of(self.app.selected) if self.app.selected is not None else None
        if eff is not None and eff.template and outline is not None:
            kids = [c.section for c in outline.children.get(id(eff), [])]
            return kids, (f"the 1 section that inherits [{eff.name}]" if len(kids) == 1
                          else f"the {len(kids)} sections that inherit [{eff.name}]")
        return None

    def extract(self) -> None:
        if self.app.refuse_read_only():
            return
        sources = self._extract_sources()
        if sources is None:
            self.app.notify("Mark the sections with m (two or more), or filter them with /, or select "
                            "their template; then x extracts what they share into a new template.",
                            title="Extract template", timeout=10)
            return
        sections, what = sources
        files = self.files()
        docs = {id(s.doc) for s in sections}
        which = self.which(files, sections[0]) if sections else None
        if len(docs) != 1 or which is None:
            self._fail("Extract template", "the sections must all be in the file you opened (or the one beside it), "
                                           "not in an included file")
            return
        got: dict = {}
        check = _checker(got, lambda name: extract_template(files, which, [s.line for s in sections], name))

        def named(name: str | None) -> None:
            if not name or "result" not in got:
                return
            result = got["result"]
            doc = sections[0].doc
            self._preview(f"Extract template [{name}] from {what}", result, self._proof(result),
                          f"extract template [{name}]", self._key_in(result, doc, name))

        names = ", ".join(s.name for s in sections[:6]) + (" …" if len(sections) > 6 else "")
        self.app.push_screen(PromptScreen("Extract template", f"From {what} ({names}): the lines they all have "
                                          "move into a new template they inherit. Its name:",
                                          check=check, placeholder="e.g. phones"), named)

    # -- rename with references -------------------------------------------------------------

    def rename(self) -> None:
        if self.app.refuse_read_only() or self.app.selected is None:
            return
        section = self.app.selected
        files = self.files()
        which = self.which(files, section)
        if which is None:   # in an included file: the plain rename (parent lists only)
            self.app.section_actions.rename()
            return
        eff = self.app.eff_of(section)
        if eff is not None and section is not eff.section:
            section = eff.section   # a (+) block: rename the section it adds to (and all its blocks)
        got: dict = {}
        check = _checker(got, lambda name: rename_section(files, which, section.line, name))

        def named(name: str | None) -> None:
            if not name or "result" not in got:
                return
            result = got["result"]
            n = sum(1 for s in section.doc.sections if s.name.lower() == name.lower() and s.line < section.line)
            self._preview(f"Rename [{section.name}] to [{name}]", result, self._proof(result),
                          f"rename [{section.name}] to [{name}]", (section.doc.name, name.lower(), n))

        self.app.push_screen(PromptScreen(escape(f"Rename [{section.name}]"), _follows(files, which, section, self.app),
                                          value=section.name, check=check), named)

    # -- convert ------------------------------------------------------------------------------

    def convert(self, want: str | None = None) -> None:
        """``want``: "objects" or "wizard" (the palette's two commands); None: the way the
        selection allows (a wizard becomes objects, a pjsip.conf endpoint a wizard)."""
        if self.app.refuse_read_only() or self.app.selected is None:
            return
        section = self.app.selected
        files = self.files()
        which = self.which(files, section)
        if which is None:
            self._fail("Convert", f"[{section.name}] is in an included file; convert it there by hand")
            return
        if want is not None and (want == "objects") != (which == "wizard"):
            self._fail("Convert", "select a wizard section of pjsip_wizard.conf" if want == "objects"
                       else "select an endpoint (or its aor or auth) in pjsip.conf")
            return
        eff = self.app.eff_of(section)
        line = eff.section.line if eff is not None else section.line
        try:
            result = (wizard_to_objects if which == "wizard" else objects_to_wizard)(files, line)
        except RefactorError as error:
            self._fail("Can't convert", error)
            return
        name = section.name
        if which == "wizard":
            renamed = name
            title, label = f"Convert [{name}] to plain objects in pjsip.conf", f"convert [{name}] to objects"
            select = self._key_in(result, files.pjsip, renamed, "endpoint")
        else:
            endpoint = next((new for t, old, new in result.renames if t == "endpoint"), None)
            renamed = endpoint or _endpoint_of(result, files, section)
            title, label = f"Convert [{name}] and its objects to a wizard", f"convert [{name}] to a wizard"
            select = self._key_in(result, files.wizard, renamed)
        self._preview(title, result, self._proof(result), label, select)


def _checker(got: dict, run: Callable[[str], Refactored]) -> Callable[[str], str | None]:
    """The prompt's check: the refactoring is computed (and proven) for the name typed, kept
    in ``got["result"]`` for the preview; else what is wrong, and the prompt stays open."""
    def check(name: str) -> str | None:
        if not name:
            return "Give a name."
        try:
            edits.check_section_name(name)
            got["result"] = run(name)
        except (edits.EditError, RefactorError) as error:
            return str(error)
        return None

    return check


def _follows(files: Files, which: str, section, app) -> str:
    """The prompt's text: what changes besides the header."""
    parts = []
    children = app.outline.children.get(id(app.outline.of(section)), []) if app.outline else []
    if children:
        one = len(children) == 1
        parts.append(f"the parent lists of the {len(children)} section{'' if one else 's'} "
                     f"that inherit{'s' if one else ''} it")
    try:
        made = objects_renamed(files, which, section.line)
    except Exception:   # only what the prompt says: the check on OK gives the real reason
        made = []
    if made:
        shown = ", ".join(f"{t} {old}" for t, old in made[:5]) + (" …" if len(made) > 5 else "")
        parts.append(f"the objects it makes ({shown}) and every reference to them in both files "
                     "(aors, auth, outbound_auth, identify endpoint, …)")
    also = ("Also renamed: " + "; ".join(parts) + ". ") if parts else ""
    return f"{also}The next screen shows every changed line. New name:"


def _endpoint_of(result: Refactored, files: Files, section) -> str:
    """The wizard's name when nothing was renamed: the endpoint's (the first new header)."""
    new = parse(result.texts[files.wizard.name], files.wizard.name)
    old = {s.name.lower() for s in files.wizard.sections}
    return next((s.name for s in new.sections if s.name.lower() not in old), section.name)
