"""Checker.recheck after an edit gives exactly the problems of a fresh full run.

The checks memoise per template chain (verdicts of inherited lines, "no problem" results
of identical wizards), so an edit of a template must reach every child.  Each case edits
values in place (templates included), re-checks through the incremental path the editor
uses (Model.refresh -> Expansion.refresh -> Checker.recheck) and compares with a check of
the re-parsed bytes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pjtui.conf import edits, parse
from pjtui.pjsip.checks import Checker
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

ROOT = Path(__file__).resolve().parent.parent

TEMPLATES = """\
[phone](!)
type = wizard
accepts_registrations = yes
accepts_auth = yes
transport = transport-udp
has_hint = yes
endpoint/context = internal
endpoint/allow = !all,ulaw
endpoint/dtmf_mode = rfc4733
aor/max_contacts = 1
aor/remove_existing = yes

[desk](!,phone)
endpoint/named_call_group = office
endpoint/device_state_busy_at = 1

[trunk](!)
type = wizard
sends_auth = yes
sends_registrations = yes
transport = transport-udp
endpoint/allow = !all,alaw
endpoint/identify_by = ip
"""
PJSIP = b"[transport-udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n[t3]\ntype = aor\n"

#: values each edited key may get: some make problems appear, some make them go away
VALUES = {
    "accepts_registrations": ["yes", "no"],
    "accepts_auth": ["yes", "no", "maybe"],
    "sends_auth": ["yes", "no"],
    "sends_registrations": ["yes", "no"],
    "transport": ["transport-udp", "nope", ""],
    "has_hint": ["yes", "no"],
    "endpoint/context": ["internal", ""],
    "endpoint/allow": ["!all,ulaw", "", "ulaw,opsu"],
    "endpoint/identify_by": ["ip", "username", "auth_username"],
    "endpoint/named_call_group": ["office", ""],
    # a template's pass-through values are validated once per list (pjtui.pjsip.wizard.apply._first_bad)
    "endpoint/dtmf_mode": ["rfc4733", "inband", "bogus"],
    "endpoint/device_state_busy_at": ["1", "-1", "x"],
    "aor/max_contacts": ["1", "0", "08", "x"],
    "aor/remove_existing": ["yes", "no"],
    "inbound_auth/username": ["u1", "", "p5"],
    "inbound_auth/password": ["pw", ""],
    "outbound_auth/username": ["acct", ""],
    "outbound_auth/password": ["pw", ""],
    "remote_hosts": ["192.0.2.1", "sip.example.net", "192.0.2.1,,x y", "192.0.2.0:5060", ""],
    "hint_exten": ["100", "", "101"],
}


def generated(count: int = 40) -> bytes:
    out = [TEMPLATES]
    for i in range(count):
        if i % 5 == 3:
            out.append(f"[t{i}](trunk)\nremote_hosts = 192.0.2.{i}\noutbound_auth/username = a{i}\n"
                       f"outbound_auth/password = pw\n")
        else:
            out.append(f"[p{i}]({'desk' if i % 2 else 'phone'})\ninbound_auth/username = p{i}\n"
                       f"inbound_auth/password = pw\nhint_exten = {100 + i % 7}\n")
    return "\n".join(out).encode()


def texts(problems) -> list[str]:
    return [f"{p.format()} | {p.fix} | {p.key}" for p in problems]


def fresh(data: bytes, pjsip):
    model = build(parse(data, "pjsip_wizard.conf"))
    return texts(Checker(wizard=model, pjsip=pjsip, expansion=expand(model, pjsip=pjsip)).run())


def random_edit(doc, rng: random.Random, lines: bool):
    """A value edit, or (``lines``) sometimes an added or removed line, which moves
    every later section.  Returns the edited conf Section."""
    opts = [o for s in doc.sections for o in s.options if o.key in VALUES]
    roll = rng.random() if lines else 1.0
    if roll < 0.2 and opts:
        opt = rng.choice(opts)
        sec = opt.section
        doc.apply(edits.RemoveOption(opt.line))
        return sec
    if roll < 0.4:
        sec = rng.choice(doc.sections)
        key = rng.choice(sorted(VALUES))
        doc.apply(edits.AddOption(sec.line, key, rng.choice(VALUES[key])))
        return sec
    opt = rng.choice(opts)
    doc.apply(edits.SetValue(opt.line, rng.choice(VALUES[opt.key])))
    return doc.option_at(opt.line).section


def edit_and_compare(data: bytes, pjsip_bytes: bytes | None, seed: int, steps: int, lines: bool = False,
                     batch: int = 1) -> int:
    """Random edits, each followed by Model.refresh and Expansion.refresh; every ``batch``
    edits (1-``batch`` of them, as the editor gathers the sections of several keystrokes)
    one Checker.recheck of all their sections, compared with a fresh run."""
    rng = random.Random(seed)
    doc = parse(data, "pjsip_wizard.conf")
    pjsip = build(parse(pjsip_bytes, "pjsip.conf")) if pjsip_bytes is not None else None
    model = build(doc)
    exp = expand(model, pjsip=pjsip)
    checker = Checker(wizard=model, pjsip=pjsip, expansion=exp)
    assert texts(checker.run()) == fresh(data, pjsip)
    incremental = 0
    for _ in range(steps):
        pending: list = []
        rebuilt = False
        for _ in range(rng.randint(1, batch)):
            sec = random_edit(doc, rng, lines)
            effs = None if rebuilt else model.refresh([sec])
            if effs is None or not exp.refresh(effs):
                rebuilt = True
                model = build(doc)
                exp = expand(model, pjsip=pjsip)
            else:
                pending += effs
        if rebuilt:
            checker = Checker(wizard=model, pjsip=pjsip, expansion=exp)
            got = checker.run()
        else:
            incremental += 1
            got = checker.recheck(pending)
        assert texts(got) == fresh(doc.to_bytes(), pjsip), f"after editing [{sec.name}] (line {sec.line})"
    return incremental


@pytest.mark.parametrize("seed", range(4))
def test_several_edits_rechecked_at_once_like_a_full_run(seed):
    """A removed line and an added one cancel out in the line count, yet every section
    between them moved."""
    assert edit_and_compare(generated(), PJSIP if seed % 2 else None, seed, 20, lines=True, batch=3) >= 5


def test_a_removed_and_an_added_line_rechecked_together():
    data = (b"[t](!)\ntype = wizard\naccepts_registrations = yes\n[a](t)\nendpoint/language = fr\n"
            b"endpoint/callerid = A <1>\n[b](t)\naor/max_contacts = x\n[c](t)\nendpoint/language = de\n")
    doc = parse(data, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    checker = Checker(wizard=model, expansion=exp)
    checker.run()
    a, c = doc.sections[1], doc.sections[3]
    doc.apply(edits.RemoveOption(a.get("endpoint/callerid").line))
    effs = model.refresh([a])
    assert exp.refresh(effs)
    doc.apply(edits.AddOption(c.line, "endpoint/callerid", "C <3>"))
    more = model.refresh([c])
    assert exp.refresh(more)
    assert texts(checker.recheck(effs + more)) == fresh(doc.to_bytes(), None)


@pytest.mark.parametrize("seed", range(6))
def test_template_and_wizard_edits_recheck_like_a_full_run(seed):
    assert edit_and_compare(generated(), PJSIP if seed % 2 else None, seed, 30) >= 20


@pytest.mark.parametrize("seed", range(4))
def test_added_and_removed_lines_recheck_like_a_full_run(seed):
    # problems cached for sections below the edit must follow their lines
    assert edit_and_compare(generated(), PJSIP if seed % 2 else None, 100 + seed, 30, lines=True) >= 15


def test_template_edit_changes_every_childs_problems():
    data = generated(10)
    doc = parse(data, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    checker = Checker(wizard=model, expansion=exp)
    before = checker.run()
    assert not [p for p in before if p.code == "wizard-registrations-refused"]
    line = doc.sections[0].get("aor/max_contacts").line
    doc.apply(edits.SetValue(line, "0"))
    effs = model.refresh([doc.option_at(line).section])
    assert exp.refresh(effs)
    after = checker.recheck(effs)
    refused = {p.section for p in after if p.code == "wizard-registrations-refused"}
    assert refused == {f"p{i}" for i in range(10) if i % 5 != 3}
    assert texts(after) == fresh(doc.to_bytes(), None)


@pytest.mark.parametrize("path", ["samples/pjsip_wizard.conf", "samples/office/pjsip_wizard.conf"])
def test_sample_edits_recheck_like_a_full_run(path):
    wiz = ROOT / path
    pj = wiz.with_name("pjsip.conf")
    edit_and_compare(wiz.read_bytes(), pj.read_bytes() if pj.exists() else None, 3, 15)


def test_an_object_that_goes_away_breaks_references_elsewhere():
    """[a] stops accepting auth: a-iauth is no longer made, and [b], which names it,
    now points at nothing, although [b] itself was not edited."""
    data = (b"[t](!)\ntype = wizard\naccepts_registrations = yes\naor/max_contacts = 1\n"
            b"[a](t)\naccepts_auth = yes\ninbound_auth/username = a\ninbound_auth/password = p\n"
            b"[b](t)\nendpoint/auth = a-iauth\n")
    doc = parse(data, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    checker = Checker(wizard=model, expansion=exp)
    before = texts(checker.run())
    a = doc.sections[1]
    doc.apply(edits.SetValue(a.get("accepts_auth").line, "no"))
    effs = model.refresh([a])
    assert exp.refresh(effs)
    after = texts(checker.recheck(effs))
    assert after == fresh(doc.to_bytes(), None)
    assert any("a-iauth" in t and "[b]" in t for t in after) and not any("a-iauth" in t and "[b]" in t for t in before)


@pytest.mark.parametrize("seed", range(8))
def test_duplicate_wizards_follow_added_and_removed_lines(seed):
    """Three wizards named x: the "first at line N" of each duplicate problem must move
    with the lines added and removed anywhere, the edited section included."""
    data = (b"[t](!)\ntype = wizard\naccepts_registrations = yes\naor/max_contacts = 1\n[x](t)\n"
            b"endpoint/language = a\n[y](t)\nendpoint/language = b\n[x](t)\nendpoint/language = c\n[z](t)\n[x](t)\n")
    rng = random.Random(seed)
    doc = parse(data, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    checker = Checker(wizard=model, expansion=exp)
    checker.run()
    for _ in range(6):
        sec = rng.choice(doc.sections)
        if sec.options and rng.random() < 0.5:
            doc.apply(edits.RemoveOption(rng.choice(sec.options).line))
        else:
            doc.apply(edits.AddOption(sec.line, "endpoint/language", "q"))
        effs = model.refresh([sec])
        assert exp.refresh(effs)
        assert texts(checker.recheck(effs)) == fresh(doc.to_bytes(), None), f"after editing [{sec.name}]"
