"""Collisions and shadowing: two objects of one name, a wizard's object hidden by a
pjsip.conf one, a pass-through value the wizard replaces (spec ids O3, O4, O11, R19,
Z10, Z16, Z17)."""

from __future__ import annotations

from pjtui.pjsip.catalogue import parse_host_port, split_list
from pjtui.pjsip.checks.helpers import a_or_an, file_of, first_file, line_of, report_at
from pjtui.pjsip.checks.registry import PJSIP_FILE, WIZARD, WIZARD_EACH, WIZARD_FILE, Problem, rule
from pjtui.pjsip.checks.view import generated_objects

_GENERATED_TYPES = frozenset(("endpoint", "aor", "auth", "identify", "registration", "phoneprov"))


def _objects(ctx):
    """pjsip.conf's objects of a type Asterisk creates from it, with their type."""
    for eff in ctx.pjsip.sections:
        if eff.template:
            continue
        t = ctx.pjsip_type(eff)
        if not t or t not in ctx.cat.types or t in ("wizard", "contact"):
            continue
        yield eff, t


@rule("duplicate-object", "error", "same name and type twice: the whole type fails", spec="O3",
      scope=PJSIP_FILE)
@rule("duplicate-singleton", "error", "more than one global/system section", spec="O4")
def duplicates(ctx) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[tuple[str, str], object] = {}
    singles: dict[str, list] = {}
    for eff, t in _objects(ctx):
        key = (eff.name, t)
        if key in seen:
            first = seen[key]
            out.append(Problem("duplicate-object", file_of(eff.section), eff.section.line, eff.name,
                               f"A second {t} named '{eff.name}' (first at line {first.section.line}): "
                               f"Asterisk rejects every {t} of this file.",
                               f"Rename one of them, or merge them with [{eff.name}](+)."))
        else:
            seen[key] = eff
        if ctx.cat.types[t].single_object:
            singles.setdefault(t, []).append(eff)
    for t, effs in singles.items():
        if len(effs) > 1:
            for eff in effs[1:]:
                out.append(Problem("duplicate-singleton", file_of(eff.section), eff.section.line, eff.name,
                                   f"More than one {t} section: Asterisk rejects all {t} settings.",
                                   f"Keep a single {t} section."))
    return out


@rule("transport-invalid", scope=PJSIP_FILE)
def transport_binds(ctx) -> list[Problem]:
    """Two transports on one protocol and address: the second fails to start."""
    out: list[Problem] = []
    transports: dict[tuple[str, str], object] = {}
    for eff, t in _objects(ctx):
        if t != "transport":
            continue
        bind = (eff.value("bind") or "").strip()
        proto = (eff.value("protocol") or "udp").lower()
        if bind:
            hp = parse_host_port(bind)
            port = hp[1] if hp and hp[1] is not None else (5061 if proto in ("tls", "wss") else 5060)
            addr = (hp[0] if hp else bind)
            bkey = (proto if proto not in ("ws", "wss") else "ws", f"{addr}:{port}")
            if bkey in transports and proto not in ("ws", "wss"):
                other = transports[bkey]
                out.append(Problem("transport-invalid", file_of(eff.section), eff.section.line, eff.name,
                                   f"Same protocol and bind ({proto} {addr}:{port}) as transport "
                                   f"'{other.name}': this one fails to start.",
                                   "Use another port or address."))
            else:
                transports[bkey] = eff
    return out


@rule("shared-aor", "hint", "aor listed by several endpoints", spec="R19", scope=PJSIP_FILE)
def shared_aors(ctx) -> list[Problem]:
    model = ctx.pjsip
    endpoints_by_aor: dict[str, list[str]] = {}
    for eff, t in _objects(ctx):
        if t == "endpoint":
            for a in split_list(eff.value("aors") or ""):
                endpoints_by_aor.setdefault(a, []).append(eff.name)
    out = []
    for aor, eps in endpoints_by_aor.items():
        if len(eps) > 1:
            out.append(Problem("shared-aor", first_file(model), line_of(model, eps[1]), eps[1],
                               f"aor '{aor}' is used by endpoints {', '.join(eps)}: they share its "
                               "registrations.", "Give each endpoint its own aor if that is not meant."))
    return out


@rule("wizard-collision", "error", "generated object hidden by a pjsip.conf object", spec="Z16",
      scope=WIZARD_EACH)
def collisions(ctx, eff) -> list[Problem]:
    """Objects wizard ``eff`` makes that pjsip.conf already has (they are hidden)."""
    if ctx.pjsip is None:
        return []
    pj = ctx.pjsip_names()
    if _GENERATED_TYPES.isdisjoint(pj):
        return []                   # pjsip.conf has no object of a type wizards make
    out = []
    for t, n in generated_objects(ctx.view(eff)):
        if n not in pj.get(t, ()):
            continue
        other = ctx.pjsip_object(t, n)
        where = f" (line {other.section.line} of {file_of(other.section)})" if other else ""
        out.append(Problem("wizard-collision", file_of(eff.section), eff.section.line, eff.name,
                           f"pjsip.conf already has {a_or_an(t)} named '{n}'{where}: Asterisk uses that one "
                           f"and this wizard's {t} is hidden.", "Rename the wizard or the pjsip.conf object."))
        if other is not None:
            out.append(Problem("wizard-collision", file_of(other.section), other.section.line, n,
                               f"The wizard [{eff.name}] in {file_of(eff.section)} also makes {a_or_an(t)} named "
                               f"'{n}': this one wins and the wizard's is hidden.", "Rename one of them."))
    return out


@rule("wizard-duplicate", "warning", "two wizard sections with the same name", spec="Z17", scope=WIZARD_FILE)
def wizard_duplicates(ctx) -> list[Problem]:
    out: list[Problem] = []
    by_name: dict[str, list] = {}
    for group in ctx.wizard.sharing_names():      # only these can hold two of a name
        for eff in group:
            if ctx.is_wizard(eff):
                by_name.setdefault(eff.name, []).append(eff)
    for n, effs in by_name.items():
        if len(effs) > 1:
            for eff in effs[1:]:
                out.append(Problem("wizard-duplicate", file_of(eff.section), eff.section.line, n,
                                   f"A second wizard [{n}] (first at line {effs[0].section.line}): they are "
                                   "not merged; this one replaces the first one's objects.",
                                   f"Merge them, or use [{n}](+) to add to the first."))
    return out


#: pass-through parameters the wizard may set after the user's value (Z10).
_OVERRIDABLE = frozenset((
    ("endpoint", "aors"), ("endpoint", "transport"), ("endpoint", "outbound_proxy"), ("endpoint", "auth"),
    ("endpoint", "outbound_auth"), ("aor", "outbound_proxy"), ("identify", "endpoint"), ("phoneprov", "endpoint"),
    ("registration", "server_uri"), ("registration", "client_uri"), ("registration", "outbound_auth"),
    ("registration", "transport"), ("registration", "outbound_proxy"), ("registration", "line"),
    ("registration", "endpoint")))
_OVERRIDABLE_KEYS = frozenset(p + "/" + k for p, k in _OVERRIDABLE)


@rule("overridden-by-wizard", "warning", "pass-through value the wizard replaces", spec="Z10", scope=WIZARD,
      reads=("sends_auth", "accepts_auth", "sends_line_with_registrations", "server_uri_pattern",
             "client_uri_pattern", "transport", "outbound_proxy"))
def overridden(ctx, w, file, line) -> list[Problem]:
    if not w.passes_any(_OVERRIDABLE_KEYS):
        return []
    accepts_auth = w.flag("accepts_auth")
    sends_auth = w.flag("sends_auth")
    sends_line = w.flag("sends_line_with_registrations")
    rules = [("endpoint", "aors", True, f"aors = {w.name}"),
             ("endpoint", "transport", w.opt("transport") is not None, "the wizard's transport"),
             ("endpoint", "outbound_proxy", w.opt("outbound_proxy") is not None, "the wizard's outbound_proxy"),
             ("endpoint", "auth", accepts_auth, f"auth = {w.name}-iauth"),
             ("endpoint", "outbound_auth", sends_auth, f"outbound_auth = {w.name}-oauth"),
             ("aor", "outbound_proxy", w.opt("outbound_proxy") is not None, "the wizard's outbound_proxy"),
             ("identify", "endpoint", True, f"endpoint = {w.name}"),
             ("phoneprov", "endpoint", True, f"endpoint = {w.name}"),
             ("registration", "server_uri", (w.value("server_uri_pattern", "x") != ""), "server_uri_pattern"),
             ("registration", "client_uri", (w.value("client_uri_pattern", "x") != ""), "client_uri_pattern"),
             ("registration", "outbound_auth", sends_auth, f"outbound_auth = {w.name}-oauth"),
             ("registration", "transport", w.opt("transport") is not None, "the wizard's transport"),
             ("registration", "outbound_proxy", w.opt("outbound_proxy") is not None, "the wizard's outbound_proxy"),
             ("registration", "line", sends_line, "line = yes"),
             ("registration", "endpoint", sends_line, f"endpoint = {w.name}")]
    out = []
    for prefix, param, cond, by in rules:
        if not cond:
            continue
        for e in w.entries(prefix, param):
            out.append(Problem("overridden-by-wizard", *report_at(w.eff, e), w.name,
                               f"{e.key} has no effect: the wizard sets {by} after it.",
                               f"Remove {e.key}" + (f" and set {by.split(' ')[-1]} instead."
                                                    if by.startswith("the wizard") else "."), key=e.key))
    return out
