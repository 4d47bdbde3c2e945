"""The form's one line of tab labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from pjtui.ui.form_data import TabSpec


class FormTabs(Widget):
    """One line of tab labels; the full names when they fit, short ones when not."""

    DEFAULT_CSS = """
    FormTabs { height: 1; width: 1fr; color: $text-muted; }
    FormTabs > .form-tabs--active { color: $text; background: $primary 30%; text-style: bold underline; }
    FormTabs > .form-tabs--filled { color: $text; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"form-tabs--active", "form-tabs--filled"}

    class Clicked(Message):
        """A tab label was clicked: the form shows that tab."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs: tuple[TabSpec, ...] = ()
        self.counts: dict[str, int] = {}
        self.active = ""

    def set_tabs(self, tabs: tuple[TabSpec, ...], counts: dict[str, int], active: str) -> None:
        if (tabs, counts, active) != (self.tabs, self.counts, self.active):
            self.tabs, self.counts, self.active = tabs, counts, active
            self.refresh()

    def _labels(self, width: int) -> tuple[list[str], int]:
        """The labels that fit ``width`` and the spaces each side of one (1; 0 when tight: one before)."""
        full = [self._label(t, t.label) for t in self.tabs]
        short = [self._label(t, t.short) for t in self.tabs]
        bare = [t.short for t in self.tabs]
        for labels, pad in ((full, 1), (short, 1), (short, 0), (bare, 0)):
            if sum(cell_len(x) + 2 * pad for x in labels) + len(labels) * (1 - pad) <= width:
                return labels, pad
        return bare, 0

    def _label(self, tab: TabSpec, text: str) -> str:
        n = self.counts.get(tab.key, 0)
        return f"{text} {n}" if n else text

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        active = self.get_component_rich_style("form-tabs--active", partial=True)
        filled = self.get_component_rich_style("form-tabs--filled", partial=True)
        width = self.size.width
        labels, pad = self._labels(width)
        parts = [f" {label} " if pad else f" {label}" for label in labels]
        # Too narrow even for the short names: start further right so the active tab shows.
        start = 0
        active_index = next((i for i, t in enumerate(self.tabs) if t.key == self.active), 0)
        while start < active_index and sum(cell_len(p) for p in parts[start:active_index + 1]) + 1 > width:
            start += 1
        if start:
            text.append("‹")
        for index in range(start, len(parts)):
            tab = self.tabs[index]
            style = active if tab.key == self.active else (filled if self.counts.get(tab.key) else Style())
            text.append(parts[index], style + Style(meta={"tab": index}))
        return text

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("tab")
        if index is not None:
            self.post_message(self.Clicked(self.tabs[index].key))
