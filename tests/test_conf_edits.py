"""Edits: exact output bytes for each kind, one line per value edit, and exact inverses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pjtui.conf import EditError, parse
from pjtui.conf.edits import (
    AddOption, AddSection, DeleteSection, RemoveOption, RenameSection, SetTemplates, SetValue,
)

from conftest import shared_files

BASE = (
    b"; Phones\r\n"
    b"[user](!)\r\n"
    b"type = wizard\r\n"
    b"endpoint/context = default ; where calls go\r\n"
    b"endpoint/callerid =\r\n"
    b"\r\n"
    b"; Alice's desk\r\n"
    b"[6001](user)\r\n"
    b"  inbound_auth/password=secret\r\n"
    b"\r\n"
    b"[6002](user)\r\n"
    b"aor/max_contacts=1"
)


def apply(edit, data: bytes = BASE) -> bytes:
    doc = parse(data)
    inverse = doc.apply(edit)
    out = doc.to_bytes()
    doc.apply(inverse)
    assert doc.to_bytes() == data, "edit followed by its inverse must give the original bytes"
    return out


def test_set_value_keeps_separator_and_inline_comment():
    assert apply(SetValue(4, "from-internal")) == BASE.replace(b"= default ;", b"= from-internal ;")


def test_set_value_escapes_semicolons():
    out = apply(SetValue(9, "a;b"))
    assert b"  inbound_auth/password=a\\;b\r\n" in out
    assert parse(out).sections[1].options[0].value == "a;b"


def test_set_value_on_empty_value_uses_line_spacing():
    assert apply(SetValue(5, '"Desk" <6001>')) == BASE.replace(b"callerid =\r\n", b'callerid = "Desk" <6001>\r\n')


def test_add_option_after_last_option_in_neighbour_style():
    out = apply(AddOption(8, "endpoint/language", "de"))
    assert out == BASE.replace(b"password=secret\r\n", b"password=secret\r\n  endpoint/language=de\r\n")


def test_add_option_to_last_line_without_newline_keeps_no_final_newline():
    out = apply(AddOption(11, "aor/remove_existing", "yes"))
    assert out.endswith(b"aor/max_contacts=1\r\naor/remove_existing=yes")


def test_remove_option_removes_only_its_line():
    assert apply(RemoveOption(4)) == BASE.replace(b"endpoint/context = default ; where calls go\r\n", b"")


def test_add_section_after_a_section_with_parents_and_options():
    out = apply(AddSection(8, "6003", parents=("user",), options=(("inbound_auth/password", "x;y"),)))
    assert out == BASE.replace(
        b"password=secret\r\n", b"password=secret\r\n\r\n[6003](user)\r\n  inbound_auth/password=x\\;y\r\n")


def test_add_section_at_end_and_template():
    out = apply(AddSection(None, "phone", template=True))
    assert out == BASE + b"\r\n\r\n[phone](!)"


def test_rename_section_keeps_template_list():
    assert apply(RenameSection(8, "7001")) == BASE.replace(b"[6001](user)", b"[7001](user)")


def test_set_templates():
    assert apply(SetTemplates(8, False, ("user", "extra"))) == BASE.replace(b"[6001](user)", b"[6001](user,extra)")
    assert apply(SetTemplates(8, False, ())) == BASE.replace(b"[6001](user)", b"[6001]")
    assert apply(SetTemplates(2, False, ())) == BASE.replace(b"[user](!)", b"[user]")
    assert apply(SetTemplates(11, True, ())) == BASE.replace(b"[6002](user)", b"[6002](!)")


def test_delete_section_takes_its_comment_block():
    assert apply(DeleteSection(8)) == BASE.replace(
        b"; Alice's desk\r\n[6001](user)\r\n  inbound_auth/password=secret\r\n\r\n", b"")


def test_delete_last_section():
    assert apply(DeleteSection(11)) == BASE.replace(b"\r\n\r\n[6002](user)\r\naor/max_contacts=1", b"\r\n")


@pytest.mark.parametrize("edit, message", [
    (SetValue(4, "a\nb"), "line break"),
    (SetValue(4, " padded "), "trims blanks"),
    (SetValue(3 + 100, "x"), "no option"),
    (AddOption(8, "bad=key", "x"), "can't contain"),
    (AddSection(8, "a]b"), "can't contain"),
    (RenameSection(4, "x"), "no section"),
])
def test_refused_edits_say_why_and_change_nothing(edit, message):
    doc = parse(BASE)
    with pytest.raises(EditError, match=message):
        doc.apply(edit)
    assert doc.to_bytes() == BASE


def test_edit_inside_block_comment_is_refused():
    data = b"[a]\n;-- x\n--; k = v\n"
    with pytest.raises(EditError, match="block comment"):
        parse(data).apply(SetValue(3, "w"))


def test_stale_inverse_is_refused():
    doc = parse(BASE)
    inverse = doc.apply(SetValue(4, "x"))
    doc.apply(SetValue(4, "y"))
    with pytest.raises(EditError, match="changed"):
        doc.apply(inverse)


def _has_editable_option(path: Path) -> bool:
    return any(o.editable for s in parse(path.read_bytes()).sections for o in s.options)


# Every 5th file that has a value to edit (a few corpus files hold only comments).
CORPUS = [p for p in shared_files("corpus", "golden")
          if p.suffix in (".conf", ".sample") and _has_editable_option(p)][::5]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_one_value_edit_of_a_corpus_file_changes_exactly_one_line(path: Path):
    data = path.read_bytes()
    doc = parse(data, str(path))
    option = next(o for s in doc.sections for o in s.options if o.editable)
    original_lines = list(doc.lines)
    line, value = option.line, option.value
    inverse = doc.apply(SetValue(line, value + "x"))
    changed = [i for i, (a, b) in enumerate(zip(original_lines, doc.lines, strict=True)) if a != b]
    assert len(doc.lines) == len(original_lines) and changed == [line - 1]
    assert doc.option_at(line).value == value + "x"
    if not doc.has_block_comments:
        assert option.value == value + "x", "a value edit updates the Option object in place"
    doc.apply(inverse)
    assert doc.to_bytes() == data
    # A no-op edit (same value) leaves the bytes identical.
    doc.apply(SetValue(line, value))
    assert doc.to_bytes() == data


def _view(doc):
    return (
        [(s.name, s.line, s.end_line, s.template, tuple(s.parents),
          [(o.key, o.op, o.value, o.line, o.editable, o.append_text) for o in s.options]) for s in doc.sections],
        [(d.kind, d.argument, d.line) for d in doc.directives],
        [(d.line, d.code, d.fatal, d.message) for d in doc.diagnostics],
        doc.fatal_line,
    )


EDIT_VALUES = st.sampled_from(["x", "a;b", "", "ulaw,alaw", "\\", "noequals"])
KEYS = st.sampled_from(["context", "endpoint/allow", "aor/max_contacts", "x+"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000), KEYS, EDIT_VALUES), max_size=8))
def test_local_reread_after_edits_matches_a_full_parse(steps):
    doc = parse(BASE.replace(b"\r\n", b"\n") + b"\n[trunk](!)\nbad line\nallow = ulaw\n")
    for kind, pick, key, value in steps:
        options = [o for s in doc.sections for o in s.options]
        try:
            if kind == 0 and options:
                doc.apply(SetValue(options[pick % len(options)].line, value))
            elif kind == 1:
                doc.apply(AddOption(doc.sections[pick % len(doc.sections)].line, key, value))
            elif kind == 2 and options:
                doc.apply(RemoveOption(options[pick % len(options)].line))
            elif kind == 3:
                doc.apply(AddSection(doc.sections[pick % len(doc.sections)].line, f"s{pick}", parents=("user",)))
        except EditError:
            continue
        assert _view(doc) == _view(parse(doc.to_bytes()))


def test_new_lines_follow_the_majority_line_ending_as_it_changes():
    doc = parse(b"[a]\r\nx=1\r\n[b]\ny=1\n")
    assert doc.newline == b"\n"  # a tie goes to LF
    doc.apply(AddOption(1, "z", "2"))
    assert doc.lines[2] == b"z=2\n" and doc.newline == b"\n"
    doc.apply(SetValue(3, "3"))
    doc.apply(RemoveOption(5))
    doc.apply(RemoveOption(3))  # back to two CRLF lines against one LF line
    assert doc.newline == b"\r\n"
    doc.apply(AddOption(3, "w", "4"))
    assert doc.lines[-1] == b"w=4\r\n" and doc.newline == parse(doc.to_bytes()).newline


@pytest.mark.parametrize("value, suggested", [(" padded ", "'padded'"), ("\x01x\x1f", "'x'"), ("\x01", "''")])
def test_trimmed_value_suggests_what_asterisk_would_keep(value, suggested):
    # Asterisk trims every byte below 33; the advice used str.strip() and said "use '\x01'"
    with pytest.raises(EditError) as exc:
        parse(BASE).apply(SetValue(4, value))
    assert str(exc.value).endswith(f"use {suggested}")
