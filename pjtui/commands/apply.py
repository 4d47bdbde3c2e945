"""``pjtui apply FILE [--asterisk CMD] [--restart] [--force]``: load the files into the
running Asterisk and verify what it loaded.

Runs ``check`` first and sends nothing when there are errors (unless ``--force``); sends
``module reload res_pjsip.so``, or, when a transport's socket/TLS changed, says a restart
is needed (``core restart gracefully`` only with ``--restart``); then reads back the loaded
objects and prints what differs from pjtui's expansion, with the WARNING/ERROR lines
Asterisk logged meanwhile.  Exit status: 0 the loaded objects match; 1 check errors,
differences, or a restart still needed; 2 a file cannot be read or Asterisk cannot be used.
"""

from __future__ import annotations

import sys

from pjtui.commands.asterisk_option import add_pbx_parser, call

PROG = "pjtui apply"


def register(subparsers) -> None:
    p = add_pbx_parser(
        subparsers, "apply", help="reload Asterisk with the files, then verify what it loaded",
        description="Check FILE, send the reload (or the restart with --restart), read back what "
                    "Asterisk loaded and compare it with pjtui's expansion. Exit status 0: it matches; "
                    "1: check errors, differences or a restart needed; 2: a file or Asterisk cannot be used.")
    p.add_argument("--restart", action="store_true",
                   help="restart Asterisk gracefully when a transport's socket/TLS changed (never otherwise)")
    p.add_argument("--force", action="store_true", help="reload even when check finds errors")
    p.set_defaults(func=run)


def _check(path: str, force: bool) -> int | None:
    """None to go on; an exit status to stop with."""
    from pjtui.pjsip.checks import check_paths

    try:
        report = check_paths([path])
    except OSError as exc:
        print(f"{PROG}: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    for _file, message in report.unreadable:
        print(f"{PROG}: cannot read {message}", file=sys.stderr)
    if report.unreadable:
        return 2
    errors = [p for p in report.problems if p.severity == "error"]
    for p in errors:
        print(p.format(), file=sys.stderr)
    if errors and not force:
        print(f"{PROG}: {len(errors)} error(s) in {path}; nothing was sent to Asterisk. Fix them "
              "(pjtui check shows the details), or apply anyway with --force", file=sys.stderr)
        return 1
    if errors:
        print(f"{PROG}: {len(errors)} error(s), applying anyway (--force)", file=sys.stderr)
    return None


def run(args) -> int:
    from pjtui.pbx.apply import apply

    stop = _check(args.file, args.force)
    if stop is not None:
        return stop
    result, stop = call(args, PROG, lambda asterisk, prediction: (
        prediction, apply(asterisk, prediction, restart=args.restart)))
    if stop is not None:
        return stop
    prediction, result = result
    out = sys.stdout
    for command in result.sent:
        out.write(f"sent: {command}" + (f"  ->  {result.answer}" if result.answer else "") + "\n")
    if result.advice.restart and not args.restart:
        for reason in result.advice.reasons:
            out.write(f"restart needed: {reason}\n")
        out.write("restart needed: the reload kept the old sockets; run pjtui apply --restart "
                  f"(sends {result.advice.command.value})\n")
    if result.restart_pending:
        out.write(f"restart pending: {result.restart_pending}\n")
    if result.log:
        out.write(f"Asterisk logged {len(result.log)} warning/error line(s):\n")
        for line in result.log:
            out.write(f"  {line}\n")
    for note in result.notes + ([result.log_problem] if result.log_problem else []):
        out.write(f"note: {note}\n")
    if result.drift is not None:
        if result.drift.clean:
            out.write(f"loaded: {len(prediction.objects)} object(s), as pjtui expands {args.file}\n")
        for line in result.drift.lines():
            out.write(line + "\n")
    return 0 if result.ok else 1
