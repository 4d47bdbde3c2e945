"""Values read exactly as Asterisk's config.c reads them (spec asterisk-config-syntax.md)."""

from __future__ import annotations

from pjtui.conf import Config, parse


def values(data: bytes) -> list[tuple[str, str, str, str]]:
    doc = parse(data)
    return [(s.name, o.key, o.op, o.value) for s in doc.sections for o in s.options]


def codes(data: bytes) -> list[tuple[int, str, bool]]:
    return [(d.line, d.code, d.fatal) for d in parse(data).diagnostics]


def test_inline_comment_and_blanks_are_removed():
    assert values(b"[a]\ncontext = from-internal ; calls from phones\n") == [("a", "context", "=", "from-internal")]


def test_uri_parameter_after_semicolon_is_a_comment():
    # golden f03: ';transport=udp' is a comment unless escaped
    got = values(b"[w]\nclient_uri_pattern = sip:${USERNAME}@${REMOTE_HOST};transport=udp\n"
                 b"server_uri_pattern = sip:${REMOTE_HOST}\\;transport=udp\n")
    assert [v for *_, v in got] == ["sip:${USERNAME}@${REMOTE_HOST}", "sip:${REMOTE_HOST};transport=udp"]


def test_escaped_semicolon_only_removes_the_touching_backslash():
    got = values(b"[a]\nmatch_header = X-Tag: a\\;b\npassword = x\\\\;y\nn = a\\nb\n")
    assert [v for *_, v in got] == ["X-Tag: a;b", "x\\;y", "a\\nb"]


def test_block_comment_on_one_line_joins_both_sides():
    assert values(b"[a]\na = b ;-- note --; c\n") == [("a", "a", "=", "b  c")]


def test_multiline_block_comment_hides_sections_and_parses_text_after_closer():
    data = b"[a]\n;-- old trunk\n[trunk]\nx = 1\n--; context = default\n;--- plain comment\ny = 2\n"
    doc = parse(data)
    assert [s.name for s in doc.sections] == ["a"]
    assert [(o.key, o.value, o.line) for o in doc.sections[0].options] == [("context", "default", 5), ("y", "2", 7)]
    assert not doc.sections[0].options[0].editable
    assert doc.sections[0].options[1].editable


def test_nested_block_comments_need_every_closer():
    doc = parse(b"[a]\n;-- one ;-- two --; still hidden = 1\nhidden = 2\n--; shown = 3\n")
    assert [(o.key, o.value) for o in doc.sections[0].options] == [("shown", "3")]


def test_short_block_forms():
    # ';----;' is a line comment; ';-- --;' an empty block; ';--;' opens a block
    assert values(b"[a]\nx = 1 ;----; y\n") == [("a", "x", "=", "1")]
    assert values(b"[a]\nx = 1 ;-- --; 2\n") == [("a", "x", "=", "1  2")]
    assert values(b"[a]\n;--;\nhidden = 1\n") == []


def test_unterminated_block_comment_hides_rest_and_warns():
    data = b"[a]\nx = 1\n;-- start\n[b]\ny = 2\n"
    doc = parse(data)
    assert [s.name for s in doc.sections] == ["a"]
    assert codes(data) == [(3, "unterminated-comment", False)]


def test_stray_closer_keeps_value_and_hides_everything_after():
    data = b"[a]\ndescription = A--;B\ncontext = x\n;-- now shown\nz = 1\n"
    doc = parse(data)
    # context is hidden; the later ';--' brings the depth back to 0 and z is read again
    assert [(o.key, o.value) for o in doc.sections[0].options] == [("description", "A--;B"), ("z", "1")]
    assert (2, "stray-comment-end", False) in codes(data)


def test_operators():
    got = values(b"[a]\nexten => 1,1,NoOp\nallow += ,g722\nset_var = A=1\na==b\nname + = x\n")
    assert got == [("a", "exten", "=>", "1,1,NoOp"), ("a", "allow", "+=", ",g722"),
                   ("a", "set_var", "=", "A=1"), ("a", "a", "=", "=b"), ("a", "name +", "=", "x")]
    doc = parse(b"[a]\nd += bar\n")
    assert doc.sections[0].options[0].append_text == " bar"


def test_header_forms():
    doc = parse(b"[t](!)\n[u](!,t)\n[x](t,u) ; comment\n[6001] (t)\n[ sp ]\n[a](!)junk\n[y](+)\n[z](+type=^aor$)\n")
    got = [(s.name, s.template, s.parents, s.append, s.append_filter) for s in doc.sections]
    assert got == [
        ("t", True, [], False, None), ("u", True, ["t"], False, None), ("x", False, ["t", "u"], False, None),
        ("6001", False, [], False, None), (" sp ", False, [], False, None), ("a", True, [], False, None),
        ("y", False, [], True, None), ("z", False, [], True, "type=^aor$"),
    ]


def test_space_before_paren_disables_inheritance_silently():
    doc = parse(b"[6001] (endpoint-tpl)\ntype = endpoint\n")
    assert doc.sections[0].parents == [] and doc.diagnostics == []


def test_fatal_and_warning_lines():
    assert codes(b"[a\n") == [(1, "no-closing-bracket", True)]
    assert codes(b"[a](b\n") == [(1, "no-closing-paren", True)]
    assert codes(b"x = 1\n[a]\n") == [(1, "no-category", True)]
    assert codes(b"[a]\n\\ x = 1\n") == [(2, "invalid-escape", True)]
    assert codes(b"[a]\nallow ulaw\n= x\n#foo bar\n#include\n") == [
        (2, "no-equals", False), (3, "no-name", False), (4, "unknown-directive", False),
        (5, "directive-no-argument", False)]
    assert codes(b"[c](late)\n[late]\n") == [(1, "parent-missing", True)]
    assert codes(b"[t](!)\n[t](+)\n") == [(2, "append-target-missing", True)]


def test_leading_backslash_escapes_first_byte():
    assert values(b"[a]\n\\[x] = 1\n\\#y = 2\n") == [("a", "[x]", "=", "1"), ("a", "#y", "=", "2")]


def test_crlf_bom_and_long_lines():
    long = b"description = " + b"x" * 8200 + b"\n"
    doc = parse(b"\xef\xbb\xbf[a]\r\nx = 1\r\n" + long + b"y = 2")
    assert [(o.key, o.value) for o in doc.sections[0].options] == [("x", "1"), ("y", "2")]
    assert [(d.line, d.code) for d in doc.diagnostics] == [(3, "line-too-long")]
    # 8190 bytes before the newline is still read
    ok = b"[a]\nd = " + b"y" * (8190 - 4) + b"\n"
    assert parse(ok).sections[0].options[0].value == "y" * 8186


def test_lone_cr_is_not_a_line_break():
    doc = parse(b"[a]\rx = 1\r\n")
    assert [s.name for s in doc.sections] == ["a"] and doc.sections[0].options == []


def test_non_utf8_values_survive():
    doc = parse(b"[a]\ncallerid = \xe9t\xe9 <1>\n")
    assert doc.sections[0].options[0].value.encode("utf-8", "surrogateescape") == b"\xe9t\xe9 <1>"


def test_directives():
    doc = parse(b'[a]\n#include "pjsip.d/*.conf"\n#tryinclude <opt.conf>\n#EXEC /bin/x ; c\n')
    assert [(d.kind, d.argument, d.line) for d in doc.directives] == [
        ("include", "pjsip.d/*.conf", 2), ("tryinclude", "opt.conf", 3), ("exec", "/bin/x", 4)]
    assert [d.code for d in doc.diagnostics] == ["exec-not-run"]


def test_duplicate_sections_stay_separate_and_append_finds_first():
    doc = parse(b"[6001]\ntype=endpoint\n[6001]\ntype=aor\n[6001](+)\nmax_contacts=1\n")
    config = Config.from_document(doc)
    assert len(doc.find("6001")) == 3
    assert config.append_target(doc.sections[2]) is doc.sections[0]
