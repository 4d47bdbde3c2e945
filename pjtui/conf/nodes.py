"""The nodes of a lossless Asterisk ``.conf`` document and the constants of its syntax.

The lowest module of :mod:`pjtui.conf`: the parser fills these, the document holds
them; neither is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pjtui import _memory

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


# Stands for the diagnostic's own line number inside its text (no config text holds a NUL:
# the parser cuts lines there), so a diagnostic moves with its line without rewriting words.
LINE = "\0"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something Asterisk (or pjtui) reports about the file.

    ``fatal`` means Asterisk rejects the whole file (or, for an included file,
    stops reading that file at this line).  ``text`` writes the line number as
    :data:`LINE`; ``message`` is the text with the current number in it.
    """

    file: str
    line: int
    text: str
    fatal: bool
    code: str

    @property
    def message(self) -> str:
        return self.text.replace(LINE, str(self.line)) if LINE in self.text else self.text

    def moved_to(self, line: int) -> "Diagnostic":
        return replace(self, line=line)

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
        self.doc: Document = doc  # noqa: F821 - an annotation: nodes never imports the document
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
        # Nothing adds to it (the document's own list has every directive): with
        # _memory.LEAN one shared empty tuple instead of an empty list per section.
        self.directives: list[Directive] = () if _memory.lean() else []  # type: ignore[assignment]
        self.doc: Document = doc  # noqa: F821 - an annotation only
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
    doc: Document = field(repr=False)  # noqa: F821 - an annotation only

    @property
    def file(self) -> str:
        return self.doc.name
