"""``pjtui [FILE]``: open the editor.  Called by pjtui.cli when no subcommand is given."""

from __future__ import annotations

import argparse
import sys

from pjtui.cli import DEFAULT_FILE


def _commands() -> str:
    from pjtui import cli

    parser = cli.build_parser()
    names = sorted(parser._subparsers._group_actions[0].choices) if parser._subparsers else []
    return ", ".join(names)


def build_parser() -> argparse.ArgumentParser:
    commands = _commands()
    parser = argparse.ArgumentParser(
        prog="pjtui",
        description="Edit Asterisk PJSIP configuration (pjsip_wizard.conf, pjsip.conf) in the terminal.",
        epilog=f"Scripted commands: {commands} (pjtui COMMAND --help)." if commands else None,
    )
    parser.add_argument("file", nargs="?", default=DEFAULT_FILE, metavar="FILE",
                        help=f"the file to edit (default {DEFAULT_FILE}); a missing file is created on save")
    parser.add_argument("--read-only", action="store_true", help="look, change nothing")
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse (keyboard only)")
    parser.add_argument("--pjsip", metavar="F",
                        help="the pjsip.conf to read for context (default: the one next to FILE)")
    return parser


def run_editor(argv: list[str]) -> int:
    """Open the editor on ``argv``'s FILE; returns the exit status (2: could not open)."""
    args = build_parser().parse_args(argv)
    from pjtui.ui.workspace import OpenError, open_workspace

    try:
        workspace = open_workspace(args.file, pjsip=args.pjsip, read_only=args.read_only)
    except OpenError as error:
        print(f"pjtui: {error}", file=sys.stderr)
        return 2
    from pjtui.io import handle_crash, install_hangup_handler
    from pjtui.ui.app import PjtuiApp

    app = PjtuiApp(workspace)
    uninstall = install_hangup_handler(flush=app.flush_journals, on_terminate=app.exit)
    try:
        app.run(mouse=not args.no_mouse)
        error = app._exception
    except Exception as raised:  # Textual has restored the terminal
        error = raised
    finally:
        uninstall()
    if error is not None:  # a short report, without secrets; the journal keeps the edits
        print(handle_crash(error, flush=app.flush_journals, secret_values=app._secret_values()), file=sys.stderr)
        return 70
    return app.return_code or 0
