"""What stays in pjsip.conf: the input's text without the sections that became wizards."""

from __future__ import annotations

from pjtui.conf.document import BLANKS, Document
from pjtui.pjsip.wizard import format_value


def _is_comment(raw: bytes) -> bool:
    return raw.lstrip(BLANKS)[:1] == b";"


def _last_content(section) -> int:
    """0-based index of the section's last header/option/directive line."""
    last = section.line
    if section.options:
        last = max(last, section.options[-1].line)
    for d in section.directives:
        last = max(last, d.line)
    return last - 1


def section_ranges(doc: Document) -> dict[int, tuple[int, int]]:
    """id(section) -> (first, last) 0-based line indexes.  Between two sections, the lines
    up to the first blank one stay with the section above (commented-out options); the rest
    (comments about the next one) go with the section below."""
    secs = sorted(doc.sections, key=lambda s: s.line)
    starts = []
    for i, s in enumerate(secs):
        first = s.line - 1
        if i:
            gap = range(_last_content(secs[i - 1]) + 1, s.line - 1)
            blank = next((j for j in gap if not doc.lines[j].strip(BLANKS)), None)
            first = blank + 1 if blank is not None else s.line - 1
        else:
            while first and _is_comment(doc.lines[first - 1]):
                first -= 1
        starts.append(first)
    out = {}
    for i, s in enumerate(secs):
        end = starts[i + 1] - 1 if i + 1 < len(secs) else len(doc.lines) - 1
        out[id(s)] = (starts[i], end)
    return out


def leading_comments(doc: Document, sections, ranges) -> list[str]:
    """The comment lines of these sections: above their headers and among their lines (each
    once, in file order), so a section that moves elsewhere takes its comments along."""
    out: list[str] = []
    for s in sorted(sections, key=lambda s: s.line):
        first, last = ranges[id(s)]
        for i in range(first, last + 1):
            if _is_comment(doc.lines[i]):
                text = doc.lines[i].decode("utf-8", "surrogateescape").rstrip("\r\n")
                if text not in out:
                    out.append(text)
    return out


def balanced(doc: Document, section, ranges) -> bool:
    """Cutting the section leaves every block comment (``;-- --;``) whole."""
    first, last = ranges[id(section)]
    text = b"".join(doc.lines[first:last + 1])
    return text.count(b";--") == text.count(b"--;")


def cut(doc: Document, sections, ranges) -> bytes:
    """The document without those sections (header, lines, comment block above); runs of
    blank lines the cuts leave become one."""
    drop = set()
    for s in sections:
        first, last = ranges[id(s)]
        drop.update(range(first, last + 1))
    out: list[bytes] = []
    for i, raw in enumerate(doc.lines):
        if i in drop:
            continue
        if not raw.strip(BLANKS) and (not out or not out[-1].strip(BLANKS)):
            continue
        out.append(raw)
    while out and not out[-1].strip(BLANKS):
        out.pop()
    return b"".join(out)


def render_objects(objs) -> str:
    """Objects of an export as plain pjsip.conf sections (only their non-default lines)."""
    out: list[str] = []
    for o in objs:
        if out:
            out.append("")
        out.append(f"[{o.name}]")
        out.append(f"type = {o.type}")
        out.extend(f"{k} = {format_value(v)}" for k, v in (*o.lines, *o.tags.items()))
    return "\n".join(out) + ("\n" if out else "")
