"""Phone provisioning and dialplan hints (spec ids O16, Z18, Z19): what res_phoneprov
needs to provision a phone, and hint settings that do nothing."""

from __future__ import annotations

from pjtui.pjsip.checks.helpers import file_of, report_at
from pjtui.pjsip.checks.registry import LOG, PJSIP_OBJECT, WIZARD, Problem, rule

def profile_problem(file, line, name, profile, profiles) -> Problem:
    return Problem("phoneprov-invalid", file, line, name,
                   f"Could not look up profile '{profile}' - skipping.: phoneprov.conf has no such "
                   "profile, so the phone is not provisioned.",
                   f"Use one of: {', '.join(sorted(profiles)) or '(none defined)'}.", key="PROFILE")




@rule("phoneprov-invalid", "error", "phone that will not be provisioned", spec="O16/Z18",
      scope=PJSIP_OBJECT, types=("phoneprov",))
def phoneprov(ctx, eff, t, file, line) -> list[Problem]:
    out = []
    name = eff.name
    keys = {e.key for e in eff.vars}
    for req in ("MAC", "PROFILE"):
        if req not in keys:
            lower = [k for k in keys if k.lower() == req.lower()]
            out.append(Problem("phoneprov-invalid", file, line, name,
                               f"No '{req}' variable (the name is case-sensitive): the phone is "
                               "not provisioned.",
                               f"Rename '{lower[0]}' to '{req}'." if lower else f"Add {req} = ..."))
    prof = eff.find("PROFILE")
    if prof is not None and ctx.profiles is not None and prof.value not in ctx.profiles:
        out.append(profile_problem(*report_at(eff, prof), name, prof.value, ctx.profiles))
    ep = eff.value("endpoint")
    if ep and ctx.exists("endpoint", ep):
        out += _endpoint_transport(ctx, ep, file, line, name)
    return out


def _endpoint_transport(ctx, ep: str, file, line, name) -> list[Problem]:
    if ctx.pjsip is None:
        return []
    for e in ctx.pjsip.sections:
        if not e.template and e.name == ep and ctx.pjsip_type(e) == "endpoint":
            tr = e.value("transport") or ""
            if not tr or not ctx.exists("transport", tr):
                return [Problem("phoneprov-invalid", file, line, name,
                                f"Endpoint {ep} contained invalid transport {tr}.: its transport "
                                "must name an existing transport, else the phone is skipped.",
                                f"Set transport on endpoint {ep}.")]
    return []



@rule("phoneprov-invalid", scope=WIZARD, reads=("has_phoneprov", "phoneprov/mac", "phoneprov/profile",
                                                "transport", "endpoint/transport"))
def wizard_phoneprov(ctx, w, file, line) -> list[Problem]:
    if not w.flag("has_phoneprov"):
        return []
    out = []
    name = w.name
    f, ln = report_at(w.eff, w.opt("has_phoneprov"))
    ents = w.entries("phoneprov")
    keys = {e.key[len("phoneprov/"):] for e in ents}
    if not any(k.lower() == "mac" for k in keys):
        out.append(Problem("phoneprov-invalid", f, ln, name,
                           f"Wizard '{name}' must have 'phoneprov/MAC' if it has_phoneprov: no "
                           f"{name}-phoneprov is created.", "Add phoneprov/MAC = <the phone's MAC>.",
                           key="has_phoneprov"))
        return out
    if not any(k.lower() == "profile" for k in keys):
        out.append(Problem("phoneprov-invalid", f, ln, name,
                           "No phoneprov/PROFILE: res_phoneprov cannot provision the phone.",
                           "Add phoneprov/PROFILE = <profile of phoneprov.conf>.", key="has_phoneprov"))
    prof = w.last("phoneprov", "profile")
    if prof is not None and prof.key.endswith("PROFILE") and ctx.profiles is not None \
            and prof.value not in ctx.profiles:
        out.append(profile_problem(*report_at(w.eff, prof), name, prof.value, ctx.profiles))
    tr = w.value("transport")
    if tr is None:
        e = w.last("endpoint", "transport")
        tr = e.value if e is not None else ""
    if not tr:
        out.append(Problem("phoneprov-invalid", f, ln, name,
                           f"Endpoint {name} contained invalid transport .: has_phoneprov needs a "
                           "transport, so the phone is never provisioned.",
                           "Add transport = <transport of pjsip.conf>.", key="has_phoneprov"))
    elif ctx.pjsip is not None and not ctx.exists("transport", tr):
        out.append(Problem("phoneprov-invalid", f, ln, name,
                           f"Endpoint {name} contained invalid transport {tr}.: the phone is not "
                           "provisioned.", "Name a transport defined in pjsip.conf.", key="has_phoneprov"))
    return out


@rule("wizard-hint", "warning", "hint settings that do nothing", spec="Z19", scope=WIZARD,
      reads=("has_hint", "hint_application"))
def wizard_hints(ctx, w, file, line) -> list[Problem]:
    out = []
    name = w.name
    hx = w.opt("hint_exten")
    hx_set = hx is not None and hx.value != ""
    if w.flag("has_hint") and not hx_set:
        out.append(Problem("wizard-hint", *report_at(w.eff, w.opt("has_hint")), name,
                           "has_hint = yes without hint_exten: no hint is created.",
                           "Add hint_exten = <extension>.", key="has_hint"))
    if hx_set and not w.flag("has_hint"):
        out.append(Problem("wizard-hint", *report_at(w.eff, hx), name,
                           "hint_exten is set but has_hint is not yes: no hint is created (the endpoint "
                           "still gets @hint_* values).", "Set has_hint = yes.", key="hint_exten"))
    app = w.opt("hint_application")
    if app is not None and app.value and hx_set and w.flag("has_hint"):
        val = app.value
        if "(" in val and (not val.endswith(")") or val.index("(") == 0 or val.endswith("()")):
            out.append(Problem("wizard-hint", *report_at(w.eff, app), name,
                               f"hint_application '{val}' is not App(args): Asterisk fails to add it "
                               "(Failed to add hint).", "Write it as App(args), e.g. Dial(${HINT}).",
                               key="hint_application"))
    return out


@rule("wizard-hint", scope=LOG)
def hint_removals(ctx, found: list[Problem]) -> list[Problem]:
    """What a wizard with has_hint off does to the dialplan: it removes the hint (and
    priority 1) of its exten, another wizard's included, and pbx.c warns when one is not
    there.  Both depend on the wizards before, so they are read from the expansion, not
    judged wizard by wizard."""
    exp = ctx.expanded()
    if exp is None or exp.rejected:
        return []
    out = []
    for r in exp.removed_hints:
        if r.entry is None or not hasattr(r.entry, "line"):
            continue
        out.append(Problem("wizard-hint", file_of(r.entry), r.entry.line, r.wizard,
                           f"has_hint is off, so this wizard removes the hint {r.exten}@{r.context} that "
                           f"[{r.made_by}] made: the dialplan keeps no hint for it.",
                           "Set has_hint = yes, or give this wizard its own hint_exten.", key="hint_exten"))
    seen = set()
    for log in exp.log:
        if log.source != "pbx.c" or log.entry is None or not hasattr(log.entry, "line"):
            continue
        where = (log.wizard, file_of(log.entry), log.entry.line, log.message)
        if where in seen:
            continue
        seen.add(where)
        out.append(Problem("wizard-hint", where[1], where[2], log.wizard,
                           "has_hint is off, so the wizard removes this extension's hint and priority 1 "
                           "from the dialplan; one of them is not there (an earlier wizard's hint made the "
                           f"context), and Asterisk logs: WARNING: pbx.c: {log.message}.",
                           "Set has_hint = yes, or remove hint_exten if this wizard should leave the "
                           "dialplan alone.", key="hint_exten"))
    return out
