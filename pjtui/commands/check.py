"""``pjtui check FILE… [--pjsip F] [--hosts F | --no-resolve] [--format text|json|github|sarif]``:
problems Asterisk would have with the files.  Identify host names are resolved as ``expand``
and ``show`` resolve them (:mod:`pjtui.commands.resolving`).

Each pjsip_wizard.conf is read with the pjsip.conf beside it (``--pjsip`` overrides) and
each pjsip.conf with the pjsip_wizard.conf beside it; a phoneprov.conf beside them
supplies the profile names.  Which of the two a FILE is: a name containing "wizard" is a
wizard file, a name starting with "pjsip" is a pjsip.conf, any other name (an editor's or
Ansible's temporary copy) is decided by its content — more wizard sections than typed
objects makes it a wizard file; ``--file-type`` says it outright.
Output (``--format``): one line per problem, ``file:line: severity code: [section]
message fix`` (text); a JSON object (json, or ``--json``); GitHub workflow annotations
(github); a SARIF 2.1.0 log (sarif).
Exit status: 0 no errors (warnings and hints allowed), 1 errors, 2 a file can't be read.
"""

from __future__ import annotations

import sys

from pjtui.commands import resolving
from pjtui.commands.check_output import FORMATS, WRITERS

FILE_TYPES = {"wizard": "pjsip_wizard.conf", "pjsip": "pjsip.conf"}


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
    p.add_argument("--file-type", choices=tuple(FILE_TYPES), metavar="wizard|pjsip",
                   help="read every FILE as a pjsip_wizard.conf or a pjsip.conf (default: from the file "
                        "name, else from its content)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--format", choices=FORMATS, default="text",
                     help="text (default), json, github (workflow annotations) or sarif (SARIF 2.1.0)")
    out.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")
    p.add_argument("--severity", choices=("error", "warning", "hint"), default="hint",
                   help="show problems of this severity and worse (default: all)")
    p.add_argument("--codes", action="store_true", help="list every problem code with its severity and exit")
    p.set_defaults(func=run)


def run(args) -> int:
    from pjtui.pjsip.checks import CHECKS, SEVERITIES

    if args.codes:
        for code, (severity, spec, title) in CHECKS.items():
            print(f"{code:<40} {severity:<8} {spec or '-':<8} {title}")
        return 0
    if not args.files:
        print("pjtui check: name at least one FILE (e.g. /etc/asterisk/pjsip_wizard.conf)", file=sys.stderr)
        return 2

    try:
        resolver = resolving.from_args(args)
        report = check_files(args.files, file_type=args.file_type, pjsip=args.pjsip, resolver=resolver,
                             phoneprov=args.phoneprov)
    except OSError as exc:          # e.g. an unreadable --hosts file
        print(f"pjtui check: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    for _path, message in report.unreadable:
        print(f"pjtui check: cannot read {message}", file=sys.stderr)
    limit = SEVERITIES.index(args.severity)
    shown = [p for p in report.problems if SEVERITIES.index(p.severity) <= limit]
    WRITERS[args.format](report, shown, sys.stdout)
    said = resolving.note(resolver)
    if said and args.format == "text":
        print(f"pjtui check: {said}", file=sys.stderr)
    return report.exit_code()


def check_files(paths: list[str], *, file_type: str | None = None, **options):
    """:func:`pjtui.pjsip.checks.check_paths`, with every path read as ``file_type``
    ("wizard" or "pjsip") when one is given."""
    from pjtui.pjsip.checks import check_paths

    return check_paths(paths, file_type=file_type, **options)
