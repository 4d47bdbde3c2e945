"""``pjtui status FILE [--asterisk CMD] [--json]``: the running Asterisk against the files,
without reloading.

Drift: wizard objects the files make that Asterisk has not loaded (edited, not reloaded),
loaded ones the files no longer make, values that differ.  Live state: each endpoint the
files define, with its contacts and their status.  Exit status: 0 no drift, 1 drift,
2 a file cannot be read or Asterisk cannot be used.
"""

from __future__ import annotations

import json
import sys

from pjtui.commands.asterisk_option import add_pbx_parser, call

PROG = "pjtui status"


def register(subparsers) -> None:
    p = add_pbx_parser(
        subparsers, "status", help="what the running Asterisk has loaded against the files, and who is registered",
        description="Compare what Asterisk has loaded with pjtui's expansion of FILE (no reload) and "
                    "show each endpoint's contacts. Exit status 0: no drift; 1: drift; "
                    "2: a file or Asterisk cannot be used.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def _contact_text(contact, static: set) -> str:
    rtt = f", {contact.rtt_ms:.1f} ms" if contact.rtt_ms is not None else ""
    kind = "" if contact.uri in static else "registered, "
    return f"{contact.uri} ({kind}{contact.status_text}{rtt})"


def run(args) -> int:
    from pjtui.pbx.apply import status

    result, stop = call(args, PROG, status)
    if stop is not None:
        return stop
    code = 0 if result.drift.clean else 1
    if args.json:
        json.dump(dict(result.to_dict(), file=args.file), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return code
    out = sys.stdout
    out.write(f"Asterisk {result.version}\n")
    if result.drift.clean:
        out.write(f"drift: none; Asterisk has loaded what {args.file} makes\n")
    for line in result.drift.lines():
        out.write(line + "\n")
    width = max([len(e.name) for e in result.endpoints] + [8])
    for e in result.endpoints:
        contacts = "; ".join(_contact_text(c, e.static) for c in e.contacts) or "-"
        out.write(f"endpoint {e.name:<{width}}  {e.summary:<11}  {contacts}\n")
    for label in result.running_only:
        out.write(f"endpoint {label:<{width}}  loaded by Asterisk, not defined in the files\n")
    return code
