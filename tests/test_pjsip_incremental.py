"""Model.refresh + Expansion.refresh after in-place option edits equal a fresh build + expand."""

from __future__ import annotations

import random
import textwrap

import pytest

from pjtui.conf import edits, parse
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

WIZ = textwrap.dedent("""\
    [phone](!)
    type = wizard
    accepts_auth = yes
    accepts_registrations = yes
    has_hint = yes
    endpoint/context = internal
    aor/max_contacts = 1

    [desk](!,phone)
    endpoint/language = en

    [trunk](!)
    type = wizard
    sends_auth = yes
    sends_registrations = yes
    remote_hosts = 192.0.2.1,192.0.2.2
    outbound_auth/username = acct
    outbound_auth/password = pw

    [100](desk)
    inbound_auth/username = 100
    inbound_auth/password = a
    hint_exten = 100

    [101](desk)
    inbound_auth/username = 101
    inbound_auth/password = b
    hint_exten = 100
    hint_application = Dial(PJSIP/101)

    [t1](trunk)
    transport = udp

    [100](phone)
    inbound_auth/username = again

    [pp]
    type = wizard
    accepts_registrations = yes
    has_phoneprov = yes
    phoneprov/MAC = 001122334455
    phoneprov/PROFILE = polycom
    transport = udp
    endpoint/auth = 100-iauth
    """)

PJSIP = b"[t1]\ntype = endpoint\n[udp]\ntype = transport\nbind = 0.0.0.0:5070\n"

VALUES = {
    "type": ["wizard", "endpoint"],
    "accepts_auth": ["yes", "no"],
    "accepts_registrations": ["yes", "no"],
    "has_hint": ["yes", "no"],
    "sends_auth": ["yes", "no"],
    "sends_registrations": ["yes", "no"],
    "remote_hosts": ["192.0.2.9", "", "a,,b", "bad host"],
    "hint_exten": ["100", "200", ""],
    "hint_application": ["Dial()", "Dial(x)", "App"],
    "inbound_auth/username": ["u", "100"],
    "inbound_auth/password": ["", "p"],
    "endpoint/language": ["de", "xx"],
    "endpoint/context": ["c1", "c2"],
    "aor/max_contacts": ["2", "x"],
    "transport": ["udp", ""],
    "phoneprov/MAC": ["aa", ""],
    "has_phoneprov": ["yes", "no"],
    "endpoint/auth": ["100-iauth", "101-iauth", "nope"],
}


def snapshot(exp):
    return (
        [(o.type, o.name, o.wizard.name, [(p.key, p.value) for p in o.all_params()]) for o in exp.objects],
        sorted(exp.hint_lines()),
        sorted(str(x) for x in exp.log),
        [w.eff.index for w in exp.wizards],
    )


@pytest.mark.parametrize("with_pjsip", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_random_value_edits_refresh_like_a_fresh_expand(seed, with_pjsip):
    rng = random.Random(seed)
    doc = parse(WIZ.encode(), "pjsip_wizard.conf")
    pj = build(parse(PJSIP, "pjsip.conf")) if with_pjsip else None
    model = build(doc)
    exp = expand(model, pjsip=pj)
    refreshed = 0
    for _ in range(25):
        opts = [o for s in doc.sections for o in s.options if o.key in VALUES]
        opt = rng.choice(opts)
        doc.apply(edits.SetValue(opt.line, rng.choice(VALUES[opt.key])))
        sec = doc.option_at(opt.line).section
        effs = model.refresh([sec])
        if effs is None or not exp.refresh(effs):
            exp = expand(build(doc), pjsip=pj)
            model = exp.model
            continue
        refreshed += 1
        fresh = expand(build(parse(doc.to_bytes(), "pjsip_wizard.conf")), pjsip=pj)
        assert snapshot(exp) == snapshot(fresh)
        assert [e.vars and [(v.key, v.value) for v in e.vars] for e in model.sections] == \
            [e.vars and [(v.key, v.value) for v in e.vars] for e in fresh.model.sections]
    assert refreshed >= 5          # the incremental path was really taken


def test_template_edit_reaches_every_child():
    doc = parse(WIZ.encode(), "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    line = doc.sections[0].get("endpoint/context").line
    doc.apply(edits.SetValue(line, "changed"))
    effs = model.refresh([doc.option_at(line).section])
    assert [e.name for e in effs] == ["phone", "desk", "100", "101", "100"]
    assert exp.refresh(effs)
    assert exp.get("endpoint", "101").value("context") == "changed"
    # [101] (hint_exten = 100) replaced [100]'s hint in the same context
    assert sorted(exp.hint_lines()) == ["100@changed => PJSIP/101", "100@changed,1 => Dial(PJSIP/101)"]


def test_refresh_declines_when_only_a_rebuild_is_exact():
    doc = parse(b"[a]\nx = 1\n[a](+)\ny = 2\n", "w.conf")
    model = build(doc)
    assert model.refresh([doc.sections[0]]) is None
    rejected = build(parse(b"[a](nope)\ntype = wizard\n", "w.conf"))
    exp = expand(rejected)
    assert not exp.refresh(rejected.sections)


def test_phoneprov_variables_follow_an_edit_of_another_wizards_auth():
    doc = parse(WIZ.encode(), "pjsip_wizard.conf")
    pj = build(parse(PJSIP, "pjsip.conf"))
    model = build(doc)
    exp = expand(model, pjsip=pj)
    pp = exp.get("phoneprov", "pp-phoneprov")
    assert pp.value("SECRET") == "a" and pp.value("SERVER_PORT") == "5070"
    line = doc.sections[3].get("inbound_auth/password").line      # the first [100]
    doc.apply(edits.SetValue(line, "new-secret"))
    assert exp.refresh(model.refresh([doc.option_at(line).section]))
    assert exp.get("phoneprov", "pp-phoneprov").value("SECRET") == "new-secret"
    assert exp.get("endpoint", "t1") is None          # hidden by pjsip.conf's endpoint [t1]


def test_forget_lookups_rebuilds_a_stale_name_index():
    from pjtui.conf import parse
    from pjtui.pjsip.model import build

    model = build(parse(b"[t](!)\ntype = wizard\nendpoint/context = a\n[w](t)\nendpoint/context = b\n"))
    w = model.sections[1]
    assert w.value("endpoint/context") == "b"
    w.vars = w.vars[:-1]  # what a racing reader could have indexed is now a shorter list
    model.forget_lookups()
    assert w.value("endpoint/context") == "a"
