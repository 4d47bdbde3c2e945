"""Section.header_gap: the parser notes ``[x] (tpl)`` headers (a blank before the parent
list, which Asterisk then ignores) while reading, and must note exactly the headers whose
raw line shows it, whatever comments, blanks or BOM surround it."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pjtui.conf import parse
from pjtui.conf.parser import header_gap

PIECES = ["[a]", "[b](!)", "[c] (a)", "[d]\t(a,b)", "[e]  ", "[f] ; (x)", "[g](a) ; (x)", "[h] (",
          "[i] x (a)", ";-- c --;[j] (a)", "[k] (a) ;--", "  [l] (a)", "\ufeff[m] (a)", "[n](a) (b)"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["\n", "\r\n", " \n", ""])), max_size=8))
def test_the_gap_noted_while_parsing_is_the_one_the_raw_header_shows(lines):
    data = "".join(text + end for text, end in lines).encode()
    doc = parse(data, "x.conf")
    for sec in doc.sections:
        assert sec.header_gap == header_gap(doc.lines[sec.line - 1]), (data, sec)


def test_examples():
    doc = parse(b"[t](!)\n[a] (t)\n[b](t) ; comment (x)\n[c]\t(t) ; x\n[d] x\n")
    assert [s.header_gap for s in doc.sections] == [None, "(t)", None, "(t)", None]
