"""Option names and values: each own line of a section, judged against the PJSIP
catalogue (spec ids O5-O8, Z1); in a wizard, the prefixes too."""

from __future__ import annotations

import difflib

from pjtui.pjsip.catalogue import WIZARD_PREFIXES
from pjtui.pjsip.checks.helpers import a_or_an, did_you_mean, file_of, own_ids, own_line
from pjtui.pjsip.checks.registry import PJSIP_LINES, WIZARD_LINE, Problem, rule


@rule("unknown-option", "error", "parameter name unknown for its object type", spec="O5/Z1", scope=PJSIP_LINES)
@rule("bad-value", "error", "value the parameter rejects", spec="O6/O8")
@rule("bool-value", "warning", "value that is not a boolean word (read as no)", spec="O7")
@rule("octal-value", "warning", "number with a leading 0 read as octal", spec="O8")
def pjsip_lines(ctx, eff, t) -> list[Problem]:
    """Names and values of the lines written in the section itself (an inherited one is
    judged at its template's line)."""
    out = []
    own = own_ids(eff)
    name = eff.name
    otype = ctx.cat.types[t]
    for e in eff.vars:
        opt = own_line(e, own)
        if opt is None:
            continue
        key = e.key
        if key.lower() == "type":
            continue
        if not otype.accepts(key):
            out.append(_unknown_pjsip_option(ctx, t, key, opt, name))
            continue
        p = otype.param(key)
        if p is not None:
            for iss in p.validate(e.value):
                out.append(value_problem(iss, opt, name, key, t))
    return out


def _unknown_pjsip_option(ctx, t: str, key: str, opt, section: str) -> Problem:
    sugg = ctx.cat.suggest(t, key)
    elsewhere = [o for o in ("endpoint", "aor", "auth", "transport", "identify", "registration")
                 if o != t and ctx.cat.param(o, key) is not None]
    msg = (f"'{key}' is not {a_or_an(t)} option: Asterisk refuses to create this {t} "
           "(on reload it keeps the old one).")
    fix = did_you_mean(sugg).strip()
    if elsewhere and not sugg:
        fix = f"'{key}' belongs to {' / '.join(elsewhere)}: move it to that section."
    return Problem("unknown-option", file_of(opt), opt.line, section, msg, fix or "Remove the line.",
                   key=key)



@rule("unprefixed-option", "error", "object parameter written in a wizard without its prefix", spec="Z1",
      scope=WIZARD_LINE)
@rule("prefix-case", "error", "wizard prefix with upper-case letters, silently dropped", spec="Z1")
@rule("unknown-prefix", "error", "wizard option with an unknown prefix, silently dropped", spec="Z1")
@rule("empty-prefix", "warning", "wizard prefix with nothing after the slash", spec="Z1")
@rule("unknown-option")
@rule("bad-value")
@rule("phoneprov-invalid")
def wizard_line(ctx, e, opt, section: str) -> list[Problem]:
    key = e.key
    file = file_of(opt)
    line = opt.line
    wo = ctx.cat.wizard_option(key)
    if wo.prefix is not None:
        if not wo.suffix:
            return [Problem("empty-prefix", file, line, section,
                            f"'{key}' has nothing after the slash; Asterisk ignores it.",
                            "Remove the line or add the parameter name.", key=key)]
        target = ctx.cat.types[wo.target_type]
        if wo.target_type == "phoneprov":
            if wo.suffix.lower() in ("mac", "profile") and wo.suffix not in ("MAC", "PROFILE"):
                return [Problem("phoneprov-invalid", file, line, section,
                                f"'{key}': phoneprov variable names are case-sensitive and the "
                                f"provider needs '{wo.suffix.upper()}', so the phone is not provisioned.",
                                f"Write {wo.prefix}/{wo.suffix.upper()}.", key=key)]
            return []
        if wo.suffix.lower() == "type":
            return []
        if not target.accepts(wo.suffix):
            sugg = ctx.cat.suggest(wo.target_type, wo.suffix)
            obj = {"inbound_auth": "inbound auth", "outbound_auth": "outbound auth"}.get(wo.prefix, wo.prefix)
            return [Problem("unknown-option", file, line, section,
                            f"'{wo.suffix}' is not {a_or_an(wo.target_type)} option: Asterisk refuses to "
                            f"create this wizard's {obj}.",
                            (did_you_mean([f"{wo.prefix}/{s}" for s in sugg]).strip()
                             or "Remove the line."), key=key)]
        if wo.param is not None:
            return [value_problem(iss, opt, section, key, wo.target_type) for iss in wo.param.validate(e.value)]
        return []
    if wo.param is not None:          # a wizard option
        if wo.param.name == "type":
            return []
        return [value_problem(iss, opt, section, key, "wizard") for iss in wo.param.validate(e.value)]
    # unknown name
    if "/" in key:
        prefix = key[: key.index("/")]
        if prefix.lower() in WIZARD_PREFIXES:
            return [Problem("prefix-case", file, line, section,
                            f"'{key}': the prefix must be lower-case '{prefix.lower()}/'; Asterisk drops "
                            "this line without a message.", f"Write {prefix.lower()}/{key[len(prefix) + 1:]}.",
                            key=key)]
        near = difflib.get_close_matches(prefix.lower(), list(WIZARD_PREFIXES), 1, 0.6)
        return [Problem("unknown-prefix", file, line, section,
                        f"'{prefix}/' is not a wizard prefix; Asterisk ignores '{key}' without a message.",
                        (f"Did you mean '{near[0]}/'?" if near else
                         "Use endpoint/, aor/, inbound_auth/, outbound_auth/, identify/, registration/ "
                         "or phoneprov/."), key=key)]
    if "type" in key:
        return []
    owners = [t for t in ("endpoint", "aor", "identify", "registration") if ctx.cat.param(t, key)]
    if ctx.cat.param("auth", key):
        owners += ["inbound_auth", "outbound_auth"]
    sugg = [x for x in ctx.cat.suggest("wizard", key) if not x.endswith("/")]
    if owners and key.lower() not in ("transport", "outbound_proxy"):
        return [Problem("unprefixed-option", file, line, section,
                        f"'{key}' is not a wizard option; Asterisk ignores it without a message.",
                        "Did you mean " + " or ".join(f"'{o}/{key}'" for o in owners[:3]) + "?", key=key)]
    return [Problem("unknown-option", file, line, section,
                    f"'{key}' is not a wizard option; Asterisk ignores it without a message.",
                    did_you_mean(sugg).strip() or "Remove the line.", key=key)]


def value_problem(iss, opt, section: str, key: str, type_name: str) -> Problem:
    if iss.severity == "error":
        code = "bad-value"
        what = "the wizard's " + type_name if "/" in key else "this " + type_name
        msg = f"{key} = {opt.value}: {iss.message}; Asterisk refuses to create {what}."
        fix = "Correct the value."
    elif "octal" in iss.message:
        code = "octal-value"
        msg = f"{key} = {opt.value}: {iss.message}."
        fix = "Remove the leading 0."
    else:
        code = "bool-value"
        msg = f"{key}: {iss.message}."
        fix = ""
    return Problem(code, file_of(opt), opt.line, section, msg, fix, key=key)


