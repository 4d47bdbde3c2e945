"""Journal of unsaved edits, so a dropped SSH session, a crash or a kill loses nothing.

One journal file per edited file, in ``$XDG_STATE_HOME/pjtui/journal`` (default
``~/.local/state/pjtui/journal``), directory mode 0700, files 0600: a journal holds the
whole config text, passwords included. The original file is never touched.

    journal = Journal(loaded.real_path, base_hash=loaded.hash)
    journal.write(doc.to_bytes())      # after each edit: ~0.1 ms for a typical config
    journal.discard()                  # after a successful save (or when edits are undone)

    entry = find_journal(path)         # at start
    if entry and entry.restorable: offer entry.message, restore entry.data
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import stat
import time
from dataclasses import dataclass

from pjtui.io.errors import FileError, ReadError, describe_oserror
from pjtui.io.files import content_hash, read_file

_FORMAT = "pjtui-journal 1"


class JournalError(FileError):
    """The journal could not be written or read; edits are then only in memory."""


def state_dir() -> str:
    """pjtui's private state directory (not created here)."""
    base = os.environ.get("XDG_STATE_HOME") or ""
    if not os.path.isabs(base):  # the XDG spec says to ignore relative paths
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "pjtui")


def private_dir(*parts: str) -> str:
    """Create (if needed) and return ``state_dir()/parts``, every level mode 0700 and ours.

    Raises JournalError if an existing directory belongs to someone else; tightens the mode
    of one that is ours but open to others.
    """
    path = state_dir()
    for part in ("",) + parts:
        path = os.path.join(path, part) if part else path
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            st = os.lstat(path)
        except OSError as err:
            raise JournalError(path, f"Cannot create pjtui's state directory {path}: "
                                     f"{describe_oserror(err)}. Unsaved edits will not be "
                                     "kept if the session drops.", errno=err.errno) from None
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
            raise JournalError(path, f"Not using {path} for the journal: it is not a directory "
                                     "owned by you. Unsaved edits will not be kept if the "
                                     "session drops.")
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(path, 0o700)
    return path


def journal_path(real_path: str) -> str:
    """Where the journal of a file lives (keyed by the file's real path)."""
    real = os.path.realpath(real_path)
    key = hashlib.sha256(os.fsencode(real)).hexdigest()[:32]
    return os.path.join(state_dir(), "journal", key + ".journal")


def _write_private(path: str, data: bytes, *, sync: bool) -> None:
    """Atomically replace ``path`` with ``data``, mode 0600 from the first byte."""
    directory = os.path.dirname(path)
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:  # a leftover from elsewhere: tighten
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    os.replace(tmp, path)


class Journal:
    """The journal of unsaved edits of one file."""

    def __init__(self, path: str | os.PathLike, *, base_hash: str | None):
        self.real_path = os.path.realpath(os.fspath(path))
        self.base_hash = base_hash          # content_hash of the file the edits apply to
        self.path = journal_path(self.real_path)
        self._last_hash: str | None = None  # of the bytes last journaled
        self._last_data: bytes | None = None

    def write(self, data: bytes, *, sync: bool = False) -> None:
        """Record the edited bytes. Cheap when nothing changed since the last call.

        ``sync`` also fsyncs (for power loss; a killed process needs no fsync). Raises
        JournalError with a message for the user (e.g. the state dir's disk is full).
        """
        edited_hash = content_hash(data)
        if edited_hash == self._last_hash and not sync:
            return
        header = json.dumps({
            "format": _FORMAT, "path": self.real_path, "base_hash": self.base_hash,
            "edited_hash": edited_hash, "saved_at": time.time(), "pid": os.getpid(),
            "host": socket.gethostname(),
        }).encode("ascii")
        try:
            directory = private_dir("journal")
            _write_private(self.path, header + b"\n" + data, sync=sync)
            if sync:
                from pjtui.io.save import fsync_directory
                fsync_directory(directory)
        except OSError as err:
            raise JournalError(self.path, f"Could not journal unsaved edits to {self.path}: "
                                          f"{describe_oserror(err)}. They are only in memory "
                                          "until you save.", errno=err.errno) from None
        self._last_hash = edited_hash
        self._last_data = data

    def flush(self) -> bool:
        """Make the last write durable (on SIGHUP, crash, exit). Never raises.

        True when there are unsaved edits and they are now safe in the journal.
        """
        if self._last_data is None:
            return False
        try:
            self.write(self._last_data, sync=True)
        except JournalError:
            return False
        return True

    def rebase(self, base_hash: str) -> None:
        """After a save the edits apply to the new file: forget the journal."""
        self.discard()
        self.base_hash = base_hash

    def discard(self) -> None:
        """Remove the journal (after a save, or when the user declines a restore)."""
        self._last_hash = None
        self._last_data = None
        try:
            os.unlink(self.path)
        except OSError:
            pass


@dataclass(frozen=True)
class JournalEntry:
    """A journal found for a file, from an earlier pjtui session."""

    path: str               # real path of the edited file
    journal_path: str
    data: bytes             # the edited bytes
    base_hash: str | None   # hash of the file when those edits started
    current_hash: str | None  # hash of the file now (None: it does not exist)
    saved_at: float
    pid: int
    host: str

    @property
    def restorable(self) -> bool:
        """The file is still what the edits were made on, so restoring is exact."""
        return self.base_hash == self.current_hash

    @property
    def other_session_alive(self) -> bool:
        """The pjtui that wrote it still runs (on this host): someone is editing right now."""
        if self.host != socket.gethostname() or self.pid == os.getpid():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    @property
    def message(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        if self.other_session_alive:
            return (f"Another pjtui (pid {self.pid}) is editing {self.path} right now and has "
                    f"unsaved edits (last at {when}).")
        if self.restorable:
            return f"Unsaved edits to {self.path} from {when} were kept. Restore them?"
        if self.current_hash is None:
            return (f"Unsaved edits to {self.path} from {when} were kept, but the file no "
                    "longer exists. Restoring would recreate it with those edits.")
        return (f"Unsaved edits to {self.path} from {when} were kept, but the file was changed "
                "since then, so they cannot be restored onto it. They are in "
                f"{self.journal_path} (header line, then the edited file).")


def find_journal(path: str | os.PathLike) -> JournalEntry | None:
    """The journal left for ``path`` by an earlier session, or None. Never raises.

    An unreadable or damaged journal counts as none (it is left in place).
    """
    real = os.path.realpath(os.fspath(path))
    jpath = journal_path(real)
    try:
        with open(jpath, "rb") as handle:
            st = os.fstat(handle.fileno())
            if st.st_uid != os.geteuid():
                return None  # not ours: do not trust it
            raw = handle.read()
        header_line, _, data = raw.partition(b"\n")
        header = json.loads(header_line)
        if header.get("format") != _FORMAT or header.get("path") != real:
            return None
        if content_hash(data) != header.get("edited_hash"):
            return None  # torn or damaged
    except (OSError, ValueError, AttributeError):
        return None
    try:
        current_hash: str | None = read_file(real, max_bytes=1 << 40).hash
    except ReadError as err:
        current_hash = None if err.errno == errno.ENOENT else "unreadable"
    return JournalEntry(path=real, journal_path=jpath, data=data, base_hash=header.get("base_hash"),
                        current_hash=current_hash, saved_at=float(header.get("saved_at", 0)),
                        pid=int(header.get("pid", 0)), host=str(header.get("host", "")))

