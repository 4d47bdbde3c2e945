"""``pjtui check FILE… [--pjsip F] [--hosts F | --no-resolve] [--json]``: problems Asterisk would
have with the files.  Identify host names are resolved as ``expand`` and ``show`` resolve
them (:mod:`pjtui.commands.resolving`).

Each pjsip_wizard.conf is read with the pjsip.conf beside it (``--pjsip`` overrides) and
each pjsip.conf with the pjsip_wizard.conf beside it; a phoneprov.conf beside them
supplies the profile names.  Output: one line per problem,
``file:line: severity code: [section] message fix``; ``--json`` gives a list of objects.
Exit status: 0 no errors (warnings and hints allowed), 1 errors, 2 a file can't be read.
"""

from __future__ import annotations

import json
import sys

from pjtui.commands import resolving


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "check",
        help="report what Asterisk would reject or misread in the files",
        description="Check pjsip_wizard.conf / pjsip.conf files the way Asterisk will load them. "
                    "Exit status 0: no errors; 1: errors; 2: a file cannot be read.",
    )
    p.add_argument("files", metavar="FILE", nargs="*", help="pjsip_wizard.conf and/or pjsip.conf")
    p.add_argument("--pjsip", metavar="F", help="pjsip.conf to read with a wizard file (default: the one beside it)")
    resolving.add_arguments(p)
    p.add_argument("--phoneprov", metavar="F", help="phoneprov.conf with the profiles (default: the one beside)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--severity", choices=("error", "warning", "hint"), default="hint",
                   help="show problems of this severity and worse (default: all)")
    p.add_argument("--codes", action="store_true", help="list every problem code with its severity and exit")
    p.set_defaults(func=run)


def run(args) -> int:
    from pjtui.pjsip.checks import CHECKS, SEVERITIES, check_paths

    if args.codes:
        for code, (severity, spec, title) in CHECKS.items():
            print(f"{code:<40} {severity:<8} {spec or '-':<8} {title}")
        return 0
    if not args.files:
        print("pjtui check: name at least one FILE (e.g. /etc/asterisk/pjsip_wizard.conf)", file=sys.stderr)
        return 2

    try:
        resolver = resolving.from_args(args)
        report = check_paths(args.files, pjsip=args.pjsip, resolver=resolver, phoneprov=args.phoneprov)
    except OSError as exc:          # e.g. an unreadable --hosts file
        print(f"pjtui check: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    for path, message in report.unreadable:
        print(f"pjtui check: cannot read {message}", file=sys.stderr)
    limit = SEVERITIES.index(args.severity)
    shown = [p for p in report.problems if SEVERITIES.index(p.severity) <= limit]
    if args.json:
        json.dump({"files": report.files, "context": report.context,
                   "unreadable": [{"file": f, "message": m} for f, m in report.unreadable],
                   "problems": [p.to_dict() for p in shown],
                   "errors": report.errors, "warnings": report.warnings}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        out = sys.stdout
        for p in shown:
            out.write(p.format() + "\n")
        hints = sum(1 for p in report.problems if p.severity == "hint")
        if report.files:
            print(f"{len(report.files)} file(s) checked: {report.errors} error(s), {report.warnings} "
                  f"warning(s), {hints} hint(s)", file=sys.stderr)
        said = resolving.note(resolver)
        if said:
            print(f"pjtui check: {said}", file=sys.stderr)
    return report.exit_code()
