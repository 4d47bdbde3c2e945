"""pjtui check / show / get / set / unset: output, exit status, minimal diffs, clear errors."""

from __future__ import annotations

import json
import os

import pytest

from pjtui.cli import main

WIZARD = """\
; phones
[phone](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
endpoint/allow = ulaw
endpoint/allow = g722
aor/max_contacts = 1
aor/remove_existing = yes
transport = udp

[1000](phone)
inbound_auth/username = 1000
inbound_auth/password = secret   ; keep this comment
endpoint/context = office
"""
PJSIP = """\
[udp]
type = transport
protocol = udp
bind = 0.0.0.0

[6001]
type = endpoint
aors = 6001
allow = ulaw
auth = 6001

[6001]
type = aor
max_contacts = 1
remove_existing = yes

[6001]
type = auth
username = 6001
password = pw
"""


@pytest.fixture
def conf(tmp_path):
    (tmp_path / "pjsip_wizard.conf").write_text(WIZARD)
    (tmp_path / "pjsip.conf").write_text(PJSIP)
    return tmp_path


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ check

def test_check_clean_files_exit_0(conf, capsys):
    code, out, err = run(capsys, "check", conf / "pjsip_wizard.conf", conf / "pjsip.conf")
    assert code == 0, out
    assert "0 error(s)" in err


def test_check_errors_exit_1_with_file_line_format(conf, capsys):
    (conf / "pjsip_wizard.conf").write_text(WIZARD + "endpoint/dtmf_mode = rfc2833\nsends_registration = yes\n")
    code, out, err = run(capsys, "check", conf / "pjsip_wizard.conf")
    assert code == 1
    lines = out.splitlines()
    path = str(conf / "pjsip_wizard.conf")
    assert f"{path}:16: error bad-value: [1000] endpoint/dtmf_mode = rfc2833:" in out
    assert any(ln.startswith(f"{path}:17: error unknown-option: [1000] 'sends_registration'") for ln in lines)
    assert "Did you mean 'sends_registrations'" in out


def test_check_reads_pjsip_conf_beside_and_pjsip_override(conf, capsys, tmp_path):
    (conf / "pjsip_wizard.conf").write_text(WIZARD.replace("transport = udp", "transport = tls"))
    code, out, _ = run(capsys, "check", conf / "pjsip_wizard.conf")
    assert code == 1 and "dangling-reference" in out and "'tls'" in out
    other = tmp_path / "other-pjsip.conf"
    other.write_text("[tls]\ntype = transport\nprotocol = tls\nbind = 0.0.0.0\n")
    code, out, _ = run(capsys, "check", conf / "pjsip_wizard.conf", "--pjsip", other)
    assert code == 0, out


def test_check_without_context_says_so(tmp_path, capsys):
    (tmp_path / "pjsip_wizard.conf").write_text(WIZARD)
    code, out, _ = run(capsys, "check", tmp_path / "pjsip_wizard.conf")
    assert code == 0 and "hint no-context" in out


def test_check_pjsip_conf_sees_wizard_beside(conf, capsys):
    (conf / "pjsip.conf").write_text(PJSIP + "[1000]\ntype = aor\nmax_contacts = 1\nremove_existing = yes\n")
    code, out, _ = run(capsys, "check", conf / "pjsip.conf")
    assert code == 1 and "wizard-collision" in out and "pjsip_wizard.conf" not in out.split(":", 1)[0]


def test_check_json(conf, capsys):
    (conf / "pjsip_wizard.conf").write_text(WIZARD + "Endpoint/language = fr\n")
    code, out, _ = run(capsys, "check", "--json", conf / "pjsip_wizard.conf")
    data = json.loads(out)
    assert code == 1 and data["errors"] == 1
    [p] = [p for p in data["problems"] if p["severity"] == "error"]
    assert p["code"] == "prefix-case" and p["line"] == 16 and p["section"] == "1000" and p["fix"]


def test_check_unreadable_file_exit_2(tmp_path, capsys):
    code, out, err = run(capsys, "check", tmp_path / "missing.conf")
    assert code == 2 and "no such file" in err and "Traceback" not in err
    code, _, err = run(capsys, "check", tmp_path)
    assert code == 2 and "directory" in err


def test_check_binary_garbage_is_not_a_traceback(tmp_path, capsys):
    f = tmp_path / "pjsip_wizard.conf"
    f.write_bytes(b"\x00\xff[\n\xfe=\x01\n[a](nope\n")
    code, out, err = run(capsys, "check", f)
    assert code == 1 and "error syntax" in out


# ------------------------------------------------------------------ show

def test_show_provenance(conf, capsys):
    code, out, _ = run(capsys, "show", conf / "pjsip_wizard.conf", "1000")
    assert code == 0
    assert "accepts_auth = yes" in out and "template [phone] line 4" in out
    assert "inbound_auth/username = 1000" in out and "; line 13" in out
    assert "sends_auth = no" in out and "default" in out


def test_show_masks_passwords_unless_asked(conf, capsys):
    code, out, _ = run(capsys, "show", conf / "pjsip_wizard.conf", "1000")
    line = next(l for l in out.splitlines() if "inbound_auth/password" in l)
    assert code == 0 and "********" in line and "= secret" not in out
    code, out, _ = run(capsys, "show", "--json", conf / "pjsip_wizard.conf", "1000")
    assert '"secret"' not in out
    code, out, _ = run(capsys, "show", "--show-secrets", conf / "pjsip_wizard.conf", "1000")
    assert "inbound_auth/password = secret" in out


def test_show_json_and_overridden(conf, capsys):
    (conf / "pjsip_wizard.conf").write_text(WIZARD + "endpoint/context = sales\n")
    code, out, _ = run(capsys, "show", "--json", conf / "pjsip_wizard.conf", "1000")
    data = json.loads(out)
    ctx = [r for r in data["values"] if r["key"] == "endpoint/context"]
    assert ctx[0]["overridden_by_line"] == 16 and ctx[1]["overridden_by_line"] is None
    assert data["kind"] == "wizard" and data["parents"] == ["phone"]


def test_show_same_name_needs_type(conf, capsys):
    code, _, err = run(capsys, "show", conf / "pjsip.conf", "6001")
    assert code == 2 and "--type endpoint" in err
    code, out, _ = run(capsys, "show", conf / "pjsip.conf", "6001", "--type", "aor")
    assert code == 0 and "max_contacts = 1" in out and "aors" not in out
    code, _, err = run(capsys, "show", conf / "pjsip.conf", "600")
    assert code == 2 and "did you mean" in err


# ------------------------------------------------------------------ get / set / unset

def test_get(conf, capsys):
    code, out, _ = run(capsys, "get", conf / "pjsip_wizard.conf", "1000", "endpoint/context")
    assert (code, out) == (0, "office\n")
    code, out, _ = run(capsys, "get", conf / "pjsip_wizard.conf", "1000", "endpoint/allow")
    assert (code, out) == (0, "ulaw\ng722\n")          # accumulating: every line
    code, out, err = run(capsys, "get", conf / "pjsip_wizard.conf", "1000", "endpoint/language")
    assert code == 1 and out == "" and "not set" in err
    code, out, _ = run(capsys, "get", conf / "pjsip.conf", "6001", "max_contacts", "--type", "aor")
    assert (code, out) == (0, "1\n")
    code, _, _ = run(capsys, "get", conf / "pjsip_wizard.conf", "1000", "Endpoint/context")
    assert code == 1                                    # prefixes are case-sensitive


def test_set_changes_only_its_line(conf, capsys):
    path = conf / "pjsip_wizard.conf"
    code, out, _ = run(capsys, "set", path, "1000", "inbound_auth/password", "n3w;pw")
    assert code == 0
    new = path.read_text()
    assert new == WIZARD.replace("inbound_auth/password = secret   ; keep",
                                 "inbound_auth/password = n3w\\;pw   ; keep")
    assert (conf / "pjsip_wizard.conf.bak").read_text() == WIZARD
    # issue 17.7: passwords are masked unless asked for
    code, out, _ = run(capsys, "get", path, "1000", "inbound_auth/password", "--show-secrets")
    assert out == "n3w;pw\n"


def test_set_adds_a_line_when_inherited_or_absent(conf, capsys):
    path = conf / "pjsip_wizard.conf"
    mode = 0o640
    os.chmod(path, mode)
    code, _, _ = run(capsys, "set", path, "1000", "accepts_registrations", "no", "--backup", "none")
    assert code == 0
    assert path.read_text() == WIZARD + "accepts_registrations = no\n"
    assert os.stat(path).st_mode & 0o777 == mode and not (conf / "pjsip_wizard.conf.bak").exists()


def test_set_refuses_bad_values_unless_forced(conf, capsys):
    path = conf / "pjsip.conf"
    code, _, err = run(capsys, "set", path, "6001", "max_contacts", "many", "--type", "aor")
    assert code == 1 and "--force" in err and path.read_text() == PJSIP
    code, _, _ = run(capsys, "set", path, "6001", "max_contacts", "many", "--type", "aor", "--force")
    assert code == 0 and "max_contacts = many" in path.read_text()


def test_set_same_name_and_refused_values(conf, capsys):
    path = conf / "pjsip.conf"
    code, _, err = run(capsys, "set", path, "6001", "context", "x")
    assert code == 2 and "--type" in err
    code, _, err = run(capsys, "set", path, "6001", "context", " padded", "--type", "endpoint")
    assert code == 2 and "blanks" in err and "Traceback" not in err
    assert path.read_text() == PJSIP
    code, _, _ = run(capsys, "set", path, "6001", "context", "internal", "--type", "endpoint")
    assert code == 0
    assert path.read_text() == PJSIP.replace("auth = 6001\n", "auth = 6001\ncontext = internal\n", 1)


def test_set_refuses_ambiguous_accumulating_lines(conf, capsys):
    path = conf / "pjsip_wizard.conf"
    code, _, err = run(capsys, "set", path, "phone", "endpoint/allow", "alaw")
    assert code == 2 and "unset" in err


def test_unset(conf, capsys):
    path = conf / "pjsip_wizard.conf"
    code, _, _ = run(capsys, "unset", path, "1000", "endpoint/context", "--backup", "none")
    assert code == 0 and path.read_text() == WIZARD.replace("endpoint/context = office\n", "")
    code, _, err = run(capsys, "unset", path, "1000", "endpoint/context")
    assert code == 1 and "not set" in err
    code, _, err = run(capsys, "unset", path, "1000", "accepts_auth")
    assert code == 1 and "[phone]" in err           # inherited: says where to change it
    code, _, _ = run(capsys, "unset", path, "phone", "endpoint/allow", "--backup", "none")
    assert code == 0 and "endpoint/allow" not in path.read_text()


def test_edit_detects_unwritable_directory(conf, capsys):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    os.chmod(conf, 0o500)
    try:
        code, _, err = run(capsys, "set", conf / "pjsip_wizard.conf", "1000", "endpoint/context", "x")
        assert code == 2 and "Traceback" not in err
    finally:
        os.chmod(conf, 0o700)


def test_check_codes_and_no_file(capsys):
    code, out, _ = run(capsys, "check", "--codes")
    assert code == 0 and "wizard-registrations-refused" in out and "Z7" in out
    code, _, err = run(capsys, "check")
    assert code == 2 and "name at least one FILE" in err


def test_two_wizards_of_one_name_are_not_called_rejected(tmp_path, capsys):
    # golden f30: the second wizard replaces the first one's objects; only pjsip.conf
    # objects of one name and type are rejected. get/set said "Asterisk rejects duplicates".
    path = tmp_path / "pjsip_wizard.conf"
    path.write_text("[a]\ntype=wizard\n\n[a]\ntype=wizard\naccepts_registrations=yes\n")
    code, _, err = run(capsys, "get", str(path), "a", "endpoint/context")
    assert code == 2 and "rejects" not in err
    assert "have the same type: the wizard on line 4 replaces" in err and "[a](+)" in err
    pj = tmp_path / "pjsip.conf"
    pj.write_text("[x]\ntype=aor\n\n[x]\ntype=aor\n")
    code, _, err = run(capsys, "get", str(pj), "x", "max_contacts")
    assert code == 2 and "rejects" in err


def test_unset_across_files_says_which_are_already_saved_when_a_later_save_fails(tmp_path, capsys, monkeypatch):
    from pjtui.commands import values

    (tmp_path / "more.conf").write_text("[1000]\ntype = wizard\nendpoint/context = office\n")
    main_file = tmp_path / "pjsip_wizard.conf"
    main_file.write_text("#include more.conf\n[1000](+)\nendpoint/context = extra\n")
    real = values._save
    calls = []

    def second_fails(doc, data, original, backup):
        calls.append(doc.name)
        if len(calls) == 2:
            raise values.CommandError(f"{doc.name}: cannot write (disk full)")
        real(doc, data, original, backup)

    monkeypatch.setattr(values, "_save", second_fails)
    code, _, err = run(capsys, "unset", main_file, "1000", "endpoint/context")
    assert code != 0 and len(calls) == 2
    first = calls[0]
    assert "cannot write (disk full)" in err and f"but {first} already saved without endpoint/context" in err
    assert "backup" in err and "unchanged" not in err
