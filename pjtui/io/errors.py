"""Error types of pjtui.io, each carrying a message fit to show the user as is.

Every failure of the I/O layer is a :class:`FileError`; callers show ``str(err)``
(file, what happened, what to do) and never a traceback.
"""

from __future__ import annotations

import errno as _errno

# errno -> what happened, in the user's words
_REASONS = {
    _errno.ENOSPC: "the disk is full",
    _errno.EDQUOT: "the disk quota is exceeded",
    _errno.EROFS: "the filesystem is mounted read-only",
    _errno.EACCES: "permission denied",
    _errno.EPERM: "the operation is not permitted (the file or directory may be immutable, see lsattr)",
    _errno.EIO: "an input/output error occurred (failing disk or lost network mount?)",
    _errno.ENOENT: "it does not exist",
    _errno.ENOTDIR: "a part of the path is not a directory",
    _errno.EISDIR: "it is a directory",
    _errno.ELOOP: "it is a symbolic link loop",
    _errno.ENAMETOOLONG: "the name is too long",
    _errno.EXDEV: "it is on another filesystem",
    _errno.EMLINK: "too many links",
    _errno.ETXTBSY: "the file is busy",
}


def describe_oserror(err: OSError) -> str:
    """A short lower-case phrase for an OSError, without its Python spelling."""
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    return (err.strerror or str(err)).lower()


def advice_for(err: OSError, verb: str) -> str:
    """What the user can do about ``err`` when trying to ``verb`` ("read", "save") a file."""
    return {
        _errno.ENOENT: "Check the path.",
        _errno.EACCES: f"Run pjtui as a user allowed to {verb} it (often root).",
        _errno.EISDIR: "Give the path of a .conf file inside it.",
        _errno.ELOOP: "Fix the symbolic link.",
        _errno.ENOSPC: f"Free some space, then {verb} again.",
        _errno.EDQUOT: f"Free some space, then {verb} again.",
        _errno.EROFS: f"Remount the filesystem read-write, then {verb} again.",
    }.get(err.errno, f"Fix the cause, then {verb} again.")


class FileError(Exception):
    """Base of every pjtui.io error. ``str(err)`` is the message for the user."""

    def __init__(self, path: str, message: str, *, errno: int | None = None):
        super().__init__(message)
        self.path = path
        self.message = message
        self.errno = errno

    def __str__(self) -> str:
        return self.message


class ReadError(FileError):
    """A file could not be read (missing, directory, permission, too large, ...).

    ``reason`` is the message without the path (for callers that name the file their way).
    """

    def __init__(self, path: str, message: str, *, errno: int | None = None, reason: str | None = None):
        super().__init__(path, message, errno=errno)
        self.reason = reason if reason is not None else message


class SaveError(FileError):
    """A save did not happen. The file on disk is unchanged (the old version, complete)."""


class RoundTripError(SaveError):
    """The bytes about to be written do not read back as what the editor holds."""


class ExternalChange(FileError):
    """The file on disk is no longer the one that was loaded.

    ``current_bytes`` is what is on disk now (``None`` if the file is gone) and
    ``current_hash`` its hash (``during_save``: the change was found after the rename and
    undone, see :func:`pjtui.io.save.save_file`): offer reload (use ``current_bytes``), overwrite (save
    again with ``expected_hash=err.current_hash``) or cancel.
    """

    def __init__(self, path: str, *, current_bytes: bytes | None, current_hash: str | None,
                 expected_hash: str | None, during_save: bool = False):
        if during_save:
            message = (f"{path} was changed by another program while pjtui was saving it. "
                       "That version is back in place and yours was not saved. Reload it, "
                       "overwrite it with your version, or cancel.")
        elif expected_hash is None:
            message = (f"{path} was created by another program since you opened pjtui. "
                       "Reload it, overwrite it with your version, or cancel.")
        elif current_bytes is None:
            message = (f"{path} was deleted or moved since it was loaded. "
                       "Save anyway to create it again with your version, or cancel.")
        else:
            message = (f"{path} was changed on disk since it was loaded (another admin, or a "
                       "tool such as FreePBX rewriting it). Reload it, overwrite it with your "
                       "version, or cancel.")
        super().__init__(path, message)
        self.current_bytes = current_bytes
        self.current_hash = current_hash
        self.expected_hash = expected_hash
