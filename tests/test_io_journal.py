"""Journal of unsaved edits: private, keyed by real path, restorable after SIGHUP/kill."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from pjtui.io import Journal, content_hash, find_journal, state_dir
from pjtui.io.journal import JournalError, journal_path

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = b"[6001](user)\ninbound_auth/password = s3cret\n"
EDITED = b"[6001](user)\ninbound_auth/password = n3w-s3cret\ncontext = office\n"


@pytest.fixture
def state(tmp_path, monkeypatch):
    directory = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(directory))
    return directory / "pjtui"


@pytest.fixture
def conf(tmp_path):
    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(BASE)
    return path


def test_state_dir_follows_xdg_and_ignores_relative_values(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert state_dir() == str(tmp_path / "pjtui")
    monkeypatch.setenv("XDG_STATE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert state_dir() == str(tmp_path / "home" / ".local" / "state" / "pjtui")
    monkeypatch.delenv("XDG_STATE_HOME")
    assert state_dir() == str(tmp_path / "home" / ".local" / "state" / "pjtui")


def test_write_then_find_restores_exact_bytes_privately(state, conf):
    journal = Journal(conf, base_hash=content_hash(BASE))
    journal.write(EDITED)
    entry = find_journal(conf)
    assert entry is not None and entry.restorable and entry.data == EDITED
    assert entry.path == str(conf) and "Restore them?" in entry.message
    assert not entry.other_session_alive  # it is this process
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(state / "journal").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600
    assert os.listdir(state / "journal") == [os.path.basename(journal.path)]
    assert conf.read_bytes() == BASE  # the original is never touched


def test_non_utf8_bytes_and_odd_path_round_trip(state, tmp_path):
    conf = tmp_path / "caf\udce9.conf"  # a file name that is not UTF-8
    conf.write_bytes(b"x")
    edited = bytes(range(256)) * 3 + b"\r\n\x00tail"
    Journal(conf, base_hash=content_hash(b"x")).write(edited)
    entry = find_journal(conf)
    assert entry is not None and entry.data == edited and entry.restorable


def test_keyed_by_real_path_so_a_symlink_finds_it(state, conf, tmp_path):
    link = tmp_path / "link.conf"
    link.symlink_to(conf)
    Journal(link, base_hash=content_hash(BASE)).write(EDITED)
    assert find_journal(conf).data == EDITED
    assert journal_path(str(link)) == journal_path(str(conf))
    assert find_journal(tmp_path / "other.conf") is None


def test_changed_file_is_not_restorable_and_says_why(state, conf):
    Journal(conf, base_hash=content_hash(BASE)).write(EDITED)
    conf.write_bytes(b"changed by someone else\n")
    entry = find_journal(conf)
    assert entry is not None and not entry.restorable and entry.data == EDITED
    assert "changed since then" in entry.message and entry.journal_path in entry.message
    conf.unlink()
    entry = find_journal(conf)
    assert entry.current_hash is None and "no longer exists" in entry.message


def test_discard_and_rebase(state, conf):
    journal = Journal(conf, base_hash=content_hash(BASE))
    journal.write(EDITED)
    journal.rebase(content_hash(EDITED))  # what a save does
    assert find_journal(conf) is None and not journal.flush()
    journal.write(EDITED + b"more\n")
    assert find_journal(conf).base_hash == content_hash(EDITED)
    journal.discard()
    journal.discard()  # twice is fine
    assert find_journal(conf) is None


def test_damaged_or_foreign_journal_is_ignored(state, conf):
    journal = Journal(conf, base_hash=content_hash(BASE))
    journal.write(EDITED)
    with open(journal.path, "r+b") as handle:  # torn: the data does not match its hash
        handle.seek(-3, os.SEEK_END)
        handle.write(b"XYZ")
    assert find_journal(conf) is None
    with open(journal.path, "wb") as handle:
        handle.write(b"garbage without header")
    assert find_journal(conf) is None
    if os.geteuid() == 0:
        journal.write(EDITED + b"x")
        os.chown(journal.path, 4321, 4321)
        assert find_journal(conf) is None  # planted by another user: not trusted


def test_loose_permissions_are_tightened(state, conf):
    Journal(conf, base_hash=None).write(b"a")
    os.chmod(state, 0o755)
    os.chmod(state / "journal", 0o777)
    Journal(conf, base_hash=None).write(b"b")
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(state / "journal").st_mode) == 0o700


def test_state_dir_owned_by_someone_else_is_refused(state, conf):
    if os.geteuid() != 0:
        pytest.skip("needs root to chown")
    state.mkdir(parents=True)
    os.chown(state, 4321, 4321)
    with pytest.raises(JournalError) as caught:
        Journal(conf, base_hash=None).write(b"a")
    assert "not a directory owned by you" in str(caught.value)


def test_unwritable_state_dir_raises_journal_error_with_message(tmp_path, monkeypatch, conf):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # a file where a directory should be
    with pytest.raises(JournalError) as caught:
        Journal(conf, base_hash=None).write(b"a")
    assert "only in memory" in str(caught.value) or "Unsaved edits will not be kept" in str(caught.value)


def test_unchanged_write_does_no_io(state, conf, monkeypatch):
    # How fast a write is belongs to benchmarks; what must hold is that a repeated
    # write of the same bytes (every keystroke that changes nothing) touches no file.
    journal = Journal(conf, base_hash=content_hash(BASE))
    data = b"[6001](user)\ninbound_auth/password = x\n" * 500
    journal.write(data)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    for _ in range(50):
        journal.write(data)
    assert opened == []
    journal.write(data + b"more\n")
    assert opened, "a changed write must reach the journal file"


EDIT_THEN_WAIT = textwrap.dedent("""
    import sys, time
    from pjtui.io import Journal, content_hash, install_hangup_handler
    path, mode = sys.argv[1], sys.argv[2]
    journal = Journal(path, base_hash=content_hash(open(path, "rb").read()))
    journal.write(b"first edit\\n")
    journal.write(sys.stdin.buffer.read())      # the latest edit
    def on_terminate():
        print("terminating", flush=True)
        sys.exit(0)
    install_hangup_handler(flush=journal.flush, on_terminate=on_terminate if mode == "graceful" else None)
    print("ready", flush=True)
    time.sleep(30)
    """)


@pytest.mark.parametrize("sig, mode, code", [(signal.SIGHUP, "plain", 129),
                                             (signal.SIGTERM, "plain", 143),
                                             (signal.SIGTERM, "graceful", 0),
                                             (signal.SIGHUP, "graceful", 129)])
def test_journal_survives_hangup_and_a_new_process_finds_it(state, conf, sig, mode, code):
    env = dict(os.environ, XDG_STATE_HOME=str(state.parent))
    proc = subprocess.Popen([sys.executable, "-c", EDIT_THEN_WAIT, str(conf), mode], cwd=PROJECT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    proc.stdin.write(EDITED)
    proc.stdin.close()
    assert proc.stdout.readline() == b"ready\n"
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == code  # the flush fsyncs: slow when the disk is busy
    rest = proc.stdout.read()
    proc.stdout.close()
    assert rest == (b"terminating\n" if code == 0 else b"")
    finder = subprocess.run(
        [sys.executable, "-c", "import sys; from pjtui.io import find_journal; e = find_journal(sys.argv[1]);"
         " sys.stdout.buffer.write(b'%d %d ' % (e.restorable, e.other_session_alive) + e.data)",
         str(conf)], cwd=PROJECT, env=env, capture_output=True, timeout=30)
    assert finder.stdout == b"1 0 " + EDITED, finder.stderr
    assert conf.read_bytes() == BASE


def test_journal_survives_sigkill(state, conf):
    env = dict(os.environ, XDG_STATE_HOME=str(state.parent))
    proc = subprocess.Popen([sys.executable, "-c", EDIT_THEN_WAIT, str(conf), "plain"], cwd=PROJECT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    proc.stdin.write(EDITED)
    proc.stdin.close()
    assert proc.stdout.readline() == b"ready\n"
    entry = find_journal(conf)
    assert entry.other_session_alive and "right now" in entry.message
    proc.kill()
    proc.wait()
    proc.stdout.close()
    entry = find_journal(conf)
    assert entry.restorable and entry.data == EDITED and not entry.other_session_alive


def test_find_does_not_hang_when_the_file_became_a_fifo(state, conf):
    Journal(conf, base_hash=content_hash(BASE)).write(EDITED)
    conf.unlink()
    os.mkfifo(conf)
    entry = find_journal(conf)
    assert entry is not None and not entry.restorable and entry.data == EDITED


def test_hangup_handler_uninstalls_and_flush_errors_do_not_stop_the_exit():
    from pjtui.io import install_hangup_handler

    before = signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)
    terminated = []

    def broken_flush():
        raise OSError("journal disk gone")

    uninstall = install_hangup_handler(flush=broken_flush, on_terminate=lambda: terminated.append(1))
    try:
        assert signal.getsignal(signal.SIGHUP) is not before[0]
        signal.raise_signal(signal.SIGTERM)  # handled in this process: flush fails, terminate still runs
        assert terminated == [1]
    finally:
        uninstall()
    assert (signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)) == before
