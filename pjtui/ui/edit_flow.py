"""The edit pipeline: messages from the form become document edits, one undo step each.

Widgets never edit a document.  The app's handlers of the form's messages (FieldChanged,
FieldReset, OptionAdded, OptionEdited, OptionRemoved) hand them here; an edit of one
section's option lines refreshes the models in place (no re-read of the file), and the
check scheduler re-checks what it changed after the next paint.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from pjtui.conf import Section, edits
from pjtui.pjsip.plan import plan_reset, plan_set
from pjtui.ui.analysis import find_by_key, key_of
from pjtui.ui.forms import SectionForm
from pjtui.ui.messages import FieldChanged, FieldReset, OptionAdded, OptionEdited, OptionRemoved
from pjtui.ui.session import EditError
from pjtui.ui.tree import SectionTree

if TYPE_CHECKING:
    from pjtui.ui.app import PjtuiApp

# Edits of option lines are re-checked incrementally this long after the keystroke.
CHECK_AFTER_PAINT = 0.02


class EditFlow:
    """Applies edits for the app and brings the models, tree, form and title up to date."""

    def __init__(self, app: "PjtuiApp") -> None:
        self.app = app

    def apply(self, label: str, changes: list, merge_key: tuple | None = None, structural: bool = False,
              select: tuple | None = None, section: Section | None = None, field: str | None = None) -> bool:
        """Apply document edits as one undo step, then show what they mean.

        ``section``: for edits of one section's option lines (not its header), the models
        are brought up to date incrementally instead of being rebuilt.
        """
        if self.app.read_only:
            self.app.notify(self.app.workspace.read_only_reason or "Read-only", severity="warning")
            self.app.show_selected()  # put the form back to what the file says
            return False
        selected_key = self.app.selected_key if self.app.selected is not None else None
        before = self.app.session.generation
        models_fresh = self.app._model_generation == before
        place = place_of(self.app.selected) if self.app.selected is not None and not structural else None
        try:
            self.app.session.apply(label, changes, merge_key, before=selected_key, after=select or selected_key,
                                   edited=self.app.section_key(section) if section is not None and not structural else None,
                                   field=field)
        except EditError as error:
            self.app.notify(str(error), title="Not changed", severity="error")
            self.app.show_selected()
            return False
        if section is not None and models_fresh and not structural:
            self.refresh_models(section, before)
        self.after_change(structural, select or selected_key, place)
        return True

    def refresh_models(self, section: Section, before: int) -> None:
        """Recompute the edited section and what inherits from it; the rest of the model stays."""
        for model in (self.app.main_model, self.app.context_model):
            if model is not None and model.of(section) is not None:
                effs = model.refresh([section])
                if effs is not None:
                    self.app._model_generation = self.app.session.generation
                    self.app.checks.models_refreshed(model, effs, before, self.app.session.generation)
                return

    def after_change(self, structural: bool, select_key, place=None) -> None:
        """``place``: where the selected section was before edits of option lines only
        (:func:`place_of`); its replacement is found there instead of by a walk of the file."""
        previous_key = self.app.selected_key
        same = None
        if place is not None and select_key is not None and select_key == previous_key:
            doc, index, count = place
            same = doc.sections[index] if len(doc.sections) == count else None
            if same is not None and same.name.lower() != select_key[1]:
                same = None
        if same is not None:
            self.app._selected = same  # names and order unchanged: so is its key
        else:
            self.app.selected = find_by_key(self.app.workspace.documents, select_key) if select_key else None
        self.app.saving.schedule_journal()
        if structural or self.app.selected is None:
            self.app._rebuild()
            if self.app.selected is not None:
                self.app.query_one(SectionTree).reveal(self.app.selected)
        else:
            if self.app.selected_key != previous_key:
                self.app.query_one(SectionTree).reveal(self.app.selected)
            self.app.show_selected()
            self.app.update_title()
            # after the form and preview are painted: a keystroke shows at once, and the
            # edits typed meanwhile are re-checked together.  call_after_refresh alone can
            # run before the paint (the widgets have not told the screen yet); a frame
            # later they have, and it waits for the paint if it is still to come.
            self.app.set_timer(CHECK_AFTER_PAINT, lambda: self.app.call_after_refresh(self.app.check_edits))

    def field_changed(self, message: FieldChanged) -> None:
        section = self.app.live_section(message.section)
        if section is None:
            return
        # the same planning as `pjtui set`: the last own line in place ('+=' becomes '='), or a new line
        changes = plan_set([section], message.key, message.value)
        if not changes:
            return
        self.apply(f"set {message.key} in [{section.name}]", changes,
                   merge_key=("field", self.app.section_key(section), message.key.lower()), section=section,
                   field=message.key)

    def field_reset(self, message: FieldReset) -> None:
        section = self.app.live_section(message.section)
        if section is None:
            return
        changes = plan_reset([section], message.key)     # bottom first, as `pjtui unset`
        if not changes:
            return
        self.apply(f"reset {message.key} in [{section.name}]", changes, section=section, field=message.key)

    def option_added(self, message: OptionAdded) -> None:
        section = self.app.live_section(message.section)
        if section is None:
            return
        self.apply(f"add {message.key} to [{section.name}]",
                   [(section.doc, edits.AddOption(section.line, message.key, message.value))], section=section)

    def option_edited(self, message: OptionEdited) -> None:
        section = self.app.live_section(message.section)
        if section is None:
            return
        option = next((o for o in section.options if o.line == message.option_line), None)
        if option is None:
            return
        self.apply(f"set {option.key} in [{section.name}]", [(section.doc, edits.SetValue(option.line, message.value))],
                   merge_key=("field", self.app.section_key(section), option.key.lower()), section=section)

    def option_removed(self, message: OptionRemoved) -> None:
        section = self.app.live_section(message.section)
        if section is None:
            return
        self.apply(f"remove line {message.option_line} of [{section.name}]",
                   [(section.doc, edits.RemoveOption(message.option_line))], section=section)

    def undo(self) -> None:
        self._history(self.app.session.undo, "Undo", "Nothing to undo", "before")

    def redo(self) -> None:
        self._history(self.app.session.redo, "Redo", "Nothing to redo", "after")

    def _history(self, step_fn, word: str, nothing: str, which: str) -> None:
        if self.app.read_only:
            return
        selected_key = key_of(self.app.selected) if self.app.selected is not None else None
        before = self.app.session.generation
        models_fresh = self.app._model_generation == before
        try:
            step = step_fn()
        except Exception as error:  # an inverse that no longer fits: say so, keep going
            self.app.notify(f"{word} failed: {error}", severity="error")
            return
        if step is None:
            self.app.notify(nothing, timeout=2)
            return
        self.app.notify(f"{word}: {step.label}", timeout=2, markup=False)  # labels name [sections]
        target = getattr(step, which) or selected_key
        if find_by_key(self.app.workspace.documents, target) is None:
            target = selected_key
        edited = find_by_key(self.app.workspace.documents, step.edited) if step.edited else None
        if edited is not None and models_fresh:
            self.refresh_models(edited, before)  # option lines of one section: no rebuild needed
        self.after_change(self.app._model_generation != self.app.session.generation, target)
        if step.field and self.app.active_pane == "edit" and self.app.selected is not None:
            self.app.query_one(SectionForm).focus_field(step.field)  # the row the step changed


def index_in(section: Section) -> int | None:
    """Index of ``section`` in its document's sections (by header line), None if replaced."""
    sections = section.doc.sections
    index = bisect_right(sections, section.line, key=_line_of) - 1
    return index if index >= 0 and sections[index] is section else None


def _line_of(section: Section) -> int:
    return section.line


def place_of(section: Section):
    """(document, index, number of sections): where to find ``section``'s replacement after
    edits of option lines, which keep every header's name and order."""
    index = index_in(section)
    return None if index is None else (section.doc, index, len(section.doc.sections))
