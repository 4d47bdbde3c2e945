"""``Cannot find extension E in root_table in context C`` (pbx.c): a wizard with
``has_hint`` off removes its hint and priority 1, and Asterisk warns for each that is
not there, but only in a context an earlier wizard's hint created (golden f13, and
tests/data/golden/g04-hint-removed).  What is there depends on the wizards before, so
a refresh of an earlier wizard must bring later wizards' warnings up to date."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pjtui.conf import edits, parse
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand
from test_pjsip_incremental import snapshot

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

G04 = (Path(__file__).resolve().parent / "data" / "golden" / "g04-hint-removed" / "pjsip_wizard.conf").read_bytes()


def warnings(exp) -> list[tuple[str, str, int]]:
    return [(x.message, x.wizard, x.entry.line) for x in exp.log if x.source == "pbx.c"]


def test_each_warning_names_the_wizard_and_its_hint_exten_line():
    exp = expand(build(parse(G04, "pjsip_wizard.conf")))
    assert warnings(exp) == [
        ("Cannot find extension 8401 in root_table in context hints", "8402", 17),   # priority 1 only
        ("Cannot find extension 8403 in root_table in context hints", "8403", 24),   # hint, then priority 1
        ("Cannot find extension 8403 in root_table in context hints", "8403", 24),
    ]
    assert all(x.level == "WARNING" for x in exp.log)
    assert exp.hint_lines() == []                   # 8402 removed 8401's hint


@pytest.mark.parametrize("text, expected", [
    # the earlier hint had a priority 1: both removals find something
    ("[a]\ntype = wizard\naccepts_registrations = yes\nhas_hint = yes\nhint_context = h\nhint_exten = 1\n"
     "hint_application = Dial(x)\n[b]\ntype = wizard\naccepts_registrations = yes\nhint_context = h\n"
     "hint_exten = 1\n", []),
    # a removal before any hint created the context: silent, even when a hint follows
    ("[b]\ntype = wizard\naccepts_registrations = yes\nhint_context = h\nhint_exten = 1\n"
     "[a]\ntype = wizard\naccepts_registrations = yes\nhas_hint = yes\nhint_context = h\nhint_exten = 2\n", []),
    # the same wizard name twice: the second removes the first one's hint (no priority 1)
    ("[a]\ntype = wizard\naccepts_registrations = yes\nhas_hint = yes\nhint_exten = 5\n"
     "[a]\ntype = wizard\naccepts_registrations = yes\nhint_exten = 5\n",
     ["Cannot find extension 5 in root_table in context default"]),
    # a failed hint_application keeps an earlier priority 1, so both removals find one
    ("[a]\ntype = wizard\naccepts_registrations = yes\nhas_hint = yes\nhint_exten = 5\nhint_application = X(y)\n"
     "[b]\ntype = wizard\naccepts_registrations = yes\nhas_hint = yes\nhint_exten = 5\nhint_application = X()\n"
     "[c]\ntype = wizard\naccepts_registrations = yes\nhint_exten = 5\n", []),
])
def test_what_an_earlier_wizard_left_decides(text, expected):
    exp = expand(build(parse(text.encode(), "pjsip_wizard.conf")))
    assert sorted({m for m, _, _ in warnings(exp)}) == expected


def test_editing_an_earlier_wizard_updates_a_later_ones_warning():
    doc = parse(G04, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    line = doc.sections[0].get("has_hint").line
    doc.apply(edits.SetValue(line, "no"))       # 8401 no longer creates 'hints'
    assert exp.refresh(model.refresh([doc.option_at(line).section]))
    assert warnings(exp) == []
    doc.apply(edits.SetValue(line, "yes"))
    assert exp.refresh(model.refresh([doc.option_at(line).section]))
    assert [w for _, w, _ in warnings(exp)] == ["8402", "8403", "8403"]


VALUES = {
    "has_hint": ["yes", "no"],
    "hint_exten": ["8401", "8403", "8404", ""],
    "hint_context": ["hints", "default", ""],
    "hint_application": ["Dial(x)", "Dial()", ""],
    "accepts_registrations": ["yes", "no"],
}


@pytest.mark.parametrize("seed", range(6))
def test_random_hint_edits_refresh_like_a_fresh_expand(seed):
    rng = random.Random(seed)
    doc = parse(G04 + b"\n[8405]\ntype = wizard\naccepts_registrations = yes\nhas_hint = yes\n"
                      b"hint_application = Dial(y)\nhint_context = hints\nhint_exten = 8403\n", "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    refreshed = 0
    for _ in range(25):
        opts = [o for s in doc.sections for o in s.options if o.key in VALUES]
        opt = rng.choice(opts)
        doc.apply(edits.SetValue(opt.line, rng.choice(VALUES[opt.key])))
        effs = model.refresh([doc.option_at(opt.line).section])
        if effs is None or not exp.refresh(effs):
            exp = expand(build(doc))
            model = exp.model
            continue
        refreshed += 1
        fresh = expand(build(parse(doc.to_bytes(), "pjsip_wizard.conf")))
        assert snapshot(exp) == snapshot(fresh)
        assert [r[:1] + r[2:] for r in exp.removed_hints] == [r[:1] + r[2:] for r in fresh.removed_hints]
    assert refreshed >= 5


def test_removed_hints_name_who_made_them_and_follow_refreshes():
    doc = parse(G04, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    assert [(r.wizard, r.made_by, r.exten, r.context, r.entry.line) for r in exp.removed_hints] == [
        ("8402", "8401", "8401", "hints", 17)]
    line = doc.sections[1].get("hint_exten").line         # 8402 now removes a hint nobody made
    doc.apply(edits.SetValue(line, "8499"))
    assert exp.refresh(model.refresh([doc.option_at(line).section]))
    assert exp.removed_hints == []
    assert exp.hint_lines() == ["8401@hints => PJSIP/8401"]
