"""The reading rules of Asterisk's ``main/config.c``, line by line.

``analyse(doc)`` fills a :class:`~pjtui.conf.document.Document`'s sections,
options, directives and diagnostics from its lines.  It follows
``shared/spec/asterisk-config-syntax.md`` §1-§7; each step names the spec
paragraph it implements.
"""

from __future__ import annotations

from pjtui import _memory
from pjtui.conf.nodes import (
    BLANKS, BOM, ERRORS, ENCODING, FGETS_CHUNK, LINE, MAX_NAME_BYTES, MAX_NESTED_COMMENTS,
    Diagnostic, Directive, Option, Section, decode,
)

SEMI = 0x3B
DASH = 0x2D
BACKSLASH = 0x5C


def strip_comments(buf: bytes, depth: int, nest: list[int], lineno: int) -> tuple[bytes | None, int, bool, int]:
    """Spec §2: remove ``;`` comments and ``;-- --;`` blocks from one line.

    A literal transcription of config.c's loop over a C string: an opener
    writes a NUL where it stands, a closer back at depth 0 moves the rest of
    the line over that NUL.  Returns ``(text or None, depth after the line,
    touched, nest_errors)``; ``text`` is None when the whole line is comment,
    ``touched`` is True when a block opener/closer took part (such a line
    can't be edited in place).  ``nest[d]`` records where depth ``d+1`` opened.
    """
    if depth == 0 and SEMI not in buf:
        return buf, 0, False, 0
    b = bytearray(buf)
    process: int | None = None if depth else 0  # process_buf
    pos = 0  # new_buf
    touched = False
    nest_errors = 0
    while True:
        p = b.find(b";", pos)
        if p < 0:
            break
        zero = b.find(b"\0", pos, p)
        if zero >= 0:
            break  # strchr stops at the C string's end
        if p > pos and b[p - 1] == BACKSLASH:
            # Escaped semicolon: drop the backslash, keep ';' as data (config.c 2576).
            del b[p - 1]
            pos = p
        elif b[p + 1:p + 3] == b"--" and b[p + 3:p + 4] != b"-":
            touched = True
            if depth < MAX_NESTED_COMMENTS:
                b[p] = 0
                pos = p + 3
                depth += 1
                if depth > 0:
                    nest[depth - 1] = lineno
            else:
                nest_errors += 1
                pos = p + 1
        elif p >= pos + 2 and b[p - 1] == DASH and b[p - 2] == DASH:
            touched = True
            depth -= 1
            pos = p + 1
            if depth == 0:
                if process is not None:
                    end = b.find(b"\0", process)
                    if end < 0:
                        end = len(b)
                    del b[end:pos]
                    pos = end
                else:
                    process = pos
        elif depth == 0:
            del b[p:]
            break
        else:
            pos = p + 1
    if process is None:
        return None, depth, touched, nest_errors
    end = b.find(b"\0", process)
    return bytes(b[process:end if end >= 0 else len(b)]), depth, touched, nest_errors


def header_gap(raw: bytes) -> str | None:
    """``[6001] (tpl)``: the ``(...)`` written after a blank behind ``]``, which Asterisk
    ignores (it reads the parent list only when ``(`` follows ``]`` directly), so the
    section is neither a template nor inherits anything.  None when there is none."""
    end = raw.find(b"]")
    if end < 0 or raw[end + 1:end + 2] not in (b" ", b"\t"):
        return None
    rest = raw[end + 1:]
    semi = rest.find(b";")
    if semi >= 0:
        rest = rest[:semi]
    if rest.strip(b" \t\r\n").startswith(b"("):
        return rest.strip().decode("utf-8", "replace")
    return None


def analyse(doc, lines: list[bytes] | None = None, whole: bytes | None = None) -> None:
    """Fill ``doc`` from ``lines`` (default: ``doc.lines``); ``whole`` is their bytes
    joined, when the caller has them."""
    if lines is None:
        lines = doc.lines
    lean = _memory.lean()
    name = doc.name
    diagnostics = doc.diagnostics
    sections = doc.sections
    directives = doc.directives
    preamble = doc.preamble
    current: Section | None = None
    depth = 0
    nest = [0] * MAX_NESTED_COMMENTS  # line where each open block comment began
    fatal = False
    include_seen = False
    by_name: dict[str, list[Section]] = {}
    blanks = BLANKS
    keycache: dict[bytes, str] = {}  # keys repeat thousands of times: share one str each
    parentcache: dict[bytes, str] | None = {} if lean else None  # so do parent names

    def diag(lineno: int, message: str, is_fatal: bool, code: str) -> None:
        nonlocal fatal
        diagnostics.append(Diagnostic(name, lineno, message, is_fatal, code))
        if is_fatal and not fatal:
            fatal = True
            doc.syntax_fatal_line = lineno

    def no_category(lineno: int) -> None:
        # Fatal in a file read on its own, but an includer adopts these lines (§7.3),
        # so the loader decides; doc.fatal_line accounts for them separately.
        diagnostics.append(Diagnostic(name, lineno, f"parse error: No category context for line "
                                      f"{LINE} of {name}", True, "no-category"))
        if doc.orphan_line is None:
            doc.orphan_line = lineno

    # Whole-file answers first (C speed), so the usual file skips per-line scans.
    if whole is None:
        whole = b"".join(lines)
    may_nul = b"\0" in whole
    all_ascii = whole.isascii()
    del whole
    may_be_long = bool(lines) and max(map(len, lines)) >= FGETS_CHUNK
    bom = bool(lines) and lines[0].startswith(BOM)
    for index, raw in enumerate(lines):
        lineno = index + 1
        # §1.3 too-long lines are skipped before anything else looks at them.
        if may_be_long and len(raw) >= FGETS_CHUNK and raw[FGETS_CHUNK - 1:FGETS_CHUNK] != b"\n" \
                and b"\0" not in raw[:FGETS_CHUNK]:
            diag(lineno, f"Line {LINE} too long, skipping", False, "line-too-long")
            continue
        buf = raw
        if bom and index == 0:
            buf = buf[3:]
        nul = buf.find(b"\0") if may_nul else -1
        if nul >= 0:
            buf = buf[:nul]
            diagnostics.append(Diagnostic(
                name, lineno, f"NUL byte in line {LINE}: Asterisk ignores the rest of the line; "
                "remove the NUL byte", False, "nul-byte"))
        if not all_ascii and not buf.isascii():
            try:
                buf.decode("utf-8")
            except UnicodeDecodeError as exc:
                diagnostics.append(Diagnostic(
                    name, lineno, f"Line {LINE} has bytes that are not UTF-8 (at byte {exc.start + 1}): "
                    "Asterisk passes them on as they are, phones may show them garbled; "
                    "save the file as UTF-8", False, "not-utf8"))
        if depth == 0 and 0x3B not in buf:
            text = buf              # the usual line: no comment at all
            editable = True
            commented = False
        else:
            commented = True
            depth_start = depth
            text, depth, touched, nest_errors = strip_comments(buf, depth, nest, lineno)
            if touched or depth:
                doc.has_block_comments = True
            if nest_errors:
                diag(lineno, f"Maximum nest limit of {MAX_NESTED_COMMENTS} reached.", False, "comment-nest-limit")
            if depth < 0 and depth_start >= 0:
                diag(lineno, "Stray '--;' outside a block comment: Asterisk reads every later line "
                     "of this file as a comment. Write '-\\-;' or remove it.", False, "stray-comment-end")
            if text is None:
                continue
            editable = not touched and depth_start == 0 and depth == 0
        # After a fatal line Asterisk stops reading; pjtui reads on so the rest stays
        # visible and editable, while ``doc.fatal_line`` tells the semantic layer.
        text = text.strip(blanks)
        if not text:
            continue
        first = text[0]
        if first == 0x5B:  # '['
            close = text.find(b"]")
            if close < 0:
                diag(lineno, f"parse error: no closing ']', line {LINE} of {name}", True, "no-closing-bracket")
                continue
            raw_name = text[1:close]
            if len(raw_name) > MAX_NAME_BYTES:
                raw_name = raw_name[:MAX_NAME_BYTES]
                diagnostics.append(Diagnostic(
                    name, lineno, f"Section name longer than {MAX_NAME_BYTES} bytes: Asterisk cuts it to "
                    f"'{decode(raw_name)}'", False, "name-truncated"))
            template = False
            parents: list[str] = []
            append = False
            append_filter = None
            if text[close + 1:close + 2] == b"(":
                end = text.find(b")", close + 2)
                if end < 0:
                    diag(lineno, f"parse error: no closing ')', line {LINE} of {name}", True, "no-closing-paren")
                    continue
                for item in text[close + 2:end].split(b","):
                    if item.lower() == b"!":
                        template = True
                    elif item[:1] == b"+":
                        append = True
                        append_filter = decode(item[1:]) or None
                    elif parentcache is not None:
                        parent = parentcache.get(item)
                        if parent is None:
                            parent = parentcache[item] = decode(item)
                        parents.append(parent)
                    else:
                        parents.append(decode(item))
            section = Section(decode(raw_name), template, parents, append, append_filter, lineno, doc)
            after = text[close + 1:close + 2]
            if after == b" " or after == b"\t" or commented:
                section.header_gap = header_gap(raw)
            # §4.1/§5: lookups see only sections defined earlier.  Across #include the
            # loader decides; inside one file we can tell Asterisk's verdict already.
            if not include_seen:
                for parent in parents:
                    if parent.lower() not in by_name:
                        diag(lineno, f"Inheritance requested, but category '{parent}' does not exist, "
                             f"line {LINE} of {name}", True, "parent-missing")
                if append and not any(not s.template for s in by_name.get(section.name.lower(), ())) \
                        and append_filter is None:
                    diag(lineno, f"Category addition requested, but category '{section.name}' does not "
                         f"exist, line {LINE} of {name}", True, "append-target-missing")
            if current is not None:
                current.end_line = lineno - 1
            current = section
            sections.append(section)
            by_name.setdefault(section.name.lower(), []).append(section)
        elif first == 0x23:  # '#'
            word_end = 1
            n = len(text)
            while word_end < n and text[word_end] > 32:
                word_end += 1
            word = decode(text[1:word_end])
            arg = text[word_end + 1:].strip(blanks) if word_end < n else b""
            kind = word.lower()
            if kind not in ("include", "tryinclude", "exec"):
                diag(lineno, f"Unknown directive '{word}' at line {LINE} of {name}", False, "unknown-directive")
                directives.append(Directive(word, decode(arg) if arg else None, lineno, current, doc))
                continue
            if not arg:
                diag(lineno, f"Directive '#{word}' needs an argument ({'filename' if kind != 'exec' else '/path/to/executable'}) "
                     f"at line {LINE} of {name}", False, "directive-no-argument")
                directives.append(Directive(kind, None, lineno, current, doc))
                continue
            if arg[:1] in (b'"', b"<"):
                closing = b'"' if arg[:1] == b'"' else b">"
                if arg.endswith(closing):
                    arg = arg[1:-1]
            directives.append(Directive(kind, decode(arg), lineno, current, doc))
            if kind == "exec":
                diagnostics.append(Diagnostic(
                    name, lineno, "#exec is never run by pjtui: what it would add is not shown or "
                    "checked", False, "exec-not-run"))
            else:
                include_seen = True
        else:
            # the usual line, "name = value", split in C; the rest below
            k, sep, rest = text.partition(b"=") if first != BACKSLASH else (b"", b"", b"")
            if sep and k[-1:] != b"+" and rest[:1] != b">":
                op = "="
                append_text = None
                key = k.strip(blanks)
                value = rest.strip(blanks)
            else:
                escaped = first == BACKSLASH
                if escaped:
                    if len(text) < 2 or text[1] < 33:
                        diag(lineno, f"Invalid escape in line {LINE} of {name}", True, "invalid-escape")
                        continue
                    text = text[1:]
                    eq = text.find(b"=", 1)
                else:
                    eq = text.find(b"=")
                if eq < 0:
                    if current is None:
                        no_category(lineno)
                        continue
                    diag(lineno, f"No '=' (equal sign) in line {LINE} of {name}", False, "no-equals")
                    continue
                append_text = None
                if eq > (1 if escaped else 0) and text[eq - 1] == 0x2B:  # '+='
                    op = "+="
                    key = text[:eq - 1].strip(blanks)
                    append_text = decode(text[eq + 1:])
                    value = text[eq + 1:].strip(blanks)
                else:
                    op = "="
                    rest = eq + 1
                    if text[rest:rest + 1] == b">":
                        op = "=>"
                        rest += 1
                    key = text[:eq].strip(blanks)
                    value = text[rest:].strip(blanks)
            if not key:
                diag(lineno, f"No variable name in line {LINE} of {name}", False, "no-name")
                continue
            skey = keycache.get(key)
            if skey is None:
                skey = keycache[key] = key.decode(ENCODING, ERRORS)
            option = Option(skey, op, value.decode(ENCODING, ERRORS), lineno, current, doc, editable, append_text)
            if current is None:
                no_category(lineno)
                preamble.append(option)
            else:
                current.options.append(option)

    if current is not None:
        current.end_line = len(lines)
    if depth > 0:
        diag(nest[depth - 1], f"Unterminated comment detected beginning on line {LINE}",
             False, "unterminated-comment")

