"""Host names: resolved by DNS when Asterisk loads an identify (rejected if one does not
resolve) or each time a request is sent (spec Z14)."""

from __future__ import annotations

import re

from pjtui.io.resolver import MUSL_NOTE as MUSL_NOTE
from pjtui.pjsip.catalogue import is_true, parse_host_port, split_list
from pjtui.pjsip.checks.helpers import file_of, is_host_name, report_at, uri_host
from pjtui.pjsip.checks.registry import WIZARD, Problem, declare, rule

_DOTTED = re.compile(r"\d+(\.\d+){3}")

declare("host-name", "warning", "host name resolved by DNS", spec="Z14", family="hosts")
declare("unresolvable-host", "error", "host name that does not resolve: identify rejected", spec="Z14",
        family="hosts")


def host_problem(ctx, host, port, e, name, key, *, identify: bool, srv: bool = True,
                 file=None, line=None, wizard=False) -> Problem:
    file = file or file_of(e)
    line = line or e.line
    shown = host if port is None else f"{host}:{port}"
    sport = None if port is None else str(port)
    # only an identify depends on the answer (a URI's name is looked up when a request is sent)
    unresolved = identify and ctx.resolver is not None and ctx.resolver(host, sport) is None
    # 300.1.2.3 looks like an address, but is not one: Asterisk takes it for a name
    lead = (f"'{host}' is not an IP address (each of its numbers must be 0-255), so Asterisk takes it for "
            "a host name. " if _DOTTED.fullmatch(host) else "")
    if identify and unresolved:
        what = "the wizard's identify" if wizard else "this identify"
        why = getattr(ctx.resolver, "why", None)
        said = f": {why(host, sport)}" if why is not None else ""
        return Problem("unresolvable-host", file, line, name,
                       f"{lead}'{shown}' does not resolve{said}. Asterisk rejects {what} as a whole "
                       "(its other addresses included) when it loads.",
                       "Use the peer's IP address, or fix DNS.", key=key)
    if identify:
        msg = (f"{lead}'{shown}' is a host name: Asterisk resolves it when the identify is loaded"
               + (" (once, when the wizard is applied; a plain reload does not re-resolve it)" if wizard else
                  " (again on each reload)")
               + ", and if it does not resolve then, the whole identify is rejected.")
    else:
        msg = (f"'{shown}' is a host name, resolved each time a request is sent"
               + (" (NAPTR/SRV, then A/AAAA, because there is no port)." if port is None else "."))
    if port is None and (srv or not identify):
        msg += f" {MUSL_NOTE}."
        fix = "Prefer the IP address, or add the :port you expect."
    else:
        fix = "Prefer the IP address if it is fixed."
    # an identify is rejected when a name does not resolve; a URI only fails at send time
    return Problem("host-name", file, line, name, msg, fix, key=key, severity=None if identify else "hint")


def match_item_problem(ctx, item: str, e, name: str, srv: bool, **where) -> list[Problem]:
    if "/" in item:
        return []
    hp = parse_host_port(item)
    if hp is None:
        return []
    host, port = hp
    if not is_host_name(host):
        return []
    return [host_problem(ctx, host, port, e, name, "match", identify=True, srv=srv, **where)]


@rule("host-name", scope=WIZARD, reads=("identify/match", "identify/srv_lookups", "remote_hosts",
                                        "accepts_registrations", "sends_line_with_registrations"))
@rule("unresolvable-host")
def wizard_match_hosts(ctx, w, file, line) -> list[Problem]:
    """Host names in the wizard's own identify/match lines (the identify is made only
    when the wizard has remote_hosts and neither accepts registrations nor sends a line)."""
    if not w.hosts or w.flag("accepts_registrations") or w.flag("sends_line_with_registrations"):
        return []
    srv = w.entries("identify", "srv_lookups")
    srv_on = is_true(srv[-1].value) if srv else True
    out = []
    for e in w.entries("identify", "match"):
        f, ln = report_at(w.eff, e)
        for item in split_list(e.value):
            out += match_item_problem(ctx, item, e, w.name, srv_on, file=f, line=ln, wizard=True)
    return out


def uri_host_problem(ctx, uri: str, e, name: str, key: str) -> list[Problem]:
    hp = uri_host(uri)
    if hp is None or not is_host_name(hp[0]):
        return []
    return [host_problem(ctx, hp[0], hp[1], e, name, key, identify=False)]


@rule("host-name", scope=WIZARD, reads=("aor/contact", "endpoint/outbound_proxy", "aor/outbound_proxy",
                                        "registration/outbound_proxy", "registration/server_uri",
                                        "outbound_proxy"))
def wizard_uri_hosts(ctx, w, file, line) -> list[Problem]:
    """Host names in URIs the wizard passes on (resolved when a request is sent)."""
    out = []
    for prefix, param in (("aor", "contact"), ("endpoint", "outbound_proxy"), ("aor", "outbound_proxy"),
                          ("registration", "outbound_proxy"), ("registration", "server_uri")):
        for e in w.entries(prefix, param):
            for uri in split_list(e.value):
                hp = uri_host(uri)
                if hp is not None and is_host_name(hp[0]):
                    f, ln = report_at(w.eff, e)
                    out.append(host_problem(ctx, hp[0], hp[1], e, w.name, e.key, identify=False, file=f, line=ln))
    op = w.opt("outbound_proxy")
    if op is not None:
        hp = uri_host(op.value)
        if hp is not None and is_host_name(hp[0]):
            f, ln = report_at(w.eff, op)
            out.append(host_problem(ctx, hp[0], hp[1], op, w.name, "outbound_proxy", identify=False,
                                    file=f, line=ln))
    return out
