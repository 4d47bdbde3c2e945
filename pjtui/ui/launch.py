"""``pjtui [FILE]``: open the editor.  Called by pjtui.cli when no subcommand is given."""

from __future__ import annotations

import argparse
import sys

from pjtui.editor_args import build_editor_parser


def run_editor(argv: list[str], parser: argparse.ArgumentParser | None = None) -> int:
    """Open the editor on ``argv``'s FILE; returns the exit status (2: could not open).

    ``parser`` is the editor's parser as pjtui.cli built it (its ``--help`` lists the
    subcommands); without one, a parser that knows only the editor's own options."""
    args = (parser or build_editor_parser()).parse_args(argv)
    from pjtui.ui.workspace import OpenError, open_workspace

    try:
        workspace = open_workspace(args.file, pjsip=args.pjsip, read_only=args.read_only)
    except OpenError as error:
        print(f"pjtui: {error}", file=sys.stderr)
        return 2
    from pjtui.io import handle_crash, install_hangup_handler
    from pjtui.ui._textual_compat import app_exception
    from pjtui.ui.app import PjtuiApp

    app = PjtuiApp(workspace)
    uninstall = install_hangup_handler(flush=app.flush_journals, on_terminate=app.exit)
    try:
        app.run(mouse=not args.no_mouse)
        error = app_exception(app)
    except Exception as raised:  # Textual has restored the terminal
        error = raised
    finally:
        uninstall()
    if error is not None:  # a short report, without secrets; the journal keeps the edits
        print(handle_crash(error, flush=app.flush_journals, secret_values=app._secret_values()), file=sys.stderr)
        return 70
    return app.return_code or 0
