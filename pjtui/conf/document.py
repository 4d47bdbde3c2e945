"""A lossless Asterisk ``.conf`` document.

The document owns every byte of the file as a list of physical lines (each with
its own terminator).  Sections, options and directives are *views* computed
from those lines exactly as Asterisk's ``main/config.c`` reads them; see
``shared/spec/asterisk-config-syntax.md``.  ``to_bytes()`` is always the input.
Every change goes through :meth:`Document.replace_lines`, which reads the changed
lines again (:mod:`pjtui.conf.edits` only decides which lines).

Text is decoded with UTF-8 + ``surrogateescape`` so that bytes which are not
UTF-8 survive a round trip through ``str``.
"""

from __future__ import annotations

import io
import threading

from pjtui import _memory
from pjtui._gc import paused_gc
from pjtui.conf.nodes import (  # noqa: F401  (re-exported: the public names of this module)
    BLANKS, BOM, ENCODING, ERRORS, FGETS_CHUNK, LINE, MAX_NAME_BYTES, MAX_NESTED_COMMENTS,
    Diagnostic, Directive, Option, Section, decode, encode,
)
from pjtui.conf.parser import analyse, strip_comments


_SPLIT_LOCK = threading.Lock()


class Document:
    """One file: its lines and what Asterisk reads from them."""

    def __init__(self, lines: list[bytes], name: str = "<bytes>", *, data: bytes | None = None):
        """``data``: the lines' bytes joined, when the caller has them (:func:`parse`);
        with :data:`pjtui._memory.LEAN` the document then keeps ``data`` and drops the
        list until ``lines`` is asked for."""
        self.name = name
        self._lines: list[bytes] | None = lines
        self._data: bytes | None = None
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
        # them an edit can be re-read locally (see _reread_locally).
        self.has_block_comments = False
        self._eol_counts: tuple[int, int] | None = None  # (CRLF lines, LF lines), computed on demand
        # How many edits so far added or removed lines (moving every line below them):
        # whoever caches things by line number can tell whether any line may have moved.
        self.moves = 0
        with paused_gc():  # tens of thousands of small acyclic objects: no collector passes
            analyse(self, lines, data)
        if data is not None and _memory.lean():
            self._lines, self._data = None, data

    @property
    def lines(self) -> list[bytes]:
        """The physical lines, each with its own terminator (the one list edits change)."""
        lines = self._lines
        if lines is None:
            # First asked for: split the bytes kept since parsing, then hold only the list.
            # Locked, and the bytes dropped before the list is published, so that a reader
            # on another thread sees either the bytes or the one list edits change.
            with _SPLIT_LOCK:
                lines = self._lines
                if lines is None:
                    lines = split_lines(self._data)
                    self._data = None
                    self._lines = lines
        return lines

    @lines.setter
    def lines(self, lines: list[bytes]) -> None:
        with _SPLIT_LOCK:
            self._data = None
            self._lines = lines

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<bytes>") -> "Document":
        """:func:`parse` (for code that holds a document but must not import this module)."""
        return parse(data, name)

    # -- bytes ---------------------------------------------------------------
    def to_bytes(self) -> bytes:
        data = self._data
        if data is not None:
            return data     # never split, so never edited: the bytes as parsed
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

    # -- changing ------------------------------------------------------------
    def replace_lines(self, start: int, old: tuple[bytes, ...], new: tuple[bytes, ...]) -> None:
        """Replace the ``old`` lines at 0-based ``start`` by ``new`` and read the file again.

        Only the spliced lines are read again when they cannot change the meaning of
        the lines around them; otherwise the whole file is.  The caller checked that
        ``old`` is what stands there (see :class:`pjtui.conf.edits.Splice`).
        """
        counts = self._eol_counts
        if not _reread_locally(self, start, old, new):
            self._read(self.lines[:start] + list(new) + self.lines[start + len(old):])
            self._eol_counts = counts
        if len(old) != len(new):
            self.moves += 1
        if self._eol_counts is not None:
            # O(splice), not O(file)
            old_crlf, old_lf = eol_counts(old)
            new_crlf, new_lf = eol_counts(new)
            crlf, lf = self._eol_counts
            self._eol_counts = (crlf - old_crlf + new_crlf, lf - old_lf + new_lf)

    def _read(self, lines: list[bytes]) -> None:
        """Read ``lines`` from scratch, keeping this object: views hold on to it."""
        fresh = Document(lines, self.name)
        self.lines = lines
        self.has_block_comments = fresh.has_block_comments
        self.sections = fresh.sections
        self.directives = fresh.directives
        self.diagnostics = fresh.diagnostics
        self.preamble = fresh.preamble
        self.syntax_fatal_line = fresh.syntax_fatal_line
        self.orphan_line = fresh.orphan_line
        for section in self.sections:
            section.doc = self
            for option in section.options:
                option.doc = self
            for directive in section.directives:
                directive.doc = self
        for option in self.preamble:
            option.doc = self
        for directive in self.directives:
            directive.doc = self

    def comment_depth_before(self, line: int) -> tuple[int, int | None]:
        """How deep in block comments Asterisk is when it reaches 1-based ``line``, and the
        line of the innermost open ``;--`` (or of a stray ``--;`` when the depth is negative)."""
        depth = 0
        nest = [0] * MAX_NESTED_COMMENTS
        stray = None
        for index, raw in enumerate(self.lines[:line - 1]):
            before = depth
            _, depth, _, _ = strip_comments(raw, depth, nest, index + 1)
            if depth < 0 and before >= 0:
                stray = index + 1
        if depth > 0:
            return depth, nest[depth - 1]
        return depth, stray if depth < 0 else None

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
    return Document(split_lines(data), name, data=data)


def _plain_option_lines(lines: tuple[bytes, ...]) -> bool:
    for raw in lines:
        text = raw.lstrip(BLANKS)
        if text[:1] in (b"[", b"#", b"\\") or b";--" in raw or b"--;" in raw or len(raw) >= FGETS_CHUNK:
            return False
    return True


def _reread_locally(doc: Document, start: int, old: tuple[bytes, ...], new: tuple[bytes, ...]) -> bool:
    """Re-read only the spliced lines when they can't change anything around them.

    That holds when the file has no block comments and neither the old nor the
    new lines are headers, directives or escapes: then they are option (or
    comment/blank) lines of one section, and the rest of the file keeps its
    meaning; only line numbers below the splice move.  This keeps a keystroke
    in a 10,000-section file in the microseconds instead of a full re-read.
    """
    if doc.has_block_comments or start == 0 or not _plain_option_lines(old) or not _plain_option_lines(new):
        return False
    section = doc.section_containing(start + 1 if old else start)
    if section is None:
        return False
    first, last = start + 1, start + len(old)  # 1-based lines replaced
    delta = len(new) - len(old)
    probe = Document([b"[x]\n", *new], doc.name)
    doc.lines[start:start + len(old)] = new

    def moved(line: int) -> int:
        return line + delta if line > last else line

    fresh = probe.sections[0].options
    for option in fresh:
        option.line += start - 1
        option.section = section
        option.doc = doc
    if len(old) == len(new) == 1 and len(fresh) == 1:
        # A value edit: update the Option in place so whoever holds it (the model's
        # caches, the UI) keeps a valid object; its key may have changed too.
        current = next((o for o in section.options if o.line == first), None)
        if current is not None:
            current.key, current.op, current.value = fresh[0].key, fresh[0].op, fresh[0].value
            current.editable, current.append_text = fresh[0].editable, fresh[0].append_text
            fresh = [current]
    kept = [o for o in section.options if not first <= o.line <= last]
    added = fresh
    if delta:
        for option in kept:
            option.line = moved(option.line)
    section.options = sorted(kept + added, key=lambda o: o.line)
    section.end_line += delta
    diagnostics = [d for d in doc.diagnostics if not first <= d.line <= last]
    diagnostics += [d.moved_to(d.line + start - 1) for d in probe.diagnostics]
    if delta:
        diagnostics = [d if d.line <= last else d.moved_to(d.line + delta) for d in diagnostics]
        index = doc.sections.index(section)
        for later in doc.sections[index + 1:]:
            later.line += delta
            later.end_line += delta
            for option in later.options:
                option.line += delta
        for directive in doc.directives:
            directive.line = moved(directive.line)
        if doc.syntax_fatal_line is not None:
            doc.syntax_fatal_line = moved(doc.syntax_fatal_line)
    diagnostics.sort(key=lambda d: d.line)
    doc.diagnostics = diagnostics
    return True
