"""pjtui.pjsip.plan: which lines 'set KEY' and 'reset KEY' change (the CLI's and the editor's)."""

from __future__ import annotations

from pjtui.conf import parse
from pjtui.conf.edits import AddOption, RemoveOption, SetValue
from pjtui.conf.loader import Config
from pjtui.pjsip.model import build
from pjtui.pjsip.plan import effective_values, key_matcher, plan_reset, plan_set, read_back

WIZARD = (b"[t](!)\ntype=wizard\nendpoint/allow=ulaw\n"
          b"[6001](t)\nendpoint/context=a\nendpoint/Context=b\nendpoint/allow=g722\n")


def test_set_changes_the_last_own_line_or_adds_one_or_does_nothing():
    doc = parse(WIZARD, "w.conf")
    section = doc.sections[1]
    assert plan_set([section], "endpoint/context", "c") == [(doc, SetValue(6, "c"))]
    assert plan_set([section], "endpoint/context", "b") == []
    assert plan_set([section], "endpoint/language", "en") == [(doc, AddOption(4, "endpoint/language", "en"))]


def test_wizard_prefixes_match_case_sensitively_names_do_not():
    assert key_matcher("endpoint/CONTEXT")("endpoint/context")
    assert not key_matcher("Endpoint/context")("endpoint/context")
    assert key_matcher("TYPE")("type")


def test_reset_removes_every_own_line_bottom_first_and_inherited_values_apply_again():
    doc = parse(WIZARD, "w.conf")
    section = doc.sections[1]
    changes = plan_reset([section], "endpoint/context")
    assert changes == [(doc, RemoveOption(6)), (doc, RemoveOption(5))]
    for d, edit in changes:
        d.apply(edit)
    eff = build(doc).sections[1]
    assert effective_values(eff, "endpoint/context") == []
    assert effective_values(eff, "endpoint/allow", accumulates=True) == ["ulaw", "g722"]
    assert plan_reset([section], "endpoint/context") == []


def test_read_back_parses_the_new_bytes_and_names_what_differs():
    doc = parse(WIZARD, "w.conf")
    config = Config.from_document(doc)
    assert read_back(config, {"w.conf": WIZARD}, 1, "endpoint/context", "b") is None
    assert "different value" in read_back(config, {"w.conf": WIZARD}, 1, "endpoint/context", "x")
    assert "still written" in read_back(config, {"w.conf": WIZARD}, 1, "endpoint/context", None)
