"""A short crash report without secrets, written to pjtui's state directory.

The TUI calls :func:`handle_crash` from its top-level exception handler, after Textual
has restored the terminal, and prints the returned text.
"""

from __future__ import annotations

import os
import platform
import time
import traceback
from typing import Callable, Iterable

from pjtui import __version__
from pjtui.io.journal import private_dir
from pjtui.io.save import temp_name
from pjtui.io.secrets import mask_secrets

_MAX_MESSAGE = 300
_MAX_FRAMES = 12


def format_crash_report(exc: BaseException, *, secret_values: Iterable[str] = (),
                        context: str = "") -> str:
    """What happened and where, without local variables and with secrets masked.

    Only the exception's type, its (masked, shortened) message and file:line:function of
    the innermost frames go in; never local variables or config text.
    """
    secret_values = list(secret_values)
    message = mask_secrets(str(exc), secret_values)
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "…"
    frames = traceback.extract_tb(exc.__traceback__)[-_MAX_FRAMES:]
    lines = [
        f"pjtui {__version__} crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"Error: {type(exc).__module__}.{type(exc).__qualname__}: {message}",
    ]
    if context:
        lines.append("While: " + mask_secrets(context, secret_values))
    lines.append("Where (innermost last):")
    for frame in frames:
        lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def _short_path(filename: str) -> str:
    marker = os.sep + "pjtui" + os.sep
    return "pjtui/" + filename.rsplit(marker, 1)[1] if marker in filename else os.path.basename(filename)


def write_crash_report(report: str) -> str | None:
    """Write ``report`` to ``<state dir>/crash/crash-<time>-<pid>.txt`` (mode 0600).

    Returns the path, or None if it could not be written (never raises).
    """
    try:
        directory = private_dir("crash")
        path = os.path.join(directory, f"crash-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.txt")
        tmp = temp_name(path)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, report.encode("utf-8", "backslashreplace"))
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return path
    except Exception:
        return None


def handle_crash(exc: BaseException, *, flush: Callable[[], bool] | None = None,
                 secret_values: Iterable[str] = (), context: str = "") -> str:
    """Flush the journal, write a report; return a short text to print to the user.

    ``flush`` is e.g. ``journal.flush`` (True when unsaved edits are safe in the journal).
    """
    kept = False
    if flush is not None:
        try:
            kept = bool(flush())
        except Exception:
            pass
    report = format_crash_report(exc, secret_values=secret_values, context=context)
    where = write_crash_report(report)
    first = report.splitlines()[2]
    lines = [f"pjtui stopped because of an internal error. {first}"]
    if kept:
        lines.append("Your unsaved edits were kept: run pjtui on the same file to restore them.")
    lines.append(f"A report without passwords is in {where}; please attach it to a bug report."
                 if where else "The crash report could not be written.")
    return "\n".join(lines)

