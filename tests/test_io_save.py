"""save_file: atomic replace, owner/mode/symlink kept, backups, external changes, faults."""

from __future__ import annotations

import errno
import itertools
import os
import pathlib
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from pjtui.io import ExternalChange, SaveError, content_hash, read_file, save_file, writable
from pjtui.io import save as save_module

OLD = b"[6001](user)\ninbound_auth/password = old-secret\n"
NEW = b"[6001](user)\ninbound_auth/password = new-secret\ncontext = office\n"
ROOT = os.geteuid() == 0
STEPS_BEFORE_RENAME = ["check", "create", "write", "chown", "chmod", "fsync-file", "recheck",
                       "link", "backup", "rename"]
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(params=["tmpfile", "named"])
def temp_kind(request, monkeypatch):
    """Run each test with O_TMPFILE and with the named-temp fallback."""
    if request.param == "named":
        monkeypatch.setattr(save_module, "_HAVE_TMPFILE", False)
    elif not save_module._HAVE_TMPFILE:
        pytest.skip("no O_TMPFILE here")
    return request.param


@pytest.fixture
def conf(tmp_path):
    path = tmp_path / "etc" / "pjsip_wizard.conf"
    path.parent.mkdir()
    path.write_bytes(OLD)
    os.chmod(path, 0o640)
    if ROOT:
        os.chown(path, 1234, 2345)
    return path


def entries(directory) -> set[str]:
    return set(os.listdir(directory))


def assert_untouched(conf) -> None:
    assert conf.read_bytes() == OLD
    assert entries(conf.parent) <= {conf.name, conf.name + ".bak"}
    if (conf.parent / (conf.name + ".bak")).exists():
        assert (conf.parent / (conf.name + ".bak")).read_bytes() == OLD


def test_save_replaces_and_keeps_owner_group_mode(conf, temp_kind):
    os.chmod(conf, 0o604)
    before = os.stat(conf)
    result = save_file(conf, NEW, expected_hash=content_hash(OLD))
    after = os.stat(conf)
    assert conf.read_bytes() == NEW
    assert result.hash == content_hash(NEW) and not result.created and result.warnings == []
    assert stat.S_IMODE(after.st_mode) == 0o604
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # replaced by rename, not rewritten in place
    backup = conf.parent / (conf.name + ".bak")
    assert result.backup_path == str(backup) and backup.read_bytes() == OLD
    assert stat.S_IMODE(backup.stat().st_mode) == 0o604
    assert entries(conf.parent) == {conf.name, backup.name}


def test_result_hash_is_next_expected_hash(conf):
    first = save_file(conf, NEW, expected_hash=content_hash(OLD))
    second = save_file(conf, OLD, expected_hash=first.hash)
    assert conf.read_bytes() == OLD and second.hash == content_hash(OLD)


@pytest.mark.skipif(not ROOT, reason="needs root to give files another owner")
def test_setgid_mode_and_odd_owner_survive(conf):
    os.chown(conf, 0, 2345)
    os.chmod(conf, 0o2660)
    save_file(conf, NEW, expected_hash=content_hash(OLD))
    st = os.stat(conf)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, 2345, 0o2660)


def test_symlink_is_written_through(tmp_path, temp_kind):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "pjsip.conf"
    real.write_bytes(OLD)
    link = tmp_path / "pjsip.conf"
    link.symlink_to(real)
    result = save_file(link, NEW, expected_hash=content_hash(OLD))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == NEW
    assert result.real_path == str(real)
    assert result.backup_path == str(real) + ".bak"
    assert entries(tmp_path) == {"real", "pjsip.conf"}
    assert entries(real_dir) == {"pjsip.conf", "pjsip.conf.bak"}


def test_new_file_is_created_0640_and_refused_if_someone_made_it(tmp_path):
    path = tmp_path / "new.conf"
    result = save_file(path, NEW, expected_hash=None)
    assert result.created and result.backup_path is None
    assert path.read_bytes() == NEW and stat.S_IMODE(path.stat().st_mode) == 0o640
    with pytest.raises(ExternalChange) as caught:
        save_file(path, OLD, expected_hash=None)
    assert caught.value.current_bytes == NEW and path.read_bytes() == NEW


# -- backups ---------------------------------------------------------------------------------

def test_backup_none_keeps_nothing(conf):
    result = save_file(conf, NEW, expected_hash=content_hash(OLD), backup="none")
    assert result.backup_path is None and entries(conf.parent) == {conf.name}


def test_backup_one_holds_the_version_before_each_save(conf):
    h = save_file(conf, NEW, expected_hash=content_hash(OLD)).hash
    save_file(conf, b"third\n", expected_hash=h)
    assert (conf.parent / (conf.name + ".bak")).read_bytes() == NEW
    assert entries(conf.parent) == {conf.name, conf.name + ".bak"}


def test_backup_numbered_counts_up_and_prunes_the_oldest(conf):
    versions = [OLD] + [b"version %d\n" % i for i in range(1, 6)]
    for previous, new in itertools.pairwise(versions):
        save_file(conf, new, expected_hash=content_hash(previous), backup="numbered", keep_numbered=3)
    names = sorted(n for n in entries(conf.parent) if n != conf.name)
    assert names == [conf.name + ".bak.3", conf.name + ".bak.4", conf.name + ".bak.5"]
    # .bak.N holds the version before the N-th save
    for n in (3, 4, 5):
        assert (conf.parent / f"{conf.name}.bak.{n}").read_bytes() == versions[n - 1]


def test_backup_is_a_copy_where_hard_links_are_refused(conf, monkeypatch, temp_kind):
    real_link = os.link

    def no_links_to_target(src, dst, **kwargs):
        if os.fspath(src) == str(conf):
            raise OSError(errno.EPERM, "Operation not permitted")
        return real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", no_links_to_target)
    os.chmod(conf, 0o600)
    result = save_file(conf, NEW, expected_hash=content_hash(OLD))
    backup = conf.parent / (conf.name + ".bak")
    assert result.backup_path == str(backup) and backup.read_bytes() == OLD
    assert os.stat(backup).st_ino != os.stat(conf).st_ino
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert (backup.stat().st_uid, backup.stat().st_gid) == (conf.stat().st_uid, conf.stat().st_gid)
    assert entries(conf.parent) == {conf.name, backup.name}


def test_save_works_where_linking_an_unnamed_file_is_refused(conf, monkeypatch):
    if not save_module._HAVE_TMPFILE:
        pytest.skip("no O_TMPFILE here")
    real_link = os.link
    refused = []

    def no_proc_links(src, dst, **kwargs):
        if os.fspath(src).startswith("/proc/"):
            refused.append(src)
            raise OSError(errno.ENOENT, "No such file or directory")
        return real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", no_proc_links)
    os.chmod(conf, 0o620)
    result = save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert refused and conf.read_bytes() == NEW and result.backup_path
    assert stat.S_IMODE(conf.stat().st_mode) == 0o620
    assert entries(conf.parent) == {conf.name, conf.name + ".bak"}


def test_symlink_planted_at_backup_name_is_replaced_not_followed(conf, tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    (conf.parent / (conf.name + ".bak")).symlink_to(victim)
    save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert victim.read_bytes() == b"precious\n"
    backup = conf.parent / (conf.name + ".bak")
    assert not backup.is_symlink() and backup.read_bytes() == OLD


# -- external changes ------------------------------------------------------------------------

def test_external_change_is_refused_and_carries_what_is_on_disk(conf):
    loaded = read_file(conf)
    conf.write_bytes(b"rewritten by FreePBX\n")
    with pytest.raises(ExternalChange) as caught:
        save_file(conf, NEW, expected_hash=loaded.hash)
    err = caught.value
    assert err.current_bytes == b"rewritten by FreePBX\n"
    assert err.current_hash == content_hash(b"rewritten by FreePBX\n")
    assert "changed on disk" in str(err) and str(conf) in str(err)
    assert conf.read_bytes() == b"rewritten by FreePBX\n" and entries(conf.parent) == {conf.name}
    # "overwrite": the caller saves again against what it was shown
    save_file(conf, NEW, expected_hash=err.current_hash)
    assert conf.read_bytes() == NEW


def test_deleted_file_is_an_external_change(conf):
    conf.unlink()
    with pytest.raises(ExternalChange) as caught:
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert caught.value.current_bytes is None and "deleted" in str(caught.value)
    assert entries(conf.parent) == set()


def test_change_during_the_save_is_caught_before_the_rename(conf, monkeypatch, temp_kind):
    def other_admin(step):
        if step == "fsync-file":
            conf.write_bytes(b"other admin\n")

    monkeypatch.setattr(save_module, "_fault_hook", other_admin)
    with pytest.raises(ExternalChange):
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert conf.read_bytes() == b"other admin\n" and entries(conf.parent) == {conf.name}


# -- faults ----------------------------------------------------------------------------------

@pytest.mark.parametrize("step", STEPS_BEFORE_RENAME)
def test_io_error_at_each_step_leaves_old_file_and_no_temp(conf, monkeypatch, step, temp_kind):
    def fail(at):
        if at == step:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(save_module, "_fault_hook", fail)
    with pytest.raises(SaveError) as caught:
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert "unchanged" in str(caught.value) and str(conf) in str(caught.value)
    assert_untouched(conf)


@pytest.mark.parametrize("step", STEPS_BEFORE_RENAME)
def test_interrupt_at_each_step_leaves_old_file_and_no_temp(conf, monkeypatch, step, temp_kind):
    def interrupt(at):
        if at == step:
            raise KeyboardInterrupt

    monkeypatch.setattr(save_module, "_fault_hook", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert_untouched(conf)


def test_failed_directory_fsync_after_rename_is_a_warning(conf, monkeypatch):
    def fail(at):
        if at == "fsync-dir":
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(save_module, "_fault_hook", fail)
    result = save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert conf.read_bytes() == NEW and "flush the directory" in result.warnings[0]


@pytest.mark.parametrize("fails", ["write", "fsync"])
def test_full_disk_loses_nothing_and_says_so(conf, monkeypatch, fails, temp_kind):
    real = getattr(os, fails)
    calls = []

    def full(fd, *args):
        calls.append(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, fails, full)
    with pytest.raises(SaveError) as caught:
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    monkeypatch.setattr(os, fails, real)
    message = str(caught.value)
    assert calls and caught.value.errno == errno.ENOSPC
    assert "disk is full" in message and "unchanged" in message and "Free some space, then save again" in message
    assert_untouched(conf)


def test_full_disk_while_copying_the_backup_loses_nothing(conf, monkeypatch):
    monkeypatch.setattr(os, "link", _refuse_link)
    monkeypatch.setattr(save_module, "_HAVE_TMPFILE", False)
    real_write = os.write
    writes = []

    def second_write_fails(fd, data):
        writes.append(fd)
        if len(writes) == 2:  # the first is the new version, the second the backup copy
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", second_write_fails)
    with pytest.raises(SaveError) as caught:
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert "backup" in str(caught.value) and "disk is full" in str(caught.value)
    assert conf.read_bytes() == OLD and entries(conf.parent) == {conf.name}


def _refuse_link(src, dst, **kwargs):
    raise OSError(errno.EPERM, "Operation not permitted")


def test_read_only_filesystem_loses_nothing_and_says_so(conf, monkeypatch, temp_kind):
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(SaveError) as caught:
        save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert "read-only" in str(caught.value) and "Remount" in str(caught.value)
    monkeypatch.setattr(os, "open", real_open)
    assert_untouched(conf)


def run_as_nobody(function, *args) -> str:
    """Run ``function(*args)`` in a forked child with uid/gid 65534; return what it returned.

    Forked rather than exec'd: the venv's python may sit where nobody cannot read.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            try:
                result = str(function(*args))
            except BaseException as err:
                result = f"child failed: {err!r}"
            os.write(write_end, result.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        out = pipe.read().decode()
    os.waitpid(pid, 0)
    return out


def save_and_report(path: str) -> str:
    banner = writable(path).reason
    try:
        save_file(path, b"new\n", expected_hash=content_hash(open(path, "rb").read()))
    except SaveError as err:
        return f"{banner}\n{err}"
    return f"{banner}\nsaved"


@pytest.fixture
def open_tmp():
    """A directory nobody can reach (pytest's tmp_path sits under a 0700 directory)."""
    directory = tempfile.mkdtemp(prefix="pjtui-test-")
    os.chmod(directory, 0o755)
    yield pathlib.Path(directory)
    for root, dirs, _files in os.walk(directory):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
    shutil.rmtree(directory)


@pytest.mark.skipif(not ROOT, reason="needs root to run a save as another user")
def test_read_only_directory_for_real(open_tmp):
    directory = open_tmp / "ro"
    directory.mkdir()
    path = directory / "pjsip.conf"
    path.write_bytes(OLD)
    os.chmod(path, 0o666)
    os.chmod(directory, 0o555)
    banner, message = run_as_nobody(save_and_report, str(path)).splitlines()
    assert banner.startswith("Read-only: no permission to create files in")
    assert message.startswith("Not saved: permission denied") and "unchanged" in message
    assert path.read_bytes() == OLD and entries(directory) == {"pjsip.conf"}


@pytest.mark.skipif(not ROOT, reason="needs root to run a save as another user")
def test_owner_that_cannot_be_kept_refuses_the_save(open_tmp):
    directory = open_tmp / "mine"
    directory.mkdir()
    os.chown(directory, 65534, 65534)
    path = directory / "pjsip.conf"
    path.write_bytes(OLD)
    os.chmod(path, 0o644)  # root's file in a directory nobody may write
    out = run_as_nobody(save_and_report, str(path))
    assert "could not be given the owner and group (0:0)" in out
    assert path.read_bytes() == OLD and entries(directory) == {"pjsip.conf"}


KILL_AT_STEP = textwrap.dedent("""
    import os, signal, sys
    from pjtui.io import content_hash, save_file, save as save_module
    path, step, kind = sys.argv[1:4]
    if kind == "named":
        save_module._HAVE_TMPFILE = False
    def kill(at):
        if at == step:
            os.kill(os.getpid(), signal.SIGKILL)
    save_module._fault_hook = kill
    save_file(path, sys.stdin.buffer.read(), expected_hash=content_hash(open(path, "rb").read()))
    """)


@pytest.mark.parametrize("kind", ["tmpfile", "named"])
def test_sigkill_at_each_step_leaves_old_or_new_and_nothing_readable(tmp_path, kind):
    """A real kill -9 at every step of a save, each in its own process."""
    if kind == "tmpfile" and not save_module._HAVE_TMPFILE:
        pytest.skip("no O_TMPFILE here")
    new = NEW * 2000  # ~130 kB so writing is not a single tiny syscall
    for step in STEPS_BEFORE_RENAME + ["fsync-dir"]:
        directory = tmp_path / step
        directory.mkdir()
        path = directory / "pjsip.conf"
        path.write_bytes(OLD)
        os.chmod(path, 0o640)
        proc = subprocess.run([sys.executable, "-c", KILL_AT_STEP, str(path), step, kind],
                              input=new, cwd=PROJECT, capture_output=True, timeout=30)
        assert proc.returncode == -signal.SIGKILL, (step, proc.stderr)
        expected = new if step == "fsync-dir" else OLD
        assert path.read_bytes() == expected, step
        for name in entries(directory) - {"pjsip.conf", "pjsip.conf.bak"}:
            leftover = directory / name
            mode = stat.S_IMODE(leftover.stat().st_mode)
            assert name.startswith(".pjsip.conf.pjtui-") and name.endswith(".tmp"), (step, name)
            # never more readable than the file itself
            assert mode in (0o600, 0o640), (step, name, oct(mode))
            if kind == "tmpfile":
                assert step in ("backup", "rename"), (step, name)  # unnamed until then


def test_sigkill_at_a_random_moment_of_repeated_saves(tmp_path):
    """Saves in a loop, killed from outside: the file is always one whole version."""
    path = tmp_path / "pjsip.conf"
    versions = [b"A" * 300_000 + b"\n", b"B" * 200_000 + b"\n"]
    path.write_bytes(versions[0])
    loop = textwrap.dedent("""
        import sys
        from pjtui.io import content_hash, save_file
        path = sys.argv[1]
        a, b = b"A" * 300_000 + b"\\n", b"B" * 200_000 + b"\\n"
        current = a
        print("ready", flush=True)
        while True:
            nxt = b if current == a else a
            save_file(path, nxt, expected_hash=content_hash(current), backup="one")
            current = nxt
        """)
    for delay in (0.05, 0.13, 0.21):
        proc = subprocess.Popen([sys.executable, "-c", loop, str(path)], cwd=PROJECT,
                                stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(delay)
        proc.kill()
        proc.wait()
        proc.stdout.close()
        assert path.read_bytes() in versions
        assert (tmp_path / "pjsip.conf.bak").read_bytes() in versions


def test_stale_temp_files_from_a_killed_save_are_removed(conf):
    stale = conf.parent / f".{conf.name}.pjtui-0123abcd.tmp"
    fresh = conf.parent / f".{conf.name}.pjtui-89abcdef.tmp"
    unrelated = conf.parent / ".other.conf.pjtui-0123abcd.tmp"
    for leftover in (stale, fresh, unrelated):
        leftover.write_bytes(b"x")
        os.utime(leftover, (time.time() - 7200,) * 2)
    os.utime(fresh, None)
    save_file(conf, NEW, expected_hash=content_hash(OLD))
    assert not stale.exists() and fresh.exists() and unrelated.exists()


def test_writable_says_why_not(conf, monkeypatch):
    assert writable(conf).ok and writable(conf).reason is None
    assert not writable(conf.parent / "missing-dir" / "x.conf")

    class ReadOnly:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly())
    result = writable(conf)
    assert not result and "read-only filesystem" in result.reason


def test_bad_backup_mode_is_a_programming_error(conf):
    with pytest.raises(ValueError):
        save_file(conf, NEW, expected_hash=content_hash(OLD), backup="two")


def test_planned_backup_names_what_save_will_keep(conf, tmp_path):
    from pjtui.io import planned_backup

    assert planned_backup(conf, "none") is None
    assert planned_backup(conf, "one") == str(conf) + ".bak"
    assert planned_backup(tmp_path / "absent.conf", "one") is None
    planned = planned_backup(conf, "numbered")
    assert planned == str(conf) + ".bak.1"
    result = save_file(conf, NEW, expected_hash=content_hash(OLD), backup="numbered")
    assert result.backup_path == planned and planned_backup(conf, "numbered") == str(conf) + ".bak.2"


def test_two_saves_at_once_take_turns_and_the_second_sees_the_first(tmp_path):
    import fcntl
    import threading

    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(b"a = 1\n")
    loaded = content_hash(b"a = 1\n")
    held = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(held, fcntl.LOCK_EX)          # another pjtui is in the middle of its save here
    outcome = {}

    def second_save():
        try:
            save_module.save_file(path, b"a = 2\n", expected_hash=loaded)
            outcome["saved"] = True
        except ExternalChange as err:
            outcome["external"] = err

    worker = threading.Thread(target=second_save)
    worker.start()
    worker.join(0.5)
    assert worker.is_alive() and path.read_bytes() == b"a = 1\n"    # it waits its turn
    other = tmp_path / ".other-pjtui.tmp"                              # the first save lands
    other.write_bytes(b"a = 3\n")
    os.replace(other, path)
    os.close(held)
    worker.join(30)
    assert not worker.is_alive()
    assert "external" in outcome and path.read_bytes() == b"a = 3\n"  # nothing of the first lost


def test_a_save_that_cannot_get_its_turn_says_so_and_writes_nothing(tmp_path, monkeypatch):
    import fcntl

    monkeypatch.setattr(save_module, "LOCK_WAIT_SECONDS", 0.2)
    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(b"a = 1\n")
    held = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        with pytest.raises(SaveError) as caught:
            save_module.save_file(path, b"a = 2\n", expected_hash=content_hash(b"a = 1\n"))
    finally:
        os.close(held)
    assert "another pjtui" in str(caught.value) and "unchanged" in str(caught.value)
    assert path.read_bytes() == b"a = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pjsip_wizard.conf"]
