"""Command line entry point: builds every parser, then runs a subcommand or the editor.

Subcommands live in ``pjtui/commands/<name>.py``; each module exposes
``register(subparsers)`` which adds its parser and sets ``func``.  Textual is
imported only when the TUI itself runs, so the scripted commands start fast.
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import importlib
import os
import sys

from pjtui._argparse_compat import subcommand_help, subcommands
from pjtui.editor_args import DEFAULT_FILE, add_version, build_editor_parser

__all__ = ["COMMAND_MODULES", "DEFAULT_FILE", "build_parser", "build_editor_parser_for", "main"]

# One line per subcommand module; keep in the order ``--help`` should list them.
COMMAND_MODULES: list[str] = [
    "pjtui.commands.expand",
    "pjtui.commands.check",
    "pjtui.commands.show",
    "pjtui.commands.values",
    "pjtui.commands.match",
    "pjtui.commands.apply",
    "pjtui.commands.status",
    "pjtui.commands.completion",
    "pjtui.commands.convert",
]


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``pjtui COMMAND ...`` (every subcommand of COMMAND_MODULES)."""
    parser = argparse.ArgumentParser(
        prog="pjtui",
        description="Edit Asterisk PJSIP configuration (pjsip_wizard.conf, pjsip.conf).",
        epilog="Without a subcommand, opens FILE (default %s) in the editor." % DEFAULT_FILE,
    )
    add_version(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def build_editor_parser_for(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser of ``pjtui [FILE]``, whose ``--help`` lists ``parser``'s subcommands."""
    return build_editor_parser(subcommand_help(parser))


# Exit status when the reader of our output went away (``pjtui check --json F | head``):
# what the shell reports for a tool that SIGPIPE ended; not 1, which means "errors found".
BROKEN_PIPE_STATUS = 128 + 13


def _printable(err: UnicodeError):
    """Output error handler: config bytes that are not UTF-8 (decoded as surrogates) go
    out as the same bytes; a character the terminal's encoding lacks (``café`` with
    PYTHONIOENCODING=ascii) as a backslash escape, never a UnicodeEncodeError."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    char = err.object[err.start]
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return bytes([ord(char) - 0xDC00]), err.start + 1
    return char.encode("ascii", "backslashreplace").decode("ascii"), err.start + 1


codecs.register_error("pjtui-output", _printable)


def _quiet_broken_pipe() -> int:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    return BROKEN_PIPE_STATUS


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="pjtui-output")
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (pjtui completion SHELL)
        from pjtui.completion import complete

        complete(parser)
    if argv and argv[0] in subcommands(parser):
        args = parser.parse_args(argv)
        try:
            status = int(args.func(args) or 0)
            sys.stdout.flush()
        except BrokenPipeError:
            return _quiet_broken_pipe()
        return status
    editor_parser = build_editor_parser_for(parser)
    refusal = _editor_refusal(editor_parser.parse_args(argv), subcommands(parser))
    if refusal:
        print(f"pjtui: {refusal}", file=sys.stderr)
        return 2
    from pjtui.ui.launch import run_editor  # Textual is imported only here

    return run_editor(argv, editor_parser)


def _editor_refusal(args, commands) -> str | None:
    """Why the editor must not start for ``pjtui ARGS`` (None: start it).  A mistyped
    subcommand would otherwise open an empty new file of that name, and an editor
    without a terminal has nobody to answer it (it would wait for keys forever)."""
    name = args.file
    if name and "/" not in name and "." not in name and not os.path.exists(name):
        near = difflib.get_close_matches(name, list(commands), n=1)
        hint = f"Did you mean 'pjtui {near[0]}'? " if near else ""
        return (f"'{name}' is neither a command nor a file. {hint}Commands: {', '.join(commands)}. "
                f"To start a new file, give its name with .conf (pjtui {name}.conf)")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return ("the editor needs a terminal (standard input and output are not one); in a script use "
                "a command: pjtui check|expand|get|set ... (pjtui --help)")
    return None


if __name__ == "__main__":
    sys.exit(main())
