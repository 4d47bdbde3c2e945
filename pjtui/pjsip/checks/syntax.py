"""The files as text: what makes Asterisk reject a file or read a line differently
(asterisk-config-syntax.md; spec ids F1-F10), before any object is looked at."""

from __future__ import annotations

from pjtui.conf.loader import MAX_INCLUDE_LEVEL
from pjtui.pjsip.checks.helpers import defined_after, defined_before, file_of
from pjtui.pjsip.checks.registry import FILE, SECTION, Problem, rule


@rule("syntax", "error", "syntax error that makes Asterisk reject the file", spec="F1", scope=FILE)
@rule("syntax-warning", "warning", "line Asterisk ignores or reads differently", spec="F3-F10")
@rule("include-loop", "error", "#include loop: Asterisk loads the files again and again", spec="F1")
@rule("missing-parent", "error", "template or parent not defined before its use", spec="F1/F2")
@rule("missing-append-target", "error", "(+) section with no earlier section of that name", spec="F1")
@rule("exec-not-run", "hint", "#exec present: pjtui never runs it, analysis incomplete", spec="F7")
@rule("no-context", "hint", "the other config file was not found, references not checked")
def file_level(ctx) -> list[Problem]:
    out = []
    tops = {m.root_name for m in (ctx.wizard, ctx.pjsip) if m is not None and m.root_name}
    for diags in (ctx.wizard_diagnostics, ctx.pjsip_diagnostics):
        for d in diags:
            code = getattr(d, "code", "")
            if code in ("parent-missing", "append-target-missing", "missing-parent"):
                continue        # reported from the model, with the fix
            if code == "exec-not-run":
                out.append(Problem("exec-not-run", d.file, d.line, "",
                                   f"{d.message}: pjtui never runs #exec, so what it adds is not "
                                   "checked (Asterisk runs it only with execincludes = yes).",
                                   "Check that command's output separately."))
                continue
            if code == "include-loop":
                out.append(Problem("include-loop", d.file, d.line, "",
                                   f"{d.message}: every section in the loop is loaded several times, and "
                                   f"Asterisk logs 'Maximum Include level ({MAX_INCLUDE_LEVEL}) exceeded' and "
                                   "that the file does not exist.",
                                   "Remove this #include: include each file once, from the top file."))
                continue
            if d.fatal and tops and d.file not in tops:
                # config.c: an included file's error is not passed on (asterisk-config-syntax §7.2)
                out.append(Problem("syntax", d.file, d.line, "",
                                   d.message.split("; Asterisk rejects")[0].rstrip(".") + ": Asterisk stops "
                                   "reading this included file here (the lines above it are kept) and goes on "
                                   "with the file that includes it.", "Fix this line."))
                continue
            if d.fatal:
                said = "reject" in d.message.lower()
                out.append(Problem("syntax", d.file, d.line, "",
                                   d.message.rstrip(".") + ("." if said else ": Asterisk rejects the whole "
                                                            "file and loads nothing from it."),
                                   "Fix this line."))
            else:
                out.append(Problem("syntax-warning", d.file, d.line, "",
                                   f"{d.message}.", "Asterisk ignores this or reads it differently."))
    if ctx.wizard is not None and ctx.pjsip is not None and ctx.pjsip.rejected:
        pfile = getattr(getattr(ctx.pjsip.source, "root", ctx.pjsip.source), "name", "pjsip.conf")
        wfile = getattr(getattr(ctx.wizard.source, "root", ctx.wizard.source), "name", "")
        out.append(Problem("no-context", wfile, 1, "",
                           f"{pfile} has an error that makes Asterisk reject it, so its transports and "
                           "objects are not used to check this file.", f"Run pjtui check {pfile}."))
    for model in (ctx.wizard, ctx.pjsip):
        if model is None:
            continue
        for err in model.errors:
            sec = err.section
            name = getattr(sec, "name", "")
            if err.code == "missing-parent":
                fix = ""
                for p in getattr(sec, "parents", ()):
                    if defined_before(model, p, sec):
                        continue
                    after = defined_after(model, p, sec)
                    if after is not None:
                        fix += f"[{p}] is defined after it (line {after}): move it above [{name}]. "
                    else:
                        fix += f"Define [{p}] above [{name}] or remove it from the list. "
                out.append(Problem("missing-parent", err.file, err.line, name,
                                   f"{err.message}: Asterisk rejects the whole file, every section "
                                   "included.", fix.strip()))
            else:
                out.append(Problem("missing-append-target", err.file, err.line, name,
                                   f"{err.message}: Asterisk rejects the whole file.",
                                   f"Define [{name}] before the (+) section, or drop '(+)'."))
    return out



@rule("header-space", "warning", "blank between ']' and '(': the template list is ignored", spec="F3",
      scope=SECTION)
def header_space(ctx, eff) -> list[Problem]:
    """F3: ``[6001] (tpl)`` — Asterisk reads options only when '(' follows ']' directly
    (the parser noted each such header: ``Section.header_gap``)."""
    if not eff.appends:
        if eff.section.header_gap is None:
            return []               # the usual case
        sections = (eff.section,)
    else:
        sections = eff.own_sections()
    out = []
    for sec in sections:
        text = sec.header_gap
        if text is not None:
            out.append(Problem("header-space", file_of(sec), sec.line, sec.name,
                               f"There is a blank between ']' and '{text}': Asterisk ignores '{text}', so this "
                               "section is neither a template nor inherits anything.",
                               f"Write [{sec.name}]{text} without the blank."))
    return out

