"""Each check: a config that triggers it and one that does not."""

from __future__ import annotations


from pjtui.conf import parse
from pjtui.pjsip.checks import CHECKS, Checker
from pjtui.pjsip.model import build

TRANSPORT = "[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n"
PHONE_TPL = """[phone](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
endpoint/allow = ulaw
aor/max_contacts = 1
aor/remove_existing = yes
transport = udp
"""


def problems(wizard: str | None = None, pjsip: str | None = TRANSPORT, **kw):
    wm = build(parse(wizard.encode(), "pjsip_wizard.conf")) if wizard is not None else None
    pm = build(parse(pjsip.encode(), "pjsip.conf")) if pjsip is not None else None
    return Checker(wm, pm, **kw).run()


def codes(*args, **kw) -> set[str]:
    return {p.code for p in problems(*args, **kw)}


def find(code, *args, **kw):
    return [p for p in problems(*args, **kw) if p.code == code]


def phone(name="1000", extra=""):
    return PHONE_TPL + f"[{name}](phone)\ninbound_auth/username = {name}\ninbound_auth/password = pw\n{extra}"


def test_clean_phone_and_pjsip_have_no_errors_or_warnings():
    ps = problems(phone())
    assert [p for p in ps if p.severity != "hint"] == [], [p.format() for p in ps]


def test_every_problem_has_the_documented_fields():
    ps = problems(phone(extra="endpoint/dtmf_mode = rfc2833\nsends_registration = yes\n"))
    assert ps
    for p in ps:
        assert p.code in CHECKS and p.severity in ("error", "warning", "hint")
        assert p.file == "pjsip_wizard.conf" and p.line > 0 and p.section == "1000"
        assert p.message and p.fix
        assert p.format().startswith(f"pjsip_wizard.conf:{p.line}: {p.severity} {p.code}: ")


# ------------------------------------------------------------------ names and values

def test_unknown_wizard_option_with_did_you_mean():
    [p] = find("unknown-option", phone(extra="sends_registration = yes\n"))
    assert p.severity == "error" and "sends_registrations" in p.fix and p.line == 12
    assert "unknown-option" not in codes(phone(extra="Sends_Registrations = no\n"))


def test_unknown_passthrough_param_rejects_the_object():
    [p] = find("unknown-option", phone(extra="endpoint/dirct_media = no\n"))
    assert "endpoint/direct_media" in p.fix and "endpoint" in p.message
    assert "unknown-option" not in codes(phone(extra="endpoint/Direct_Media = no\n"))


def test_unprefixed_object_param_in_wizard():
    [p] = find("unprefixed-option", phone(extra="context = office\n"))
    assert "endpoint/context" in p.fix
    assert "unprefixed-option" not in codes(phone(extra="endpoint/context = office\n"))


def test_prefix_case_and_unknown_prefix():
    assert find("prefix-case", phone(extra="Endpoint/context = x\n"))[0].fix == "Write endpoint/context."
    assert "'endpoint/'" in find("unknown-prefix", phone(extra="endpont/context = x\n"))[0].fix
    assert not codes(phone(extra="endpoint/context = x\n")) & {"prefix-case", "unknown-prefix"}


def test_bad_values_enum_number_bool_codec():
    assert find("bad-value", phone(extra="endpoint/dtmf_mode = rfc2833\n"))[0].severity == "error"
    assert find("bad-value", phone(extra="aor/qualify_frequency = often\n"))
    assert find("bad-value", phone(extra="endpoint/allow = ulaw,opsu\n"))
    assert find("bool-value", phone(extra="endpoint/direct_media = nope\n"))[0].severity == "warning"
    assert find("bool-value", phone(extra="sends_auth = ye\n"))
    assert find("octal-value", phone(extra="aor/qualify_frequency = 060\n"))
    ok = phone(extra="endpoint/dtmf_mode = RFC4733\naor/qualify_frequency = 60\nendpoint/direct_media = off\n")
    assert not codes(ok) & {"bad-value", "bool-value", "octal-value"}


def test_template_line_reported_once_at_the_template():
    wiz = PHONE_TPL.replace("endpoint/allow = ulaw", "endpoint/allow = ulaw\nendpoint/dtmf_mode = bogus")
    wiz += "".join(f"[{n}](phone)\ninbound_auth/username = {n}\ninbound_auth/password = p\n" for n in (1, 2, 3))
    bad = find("bad-value", wiz)
    at_line = [p for p in bad if p.line == 6]
    assert len(at_line) == 1 and at_line[0].section == "phone"          # the value: once, where written
    assert sorted(p.section for p in bad if p.line != 6) == ["1", "2", "3"]   # each wizard it breaks


def test_pjsip_unknown_option_type_and_values():
    conf = TRANSPORT + "[6001]\ntype = endpoint\ncontxt = office\naors = 6001\nallow = ulaw\nauth = 6001\n"
    conf += "[6001]\ntype = aor\nmax_contacts = 1\nremove_existing = yes\n"
    conf += "[6001]\ntype = auth\nusername = 6001\npassword = x\n"
    [p] = find("unknown-option", None, conf)
    assert "'context'" in p.fix and p.line == 7
    assert find("unknown-type", None, TRANSPORT + "[x]\ntype = endpiont\n")[0].fix == "Did you mean 'endpoint'?"
    assert find("unknown-type", None, TRANSPORT + "[x]\ntype = Endpoint\n")
    assert find("no-type", None, TRANSPORT + "[x]\ncontext = a\n")
    assert find("wizard-in-pjsip-conf", None, TRANSPORT + "[x]\ntype = wizard\n")
    [p] = find("unknown-type", None, TRANSPORT + "[c]\ntype = contact\nuri = sip:a@192.0.2.1\n")
    assert "run time" in p.message and p.line == TRANSPORT.count("\n") + 1
    assert not codes(None, conf.replace("contxt", "context")) & {"unknown-option", "unknown-type", "no-type"}


def test_option_of_another_type_is_named():
    [p] = find("unknown-option", None, TRANSPORT + "[a]\ntype = endpoint\naors = a\nallow = ulaw\nmax_contacts = 1\n")
    assert "aor" in p.fix


# ------------------------------------------------------------------ objects

def test_duplicate_objects_and_singletons():
    dup = TRANSPORT + "[a]\ntype = aor\nmax_contacts = 1\n[a]\ntype = aor\ncontact = sip:x\n"
    [p] = find("duplicate-object", None, dup)
    assert p.severity == "error" and p.line == 8
    assert not find("duplicate-object", None, dup.replace("[a]\ntype = aor\ncontact", "[b]\ntype = aor\ncontact"))
    two = TRANSPORT + "[global]\ntype = global\n[g2]\ntype = global\n"
    assert find("duplicate-singleton", None, two)
    assert not find("duplicate-singleton", None, TRANSPORT + "[global]\ntype = global\n")


def test_conflicting_type_lines():
    assert find("conflicting-type", None, TRANSPORT + "[t](!)\ntype = endpoint\n[x](t)\ntype = aor\n")


def test_endpoint_validation():
    base = TRANSPORT + "[e]\ntype = endpoint\naors = e\nallow = ulaw\n"
    assert find("endpoint-invalid", None, base + "timers_min_se = 60\n")
    assert find("endpoint-invalid", None, base + "timers_sess_expires = 100\ntimers_min_se = 120\n")
    assert find("endpoint-invalid", None, base + "rtp_port_start = 20000\n")
    assert find("endpoint-invalid", None, base + "rtp_port_start = 30000\nrtp_port_end = 20000\n")
    assert not find("endpoint-invalid", None, base + "rtp_port_start = 20000\nrtp_port_end = 30000\n")


def test_auth_transport_identify_registration_aor_rules():
    assert find("auth-incomplete", None, TRANSPORT + "[a]\ntype = auth\nusername = a\n")
    assert find("auth-incomplete", None, TRANSPORT + "[a]\ntype = auth\npassword = a\n")
    assert not find("auth-incomplete", None, TRANSPORT + "[a]\ntype = auth\nusername = a\nmd5_cred = 0123\n")
    assert find("transport-invalid", None, "[t]\ntype = transport\nprotocol = udp\n")
    dup_bind = TRANSPORT + "[t2]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n"
    assert find("transport-invalid", None, dup_bind)
    assert not find("transport-invalid", None, dup_bind.replace("0.0.0.0:5060", "0.0.0.0:5070"))
    ep = "[e]\ntype = endpoint\naors = e\nallow = ulaw\n[e]\ntype = aor\ncontact = sip:192.0.2.1\n"
    assert len(find("identify-invalid", None, TRANSPORT + ep + "[i]\ntype = identify\n")) == 2
    assert not find("identify-invalid", None, TRANSPORT + ep + "[i]\ntype = identify\nendpoint = e\nmatch = 192.0.2.1\n")
    assert find("identify-invalid", None, TRANSPORT + ep + "[i]\ntype = identify\nendpoint = e\nmatch_header = X-Foo\n")
    reg = TRANSPORT + "[r]\ntype = registration\nserver_uri = sip:192.0.2.1\nclient_uri = sip:me@192.0.2.1\n"
    assert not find("registration-invalid", None, reg)
    assert find("registration-invalid", None, reg.replace("server_uri = sip:192.0.2.1", "server_uri = 192.0.2.1"))
    assert find("registration-invalid", None, reg + "line = yes\n")
    assert find("registration-invalid", None, reg.replace("client_uri = sip:me@192.0.2.1\n", ""))
    assert find("contact-not-sip", None, TRANSPORT + "[a]\ntype = aor\ncontact = 192.0.2.1\n")
    assert not find("contact-not-sip", None, TRANSPORT + "[a]\ntype = aor\ncontact = sip:192.0.2.1\n")
    assert find("resource-list-invalid", None, TRANSPORT + "[l]\ntype = resource_list\nevent = presence\n")
    assert find("phoneprov-invalid", None, TRANSPORT + "[p]\ntype = phoneprov\nmac = 00\nPROFILE = x\n")


def test_identifier_order_blanks():
    g = TRANSPORT + "[global]\ntype = global\nendpoint_identifier_order = ip, username\n"
    assert find("identifier-order-blanks", None, g)
    assert not find("identifier-order-blanks", None, g.replace("ip, username", "ip,username"))


# ------------------------------------------------------------------ references

def test_dangling_references_pjsip():
    conf = TRANSPORT + ("[e]\ntype = endpoint\naors = e\nallow = ulaw\nauth = e-auth\noutbound_auth = e-out\n"
                        "transport = tcp\n[e]\ntype = aor\nmax_contacts = 1\nremove_existing = yes\n")
    got = {(p.key, p.message.split("'")[1]) for p in find("dangling-reference", None, conf)}
    assert got == {("auth", "e-auth"), ("outbound_auth", "e-out"), ("transport", "tcp")}
    conf2 = conf.replace("transport = tcp", "transport = udp") + \
        "[e-auth]\ntype = auth\nusername = e\npassword = p\n[e-out]\ntype = auth\nusername = x\npassword = y\n"
    assert not find("dangling-reference", None, conf2)
    ident = TRANSPORT + "[i]\ntype = identify\nendpoint = nobody\nmatch = 192.0.2.1\n"
    [p] = find("dangling-reference", None, ident)
    assert p.key == "endpoint"


def test_references_across_files():
    # a pjsip.conf identify pointing at a wizard endpoint is fine; a wizard transport must exist
    pj = TRANSPORT + "[trunk-id]\ntype = identify\nendpoint = 1000\nmatch = 192.0.2.1\n"
    assert not find("dangling-reference", phone(), pj)
    [p] = find("dangling-reference", phone().replace("transport = udp", "transport = tls"), pj)
    assert p.key == "transport" and p.section == "1000" and p.line == 9   # inherited: the wizard's line


def test_no_transport_at_all():
    assert find("no-transport", None, "[a]\ntype = aor\ncontact = sip:x\n")
    assert not find("no-transport", None, TRANSPORT)


def test_endpoint_without_aors_codecs_auth():
    conf = TRANSPORT + "[e]\ntype = endpoint\n"
    got = codes(None, conf)
    assert {"endpoint-without-aors", "no-codecs", "unauthenticated-username"} <= got
    ok = conf + "aors = e\nallow = ulaw\nauth = a\n[e]\ntype = aor\nmax_contacts = 1\nremove_existing = yes\n" \
        "[a]\ntype = auth\nusername = e\npassword = p\n"
    assert not codes(None, ok) & {"endpoint-without-aors", "no-codecs", "unauthenticated-username"}


def test_aor_unreachable_and_max_contacts_one():
    assert find("aor-unreachable", None, TRANSPORT + "[a]\ntype = aor\n")
    assert find("max-contacts-one", None, TRANSPORT + "[a]\ntype = aor\nmax_contacts = 1\n")
    assert not find("max-contacts-one", None, TRANSPORT + "[a]\ntype = aor\nmax_contacts = 1\nremove_existing = yes\n")
    assert find("max-contacts-one", phone().replace("aor/remove_existing = yes\n", ""))
    assert not find("max-contacts-one", phone())


def test_same_auth_in_and_out():
    conf = TRANSPORT + ("[e]\ntype = endpoint\naors = e\nallow = ulaw\nauth = a\noutbound_auth = a\n"
                        "[a]\ntype = auth\nusername = e\npassword = p\n")
    assert find("same-auth-in-out", None, conf)
    assert not find("same-auth-in-out", None, conf.replace("outbound_auth = a\n", ""))
    wiz = phone(extra="sends_auth = yes\noutbound_auth/username = 1000\noutbound_auth/password = pw\n")
    assert find("same-auth-in-out", wiz)
    assert not find("same-auth-in-out", wiz.replace("outbound_auth/password = pw", "outbound_auth/password = other"))


def test_shared_aor():
    conf = TRANSPORT + "[e1]\ntype = endpoint\naors = a\n[e2]\ntype = endpoint\naors = a\n[a]\ntype = aor\n"
    assert find("shared-aor", None, conf)[0].severity == "hint"


def test_identify_overlap_name_order_wins():
    conf = TRANSPORT + ("[b-id]\ntype = identify\nendpoint = b\nmatch = 192.0.2.0/24\n"
                        "[a-id]\ntype = identify\nendpoint = a\nmatch = 192.0.2.7\n"
                        "[a]\ntype = endpoint\n[b]\ntype = endpoint\n")
    [p] = find("identify-overlap", None, conf)
    assert p.section == "b-id" and "'a-id'" in p.message
    assert not find("identify-overlap", None, conf.replace("192.0.2.7", "198.51.100.7"))
    # port-specific items on different ports do not overlap
    ports = conf.replace("192.0.2.0/24", "192.0.2.7:5060").replace("match = 192.0.2.7\n", "match = 192.0.2.7:5070\n")
    assert not find("identify-overlap", None, ports)
    # wizard identify vs pjsip.conf identify
    trunk = "[t]\ntype = wizard\nremote_hosts = 192.0.2.7\nendpoint/allow = ulaw\n"
    assert find("identify-overlap", trunk, conf.replace("match = 192.0.2.7\n", "match = 198.51.100.1\n"))


# ------------------------------------------------------------------ wizard rules

def test_wizard_preconditions():
    assert find("wizard-sends-auth-no-username", "[w]\ntype = wizard\nsends_auth = yes\nremote_hosts = h\n")
    assert find("wizard-accepts-auth-no-username", "[w]\ntype = wizard\naccepts_auth = yes\nremote_hosts = 192.0.2.1\n")
    assert find("wizard-identify-no-hosts", "[w]\ntype = wizard\n")
    assert not find("wizard-identify-no-hosts", "[w]\ntype = wizard\naccepts_registrations = yes\n")
    assert find("wizard-sends-registrations-no-hosts", "[w]\ntype = wizard\nsends_registrations = yes\n"
                                                       "accepts_registrations = yes\n")
    ok = ("[w]\ntype = wizard\nsends_auth = yes\nsends_registrations = yes\nremote_hosts = 192.0.2.1\n"
          "outbound_auth/username = u\noutbound_auth/password = p\nendpoint/allow = ulaw\n")
    assert not codes(ok) & {"wizard-sends-auth-no-username", "wizard-sends-registrations-no-hosts",
                            "wizard-identify-no-hosts"}


def test_accepts_registrations_without_max_contacts():
    [p] = find("wizard-registrations-refused", phone().replace("aor/max_contacts = 1\n", ""))
    assert p.severity == "error" and "403" in p.message
    assert find("wizard-registrations-refused", phone(extra="aor/max_contacts = 0\n"))
    assert not find("wizard-registrations-refused", phone())


def test_registrations_without_auth_and_unused_auth():
    w = "[w]\ntype = wizard\naccepts_registrations = yes\naor/max_contacts = 2\ninbound_auth/username = w\n"
    assert find("wizard-registrations-unauthenticated", w)
    assert find("wizard-unused-auth", w)
    assert not codes(phone()) & {"wizard-registrations-unauthenticated", "wizard-unused-auth"}


def test_line_options():
    base = "[w]\ntype = wizard\nremote_hosts = 192.0.2.1\nendpoint/allow = ulaw\n"
    assert find("wizard-line-without-registrations", base + "sends_line_with_registrations = yes\n")
    assert find("wizard-line-options", base + "sends_registrations = yes\nregistration/endpoint = w\n")
    assert not find("wizard-line-options", base + "sends_registrations = yes\nsends_line_with_registrations = yes\n")


def test_overridden_passthrough():
    [p] = find("overridden-by-wizard", phone(extra="endpoint/aors = other\n"))
    assert p.key == "endpoint/aors"
    assert find("overridden-by-wizard", phone(extra="endpoint/transport = tcp\n"))
    assert not find("overridden-by-wizard", phone().replace("transport = udp\n", "") + "endpoint/transport = udp\n")


def test_remote_hosts_items():
    base = "[w]\ntype = wizard\nsends_registrations = yes\nendpoint/allow = ulaw\n"
    for bad in ("192.0.2.1,", "bad host", "sip:192.0.2.1", "192.0.2.1\\;transport=tcp"):
        assert find("wizard-bad-remote-host", base + f"remote_hosts = {bad}\n"), bad
    assert not find("wizard-bad-remote-host", base + "remote_hosts = 192.0.2.1, 192.0.2.2:5070\n")
    assert find("wizard-port-specific-match", base + "remote_hosts = 192.0.2.2:5070\n")[0].severity == "hint"


def test_host_names_with_musl_note_and_resolver():
    base = "[w]\ntype = wizard\nendpoint/allow = ulaw\n"
    [p] = find("host-name", base + "remote_hosts = sip.example.net\n")
    assert "musl" in p.message and p.severity == "warning"
    [p] = find("host-name", base + "remote_hosts = sip.example.net:5060\n")
    assert "musl" not in p.message
    assert not find("host-name", base + "remote_hosts = 192.0.2.1\n")
    never = lambda host, port: None  # noqa: E731
    [p] = find("unresolvable-host", base + "remote_hosts = sip.example.net\n", resolver=never)
    assert p.severity == "error"
    # in pjsip.conf: identify match and URIs
    conf = TRANSPORT + "[i]\ntype = identify\nendpoint = x\nmatch = pbx.example.com\n[x]\ntype = endpoint\n"
    assert find("host-name", None, conf)
    assert find("host-name", None, TRANSPORT + "[a]\ntype = aor\ncontact = sip:pbx.example.com\n")


def test_patterns():
    base = "[w]\ntype = wizard\nremote_hosts = 192.0.2.1,192.0.2.2\nendpoint/allow = ulaw\n"
    assert find("wizard-pattern", base + "contact_pattern = sip:${USERNAME}@${REMOTE_HOST}\n")
    assert find("wizard-pattern", base + "contact_pattern = sip:fixed.example\n")
    assert not find("wizard-pattern", base + "contact_pattern = sip:x@${REMOTE_HOST}\n")
    reg = base + "sends_registrations = yes\nserver_uri_pattern =\n"
    assert find("wizard-empty-uri-pattern", reg)
    assert not find("wizard-empty-uri-pattern", reg + "registration/server_uri = sip:192.0.2.9\n")


def test_collision_with_pjsip_conf():
    pj = TRANSPORT + "[1000]\ntype = aor\nmax_contacts = 1\n"
    got = find("wizard-collision", phone(), pj)
    assert {p.file for p in got} == {"pjsip_wizard.conf", "pjsip.conf"}
    assert not find("wizard-collision", phone(), TRANSPORT + "[1000]\ntype = transport\nbind = 0.0.0.0:5070\n")


def test_duplicate_wizard_and_type_case():
    assert find("wizard-duplicate", phone() + "[1000](phone)\ninbound_auth/username = x\ninbound_auth/password = y\n")
    assert find("not-a-wizard", "[w]\ntype = Wizard\n")
    assert find("not-a-wizard", "[w]\nType = wizard\n")
    assert not find("not-a-wizard", "[w]\nendpoint/type = wizard\naccepts_registrations = yes\n")
    assert find("ignored-in-wizard-file", "[t]\ntype = transport\nbind = 0.0.0.0\n")


def test_phoneprov_wizard():
    pp = phone(extra="has_phoneprov = yes\nphoneprov/MAC = 001122334455\nphoneprov/PROFILE = polycom\n")
    assert not find("phoneprov-invalid", pp, profiles={"polycom"})
    assert find("phoneprov-invalid", pp, profiles={"snom"})
    assert find("phoneprov-invalid", pp.replace("phoneprov/MAC", "phoneprov/mac"))
    assert find("phoneprov-invalid", pp.replace("phoneprov/MAC = 001122334455\n", ""))
    assert find("phoneprov-invalid", pp.replace("transport = udp\n", ""))


def test_hints():
    assert find("wizard-hint", phone(extra="has_hint = yes\n"))
    assert find("wizard-hint", phone(extra="hint_exten = 1000\n"))
    assert find("wizard-hint", phone(extra="has_hint = yes\nhint_exten = 1000\nhint_application = Dial()\n"))
    assert not find("wizard-hint", phone(extra="has_hint = yes\nhint_exten = 1000\nhint_application = Dial(${HINT})\n"))


# ------------------------------------------------------------------ file level

def test_parent_after_child_and_unknown_parent():
    late = "[a](late)\ntype = wizard\n[late](!)\naccepts_registrations = yes\n"
    [p] = find("missing-parent", late)
    assert p.severity == "error" and "move it above" in p.fix and p.line == 1
    [p] = find("missing-parent", "[a](nosuch)\ntype = wizard\n")
    assert "Define [nosuch]" in p.fix
    assert find("missing-append-target", "[a](+)\nx = 1\n")
    assert not find("missing-parent", "[late](!)\naccepts_registrations = yes\n[a](late)\ntype = wizard\n")


def test_exec_and_syntax_errors():
    ps = problems("#exec /bin/make-wizards\n[a]\ntype = wizard\naccepts_registrations = yes\n")
    assert any(p.code == "exec-not-run" and p.severity == "hint" for p in ps)
    assert find("syntax", "[a\ntype = wizard\n")
    assert find("syntax-warning", "[a]\ntype = wizard\nallow ulaw\n")


def test_many_wizards_check_clean_and_recheck_of_one_section_agrees_with_a_full_run():
    # Speed is measured by benchmarks/bench.py; here only what the fast paths return.
    n = 300
    body = PHONE_TPL + "".join(f"[{i}](phone)\ninbound_auth/username = {i}\ninbound_auth/password = p{i}\n"
                               for i in range(n))
    wm = build(parse(body.encode(), "pjsip_wizard.conf"))
    pm = build(parse(TRANSPORT.encode(), "pjsip.conf"))
    from pjtui.pjsip.wizard import expand

    exp = expand(wm, pjsip=pm)
    checker = Checker(wm, pm, expansion=exp)
    ps = checker.run()
    assert not [p for p in ps if p.severity == "error"]
    again = checker.recheck([wm.sections[5]])
    key = lambda p: (p.code, p.file, p.line, p.section, p.message)  # noqa: E731
    assert sorted(map(key, again)) == sorted(map(key, ps))


def test_blank_before_template_list():
    [p] = find("header-space", "[t](!)\ntype = wizard\n[a] (t)\naccepts_registrations = yes\n")
    assert p.line == 3 and "[a](t)" in p.fix
    assert not find("header-space", "[t](!)\ntype = wizard\n[a](t) ; comment (x)\naccepts_registrations = yes\n")


def test_host_names_in_uris_are_hints():
    [p] = find("host-name", phone(extra="endpoint/outbound_proxy = sip:proxy.example.com\\;lr\n"))
    assert p.severity == "hint" and "NAPTR/SRV" in p.message
    ps = find("host-name", None, TRANSPORT + "[r]\ntype = registration\nserver_uri = sip:reg.example.com:5060\n"
                                             "client_uri = sip:me@reg.example.com:5060\n")
    assert {p.key for p in ps} == {"server_uri", "client_uri"}
    assert all(p.severity == "hint" and "musl" not in p.message for p in ps)


def test_rejected_pjsip_conf_is_not_used_for_references():
    broken = "[udp](nosuch)\ntype = transport\nbind = 0.0.0.0\n[e]\ntype = endpoint\naors = missing\n"
    ps = problems(phone(), broken)
    assert not [p for p in ps if p.code == "dangling-reference"]
    assert any(p.code == "no-context" and p.file == "pjsip_wizard.conf" for p in ps)
    assert any(p.code == "missing-parent" and p.file == "pjsip.conf" for p in ps)


def test_register_user_hint():
    [p] = find("register-user", phone(name="1000").replace("inbound_auth/username = 1000", "inbound_auth/username = alice"))
    assert p.severity == "hint" and "'1000'" in p.message and "alice" in p.fix
    assert not find("register-user", phone())


def test_identify_by_that_cannot_match():
    conf = TRANSPORT + ("[e]\ntype = endpoint\naors = e\nallow = ulaw\nidentify_by = ip\nauth = a\n"
                        "[a]\ntype = auth\nusername = e\npassword = p\n")
    [p] = find("unidentifiable-endpoint", None, conf)
    assert p.key == "identify_by"
    assert not find("unidentifiable-endpoint", None, conf + "[i]\ntype = identify\nendpoint = e\nmatch = 192.0.2.1\n")
    au = conf.replace("identify_by = ip", "identify_by = auth_username").replace("username = e", "username = bob")
    assert find("auth-username-mismatch", None, au)
    assert not find("auth-username-mismatch", None, au.replace("username = bob", "username = e"))
    # a wizard phone identified by ip only, without remote_hosts
    assert find("unidentifiable-endpoint", phone(extra="endpoint/identify_by = ip\n"))
    trunk = "[t]\ntype = wizard\nremote_hosts = 192.0.2.1\nendpoint/identify_by = ip\nendpoint/allow = ulaw\n"
    assert not find("unidentifiable-endpoint", trunk)


def test_line_registration_makes_an_endpoint_identifiable():
    # The 'line' identifier runs first and ignores identify_by (pjsip-objects.md §3.1).
    conf = TRANSPORT + ("[e]\ntype = endpoint\naors = e\nallow = ulaw\nidentify_by = ip\n"
                        "[r]\ntype = registration\nserver_uri = sip:192.0.2.9\nclient_uri = sip:me@192.0.2.9\n"
                        "line = yes\nendpoint = e\n")
    assert not find("unidentifiable-endpoint", None, conf)
    assert find("unidentifiable-endpoint", None, conf.replace("line = yes", "line = no"))
    wizard = ("[t]\ntype = wizard\nsends_registrations = yes\nremote_hosts = sip.example.net:5060\n"
              "sends_line_with_registrations = yes\nendpoint/identify_by = ip\nendpoint/allow = ulaw\n")
    assert not find("unidentifiable-endpoint", wizard)


def test_recheck_updates_only_the_edited_section():
    body = PHONE_TPL + "".join(f"[{i}](phone)\ninbound_auth/username = {i}\ninbound_auth/password = p\n"
                               f"aor/max_contacts = 2\n" for i in range(1, 4))
    wm = build(parse(body.encode(), "pjsip_wizard.conf"))
    pm = build(parse(TRANSPORT.encode(), "pjsip.conf"))
    checker = Checker(wm, pm)
    assert not [p for p in checker.run() if p.code == "wizard-registrations-refused"]
    eff = wm.named("2")[0]
    own = [o for o in eff.section.options if o.key == "aor/max_contacts"][0]
    own.value = "0"                 # an in-place refresh of that one section, as an editor would do
    from pjtui.pjsip.wizard import Wizard
    assert Wizard(eff).find("aor/max_contacts").value == "0"
    got = [p for p in checker.recheck([eff]) if p.code == "wizard-registrations-refused"]
    assert [p.section for p in got] == ["2"]


def test_empty_prefix_and_default_outbound_endpoint():
    assert find("empty-prefix", phone(extra="endpoint/ = x\n"))
    g = TRANSPORT + "[global]\ntype = global\ndefault_outbound_endpoint = nobody\n"
    [p] = find("default-outbound-endpoint", None, g)
    assert p.severity == "warning"
    assert not find("default-outbound-endpoint", None, g + "[nobody]\ntype = endpoint\n")


def test_other_asterisk_errors_are_reported_in_its_words():
    # no dedicated check explains this one: the aor rejects a contact that is not a sip: URI
    [p] = find("wizard-error", phone(extra="aor/contact = 192.0.2.1\n"))
    assert p.section == "1000" and p.severity == "error"
    assert "not a sip(s) uri" in p.message


def test_memoised_verdicts_equal_full_checks():
    import random

    rnd = random.Random(7)
    own_choices = ["inbound_auth/username = {n}", "inbound_auth/username = u{n}", "inbound_auth/password = p{n}",
                   "inbound_auth/password =", "hint_exten = {n}", "has_hint = yes", "endpoint/callerid = A <{n}>",
                   "aor/max_contacts = 1", "aor/max_contacts = 0", "remote_hosts = 192.0.2.{n}",
                   "endpoint/context = c{n}", "sends_registrations = yes", "endpoint/identify_by = ip",
                   "transport = tls", "outbound_auth/username = o{n}", "hint_application = Dial()"]
    body = PHONE_TPL + "[bare](!)\ntype = wizard\n"
    for n in range(300):
        tpl = rnd.choice(["phone", "bare"])
        lines = rnd.sample(own_choices, rnd.randint(0, 4))
        body += f"[{n}]({tpl})\n" + "".join(x.format(n=n % 7) + "\n" for x in lines)
    wm = build(parse(body.encode(), "pjsip_wizard.conf"))
    pm = build(parse(TRANSPORT.encode(), "pjsip.conf"))
    fast = [p.format() for p in Checker(wm, pm).run()]
    slow = [p.format() for p in Checker(wm, pm, memo=False).run()]
    assert fast == slow and len(fast) > 100


CLEAN_WIZARD = """\
[phone](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
has_hint = yes
endpoint/allow = !all,ulaw,g722
endpoint/context = office
aor/max_contacts = 1
aor/remove_existing = yes
transport = udp

[2001](phone)
inbound_auth/username = 2001
inbound_auth/password = s3cret
hint_exten = 2001

[2002](phone)
inbound_auth/username = 2002
inbound_auth/password = s3cret2
hint_exten = 2002
has_phoneprov = yes
phoneprov/MAC = 001122334455
phoneprov/PROFILE = polycom

[carrier](!)
type = wizard
sends_auth = yes
sends_registrations = yes
endpoint/allow = ulaw
endpoint/identify_by = ip
endpoint/context = from-carrier
transport = udp

[carrier-a](carrier)
remote_hosts = 198.51.100.10
outbound_auth/username = acct
outbound_auth/password = pw
"""
CLEAN_PJSIP = """\
[global]
type = global
endpoint_identifier_order = ip,username,anonymous

[udp]
type = transport
protocol = udp
bind = 0.0.0.0:5060

[tcp]
type = transport
protocol = tcp
bind = 0.0.0.0:5060

[pbx2]
type = endpoint
aors = pbx2
allow = ulaw
identify_by = ip
outbound_auth = pbx2-out
transport = tcp

[pbx2]
type = aor
contact = sip:192.0.2.20:5060

[pbx2-out]
type = auth
username = office
password = x

[pbx2]
type = identify
endpoint = pbx2
match = 192.0.2.20

[pbx2-reg]
type = registration
server_uri = sip:192.0.2.20
client_uri = sip:office@192.0.2.20
outbound_auth = pbx2-out
transport = tcp

[sales]
type = resource_list
event = presence
list_item = 2001,2002

[example.org]
type = domain_alias
domain = example.com

[lan]
type = acl
permit = 192.0.2.0/24
"""


def test_a_clean_realistic_configuration_triggers_nothing():
    ps = problems(CLEAN_WIZARD, CLEAN_PJSIP, profiles={"polycom"})
    bad = [p.format() for p in ps if p.severity != "hint"]
    assert bad == []
    assert {p.code for p in ps} <= {"wizard-port-specific-match"}


def test_inherited_bad_line_is_an_error_on_every_wizard_using_it():
    wiz = PHONE_TPL.replace("endpoint/allow = ulaw", "endpoint/allow = ulaw\nendpoint/dirct_media = no")
    wiz += "".join(f"[{n}](phone)\ninbound_auth/username = {n}\ninbound_auth/password = p\n" for n in (1, 2))
    errs = [p for p in problems(wiz) if p.severity == "error"]
    assert {(p.section, p.code) for p in errs} == {("phone", "unknown-option"), ("1", "unknown-option"),
                                                   ("2", "unknown-option")}
    on_wizard = [p for p in errs if p.section == "1"][0]
    assert "inherits endpoint/dirct_media" in on_wizard.message and on_wizard.line == 10
    assert on_wizard.message.endswith("named 'dirct_media'.")


def test_same_address_with_and_without_port_is_an_overlap_not_a_crash():
    # sorting the identify ranges compared a missing port with a port (TypeError)
    w = (b"[t](!)\ntype = wizard\nendpoint/allow = ulaw\n[a](t)\nremote_hosts = 192.0.2.1:5060\n"
         b"[b](t)\nremote_hosts = 192.0.2.1\n")
    probs = Checker(wizard=build(parse(w, "pjsip_wizard.conf"))).run()
    overlap = [p for p in probs if p.code == "identify-overlap"]
    assert len(overlap) == 1 and overlap[0].section == "b" and "identify 'a-identify'" in overlap[0].message


def test_unused_auth_names_the_whole_line_key():
    """The editor finds the field by the problem's key: the line's own key, prefix and all."""
    [p] = find("wizard-unused-auth", "[t](!)\ntype = wizard\nremote_hosts = 192.0.2.1\n"
                                     "inbound_auth/password = p\n[a](t)\n")
    assert p.key == "inbound_auth/password" and p.section == "a"
