"""Re-apply unsaved edits onto a file that changed on disk (no Textual).

The editor's edits are the line hunks between the file as loaded (``base``) and the
document now (``mine``).  Each hunk goes onto the new file (``theirs``) where the lines it
replaced, and the lines either side of it, are still there unchanged; any other hunk is
left out and reported, so nothing is merged by a guess.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Hunk:
    """One unsaved edit: base lines ``start``..``start + len(old)`` (0-based) become ``new``."""

    start: int
    old: tuple[bytes, ...]
    new: tuple[bytes, ...]

    def describe(self) -> list[str]:
        """The hunk as diff lines, 1-based line number of the file as loaded."""
        head = f"@@ line {self.start + 1} of the file as you loaded it @@"
        return [head, *(f"-{_text(line)}" for line in self.old), *(f"+{_text(line)}" for line in self.new)]


@dataclass(frozen=True)
class Rebased:
    lines: list[bytes]          # the new file with the edits that still apply
    applied: list[Hunk]
    left_out: list[Hunk]        # edits whose lines the other program changed


def reapply(base: list[bytes], mine: list[bytes], theirs: list[bytes]) -> Rebased:
    """``theirs`` with the hunks of ``base`` → ``mine`` that still fit (see the module doc)."""
    hunks = [Hunk(i1, tuple(base[i1:i2]), tuple(mine[j1:j2]))
             for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, mine, autojunk=False).get_opcodes()
             if tag != "equal"]
    kept: dict[int, int] = {}   # base line index -> the same, unchanged line's index in theirs
    for a, b, size in difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks():
        for k in range(size):
            kept[a + k] = b + k
    placed: list[tuple[int, int, Hunk]] = []  # (start, end in theirs, hunk)
    left_out: list[Hunk] = []
    for hunk in hunks:
        where = _place(hunk, kept, len(base), len(theirs))
        if where is None:
            left_out.append(hunk)
        else:
            placed.append((*where, hunk))
    lines = list(theirs)
    for start, end, hunk in sorted(placed, key=lambda p: p[0], reverse=True):
        lines[start:end] = hunk.new
    return Rebased(lines, [h for _, _, h in placed], left_out)


def _place(hunk: Hunk, kept: dict[int, int], base_len: int, theirs_len: int) -> tuple[int, int] | None:
    """Where ``hunk`` goes in theirs, or None when theirs changed its lines or neighbours."""
    first, last = hunk.start - 1, hunk.start + len(hunk.old)   # the neighbours, in base
    span = range(hunk.start, last)
    if any(i not in kept for i in span):
        return None
    before = kept.get(first) if first >= 0 else -1
    after = kept.get(last) if last < base_len else theirs_len
    if before is None or after is None:
        return None   # a neighbouring line changed: too close to their edit to be sure
    if after - before - 1 != len(hunk.old):
        return None   # they inserted or removed lines right there
    return before + 1, after


def _text(line: bytes) -> str:
    return line.decode("utf-8", "surrogateescape").rstrip("\r\n")
