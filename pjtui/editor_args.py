"""``pjtui [FILE]``: the editor's own command line.

Both :mod:`pjtui.cli` (which builds every parser) and :mod:`pjtui.ui.launch` (which opens
the editor) import this module; it imports neither, so the two don't import each other.
"""

from __future__ import annotations

import argparse

DEFAULT_FILE = "/etc/asterisk/pjsip_wizard.conf"


def version() -> str:
    """pjtui's version from the installed package's metadata (pyproject.toml is the source)."""
    from importlib.metadata import PackageNotFoundError, version as dist_version

    try:
        return dist_version("pjtui")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def commands_epilog(helps: dict[str, str]) -> str:
    """The subcommands, one line each, for the end of ``pjtui --help``."""
    if not helps:
        return ""
    width = max(len(name) for name in helps) + 2
    lines = ["scripted commands (pjtui COMMAND --help):"]
    lines += [f"  {name:<{width}}{text}" for name, text in helps.items()]
    return "\n".join(lines)


def build_editor_parser(command_helps: dict[str, str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``pjtui [FILE]``; ``command_helps`` (name -> one line) lists the
    subcommands under ``--help``."""
    parser = argparse.ArgumentParser(
        prog="pjtui",
        description="Edit Asterisk PJSIP configuration (pjsip_wizard.conf, pjsip.conf) in the terminal.",
        epilog=commands_epilog(command_helps or {}) or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", default=DEFAULT_FILE, metavar="FILE",
                        help=f"the file to edit (default {DEFAULT_FILE}); a missing file is created on save")
    parser.add_argument("--read-only", action="store_true", help="look, change nothing")
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse (keyboard only)")
    parser.add_argument("--pjsip", metavar="F",
                        help="the pjsip.conf to read for context (default: the one next to FILE)")
    add_version(parser)
    return parser


class _VersionAction(argparse.Action):
    """``--version``: reads the metadata only when asked, so every other run skips it."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"pjtui {version()}")
        parser.exit()


def add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action=_VersionAction, help="print pjtui's version and exit")
