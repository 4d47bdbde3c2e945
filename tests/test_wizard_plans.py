"""A wizard made from an earlier wizard's plan (same shape, other name) gets exactly what
a full run of every handler gives it: objects, parameters and their sources, log lines,
hints.  The reference is the same expansion with plans switched off.  Likewise a wizard
the checks pass over because a sibling of its shape was clean: the reference is the
checker without memos."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pjtui.conf import parse
from pjtui.pjsip import wizard
from pjtui.pjsip.checks import Checker
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# lines a child may add to its template: the ones a plan must tell apart (empty or not,
# values that are checked, options the handlers read) and ones it may ignore
CHILD_LINES = [
    "inbound_auth/username = u", "inbound_auth/password = p1", "inbound_auth/password = p2",
    "inbound_auth/password =", "inbound_auth/auth_type = md5", "inbound_auth/auth_type = bogus",
    "inbound_auth/md5_cred = abc", "outbound_auth/username = o", "outbound_auth/password = s",
    "endpoint/callerid = A <1>", "endpoint/callerid = B <2>", "endpoint/context = ctx2", "endpoint/context = ctx3",
    "endpoint/dtmf_mode = rfc4733", "endpoint/dtmf_mode = nonsense", "endpoint/bogus = 1",
    "endpoint/mailboxes = 1@default", "aor/max_contacts = 2", "aor/max_contacts = x",
    "aor/contact = sip:1.2.3.4", "aor/contact = nosip", "identify/match = 192.0.2.9",
    "hint_exten = 100", "hint_exten = 200", "hint_exten =", "hint_context = h",
    "hint_application = Gosub(x)", "hint_application = bad(", "has_hint = no", "has_hint = yes",
    "accepts_registrations = no", "accepts_registrations = yes", "accepts_auth = no",
    "sends_auth = yes", "sends_registrations = yes", "remote_hosts = 192.0.2.1",
    "remote_hosts = a.example:5070,b.example", "contact_pattern = sip:${REMOTE_HOST}:5062",
    "transport = tcp", "outbound_proxy = sip:proxy", "has_phoneprov = yes", "phoneprov/MAC = 001122",
    "phoneprov/PROFILE = polycom", "registration/expiration = 60", "Endpoint/x = 1", "nonsense = 1",
    "type = wizard", "type = endpoint", "endpoint/auth = w0-iauth", "endpoint/auth = nosuch",
    "endpoint/transport = udp", "endpoint/transport = nosuch", "endpoint/aors = nosuch",
    "endpoint/identify_by = ip", "endpoint/outbound_auth = w1-oauth", "endpoint/language = fr",
    "endpoint/set_var = A=1", "endpoint/set_var =", "inbound_auth/username = w3",
    # issue 16: set_var per name, the codec 'none', a match that is a name, a client URI without sip:
    "endpoint/set_var = A=2", "endpoint/set_var = B=x=y", "endpoint/allow = none", "endpoint/allow = !all,none",
    "identify/match = 300.1.2.3", "identify/match = known.example", "client_uri_pattern = ${USERNAME}@${REMOTE_HOST}",
    "hint_context = hints",
]
# templates whose plain children have no problem (bare's have some): the checks pass
# over a child whose shape a clean sibling had, so clean siblings must be common
TEMPLATES = [
    "[phone](!)\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\ntransport = udp\n"
    "endpoint/allow = ulaw\nendpoint/context = internal\naor/max_contacts = 1\naor/remove_existing = yes\n"
    "inbound_auth/password = p\n",
    "[bare](!)\ntype = wizard\naccepts_registrations = yes\n",
    "[trunk](!)\ntype = wizard\nsends_auth = yes\nsends_registrations = yes\nremote_hosts = 192.0.2.50\n"
    "outbound_auth/username = t\noutbound_auth/password = s\nendpoint/allow = ulaw\n",
    "[plain](!)\ntype = wizard\nremote_hosts = 192.0.2.60\nendpoint/allow = ulaw\nendpoint/identify_by = ip\n",
]


PARENTS = ["phone", "bare", "trunk", "plain", "phone,plain"]


def snapshot(exp) -> dict:
    """Everything an expansion says, with model entries compared by identity."""
    def src(source):
        if isinstance(source, wizard.Derived):
            return ("derived", source.rule, tuple(map(id, source.entries)), source.default)
        return ("line", id(source))

    return {
        "objects": [(o.type, o.name, o.wizard.name, [(p.key, p.value, src(p.source)) for p in o.all_params()])
                    for o in exp.objects],
        "log": [(x.level, x.source, x.message, x.wizard, id(x.entry)) for x in exp.log],
        "hints": list(exp.hints),
        "get": {(o.type, o.name): exp.get(o.type, o.name) is o for o in exp.objects},
    }


PJSIP = build(parse(b"[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n"
                   b"[tcp]\ntype = transport\nprotocol = tcp\nbind = 0.0.0.0\n", "pjsip.conf"))


def both(data: bytes, monkeypatch, **kw):
    """(expansion with plans, without), and the same for the checks' problems."""
    model = build(parse(data, "pjsip_wizard.conf"))
    with_plans = expand(model, pjsip=PJSIP, **kw)
    with monkeypatch.context() as m:
        m.setattr(wizard.plans, "ENABLED", False)     # the plan layer's one switch
        without = expand(model, pjsip=PJSIP, **kw)
    fast = [p.format() for p in Checker(model, PJSIP, expansion=with_plans).run()]
    slow = [p.format() for p in Checker(model, PJSIP, expansion=without, memo=False).run()]
    assert fast == slow
    return with_plans, without


@st.composite
def children(draw):
    """Pairs of siblings that differ in one line, the plain one first or second: near
    misses are where a plan could be taken for a wizard it does not fit."""
    pool = [[]] + draw(st.lists(st.lists(st.sampled_from(CHILD_LINES), max_size=2), max_size=2))
    kids = []
    for _ in range(draw(st.integers(1, 6))):
        parents = draw(st.sampled_from(PARENTS))
        lines = list(draw(st.sampled_from(pool)))
        twin = list(lines)
        twin.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(CHILD_LINES)))
        pair = [lines, twin] if draw(st.booleans()) else [twin, lines]
        for ls in pair:
            kids.append((parents, ls, draw(st.sampled_from(["", "", "", "dup"]))))
    return kids


def render(kids) -> bytes:
    out = list(TEMPLATES)
    for i, (parents, lines, dup) in enumerate(kids):
        name = "w0" if dup else f"w{i}"     # some names repeat: later namesakes replace earlier ones
        own = ([f"inbound_auth/username = {name}"] if parents.startswith("phone") else []) + lines
        out.append(f"[{name}]({parents})\n" + "".join(line + "\n" for line in own))
    return "\n".join(out).encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(children())
def test_planned_wizards_expand_like_a_full_run(monkeypatch, kids):
    a, b = both(render(kids), monkeypatch)
    assert snapshot(a) == snapshot(b)


@pytest.mark.parametrize("base", [[], ["has_hint = yes", "hint_exten = 100"]], ids=["plain", "hinted"])
@pytest.mark.parametrize("parents", PARENTS)
def test_every_line_is_told_apart_from_its_absence_and_other_values(parents, base, monkeypatch):
    """Each line a child may add, between siblings without it, and next to each other
    value of the same name, both orders: a line that decides anything must give the
    wizard another shape than a sibling it would be wrongly taken for."""
    kids = []
    for line in CHILD_LINES:
        kids += [(parents, base, ""), (parents, base + [line], ""), (parents, base + [line], ""),
                 (parents, base, "")]
        key = line.split("=")[0]
        for other in CHILD_LINES:
            if other != line and other.split("=")[0] == key:
                kids += [(parents, base + [line], ""), (parents, base + [other], "")]
    a, b = both(render(kids), monkeypatch)
    assert snapshot(a) == snapshot(b)


class _Resolver:
    """Knows known.example only (identify host names resolved like ``--hosts``)."""

    def __call__(self, host, port=None):
        return ["192.0.2.140"] if host == "known.example" else None

    def why(self, host, port=None):
        return "Name or service not known (pjtui asked a test resolver)"


@pytest.mark.parametrize("parents", ["plain", "trunk"])
def test_lines_are_told_apart_when_host_names_are_resolved(parents, monkeypatch):
    """With a resolver an identify's matches decide whether it exists: siblings that
    differ in a match must not share a plan."""
    kids = []
    for line in CHILD_LINES:
        kids += [(parents, [], ""), (parents, [line], ""), (parents, [], "")]
    a, b = both(render(kids), monkeypatch, resolver=_Resolver())
    assert snapshot(a) == snapshot(b)
    assert any("failed when adding resolution results of '300.1.2.3'" in x.message for x in a.log)


def test_a_username_that_is_not_the_name_is_told_apart(monkeypatch):
    """register-user depends on the name: 'a' registering as 'a' is clean, 'b' as 'a' is not."""
    data = (TEMPLATES[0] + "[a](phone)\ninbound_auth/username = a\n[b](phone)\ninbound_auth/username = a\n"
            "[c](phone)\ninbound_auth/username = c\n").encode()
    both(data, monkeypatch)
    problems = Checker(build(parse(data, "pjsip_wizard.conf")), PJSIP).run()
    assert [p.section for p in problems if p.code == "register-user"] == ["b"]


def test_plans_are_used_for_template_children(monkeypatch):
    """The common case really takes the short way: ten identical-shaped phones, one run
    of the handlers."""
    data = TEMPLATES[0] + "".join(f"[{600 + i}](phone)\ninbound_auth/username = {600 + i}\n"
                                  f"inbound_auth/password = pw{i}\nhas_hint = yes\nhint_exten = {600 + i}\n"
                                  for i in range(10))
    calls = []
    real = wizard._Expander.auths
    monkeypatch.setattr(wizard._Expander, "auths", lambda self, w, c: calls.append(w.name) or real(self, w, c))
    exp = expand(build(parse(data.encode(), "pjsip_wizard.conf")))
    assert calls == ["600"]
    assert sorted(o.name for o in exp.of_type("auth")) == [f"{600 + i}-iauth" for i in range(10)]
    assert [h.exten for h in exp.hints] == [str(600 + i) for i in range(10)]
    assert exp.get("auth", "605-iauth").fields()["password"] == "pw5"


def test_a_resolver_leaves_identifies_of_addresses_to_plans(monkeypatch):
    """Only an identify with a host name is resolved (and built at once); siblings whose
    identifies match addresses still share a plan."""
    data = TEMPLATES[3] + "".join(f"[{700 + i}](plain)\nendpoint/callerid = N <{i}>\n" for i in range(6))
    data += "".join(f"[{800 + i}](plain)\nremote_hosts = known.example\n" for i in range(3))
    calls = []
    real = wizard._Expander.identify
    monkeypatch.setattr(wizard._Expander, "identify", lambda self, w, c: calls.append(w.name) or real(self, w, c))
    exp = expand(build(parse(data.encode(), "pjsip_wizard.conf")), resolver=_Resolver())
    assert calls == ["700", "800", "801", "802"]
    assert len(exp.of_type("identify")) == 9 and not exp.log


def test_the_switch_turns_plans_off_for_the_expansion_and_its_refreshes(monkeypatch):
    """With ``plans.ENABLED`` off every wizard goes through every maker, also when a
    refresh runs it again, and nothing is learnt."""
    from pjtui.conf import edits

    data = TEMPLATES[0] + "".join(f"[{600 + i}](phone)\ninbound_auth/username = {600 + i}\n" for i in range(5))
    calls = []
    real = wizard._Expander.auths
    monkeypatch.setattr(wizard._Expander, "auths", lambda self, w, c: calls.append(w.name) or real(self, w, c))
    monkeypatch.setattr(wizard.plans, "ENABLED", False)
    doc = parse(data.encode(), "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    assert calls == [str(600 + i) for i in range(5)]
    assert exp._ex.plans is None
    monkeypatch.setattr(wizard.plans, "ENABLED", True)     # read when an expansion starts
    line = doc.sections[0].get("transport").line
    doc.apply(edits.SetValue(line, "tcp"))
    assert exp.refresh(model.refresh([doc.sections[0]]))
    assert calls[5:] == [str(600 + i) for i in range(5)] and exp._ex.plans is None
    assert exp.get("endpoint", "603").value("transport") == "tcp"


def test_a_child_with_an_empty_password_is_not_taken_for_its_siblings(monkeypatch):
    data = (TEMPLATES[0] + "[a](phone)\ninbound_auth/username = a\ninbound_auth/password = x\n"
            "[b](phone)\ninbound_auth/username = b\ninbound_auth/password =\n").encode()
    exp = expand(build(parse(data, "pjsip_wizard.conf")))
    assert exp.get("auth", "a-iauth") is not None
    assert exp.get("auth", "b-iauth") is None
    assert any("b-iauth" in x.message for x in exp.log)


def corpus_files() -> list[Path]:
    files = sorted(SAMPLES.rglob("*.conf"))
    files += sorted((SHARED / "golden").rglob("pjsip_wizard.conf"))
    files += sorted(p for p in (SHARED / "corpus").rglob("*wizard*.conf"))
    return files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_real_files_expand_like_a_full_run(path, monkeypatch):
    a, b = both(path.read_bytes(), monkeypatch)
    assert snapshot(a) == snapshot(b)


@pytest.mark.usefixtures("wizard_plans")
def test_value_reads_the_last_parameter_like_fields_does():
    """WizObject.value() answers single-valued names without folding everything: it
    must agree with fields() for every name of every object, in any case."""
    seen = 0
    for path in corpus_files():
        exp = expand(build(parse(path.read_bytes(), "pjsip_wizard.conf")))
        for obj in exp.objects:
            fields = obj.fields()
            for key in list(fields) + ["nonexistent", "ENDPOINT", "Line"]:
                asked = key if obj.type == "phoneprov" or key.startswith("@") else key.upper()
                expect = fields.get(asked if obj.type == "phoneprov" or key.startswith("@") else asked.lower())
                assert obj.value(asked) == expect, (path, obj.name, key)
                seen += 1
    assert seen > 1000


@pytest.mark.usefixtures("wizard_plans")
def test_of_wizard_of_type_and_hints_of_agree_with_filtering_everything():
    """They answer from the objects each wizard made and from per-type sorting made on
    demand, not from ``objects``: same objects, same export order."""
    checked = 0
    for path in corpus_files():
        exp = expand(build(parse(path.read_bytes(), "pjsip_wizard.conf")), pjsip=PJSIP)
        names = {w.name for w in exp.wizards}
        for name in names:
            assert exp.of_wizard(name) == [o for o in exp.objects if o.wizard.name == name]
            assert exp.hints_of(name) == [h for h in exp.hints if h.wizard == name]
            checked += 1
        fresh = expand(build(parse(path.read_bytes(), "pjsip_wizard.conf")), pjsip=PJSIP)
        for type_ in wizard.EXPORT_TYPE_ORDER:     # asked before anything sorted everything
            assert [o.name for o in fresh.of_type(type_)] == [o.name for o in exp.objects if o.type == type_]
    assert checked > 50


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["sip:", "${", "}", "$", "{", "REMOTE_HOST", "USERNAME", "X", ":", "1", "-2",
                                 "@", "a", "${REMOTE_HOST}", "${USERNAME:1:3}", "${NOPE}"]), max_size=12))
def test_split_patterns_substitute_like_reading_them_character_by_character(pieces):
    pattern = "".join(pieces)
    variables = {"REMOTE_HOST": "192.0.2.1:5060", "USERNAME": "acct"}
    assert wizard.substitute(pattern, variables) == wizard._substitute(pattern, variables)
    assert wizard.substitute(pattern, variables) == wizard._substitute(pattern, variables)  # cached


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b.example", ",", " ", "\t", ":5060", "", "[::1]", "\\", "'", '"']), max_size=10))
def test_remote_hosts_split_in_c_like_character_by_character(pieces):
    value = "".join(pieces)
    assert wizard.split_remote_hosts(value) == (wizard._strsep(value) if value else [])
