"""``pjtui expand FILE [--pjsip PJSIP_CONF] [--hosts F | --no-resolve] [--json]``: what Asterisk
makes of a wizard file.

Prints the objects res_pjsip_config_wizard creates as a plain pjsip.conf (export
order: auth, endpoint, aor, identify, registration, phoneprov; by name within a
type), each with only the parameters the wizard passes, in the order Asterisk
applies them, then one ``; hint`` comment per dialplan hint.  A parameter that a
later one replaces (``endpoint/aors`` under the wizard's own ``aors``) is shown
as a comment, so every key line is one that takes effect; the variables the
phoneprov provider adds follow a comment line.  Names, contacts and password_digest
are as Asterisk's export writes them (:mod:`pjtui.pjsip.wizard.exported`).  Passwords
and md5_cred are masked unless ``--show-secrets`` (as in ``show``, ``get`` and the editor).

FILE is read with what ``pjtui check`` reads it with (:func:`pjtui.pjsip.loaded.load_wizard`:
the pjsip.conf and phoneprov.conf beside it).  Every line Asterisk would log goes to
stderr as ``file:line: LEVEL: source.c: Asterisk's words``.  Exit status: 0 clean, 1
when Asterisk would log an error (a rejected file prints no objects), 2 when a file
cannot be read.
"""

from __future__ import annotations

import json
import os
import sys

from pjtui.commands import resolving
from pjtui.commands.show import shown_value as _masked
from pjtui.pjsip.wizard import format_value, provenance
from pjtui.pjsip.wizard.exported import ADDED, DERIVED, IGNORED, REPEATED, REPLACED, export_lines


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "expand",
        help="show the pjsip objects a pjsip_wizard.conf creates",
        description="Print the objects Asterisk's config wizard creates from FILE as a pjsip.conf, "
                    "with the dialplan hints as comments. Asterisk's errors go to stderr; "
                    "exit status 1 when there are any, 2 when a file cannot be read.",
    )
    p.add_argument("file", metavar="FILE", help="pjsip_wizard.conf to expand")
    p.add_argument("--pjsip", metavar="PJSIP_CONF",
                   help="pjsip.conf to read with it (default: the one beside it): its objects hide "
                        "same-named wizard objects, its transports feed phoneprov")
    resolving.add_arguments(p)
    p.add_argument("--json", action="store_true", help="objects with each parameter's provenance, as JSON")
    p.add_argument("--show-secrets", action="store_true",
                   help="print passwords and md5_cred as written (masked by default)")
    p.set_defaults(func=run)



def render_conf(exp, reveal: bool = True) -> str:
    out: list[str] = []
    for obj in exp.objects:
        if out:
            out.append("")
        out.append(f"[{obj.name}]")
        out.append(f"type = {obj.type}")
        provider = False
        lines = export_lines(obj)
        for line in lines:
            text = f"{line.key} = {format_value(_masked(line.key, line.value, reveal))}"
            if line.state == ADDED and not provider:
                provider = True
                out.append("; added by res_pjsip_phoneprov_provider:")
            if line.state in (REPLACED, IGNORED, REPEATED):
                # kept visible, but as a comment: a later line wins, or the line does nothing
                text = f"; {text}   ({_no_effect(line.why, lines, reveal)})"
            out.append(text)
    if exp.hints:
        if out:
            out.append("")
        for line in exp.hint_lines():
            out.append(f"; hint {line}")
    return "\n".join(out) + ("\n" if out else "")


def _no_effect(why, lines, reveal: bool) -> str:
    """Why a parameter does not take effect, naming the line that wins when it is one."""
    if isinstance(why, str):
        return why
    winner = lines[why]
    line = getattr(winner.param.source, "line", None)
    if line is None:
        return "replaced by a later line"
    return f"replaced by line {line}: {winner.key} = {format_value(_masked(winner.key, winner.value, reveal))}"


def render_json(exp, path: str, reveal: bool = True, messages=None) -> str:
    """``messages``: :meth:`Loaded.messages <pjtui.pjsip.loaded.Loaded.messages>`, listed as
    ``errors`` with their file:line (without: the expansion's log, lines where known)."""
    objects = []
    for obj in exp.objects:
        params = []
        for line in export_lines(obj):
            p = line.param
            d = {"key": line.key, "value": _masked(line.key, line.value, reveal),
                 "source": provenance(p.source, obj.wizard.eff)}
            if line.state == ADDED:
                d["source"] = {"kind": "phoneprov provider", "rule": p.source.rule}
            else:
                d["overridden"] = line.state in (REPLACED, IGNORED)
                d["replaced_by"] = line.why     # index of the winning parameter, or why it does nothing
            if p.key != line.key and line.state != DERIVED:
                d["written"] = p.key            # the spelling of the line it comes from
            if line.state in (REPEATED, DERIVED):
                d[line.state] = True
            params.append(d)
        objects.append({"type": obj.type, "name": obj.name, "wizard": obj.wizard.name, "params": params})
    errors = [{"level": m.level, "source": m.source, "message": m.text, "file": m.file, "line": m.line}
              for m in messages] if messages is not None else []
    for line in exp.log if messages is None else ():
        e = {"level": line.level, "source": line.source, "message": line.message, "wizard": line.wizard}
        if line.entry is not None and hasattr(line.entry, "line"):
            e["file"] = getattr(line.entry.section.doc, "name", None) if line.entry.section else None
            e["line"] = line.entry.line
        errors.append(e)
    hints = [{"exten": h.exten, "context": h.context, "device": h.device, "application": h.application,
              "wizard": h.wizard} for h in exp.hints]
    return json.dumps({"file": path, "rejected": exp.rejected, "objects": objects, "hints": hints,
                       "errors": errors}, indent=2, ensure_ascii=False) + "\n"


def run(args) -> int:
    from pjtui.conf.loader import LoadError
    from pjtui.pjsip.loaded import load_wizard

    try:
        loaded = load_wizard(args.file, pjsip=args.pjsip, resolver=resolving.from_args(args))
    except LoadError as exc:
        print(f"pjtui expand: cannot read {exc}", file=sys.stderr)
        return 2
    except OSError as exc:          # an unreadable --hosts file
        print(f"pjtui expand: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    for cfg in loaded.configs():
        for file, line in cfg.exec_lines:
            print(f"pjtui expand: note: {file}:{line}: #exec is never run by pjtui; what its output would "
                  "add is missing here", file=sys.stderr)
    exp = loaded.expansion
    reveal = args.show_secrets
    shown = {os.path.abspath(args.file): args.file}     # file names as the user wrote them, like check
    messages = [m._replace(file=shown.get(m.file, m.file)) for m in loaded.messages()]
    text = render_json(exp, args.file, reveal, messages) if args.json else render_conf(exp, reveal)
    sys.stdout.write(text)
    sys.stdout.flush()
    for message in messages:
        print(str(message), file=sys.stderr)
    said = resolving.note(loaded.resolver)
    if said:
        print(f"pjtui expand: {said}", file=sys.stderr)
    return 1 if loaded.failed else 0
