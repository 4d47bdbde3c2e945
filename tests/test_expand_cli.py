"""``pjtui expand``: output, --json, stderr, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pjtui.cli import main
from pjtui.conf import parse
from pjtui.pjsip.model import build

ROOT = Path(__file__).resolve().parents[1]

PHONE = """
[phone](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
transport = udp
aor/max_contacts = 1
has_hint = yes
hint_exten = 1000
hint_application = Dial(PJSIP/myphone)

[myphone](phone)
inbound_auth/username = myphone
inbound_auth/password = pw\\;x
endpoint/context = default
"""


def write(tmp_path: Path, text: str, name: str = "pjsip_wizard.conf") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip("\n"))
    return p


def run(capsys, *argv):
    rc = main(["expand", *map(str, argv)])
    out, err = capsys.readouterr()
    return rc, out, err


def test_plain_output_is_a_pjsip_conf_in_export_order(tmp_path, capsys):
    # the expansion as written, password included (issue 17.7: masked unless asked for)
    rc, out, err = run(capsys, write(tmp_path, PHONE), "--show-secrets")
    assert rc == 0 and err == ""
    assert out == textwrap.dedent("""\
        [myphone-iauth]
        type = auth
        username = myphone
        password = pw\\;x
        @pjsip_wizard = myphone
        auth_type = userpass

        [myphone]
        type = endpoint
        context = default
        @pjsip_wizard = myphone
        aors = myphone
        @hint_context = default
        @hint_exten = 1000
        transport = udp
        auth = myphone-iauth

        [myphone]
        type = aor
        max_contacts = 1
        @pjsip_wizard = myphone

        ; hint 1000@default => PJSIP/myphone
        ; hint 1000@default,1 => Dial(PJSIP/myphone)
        """)
    # and it really is a config file: reading it back gives the same values
    back = build(parse(out.encode(), "out.conf"))
    assert back.named("myphone-iauth")[0].value("password") == "pw;x"
    assert [e.object_type for e in back.sections] == ["auth", "endpoint", "aor"]


def test_errors_go_to_stderr_with_status_1(tmp_path, capsys):
    f = write(tmp_path, """
        [x]
        type = wizard
        endpoint/context = internal
        """)
    rc, out, err = run(capsys, f)
    assert rc == 1
    assert err.splitlines() == [    # each line names the wizard's file:line (issue 11)
        f"{f}:1: ERROR: res_pjsip_config_wizard.c: Wizard 'x' must have 'remote_hosts' if it doesn't accept "
        "registrations.",
        f"{f}:1: ERROR: res_pjsip_config_wizard.c: Unable to create objects for wizard 'x'",
    ]
    # the endpoint and aor are still made
    assert "[x]\ntype = endpoint\ncontext = internal\n" in out
    assert "[x]\ntype = aor\n" in out
    assert "identify" not in out


def test_sends_auth_without_username_keeps_endpoint_and_aor_but_no_auths(tmp_path, capsys):
    f = write(tmp_path, """
        [t]
        type = wizard
        sends_auth = yes
        accepts_auth = yes
        accepts_registrations = yes
        inbound_auth/username = u
        inbound_auth/password = p
        """)
    rc, out, err = run(capsys, f)
    assert rc == 1
    assert "Wizard 't' must have 'outbound_auth/username' if it sends_auth." in err
    assert "type = auth" not in out
    assert "outbound_auth = t-oauth" in out and "auth = t-iauth" in out


def test_rejected_file_prints_nothing_and_fails(tmp_path, capsys):
    f = write(tmp_path, """
        [a](missing)
        type = wizard
        """)
    rc, out, err = run(capsys, f)
    assert rc == 1 and out == ""
    assert f"Inheritance requested, but category 'missing' does not exist, line 1 of {f}" in err
    assert "Contents of config file 'pjsip_wizard.conf' are invalid and cannot be parsed" in err


def test_json_has_provenance(tmp_path, capsys):
    rc, out, err = run(capsys, write(tmp_path, PHONE), "--json")
    assert rc == 0
    data = json.loads(out)
    assert [(o["type"], o["name"]) for o in data["objects"]] == [
        ("auth", "myphone-iauth"), ("endpoint", "myphone"), ("aor", "myphone")]
    ep = data["objects"][1]["params"]
    ctx = ep[0]
    assert ctx["key"] == "context" and ctx["source"]["kind"] == "line"
    assert ctx["source"]["from"][0]["line"] == 14 and ctx["source"]["from"][0]["section"] == "myphone"
    transport = next(p for p in ep if p["key"] == "transport")
    assert transport["source"]["kind"] == "wizard"
    assert transport["source"]["from"][0]["section"] == "phone"       # written in the template
    assert transport["source"]["from"][0]["line"] == 5
    assert transport["source"]["from"][0]["origin"] == "template"
    assert transport["source"]["from"][0]["via"] == "phone"
    assert ctx["source"]["from"][0]["origin"] == "own"
    aor = data["objects"][2]["params"]
    assert aor[0]["source"]["from"][0]["text"] == "aor/max_contacts = 1"
    assert data["hints"] == [{"exten": "1000", "context": "default", "device": "PJSIP/myphone",
                              "application": "Dial(PJSIP/myphone)", "wizard": "myphone"}]
    assert data["errors"] == []


def test_json_errors_name_the_line(tmp_path, capsys):
    f = write(tmp_path, """
        [p]
        type = wizard
        accepts_registrations = yes
        has_phoneprov = yes
        """)
    rc, out, err = run(capsys, f, "--json")
    assert rc == 1
    errors = json.loads(out)["errors"]
    assert errors[0]["message"] == "Wizard 'p' must have 'phoneprov/MAC' if it has_phoneprov."
    assert errors[0]["line"] == 4


def test_pjsip_conf_hides_same_named_objects(tmp_path, capsys):
    wiz = write(tmp_path, """
        [trunk]
        type = wizard
        accepts_registrations = yes
        """)
    pj = write(tmp_path, """
        [trunk]
        type = aor
        max_contacts = 5
        """, "pjsip.conf")
    rc, out, err = run(capsys, wiz, "--pjsip", pj)
    assert rc == 0
    assert "type = endpoint" in out and "type = aor" not in out


@pytest.mark.parametrize("kind", ["missing", "directory", "unreadable"])
def test_unreadable_file_exits_2_without_traceback(tmp_path, capsys, kind):
    if kind == "missing":
        target = tmp_path / "nope.conf"
    elif kind == "directory":
        target = tmp_path
    else:
        if os.geteuid() == 0:
            pytest.skip("root can read anything")
        target = write(tmp_path, "[a]\n")
        target.chmod(0)
    rc, out, err = run(capsys, target)
    assert rc == 2 and out == ""
    assert str(target) in err and "Traceback" not in err


def test_unreadable_pjsip_conf_exits_2(tmp_path, capsys):
    rc, out, err = run(capsys, write(tmp_path, PHONE), "--pjsip", tmp_path / "missing.conf")
    assert rc == 2 and "missing.conf" in err


def test_runs_as_a_real_command(tmp_path):
    f = write(tmp_path, PHONE)
    proc = subprocess.run([sys.executable, "-m", "pjtui.cli", "expand", str(f)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("[myphone-iauth]\ntype = auth\n")


def test_replaced_parameters_are_comments_and_marked_in_json(tmp_path, capsys):
    f = write(tmp_path, """
        [7101]
        type = wizard
        accepts_registrations = yes
        endpoint/aors = shared-aor
        endpoint/allow = ulaw
        endpoint/allow = g722
        """)
    rc, out, err = run(capsys, f)
    assert rc == 0
    assert "; aors = shared-aor   (replaced by a later line)\n" in out
    assert "\nallow = ulaw\nallow = g722\n" in out          # codec lines add up: both stay
    assert "\naors = 7101\n" in out
    rc, out, err = run(capsys, f, "--json")
    ep = json.loads(out)["objects"][0]["params"]
    assert [(p["key"], p["value"], p["overridden"]) for p in ep] == [
        ("aors", "shared-aor", True), ("allow", "ulaw", False), ("allow", "g722", False),
        ("@pjsip_wizard", "7101", False), ("aors", "7101", False)]


def test_includes_are_followed_and_exec_is_reported_not_run(tmp_path, capsys):
    write(tmp_path, """
        [inc](!)
        type = wizard
        accepts_registrations = yes
        """, "templates.conf")
    marker = tmp_path / "ran"
    f = write(tmp_path, f"""
        #include templates.conf
        #exec /bin/touch {marker}
        [9000](inc)
        """)
    rc, out, err = run(capsys, f)
    assert rc == 0 and not marker.exists()
    assert "[9000]\ntype = endpoint\n" in out
    assert "#exec is never run" in err
