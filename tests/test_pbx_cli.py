"""``pjtui apply`` and ``pjtui status`` against a fake ``asterisk`` program (tests/fake_asterisk.py,
written into tmp_path as an executable) that replays tests/data/asterisk; plus an end-to-end
run against a real Asterisk when one is on PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pjtui.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "asterisk"


class Fake:
    def __init__(self, path: Path, state: Path):
        self.path = path
        self.state = state

    def calls(self) -> list[list[str]]:
        log = self.state / "calls.jsonl"
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def commands(self) -> list[str]:
        return [argv[argv.index("-rx") + 1] for argv in self.calls()]


@pytest.fixture
def fake(tmp_path, monkeypatch) -> Fake:
    """``tmp_path/bin/asterisk``: the replaying fake, and a private config directory."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "asterisk"
    program.write_text(f"#!{sys.executable}\n" + (ROOT / "tests" / "fake_asterisk.py").read_text())
    program.chmod(0o755)
    state = tmp_path / "fake-state"
    state.mkdir()
    monkeypatch.setenv("FAKE_ASTERISK_STATE", str(state))
    monkeypatch.setenv("FAKE_ASTERISK_DATA", str(DATA))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("MODE", "VARIANT", "EXPORT", "EXPORT_AFTER", "LOG", "RELOAD_LOG", "SOCKET"):
        monkeypatch.delenv(f"FAKE_ASTERISK_{name}", raising=False)
    return Fake(program, state)


@pytest.fixture
def etc(tmp_path) -> Path:
    """A config directory with seed-example and the golden README's generated pjsip.conf."""
    from test_wizard_golden import ORACLE_PJSIP

    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "pjsip.conf").write_bytes(ORACLE_PJSIP)
    (folder / "pjsip_wizard.conf").write_bytes((DATA / "seed-pjsip_wizard.conf").read_bytes())
    (folder / "logger.conf").write_text(f"[logfiles]\n{tmp_path / 'log' / 'messages.log'} => notice,warning,error\n")
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "messages.log").write_text((DATA / "messages-before.log").read_text())
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# ------------------------------------------------------------------ the test double itself
@pytest.mark.parametrize("command, name", [
    ("core show version", "core_show_version.txt"), ("pjsip show endpoints", "pjsip_show_endpoints.txt"),
    ("pjsip show contacts", "pjsip_show_contacts.txt"), ("pjsip show aors", "pjsip_show_aors.txt"),
    ("pjsip show transports", "pjsip_show_transports.txt"),
    ("module reload res_pjsip.so", "module_reload_res_pjsip.so.txt"),
])
def test_fake_replays_each_transcript_byte_for_byte(fake, command, name):
    done = subprocess.run([str(fake.path), "-rx", command], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, (DATA / name).read_text(), "")
    assert fake.calls() == [["-rx", command]]


def test_fake_writes_the_export_transcript(fake, tmp_path):
    target = tmp_path / "out.conf"
    done = subprocess.run([str(fake.path), "-rx", f"pjsip export config_wizard primitives to {target}"],
                          capture_output=True, text=True, timeout=30)
    assert done.stdout == f"Wrote configuration to {target}\n"
    assert target.read_bytes() == (DATA / "pjsip_export_config_wizard_primitives.conf").read_bytes()


def test_fake_not_running_is_asterisks_message(fake, monkeypatch):
    monkeypatch.setenv("FAKE_ASTERISK_MODE", "not-running")
    done = subprocess.run([str(fake.path), "-rx", "core show version"], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", (DATA / "not-running.stderr").read_text())


# ------------------------------------------------------------------ status
def test_status_live_state_and_no_drift(fake, etc, capsys):
    code, out, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Asterisk GIT-master-f0c1c1a7b7"
    assert lines[1].startswith("drift: none")
    assert "endpoint 6001        registered   sip:6001@192.168.1.50:5060;ob (registered, not qualified)" in lines
    assert "endpoint trunk-6003  reachable    sip:192.168.1.1 (not qualified)" in lines
    assert fake.commands()[0] == "core show version"
    assert all(c in ("core show version", "pjsip show endpoints", "pjsip show contacts")
               or c.startswith("pjsip export config_wizard primitives to /") for c in fake.commands())
    assert "module reload res_pjsip.so" not in fake.commands()      # status never reloads


def test_status_json_unregistered(fake, etc, capsys, monkeypatch):
    monkeypatch.setenv("FAKE_ASTERISK_VARIANT", "-unregistered")
    code, out, _ = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["drift"]["clean"] is True
    states = {e["endpoint"]: (e["summary"], [c["status"] for c in e["contacts"]]) for e in data["endpoints"]}
    assert states == {"6001": ("unavailable", []), "trunk-6003": ("unavailable", ["unavailable"])}


def test_status_shows_drift_of_an_edit_not_reloaded(fake, etc, capsys):
    wizard = etc / "pjsip_wizard.conf"
    text = wizard.read_text().replace("[6001](user)\n", "[6001](user)\naor/max_contacts = 2\n", 1)
    wizard.write_text(text + "\n[6002](user)\ninbound_auth/username = 6002\ninbound_auth/password = 6002\n")
    code, out, _ = run(capsys, "status", str(wizard), "--asterisk", str(fake.path))
    assert code == 1
    assert "missing: endpoint 6002 (pjtui expects it; Asterisk did not load it)" in out
    assert "differs: aor 6001: max_contacts = 2 in the files, 5 loaded" in out
    assert "endpoint 6002        not loaded" in out


def test_status_deleted_on_disk_still_loaded(fake, etc, capsys):
    wizard = etc / "pjsip_wizard.conf"
    wizard.write_text(wizard.read_text().split("[trunk](!)")[0])
    code, out, _ = run(capsys, "status", str(wizard), "--asterisk", str(fake.path))
    assert code == 1
    assert "extra: registration trunk-6003-reg-0 (Asterisk has it loaded; the files no longer make it)" in out
    assert "loaded by Asterisk, not defined in the files" in out


def test_asterisk_command_from_config_toml(fake, etc, capsys, tmp_path):
    config = tmp_path / "config" / "pjtui"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'asterisk_command = "{fake.path} -C /etc/asterisk/asterisk.conf"\n')
    code, _, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"))
    assert code == 0, err
    assert fake.calls()[0] == ["-C", "/etc/asterisk/asterisk.conf", "-rx", "core show version"]
    # --asterisk wins over the file
    (fake.state / "calls.jsonl").unlink()
    code, _, _ = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert fake.calls()[0] == ["-rx", "core show version"]


def test_bad_asterisk_command_in_config_toml(fake, etc, capsys, tmp_path, monkeypatch):
    config = tmp_path / "config" / "pjtui"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("theme = \"x\"\nasterisk_command = 5\n")
    code, _, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 0          # --asterisk given: the file's value is not even read
    monkeypatch.setenv("PATH", f"{fake.path.parent}{os.pathsep}{os.environ['PATH']}")   # the default: asterisk
    code, _, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"))
    assert code == 0
    assert "config.toml:2: asterisk_command must be a command in quotes" in err


# ------------------------------------------------------------------ bad cases: a message, no traceback
@pytest.mark.parametrize("mode, words", [
    ("not-running", "Asterisk is not running: its control socket"),
    ("no-export", "load res_pjsip_config_wizard.so"),
    ("unwritten-export", "Asterisk did not write the export to"),
])
def test_status_bad_cases(fake, etc, capsys, monkeypatch, mode, words):
    monkeypatch.setenv("FAKE_ASTERISK_MODE", mode)
    code, out, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 2 and words in err and err.startswith("pjtui status: ")
    assert out == ""


def test_permission_denied_on_the_socket(fake, etc, capsys, monkeypatch, tmp_path):
    sock = tmp_path / "asterisk.ctl"
    sock.write_text("")
    sock.chmod(0)
    monkeypatch.setenv("FAKE_ASTERISK_MODE", "permission")
    monkeypatch.setenv("FAKE_ASTERISK_SOCKET", str(sock))
    if os.geteuid() == 0:        # root opens anything; answer access() as for an ordinary admin
        real = os.access
        monkeypatch.setattr("pjtui.pbx.asterisk.os.access", lambda p, m: False if p == str(sock) else real(p, m))
    code, _, err = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 2
    assert "run as the asterisk user or set asterisk_command = sudo asterisk" in err


def test_timeout(fake, etc, capsys, monkeypatch):
    monkeypatch.setenv("FAKE_ASTERISK_MODE", "hang")
    code, _, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path),
                       "--timeout", "0.5")
    assert code == 2 and "no answer after 0.5 s" in err


def test_program_not_found(etc, capsys, tmp_path):
    code, _, err = run(capsys, "status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(tmp_path / "nope"))
    assert code == 2 and "program not found" in err


def test_unreadable_file(fake, capsys, tmp_path):
    code, _, err = run(capsys, "status", str(tmp_path / "missing.conf"), "--asterisk", str(fake.path))
    assert code == 2 and err.startswith("pjtui status: cannot read")
    assert fake.calls() == []


# ------------------------------------------------------------------ apply
def test_apply_reloads_and_verifies(fake, etc, capsys):
    code, out, err = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 0, out + err
    commands = fake.commands()
    assert commands[:2] == ["pjsip show transports", "module reload res_pjsip.so"]
    assert commands[2].startswith("pjsip export config_wizard primitives to /")
    assert "sent: module reload res_pjsip.so  ->  Module 'res_pjsip.so' reloaded successfully." in out
    assert "loaded: 8 object(s), as pjtui expands" in out
    assert "warning/error" not in out            # the log's older lines are not this reload's


def test_apply_refuses_on_check_errors_and_sends_nothing(fake, etc, capsys):
    wizard = etc / "pjsip_wizard.conf"
    wizard.write_bytes((DATA / "f25-pjsip_wizard.conf").read_bytes())
    code, out, err = run(capsys, "apply", str(wizard), "--asterisk", str(fake.path))
    assert code == 1
    assert "nothing was sent to Asterisk" in err and "--force" in err
    assert fake.calls() == []


def test_apply_force_shows_the_errors_asterisk_logged(fake, etc, capsys, monkeypatch, tmp_path):
    wizard = etc / "pjsip_wizard.conf"
    wizard.write_bytes((DATA / "f25-pjsip_wizard.conf").read_bytes())
    monkeypatch.setenv("FAKE_ASTERISK_LOG", str(tmp_path / "log" / "messages.log"))
    monkeypatch.setenv("FAKE_ASTERISK_RELOAD_LOG", str(DATA / "reload-errors.log"))
    monkeypatch.setenv("FAKE_ASTERISK_EXPORT", str(DATA / "f25-export.conf"))
    code, out, err = run(capsys, "apply", str(wizard), "--asterisk", str(fake.path), "--force")
    assert "applying anyway (--force)" in err
    assert "Asterisk logged 4 warning/error line(s):" in out
    assert ("  ERROR: res_pjsip_config_wizard.c: Unable to create objects for wizard '6311'") in out.splitlines()
    assert "Inheritance requested" not in out           # logged before the reload
    assert code == 0                                    # what loaded is what pjtui predicted
    assert "loaded: 2 object(s)" in out


def test_apply_reports_what_asterisk_did_not_load(fake, etc, capsys):
    wizard = etc / "pjsip_wizard.conf"
    wizard.write_text(wizard.read_text().replace("aor/max_contacts=5\n\n[6001]", "aor/max_contacts=3\n\n[6001]"))
    code, out, _ = run(capsys, "apply", str(wizard), "--asterisk", str(fake.path))
    assert code == 1
    assert "differs: aor 6001: max_contacts = 3 in the files, 5 loaded" in out


def test_apply_says_a_restart_is_needed_and_does_not_restart(fake, etc, capsys):
    pjsip = etc / "pjsip.conf"
    pjsip.write_text(pjsip.read_text().replace("bind = 127.0.0.1:5061", "bind = 127.0.0.1:5071"))
    code, out, _ = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 1
    assert "restart needed: transport udp: bound to 127.0.0.1:5061, bind = 127.0.0.1:5071 in the files" in out
    assert "pjtui apply --restart" in out
    assert "core restart gracefully" not in fake.commands()
    assert "module reload res_pjsip.so" in fake.commands()


def test_apply_restart_only_when_asked(fake, etc, capsys):
    pjsip = etc / "pjsip.conf"
    pjsip.write_text(pjsip.read_text().replace("bind = 127.0.0.1:5061", "bind = 127.0.0.1:5071"))
    code, out, _ = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path), "--restart")
    commands = fake.commands()
    assert "core restart gracefully" in commands and "module reload res_pjsip.so" not in commands
    restart = commands.index("core restart gracefully")
    # the uptime before, then again until a new process answers, and only then the export
    assert commands[restart - 1] == commands[restart + 1] == "core show uptime seconds"
    assert commands[restart + 2].startswith("pjsip export config_wizard primitives to ")
    assert code == 0 and "sent: core restart gracefully" in out


def test_apply_restart_flag_without_a_socket_change_reloads(fake, etc, capsys):
    code, _, _ = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path), "--restart")
    assert code == 0
    assert "core restart gracefully" not in fake.commands()


def test_apply_not_running(fake, etc, capsys, monkeypatch):
    monkeypatch.setenv("FAKE_ASTERISK_MODE", "not-running")
    code, out, err = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert code == 2 and "Asterisk is not running" in err and out == ""


# ------------------------------------------------------------------ a real Asterisk
REAL = shutil.which("asterisk")


@pytest.mark.skipif(REAL is None, reason="no asterisk program on PATH: the end-to-end test needs a "
                                         "running Asterisk with res_pjsip_config_wizard loaded")
def test_end_to_end_status_against_the_real_asterisk(capsys):
    version = subprocess.run([REAL, "-rx", "core show version"], capture_output=True, text=True, timeout=20)
    if "Unable to connect" in version.stdout + version.stderr:
        pytest.skip(f"{REAL} is installed but no Asterisk is running (Unable to connect to remote asterisk)")
    wizard = "/etc/asterisk/pjsip_wizard.conf"
    if not os.path.isfile(wizard):
        pytest.skip(f"{wizard} is missing: nothing to compare with")
    code, out, err = run(capsys, "status", wizard, "--asterisk", REAL, "--json")
    assert code in (0, 1), err
    data = json.loads(out)
    assert data["asterisk"] and isinstance(data["endpoints"], list)


def test_apply_without_pjsip_conf_does_not_guess_about_transports(fake, etc, capsys):
    (etc / "pjsip.conf").unlink()
    code, out, _ = run(capsys, "apply", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path))
    assert "note: no pjsip.conf beside" in out and "restart needed" not in out
    assert "pjsip show transports" not in fake.commands()
    assert code == 0


@pytest.mark.parametrize("value", ["inf", "1e400", "nan", "0", "-1", "1e12"])
def test_a_timeout_that_is_no_timeout_is_refused(fake, etc, capsys, value):
    # inf crashed in subprocess (OverflowError); 0, -1 and nan were silently replaced by 10
    with pytest.raises(SystemExit) as exc:
        main(["status", str(etc / "pjsip_wizard.conf"), "--asterisk", str(fake.path), f"--timeout={value}"])
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and "Traceback" not in out + err
    assert "--timeout" in err and "seconds" in err
    assert fake.calls() == []
