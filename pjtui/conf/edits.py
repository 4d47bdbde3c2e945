"""Edits to a :class:`~pjtui.conf.document.Document`, each with an exact inverse.

Every edit is compiled to a :class:`Splice` (replace some whole lines by
others); applying a splice returns the opposite splice, so ``apply(edit)``
followed by ``apply(inverse)`` gives back the original bytes exactly.  Edits
address sections and options by their 1-based line number in that document,
never by name (``[6001]`` may appear three times in pjsip.conf).

Style rules (spec §10): a changed value keeps its line's name, separator,
spacing and inline comment; new lines copy their neighbours' indentation,
separator and line terminator; ``;`` in a value is written ``\\;``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pjtui.conf.document import BLANKS, FGETS_CHUNK, Document, Option, Section, decode, encode
from pjtui.conf.parser import strip_comments


class EditError(ValueError):
    """The edit can't be made; the message says why and what to do instead."""


@dataclass(frozen=True)
class Splice:
    """Replace ``old`` lines starting at 0-based ``start`` by ``new``."""

    start: int
    old: tuple[bytes, ...]
    new: tuple[bytes, ...]

    def apply(self, doc: Document) -> "Splice":
        end = self.start + len(self.old)
        if tuple(doc.lines[self.start:end]) != self.old:
            raise EditError(f"{doc.name}: the file changed under this edit (line {self.start + 1}); "
                            "reload it and try again")
        doc.replace_lines(self.start, self.old, self.new)
        return Splice(self.start, self.new, self.old)

    @property
    def first_line(self) -> int:
        return self.start + 1


class Edit:
    """An edit: compiled to a :class:`Splice`, applied, then read back as Asterisk reads it.

    ``apply`` returns the inverse splice (undo).  When the changed lines do not mean what
    the edit asked for (a value Asterisk would read differently, a line it would skip, a
    line inside a block comment), the splice is undone and :class:`EditError` says why:
    no edit ever reports success for something Asterisk will not read.
    """

    def splice(self, doc: Document) -> Splice:
        raise NotImplementedError

    def read_back(self, doc: Document, splice: Splice) -> str | None:
        """Why the applied ``splice`` does not mean what the edit asked for (None: it does)."""
        return None

    def apply(self, doc: Document) -> Splice:
        splice = self.splice(doc)
        inverse = splice.apply(doc)
        problem = self.read_back(doc, splice)
        if problem is not None:
            inverse.apply(doc)
            raise EditError(problem)
        return inverse


def _not_read(doc: Document, line: int, what: str) -> str:
    """Why Asterisk would not read 1-based ``line`` (as just written) as ``what``."""
    raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else b""
    if len(raw) >= FGETS_CHUNK and raw[FGETS_CHUNK - 1:FGETS_CHUNK] != b"\n":
        return (f"{doc.name}:{line}: not changed: the line would be {len(raw):,} bytes, and Asterisk "
                f"skips lines of {FGETS_CHUNK:,} bytes or more (\"too long\"), so {what} would be lost; "
                "use a shorter value")
    depth, where = doc.comment_depth_before(line)
    if depth > 0:
        return (f"{doc.name}:{line}: not changed: this line would be inside the block comment that "
                f"opens on line {where} (';--' without a closing '--;'), so Asterisk would not read "
                f"{what}; close or remove that comment in a text editor first")
    if depth < 0:
        return (f"{doc.name}:{line}: not changed: the stray '--;' on line {where} makes Asterisk read "
                f"every later line as a comment, so it would not read {what}; remove it in a text "
                "editor first")
    return f"{doc.name}:{line}: not changed: Asterisk would not read {what} as written"


def _option_read_back(doc: Document, line: int, key: str, op: str, value: str,
                      section_line: int | None) -> str | None:
    """None when ``line`` now reads as ``key op value`` (in the section at ``section_line``)."""
    try:
        option = doc.option_at(line)
    except KeyError:
        return _not_read(doc, line, f"{key} {op} …")
    if section_line is not None and (option.section is None or option.section.line != section_line):
        return _not_read(doc, line, f"{key} in the section on line {section_line}")
    if option.key != key or option.op != op:
        return (f"{doc.name}:{line}: not changed: Asterisk would read this line as "
                f"'{option.key} {option.op} …', not '{key} {op} …'; write it in a text editor")
    if option.value != value:
        return (f"{doc.name}:{line}: not changed: Asterisk would read a different value for {key} than "
                "the one given (a ';' or '\\' next to the value changes its meaning); write it in a "
                "text editor")
    return None


# -- value and name encoding ---------------------------------------------------

def check_value(value: str) -> bytes:
    """A value as written in the file; refuse what Asterisk could not read back."""
    if "\n" in value or "\r" in value or "\0" in value:
        raise EditError("a value can't contain a line break or NUL byte")
    data = encode(value)
    if data != data.strip(BLANKS):
        # every byte below 33, as Asterisk's ast_strip (str.strip() keeps \x01)
        raise EditError(f"Asterisk trims blanks around values, so {value!r} can't be stored; "
                        f"use {decode(data.strip(BLANKS))!r}")
    return data.replace(b";", b"\\;")


def check_key(key: str) -> bytes:
    data = encode(key)
    if not data:
        raise EditError("the option name is empty")
    if data != data.strip(BLANKS) or any(c < 33 for c in data if c in b"\t\r\n\0"):
        raise EditError(f"option name {key!r} can't start or end with blanks")
    if b"=" in data or b";" in data or b"\n" in data or b"\r" in data:
        raise EditError(f"option name {key!r} can't contain '=', ';' or a line break")
    if data[:1] in (b"[", b"#", b"\\"):
        data = b"\\" + data
    return data


def check_section_name(name: str) -> bytes:
    data = encode(name)
    if not data:
        raise EditError("the section name is empty")
    if any(ch in data for ch in (b"]", b"\n", b"\r", b";", b"\0")):
        raise EditError(f"section name {name!r} can't contain ']', ';' or a line break")
    if len(data) > 79:
        raise EditError(f"section name {name!r} is longer than 79 bytes; Asterisk would cut it")
    if data != data.strip(BLANKS):
        raise EditError(f"section name {name!r} can't start or end with blanks")
    return data


def _check_parent(name: str) -> bytes:
    data = check_section_name(name)
    if b"," in data or b"(" in data or b")" in data or data.startswith(b"+") or data == b"!":
        raise EditError(f"{name!r} can't be used as a template name")
    return data


# -- line anatomy ---------------------------------------------------------------

def _eol(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return b"\r\n"
    if line.endswith(b"\n"):
        return b"\n"
    return b""


@dataclass
class _OptionLine:
    """Byte offsets inside one simple option line."""

    indent: bytes
    key_end: int  # end of the name as written (before blanks)
    op_start: int
    op_end: int
    value_start: int
    value_end: int
    comment_start: int  # where the unescaped ';' (or end of content) is


def _anatomy(raw: bytes) -> _OptionLine:
    content = raw[:len(raw) - len(_eol(raw))]
    # Find the first unescaped ';' exactly as strip_comments would (the line is simple).
    pos = 0
    comment = len(content)
    while True:
        p = content.find(b";", pos)
        if p < 0:
            break
        if p > 0 and content[p - 1] == 0x5C:
            pos = p + 1
            continue
        comment = p
        break
    stripped_left = len(content) - len(content.lstrip(BLANKS))
    indent = content[:stripped_left]
    body_start = stripped_left + (1 if content[stripped_left:stripped_left + 1] == b"\\" else 0)
    eq = content.find(b"=", body_start + (1 if body_start > stripped_left else 0))
    op_start = eq
    op_end = eq + 1
    if eq > body_start and content[eq - 1] == 0x2B:
        op_start = eq - 1
    elif content[eq + 1:eq + 2] == b">":
        op_end = eq + 2
    key_end = op_start
    while key_end > stripped_left and content[key_end - 1] < 33:
        key_end -= 1
    value_start = op_end
    while value_start < comment and content[value_start] < 33:
        value_start += 1
    value_end = comment
    while value_end > value_start and content[value_end - 1] < 33:
        value_end -= 1
    return _OptionLine(indent, key_end, op_start, op_end, value_start, value_end, comment)


def _option_line(doc: Document, line: int) -> Option:
    try:
        option = doc.option_at(line)
    except KeyError as exc:
        raise EditError(str(exc.args[0])) from None
    if not option.editable:
        raise EditError(f"{doc.name}:{line}: a block comment (';--' … '--;') runs through this line; "
                        "edit it in a text editor")
    return option


def _section(doc: Document, line: int) -> Section:
    try:
        return doc.section_at(line)
    except KeyError as exc:
        raise EditError(str(exc.args[0])) from None


def _is_blank(raw: bytes) -> bool:
    return not raw.strip(BLANKS)


def _is_comment(raw: bytes) -> bool:
    return raw.lstrip(BLANKS)[:1] == b";"


def _last_content_line(doc: Document, section: Section) -> int:
    """1-based line of the section's last option/directive/header line."""
    last = section.line
    if section.options:
        last = max(last, section.options[-1].line)
    for directive in doc.directives:
        if directive.section is section:
            last = max(last, directive.line)
    return last


def _comment_block_start(doc: Document, header_line: int) -> int:
    """First line of the comment lines directly above a header (no blank line between)."""
    first = header_line
    while first > 1 and _is_comment(doc.lines[first - 2]):
        first -= 1
    return first


def _neighbour_style(doc: Document, section: Section) -> tuple[bytes, bytes, bytes]:
    """(indent, before-op, after-op) copied from the nearest simple option line."""
    candidates = list(reversed(section.options))
    if not candidates:
        index = doc.sections.index(section)
        for other in doc.sections[index - 1::-1] if index else ():
            if other.options:
                candidates = list(reversed(other.options))
                break
        else:
            for other in doc.sections[index + 1:]:
                if other.options:
                    candidates = other.options
                    break
    for option in candidates:
        if option.editable and option.op != "+=":
            raw = option.raw
            anatomy = _anatomy(raw)
            before = raw[anatomy.key_end:anatomy.op_start]
            after = raw[anatomy.op_end:anatomy.value_start] if anatomy.value_start < anatomy.comment_start else b" " * len(before)
            if b"\t" in after or len(after) > 1:
                after = after[:1] if after else b""
            return anatomy.indent, before, after
    return b"", b" ", b" "


def _with_eol(doc: Document, index: int, lines: list[bytes]) -> tuple[int, tuple[bytes, ...], list[bytes]]:
    """When inserting after the file's last line and it has no terminator, give it one.

    Returns the splice start, the old lines it covers and the adjusted new lines, so the
    file still ends the way it did (without a final newline) and the inverse is exact.
    """
    if index > 0 and index == len(doc.lines) and not _eol(doc.lines[-1]):
        eol = doc.newline
        last = doc.lines[-1]
        new = [last + eol] + lines
        new[-1] = new[-1][:len(new[-1]) - len(_eol(new[-1]))]
        return index - 1, (last,), new
    return index, (), lines


def _removal(doc: Document, first: int, last: int) -> Splice:
    """Remove 1-based lines ``first``..``last``.  A file that ended without a final newline
    still does: the line above loses its terminator (the inverse of :func:`_with_eol`)."""
    old = tuple(doc.lines[first - 1:last])
    if last == len(doc.lines) and first > 1 and old and not _eol(old[-1]):
        above = doc.lines[first - 2]
        return Splice(first - 2, (above, *old), (above[:len(above) - len(_eol(above))],))
    return Splice(first - 1, old, ())


def _with_value(raw: bytes, data: bytes) -> bytes:
    """The option line ``raw`` with its value replaced by ``data`` (already encoded)."""
    a = _anatomy(raw)
    if a.value_start < a.value_end:
        tail = raw[a.value_end:]
        if data.endswith(b"\\") and tail[:1] == b";":
            tail = b" " + tail  # 'a\\;note' would read as 'a;note'; a blank ends the value
        new = raw[:a.value_start] + data + tail
    else:
        # Empty value: add it after the operator in the line's own spacing.
        at = a.op_end
        gap = b""
        if at < len(raw) and raw[at:at + 1] in (b" ", b"\t"):
            at += 1
        elif raw[a.key_end:a.op_start]:
            gap = b" "
        tail = raw[at:]
        sep = b" " if data and tail[:1] == b";" else b""
        new = raw[:at] + gap + data + sep + tail
    return new


# -- the edits ------------------------------------------------------------------

@dataclass(frozen=True)
class SetValue(Edit):
    """Change one option's value in place, keeping everything else on its line.

    ``assign``: a ``+=`` line becomes ``=``, so the value replaces what came before instead
    of being appended to it (``language = en`` + ``language += fr`` reads ``en fr``)."""

    line: int
    value: str
    assign: bool = False

    def splice(self, doc: Document) -> Splice:
        option = _option_line(doc, self.line)
        data = check_value(self.value)
        raw = option.raw
        if self.assign:
            a = _anatomy(raw)
            if raw[a.op_start:a.op_end] == b"+=":
                raw = raw[:a.op_start] + b"=" + raw[a.op_end:]
        return Splice(self.line - 1, (option.raw,), (_with_value(raw, data),))

    def read_back(self, doc: Document, splice: Splice) -> str | None:
        try:
            option = doc.option_at(self.line)
        except KeyError:
            return _not_read(doc, self.line, "the value")
        # assign: a '+=' still there would append the value, not set it
        op = "=" if self.assign and option.op == "+=" else option.op
        return _option_read_back(doc, self.line, option.key, op, self.value, None)


@dataclass(frozen=True)
class AddOption(Edit):
    """Add ``key op value`` after the section's last option, in its neighbours' style."""

    section_line: int
    key: str
    value: str
    op: str = "="

    def splice(self, doc: Document) -> Splice:
        section = _section(doc, self.section_line)
        if self.op not in ("=", "=>", "+="):
            raise EditError(f"unknown operator {self.op!r}")
        key = check_key(self.key)
        value = check_value(self.value)
        indent, before, after = _neighbour_style(doc, section)
        if key.endswith(b"+") and not before and self.op != "+=":
            before = b" "  # 'a+=x' would mean append
        line = indent + key + before + self.op.encode() + (after if value else b"") + value + doc.newline
        index = _last_content_line(doc, section)  # insert after this 1-based line
        start, old, new = _with_eol(doc, index, [line])
        return Splice(start, old, tuple(new))

    def read_back(self, doc: Document, splice: Splice) -> str | None:
        return _option_read_back(doc, splice.start + len(splice.new), self.key, self.op, self.value,
                                 self.section_line)


@dataclass(frozen=True)
class RemoveOption(Edit):
    """Remove one option's own line, nothing else."""

    line: int

    def splice(self, doc: Document) -> Splice:
        try:
            option = doc.option_at(self.line)
        except KeyError as exc:
            raise EditError(str(exc.args[0])) from None
        if not option.editable:
            raise EditError(f"{doc.name}:{self.line}: a block comment runs through this line; "
                            "remove it in a text editor")
        return _removal(doc, self.line, self.line)


def header_bytes(name: str, template: bool = False, parents: list[str] | tuple[str, ...] = (),
                 append_item: str | None = None) -> bytes:
    items = ([b"!"] if template else []) + [_check_parent(p) for p in parents]
    if append_item is not None:
        items.append(encode(append_item))
    head = b"[" + check_section_name(name) + b"]"
    if items:
        head += b"(" + b",".join(items) + b")"
    return head


@dataclass(frozen=True)
class AddSection(Edit):
    """Add ``[name]`` (with template flag, parents and options) after a section, or at the end."""

    after_line: int | None
    name: str
    template: bool = False
    parents: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()

    def splice(self, doc: Document) -> Splice:
        eol = doc.newline
        header = header_bytes(self.name, self.template, self.parents) + eol
        if self.after_line is None:
            index = len(doc.lines)
            while index > 0 and _is_blank(doc.lines[index - 1]):
                index -= 1
            # Keep trailing blank lines below the new section.
            last_section = doc.sections[-1] if doc.sections else None
        else:
            last_section = _section(doc, self.after_line)
            index = _last_content_line(doc, last_section)
        if last_section is not None:
            indent, before, after = _neighbour_style(doc, last_section)
        else:
            indent, before, after = b"", b" ", b" "
        body = [indent + check_key(k) + before + b"=" + (after if v else b"") + check_value(v) + eol
                for k, v in self.options]
        lines = ([eol] if index > 0 else []) + [header] + body
        start, old, new = _with_eol(doc, index, lines)
        return Splice(start, old, tuple(new))

    def read_back(self, doc: Document, splice: Splice) -> str | None:
        header = splice.start + len(splice.new) - len(self.options)  # 1-based line of the header
        section = next((s for s in doc.sections if s.line == header), None)
        if section is None or (section.name, section.template, tuple(section.parents)) != \
                (self.name, self.template, tuple(self.parents)):
            return _not_read(doc, header, f"the section [{self.name}]")
        for offset, (key, value) in enumerate(self.options, 1):
            problem = _option_read_back(doc, header + offset, key, "=", value, header)
            if problem is not None:
                return problem
        return None


def _header_parts(raw: bytes) -> tuple[int, int, int | None, int | None]:
    """Offsets in a header line: '[' , first ']', and '(' / ')' of the option list if any."""
    open_ = raw.index(b"[")
    close = raw.index(b"]", open_)
    if raw[close + 1:close + 2] == b"(":
        end = raw.find(b")", close + 2)
        return open_, close, close + 1, end
    return open_, close, None, None


def _simple_header(doc: Document, section: Section) -> bytes:
    raw = section.header
    text, depth, touched, _ = strip_comments(raw, 0, [0] * 128, section.line)
    if touched or text is None or raw.lstrip(BLANKS)[:1] != b"[":
        raise EditError(f"{doc.name}:{section.line}: this header is inside or next to a block comment; "
                        "edit it in a text editor")
    return raw


@dataclass(frozen=True)
class RenameSection(Edit):
    """Change the name between ``[`` and ``]``; templates list and comment stay."""

    line: int
    name: str

    def splice(self, doc: Document) -> Splice:
        section = _section(doc, self.line)
        raw = _simple_header(doc, section)
        name = check_section_name(self.name)
        open_, close, _, _ = _header_parts(raw)
        return Splice(self.line - 1, (raw,), (raw[:open_ + 1] + name + raw[close:],))

    def read_back(self, doc: Document, splice: Splice) -> str | None:
        section = next((s for s in doc.sections if s.line == self.line), None)
        if section is None or section.name != self.name:
            return _not_read(doc, self.line, f"the section name [{self.name}]")
        return None


@dataclass(frozen=True)
class SetTemplates(Edit):
    """Set a section's ``(!)`` flag and parent list; an append ``+`` item is kept."""

    line: int
    template: bool
    parents: tuple[str, ...] = ()

    def splice(self, doc: Document) -> Splice:
        section = _section(doc, self.line)
        raw = _simple_header(doc, section)
        open_, close, paren, end = _header_parts(raw)
        append_item = None
        if section.append:
            append_item = "+" + (section.append_filter or "")
        items = header_bytes("x", self.template, list(self.parents), append_item)[3:]
        tail = raw[end + 1:] if paren is not None else raw[close + 1:]
        new = raw[:close + 1] + items + tail
        return Splice(self.line - 1, (raw,), (new,))

    def read_back(self, doc: Document, splice: Splice) -> str | None:
        section = next((s for s in doc.sections if s.line == self.line), None)
        if section is None or (section.template, tuple(section.parents)) != (self.template, tuple(self.parents)):
            return _not_read(doc, self.line, "the template list")
        return None


@dataclass(frozen=True)
class DeleteSection(Edit):
    """Delete a section with its lines and the comment block directly above it."""

    line: int

    def splice(self, doc: Document) -> Splice:
        section = _section(doc, self.line)
        _simple_header(doc, section)
        first = _comment_block_start(doc, section.line)
        index = doc.sections.index(section)
        has_next = index + 1 < len(doc.sections)
        last = _comment_block_start(doc, doc.sections[index + 1].line) - 1 if has_next else len(doc.lines)
        tail = last
        while tail > section.line and _is_blank(doc.lines[tail - 1]):
            tail -= 1
        if has_next:
            # Keep one run of blank lines between the neighbours.
            if not (first == 1 or _is_blank(doc.lines[first - 2])):
                last = tail
        else:
            # Last section: drop the blank separator above it as well.
            while first > 1 and _is_blank(doc.lines[first - 2]):
                first -= 1
        return Splice(first - 1, tuple(doc.lines[first - 1:last]), ())
