"""The preview of a refactoring: what the proof found, then the diff of every file it
changes (the save dialog's diff view).  Dismissed with True to apply it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Label, Static

from pjtui.ui.dialogs import FileDiff, SaveDiffScreen

AFTER = "Apply: one step, ctrl+z takes it back; ctrl+s then saves the files."


class RefactorScreen(SaveDiffScreen):
    """Extract template / rename / convert, before it is applied (Apply is focused; esc cancels)."""

    BINDINGS = [
        Binding("up", "scroll('up')", "Scroll the diff up", show=False, id="refactor.up"),
        Binding("down", "scroll('down')", "Scroll the diff down", show=False, id="refactor.down"),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, id="refactor.pageup"),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False, id="refactor.pagedown"),
    ]
    DEFAULT_CSS = """
    RefactorScreen > .dialog { height: 96%; }
    RefactorScreen #diff { height: 1fr; max-height: 100%; }
    RefactorScreen #proof { color: $success; height: auto; }
    RefactorScreen #notes { color: $warning; height: auto; }
    """

    def __init__(self, title: str, diffs: list[FileDiff], proof: str, notes: list[str] = ()) -> None:
        super().__init__(title, diffs, AFTER)
        self.proof = proof
        self.notes = list(notes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = escape(self.title_text)  # [names] are not markup
            yield Label(self.proof, id="proof", classes="message", markup=False)
            if self.notes:
                yield Label("\n".join(f"• {n}" for n in self.notes), id="notes", classes="message",
                            markup=False)
            with VerticalScroll(id="diff"):
                yield Static(self._render_diff(), id="diff-text")
            yield Label(self.after, id="after")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#diff", VerticalScroll), f"scroll_{how}")(animate=False)
