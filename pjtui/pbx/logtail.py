"""The WARNING and ERROR lines Asterisk logs while it reloads.

Asterisk writes them to the log files named in logger.conf's ``[logfiles]``
(``messages.log => notice,warning,error``), relative to ``astlogdir`` (asterisk.conf,
default /var/log/asterisk), with ``.<hostname>`` appended when ``appendhostname = yes``
(main/logger.c ``make_filename``).  A file channel prints
``[date] LEVEL[thread][C-callid] source.c: message`` (``format_log_default``).
:class:`LogTail` remembers a file's size before the reload and reads what came after.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from pjtui.pjsip.catalogue import is_true

DEFAULT_LOG_DIR = "/var/log/asterisk"
DEFAULT_NAMES = ("messages.log", "messages")
_LINE = re.compile(r"^\[(?P<date>[^\]]*)\]\s+(?P<level>[A-Z]+)\[(?P<thread>\d+)\](?:\[[^\]]*\])?\s+"
                   r"(?P<source>[^:\s]+):\s?(?P<message>.*)$")


@dataclass
class LogLine:
    level: str        # WARNING or ERROR
    source: str       # res_pjsip/config_auth.c
    message: str

    def __str__(self) -> str:        # the golden log.txt layout
        return f"{self.level}: {self.source}: {self.message}"


def _options(path: Path) -> dict[str, list[tuple[str, str]]] | None:
    """section name (lower-case) -> [(key, value)] of a .conf file; None when unreadable."""
    from pjtui.conf import parse
    from pjtui.conf.loader import LoadError, read_config_bytes

    try:
        doc = parse(read_config_bytes(str(path)), str(path))
    except (LoadError, OSError):
        return None
    out: dict[str, list[tuple[str, str]]] = {}
    for section in doc.sections:
        out.setdefault(section.name.lower(), []).extend((o.key, o.value) for o in section.options)
    return out


def _wants_warnings(levels: str) -> bool:
    spec = re.sub(r"^\s*\[[^\]]*\]", "", levels)        # [plain]/[json] format prefix
    words = {w.strip().lower() for w in spec.split(",")}
    return bool(words & {"warning", "error", "*"})


def messages_logs(confdir: str | os.PathLike, hostname: str | None = None) -> list[Path]:
    """The log files that get WARNING/ERROR lines, from logger.conf in ``confdir``.

    Without a logger.conf (or one naming no such file), the usual
    /var/log/asterisk/messages.log or /var/log/asterisk/messages."""
    conf = Path(confdir)
    logdir = DEFAULT_LOG_DIR
    asterisk_conf = _options(conf / "asterisk.conf")
    if asterisk_conf:
        for key, value in asterisk_conf.get("directories", []):
            if key.lower() == "astlogdir" and value.strip():
                logdir = value.strip()
    logger = _options(conf / "logger.conf")
    names: list[str] = []
    suffix = ""
    if logger:
        for key, value in logger.get("general", []):
            if key.lower() == "appendhostname" and is_true(value.strip()):
                suffix = "." + (hostname or socket.gethostname() or "unknown")
        for key, value in logger.get("logfiles", []):
            name = key.strip()
            if name.lower() == "console" or name.lower().startswith("syslog"):
                continue
            if _wants_warnings(value):
                names.append(name)
    if not names:
        return [Path(logdir) / n for n in DEFAULT_NAMES]
    return [Path(name + suffix) if name.startswith("/") else Path(logdir) / (name + suffix) for name in names]


def parse_line(line: str) -> LogLine | None:
    m = _LINE.match(line)
    if not m or m.group("level") not in ("WARNING", "ERROR"):
        return None
    return LogLine(m.group("level"), m.group("source"), m.group("message"))


def _open_log(path: Path) -> int:
    """A descriptor on the log file ``path``, which must be a regular file: a FIFO or a
    device named in logger.conf would block open() or read() (and apply with it).
    Raises OSError (:class:`_NotRegular` for anything but a regular file)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _NotRegular(path)
    return fd


class _NotRegular(OSError):
    """The log path is a FIFO, device, socket or directory: not read."""


class LogTail:
    """Call :meth:`mark` before the reload and :meth:`collect` after it."""

    def __init__(self, candidates: list[Path]):
        self.candidates = candidates
        self.path: Path | None = None
        self.offset = 0
        self.problem: str | None = None   # why no lines can be shown, for the user

    def mark(self) -> None:
        self.path, self.problem = None, None
        denied = odd = None
        for path in self.candidates:
            try:
                fd = _open_log(path)
            except PermissionError:
                denied = denied or path
                continue
            except _NotRegular:
                odd = odd or path
                continue
            except OSError:
                continue
            try:
                self.offset = os.lseek(fd, 0, os.SEEK_END)
            finally:
                os.close(fd)
            self.path = path
            return
        if odd is not None:
            self.problem = (f"Asterisk's log {odd} is not a regular file (a FIFO or device), so its "
                            "warnings are not shown; name a plain file in logger.conf [logfiles]")
        elif denied is not None:
            self.problem = (f"cannot read Asterisk's log {denied} (permission denied), so its warnings "
                            "are not shown; run as the asterisk user or add yourself to its group")
        else:
            names = ", ".join(str(p) for p in self.candidates)
            self.problem = (f"no Asterisk log found ({names}), so its warnings are not shown; "
                            "name a file with warning,error in logger.conf [logfiles]")

    def collect(self, settle: float = 0.3, limit: float = 2.0) -> list[LogLine]:
        """The WARNING/ERROR lines written since :meth:`mark`.  Asterisk's logger writes from
        its own thread, so this waits until the file stops growing (``settle`` s, at most
        ``limit`` s)."""
        if self.path is None:
            return []
        deadline = time.monotonic() + limit
        size = -1
        while True:
            try:
                now = os.path.getsize(self.path)
            except OSError:
                now = 0
            if now == size or time.monotonic() >= deadline:
                break
            size = now
            time.sleep(settle)
        try:
            fd = _open_log(self.path)      # rotated in between: it may be anything now
            with os.fdopen(fd, "rb") as fh:
                end = fh.seek(0, os.SEEK_END)
                fh.seek(self.offset if end >= self.offset else 0)   # smaller: it was rotated
                data = fh.read()
        except _NotRegular:
            self.problem = f"Asterisk's log {self.path} is no longer a regular file; its warnings are not shown"
            return []
        except OSError as err:
            self.problem = f"cannot read Asterisk's log {self.path} ({err.strerror or err})"
            return []
        out = []
        for raw in data.decode("utf-8", errors="replace").splitlines():
            line = parse_line(raw)
            if line is not None:
                out.append(line)
        return out
