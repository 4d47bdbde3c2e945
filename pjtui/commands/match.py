"""``pjtui match FILE --ip ADDR [--port P] [--from-user U] [--register --to-user U]``.

Which endpoint an incoming request would be matched to — following the endpoint
identification order and the identify objects — and, for a REGISTER, which aor takes the
binding, each step explained.  FILE is pjsip_wizard.conf or pjsip.conf; the other one
beside it is read too (``--pjsip`` overrides).  Exit status: 0 identified (and, with
``--register``, accepted), 1 not identified or refused, 2 unreadable file or bad input.
"""

from __future__ import annotations

import json
import sys


def port(text: str) -> int:
    """``--port``: a UDP/TCP port a request can come from."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text}: a source port is 1 to 65535")
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "match",
        help="which endpoint / aor an incoming request would hit, and why",
        description="Explain how Asterisk identifies a request from ADDR: identifier order, identify "
                    "matches, username look-up, and for --register the aor chosen by the To user.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--ip", required=True, metavar="ADDR", help="source IP address of the request")
    p.add_argument("--port", type=port, metavar="P", help="source port (for port-specific identify matches)")
    p.add_argument("--from-user", metavar="U", help="user part of the From URI")
    p.add_argument("--from-domain", metavar="D", help="host part of the From URI")
    p.add_argument("--register", action="store_true", help="the request is a REGISTER")
    p.add_argument("--to-user", metavar="U", help="user part of the To URI (REGISTER)")
    p.add_argument("--to-domain", metavar="D", help="host part of the To URI (REGISTER)")
    p.add_argument("--auth-user", metavar="U", help="digest username of an Authorization header")
    p.add_argument("--pjsip", metavar="F", help="pjsip.conf to read with a wizard file")
    p.add_argument("--hosts", metavar="F", help="hosts(5) file to resolve host names in identify matches")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args) -> int:
    from pjtui.conf.loader import LoadError
    from pjtui.pjsip.checks import hosts_file_resolver, load_context
    from pjtui.pjsip.match import Objects, match_request
    from pjtui.pjsip.model import build
    from pjtui.pjsip.loaded import expansion_of

    try:
        _kind, wcfg, pcfg = load_context(args.file, pjsip=args.pjsip)
        resolver = hosts_file_resolver(args.hosts) if args.hosts else None
    except LoadError as exc:
        print(f"pjtui match: cannot read {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pjtui match: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    pmodel = build(pcfg) if pcfg is not None else None
    exp = expansion_of(build(wcfg), pmodel, resolver=resolver) if wcfg is not None else None
    objects = Objects(pmodel, exp)
    try:
        res = match_request(objects, ip=args.ip, port=args.port, from_user=args.from_user,
                            from_domain=args.from_domain, register=args.register, to_user=args.to_user,
                            to_domain=args.to_domain, auth_user=args.auth_user, resolver=resolver)
    except ValueError as exc:
        print(f"pjtui match: {exc}", file=sys.stderr)
        return 2
    ok = res.endpoint is not None and (res.register is None or res.register.get("status") == 200)
    if args.json:
        json.dump(res.to_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0 if ok else 1
    what = "REGISTER" if args.register else "request"
    src = args.ip + (f":{args.port}" if args.port else "")
    print(f"{what} from {src}" + (f", From user '{args.from_user}'" if args.from_user else ""))
    print(f"identifier order: {', '.join(res.order)}")
    for s in res.steps:
        print(f"  {s.identifier:<13} {s.outcome:<9} {s.detail}")
    if res.endpoint is not None:
        print(f"=> endpoint {res.endpoint} ({res.endpoint_origin}), by {res.identifier}")
    else:
        print("=> no endpoint")
    if res.register is not None:
        r = res.register
        status = r["status"] if r["status"] is not None else "?"
        print(f"=> REGISTER {status}: {r['reason']}")
    for n in res.notes:
        print(f"note: {n}")
    return 0 if ok else 1
