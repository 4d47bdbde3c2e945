"""The form's one-line editor and its suggesters."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.suggester import Suggester
from textual.widgets import Input

from pjtui.ui._textual_compat import cursor_visible, scroll_update
from pjtui.ui.session import MASK


class FieldInput(Input):
    """The one-line editor of the form, without a screen layout per keystroke.

    Textual's Input sets its virtual size to the width of its text on every change of its
    value, and a virtual size change asks for a layout of the whole screen (10-25 ms at
    160x48, before the field and the preview could be painted).  This editor's own size
    never depends on its text (``width: 1fr; height: 1``): only its scroll range does,
    which is updated here without a layout.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, size: Size) -> None:
        if self.is_mounted:
            if not scroll_update(self, size):   # a later Textual can't: the layout, as Input does
                self.refresh(layout=True)

    def render_line(self, y: int) -> Strip:
        """A masked secret is one fixed-width mask, as in the list: one • per character
        would tell its length.  Typing adds at the end; a selection covers it all."""
        if not (self.password and self.value) or y != 0:
            return super().render_line(y)
        text = Text(MASK, no_wrap=True, end="")
        if self.has_focus:
            if not self.selection.is_empty:
                text.stylize(self.get_component_rich_style("input--selection"))
            if cursor_visible(self):
                text.append(" ", self.get_component_rich_style("input--cursor"))
        width = self.scrollable_content_region.width + 1
        text.truncate(width, pad=True)
        return Strip(list(self.app.console.render(text, self.app.console_options.update_width(width)))
                     ).apply_style(self.rich_style)


class ListItemSuggester(Suggester):
    """Completes the last comma-separated item of a list (codecs, enum lists)."""

    def __init__(self, items: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self.items = sorted(set(items))

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, last = value.rpartition(",")
        prefix = ""
        stem = last.lstrip()
        if stem.startswith("!"):
            prefix, stem = "!", stem[1:]
        if not stem:
            return None
        for item in self.items:
            if item.startswith(stem) and item != stem:
                lead = last[: len(last) - len(last.lstrip())]
                return head + sep + lead + prefix + item
        return None


class NameSuggester(Suggester):
    """Completes parameter names of the active tab."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names: list[str] = []

    async def get_suggestion(self, value: str) -> str | None:
        for name in self.names:
            if name.startswith(value) and name != value:
                return name
        return None
