"""Effective variable lists and provenance (pjtui.pjsip.model), per asterisk-config-syntax.md §4-§6."""

from __future__ import annotations

import textwrap

from pjtui.conf import parse
from pjtui.pjsip.model import Appended, build, file_of, lines_of
from pjtui.pjsip.wizard import Derived, expand


def model_of(text: str, name: str = "pjsip_wizard.conf"):
    return build(parse(textwrap.dedent(text).lstrip("\n").encode(), name))


def pairs(eff):
    return [(e.key, e.value) for e in eff.vars]


def test_multi_level_templates_copy_in_order_and_nearest_wins():
    m = model_of("""
        [base](!)
        type = wizard
        endpoint/context = from-base
        endpoint/language = en
        [office](!,base)
        endpoint/context = from-office
        [sales](!,office)
        aor/max_contacts = 2
        [2101](sales)
        endpoint/language = de
        """)
    eff = m.named("2101")[0]
    assert pairs(eff) == [
        ("type", "wizard"), ("endpoint/context", "from-base"), ("endpoint/language", "en"),
        ("endpoint/context", "from-office"), ("aor/max_contacts", "2"), ("endpoint/language", "de"),
    ]
    assert eff.value("endpoint/context") == "from-office"
    assert eff.value("ENDPOINT/LANGUAGE") == "de"          # look-ups ignore case
    # provenance: where written, through which parent it arrived, overridden or not
    base_ctx = eff.vars[1]
    o = eff.origin(base_ctx)
    assert (o.kind, o.where.name, o.via.name) == ("template", "base", "sales")
    assert base_ctx.line == 3 and file_of(base_ctx) == "pjsip_wizard.conf"
    assert eff.overridden(1) and eff.overridden_by(1) is eff.vars[3]
    assert eff.origin(eff.vars[3]).where.name == "office"
    assert not eff.overridden(3)
    assert eff.origin(eff.vars[5]).kind == "own"
    assert eff.overridden(2) and not eff.overridden(5)
    # parents resolved, templates are never wizards, children are
    assert [p.name for p in eff.parents] == ["sales"]
    assert not m.named("base")[0].is_wizard and eff.is_wizard
    # an unchanged inherited entry is the parent's very object (no copies per value)
    assert eff.vars[1] is m.named("base")[0].vars[1]


def test_two_parents_the_one_listed_last_wins():
    m = model_of("""
        [left](!)
        type = wizard
        endpoint/context = from-left
        [right](!)
        endpoint/context = from-right
        [a](left,right)
        [b](right,left)
        """)
    a, b = m.named("a")[0], m.named("b")[0]
    assert a.value("endpoint/context") == "from-right"
    assert b.value("endpoint/context") == "from-left"
    win = a.find("endpoint/context")
    assert a.origin(win).where.name == "right" and a.origin(win).via.name == "right"
    assert a.overridden(1) and a.origin(a.vars[1]).where.name == "left"
    # the expansion follows: the endpoint gets the last parent's context
    exp = expand(m)
    assert exp.get("endpoint", "a").value("context") == "from-right"
    assert exp.get("endpoint", "b").value("context") == "from-left"


def test_plus_equals_on_inherited_value_appends_raw_text():
    m = model_of("""
        [phone](!)
        type = wizard
        endpoint/allow = !all,ulaw
        [4001](phone)
        endpoint/allow += ,g722
        endpoint/language = en
        endpoint/language += _GB
        endpoint/callerid += Bob <4002>
        [4002](phone)
        """)
    eff = m.named("4001")[0]
    allow = eff.find("endpoint/allow")
    assert isinstance(allow, Appended)
    assert allow.value == "!all,ulaw ,g722"
    assert [o.line for o in lines_of(allow)] == [3, 5]
    o = eff.origin(allow)
    assert (o.kind, o.where.name, o.via.name) == ("template", "phone", "phone")
    assert eff.value("endpoint/language") == "en _GB"
    assert len(eff.find_all("endpoint/language")) == 1        # += edits in place
    assert eff.value("endpoint/callerid") == "Bob <4002>"      # nothing before: acts like =
    # the parent's and the sibling's copies are untouched
    assert m.named("phone")[0].value("endpoint/allow") == "!all,ulaw"
    assert m.named("4002")[0].value("endpoint/allow") == "!all,ulaw"


def test_plus_equals_matches_the_name_case_sensitively():
    m = model_of("""
        [x]
        Language = en
        language += _GB
        """)
    eff = m.named("x")[0]
    assert pairs(eff) == [("Language", "en"), ("language", "_GB")]


def test_append_section_adds_to_the_earlier_one_and_wins():
    m = model_of("""
        [5001]
        type = wizard
        endpoint/context = internal
        [5002]
        type = wizard
        [5001](+)
        endpoint/context = from-append
        """)
    assert [e.name for e in m.sections] == ["5001", "5002"]
    eff = m.named("5001")[0]
    assert eff.value("endpoint/context") == "from-append"
    last = eff.find("endpoint/context")
    assert eff.origin(last).kind == "append" and last.line == 7
    assert eff.origin(eff.vars[1]).kind == "own" and eff.overridden(1)
    assert len(eff.appends) == 1 and m.of(eff.appends[0]) is eff
    assert not m.rejected


def test_append_is_a_snapshot_for_children_defined_before():
    m = model_of("""
        [t]
        a = 1
        [early](t)
        [t](+)
        b = 2
        [late](t)
        """)
    assert pairs(m.named("early")[0]) == [("a", "1")]
    assert pairs(m.named("late")[0]) == [("a", "1"), ("b", "2")]


def test_parent_defined_after_child_rejects_the_file():
    m = model_of("""
        [6601](late)
        accepts_registrations = yes
        [late](!)
        type = wizard
        [6602]
        type = wizard
        """)
    assert m.rejected
    assert [e.message for e in m.errors] == [
        "Inheritance requested, but category 'late' does not exist, line 1 of pjsip_wizard.conf"]
    assert m.named("6601")[0].missing_parents == ["late"]
    exp = expand(m)
    assert exp.rejected and exp.objects == [] and exp.hints == []
    assert [str(x) for x in exp.log] == [
        "WARNING: config.c: Inheritance requested, but category 'late' does not exist, line 1 of "
        "pjsip_wizard.conf",
        "ERROR: res_pjsip_config_wizard.c: Contents of config file 'pjsip_wizard.conf' are invalid and "
        "cannot be parsed",
    ]


def test_parent_lookup_is_case_insensitive_and_sees_earlier_same_name():
    m = model_of("""
        [Base](!)
        type = wizard
        [a]
        x = 1
        [a](a)
        y = 2
        [c](base)
        """)
    assert not m.rejected
    second = m.named("a")[1]
    assert pairs(second) == [("x", "1"), ("y", "2")]
    assert m.named("c")[0].is_wizard


def test_object_type_is_the_first_type_line():
    m = model_of("""
        [tpl](!)
        type = endpoint
        [6001](tpl)
        type = aor
        """, "pjsip.conf")
    assert m.named("6001")[0].object_type == "endpoint"


def test_wizard_detection_rules():
    m = model_of("""
        [a]
        endpoint/type = wizard
        [b]
        type = endpoint
        type = wizard
        [c]
        Type = wizard
        [d]
        type = Wizard
        """)
    assert [e.name for e in m.sections if e.is_wizard] == ["a", "b"]


def test_wizard_option_default_and_provenance_in_expansion():
    m = model_of("""
        [trunk](!)
        type = wizard
        remote_hosts = 192.0.2.1
        sends_registrations = yes
        [t1](trunk)
        transport = udp
        """)
    exp = expand(m)
    reg = exp.get("registration", "t1-reg-0")
    by_key = {p.key: p for p in reg.params}
    server = by_key["server_uri"]
    assert server.value == "sip:192.0.2.1"
    assert isinstance(server.source, Derived)
    assert server.source.default == "sip:${REMOTE_HOST}"          # no line set the pattern
    assert [e.line for e in server.source.entries] == [3]            # remote_hosts, in the template
    assert by_key["transport"].source.entries[0].line == 6
    from pjtui.pjsip.wizard import read_wizard
    w = read_wizard(m.named("t1")[0])
    assert w.option("contact_pattern").entry is None
    assert w.option("contact_pattern").value == "sip:${REMOTE_HOST}"
    assert w.option("transport").entry.line == 6


def test_pjsip_conf_objects_type_selection_and_duplicates():
    from pjtui.pjsip.wizard import pjsip_objects
    m = model_of("""
        [tpl](!)
        type = endpoint
        [6001](tpl)
        type = aor
        [6001]
        type = aor
        [udp]
        type = transport
        [udp]
        type = transport
        [x]
        type = Endpoint
        [global]
        max_forwards = 70
        """, "pjsip.conf")
    objs, log = pjsip_objects(m)
    assert [(o.type, o.name) for o in objs] == [("endpoint", "6001"), ("aor", "6001"), ("global", "global")]
    assert [str(x) for x in log] == [
        "ERROR: res_sorcery_config.c: Config file 'pjsip.conf' could not be loaded; configuration contains "
        "a duplicate object: 'udp' of type 'transport'"]


def test_registration_with_a_transport_pjsip_conf_lacks_fails():
    wiz = model_of("""
        [t]
        type = wizard
        sends_registrations = yes
        remote_hosts = 192.0.2.1
        transport = tcp
        """)
    pj = model_of("""
        [udp]
        type = transport
        bind = 0.0.0.0
        """, "pjsip.conf")
    exp = expand(wiz, pjsip=pj)
    assert exp.get("registration", "t-reg-0") is None
    assert "ERROR: res_pjsip_outbound_registration.c: Unable to retrieve PJSIP transport 'tcp'  for outbound " \
           "registration" in [str(x) for x in exp.log]
    assert exp.get("endpoint", "t") is not None
    # without a pjsip.conf nothing is known about transports: no error
    assert expand(wiz).get("registration", "t-reg-0") is not None


def test_section_names_are_cut_at_79_bytes_like_asterisk():
    long = "x" * 85
    m = model_of(f"""
        [{long}](!)
        type = wizard
        [a]({long[:79]})
        [b]({long})
        """)
    assert m.sections[0].name == "x" * 79
    assert [p.name for p in m.named("a")[0].parents] == ["x" * 79]
    assert m.named("b")[0].missing_parents == [long] and m.rejected
