"""The Problems pane: every warning of the loaded files, severity as glyph and word."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pjtui.ui.problem_data import (  # re-exported: imported from here by the other panes and tests
    GLYPH, ORDER, STYLE, Counts, Problem, problem_text, summary, summary_text,
)

__all__ = ["GLYPH", "ORDER", "STYLE", "Counts", "Problem", "ProblemsList", "problem_text", "summary", "summary_text"]


class ProblemsList(OptionList):
    """The list; Enter (or a click) asks the app to jump to the section and field."""

    BINDINGS = [
        Binding("enter", "select", "Go to", id="problems.goto"),
        Binding("j", "cursor_down", "", show=False),
        Binding("k", "cursor_up", "", show=False),
        Binding("tab", "app.cycle_pane(1)", "", show=False),          # Tab: the next pane, as in most TUIs
        Binding("shift+tab", "app.cycle_pane(-1)", "", show=False),
    ]

    class Jump(Message):
        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    # Long files can have thousands of problems; the list shows this many at once.
    LIMIT = 2000
    # Each option is wrapped to know its height (~0.3 ms): they are added this many at a
    # time, a frame apart, so a thousand problems never hold the screen for 0.3 s.
    CHUNK = 100

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problems: list[Problem] = []
        self._shown_key: tuple = ()
        self._filling = 0  # bumped by each show(): a fill left over from before stops

    def show(self, problems: list[Problem]) -> None:
        problems = sorted(problems, key=lambda p: (ORDER[p.severity], p.file, p.line))
        key = tuple((p.severity, p.file, p.line, p.message) for p in problems)
        if key == self._shown_key:
            self.problems = problems
            return
        self._shown_key = key
        highlighted = self.highlighted or 0
        self.problems = problems
        self._filling += 1
        self.clear_options()
        if not problems:
            self.add_option(Option(Text("✔ No problems found.", style="green"), disabled=True))
            return
        self._fill(problems, 0, highlighted, self._filling)

    def _fill(self, problems: list[Problem], start: int, highlighted: int, filling: int) -> None:
        if filling != self._filling or not self.is_attached:
            return  # shown again meanwhile (or gone)
        shown = min(len(problems), self.LIMIT)
        end = min(start + self.CHUNK, shown)
        self.add_options(Option(problem_text(p)) for p in problems[start:end])
        if start <= highlighted < end or (end == shown and highlighted >= shown):
            self.highlighted = min(highlighted, shown - 1)
        if end < shown:
            self.set_timer(1 / 60, lambda: self._fill(problems, end, highlighted, filling))
        elif len(problems) > self.LIMIT:
            self.add_option(Option(f"… {len(problems) - self.LIMIT} more", disabled=True))

    @property
    def filled(self) -> bool:
        """Every problem (up to LIMIT) is in the list."""
        return self.option_count >= min(len(self.problems), self.LIMIT)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.problems):
            self.post_message(self.Jump(self.problems[event.option_index]))
