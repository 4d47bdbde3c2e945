"""Hostile and broken input: parse/load/CLI never raise, and say what and where.

Fixed cases first (binary, huge lines, 50 MB, block comments, include loops, missing /
unreadable / directory includes, #exec, invalid UTF-8), then Hypothesis fuzzing of the
parser, the edits, and every registered CLI command run in-process. The fast slice runs in
the normal suite; ``pytest -m slow tests/test_hostile.py`` runs many thousands of cases.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pjtui import cli
from pjtui.conf import EditError, LoadError, edits, load, parse
from pjtui.io import content_hash, verify_document
from test_io_save import run_as_nobody

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLI_FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLI_LONG = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_sound(doc, data: bytes, name: str) -> None:
    """What every parse must give: the same bytes, and diagnostics that point at a line."""
    assert doc.to_bytes() == data
    last = max(1, len(doc.lines))
    for diagnostic in doc.diagnostics:
        assert diagnostic.file == name
        assert 1 <= diagnostic.line <= last, diagnostic
        assert diagnostic.message and str(diagnostic).startswith(f"{name}:{diagnostic.line}: ")


# -- fixed hostile documents ------------------------------------------------------------------

HOSTILE = {
    "binary": (bytes(range(256)) * 4, "No category context"),
    "nul-bytes": (b"[a]\nx=1\x00y\n\x00\x00\n", "NUL byte"),
    "invalid-utf8": (b"[a\xff]\nk\xfe=v\xc3\n\xed\xa0\x80=1\n", "not UTF-8"),
    "unterminated-block-comment": (b"[a]\nx=1\n;-- never closed\ny=2\n", "Unterminated comment"),
    "stray-comment-end": (b"[a]\nx=1 --;\n", None),
    "deep-nested-comments": (b"[a]\n" + b";--" * 300 + b"\nx=1\n" + b"--;" * 300 + b"\n", None),
    "line-over-fgets-buffer": (b"[a]\nx=" + b"y" * 9000 + b"\nz=1\n", "too long"),
    "only-cr-line-breaks": (b"[a]\rx=1\ry=2\r", None),
    "header-never-closed": (b"[a\nx=1\n", "no closing ']'"),
    "options-before-header": (b"x=1\n[a]\n", "No category context"),
    "empty": (b"", None),
    "only-bom": (b"\xef\xbb\xbf", None),
    "name-too-long": (b"[" + b"n" * 500 + b"]\nx=1\n", None),
    "many-parents": (b"[a](" + b",".join(b"p%d" % i for i in range(300)) + b")\n", "does not exist"),
    "exec": (b"[a]\n#exec rm -rf /\n", "never run"),
    "unknown-directive": (b"[a]\n#frobnicate x\n", None),
    "control-bytes": (bytes(range(1, 32)) + b"[a]\x01\n\x7f=\x1b[31m\n", None),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_document_parses_with_located_diagnostics(case):
    data, expected = HOSTILE[case]
    doc = parse(data, f"{case}.conf")
    assert_sound(doc, data, f"{case}.conf")
    if expected:
        assert any(expected in d.message for d in doc.diagnostics), [str(d) for d in doc.diagnostics]
    verify_document(doc)


def test_invalid_utf8_is_reported_with_its_line():
    doc = parse(b"[a]\nx=ok\nname=caf\xe9\n", "latin1.conf")
    assert [d.line for d in doc.diagnostics] == [3]


def test_nul_byte_is_reported_with_its_line():
    doc = parse(b"[a]\nx=1\x00y=2\n", "nul.conf")
    assert [d.line for d in doc.diagnostics] == [2]


def test_huge_single_line(tmp_path):
    data = b"[a]\nx=" + b"v" * (20 * 1024 * 1024) + b"\n"
    doc = parse(data, "huge-line.conf")
    assert_sound(doc, data, "huge-line.conf")
    assert [d.line for d in doc.diagnostics] == [2]


def check_big_file(path, body: bytes, copies: int) -> None:
    with open(path, "wb") as handle:
        handle.write(b"[a]\nx=1\n")
        for _ in range(copies):
            handle.write(body)
    try:
        config = load(str(path))
    except LoadError as err:
        assert str(path) in str(err) and "MB" in str(err)
        return
    assert config.root.to_bytes() == path.read_bytes()
    assert all(d.file == str(path) and d.line >= 1 for d in config.diagnostics)


def test_fifty_megabyte_file_loads_or_is_refused_clearly(tmp_path):
    # mostly one 50 MB line: reading and splitting 50 MB without the cost of 700,000 lines
    check_big_file(tmp_path / "pjsip.conf", b"v" * (1024 * 1024), 50)


@pytest.mark.slow
@pytest.mark.parametrize("body", ["random", "realistic"])
def test_fifty_megabyte_file_of_many_lines(tmp_path, body):
    chunk = (os.urandom(1024 * 1024) if body == "random" else
             (b"[6001](user)\ninbound_auth/password = s3cret ; note\ncontext=office\n" * 15200))
    check_big_file(tmp_path / "pjsip.conf", chunk, 50)


# -- files and includes -----------------------------------------------------------------------

def write(directory, name: str, data: bytes):
    path = directory / name
    path.write_bytes(data)
    return path


def test_include_loops_are_reported_not_followed_forever(tmp_path):
    a = write(tmp_path, "a.conf", b"[a]\nx=1\n#include b.conf\n")
    write(tmp_path, "b.conf", b"[b]\n#include a.conf\n")
    itself = write(tmp_path, "self.conf", b"[s]\n#include self.conf\n")
    for path, where in ((a, (str(tmp_path / "b.conf"), 2)), (itself, (str(itself), 2))):
        config = load(str(path))
        loops = [d for d in config.diagnostics if "loop" in d.message]
        assert [(d.file, d.line) for d in loops] == [where]


def test_glob_include_loop_through_many_files(tmp_path):
    for i in range(5):
        write(tmp_path, f"part{i}.conf", b"[p%d]\n#include part*.conf\n" % i)
    config = load(str(tmp_path / "part0.conf"))
    assert any("loop" in d.message for d in config.diagnostics)


def test_bad_includes_each_name_file_and_line(tmp_path):
    (tmp_path / "adir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    top = write(tmp_path, "top.conf", b"[t]\n#include missing.conf\n#tryinclude missing2.conf\n"
                                      b"#include adir\n#include /dev/zero\n#include fifo\n"
                                      b"#exec touch marker\n")
    config = load(str(top))  # must not hang on the FIFO or /dev/zero
    by_line = {d.line: d.message for d in config.diagnostics if d.file == str(top)}
    assert "does not exist" in by_line[2]
    assert 3 not in by_line  # #tryinclude of a missing file is fine
    assert "directory" in by_line[4]
    assert "not a regular file" in by_line[5] and "not a regular file" in by_line[6]
    assert "never run" in by_line[7]
    assert not (tmp_path / "marker").exists()
    assert config.incomplete


def test_glob_include_shows_every_file_pulled_in(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    write(outside, "one.conf", b"[one]\n")
    write(outside, "two.conf", b"[two]\n")
    top = write(tmp_path, "top.conf", b"[t]\n#include elsewhere/*.conf\n")
    config = load(str(top))
    assert [(os.path.basename(f), by, line) for f, by, line in config.included] == [
        ("one.conf", str(top), 2), ("two.conf", str(top), 2)]


def test_unreadable_include_and_top_file_as_an_ordinary_user():
    if os.geteuid() != 0:
        pytest.skip("needs root to create files another user cannot read")
    directory = tempfile.mkdtemp(prefix="pjtui-hostile-")
    try:
        os.chmod(directory, 0o755)
        top = os.path.join(directory, "top.conf")
        secret = os.path.join(directory, "secret.conf")
        with open(top, "wb") as handle:
            handle.write(b"[t]\n#include secret.conf\n")
        with open(secret, "wb") as handle:
            handle.write(b"[s]\npassword=x\n")
        os.chmod(top, 0o644)
        os.chmod(secret, 0o600)

        def load_as_user():
            lines = [str(d) for d in load(top).diagnostics]
            try:
                load(secret)
            except LoadError as err:
                lines.append(str(err))
            return "\n".join(lines)

        out = run_as_nobody(load_as_user)
        assert f"{top}:2: " in out and "permission denied" in out and "child failed" not in out
        assert f"{secret}: permission denied" in out
    finally:
        shutil.rmtree(directory)


@pytest.mark.parametrize("make", ["missing", "directory", "fifo", "device"])
def test_unloadable_top_file_is_a_load_error_naming_it(tmp_path, make):
    path = tmp_path / "pjsip.conf"
    if make == "directory":
        path.mkdir()
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "device":
        path = "/dev/null"
    with pytest.raises(LoadError) as caught:
        load(str(path))
    assert str(path) in str(caught.value)


# -- fuzzing ---------------------------------------------------------------------------------

KEYS = ["type", "accepts_registrations", "sends_registrations", "accepts_auth", "sends_auth",
        "remote_hosts", "transport", "server_uri_pattern", "client_uri_pattern", "contact_pattern",
        "has_phoneprov", "has_hint", "hint_context", "hint_exten", "hint_application",
        "inbound_auth/username", "inbound_auth/password", "outbound_auth/username",
        "outbound_auth/password", "endpoint/context", "endpoint/allow", "aor/max_contacts",
        "aor/qualify_frequency", "registration/retry_interval", "identify/match", "phoneprov/MAC",
        "phoneprov/PROFILE", "sends_line_with_registrations", "max_contacts", "context", "allow",
        "disallow", "auth", "aors", "match", "protocol", "bind", "username", "password",
        "auth_type", "md5_cred", "contact", "endpoint", "server_uri", "client_uri",
        "outbound_auth", "outbound_proxy", "callerid", "nonsense_option"]
VALUES = ["yes", "no", "wizard", "endpoint", "aor", "auth", "identify", "registration",
          "transport", "phoneprov", "6001", "default", "!all,ulaw", "192.0.2.1",
          "sip.example.com:5060", "192.0.2.0/24", "udp", "transport-udp", "0.0.0.0:5060",
          "x\\;y", "${X}", "", "-1", "99999999999999999999", "userpass", "md5", "%s", "caf\xe9",
          "sip:${REMOTE_HOST}", "6001@from-internal", "hint", "00:11:22:33:44:55"]
NAMES = ["6001", "6002", "trunk", "user", "t", "global", "system", "transport-udp", "6001-iauth"]
TOKENS = [b"[", b"]", b"(", b")", b"!", b"+", b",", b"=", b"=>", b"+=", b";", b";--", b"--;",
          b"\\", b"\\;", b"#include ", b"#tryinclude ", b"#exec ", b"#", b"\n", b"\r\n", b"\r",
          b"\t", b" ", b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xc3\xa9", b"type", b"wizard",
          b"endpoint", b"6001", b"user", b"password", b"TEMPLATES=include", b"x" * 100,
          b"a" * 8200]


@st.composite
def structured_conf(draw) -> bytes:
    """Plausible wizard/pjsip files with odd corners: templates, (+), repeats, escapes."""
    lines = []
    eol = draw(st.sampled_from([b"\n", b"\r\n"]))
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(NAMES))
        flags = draw(st.lists(st.sampled_from(["!", "+"] + NAMES), max_size=3))
        header = f"[{name}]" + (f"({','.join(flags)})" if flags else "")
        lines.append(header.encode("utf-8", "surrogateescape"))
        for _ in range(draw(st.integers(0, 8))):
            key = draw(st.sampled_from(KEYS))
            op = draw(st.sampled_from(["=", " = ", "=>", "+=", "="]))
            value = draw(st.sampled_from(VALUES))
            comment = draw(st.sampled_from(["", " ; note", ";--x--;", ""]))
            lines.append(f"{key}{op}{value}{comment}".encode("utf-8", "surrogateescape"))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from([b"", b"; comment", b"#include nothing.conf",
                                               b"#exec true", b";--", b"--;"])))
    tail = eol if draw(st.booleans()) else b""
    return eol.join(lines) + tail


def token_soup():
    return st.lists(st.sampled_from(TOKENS), max_size=60).map(b"".join)


CONF_BYTES = st.one_of(structured_conf(), token_soup(), st.binary(max_size=600))


def check_parse(data: bytes) -> None:
    doc = parse(data, "fuzz.conf")
    assert_sound(doc, data, "fuzz.conf")
    verify_document(doc)  # parsing again means the same, serializing again is identical
    again = parse(data, "fuzz.conf")
    assert [str(d) for d in again.diagnostics] == [str(d) for d in doc.diagnostics]


@FAST
@given(CONF_BYTES)
def test_fuzz_parse(data):
    check_parse(data)


@pytest.mark.slow
@LONG
@given(CONF_BYTES)
def test_fuzz_parse_long(data):
    check_parse(data)


def edit_strategy():
    line = st.integers(1, 60)
    name = st.sampled_from(NAMES + ["new one", "x]y", ""])
    return st.one_of(
        st.builds(edits.SetValue, line, st.sampled_from(VALUES + ["a;b", " padded ", "two\nlines"])),
        st.builds(edits.AddOption, line, st.sampled_from(KEYS + ["bad=key", ""]), st.sampled_from(VALUES),
                  st.sampled_from(["=", "=>", "+="])),
        st.builds(edits.RemoveOption, line),
        st.builds(edits.AddSection, st.one_of(st.none(), line), name, st.booleans(),
                  st.lists(st.sampled_from(NAMES), max_size=2).map(tuple)),
        st.builds(edits.RenameSection, line, name),
        st.builds(edits.SetTemplates, line, st.booleans(), st.lists(st.sampled_from(NAMES), max_size=2).map(tuple)),
        st.builds(edits.DeleteSection, line),
    )


def check_edits(data: bytes, changes: list) -> None:
    doc = parse(data, "fuzz.conf")
    undo = []
    for change in changes:
        before = doc.to_bytes()
        try:
            inverse = doc.apply(change)
        except EditError:
            assert doc.to_bytes() == before  # a refused edit changes nothing
            continue
        undo.append(inverse)
        verify_document(doc)  # the document after the edit reads back as itself
    for inverse in reversed(undo):
        doc.apply(inverse)
    assert doc.to_bytes() == data


@FAST
@given(structured_conf(), st.lists(edit_strategy(), max_size=6))
def test_fuzz_edits_round_trip_and_undo(data, changes):
    check_edits(data, changes)


@pytest.mark.slow
@LONG
@given(structured_conf(), st.lists(edit_strategy(), max_size=10))
def test_fuzz_edits_long(data, changes):
    check_edits(data, changes)


# -- every CLI command on fuzzed files, in-process -----------------------------------------------

def registered_commands() -> set[str]:
    from pjtui._argparse_compat import subcommands

    return set(subcommands(cli.build_parser()))


def run_cli(argv: list[str]) -> tuple[int, bytes, bytes]:
    """``pjtui ARGV`` in this process with a strict UTF-8 stdout, as on a real terminal."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:  # argparse errors
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        out.flush()
        err.flush()
    return code, out.buffer.getvalue(), err.buffer.getvalue()


def command_lines(path: str, doc) -> list[list[str]]:
    names = [s.name for s in doc.sections] or ["6001"]
    section = names[0]
    options = [o for s in doc.sections for o in s.options]
    key = options[0].key if options else "context"
    read_only = {
        "check": [["check", path], ["check", path, "--json"], ["check", path, "--format", "github"],
                  ["check", path, "--format", "sarif"], ["check", path, "--file-type", "pjsip"]],
        "expand": [["expand", path], ["expand", path, "--json"], ["expand", path, "--pjsip", path]],
        "show": [["show", path, section], ["show", path, section, "--json"], ["show", path, "nosuch"]],
        "get": [["get", path, section, key], ["get", path, section, "nosuch"]],
        "match": [["match", path, "--ip", "192.0.2.1"]],
    }
    writing = {
        "set": [["set", path, section, key, "new-value"], ["set", path, section, "context", "a;b"]],
        "unset": [["unset", path, section, key]],
    }
    available = registered_commands()
    return ([argv for name, argvs in read_only.items() if name in available for argv in argvs],
            [argv for name, argvs in writing.items() if name in available for argv in argvs])


def check_cli(data: bytes) -> None:
    directory = tempfile.mkdtemp(prefix="pjtui-fuzz-")
    try:
        path = os.path.join(directory, "pjsip_wizard.conf")
        with open(path, "wb") as handle:
            handle.write(data)
        reading, writing = command_lines(path, parse(data, path))
        for argv in reading:
            first = run_cli(argv)
            assert first[0] in (0, 1, 2), (argv, first)
            assert run_cli(argv) == first, argv  # stable output
            assert open(path, "rb").read() == data, argv  # reading never writes
        for argv in writing:
            with open(path, "rb") as handle:
                before = handle.read()
            code, out, err = run_cli(argv)
            assert code in (0, 1, 2), (argv, code, err)
            with open(path, "rb") as handle:
                after = handle.read()
            if code != 0:
                assert after == before, argv  # a refused edit leaves the file alone
            assert parse(after, path).to_bytes() == after
        leftovers = set(os.listdir(directory)) - {"pjsip_wizard.conf", "pjsip_wizard.conf.bak"}
        assert not leftovers
    finally:
        shutil.rmtree(directory)


def test_cli_commands_are_registered_for_fuzzing():
    assert "expand" in registered_commands()


@CLI_FAST
@given(CONF_BYTES)
def test_fuzz_cli_commands(data):
    check_cli(data)


@pytest.mark.slow
@CLI_LONG
@given(CONF_BYTES)
def test_fuzz_cli_commands_long(data):
    check_cli(data)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_cli_commands_on_hostile_documents(case):
    check_cli(HOSTILE[case][0])


def test_cli_on_unreadable_paths_exits_2_with_a_message(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "adir").mkdir()
    for target in ("missing.conf", "fifo", "adir"):
        path = str(tmp_path / target)
        reading, writing = command_lines(path, parse(b"", path))
        for argv in reading + writing:
            code, out, err = run_cli(argv)
            assert code == 2 and path.encode() in err, (argv, code, err)


def test_content_hash_distinguishes_hostile_inputs():
    hashes = {content_hash(data) for data, _ in HOSTILE.values()}
    assert len(hashes) == len(HOSTILE)


def test_non_utf8_config_on_a_strict_utf8_terminal(tmp_path):
    """Under en_US.UTF-8 Python's stdout is strict: printing undecodable bytes must still work."""
    import subprocess
    import sys

    path = tmp_path / "latin1.conf"
    path.write_bytes(b"[caf\xe9]\ntype=endpoint\ncontext=caf\xe9\n")
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    project = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for argv in (["check", str(path)], ["show", str(path), "caf\udce9"]):
        out = subprocess.run([sys.executable, "-m", "pjtui.cli", *argv], cwd=project, env=env,
                             capture_output=True, timeout=60)
        assert out.returncode in (0, 1), (argv, out.stderr)
        assert b"Traceback" not in out.stderr and b"caf\xe9" in out.stdout, argv


# -- pjtui set/unset when the save itself goes wrong -------------------------------------------

WIZARD = b"[6001](!)\ntype = wizard\naccepts_auth = yes\ninbound_auth/password = s3cret\n"


@pytest.fixture
def wizard_file(tmp_path):
    if "set" not in registered_commands():
        pytest.skip("pjtui set is not registered yet")
    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(WIZARD)
    return path


def test_cli_set_on_a_full_disk_exits_2_and_keeps_the_file(wizard_file, monkeypatch):
    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    code, out, err = run_cli(["set", str(wizard_file), "6001", "inbound_auth/password", "n3w"])
    monkeypatch.undo()
    assert code == 2 and b"disk is full" in err and b"unchanged" in err, err
    assert wizard_file.read_bytes() == WIZARD
    assert os.listdir(wizard_file.parent) == [wizard_file.name]


def test_cli_set_refuses_to_overwrite_a_file_changed_meanwhile(wizard_file, monkeypatch):
    from pjtui.io import save as save_module

    def another_admin(step):
        if step == "check":
            wizard_file.write_bytes(WIZARD + b"; edited by someone else\n")

    monkeypatch.setattr(save_module, "_fault_hook", another_admin)
    code, out, err = run_cli(["set", str(wizard_file), "6001", "inbound_auth/password", "n3w"])
    assert code == 2 and b"changed on disk" in err and b"s3cret" not in err + out, err
    assert wizard_file.read_bytes() == WIZARD + b"; edited by someone else\n"
