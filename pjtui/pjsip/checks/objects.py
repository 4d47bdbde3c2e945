"""pjsip.conf object rules: a section's type, and what each object type needs for
Asterisk to create it (pjsip-objects.md §4, spec ids O1-O16, O20, Z21)."""

from __future__ import annotations

import difflib

from pjtui.pjsip.catalogue import is_true, parse_c_int, split_list
from pjtui.pjsip.checks.helpers import did_you_mean, file_of, report_at, sip_uri_problem
from pjtui.pjsip.checks.hosts import match_item_problem, uri_host_problem
from pjtui.pjsip.checks.registry import NON_WIZARD, PJSIP_OBJECT, PJSIP_TYPE, WIZARD, Problem, rule

# Types a pjsip.conf section may name that Asterisk silently ignores there: (code, what, fix).
IGNORED_TYPES = {
    "wizard": ("wizard-in-pjsip-conf",
               "type = wizard is read only from pjsip_wizard.conf; in pjsip.conf Asterisk ignores this section.",
               "Move the section to pjsip_wizard.conf."),
    "contact": ("unknown-type",
                "Contacts are created at run time (REGISTER) and from aor 'contact'; "
                "Asterisk ignores a type = contact section.",
                "Use an aor with contact = sip:... instead."),
}


def usable_type(ctx, t: str | None) -> bool:
    """Is ``t`` a type whose pjsip.conf objects Asterisk creates (else the section is ignored)?"""
    return t is not None and t not in IGNORED_TYPES and t in ctx.cat.types and ctx.cat.types[t].name != "wizard"


@rule("no-type", "error", "pjsip.conf section without a type: ignored", spec="O1", scope=PJSIP_TYPE)
@rule("unknown-type", "error", "type Asterisk does not know: section ignored", spec="O1")
@rule("conflicting-type", "warning", "several type lines with different values", spec="O2")
@rule("wizard-in-pjsip-conf", "error", "type = wizard in pjsip.conf is ignored", spec="Z21")
def section_type(ctx, eff, t, file, line) -> list[Problem]:
    name = eff.name
    if t is None:
        if any(True for e in eff.vars if e.key.lower() != "type"):
            return [Problem("no-type", file, line, name,
                            "This section has no 'type' line, so Asterisk ignores it.",
                            "Add type = endpoint (or aor, auth, transport...).")]
        return []
    ignored = IGNORED_TYPES.get(t)
    if ignored is not None:
        return [Problem(ignored[0], file, line, name, ignored[1], ignored[2])]
    if t not in ctx.cat.types or ctx.cat.types[t].name == "wizard":
        sugg = [x for x in ctx.cat.types if x.lower() == t.lower() and x != "wizard"]
        if not sugg:
            sugg = difflib.get_close_matches(t.lower(), [x for x in ctx.cat.types if x != "wizard"], 1, 0.6)
        return [Problem("unknown-type", file, line, name,
                        f"type = {t} is not an object type Asterisk knows (the value is "
                        "case-sensitive), so it ignores this section.",
                        did_you_mean(sugg).strip() or "Use endpoint, aor, auth, transport, ...")]
    types = [e for e in eff.vars if e.key.lower() == "type"]
    if len({e.value for e in types}) > 1:
        later = types[-1]
        return [Problem("conflicting-type", file_of(later), later.line, name,
                        f"Several type lines ({', '.join(e.value for e in types)}): Asterisk "
                        f"uses the first, so this is a {t} and the others are ignored.",
                        "Keep one type line.", key="type")]
    return []


@rule("not-a-wizard", "error", "type = wizard spelled with other case: not a wizard", spec="Z21",
      scope=NON_WIZARD)
@rule("ignored-in-wizard-file", "warning", "non-wizard section in pjsip_wizard.conf is ignored")
def non_wizard(ctx, eff, file, line) -> list[Problem]:
    name = eff.name
    for e in eff.vars:
        if e.value.lower() == "wizard" and "type" in e.key.lower():
            return [Problem("not-a-wizard", file_of(e), e.line, name,
                            f"'{e.key} = {e.value}' does not make a wizard: Asterisk wants a name "
                            "containing lower-case 'type' and the value exactly 'wizard', so it "
                            "ignores this section without a message.", "Write type = wizard.",
                            key=e.key)]
    if not eff.vars or eff.missing_parents:
        return []
    t = eff.object_type
    what = f"a type = {t} section" if t else "a section without type = wizard"
    return [Problem("ignored-in-wizard-file", file, line, name,
                    f"This is {what}; Asterisk reads only wizards from pjsip_wizard.conf and ignores "
                    "it.", "Move it to pjsip.conf, or add type = wizard." if t else
                    "Add type = wizard, or make it a template with (!).")]


# ------------------------------------------------------------------ object types

@rule("endpoint-invalid", "error", "endpoint settings Asterisk refuses at load", spec="O9",
      scope=PJSIP_OBJECT, types=("endpoint",))
def endpoint(ctx, eff, t, file, line) -> list[Problem]:
    return endpoint_validation(eff.name, eff.value, eff.find, file, line, lambda e: report_at(eff, e))


#: the endpoint options endpoint_validation reads
_ENDPOINT_VALIDATED_KEYS = frozenset("endpoint/" + k for k in (
    "timers_min_se", "timers_sess_expires", "rtp_port_start", "rtp_port_end", "preferred_codec_only"))


@rule("endpoint-invalid", scope=WIZARD, reads=_ENDPOINT_VALIDATED_KEYS | {"endpoint/incoming_call_offer_pref"})
def wizard_endpoint(ctx, w, file, line) -> list[Problem]:
    """The same load-time checks on the generated endpoint's pass-through values."""
    if not w.passes_any(_ENDPOINT_VALIDATED_KEYS):
        return []

    def ep_value(k, d=None):
        e = w.last("endpoint", k)
        return d if e is None else e.value

    return endpoint_validation(w.name, ep_value, lambda k: w.last("endpoint", k), file, line,
                               lambda e: report_at(w.eff, e))


@rule("auth-incomplete", "error", "auth without username or password", spec="O10",
      scope=PJSIP_OBJECT, types=("auth",))
def auth(ctx, eff, t, file, line) -> list[Problem]:
    return auth_rules(eff.name, eff.value, eff.find_all, file, line)


@rule("contact-not-sip", "error", "aor contact that is not a sip:/sips: URI", spec="O14",
      scope=PJSIP_OBJECT, types=("aor",))
@rule("max-contacts-one", "warning", "max_contacts = 1 without remove_existing")
@rule("host-name")
def aor(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    name = eff.name
    for e in eff.find_all("contact"):
        for uri in split_list(e.value):
            low = uri.lower()
            if not (low.startswith("sip:") or low.startswith("sips:")):
                out.append(Problem("contact-not-sip", *report_at(eff, e), name,
                                   f"contact '{uri}' is not a sip:/sips: URI, so Asterisk rejects "
                                   "this aor.", f"Write sip:{uri}.", key="contact"))
            else:
                out += uri_host_problem(ctx, uri, e, name, "contact")
    mc = parse_c_int((eff.value("max_contacts") or "0").strip()) or 0
    if mc == 1 and not is_true(eff.value("remove_existing") or "no"):
        f, ln = report_at(eff, eff.find("max_contacts"))
        out.append(max_contacts_one(f, ln, name, "max_contacts", "remove_existing"))
    return out


@rule("transport-invalid", "error", "transport that cannot start", spec="O11",
      scope=PJSIP_OBJECT, types=("transport",))
def transport(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    v = eff.value
    proto = (v("protocol") or "udp").lower()
    if not (v("bind") or "") and proto != "flow":
        out.append(Problem("transport-invalid", file, line, eff.name,
                           "This transport has no bind, so Asterisk cannot start it.",
                           "Add bind = 0.0.0.0 (or 0.0.0.0:5060)."))
    if v("external_signaling_address") and v("external_signaling_hostname"):
        f, ln = report_at(eff, eff.find("external_signaling_hostname"))
        out.append(Problem("transport-invalid", f, ln, eff.name,
                           "Both external_signaling_address and external_signaling_hostname are "
                           "set: Asterisk rejects this transport.", "Keep only one of them."))
    return out


@rule("identify-invalid", "error", "identify without endpoint or match", spec="O12",
      scope=PJSIP_OBJECT, types=("identify",))
@rule("host-name")
@rule("unresolvable-host")
def identify(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    name = eff.name
    v = eff.value
    if not v("endpoint"):
        out.append(Problem("identify-invalid", file, line, name,
                           "This identify has no endpoint: Asterisk rejects it.",
                           "Add endpoint = <endpoint name>."))
    matches = eff.find_all("match")
    if not (matches or v("match_header") or v("match_request_uri")):
        out.append(Problem("identify-invalid", file, line, name,
                           "This identify matches nothing (no match, match_header or "
                           "match_request_uri): Asterisk rejects it.",
                           "Add match = <IP address or network of the peer>."))
    mh = eff.find("match_header")
    if mh is not None and mh.value and ":" not in mh.value:
        out.append(Problem("identify-invalid", *report_at(eff, mh), name,
                           f"match_header '{mh.value}' has no ':' between header name and value: "
                           "Asterisk rejects this identify.", "Write match_header = Name: value.",
                           key="match_header"))
    for e in matches:
        for item in split_list(e.value):
            out += match_item_problem(ctx, item, e, name, is_true(v("srv_lookups") or "yes"))
    return out


@rule("registration-invalid", "error", "registration with missing or bad URIs", spec="O13",
      scope=PJSIP_OBJECT, types=("registration",))
@rule("host-name")
def registration(ctx, eff, t, file, line) -> list[Problem]:
    out = registration_rules(eff.name, eff.value, lambda key: report_at(eff, eff.find(key)), file, line)
    for key in ("server_uri", "client_uri", "outbound_proxy"):
        e = eff.find(key)
        if e is not None and e.value and sip_uri_problem(e.value) is None:
            out += uri_host_problem(ctx, e.value, e, eff.name, key)
    return out


@rule("resource-list-invalid", "error", "resource_list without event or list_item", spec="O15",
      scope=PJSIP_OBJECT, types=("resource_list",))
def resource_list(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    if not eff.value("event"):
        out.append(Problem("resource-list-invalid", file, line, eff.name,
                           "This resource_list has no event: Asterisk rejects it.",
                           "Add event = presence (or dialog, message-summary)."))
    if not any(split_list(e.value) for e in eff.find_all("list_item")):
        out.append(Problem("resource-list-invalid", file, line, eff.name,
                           "This resource_list has no list_item: Asterisk rejects it.",
                           "Add list_item = <extension or resource_list>."))
    return out


@rule("identifier-order-blanks", "warning", "blanks in endpoint_identifier_order", spec="O20",
      scope=PJSIP_OBJECT, types=("global",))
def identifier_order(ctx, eff, t, file, line) -> list[Problem]:
    order = eff.find("endpoint_identifier_order")
    if order is not None and any(x != x.strip() for x in order.value.split(",")):
        return [Problem("identifier-order-blanks", *report_at(eff, order), eff.name,
                        "endpoint_identifier_order has blanks around commas; Asterisk compares "
                        "the names byte for byte, so only the first one is recognised and the "
                        "others run last.", "Write it without blanks: ip,username,anonymous.",
                        key="endpoint_identifier_order")]
    return []


# ------------------------------------------------- shared with the wizard rules

def max_contacts_one(file, line, name, mc_key, rm_key) -> Problem:
    return Problem("max-contacts-one", file, line, name,
                   f"{mc_key} = 1 without {rm_key} = yes: when the phone registers again with a new "
                   "contact (reboot, new IP) before the old one expires, Asterisk refuses the REGISTER.",
                   f"Add {rm_key} = yes.", key=mc_key)



def auth_rules(name, value, find_all, file, line, *, wizard: str | None = None,
               prefix: str = "") -> list[Problem]:
    out = []
    pre = f"{prefix}/" if prefix else ""
    atype = (value("auth_type") or "userpass").lower()
    if not value("username"):
        out.append(Problem("auth-incomplete", file, line, name,
                           f"auth '{name}' has no username: Asterisk rejects it.", f"Add {pre}username.",
                           key=f"{pre}username"))
    if atype == "google_oauth":
        missing = [k for k in ("refresh_token", "oauth_clientid", "oauth_secret") if not value(k)]
        if missing:
            out.append(Problem("auth-incomplete", file, line, name,
                               f"auth '{name}' uses google_oauth but lacks {', '.join(missing)}: Asterisk "
                               "rejects it.", f"Add {pre}{missing[0]}.", key=f"{pre}{missing[0]}"))
    elif not (value("password") or value("md5_cred") or any(e.value for e in find_all("password_digest"))):
        out.append(Problem("auth-incomplete", file, line, name,
                           f"{name}: No plain text or digest password found for algorithm MD5: Asterisk "
                           "rejects this auth" + (" and the endpoint names an auth that does not exist."
                                                  if wizard else "."),
                           f"Add {pre}password.", key=f"{pre}password"))
    return out


def registration_rules(name, v, at, file, line) -> list[Problem]:
    out = []
    for key, word in (("server_uri", "server"), ("client_uri", "client")):
        val = v(key)
        if not val:
            out.append(Problem("registration-invalid", file, line, name,
                               f"No {word} URI specified on outbound registration '{name}': Asterisk rejects "
                               "it.", f"Add {key} = sip:..."))
            continue
        why = sip_uri_problem(val)
        if why:
            f, ln = at(key)
            out.append(Problem("registration-invalid", f, ln, name,
                               f"Invalid {word} URI '{val}' specified on outbound registration '{name}' (it "
                               f"{why}): Asterisk rejects it.", "Write sip:host or sip:user@host.", key=key))
    line_on = is_true(v("line") or "no")
    if line_on and not v("endpoint"):
        f, ln = at("line")
        out.append(Problem("registration-invalid", f, ln, name,
                           "line = yes requires endpoint: Asterisk rejects this registration.",
                           "Add endpoint = <endpoint name>.", key="line"))
    if v("endpoint") and not line_on:
        f, ln = at("endpoint")
        out.append(Problem("registration-invalid", f, ln, name,
                           "An endpoint has been specified without enabling line support: Asterisk rejects "
                           "this registration.", "Add line = yes, or remove endpoint.", key="endpoint"))
    return out


def endpoint_validation(name, v, find, file, line, loc=None) -> list[Problem]:
    """pjsip_configuration.c load-time checks (each rejects the endpoint)."""
    out = []

    def at(k):
        e = find(k)
        if loc is not None:
            return loc(e)
        return (file_of(e), e.line) if e is not None else (file, line)

    def num(k, d):
        val = v(k)
        if val is None:
            return d
        n = parse_c_int(val.strip())
        return n

    min_se = num("timers_min_se", 90)
    sess = num("timers_sess_expires", 1800)
    if min_se is not None and min_se < 90:
        f, ln = at("timers_min_se")
        out.append(Problem("endpoint-invalid", f, ln, name, f"timers_min_se = {min_se} is below 90: Asterisk "
                           "rejects the endpoint.", "Use 90 or more.", key="timers_min_se"))
    elif min_se is not None and sess is not None and sess < min_se:
        f, ln = at("timers_sess_expires")
        out.append(Problem("endpoint-invalid", f, ln, name, f"timers_sess_expires ({sess}) is below "
                           f"timers_min_se ({min_se}): Asterisk rejects the endpoint.",
                           "Raise timers_sess_expires.", key="timers_sess_expires"))
    start = num("rtp_port_start", 0)
    end = num("rtp_port_end", 0)
    if start is not None and end is not None and (start or end):
        f, ln = at("rtp_port_start" if start else "rtp_port_end")
        if not (start and end):
            out.append(Problem("endpoint-invalid", f, ln, name, "Only one of rtp_port_start / rtp_port_end is "
                               "set: Asterisk rejects the endpoint.", "Set both or neither."))
        elif start < 1024 or end < 1024:
            out.append(Problem("endpoint-invalid", f, ln, name, "rtp_port_start/rtp_port_end below 1024: "
                               "Asterisk rejects the endpoint.", "Use ports from 1024 up."))
        elif end <= start:
            out.append(Problem("endpoint-invalid", f, ln, name, "rtp_port_end is not above rtp_port_start: "
                               "Asterisk rejects the endpoint.", "Make rtp_port_end larger."))
    pco = v("preferred_codec_only")
    icop = v("incoming_call_offer_pref")
    if pco is not None and is_true(pco) and icop is not None and icop.strip().lower() != "local":
        f, ln = at("preferred_codec_only")
        out.append(Problem("endpoint-invalid", f, ln, name, "preferred_codec_only = yes together with "
                           f"incoming_call_offer_pref = {icop}: Asterisk rejects the endpoint.",
                           "Use one of the two.", key="preferred_codec_only"))
    return out


