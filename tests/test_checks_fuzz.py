"""Checks and match never raise, whatever the files say (fast slice; -m slow for more)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from pjtui.conf import parse
from pjtui.pjsip.checks import Checker
from pjtui.pjsip.match import Objects, match_request
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand

KEYS = ["type", "Type", "remote_hosts", "accepts_auth", "sends_auth", "accepts_registrations",
        "sends_registrations", "sends_line_with_registrations", "has_phoneprov", "has_hint", "hint_exten",
        "hint_application", "transport", "server_uri_pattern", "contact_pattern", "endpoint/allow",
        "endpoint/identify_by", "endpoint/auth", "aor/max_contacts", "aor/contact", "inbound_auth/username",
        "outbound_auth/username", "identify/match", "registration/endpoint", "phoneprov/MAC", "Endpoint/x",
        "endpont/context", "context", "match", "endpoint", "aors", "auth", "outbound_auth", "bind", "protocol",
        "max_contacts", "contact", "username", "password", "server_uri", "client_uri", "line",
        "endpoint_identifier_order", "allow", "permit", "identify_by", "timers_min_se", "@x"]
VALUES = ["", "yes", "no", "wizard", "Wizard", "endpoint", "aor", "auth", "identify", "transport",
          "registration", "global", "phoneprov", "1", "0", "08", "-1", "0x10", "a,,b", "bad host",
          "192.0.2.1", "192.0.2.0/24", "192.0.2.1:5060", "[::1]:5060", "sip:x", "sip:", "host.example",
          "ulaw,opsu", "(ulaw)", "ip, username", "udp", "Dial()", "${FOO}", "\\;x", "é", "x" * 90]
HEADERS = ["[a]", "[b](!)", "[c](a)", "[a](+)", "[d](b,a)", "[e] (b)", "[global]", "[x](nope)", "[udp]"]

line = st.one_of(
    st.sampled_from(HEADERS),
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.sampled_from(["; comment", "#exec foo", "#include nothing.conf", ";-- open", "--;", "noequals", ""]),
)
files = st.lists(line, max_size=25).map(lambda ls: "\n".join(ls).encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files, files, st.sampled_from(["192.0.2.1", "192.0.2.77", "::1"]))
def test_checks_and_match_never_raise(wizard_bytes, pjsip_bytes, ip):
    wm = build(parse(wizard_bytes, "pjsip_wizard.conf"))
    pm = build(parse(pjsip_bytes, "pjsip.conf"))
    exp = expand(wm, pjsip=pm)
    for p in Checker(wm, pm, expansion=exp).run():
        assert p.severity in ("error", "warning", "hint") and p.line >= 0 and p.format()
    res = match_request(Objects(pm, exp), ip=ip, from_user="a", register=True, to_user="a")
    assert res.order[0] == "line"
