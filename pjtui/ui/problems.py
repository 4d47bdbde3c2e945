"""The Problems pane: every warning of the loaded files, severity as glyph and word."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

GLYPH = {"error": "✖", "warning": "⚠", "hint": "ℹ"}
STYLE = {"error": "bold red", "warning": "yellow", "hint": "blue"}
ORDER = {"error": 0, "warning": 1, "hint": 2}


@dataclass(frozen=True)
class Counts:
    errors: int = 0
    warnings: int = 0
    hints: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.errors + other.errors, self.warnings + other.warnings, self.hints + other.hints)

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.hints


@dataclass(eq=False)
class Problem:
    """One thing to tell the user, normalised from diagnostics, model errors and checks."""

    severity: str  # "error", "warning" or "hint"
    message: str
    file: str
    line: int
    section: object | None = None  # conf Section the problem is in
    key: str | None = None  # the option it is about, for jumping to the field
    code: str = ""
    fix: str = ""
    section_key: tuple | None = None  # (file, name, n-th): finds the section after edits

    @property
    def where(self) -> str:
        return f"{Path(self.file).name}:{self.line}" if self.line else Path(self.file).name


def count_by_section(problems: list[Problem]) -> dict[int, Counts]:
    counts: dict[int, Counts] = {}
    for problem in problems:
        if problem.section is None:
            continue
        one = Counts(
            errors=problem.severity == "error",
            warnings=problem.severity == "warning",
            hints=problem.severity == "hint",
        )
        key = id(problem.section)
        counts[key] = counts.get(key, Counts()) + one
    return counts


def summary(problems: list[Problem]) -> Counts:
    total = Counts()
    for problem in problems:
        total = total + Counts(
            problem.severity == "error", problem.severity == "warning", problem.severity == "hint"
        )
    return total


def summary_text(counts: Counts) -> Text:
    text = Text()
    if not counts.total:
        return Text("✔ no problems", style="green")
    parts = []
    if counts.errors:
        parts.append((f"✖ {counts.errors} error" + ("s" if counts.errors > 1 else ""), STYLE["error"]))
    if counts.warnings:
        parts.append((f"⚠ {counts.warnings} warning" + ("s" if counts.warnings > 1 else ""), STYLE["warning"]))
    if counts.hints:
        parts.append((f"ℹ {counts.hints} hint" + ("s" if counts.hints > 1 else ""), STYLE["hint"]))
    for index, (part, style) in enumerate(parts):
        if index:
            text.append("  ")
        text.append(part, style=style)
    return text


def problem_text(problem: Problem) -> Text:
    text = Text(no_wrap=False)
    text.append(f"{GLYPH[problem.severity]} {problem.severity:<7} ", style=STYLE[problem.severity])
    name = getattr(problem.section, "name", None)
    if name is not None:
        text.append(f"[{name}] ", style="bold")
    text.append(f"{problem.where}  ", style="dim")
    text.append(problem.message)
    if problem.fix:
        text.append(f"  → {problem.fix}", style="italic")
    return text


class ProblemsList(OptionList):
    """The list; Enter (or a click) asks the app to jump to the section and field."""

    BINDINGS = [Binding("enter", "select", "Go to", id="problems.goto")]

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
