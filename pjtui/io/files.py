"""Reading a config file safely, and telling whether it can be saved.

``read_file`` never raises anything but :class:`ReadError`; ``writable`` never raises.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass

from pjtui.io.errors import ReadError, advice_for, describe_oserror

# Real PJSIP configs are kilobytes; anything this big is almost surely the wrong file.
# The one limit for every config file pjtui reads (the editor, the CLI, #include files).
MAX_FILE_BYTES = 16 * 1024 * 1024


def content_hash(data: bytes) -> str:
    """The hash pjtui uses to notice that a file changed: ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Loaded:
    """A file as read from disk."""

    path: str          # as given by the user
    real_path: str     # symlinks resolved: where a save will write
    data: bytes
    hash: str          # content_hash(data): pass to save_file(expected_hash=...)
    mode: int          # permission bits (stat.S_IMODE)
    uid: int
    gid: int


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _too_big_advice(max_bytes: int) -> str:
    # pjtui holds a file's lines, options and what they mean in memory (benchmarks/bench.py
    # reports `pjtui check`'s peak per MB of file): the limit keeps that within reason.
    return (f"Check that this is the right file; if it is, split it into files of less than "
            f"{_human_size(max_bytes)} that one file #includes (each is read on its own).")


def _read_error(path: str, err: OSError) -> ReadError:
    reason = f"{describe_oserror(err)}. {advice_for(err, 'read')}"
    return ReadError(path, f"Cannot read {path}: {reason}", errno=err.errno, reason=reason)


def _refused(path: str, verb: str, reason: str) -> ReadError:
    return ReadError(path, f"{verb} {path}: {reason}", reason=reason)


def read_file(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES) -> Loaded:
    """Read a regular file whole. Raises only :class:`ReadError`, with a message for the user.

    Refuses directories, devices and FIFOs (opening a FIFO would hang) and files larger
    than ``max_bytes``.
    """
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except OSError as err:
        raise _read_error(path, err) from None
    except ValueError:  # embedded NUL byte in the path
        raise ReadError(path, f"Cannot read {path!r}: the path contains a NUL byte.",
                        reason="the path contains a NUL byte.") from None
    if stat.S_ISDIR(st.st_mode):
        raise _read_error(path, OSError(errno.EISDIR, "is a directory"))
    if not stat.S_ISREG(st.st_mode):
        raise _refused(path, "Cannot read", "it is not a regular file (a device, FIFO or socket). "
                                            "Give the path of a .conf file.")
    if st.st_size > max_bytes:
        raise _refused(path, "Not opening", f"it is {_human_size(st.st_size)}, more than pjtui's "
                                            f"limit of {_human_size(max_bytes)} for a config file. "
                                            + _too_big_advice(max_bytes))
    try:
        # O_NONBLOCK: should the file have been swapped for a FIFO since stat, don't hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise _read_error(path, err) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refused(path, "Cannot read", "it is not a regular file.")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:  # grew while we read it
                raise _refused(path, "Not opening", f"it grew past pjtui's limit of "
                                                    f"{_human_size(max_bytes)} while being read. "
                                                    + _too_big_advice(max_bytes))
            chunks.append(chunk)
    except OSError as err:
        raise _read_error(path, err) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return Loaded(path=path, real_path=os.path.realpath(path), data=data, hash=content_hash(data),
                  mode=stat.S_IMODE(st.st_mode), uid=st.st_uid, gid=st.st_gid)


@dataclass(frozen=True)
class Writability:
    """Whether a save to a path can succeed; ``reason`` is a banner text when it cannot."""

    ok: bool
    reason: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def _access(path: str, mode: int) -> bool:
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def _is_read_only_fs(path: str) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def writable(path: str | os.PathLike) -> Writability:
    """Can ``save_file(path, ...)`` replace this file? Never raises.

    A save writes a temporary file next to the real file (symlinks resolved) and renames
    it over, so both the directory and the file must be writable.
    """
    path = os.fspath(path)
    try:
        target = os.path.realpath(path)
    except (OSError, ValueError) as err:
        return Writability(False, f"Read-only: cannot resolve {path} ({err}).")
    directory = os.path.dirname(target) or "."
    where = f"{target} (the target of {path})" if target != os.path.abspath(path) else path
    if not os.path.isdir(directory):
        return Writability(False, f"Read-only: the directory {directory} does not exist.")
    if _is_read_only_fs(directory):
        return Writability(False, f"Read-only: {directory} is on a read-only filesystem. "
                                  "Remount it read-write to save.")
    if os.path.exists(target):
        if not os.path.isfile(target):
            return Writability(False, f"Read-only: {where} is not a regular file.")
        if not _access(target, os.W_OK):
            return Writability(False, f"Read-only: no permission to write {where}. "
                                      "Run pjtui as its owner or root (or check lsattr).")
    if not _access(directory, os.W_OK | os.X_OK):
        return Writability(False, f"Read-only: no permission to create files in {directory}, "
                                  "which saving needs (it writes a new file and renames it).")
    probe = _probe_directory(directory)
    if probe is not None:
        return Writability(False, f"Read-only: cannot create a file in {directory}: {probe}.")
    return Writability(True)


def _probe_directory(directory: str) -> str | None:
    """Really try to create a file in ``directory`` without leaving a name behind."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if not tmpfile:
        return None
    try:
        fd = os.open(directory, tmpfile | os.O_WRONLY, 0o600)
    except OSError as err:
        if err.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None  # filesystem without O_TMPFILE: the access() checks above decide
        return describe_oserror(err)
    os.close(fd)
    return None
