"""``--asterisk CMD`` for the commands that talk to Asterisk, with ``asterisk_command``
from config.toml as its default (read here: the pjtui.pbx core takes the value as given)."""

from __future__ import annotations

import argparse
import math
import sys

DEFAULT_TIMEOUT = 10.0
#: Longer than any reload; past this (or inf) subprocess's select() overflows.
MAX_TIMEOUT = 3600.0


def seconds(text: str) -> float:
    """``--timeout``'s value: a number of seconds above 0 and at most an hour.

    0, a negative number and nan used to fall back to 10 without a word, and inf
    crashed inside subprocess."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds above 0 and at most "
                                         f"{MAX_TIMEOUT:g} (default {DEFAULT_TIMEOUT:g})")
    return value


def add_pbx_parser(subparsers, name: str, help: str, description: str):
    """A subcommand taking FILE and the options for reaching Asterisk."""
    p = subparsers.add_parser(name, help=help, description=description)
    p.add_argument("file", metavar="FILE", help="pjsip_wizard.conf (with the pjsip.conf beside it)")
    add_asterisk_options(p)
    return p


def call(args, prog: str, work):
    """``work(asterisk, prediction)`` for FILE; (its result, None), or (None, exit status 2)
    after saying on stderr why the file or Asterisk cannot be used."""
    from pjtui.conf.loader import LoadError
    from pjtui.pbx.apply import predict
    from pjtui.pbx.asterisk import AsteriskError
    from pjtui.pbx.show import ShowError
    from pjtui.pjsip.export import ExportError

    try:
        prediction = predict(args.file)
    except LoadError as exc:
        print(f"{prog}: cannot read {exc}", file=sys.stderr)
        return None, 2
    try:
        return work(client(args, prog), prediction), None
    except (AsteriskError, ShowError, ExportError) as err:
        print(f"{prog}: {err}", file=sys.stderr)
        return None, 2


def add_asterisk_options(p) -> None:
    p.add_argument("--asterisk", metavar="CMD",
                   help="how to run Asterisk's CLI, split like a shell would, e.g. 'sudo asterisk' "
                        "(default: asterisk_command in config.toml, else asterisk)")
    p.add_argument("--timeout", metavar="SECONDS", type=seconds, default=DEFAULT_TIMEOUT,
                   help=f"give up on a command Asterisk does not answer (default {DEFAULT_TIMEOUT:g}; "
                        "a reload gets six times as long)")


def configured_command(config_file=None) -> tuple[str | None, str | None]:
    """(asterisk_command from config.toml or None, a problem to tell the user or None).
    Read by the editor's own settings reader (stdlib only), so the CLI and the editor take the
    same value and say the same about a bad one; the file's other settings are not its concern."""
    from pjtui.ui.settings import load_settings

    settings, problems = load_settings(config_file)
    own = [p for p in problems if "asterisk_command" in p or "using the default settings" in p]
    return settings.asterisk_command, (own[0].replace("using the default settings", "using asterisk")
                                       if own else None)


def client(args, prog: str):
    """The :class:`pjtui.pbx.Asterisk` the options name; problems with config.toml go to stderr."""
    from pjtui.pbx.asterisk import Asterisk

    program = args.asterisk
    if not program:
        program, problem = configured_command()
        if problem:
            print(f"{prog}: {problem}", file=sys.stderr)
    return Asterisk(program, timeout=args.timeout, slow_timeout=args.timeout * 6)
