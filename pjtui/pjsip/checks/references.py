"""References between objects and whether an object can be reached at all: names that
must exist, transports, aors, codecs (pjsip-objects.md §4, spec ids R1-R13)."""

from __future__ import annotations

from pjtui.pjsip.catalogue import is_true, parse_c_int, split_list
from pjtui.pjsip.checks.helpers import closest_name, file_of, first_file, report_at
from pjtui.pjsip.checks.registry import PJSIP_FILE, PJSIP_OBJECT, WIZARD, Problem, rule


@rule("dangling-reference", "error", "reference to an object that does not exist", spec="R1-R8",
      scope=PJSIP_OBJECT, types=("endpoint", "identify", "registration", "phoneprov"))
def refs(ctx, eff, t, file, line) -> list[Problem]:
    """Dangling references from a pjsip.conf object (values written anywhere)."""
    out = []
    name = eff.name
    if ctx.pjsip is not None and ctx.pjsip.rejected:
        return out          # Asterisk loads nothing from the file: the syntax error says it all
    otype = ctx.cat.types[t]
    registration_line = t == "registration" and is_true(eff.value("line") or "no")
    for key_low, p in otype.params.items():
        refs = p.object_refs
        if not refs:
            continue
        if p.is_list and p.accumulates:
            entries = eff.find_all(key_low)
        else:
            e = eff.find(key_low)
            entries = [e] if e is not None else []
        for e in entries:
            items = split_list(e.value, p.separator or ",") if p.is_list else ([e.value] if e.value else [])
            for item in items:
                if any(ctx.exists(r, item) for r in refs):
                    continue
                if t == "resource_list":
                    continue  # items may be dialplan hints, not checkable here
                if t == "registration" and key_low == "endpoint" and not registration_line:
                    continue
                p = dangling(ctx, t, key_low, item, refs[0], e, name)
                p.file, p.line = report_at(eff, e)
                out.append(p)
    return out

def dangling(ctx, t, key, item, ref, e, name) -> Problem:
    effects = {
        ("endpoint", "aors"): "REGISTER gets 404 and calls find no contact",
        ("endpoint", "auth"): "every request from this endpoint gets 500",
        ("endpoint", "outbound_auth"): "challenges from the peer cannot be answered",
        ("registration", "outbound_auth"): "the registrar's challenge cannot be answered",
        ("endpoint", "transport"): "every outbound request fails (Unable to retrieve PJSIP transport)",
        ("registration", "transport"): "the REGISTER cannot be sent",
        ("identify", "endpoint"): "matching requests are not identified",
        ("registration", "endpoint"): "calls on the line are not identified",
        ("phoneprov", "endpoint"): "the phone is not provisioned",
    }
    effect = effects.get((t, key), "the reference fails at run time")
    if (t, key) == ("identify", "endpoint") and ctx.pjsip is None:
        effect += ""
    near = closest_name(item, ctx.names().get(ref, ()))
    fix = f"Did you mean '{near}'?" if near else f"Create the {ref} [{item}] or fix the name."
    return Problem("dangling-reference", file_of(e), e.line, name,
                   f"{key} names {ref} '{item}', which does not exist: {effect}.", fix, key=key)



@rule("default-outbound-endpoint", "warning", "default_outbound_endpoint names no endpoint", spec="R10",
      scope=PJSIP_OBJECT, types=("global",))
def default_outbound_endpoint(ctx, eff, t, file, line) -> list[Problem]:
    dflt = eff.find("default_outbound_endpoint")
    if dflt is not None and dflt.value and not ctx.exists("endpoint", dflt.value):
        return [Problem("default-outbound-endpoint", *report_at(eff, dflt), eff.name,
                        f"default_outbound_endpoint names '{dflt.value}', which is not an "
                        "endpoint: dialling a bare URI fails.",
                        "Name an existing endpoint.", key="default_outbound_endpoint")]
    return []


@rule("endpoint-without-aors", "warning", "endpoint without aors", spec="R11",
      scope=PJSIP_OBJECT, types=("endpoint",))
@rule("no-codecs", "warning", "endpoint without allow: no codecs", spec="R13")
def endpoint_reachable(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    if not split_list(eff.value("aors") or ""):
        out.append(Problem("endpoint-without-aors", file, line, eff.name,
                           "This endpoint has no aors: it can neither register (403) nor be called.",
                           "Add aors = <aor name>."))
    if not any(split_list(e.value, ",") for e in eff.find_all("allow")):
        out.append(Problem("no-codecs", file, line, eff.name,
                           "No allow line: the endpoint has no codecs and calls cannot negotiate "
                           "media.", "Add allow = ulaw (or the codecs you use)."))
    return out


@rule("no-codecs", scope=WIZARD, reads=("endpoint/allow",))
def wizard_codecs(ctx, w, file, line) -> list[Problem]:
    if not w.entries("endpoint", "allow"):
        return [Problem("no-codecs", file, line, w.name,
                        "No endpoint/allow: the endpoint has no codecs and calls cannot negotiate "
                        "media.", "Add endpoint/allow = ulaw (or your codecs), e.g. in a template.")]
    return []


def _none_items(value: str) -> bool:
    return any(item.strip().lower() == "none" for item in value.split(","))


_NONE_FIX = "To start from no codecs write !all first (allow = !all,ulaw), or disallow = all before it."


@rule("codec-none", "warning", "allow = none: the codec 'none', not an empty list", scope=PJSIP_OBJECT,
      types=("endpoint",))
def endpoint_codec_none(ctx, eff, t, file, line) -> list[Problem]:
    """Asterisk takes 'none' as a codec name (it exports (g722|ulaw|alaw|none)); only
    '!all' and 'disallow = all' clear the list (issue 16)."""
    return [Problem("codec-none", *report_at(eff, e), eff.name,
                    f"allow = {e.value}: 'none' is a codec name to Asterisk, not \"no codecs\": the codecs "
                    "allowed before it stay, and 'none' is added to them.", _NONE_FIX, key=e.key)
            for e in eff.find_all("allow") if _none_items(e.value)]


@rule("codec-none", scope=WIZARD, reads=("endpoint/allow",))
def wizard_codec_none(ctx, w, file, line) -> list[Problem]:
    return [Problem("codec-none", *report_at(w.eff, e), w.name,
                    f"{e.key} = {e.value}: 'none' is a codec name to Asterisk, not \"no codecs\": the "
                    "codecs allowed before it stay, and 'none' is added to them.", _NONE_FIX, key=e.key)
            for e in w.entries("endpoint", "allow") if _none_items(e.value)]


@rule("aor-unreachable", "warning", "aor with max_contacts 0 and no contact", spec="R12",
      scope=PJSIP_OBJECT, types=("aor",))
def aor_reachable(ctx, eff, t, file, line) -> list[Problem]:
    mc = parse_c_int((eff.value("max_contacts") or "0").strip()) or 0
    if mc == 0 and not eff.find_all("contact"):
        return [Problem("aor-unreachable", file, line, eff.name,
                        "max_contacts is 0 and there is no static contact: nothing can "
                        "register to this aor (REGISTER gets 403) and calls find no contact.",
                        "Set max_contacts = 1 (phones) or add contact = sip:host (trunks).")]
    return []


@rule("no-transport", "error", "no transport at all", spec="R5", scope=PJSIP_FILE)
def no_transport(ctx) -> list[Problem]:
    model = ctx.pjsip
    for eff in model.sections:
        if not eff.template and ctx.pjsip_type(eff) == "transport":
            return []
    if model.sections or ctx.wizard is not None:
        f = getattr(model.source, "name", "") or first_file(model)
        return [Problem("no-transport", f, 1, "",
                        "No transport is defined: Asterisk can neither send nor receive SIP.",
                        "Add [transport-udp] type = transport, protocol = udp, bind = 0.0.0.0.")]
    return []


@rule("dangling-reference", scope=WIZARD, reads=("transport", "endpoint/transport", "endpoint/auth",
                                                 "endpoint/outbound_auth", "registration/outbound_auth",
                                                 "accepts_auth", "sends_auth", "sends_registrations"))
def wizard_refs(ctx, w, file, line) -> list[Problem]:
    out = []
    name = w.name
    checks = []
    tr = w.opt("transport")
    if tr is not None and tr.value:
        checks.append((tr, "transport", [tr.value], "endpoint", "transport"))
    else:
        e = w.last("endpoint", "transport")
        if e is not None and e.value:
            checks.append((e, "transport", [e.value], "endpoint", "transport"))
    if not w.flag("accepts_auth"):
        e = w.last("endpoint", "auth")
        if e is not None:
            checks.append((e, "auth", split_list(e.value), "endpoint", "auth"))
    if not w.flag("sends_auth"):
        e = w.last("endpoint", "outbound_auth")
        if e is not None:
            checks.append((e, "auth", split_list(e.value), "endpoint", "outbound_auth"))
        e = w.last("registration", "outbound_auth")
        if e is not None and w.flag("sends_registrations"):
            checks.append((e, "auth", split_list(e.value), "registration", "outbound_auth"))
    for entry, ref, items, t, key in checks:
        if ref == "transport" and (ctx.pjsip is None or ctx.pjsip.rejected):
            continue
        for item in items:
            if not ctx.exists(ref, item):
                p = dangling(ctx, t, key, item, ref, entry, name)
                p.key = entry.key
                p.file, p.line = report_at(w.eff, entry)
                out.append(p)
    return out

