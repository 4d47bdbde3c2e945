"""Command line entry point.

Subcommands live in ``pjtui/commands/<name>.py``; each module exposes
``register(subparsers)`` which adds its parser and sets ``func``.  Textual is
imported only when the TUI itself runs, so the scripted commands start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# One line per subcommand module; keep in the order ``--help`` should list them.
COMMAND_MODULES: list[str] = [
    "pjtui.commands.expand",
    "pjtui.commands.check",
    "pjtui.commands.show",
    "pjtui.commands.values",
    "pjtui.commands.match",
    "pjtui.commands.apply",
    "pjtui.commands.status",
]

DEFAULT_FILE = "/etc/asterisk/pjsip_wizard.conf"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pjtui",
        description="Edit Asterisk PJSIP configuration (pjsip_wizard.conf, pjsip.conf).",
        epilog="Without a subcommand, opens FILE (default %s) in the editor." % DEFAULT_FILE,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Config bytes that are not UTF-8 are printed back as the same bytes; a strict stdout
    # (en_US.UTF-8 locale) would raise UnicodeEncodeError on them instead.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="surrogateescape")
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()
    if argv and argv[0] in known:
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    from pjtui.ui.launch import run_editor  # Textual is imported only here

    return run_editor(argv)


if __name__ == "__main__":
    sys.exit(main())
