"""The one-line bars around the panes: the title, the pane switcher (80 columns), the keys."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Footer, Static

from pjtui.ui._textual_compat import footer_bindings_ready

PANES = ("sections", "edit", "preview", "problems")
PANE_TITLES = {"sections": "Sections", "edit": "Edit", "preview": "Preview", "problems": "Problems"}


class TitleBar(Static):
    """File name, modified marker, read-only flag on the left; problem summary on the right."""

    DEFAULT_CSS = """
    TitleBar { height: 1; background: $panel; color: $text; }
    """

    def set_parts(self, left: Text, right: Text) -> None:
        self._parts = (left, right)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        parts = getattr(self, "_parts", None)
        if parts is None:
            return
        left, right = parts
        width = self.size.width or 80
        gap = width - left.cell_len - right.cell_len - 1
        text = left.copy()
        if gap >= 1:
            text.append(" " * gap)
            text.append_text(right)
        if text == getattr(self, "_shown", None):
            return  # unchanged: no repaint (a repaint of the top line widens each partial
            # update of the screen to every line between it and the field being typed in)
        self._shown = text
        self.update(text, layout=False)  # one line, always: no layout of the screen per keystroke


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change.

    The Footer removes and mounts all its keys (a layout of the screen) whenever the
    bindings might have changed: three times in the first second after start, with the
    same keys each time.
    """

    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = _shown_bindings(screen)
            if shown == self._shown and footer_bindings_ready(self):
                return
            self._shown = shown
        super().bindings_changed(screen)


def _shown_bindings(screen: Screen) -> tuple:
    return tuple((key, binding.key, binding.action, binding.description, binding.show, binding.group,
                  enabled, tooltip)
                 for key, (_, binding, enabled, tooltip) in screen.active_bindings.items())


class PaneBar(Static):
    """At 80 columns: which pane is shown, and the F-key of each."""

    def show_active(self, active: str) -> None:
        text = Text(" ")
        for index, pane in enumerate(PANES):
            label = f"F{index + 2} {PANE_TITLES[pane]}"
            if pane == active:
                text.append(f"[{label}]", style="bold reverse")
            else:
                text.append(f" {label} ", style="dim")
            text.append(" ")
        text.append(" ctrl+←/→", style="dim")
        self.update(text)
