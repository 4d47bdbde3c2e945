"""Issue 16, beside its golden-style cases (tests/data/golden): the rules themselves,
on inputs the cases do not spell out."""

from __future__ import annotations

import textwrap

import pytest

from pjtui.cli import main
from pjtui.conf import parse
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand
from pjtui.pjsip.wizard.values import uri_length_ok

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")


@pytest.mark.parametrize("uri, ok", [
    ("sip:192.0.2.1", True), ("SIPS:a@b.example", True), ("<sip:x@y>", True),
    ("sip:", True), ("sip:bad host", True),                  # only pjsip_parse_uri rejects these
    ("itsp@192.0.2.1", False), ("tel:+4930", False), ("", False),
    ("sip:" + "h" * 117, True), ("sip:" + "h" * 118, False),  # no port: room for "_sips.tcp."
    ("sip:" + "h" * 127 + ":5060", True), ("sip:" + "h" * 128 + ":5060", False),
    ("sip:u@" + "h" * 117 + ";transport=tcp", True),
    ("sip:[2001:db8::1]:5060", True), ("sip:[2001:db8::1", False),
    ("sip:u@h.example;" + "p" * 250, False),                  # the whole URI over 255
])
def test_uri_length_ok_is_ast_sip_validate_uri_length(uri, ok):
    assert uri_length_ok(uri) is ok


def expanded(text: str):
    return expand(build(parse(textwrap.dedent(text).encode(), "pjsip_wizard.conf")))


def test_registration_checks_run_in_asterisks_order():
    exp = expanded("""
        [a]
        type = wizard
        sends_registrations = yes
        remote_hosts = bad host
        client_uri_pattern = ${USERNAME}
        [b]
        type = wizard
        sends_registrations = yes
        remote_hosts = bad host
        """)
    messages = [x.message for x in exp.log if x.source == "res_pjsip_outbound_registration.c"]
    # a: the client URI's scheme is looked at before the server URI is parsed
    assert messages == [
        "Client URI or hostname length exceeds pjproject limit or is not a sip(s) uri: 'a-reg-0'",
        "Invalid server URI 'sip:bad host' specified on outbound registration 'b-reg-0'"]


def test_set_var_keeps_one_value_per_name_in_the_place_of_the_first():
    exp = expanded("""
        [w]
        type = wizard
        accepts_registrations = yes
        endpoint/set_var = A=1
        endpoint/set_var = B=x=y
        endpoint/set_var =
        endpoint/set_var = a=lower
        endpoint/set_var = A=2
        endpoint/callerid = x <1>
        endpoint/callerid = y <2>
        """)
    ep = exp.get("endpoint", "w")
    assert ep.fields()["set_var"] == ["A=2", "B=x=y", "a=lower"]    # names compare with case
    assert ep.value("set_var") == ["A=2", "B=x=y", "a=lower"]
    keys = [(p.key, p.value) for p in ep.params]
    by = dict(zip(keys, ep.replaced_by(), strict=True))
    assert by[("set_var", "A=1")] == keys.index(("set_var", "A=2"))
    assert by[("set_var", "")] == "adds nothing: set_var is empty"
    assert by[("set_var", "B=x=y")] is None and by[("set_var", "a=lower")] is None
    assert by[("callerid", "x <1>")] == keys.index(("callerid", "y <2>"))
    assert ep.overridden() == [b is not None for b in ep.replaced_by()]


def test_expand_says_which_line_won(tmp_path, capsys):
    f = tmp_path / "pjsip_wizard.conf"
    f.write_text("[t](!)\ntype = wizard\naccepts_registrations = yes\nendpoint/set_var = __DEPT=support\n"
                 "[6101](t)\nendpoint/set_var = __DEPT=sales\nendpoint/set_var =\nendpoint/type = aor\n")
    assert main(["expand", str(f)]) == 0
    out = capsys.readouterr().out
    assert "; set_var = __DEPT=support   (replaced by line 6: set_var = __DEPT=sales)\n" in out
    assert "\nset_var = __DEPT=sales\n" in out
    assert "; set_var =    (adds nothing: set_var is empty)\n" in out
    assert "; type = aor   (ignored: the object's type is fixed)\n" in out
