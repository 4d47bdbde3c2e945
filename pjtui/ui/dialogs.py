"""Modal screens: unsaved changes, save with diff, keys panel, small prompts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class _Dialog(ModalScreen):
    """Shared frame: a bordered box in the middle, Esc cancels, left/right move between buttons."""

    DEFAULT_CSS = """
    _Dialog {
        align: center middle;
    }
    _Dialog > .dialog {
        width: auto;
        max-width: 96%;
        min-width: 40;
        height: auto;
        max-height: 96%;
        border: round $primary;
        border-title-align: left;
        background: $panel;
        padding: 0 1;
    }
    _Dialog .buttons {
        height: auto;
        width: 100%;
        align-horizontal: center;
        margin-top: 1;
    }
    _Dialog .buttons Button {
        margin: 0 1;
        min-width: 10;
    }
    _Dialog .message {
        width: auto;
        max-width: 100%;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)


class UnsavedChangesScreen(_Dialog):
    """Quit with unsaved changes: "save", "discard" or "cancel" (Cancel focused, Esc cancels)."""

    AUTO_FOCUS = "#cancel"

    def __init__(self, changes: int, files: list[str]) -> None:
        super().__init__()
        self.changes = changes
        self.files = files

    def compose(self) -> ComposeResult:
        what = "1 unsaved change" if self.changes == 1 else f"{self.changes} unsaved changes"
        where = ", ".join(self.files)
        with Vertical(classes="dialog") as box:
            box.border_title = "Quit pjtui?"
            yield Label(f"{what} in {where}.", classes="message", markup=False)
            yield Label("Save them before quitting?", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss("cancel")


@dataclass
class FileDiff:
    name: str
    masked: list[str]
    revealed: list[str]


def diff_text(lines: Iterable[str]) -> Text:
    """A unified diff, coloured, but readable without colour (+/- stay)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for line in lines:
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        else:
            style = ""
        text.append(line + "\n", style=style)
    text.rstrip()
    return text


class SaveDiffScreen(_Dialog):
    """What will be written, as a diff per file (secrets masked; r reveals). True saves.

    ``default`` is the button focused first: "cancel" when the check found errors.
    """

    AUTO_FOCUS = "#save"
    BINDINGS = [
        Binding("r", "reveal", "Reveal secrets", id="save.reveal"),
        Binding("ctrl+s", "save", "Save", id="save.confirm", show=False),
    ]
    DEFAULT_CSS = """
    SaveDiffScreen > .dialog { width: 96%; }
    SaveDiffScreen #diff { height: auto; max-height: 100%; border: none; }
    SaveDiffScreen #diff-text { text-wrap: nowrap; text-overflow: ellipsis; }
    SaveDiffScreen #after { color: $text-muted; width: 100%; }
    """
    # Rows around the diff: the box's borders, the buttons and their margin, a row of air.
    AROUND_DIFF = 2 + 1 + 3 + 1

    def __init__(self, title: str, diffs: list[FileDiff], after: str, default: str = "save") -> None:
        super().__init__()
        self.title_text = title
        self.diffs = diffs
        self.after = after
        self.revealed = False
        self.AUTO_FOCUS = f"#{default}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Text(self.title_text)
            with VerticalScroll(id="diff"):
                yield Static(self._render_diff(), id="diff-text")
            yield Label(self.after, id="after", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_resize(self) -> None:
        # A long diff scrolls inside the box, so the title, the error line and the buttons
        # stay on screen (at 80x24 too).
        width = max(10, int(self.size.width * 0.96) - 4)
        after_rows = sum(max(1, -(-len(line) // width)) for line in self.after.split("\n"))
        self.query_one("#diff").styles.max_height = max(3, self.size.height - self.AROUND_DIFF - after_rows)

    def _render_diff(self) -> Text:
        lines: list[str] = []
        for diff in self.diffs:
            lines.extend(diff.revealed if self.revealed else diff.masked)
        if not self.revealed and any(d.masked != d.revealed for d in self.diffs):
            lines.append("   (secrets shown masked; r reveals)")
        return diff_text(lines)

    def action_reveal(self) -> None:
        self.revealed = not self.revealed
        self.query_one("#diff-text", Static).update(self._render_diff())

    def action_save(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "save")

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmScreen(_Dialog):
    """A yes/no question; the safe answer (Cancel) is focused.

    ``others`` are more answers, as (id, label), shown before ``yes``: pressing one
    dismisses with its id (yes is True, Cancel and Esc are False).
    """

    AUTO_FOCUS = "#no"

    def __init__(self, title: str, message: str, yes: str = "OK",
                 others: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes = yes
        self.others = list(others)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Text(self.title_text)
            yield Label(self.message, classes="message", markup=False)
            with Horizontal(classes="buttons"):
                for key, label in self.others:
                    yield Button(label, id=f"other-{key}")
                yield Button(self.yes, id="yes", variant="error")
                yield Button("Cancel", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        self.dismiss(button.removeprefix("other-") if button.startswith("other-") else button == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class TextScreen(_Dialog):
    """Something to read (e.g. edits that were left out), as a diff; OK or Esc closes."""

    AUTO_FOCUS = "#ok"
    DEFAULT_CSS = """
    TextScreen > .dialog { width: 96%; }
    TextScreen #text { height: auto; max-height: 100%; border: none; }
    """

    def __init__(self, title: str, message: str, lines: list[str], body: Text | None = None) -> None:
        """``lines``: diff lines; or ``body``, a text drawn as given."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.lines = lines
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Text(self.title_text)
            yield Label(self.message, classes="message", markup=False)
            with VerticalScroll(id="text"):
                yield Static(self.body if self.body is not None else diff_text(self.lines), id="text-body")
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss(None)


class PromptScreen(_Dialog):
    """Ask for one line of text; ``check`` returns an error message or None."""

    AUTO_FOCUS = "Input"
    DEFAULT_CSS = """
    PromptScreen > .dialog { width: 60; }
    PromptScreen #error { color: $error; height: auto; width: 100%; }
    PromptScreen .message { width: 100%; }
    """

    def __init__(
        self,
        title: str,
        message: str,
        value: str = "",
        check: Callable[[str], str | None] | None = None,
        placeholder: str = "",
        password: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.value = value
        self.check = check
        self.placeholder = placeholder
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Text(self.title_text)
            yield Label(self.message, classes="message", markup=False)
            yield Input(self.value, placeholder=self.placeholder, select_on_focus=True, password=self.password)
            yield Label("", id="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._finish()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._finish()
        else:
            self.dismiss(None)

    def _finish(self) -> None:
        value = self.query_one(Input).value.strip()
        problem = self.check(value) if self.check else None
        if problem:
            self.query_one("#error", Label).update(problem)
            self.query_one(Input).focus()
            return
        self.dismiss(value)


class PickScreen(_Dialog):
    """Choose one item from a list (e.g. the template for a new wizard)."""

    AUTO_FOCUS = "OptionList"
    DEFAULT_CSS = """
    PickScreen > .dialog { width: 60; }
    PickScreen OptionList { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]]) -> None:
        """``choices``: (id, text shown)."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Text(self.title_text)
            yield Label(self.message, classes="message", markup=False)
            yield OptionList(*[Option(Text(text), id=key) for key, text in self.choices])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class KeysScreen(_Dialog):
    """F1: every key of the app and what it does, grouped, as the keymap has them now."""

    BINDINGS = [Binding("f1", "cancel", "Close", id="keys.close")]
    DEFAULT_CSS = """
    KeysScreen > .dialog { width: 78; }
    KeysScreen VerticalScroll { height: auto; max-height: 100%; }
    """

    def __init__(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        text = Text()
        width = max((len(k) for _, rows in self.groups for k, _ in rows), default=8)
        for index, (group, rows) in enumerate(self.groups):
            if index:
                text.append("\n")
            text.append(group + "\n", style="bold underline")
            for key, description in rows:
                text.append(f"  {key:<{width}}  ", style="bold")
                text.append(description + "\n")
        text.append("\nEsc or F1 closes.  Every action is also in the command palette (ctrl+p).")
        with Vertical(classes="dialog") as box:
            box.border_title = "Keys"
            with VerticalScroll():
                yield Static(text)
