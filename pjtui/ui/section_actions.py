"""The app's actions on whole sections: new wizard, clone, rename, delete, change templates.

Each asks with a dialog, then hands the document edits to the app (``app.apply``) as one
undo step; none of them edits a document itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pjtui.conf import Section, edits
from pjtui.io import is_secret_key
from pjtui.pjsip.catalogue import is_true
from pjtui.ui.analysis import key_of
from pjtui.ui.dialogs import ConfirmScreen, PickScreen, PromptScreen

if TYPE_CHECKING:
    from pjtui.ui.app import PjtuiApp


class SectionActions:
    """What ctrl+n and the palette's "Clone / Rename / Delete section / Change templates" do."""

    def __init__(self, app: "PjtuiApp") -> None:
        self.app = app

    def _templates(self) -> list:
        return [eff for eff in self.app.main_model.sections if eff.template]

    def _name_problem(self, name: str, allow: Section | None = None) -> str | None:
        if not name:
            return "Give a name."
        try:
            edits.check_section_name(name)
        except edits.EditError as error:
            return str(error)
        clash = [s for s in self.app.workspace.main.root.sections if s.name.lower() == name.lower() and s is not allow]
        if clash:
            return f"[{clash[0].name}] already exists (line {clash[0].line}); pick another name."
        return None

    def new_wizard(self) -> None:
        if self.app.refuse_read_only():
            return
        templates = self._templates()
        choices = [(str(i), f"{eff.name}  ({_inherit(len(self.app.outline.children.get(id(eff), [])), 'use', 'uses')} it)")
                   for i, eff in enumerate(templates)]
        choices.append(("", "(no template: empty wizard)"))

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            template = templates[int(choice)] if choice else None
            self.app.push_screen(
                PromptScreen("New wizard", f"Name of the new section{' (inherits ' + template.name + ')' if template else ''}:",
                             check=self._name_problem, placeholder="e.g. 6002"),
                lambda name: self._create(name, template),
            )

        self.app.push_screen(PickScreen("New wizard", "Which template does it inherit from?", choices), picked)

    def _create(self, name: str | None, template) -> None:
        """After the name: the values the template needs and does not give (its auth)."""
        if not name:
            return
        asks = _needed_values(template, name)
        answers: list[tuple[str, str]] = []

        def ask(index: int) -> None:
            if index == len(asks):
                self._add(name, template, tuple(answers))
                return
            key, why, value = asks[index]

            def answered(text: str | None) -> None:
                if text is None:
                    return  # Esc: no new wizard
                if text:
                    answers.append((key, text))
                ask(index + 1)

            self.app.push_screen(PromptScreen(f"New wizard [{name}]", f"{key} ({why}; empty leaves it out):",
                                              value=value, password=is_secret_key(key)), answered)

        ask(0)

    def _add(self, name: str, template, values: tuple) -> None:
        doc = self.app.workspace.main.root
        parents = (template.name,) if template is not None else ()
        after = self._last_of_family(template) if template is not None else None
        options = values if template is not None else (("type", "wizard"), *values)
        edit = edits.AddSection(after, name, False, parents, options)
        if self.app.apply(f"new [{name}]", [(doc, edit)], structural=True, select=(doc.name, name.lower(), self._count_named(doc, name))):
            self.app.action_pane("edit")

    def _count_named(self, doc, name: str) -> int:
        return sum(1 for s in doc.sections if s.name.lower() == name.lower())

    def _last_of_family(self, template) -> int | None:
        """Header line of the last section in the root file that inherits ``template``."""
        doc = self.app.workspace.main.root
        last = template.section if template.section.doc is doc else None
        for child in self.app.outline.children.get(id(template), []):
            if child.section.doc is doc and (last is None or child.section.line > last.line):
                last = child.section
        return last.line if last is not None else None

    def clone(self) -> None:
        if self.app.refuse_read_only() or self.app.selected is None:
            return
        source = self.app.selected

        def done(name: str | None) -> None:
            if not name:
                return
            options = tuple((o.key, o.value) for o in source.options if o.op == "=")
            edit = edits.AddSection(source.line, name, source.template, tuple(source.parents), options)
            self.app.apply(f"clone [{source.name}] as [{name}]", [(source.doc, edit)], structural=True,
                           select=(source.doc.name, name.lower(), self._count_named(source.doc, name)))

        self.app.push_screen(PromptScreen(f"Clone [{source.name}]", "Name of the copy (its own lines are copied):",
                                          value=f"{source.name}-copy", check=self._name_problem), done)

    def rename(self) -> None:
        if self.app.refuse_read_only() or self.app.selected is None:
            return
        section = self.app.selected
        children = self.app.outline.children.get(id(self.app.outline.of(section)), []) if self.app.outline else []

        def done(name: str | None) -> None:
            if not name or name == section.name:
                return
            changes = [(section.doc, edits.RenameSection(section.line, name))]
            # Children name their parent: rename it there too, or they would lose it.
            for child in children:
                parents = tuple(name if p.lower() == section.name.lower() else p for p in child.section.parents)
                changes.append((child.section.doc, edits.SetTemplates(child.section.line, child.section.template, parents)))
            n = sum(1 for s in section.doc.sections if s.name.lower() == name.lower() and s.line < section.line)
            self.app.apply(f"rename [{section.name}] to [{name}]", changes, structural=True, select=(section.doc.name, name.lower(), n))

        note = (f" {_inherit(len(children), 'inherit', 'inherits')} from it and "
                f"{'is' if len(children) == 1 else 'are'} updated too." if children else "")
        self.app.push_screen(PromptScreen(f"Rename [{section.name}]", "New name:" + note, value=section.name,
                                          check=lambda n: self._name_problem(n, allow=section)), done)

    def delete_section(self) -> None:
        if self.app.refuse_read_only() or self.app.selected is None:
            return
        section = self.app.selected
        eff = self.app.outline.of(section) if self.app.outline else None
        children = self.app.outline.children.get(id(eff), []) if eff is not None else []
        if children:
            names = ", ".join(c.name for c in children[:5]) + (" …" if len(children) > 5 else "")
            self.app.notify(f"[{section.name}] can't be deleted: {_inherit(len(children), 'inherit', 'inherits')} "
                            f"from it ({names}). "
                            "Change their templates first (t).", severity="warning", timeout=8)
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            index = section.doc.sections.index(section)
            neighbours = section.doc.sections[index + 1:index + 2] or section.doc.sections[max(0, index - 1):index]
            nxt = key_of(neighbours[0]) if neighbours else None
            self.app.apply(f"delete [{section.name}]", [(section.doc, edits.DeleteSection(section.line))],
                           structural=True, select=nxt)

        comments, above = 0, section.line - 1   # the comment block right above goes with it
        while above >= 1 and section.doc.lines[above - 1].lstrip().startswith(b";"):
            comments, above = comments + 1, above - 1
        with_comment = f" and the {comments} comment line{'s' if comments != 1 else ''} above it" if comments else ""
        self.app.push_screen(ConfirmScreen(f"Delete [{section.name}]?",
                                           f"Delete [{section.name}] (line {section.line}){with_comment}? "
                                           "ctrl+z brings it back.", yes="Delete"), done)

    def change_templates(self) -> None:
        if self.app.refuse_read_only() or self.app.selected is None:
            return
        section = self.app.selected

        def check(text: str) -> str | None:
            names = [p.strip() for p in text.split(",") if p.strip()]
            earlier = {s.name.lower() for s in section.doc.sections if s.line < section.line}
            missing = [n for n in names if n.lower() not in earlier and n != "!"]
            if missing:
                return (f"Not defined above [{section.name}]: {', '.join(missing)}. "
                        "Asterisk needs a parent defined before its child.")
            return None

        def done(text: str | None) -> None:
            if text is None:
                return
            names = [p.strip() for p in text.split(",") if p.strip()]
            template = "!" in names
            parents = tuple(n for n in names if n != "!")
            self.app.apply(f"templates of [{section.name}]", [(section.doc, edits.SetTemplates(section.line, template, parents))],
                           structural=True, select=key_of(section))

        current = ",".join((["!"] if section.template else []) + section.parents)
        self.app.push_screen(PromptScreen(f"Templates of [{section.name}]",
                                          "Parents, comma separated (add ! to make it a template itself):",
                                          value=current, check=check), done)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _inherit(n: int, plural_verb: str, singular_verb: str) -> str:
    """``1 section uses``, ``3 sections use``."""
    return f"{_count(n, 'section')} {singular_verb if n == 1 else plural_verb}"


# What a wizard must have when its template turns a feature on (Asterisk refuses it otherwise).
NEEDS = (
    ("accepts_auth", "inbound_auth/username", "the template accepts_auth"),
    ("accepts_auth", "inbound_auth/password", "the template accepts_auth"),
    ("sends_auth", "outbound_auth/username", "the template sends_auth"),
    ("sends_auth", "outbound_auth/password", "the template sends_auth"),
)


def _needed_values(template, name: str) -> list[tuple[str, str, str]]:
    """(key, why, suggested value) of each value the new wizard needs from the user."""
    if template is None:
        return []
    asks = []
    for switch, key, why in NEEDS:
        if is_true(template.value(switch) or "no") and not template.value(key):
            asks.append((key, why, name if key.endswith("/username") else ""))
    return asks
