"""``pjtui convert --to-wizard PJSIP_CONF | --to-objects WIZARD [-o OUT]``: refactor between
plain pjsip.conf objects and pjsip_wizard.conf, proven by expansion before anything is written.

``--to-wizard`` prints (or writes to OUT) a pjsip_wizard.conf; what a wizard cannot express
stays in a remainder pjsip.conf, printed after it or written next to OUT (``--remainder``).
Renamed objects and the reasons objects stayed go to stderr.  Existing files are never
replaced without ``--force``.  Exit status: 0 converted, 1 the input cannot be converted
(Asterisk rejects it, or the result would not expand to it; nothing written), 2 a file cannot
be read or written.
"""

from __future__ import annotations

import os
import sys

REMAINDER_MARK = "; ---- pjsip.conf: what a wizard cannot express ----"


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "convert",
        help="turn pjsip.conf objects into wizards (or back), proven by expansion",
        description="Convert plain pjsip.conf objects into pjsip_wizard.conf sections with templates "
                    "(--to-wizard; input may also be Asterisk's 'pjsip export config_wizard primitives'), "
                    "or wizards into plain objects (--to-objects). The result is expanded and compared "
                    "with the input before it is printed. Exit status 0: converted; 1: the input cannot be "
                    "converted (nothing written); 2: a file cannot be read or written.",
    )
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--to-wizard", metavar="PJSIP_CONF", help="pjsip.conf (or an export) to turn into wizards")
    way.add_argument("--to-objects", metavar="WIZARD", help="pjsip_wizard.conf to turn into plain objects")
    p.add_argument("-o", "--output", metavar="OUT", help="write the result here instead of printing it")
    p.add_argument("--remainder", metavar="PATH",
                   help="with --to-wizard -o: where the remainder goes (default: pjsip.conf beside OUT)")
    p.add_argument("--force", action="store_true", help="replace existing output files (a .bak is kept)")
    p.set_defaults(func=run)


def _write(path: str, text: str, force: bool) -> str | None:
    """None when written, else the message for the user."""
    from pjtui.io.errors import FileError
    from pjtui.io.files import content_hash, read_file
    from pjtui.io.save import save_file

    expected = None
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        return f"cannot write {path}: the folder {folder} does not exist; create it first"
    if os.path.exists(path):
        if not force:
            return f"{path} exists; pass --force to replace it (a .bak is kept)"
        try:
            expected = content_hash(read_file(path).data)
        except FileError as exc:
            return str(exc)
    try:
        save_file(path, text.encode("utf-8", "surrogateescape"), expected_hash=expected)
    except FileError as exc:
        return str(exc)
    return None


def run(args) -> int:
    from pjtui.io.errors import FileError
    from pjtui.io.files import read_file
    from pjtui.pjsip.convert import ConversionError, to_objects, to_wizard

    source = args.to_wizard or args.to_objects
    try:
        data = read_file(source).data
    except FileError as exc:
        print(f"pjtui convert: {exc}", file=sys.stderr)
        return 2
    try:
        result = to_wizard(data, source) if args.to_wizard else to_objects(data, source)
    except ConversionError as exc:
        print(f"pjtui convert: {exc}; nothing written", file=sys.stderr)
        return 1
    outputs: list[tuple[str, str]] = []
    if args.to_wizard:
        for t, old, new in result.renames:
            print(f"pjtui convert: renamed {t} {old} -> {new}", file=sys.stderr)
        for why in result.kept:
            print(f"pjtui convert: kept in pjsip.conf: {why}", file=sys.stderr)
        print(f"pjtui convert: {result.groups} wizard(s) from {result.objects} object(s); expansion "
              "checked against the input", file=sys.stderr)
        if args.output:
            outputs.append((args.output, result.wizard))
            if result.remainder:
                outputs.append((args.remainder or os.path.join(os.path.dirname(args.output) or ".", "pjsip.conf"),
                                result.remainder))
        else:
            text = result.wizard + (("\n" if result.wizard else "") + REMAINDER_MARK + "\n" + result.remainder
                                    if result.remainder else "")
            sys.stdout.write(text)
    else:
        for line in result.hints:
            print(f"pjtui convert: the wizards made the dialplan hint {line}; add it to extensions.conf",
                  file=sys.stderr)
        if args.output:
            outputs.append((args.output, result.text))
        else:
            sys.stdout.write(result.text)
    real_source = os.path.realpath(source)
    for path, _ in outputs:
        if os.path.realpath(path) == real_source:
            print(f"pjtui convert: {path} is the input; choose another -o or --remainder", file=sys.stderr)
            return 2
    for path, text in outputs:
        problem = _write(path, text, args.force)
        if problem:
            print(f"pjtui convert: {problem}", file=sys.stderr)
            return 2
        print(f"pjtui convert: wrote {path}", file=sys.stderr)
    return 0
