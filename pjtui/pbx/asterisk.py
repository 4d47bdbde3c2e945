"""Talking to the local Asterisk through its remote console: ``asterisk -rx "<command>"``.

The program is configurable (``sudo asterisk``, ``asterisk -C /etc/asterisk/asterisk.conf``):
it is split like a shell would (:func:`shlex.split`) and run with an argv list, never
through a shell.  pjtui sends only the commands of :class:`Command`; the one value put
into a command is the path of the export file pjtui makes itself.  Every call has a
timeout, and every failure is an :class:`AsteriskError` whose ``str()`` is the message
for the user (what happened and what to do).
"""

from __future__ import annotations

import enum
import os
import re
import secrets
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Sequence

DEFAULT_PROGRAM = "asterisk"
DEFAULT_TIMEOUT = 10.0
#: A reload or restart waits for res_pjsip to re-read every object.
SLOW_TIMEOUT = 60.0
# Asterisk's CLI splits a command on blanks; a path outside this set is not sent.
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./+-]+\Z")
_NO_SOCKET = re.compile(r"Unable to connect to remote asterisk \(does (?P<socket>.+) exist\?\)")
_NO_COMMAND = re.compile(r"^No such command '(?P<command>[^']*)'", re.MULTILINE)
PERMISSION_HINT = "run as the asterisk user or set asterisk_command = sudo asterisk"


class Command(enum.Enum):
    """Every command pjtui sends.  ``{path}`` is the only placeholder (EXPORT_WIZARD)."""

    VERSION = "core show version"
    UPTIME = "core show uptime seconds"
    SHOW_ENDPOINTS = "pjsip show endpoints"
    SHOW_CONTACTS = "pjsip show contacts"
    SHOW_AORS = "pjsip show aors"
    SHOW_TRANSPORTS = "pjsip show transports"
    EXPORT_WIZARD = "pjsip export config_wizard primitives to {path}"
    RELOAD_PJSIP = "module reload res_pjsip.so"
    RESTART_GRACEFULLY = "core restart gracefully"

    @property
    def slow(self) -> bool:
        return self in (Command.RELOAD_PJSIP, Command.RESTART_GRACEFULLY)


class AsteriskError(Exception):
    """A call to Asterisk failed; ``str(err)`` says what happened and what to do."""


class ProgramNotFound(AsteriskError):
    pass


class NotRunning(AsteriskError):
    pass


class PermissionDenied(AsteriskError):
    pass


class CommandTimeout(AsteriskError):
    pass


class CommandRejected(AsteriskError):
    """Asterisk answered, but not with what the command does (module missing, unknown command)."""


class ExportUnreadable(AsteriskError):
    pass


def program_argv(program: str | Sequence[str] | None) -> list[str]:
    """``"sudo asterisk"`` -> ``["sudo", "asterisk"]``; raises AsteriskError on a bad value."""
    if program is None or program == "":
        return [DEFAULT_PROGRAM]
    if isinstance(program, str):
        try:
            argv = shlex.split(program)
        except ValueError as err:
            raise AsteriskError(f"the Asterisk command {program!r} (--asterisk or asterisk_command) cannot "
                                f"be split into words ({err}); write it as in a shell, e.g. sudo asterisk") from None
    else:
        argv = list(program)
    if not argv:
        return [DEFAULT_PROGRAM]
    return argv


Runner = Callable[..., subprocess.CompletedProcess]


class Asterisk:
    """One local Asterisk.  ``runner`` is :func:`subprocess.run` (tests may pass their own)."""

    def __init__(self, program: str | Sequence[str] | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 slow_timeout: float = SLOW_TIMEOUT, runner: Runner = subprocess.run):
        self.argv = program_argv(program)
        self.timeout = timeout
        self.slow_timeout = slow_timeout
        self.runner = runner

    @property
    def program(self) -> str:
        return shlex.join(self.argv)

    def command_argv(self, command: Command, path: str | None = None) -> list[str]:
        if not isinstance(command, Command):
            raise TypeError("only pjtui's own commands (pjtui.pbx.Command) are sent to Asterisk")
        text = command.value
        if "{path}" in text:
            if path is None or not _SAFE_PATH.match(path):
                raise AsteriskError(f"the export file path {path!r} has characters Asterisk's CLI would "
                                    "split on; set TMPDIR to a plain directory such as /tmp")
            text = text.format(path=path)
        return [*self.argv, "-rx", text]

    def run(self, command: Command, path: str | None = None) -> str:
        """Send one command; its output (stdout).  Raises :class:`AsteriskError`."""
        argv = self.command_argv(command, path)
        timeout = self.slow_timeout if command.slow else self.timeout
        what = f"{self.program} -rx \"{argv[-1]}\""
        try:
            done = self.runner(argv, capture_output=True, text=True, timeout=timeout,
                               stdin=subprocess.DEVNULL, errors="replace")
        except FileNotFoundError:
            raise ProgramNotFound(f"{self.argv[0]}: program not found; install Asterisk, or point pjtui at "
                                  "it with --asterisk CMD or asterisk_command in config.toml") from None
        except PermissionError:
            raise PermissionDenied(f"{self.argv[0]}: not allowed to run it; {PERMISSION_HINT}") from None
        except subprocess.TimeoutExpired:
            raise CommandTimeout(f"{what}: no answer after {timeout:g} s; is Asterisk busy or hung? "
                                 "Try `asterisk -rvvv` yourself") from None
        except OSError as err:
            raise AsteriskError(f"{self.argv[0]}: cannot run it ({err.strerror or err})") from None
        out, err = done.stdout or "", done.stderr or ""
        both = out + err
        if _NO_SOCKET.search(both):
            raise _not_connected(_NO_SOCKET.search(both).group("socket"))
        if any(words in err for words in ("Permission denied", "a password is required", "a terminal is required",
                                          "not in the sudoers")):
            raise PermissionDenied(f"{what}: permission denied ({_first_line(err)}); {PERMISSION_HINT}")
        if _NO_COMMAND.search(out):
            raise CommandRejected(f"{what}: Asterisk does not know this command: {_first_line(out)}; "
                                  f"{_missing_module(command)}")
        if done.returncode != 0:
            raise AsteriskError(f"{what} failed with exit status {done.returncode}: "
                                f"{_first_line(both) or 'no output'}")
        return out

    # ------------------------------------------------------------------ the calls pjtui makes
    def version(self) -> str:
        from pjtui.pbx.show import parse_version

        return parse_version(self.run(Command.VERSION))

    def uptime(self) -> int:
        """Seconds since this Asterisk process started (a restart starts a new one)."""
        from pjtui.pbx.show import parse_uptime

        return parse_uptime(self.run(Command.UPTIME))

    def endpoints(self) -> list:
        from pjtui.pbx.show import parse_endpoints

        return parse_endpoints(self.run(Command.SHOW_ENDPOINTS))

    def contacts(self) -> list:
        from pjtui.pbx.show import parse_contacts

        return parse_contacts(self.run(Command.SHOW_CONTACTS))

    def aors(self) -> list:
        from pjtui.pbx.show import parse_aors

        return parse_aors(self.run(Command.SHOW_AORS))

    def transports(self) -> list:
        from pjtui.pbx.show import parse_transports

        return parse_transports(self.run(Command.SHOW_TRANSPORTS))

    def export_wizard(self) -> str:
        """The text of ``pjsip export config_wizard primitives to <file>``.

        The file lives in a fresh directory others may write into but not list (Asterisk
        runs as its own user and writes it), under a random name, and is removed after."""
        folder = tempfile.mkdtemp(prefix="pjtui-export-")
        path = os.path.join(folder, f"export-{secrets.token_hex(8)}.conf")
        try:
            os.chmod(folder, 0o733)
            out = self.run(Command.EXPORT_WIZARD, path)
            return _read_export_file(path, out)
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
            try:
                os.rmdir(folder)
            except OSError:
                pass

    def reload(self) -> str:
        out = self.run(Command.RELOAD_PJSIP)
        text = out.strip()
        if text and "reloaded successfully" not in text:
            raise CommandRejected(f"module reload res_pjsip.so: {_first_line(text)}")
        return text

    def restart(self) -> str:
        return self.run(Command.RESTART_GRACEFULLY).strip()


def _read_export_file(path: str, output: str) -> str:
    p = Path(path)
    try:
        if p.is_symlink() or (p.exists() and not p.is_file()):
            raise ExportUnreadable(f"{path}: the export is not a plain file; not read")
        data = p.read_bytes()
    except FileNotFoundError:
        said = _first_line(output) or "nothing"
        raise ExportUnreadable(f"Asterisk did not write the export to {path} (it said: {said}); its log "
                               "says why, usually that it may not write there: set TMPDIR to a directory "
                               "the asterisk user can write") from None
    except PermissionError:
        raise ExportUnreadable(f"{path}: Asterisk wrote the export but pjtui may not read it "
                               f"(permission denied); {PERMISSION_HINT}") from None
    except OSError as err:
        raise ExportUnreadable(f"{path}: cannot read the export ({err.strerror or err})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _not_connected(socket: str) -> AsteriskError:
    # Asterisk prints the same words whether the socket is missing or may not be opened.
    if os.path.exists(socket) and not os.access(socket, os.R_OK | os.W_OK):
        return PermissionDenied(f"Asterisk's control socket {socket} is there, but this user may not open "
                                f"it; {PERMISSION_HINT}")
    if os.path.exists(socket):
        return NotRunning(f"Asterisk is not answering on {socket} (Unable to connect to remote asterisk); "
                          "start it (systemctl start asterisk) and try again")
    return NotRunning(f"Asterisk is not running: its control socket {socket} is missing (Unable to connect "
                      "to remote asterisk); start it (systemctl start asterisk), or point pjtui at the "
                      "right one with --asterisk 'asterisk -C /path/asterisk.conf'")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _missing_module(command: Command) -> str:
    if command is Command.EXPORT_WIZARD:
        return "load res_pjsip_config_wizard.so (module load res_pjsip_config_wizard.so)"
    if command.value.startswith("pjsip"):
        return "load res_pjsip.so (module load res_pjsip.so)"
    return "is this Asterisk too old for pjtui?"
