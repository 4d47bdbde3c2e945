"""The F1 keys panel's content and the binding ids the keymap setting may name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from pjtui.ui._textual_compat import keymap as textual_keymap
from pjtui.ui.dialogs import SaveDiffScreen
from pjtui.ui.forms import SectionForm
from pjtui.ui.param_list import ParamList
from pjtui.ui.problems import ProblemsList
from pjtui.ui.tree import SectionTree

if TYPE_CHECKING:
    from textual.app import App


def binding_ids(app: "App") -> list[str]:
    """Every binding id of the app and its panes, sorted."""
    ids = []
    for owner in (app, SectionTree, ProblemsList, SectionForm, ParamList):
        ids.extend(b.id for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding) and b.id)
    return sorted(set(ids))


def key_groups(app: "App") -> list[tuple[str, list[tuple[str, str]]]]:
    """Every key, as the keymap has it now, for the F1 panel."""
    keymap = textual_keymap(app)

    def rows(bindings) -> list[tuple[str, str]]:
        out = []
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            shown = ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
            out.append((shown, binding.description))
        return out

    form_bindings = [*ParamList.BINDINGS, *SectionForm.BINDINGS]
    return [
        ("Everywhere", rows(app.BINDINGS) + [("ctrl+p", "Command palette: every action, jump to a section"), ("esc", "Close a dialog, clear the filter"),
                        ("q", "Quit, where nothing is being typed"), ("tab", "Next pane (shift+tab: previous)")]),
        ("Sections tree", rows(SectionTree.BINDINGS) + [
            ("↑ ↓  j k", "Move; the form and preview follow"),
            ("enter", "Edit the section (on a group: open or close it)"),
            ("space", "Expand or collapse"),
        ]),
        ("Edit (form)", rows(form_bindings)),
        ("Problems", rows(ProblemsList.BINDINGS)),
        ("Save dialog", rows(SaveDiffScreen.BINDINGS)),
    ]
