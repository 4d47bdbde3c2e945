"""What the Problems pane, the tree and the title say about problems: no widgets here.

``Problem`` is one thing to tell the user (from diagnostics, model errors and checks);
``Counts`` how many of each severity; ``summary_text`` the title bar's right side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

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
