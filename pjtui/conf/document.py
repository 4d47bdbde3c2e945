"""A lossless Asterisk ``.conf`` document.

The document owns every byte of the file as a list of physical lines (each with
its own terminator).  Sections, options and directives are *views* computed
from those lines exactly as Asterisk's ``main/config.c`` reads them; see
``shared/spec/asterisk-config-syntax.md``.  ``to_bytes()`` is always the input.

Text is decoded with UTF-8 + ``surrogateescape`` so that bytes which are not
UTF-8 survive a round trip through ``str``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

ENCODING = "utf-8"
ERRORS = "surrogateescape"

# Asterisk trims every byte <= 0x20 (ast_strip); NUL never reaches it (C strings).
BLANKS = bytes(range(0, 33))
BOM = b"\xef\xbb\xbf"
# fgets() buffer is 8192 bytes: a line whose first 8191 bytes hold no newline is skipped.
FGETS_CHUNK = 8191
MAX_NAME_BYTES = 79
MAX_NESTED_COMMENTS = 128


def decode(raw: bytes) -> str:
    return raw.decode(ENCODING, ERRORS)


def encode(text: str) -> bytes:
    return text.encode(ENCODING, ERRORS)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something Asterisk (or pjtui) reports about the file.

    ``fatal`` means Asterisk rejects the whole file (or, for an included file,
    stops reading that file at this line).
    """

    file: str
    line: int
    message: str
    fatal: bool
    code: str

    def __str__(self) -> str:
        level = "error" if self.fatal else "warning"
        return f"{self.file}:{self.line}: {level}: {self.message}"


class Option:
    """One ``name = value`` line (or ``=>`` / ``+=``)."""

    __slots__ = ("key", "op", "value", "line", "section", "doc", "editable", "append_text")

    def __init__(self, key, op, value, line, section, doc, editable, append_text):
        self.key: str = key
        self.op: str = op
        # As Asterisk stores the line's own value: comments removed, ``\;`` unescaped, trimmed.
        self.value: str = value
        self.line: int = line
        self.section: Section | None = section
        self.doc: Document = doc
        # False when block comments cut through the line: its value can't be edited in place.
        self.editable: bool = editable
        # For ``+=``: the exact text after ``+=`` (leading blanks kept) that Asterisk appends.
        self.append_text: str | None = append_text

    @property
    def raw(self) -> bytes:
        return self.doc.lines[self.line - 1]

    @property
    def file(self) -> str:
        return self.doc.name

    def __repr__(self) -> str:
        return f"Option({self.key!r} {self.op} {self.value!r} @{self.line})"


class Section:
    """A ``[name]`` header and the lines up to the next header."""

    __slots__ = (
        "name", "template", "parents", "append", "append_filter", "line",
        "options", "directives", "doc", "end_line", "header_gap",
    )

    def __init__(self, name, template, parents, append, append_filter, line, doc):
        self.name: str = name
        self.template: bool = template
        self.parents: list[str] = parents
        self.append: bool = append
        self.append_filter: str | None = append_filter
        self.line: int = line
        self.options: list[Option] = []
        self.directives: list[Directive] = []
        self.doc: Document = doc
        self.end_line: int = line
        # "(...)" written after a blank behind "]": Asterisk ignores it (see parser.header_gap)
        self.header_gap: str | None = None

    @property
    def file(self) -> str:
        return self.doc.name

    @property
    def header(self) -> bytes:
        return self.doc.lines[self.line - 1]

    def get(self, key: str) -> Option | None:
        """The last own option named ``key`` (case-insensitive), as Asterisk's lookups do."""
        key = key.lower()
        for option in reversed(self.options):
            if option.key.lower() == key:
                return option
        return None

    def __repr__(self) -> str:
        flags = []
        if self.template:
            flags.append("!")
        if self.append:
            flags.append("+" + (self.append_filter or ""))
        flags.extend(self.parents)
        suffix = f"({','.join(flags)})" if flags else ""
        return f"Section([{self.name}]{suffix} @{self.line})"


@dataclass(slots=True)
class Directive:
    """``#include``, ``#tryinclude``, ``#exec`` (never run) or an unknown ``#word``."""

    kind: str  # "include", "tryinclude", "exec" or the unknown word as written
    argument: str | None  # dequoted argument, None when missing
    line: int
    section: Section | None
    doc: "Document" = field(repr=False)

    @property
    def file(self) -> str:
        return self.doc.name


class Document:
    """One file: its lines and what Asterisk reads from them."""

    def __init__(self, lines: list[bytes], name: str = "<bytes>"):
        self.name = name
        self.lines = lines
        self.sections: list[Section] = []
        self.directives: list[Directive] = []
        self.diagnostics: list[Diagnostic] = []
        # Options before the first header: fatal in a top file, but in an included
        # file they belong to the includer's current section.
        self.preamble: list[Option] = []
        # First line Asterisk rejects the file at when it is read on its own / when included.
        self.syntax_fatal_line: int | None = None
        self.orphan_line: int | None = None  # first variable line before any header
        # Block comments make a line's meaning depend on the lines above it; without
        # them an edit can be re-read locally (see edits._reread_locally).
        self.has_block_comments = False
        self._eol_counts: tuple[int, int] | None = None  # (CRLF lines, LF lines), computed on demand
        # How many edits so far added or removed lines (moving every line below them):
        # whoever caches things by line number can tell whether any line may have moved.
        self.moves = 0
        from pjtui._gc import paused_gc
        from pjtui.conf.parser import analyse

        with paused_gc():  # tens of thousands of small acyclic objects: no collector passes
            analyse(self)

    # -- bytes ---------------------------------------------------------------
    def to_bytes(self) -> bytes:
        return b"".join(self.lines)

    @property
    def fatal_line(self) -> int | None:
        """The line at which Asterisk rejects this file when it is the top file."""
        lines = [n for n in (self.syntax_fatal_line, self.orphan_line) if n is not None]
        return min(lines) if lines else None

    @property
    def fatal(self) -> bool:
        return self.fatal_line is not None

    @property
    def newline(self) -> bytes:
        """The file's usual line terminator (majority rule; ``\\n`` when no line has one)."""
        if self._eol_counts is None:
            self._eol_counts = eol_counts(self.lines)
        crlf, lf = self._eol_counts
        return b"\r\n" if crlf > lf else b"\n"

    def _lines_replaced(self, old: tuple[bytes, ...], new: tuple[bytes, ...]) -> None:
        """Keep the cached line-ending counts right across a splice (O(splice), not O(file)),
        and count the splices that moved the lines after them."""
        if len(old) != len(new):
            self.moves += 1
        if self._eol_counts is not None:
            old_crlf, old_lf = eol_counts(old)
            new_crlf, new_lf = eol_counts(new)
            crlf, lf = self._eol_counts
            self._eol_counts = (crlf - old_crlf + new_crlf, lf - old_lf + new_lf)

    # -- lookups -------------------------------------------------------------
    def section_at(self, line: int) -> Section:
        for section in self.sections:
            if section.line == line:
                return section
        raise KeyError(f"{self.name}:{line}: no section header on this line")

    def option_at(self, line: int) -> Option:
        section = self.section_containing(line)
        options = section.options if section is not None else self.preamble
        for option in options:
            if option.line == line:
                return option
        raise KeyError(f"{self.name}:{line}: no option on this line")

    def section_containing(self, line: int) -> Section | None:
        """The section whose header is the nearest one at or above ``line``."""
        lo, hi = 0, len(self.sections)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sections[mid].line <= line:
                lo = mid + 1
            else:
                hi = mid
        return self.sections[lo - 1] if lo else None

    def find(self, name: str) -> list[Section]:
        """Every section with this name (Asterisk compares names case-insensitively)."""
        lowered = name.lower()
        return [s for s in self.sections if s.name.lower() == lowered]

    # -- editing -------------------------------------------------------------
    def apply(self, edit):
        """Apply an edit from :mod:`pjtui.conf.edits`; return its exact inverse."""
        return edit.apply(self)

    def __repr__(self) -> str:
        return f"Document({self.name!r}, {len(self.lines)} lines, {len(self.sections)} sections)"


def eol_counts(lines) -> tuple[int, int]:
    crlf = lf = 0
    for line in lines:
        if line.endswith(b"\n"):
            if line.endswith(b"\r\n"):
                crlf += 1
            else:
                lf += 1
    return crlf, lf


def split_lines(data: bytes) -> list[bytes]:
    """Physical lines, each keeping its terminator; the last may have none.  Only
    ``\n`` ends a line (a lone ``\r`` is data, as for ``fgets``), which is exactly
    what ``BytesIO.readlines`` does, in C."""
    return io.BytesIO(data).readlines()


def parse(data: bytes, name: str = "<bytes>") -> Document:
    """Read ``data`` as Asterisk would; never raises, and ``to_bytes()`` gives ``data`` back."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    return Document(split_lines(data), name)
