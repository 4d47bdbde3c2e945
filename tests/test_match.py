"""pjtui match: endpoint identification order, identify matches, REGISTER -> aor."""

from __future__ import annotations

import json

import pytest

from pjtui.cli import main
from pjtui.conf import parse
from pjtui.pjsip.match import Objects, identifier_order, match_request
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand
from test_cli_check_edit import run

WIZARD = """\
[phone](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
endpoint/allow = ulaw
aor/max_contacts = 1
aor/remove_existing = yes

[1000](phone)
inbound_auth/username = alice
inbound_auth/password = pw

[1001](phone)
inbound_auth/username = 1001
inbound_auth/password = pw
aor/max_contacts = 0

[itsp](!)
type = wizard
sends_registrations = yes
endpoint/identify_by = ip
endpoint/allow = ulaw

[carrier-a](itsp)
remote_hosts = 198.51.100.10:5060,198.51.100.11

[carrier-b](itsp)
remote_hosts = sip.example.net
"""
PJSIP = """\
[udp]
type = transport
bind = 0.0.0.0

[office-net]
type = identify
endpoint = pbx2
match = 192.0.2.0/24

[a-special]
type = identify
endpoint = special
match = 192.0.2.50

[zz-ghost]
type = identify
endpoint = nobody
match = 203.0.113.9

[pbx2]
type = endpoint
allow = ulaw
identify_by = ip

[special]
type = endpoint
allow = ulaw
"""


def objects(wizard=WIZARD, pjsip=PJSIP, resolver=None):
    wm = build(parse(wizard.encode(), "pjsip_wizard.conf"))
    pm = build(parse(pjsip.encode(), "pjsip.conf")) if pjsip is not None else None
    return Objects(pm, expand(wm, pjsip=pm, resolver=resolver))


def test_trunk_matched_by_source_address_and_port():
    r = match_request(objects(), ip="198.51.100.10", port=5060)
    assert r.endpoint == "carrier-a" and r.identifier == "ip"
    assert "carrier-a-identify" in r.steps[1].detail
    # the first host has a port: a request from another source port is not matched by it
    r = match_request(objects(), ip="198.51.100.10", port=5080)
    assert r.endpoint is None
    # the second host has no port: any port
    assert match_request(objects(), ip="198.51.100.11", port=5080).endpoint == "carrier-a"


def test_trunk_host_name_needs_resolver():
    r = match_request(objects(), ip="203.0.113.77")
    assert r.endpoint is None
    assert any("host name" in s.detail for s in r.steps)
    res = lambda host, port: ["203.0.113.77"] if host == "sip.example.net" else None  # noqa: E731
    r = match_request(objects(resolver=res), ip="203.0.113.77", resolver=res)
    assert r.endpoint == "carrier-b"


def test_overlapping_identifies_first_name_wins():
    r = match_request(objects(), ip="192.0.2.50")
    assert r.endpoint == "special"            # 'a-special' sorts before 'office-net'
    assert "a-special" in r.steps[1].detail
    r = match_request(objects(), ip="192.0.2.51")
    assert r.endpoint == "pbx2"


def test_identify_pointing_at_missing_endpoint_falls_through():
    r = match_request(objects(), ip="203.0.113.9", from_user="1000")
    ip_step = r.steps[1]
    assert ip_step.outcome == "no match" and "could not be found" in ip_step.detail
    assert r.endpoint == "1000" and r.identifier == "username"


def test_phone_by_username_and_register_to_its_aor():
    r = match_request(objects(), ip="10.1.1.1", from_user="1000", register=True, to_user="1000")
    assert r.endpoint == "1000" and r.identifier == "username"
    assert r.register["status"] == 200 and r.register["aor"] == "1000"
    # the auth username does not matter for identification, the endpoint name does
    r = match_request(objects(), ip="10.1.1.1", from_user="alice")
    assert r.endpoint is None


def test_register_wrong_to_user_and_zero_max_contacts():
    r = match_request(objects(), ip="10.1.1.1", from_user="1000", register=True, to_user="alice")
    assert r.register["status"] == 404 and "To: <sip:1000@" in r.register["reason"]
    r = match_request(objects(), ip="10.1.1.1", from_user="1001", register=True, to_user="1001")
    assert r.register["status"] == 403 and "max_contacts" in r.register["reason"]


def test_trunk_not_reachable_by_username_when_identify_by_ip():
    r = match_request(objects(), ip="10.1.1.1", from_user="carrier-a")
    assert r.endpoint is None
    assert any("identify_by" in s.detail for s in r.steps if s.identifier == "username")


def test_identifier_order_from_global_byte_exact():
    pj = PJSIP + "[global]\ntype = global\nendpoint_identifier_order = username, ip\n"
    obj = objects(pjsip=pj)
    order, notes = identifier_order(obj)
    assert order[0] == "username" and notes and "' ip'" in notes[0]
    # username runs first now: the phone wins even from an identified address
    r = match_request(obj, ip="192.0.2.51", from_user="1000")
    assert r.endpoint == "1000"
    r = match_request(objects(), ip="192.0.2.51", from_user="1000")
    assert r.endpoint == "pbx2"


def test_anonymous_endpoint_catches_everything():
    pj = PJSIP + "[anonymous]\ntype = endpoint\nallow = ulaw\n"
    r = match_request(objects(pjsip=pj), ip="10.9.9.9")
    assert r.endpoint == "anonymous" and r.identifier == "anonymous"


def test_domain_alias_in_username_lookup():
    pj = PJSIP + "[example.org]\ntype = domain_alias\ndomain = example.com\n" \
                 "[bob@example.com]\ntype = endpoint\nallow = ulaw\n"
    r = match_request(objects(pjsip=pj), ip="10.1.1.1", from_user="bob", from_domain="example.org")
    assert r.endpoint == "bob@example.com"


# ------------------------------------------------------------------ the command

@pytest.fixture
def conf(tmp_path):
    (tmp_path / "pjsip_wizard.conf").write_text(WIZARD)
    (tmp_path / "pjsip.conf").write_text(PJSIP)
    return tmp_path


def test_cli_match_trunk_and_phone(conf, capsys):
    code, out, _ = run(capsys, "match", conf / "pjsip_wizard.conf", "--ip", "198.51.100.11")
    assert code == 0 and "=> endpoint carrier-a" in out and "identify 'carrier-a-identify'" in out
    code, out, _ = run(capsys, "match", conf / "pjsip_wizard.conf", "--ip", "10.0.0.1", "--from-user", "1000",
                       "--register", "--to-user", "1000")
    assert code == 0 and "=> REGISTER 200" in out
    code, out, _ = run(capsys, "match", conf / "pjsip.conf", "--ip", "10.0.0.1", "--from-user", "1000",
                       "--register", "--to-user", "nope")
    assert code == 1 and "=> REGISTER 404" in out


def test_cli_match_json_and_errors(conf, capsys):
    code, out, _ = run(capsys, "match", "--json", conf / "pjsip_wizard.conf", "--ip", "192.0.2.50")
    data = json.loads(out)
    assert code == 0 and data["endpoint"] == "special" and data["order"][0] == "line"
    code, out, err = run(capsys, "match", conf / "pjsip_wizard.conf", "--ip", "not-an-ip")
    assert code == 2 and "not an IP address" in err
    code, out, err = run(capsys, "match", conf / "missing.conf", "--ip", "10.0.0.1")
    assert code == 2 and "no such file" in err
    code, out, _ = run(capsys, "match", conf / "pjsip_wizard.conf", "--ip", "10.0.0.1")
    assert code == 1 and "=> no endpoint" in out


def test_acls_global_and_endpoint():
    pj = PJSIP + "[block]\ntype = acl\ndeny = 0.0.0.0/0\npermit = 192.0.2.0/24\n"
    r = match_request(objects(pjsip=pj), ip="198.51.100.10", register=True, to_user="x")
    assert r.endpoint is None and r.steps[0].outcome == "denied" and r.register["status"] == 403
    assert match_request(objects(pjsip=pj), ip="192.0.2.50").endpoint == "special"
    pj2 = PJSIP.replace("[special]\ntype = endpoint\n", "[special]\ntype = endpoint\ndeny = 192.0.2.50\n")
    r = match_request(objects(pjsip=pj2), ip="192.0.2.50")
    assert r.endpoint is None and any(s.identifier == "endpoint acl" for s in r.steps)


@pytest.mark.parametrize("port", ["0", "99999", "-5"])
def test_cli_match_refuses_a_port_no_packet_can_come_from(conf, capsys, port):
    # 99999 was taken and echoed as 'request from 10.0.0.1:99999'
    with pytest.raises(SystemExit) as exc:
        main(["match", str(conf / "pjsip_wizard.conf"), "--ip", "10.0.0.1", "--port", port])
    assert exc.value.code == 2 and "1 to 65535" in capsys.readouterr().err
