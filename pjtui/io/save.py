"""Atomic, checked saving of a config file.

``save_file`` replaces a file so that, whatever happens (crash, kill -9, full disk, power
loss after it returns), the path holds either the complete old content or the complete
new content, with the original owner, group and mode; a temporary file left behind by a
kill is never readable by anyone who cannot read the file itself.

Steps (each names a point where the process may die; see ``_fault_hook``):
  check       the file on disk still has ``expected_hash`` (else ExternalChange)
  create      an unnamed file (O_TMPFILE) in the target's directory, mode 0600; where the
              filesystem lacks O_TMPFILE, a ``.NAME.pjtui-XXXXXXXX.tmp`` made O_EXCL, 0600
  write       the new bytes
  chown       owner and group of the original, then its ACLs/SELinux label (xattrs)
  chmod       its mode      fsync-file   data and metadata to disk
  recheck     the file on disk still has ``expected_hash``
  link        give the unnamed file its temporary name (O_TMPFILE case; where linkat is
              refused, the content is written again to a named temp file)
  backup      ``NAME.bak`` / ``NAME.bak.N`` (a hard link to the old file, or a copy)
  rename      over the target (atomic)
  verify      the replaced file, read again through the descriptor of ``recheck``, still has
              ``expected_hash``; else another program wrote into it in place meanwhile: its
              version is put back and ExternalChange raised (nothing of theirs is lost)
  fsync-dir   make the rename durable

From ``check`` to ``rename`` the save holds an exclusive ``flock`` on the directory: two
pjtui processes saving there at the same instant take turns, so the second one's check
sees the first one's file and reports an external change instead of overwriting it (the
lock is advisory: other editors do not take it; where it cannot be taken, the two hash
checks remain).

A kill before ``link`` leaves no file at all (O_TMPFILE); between ``link`` and ``rename``
it leaves a hidden temp file with the owner and mode of the target, so nobody can read it
who could not read the file itself (without O_TMPFILE: from ``chmod`` on, before it the
temp file is 0600). A later save of the same file removes leftovers older than an hour.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass, field
from typing import Callable, Literal

from pjtui.io.errors import ExternalChange, SaveError, advice_for, describe_oserror
from pjtui.io.files import content_hash

BackupMode = Literal["none", "one", "numbered"]
BACKUP_MODES = ("none", "one", "numbered")

# Mode for a file pjtui creates (no original to copy): readable by the asterisk group.
NEW_FILE_MODE = 0o640

# Test hook: called with each step name; a test makes it raise or kill the process.
_fault_hook: Callable[[str], None] | None = None

_HAVE_TMPFILE = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
_STALE_TEMP_SECONDS = 3600
# linkat() of an O_TMPFILE refused (no /proc, a security module, an odd filesystem)
_LINK_UNSUPPORTED = (errno.ENOENT, errno.EPERM, errno.EACCES, errno.EXDEV, errno.EOPNOTSUPP,
                     errno.EINVAL, errno.ENOSYS)


@dataclass(frozen=True)
class SaveResult:
    path: str                      # as given
    real_path: str                 # the file actually replaced (symlinks resolved)
    hash: str                      # content_hash of what is now on disk: the new expected_hash
    backup_path: str | None        # where the previous version was kept, if anywhere
    created: bool                  # there was no file before
    warnings: list[str] = field(default_factory=list)


_STEP_WORDS = {
    "check": "checking the file on disk",
    "create": "creating a temporary file next to it",
    "write": "writing the new version",
    "fsync-file": "flushing the new version to disk",
    "chown": "giving the new version the owner and group of the old one",
    "chmod": "giving the new version the mode of the old one",
    "link": "naming the new version",
    "recheck": "checking the file on disk again",
    "backup": "keeping a backup of the previous version",
    "rename": "putting the new version in place",
    "verify": "reading the replaced version once more",
    "fsync-dir": "flushing the directory to disk",
}


class _Progress:
    """Which step a save is at, for the error message and the test hook."""

    def __init__(self, *, report: bool = True):
        self.step_name = "check"
        self.report = report

    def step(self, name: str) -> None:
        if not self.report:
            return
        self.step_name = name
        if _fault_hook is not None:
            _fault_hook(name)

    @property
    def words(self) -> str:
        return _STEP_WORDS[self.step_name]


def temp_name(target: str) -> str:
    """A fresh temporary name next to ``target``: hidden, and not matching ``*.conf`` globs."""
    directory, name = os.path.split(target)
    return os.path.join(directory, f".{name}.pjtui-{secrets.token_hex(4)}.tmp")


def _read_current(target: str, shown: str, *, keep_open: bool = False) -> tuple[bytes | None, int | None]:
    """The file's bytes now (None: there is none), and with ``keep_open`` the descriptor
    they were read through, so the same file can be read again after the rename."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None, None
    except OSError as err:
        raise SaveError(shown, f"Not saved: cannot read the current {shown} to check it was not "
                               f"changed meanwhile: {describe_oserror(err)}.", errno=err.errno) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SaveError(shown, f"Not saved: {shown} is not a regular file.")
        data = _read_fd(fd)
    except BaseException as err:
        os.close(fd)
        if isinstance(err, OSError):
            raise SaveError(shown, f"Not saved: cannot read the current {shown}: "
                                   f"{describe_oserror(err)}.", errno=err.errno) from None
        raise
    if not keep_open:
        os.close(fd)
        return data, None
    return data, fd


def _read_fd(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _check_unchanged(target: str, shown: str, expected_hash: str | None, *,
                     keep_open: bool = False) -> tuple[bytes | None, int | None]:
    current, fd = _read_current(target, shown, keep_open=keep_open)
    current_hash = None if current is None else content_hash(current)
    if current_hash != expected_hash:
        if fd is not None:
            os.close(fd)
        raise ExternalChange(shown, current_bytes=current, current_hash=current_hash,
                             expected_hash=expected_hash)
    return current, fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_directory(directory: str) -> None:
    """Make a rename in ``directory`` durable (ignored where directories cannot be fsynced)."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _copy_xattrs(source: str, fd: int, warnings: list[str]) -> None:
    """Keep SELinux labels and ACLs of the original (best effort)."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(source, name))
        except OSError as err:
            warnings.append(f"could not keep the extended attribute {name} ({describe_oserror(err)})")


class _TempFile:
    """A new file in ``directory`` holding ``data`` with the given owner/mode, not yet in place."""

    def __init__(self, target: str, progress: _Progress):
        self.progress = progress
        self.target = target
        self.directory = os.path.dirname(target)
        self.fd: int | None = None
        self.name: str | None = None   # set once the file has a name on disk
        self._contents: tuple[bytes, dict] | None = None

    def create(self) -> None:
        self.progress.step("create")
        if _HAVE_TMPFILE:
            try:
                self.fd = os.open(self.directory, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
                return
            except OSError as err:
                if err.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                    raise
        self._create_named()

    def _create_named(self) -> None:
        for _ in range(100):
            name = temp_name(self.target)
            try:
                self.fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                                  | os.O_CLOEXEC, 0o600)
            except FileExistsError:
                continue
            self.name = name
            return
        raise OSError(errno.EEXIST, "could not find a free temporary name")

    def fill(self, data: bytes, *, uid: int, gid: int, mode: int, xattrs_from: str | None,
             warnings: list[str]) -> None:
        """Write ``data`` with the owner, group, attributes and mode, and fsync it all."""
        assert self.fd is not None
        self._contents = (data, dict(uid=uid, gid=gid, mode=mode, xattrs_from=xattrs_from,
                                     warnings=warnings))
        self.progress.step("write")
        _write_all(self.fd, data)
        self.progress.step("chown")
        st = os.fstat(self.fd)
        if (st.st_uid, st.st_gid) != (uid, gid):
            os.fchown(self.fd, uid, gid)
        if xattrs_from is not None:
            _copy_xattrs(xattrs_from, self.fd, warnings)
        self.progress.step("chmod")
        os.fchmod(self.fd, mode)   # after chown, which may clear set-id bits
        self.progress.step("fsync-file")
        os.fsync(self.fd)

    def give_name(self) -> str:
        """Name the file on disk, at the last moment: a kill before this leaves nothing."""
        self.progress.step("link")
        if self.name is None:
            # linkat(AT_SYMLINK_FOLLOW) on the /proc link; CPython only uses linkat, not
            # link(), when a dir_fd is given, hence the directory descriptor.
            dir_fd = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            try:
                for _ in range(100):
                    name = temp_name(self.target)
                    try:
                        os.link(f"/proc/self/fd/{self.fd}", os.path.basename(name),
                                dst_dir_fd=dir_fd, follow_symlinks=True)
                    except FileExistsError:
                        continue
                    except OSError as err:
                        if err.errno not in _LINK_UNSUPPORTED:
                            raise
                        self._write_named_instead()
                        break
                    self.name = name
                    break
                else:
                    raise OSError(errno.EEXIST, "could not find a free temporary name")
            finally:
                os.close(dir_fd)
        assert self.name is not None
        return self.name

    def _write_named_instead(self) -> None:
        """/proc missing or linkat refused: write the same content to a named temp file."""
        assert self._contents is not None
        self.close()
        self._create_named()
        data, attributes = self._contents
        self.fill(data, **attributes)

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)

    def discard(self) -> None:
        """Remove every trace (after a failure); never raises."""
        try:
            self.close()
        except OSError:
            pass
        if self.name is not None:
            try:
                os.unlink(self.name)
            except OSError:
                pass
            self.name = None


def _numbered_backups(target: str) -> list[tuple[int, str]]:
    directory, name = os.path.split(target)
    pattern = re.compile(re.escape(name) + r"\.bak\.(\d+)\Z")
    found = []
    for entry in os.listdir(directory):
        match = pattern.match(entry)
        if match:
            found.append((int(match.group(1)), os.path.join(directory, entry)))
    return sorted(found)


def planned_backup(path: str | os.PathLike, backup: BackupMode) -> str | None:
    """Where ``save_file(path, ..., backup=backup)`` would keep the previous version now
    (for the save dialog), or None when there is no previous version or no backup."""
    target = os.path.realpath(os.fspath(path))
    if backup == "none" or not os.path.isfile(target):
        return None
    if backup == "one":
        return target + ".bak"
    try:
        highest = max((n for n, _ in _numbered_backups(target)), default=0)
    except OSError:
        highest = 0
    return f"{target}.bak.{highest + 1}"


def _make_backup(target: str, old: bytes, st: os.stat_result, mode: BackupMode,
                 warnings: list[str]) -> str:
    """Keep the current file as a backup; returns its path. Raises OSError."""
    if mode == "one":
        wanted = [target + ".bak"]
    else:
        highest = max((n for n, _ in _numbered_backups(target)), default=0)
        wanted = [f"{target}.bak.{n}" for n in range(highest + 1, highest + 101)]
    try:
        return _place_backup(target, wanted, mode, link_from=target)
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
    # The filesystem refuses hard links: write a copy the same careful way as the file itself.
    copy = _TempFile(target, _Progress(report=False))
    try:
        copy.create()
        copy.fill(old, uid=st.st_uid, gid=st.st_gid, mode=stat.S_IMODE(st.st_mode),
                  xattrs_from=target, warnings=warnings)
        name = copy.give_name()
        copy.close()
        placed = _place_backup(target, wanted, mode, link_from=name)
    finally:
        copy.discard()
    return placed


def _place_backup(target: str, wanted: list[str], mode: BackupMode, *, link_from: str) -> str:
    if mode == "one":
        # link to a temporary name, then rename over NAME.bak: atomic, and a symlink planted
        # at NAME.bak is replaced rather than followed.
        for _ in range(100):
            name = temp_name(target)
            try:
                os.link(link_from, name)
            except FileExistsError:
                continue
            try:
                os.replace(name, wanted[0])
            except OSError:
                os.unlink(name)
                raise
            return wanted[0]
    else:
        for candidate in wanted:
            try:
                os.link(link_from, candidate)   # never overwrites an existing backup
                return candidate
            except FileExistsError:
                continue
    raise OSError(errno.EEXIST, "no free backup name")


def _prune_numbered(target: str, keep: int, warnings: list[str]) -> None:
    backups = _numbered_backups(target)
    for _, old in backups[:max(0, len(backups) - keep)]:
        try:
            os.unlink(old)
        except OSError as err:
            warnings.append(f"could not remove the old backup {old} ({describe_oserror(err)})")


def _remove_stale_temps(target: str) -> None:
    """Temp files of a pjtui killed mid-save (mode 0600, but still: tidy them)."""
    directory, name = os.path.split(target)
    pattern = re.compile(r"\." + re.escape(name) + r"\.pjtui-[0-9a-f]{8}\.tmp\Z")
    now = time.time()
    try:
        entries = os.listdir(directory)
    except OSError:
        return
    for entry in entries:
        if pattern.match(entry):
            full = os.path.join(directory, entry)
            try:
                if now - os.lstat(full).st_mtime > _STALE_TEMP_SECONDS:
                    os.unlink(full)
            except OSError:
                pass


# How long a save waits for another pjtui process saving in the same directory.
LOCK_WAIT_SECONDS = 10.0


class _DirectoryLock:
    """Exclusive ``flock`` on a directory while a save replaces a file in it."""

    def __init__(self, directory: str, shown: str) -> None:
        self.directory = directory
        self.shown = shown
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            self.fd = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return              # an unreadable directory: the hash checks alone
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self.release()
                    raise SaveError(self.shown, f"Not saved: another pjtui has been saving in "
                                                f"{self.directory} for {LOCK_WAIT_SECONDS:.0f} s. The file "
                                                "is unchanged; save again in a moment.") from None
                time.sleep(0.05)
            except OSError:
                return          # a filesystem without flock: the hash checks alone

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)   # releases the lock
            self.fd = None


def _save_error(shown: str, err: OSError, doing: str) -> SaveError:
    # No "your edits are still in the editor": `pjtui set` has no editor (issue 18.7).
    return SaveError(shown, f"Not saved: {describe_oserror(err)} ({doing}). {shown} is unchanged. "
                            f"{advice_for(err, 'save')}", errno=err.errno)


def _close(fd: int | None) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


def _verify_after_rename(target: str, shown: str, watch: int, expected_hash: str | None,
                         st: os.stat_result | None, backup_path: str | None, data: bytes) -> None:
    """Read the replaced file once more through ``watch`` (the descriptor of the last check),
    and the file now at the path.

    Another program that wrote into the old file in place between that check and the
    rename would lose its edit (it survives only in the backup): put its version back and
    raise :class:`ExternalChange` instead of reporting "saved".  One that replaced the
    file after the rename has its version on disk: ExternalChange too, nothing to put
    back.  Closes ``watch``.
    """
    try:
        late = _read_fd(watch)
        now = _read_current(target, shown)[0] if content_hash(late) == expected_hash else None
    except (OSError, SaveError):
        return      # saved, only not verified a second time: not worth a false "not saved"
    finally:
        os.close(watch)
    if content_hash(late) == expected_hash:
        if now != data:
            raise ExternalChange(shown, current_bytes=now, current_hash=None if now is None else content_hash(now),
                                 expected_hash=expected_hash, during_save=True)
        return
    assert st is not None
    restore = _TempFile(target, _Progress(report=False))
    try:
        restore.create()
        restore.fill(late, uid=st.st_uid, gid=st.st_gid, mode=stat.S_IMODE(st.st_mode),
                     xattrs_from=target, warnings=[])
        name = restore.give_name()
        restore.close()
        os.replace(name, target)
        restore.name = None
    except OSError as err:
        kept = f" It is kept in {backup_path}." if backup_path else ""
        raise SaveError(shown, f"{shown} was changed by another program while pjtui was saving it, "
                               f"and putting that version back failed ({describe_oserror(err)}): "
                               f"{shown} now holds your version.{kept} Compare the two before "
                               "saving again.", errno=err.errno) from None
    finally:
        restore.discard()
    raise ExternalChange(shown, current_bytes=late, current_hash=content_hash(late),
                         expected_hash=expected_hash, during_save=True)


def save_file(path: str | os.PathLike, data: bytes, *, expected_hash: str | None,
              backup: BackupMode = "one", keep_numbered: int = 20) -> SaveResult:
    """Replace the file at ``path`` with ``data``, atomically.

    ``expected_hash`` is ``Loaded.hash`` from when the file was read (``None``: the file
    must not exist yet). If the file on disk differs, raises :class:`ExternalChange`
    and writes nothing; to overwrite anyway call again with ``err.current_hash``.

    A symlink is written through: its target is replaced and the link stays. The new file
    gets the owner, group, mode, ACLs and SELinux label of the old one (a created file:
    owner/group of its directory, mode 0640). ``backup`` keeps the old version as
    ``NAME.bak`` ("one"), ``NAME.bak.N`` with N increasing, keeping the newest
    ``keep_numbered`` ("numbered"), or not at all ("none").

    Raises :class:`SaveError` (message for the user) when nothing was saved; the file on
    disk is then exactly as before. Durable when it returns.
    """
    if backup not in BACKUP_MODES:
        raise ValueError(f"backup must be one of {BACKUP_MODES}, not {backup!r}")
    shown = os.fspath(path)
    target = os.path.realpath(shown)
    directory = os.path.dirname(target)
    warnings: list[str] = []
    progress = _Progress()
    temp = _TempFile(target, progress)
    watch: int | None = None
    lock = _DirectoryLock(directory, shown)
    try:
        lock.acquire()
        progress.step("check")
        old, _ = _check_unchanged(target, shown, expected_hash)
        if old is not None:
            st = os.stat(target)
            uid, gid, mode = st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)
            if st.st_nlink > 1:
                warnings.append(f"{shown} had {st.st_nlink} hard links; the other names still "
                                "show the previous version")
        else:
            st = None
            dst = os.stat(directory)
            # root creating /etc/asterisk/new.conf: give it the directory's owner (asterisk)
            uid, gid = (dst.st_uid, dst.st_gid) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
            mode = NEW_FILE_MODE
        temp.create()
        temp.fill(data, uid=uid, gid=gid, mode=mode, xattrs_from=target if old is not None else None,
                  warnings=warnings)
        progress.step("recheck")
        # kept open: the file this check read is read once more after the rename
        old, watch = _check_unchanged(target, shown, expected_hash, keep_open=True)
        name = temp.give_name()
        temp.close()
        backup_path = None
        if old is not None and st is not None and backup != "none":
            progress.step("backup")
            backup_path = _make_backup(target, old, st, backup, warnings)
        progress.step("rename")
        os.replace(name, target)
        temp.name = None   # it is the target now: nothing to clean up
        if watch is not None:
            progress.step("verify")
            fd, watch = watch, None   # closed by the check, whatever it finds
            _verify_after_rename(target, shown, fd, expected_hash, st, backup_path, data)
        lock.release()
    except OSError as err:
        _close(watch)
        lock.release()
        temp.discard()
        if progress.step_name == "chown" and err.errno == errno.EPERM:
            raise SaveError(shown, f"Not saved: the new version could not be given the owner "
                                   f"and group ({uid}:{gid}) of {shown}, which only root can do. "
                                   "The file is unchanged.", errno=err.errno) from None
        raise _save_error(shown, err, progress.words) from None
    except BaseException:
        _close(watch)
        lock.release()
        temp.discard()
        raise
    try:
        progress.step("fsync-dir")
        fsync_directory(directory)
    except OSError as err:
        warnings.append(f"saved, but could not flush the directory to disk ({describe_oserror(err)})")
    if backup == "numbered":
        _prune_numbered(target, keep_numbered, warnings)
    _remove_stale_temps(target)
    return SaveResult(path=shown, real_path=target, hash=content_hash(data), backup_path=backup_path,
                      created=st is None, warnings=warnings)
