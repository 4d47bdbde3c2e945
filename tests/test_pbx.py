"""pjtui.pbx without a real Asterisk: the CLI parsers against the transcripts in
tests/data/asterisk, the export reader and comparison, the reload decision, the log tail,
and the client's argv, timeouts and errors (with a runner standing in for subprocess.run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pjtui.pbx.asterisk import (
    Asterisk, AsteriskError, Command, CommandRejected, CommandTimeout, ExportUnreadable, NotRunning,
    PermissionDenied, ProgramNotFound, program_argv,
)
from pjtui.pbx.logtail import LogTail, messages_logs, parse_line
from pjtui.pbx.reload import advise, advise_against_running, transport_settings
from pjtui.pbx.show import (
    ShowError, Transport, parse_aors, parse_contacts, parse_endpoints, parse_transports, parse_version,
)
from pjtui.pjsip.export import DEFAULTS_DIR, ExportError, compare, read_defaults, read_export

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "asterisk"
GOLDEN = ROOT / ".." / "shared" / "golden"


def text(name: str) -> str:
    return (DATA / name).read_text()


# ------------------------------------------------------------------ parsers against the transcripts
def test_version():
    assert parse_version(text("core_show_version.txt")) == "GIT-master-f0c1c1a7b7"
    with pytest.raises(ShowError):
        parse_version("No such command 'core show version'\n")


def test_uptime():
    from pjtui.pbx.show import parse_uptime

    assert parse_uptime(text("core_show_uptime_seconds.txt")) == 86412
    assert parse_uptime(text("core_show_uptime_seconds-restarted.txt")) == 2
    with pytest.raises(ShowError):
        parse_uptime("")


def test_endpoints_with_nested_aors_contacts_auths_identifies():
    eps = parse_endpoints(text("pjsip_show_endpoints.txt"))
    assert [(e.label, e.state, e.channels) for e in eps] == [("6001", "Not in use", 0),
                                                             ("trunk-6003", "Not in use", 0)]
    phone, trunk = eps
    assert phone.auths == [("In", "6001-iauth", "6001")]
    assert trunk.auths == [("Out", "trunk-6003-oauth", "6003")]
    assert [(a.name, a.max_contacts) for a in phone.aors] == [("6001", 5)]
    assert [(c.aor, c.uri, c.status, c.rtt_ms) for c in phone.contacts] == [
        ("6001", "sip:6001@192.168.1.50:5060;ob", "NonQual", None)]
    assert trunk.identifies == ["trunk-6003-identify"]
    assert [c.uri for c in trunk.contacts] == ["sip:192.168.1.1"]


def test_endpoints_unregistered_and_none():
    eps = parse_endpoints(text("pjsip_show_endpoints-unregistered.txt"))
    assert [(e.label, e.state, len(e.contacts)) for e in eps] == [("6001", "Unavailable", 0),
                                                                  ("trunk-6003", "Unavailable", 1)]
    assert eps[1].contacts[0].status_text == "unavailable"
    assert parse_endpoints(text("pjsip_show_endpoints-none.txt")) == []


def test_contacts_and_rtt():
    contacts = parse_contacts(text("pjsip_show_contacts.txt"))
    assert [(c.aor, c.uri, c.hash) for c in contacts] == [
        ("6001", "sip:6001@192.168.1.50:5060;ob", "bbba7b2833"), ("trunk-6003", "sip:192.168.1.1", "a2ed65aa67")]
    qualified = parse_contacts(text("pjsip_show_contacts-qualified.txt"))
    assert [(c.status_text, c.rtt_ms) for c in qualified] == [("not qualified", None), ("available", 23.412)]


def test_contact_hash_is_the_md5_of_the_uri():
    # the transcripts' hashes are Asterisk's: the contact id's md5(uri), cut to 10 characters
    import hashlib

    for c in parse_contacts(text("pjsip_show_contacts.txt")):
        assert hashlib.md5(c.uri.encode()).hexdigest()[:10] == c.hash


def test_aors():
    aors = parse_aors(text("pjsip_show_aors.txt"))
    assert [(a.name, a.max_contacts, [c.uri for c in a.contacts]) for a in aors] == [
        ("6001", 5, ["sip:6001@192.168.1.50:5060;ob"]), ("trunk-6003", 5, ["sip:192.168.1.1"])]


def test_transports():
    assert parse_transports(text("pjsip_show_transports.txt")) == [
        Transport("ipv4", "udp", "127.0.0.1:5060"), Transport("transport-udp", "udp", "127.0.0.1:5062"),
        Transport("udp", "udp", "127.0.0.1:5061")]


def test_not_a_cli_layout_is_a_clear_error():
    with pytest.raises(ShowError, match="no '=====' line"):
        parse_endpoints("something else entirely\n")


def test_long_endpoint_name_cut_by_asterisk_still_found():
    from pjtui.pbx.show import Endpoint

    name = "a-very-long-endpoint-name-that-asterisk-cuts-after-fifty-one"
    row = Endpoint(name[:51], "Not in use", 0)
    assert row.is_named(name) and not row.is_named("a-very")
    assert Endpoint("6001/100", "Not in use", 0).is_named("6001")


# ------------------------------------------------------------------ the export
def test_export_transcript_is_the_golden_export_with_its_header():
    live = text("pjsip_export_config_wizard_primitives.conf")
    golden = (GOLDEN / "seed-example" / "export.conf").read_text()
    assert live.startswith(";!\n;! Automatically generated configuration file\n")
    assert live.endswith(golden)
    assert read_export(live) == read_export(golden)
    objects = read_export(live)
    assert [(o.type, o.name) for o in objects][:3] == [("auth", "6001-iauth"), ("auth", "trunk-6003-oauth"),
                                                       ("endpoint", "6001")]


def test_export_reader_names_the_bad_line():
    with pytest.raises(ExportError, match=r"export:3: expected 'key = value'"):
        read_export("[6001]\ntype = aor\nnot a line\n")
    with pytest.raises(ExportError, match=r"export:1"):
        read_export("stray = 1\n")


def test_packaged_defaults_are_the_golden_ones():
    shipped = sorted(p.name for p in DEFAULTS_DIR.glob("*.conf"))
    assert shipped == sorted(p.name for p in (GOLDEN / "defaults").glob("*.conf"))
    for name in shipped:
        assert (DEFAULTS_DIR / name).read_bytes() == (GOLDEN / "defaults" / name).read_bytes(), name
    assert read_defaults()["aor"][0] == ("minimum_expiration", "60")


def _seed_prediction(path: Path):
    from pjtui.pbx.apply import predict

    return predict(str(path))


@pytest.fixture
def seed(tmp_path) -> Path:
    """seed-example in a config directory with the golden README's generated pjsip.conf."""
    from test_wizard_golden import ORACLE_PJSIP

    (tmp_path / "pjsip.conf").write_bytes(ORACLE_PJSIP)
    wizard = tmp_path / "pjsip_wizard.conf"
    wizard.write_bytes((DATA / "seed-pjsip_wizard.conf").read_bytes())
    return wizard


def test_compare_seed_against_its_export_is_clean(seed):
    drift = compare(_seed_prediction(seed).objects, read_export(text("pjsip_export_config_wizard_primitives.conf")))
    assert drift.clean and drift.lines() == []


def test_compare_every_golden_case_against_its_full_export():
    from test_wizard_golden import CASES, run_case

    for case in CASES:
        exp, hosts = run_case(GOLDEN / case)
        drift = compare(exp.objects, read_export((GOLDEN / case / "export.conf").read_text()), hosts=hosts)
        assert drift.clean, (case, drift.lines())


def test_compare_reports_missing_extra_and_differing(seed):
    loaded = read_export(text("pjsip_export_config_wizard_primitives.conf"))
    # Asterisk still runs the old file: 6001 had max_contacts 1 and a wizard 7000 since deleted
    for obj in loaded:
        if (obj.type, obj.name) == ("aor", "6001"):
            obj.pairs = [(k, "1" if k == "max_contacts" else v) for k, v in obj.pairs]
        if (obj.type, obj.name) == ("auth", "6001-iauth"):
            obj.pairs = [(k, "old-secret" if k == "password" else v) for k, v in obj.pairs]
    loaded = [o for o in loaded if o.name != "trunk-6003-reg-0"]
    loaded.append(type(loaded[0])("aor", "7000", [("@pjsip_wizard", "7000")]))
    drift = compare(_seed_prediction(seed).objects, loaded)
    assert drift.missing == [("registration", "trunk-6003-reg-0")]
    assert drift.extra == [("aor", "7000")]
    assert [(d.type, d.name, d.key, d.predicted, d.loaded) for d in drift.differing] == [
        ("auth", "6001-iauth", "password", ["6001"], ["old-secret"]),
        ("aor", "6001", "max_contacts", ["5"], ["1"])]
    lines = drift.lines()
    assert "differs: aor 6001: max_contacts = 5 in the files, 1 loaded" in lines
    assert not any("old-secret" in line or "= 6001 in" in line for line in lines)   # secrets masked
    assert "old-secret" not in str(drift.to_dict())


def test_compare_does_not_fail_on_host_names_pjtui_cannot_resolve():
    from test_wizard_golden import run_case

    exp, _hosts = run_case(GOLDEN / "sample-mytrunk")
    loaded = read_export((GOLDEN / "sample-mytrunk" / "export.conf").read_text())
    drift = compare(exp.objects, loaded)          # no hosts table: the names stay names
    assert drift.clean
    assert sorted(h for _t, _n, h in drift.unresolved) == ["sip1.myitsp.com", "sip2.myitsp.com"]
    assert "note: identify mytrunk-identify: match host sip1.myitsp.com not compared" in " ".join(drift.lines())


# ------------------------------------------------------------------ reload or restart
def _model(text_: str):
    from pjtui.conf import parse
    from pjtui.pjsip.model import build

    return build(parse(text_.encode(), "pjsip.conf"))


def test_reload_unless_a_socket_changed():
    old = transport_settings(_model("[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n"))
    same = transport_settings(_model("[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\nlocal_net = 10.0.0.0/8\n"))
    moved = transport_settings(_model("[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5070\n"))
    assert str(advise(old, same)) == "module reload res_pjsip.so"
    advice = advise(old, moved)
    assert advice.restart and advice.transports == ["udp"]
    assert str(advice).startswith("core restart gracefully")


def test_restart_decided_against_the_running_transports():
    running = parse_transports(text("pjsip_show_transports.txt"))
    from test_wizard_golden import ORACLE_PJSIP

    disk = transport_settings(_model(ORACLE_PJSIP.decode()))
    assert not advise_against_running(disk, running).restart
    disk["udp"]["bind"] = "127.0.0.1:5099"
    disk["tls"] = {"type": "transport", "protocol": "tls", "bind": "0.0.0.0"}
    advice = advise_against_running(disk, running)
    assert advice.restart and advice.transports == ["tls", "udp"]
    assert any("bound to 127.0.0.1:5061, bind = 127.0.0.1:5099" in r for r in advice.reasons)
    disk["udp"]["allow_reload"] = "yes"
    del disk["tls"]
    assert not advise_against_running(disk, running).restart


def test_bind_without_port_gets_the_default_port():
    disk = {"udp": {"protocol": "udp", "bind": "127.0.0.1"}}
    assert not advise_against_running(disk, [Transport("udp", "udp", "127.0.0.1:5060")]).restart
    assert advise_against_running(disk, [Transport("udp", "udp", "127.0.0.1:5061")]).restart


# ------------------------------------------------------------------ the log
def test_messages_log_from_logger_conf(tmp_path):
    (tmp_path / "logger.conf").write_text("[general]\n[logfiles]\nconsole => notice,warning,error\n"
                                          "full => verbose\nmessages.log => [plain]notice,warning,error\n")
    assert messages_logs(tmp_path) == [Path("/var/log/asterisk/messages.log")]
    (tmp_path / "asterisk.conf").write_text("[directories]\nastlogdir => /srv/log\n")
    (tmp_path / "logger.conf").write_text("[general]\nappendhostname = yes\n[logfiles]\nmessages => *\n"
                                          "/abs/errors => error\n")
    assert messages_logs(tmp_path, hostname="pbx1") == [Path("/srv/log/messages.pbx1"), Path("/abs/errors.pbx1")]


def test_messages_log_default_without_logger_conf(tmp_path):
    assert messages_logs(tmp_path) == [Path("/var/log/asterisk/messages.log"), Path("/var/log/asterisk/messages")]


def test_log_line_layout():
    line = parse_line("[Dec  2 14:52:07] ERROR[2201][C-0000000a] res_pjsip/config_auth.c: 6311-iauth: no password")
    assert str(line) == "ERROR: res_pjsip/config_auth.c: 6311-iauth: no password"
    assert parse_line("[Dec  2 14:52:07] NOTICE[2201] loader.c: Reloading") is None
    assert parse_line("random text") is None


def test_log_tail_reads_only_what_came_after_the_mark(tmp_path):
    log = tmp_path / "messages.log"
    log.write_text(text("messages-before.log"))
    tail = LogTail([tmp_path / "missing", log])
    tail.mark()
    assert tail.path == log and tail.problem is None
    with open(log, "a") as fh:
        fh.write(text("reload-errors.log"))
    got = [str(x) for x in tail.collect(settle=0.01)]
    assert got == [str(parse_line(x)) for x in text("reload-errors.log").splitlines()]
    assert len(got) == 4 and not any("Inheritance" in x for x in got)


def test_log_tail_after_rotation_reads_from_the_start(tmp_path):
    log = tmp_path / "messages.log"
    log.write_text(text("messages-before.log") * 5)
    tail = LogTail([log])
    tail.mark()
    log.write_text(text("reload-errors.log")[:200])    # rotated: a new, shorter file
    assert [x.level for x in tail.collect(settle=0.01)] == ["ERROR"]


def test_log_tail_unreadable_says_why(tmp_path):
    tail = LogTail([tmp_path / "nope.log"])
    tail.mark()
    assert tail.collect(settle=0.01) == []
    assert "no Asterisk log found" in tail.problem and "logger.conf" in tail.problem


# ------------------------------------------------------------------ the client
class Runner:
    """Stands in for subprocess.run: records argv, answers from a table."""

    def __init__(self, answers=None, raises=None):
        self.calls: list[list[str]] = []
        self.kwargs: list[dict] = []
        self.answers = answers or {}
        self.raises = raises

    def __call__(self, argv, **kwargs):
        self.calls.append(argv)
        self.kwargs.append(kwargs)
        if self.raises is not None:
            raise self.raises
        out, err, code = self.answers.get(argv[-1], ("", "", 0))
        return subprocess.CompletedProcess(argv, code, out, err)


def test_argv_is_a_list_with_the_program_split_like_a_shell():
    runner = Runner({"core show version": (text("core_show_version.txt"), "", 0)})
    ast = Asterisk("sudo -n asterisk -C '/etc/my asterisk/asterisk.conf'", runner=runner, timeout=3)
    assert ast.version() == "GIT-master-f0c1c1a7b7"
    assert runner.calls == [["sudo", "-n", "asterisk", "-C", "/etc/my asterisk/asterisk.conf", "-rx",
                             "core show version"]]
    assert runner.kwargs[0]["timeout"] == 3 and "shell" not in runner.kwargs[0]
    assert program_argv(None) == ["asterisk"] and program_argv("") == ["asterisk"]
    with pytest.raises(AsteriskError, match="cannot be split"):
        program_argv("sudo 'asterisk")


def test_only_commands_from_the_fixed_list():
    ast = Asterisk(runner=Runner())
    with pytest.raises(TypeError):
        ast.run("core stop now")
    with pytest.raises(AsteriskError, match="characters Asterisk's CLI would split on"):
        ast.command_argv(Command.EXPORT_WIZARD, "/tmp/x y; core stop now")
    assert ast.command_argv(Command.RELOAD_PJSIP) == ["asterisk", "-rx", "module reload res_pjsip.so"]


def test_each_show_command_through_the_client():
    answers = {c.value: (text(f"{c.value.replace(' ', '_')}.txt"), "", 0)
               for c in (Command.SHOW_ENDPOINTS, Command.SHOW_CONTACTS, Command.SHOW_AORS, Command.SHOW_TRANSPORTS)}
    ast = Asterisk(runner=Runner(answers))
    assert [e.label for e in ast.endpoints()] == ["6001", "trunk-6003"]
    assert [c.aor for c in ast.contacts()] == ["6001", "trunk-6003"]
    assert [a.name for a in ast.aors()] == ["6001", "trunk-6003"]
    assert [t.name for t in ast.transports()] == ["ipv4", "transport-udp", "udp"]


def test_reload_gets_the_slow_timeout():
    runner = Runner({"module reload res_pjsip.so": (text("module_reload_res_pjsip.so.txt"), "", 0)})
    ast = Asterisk(runner=runner, timeout=2, slow_timeout=12)
    assert ast.reload() == "Module 'res_pjsip.so' reloaded successfully."
    assert runner.kwargs[0]["timeout"] == 12


def test_not_running(tmp_path):
    stderr = text("not-running.stderr").replace("/var/run/asterisk/asterisk.ctl", str(tmp_path / "asterisk.ctl"))
    ast = Asterisk(runner=Runner({"core show version": ("", stderr, 1)}))
    with pytest.raises(NotRunning, match=r"Asterisk is not running: its control socket .* is missing"):
        ast.version()


def test_permission_denied_on_the_socket(tmp_path, monkeypatch):
    import os

    sock = tmp_path / "asterisk.ctl"
    sock.write_text("")
    sock.chmod(0)
    if os.geteuid() == 0:        # root may open anything: let access() answer as for the admin's user
        monkeypatch.setattr("pjtui.pbx.asterisk.os.access", lambda path, mode: path != str(sock))
    stderr = text("not-running.stderr").replace("/var/run/asterisk/asterisk.ctl", str(sock))
    ast = Asterisk(runner=Runner({"core show version": ("", stderr, 1)}))
    with pytest.raises(PermissionDenied, match="run as the asterisk user or set asterisk_command = sudo asterisk"):
        ast.version()


@pytest.mark.parametrize("stderr", ["sudo: a password is required\n",
                                    "sudo: a terminal is required to read the password; either use the -S option\n"])
def test_sudo_permission_denied(stderr):
    ast = Asterisk("sudo -n asterisk", runner=Runner({"core show version": ("", stderr, 1)}))
    with pytest.raises(PermissionDenied, match="sudo asterisk"):
        ast.version()


def test_timeout_program_missing_and_unknown_command():
    with pytest.raises(CommandTimeout, match=r"no answer after 10 s"):
        Asterisk(runner=Runner(raises=subprocess.TimeoutExpired(["asterisk"], 10))).version()
    with pytest.raises(ProgramNotFound, match="--asterisk CMD or asterisk_command"):
        Asterisk("/nonexistent/asterisk", runner=Runner(raises=FileNotFoundError())).version()
    out = text("no-such-command.txt").replace("{path}", "/tmp/x")
    ast = Asterisk(runner=lambda argv, **kw: subprocess.CompletedProcess(argv, 0, out, ""))
    with pytest.raises(CommandRejected, match="res_pjsip_config_wizard"):
        ast.export_wizard()


def test_export_read_from_the_file_asterisk_wrote():
    wrote = {}

    def runner(argv, **kw):
        path = argv[-1].rsplit(" ", 1)[1]
        Path(path).write_text(text("pjsip_export_config_wizard_primitives.conf"))
        wrote["path"] = path
        return subprocess.CompletedProcess(argv, 0, text("pjsip_export_config_wizard_primitives_to.txt")
                                           .replace("{path}", path), "")

    got = Asterisk(runner=runner).export_wizard()
    assert got == text("pjsip_export_config_wizard_primitives.conf")
    assert not Path(wrote["path"]).exists() and not Path(wrote["path"]).parent.exists()   # cleaned up


def test_export_never_written_is_a_clear_error():
    ast = Asterisk(runner=lambda argv, **kw: subprocess.CompletedProcess(argv, 0, "", ""))
    with pytest.raises(ExportUnreadable, match="Asterisk did not write the export to .*TMPDIR"):
        ast.export_wizard()


def test_export_unreadable_is_a_clear_error(monkeypatch):
    import os

    def runner(argv, **kw):
        path = Path(argv[-1].rsplit(" ", 1)[1])
        path.write_text("[x]\n")
        path.chmod(0)
        return subprocess.CompletedProcess(argv, 0, f"Wrote configuration to {path}\n", "")

    if os.geteuid() == 0:        # root reads a mode-000 file; fail the read as it fails for others
        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))
        monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ExportUnreadable, match="pjtui may not read it .*run as the asterisk user"):
        Asterisk(runner=runner).export_wizard()


def test_reload_refused_by_asterisk():
    out = "The module 'res_pjsip.so' reported a reload failure\n"
    ast = Asterisk(runner=lambda argv, **kw: subprocess.CompletedProcess(argv, 0, out, ""))
    with pytest.raises(CommandRejected, match="reported a reload failure"):
        ast.reload()


def test_pbx_core_imports_no_textual_or_tomlkit():
    code = ("import sys, pjtui.pbx, pjtui.pbx.apply, pjtui.pjsip.export; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tomlkit') or m.startswith('pjtui.ui')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_graceful_restart_not_back_yet_is_pending(seed):
    """The old process keeps answering while calls last: no read-back of its objects."""
    import time

    from pjtui.pbx.apply import apply, predict

    pjsip = seed.parent / "pjsip.conf"
    pjsip.write_text(pjsip.read_text().replace("bind = 127.0.0.1:5061", "bind = 127.0.0.1:5071"))
    started = time.monotonic() - 86412

    class OldProcess(Runner):      # its uptime goes on growing: it never restarted
        def __call__(self, argv, **kwargs):
            up = f"System uptime: {int(time.monotonic() - started)}\n"
            self.answers["core show uptime seconds"] = (up, "", 0)
            return super().__call__(argv, **kwargs)

    runner = OldProcess({"pjsip show transports": (text("pjsip_show_transports.txt"), "", 0)})
    result = apply(Asterisk(runner=runner), predict(str(seed)), restart=True, tail=LogTail([]), restart_wait=2.5)
    sent = [argv[-1] for argv in runner.calls]
    assert "core restart gracefully" in sent and sent.count("core show uptime seconds") >= 2
    assert not any(c.startswith("pjsip export") for c in sent)
    assert result.restart_pending and "waits for the last call to end" in result.restart_pending
    assert result.drift is None and not result.ok


def test_log_tail_never_opens_a_fifo(tmp_path):
    # logger.conf naming a FIFO: open() would block until a writer comes, and apply hung
    fifo = tmp_path / "messages.log"
    os.mkfifo(fifo)
    log = tmp_path / "messages"
    log.write_text("")
    tail = LogTail([fifo, log])
    tail.mark()
    assert tail.path == log
    only = LogTail([fifo])
    only.mark()
    assert only.path is None and "not a regular file" in only.problem and str(fifo) in only.problem
    assert only.collect(settle=0.01) == []
