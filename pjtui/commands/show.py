"""``pjtui show FILE SECTION [--type T] [--hosts F | --no-resolve] [--json]``: a section's
effective values, with provenance.

Every variable of the section as Asterisk builds its list (inherited ones first, then
its own lines and ``(+)`` additions), each with the file, line and section it was
written in, and which ones a later line overrides.  For a wizard, the wizard options
left at their defaults are listed too, then the objects it makes and what Asterisk
logs about it, with host names resolved as ``expand`` and ``check`` resolve them.  Exit status: 0, or 2 when the file can't be
read or the section is not found / ambiguous.

Also home of the helpers the get/set/unset commands share (:func:`open_model`,
:func:`select_section`).
"""

from __future__ import annotations

import json
import sys


class CommandError(Exception):
    """A message for the user; the command exits with ``status``."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def open_model(path: str):
    """(config, model) of ``path`` with its includes; CommandError when unreadable."""
    from pjtui.conf.loader import LoadError, load
    from pjtui.pjsip.model import build

    try:
        cfg = load(path)
    except LoadError as exc:
        raise CommandError(f"cannot read {exc}") from None
    return cfg, build(cfg)


def section_kind(eff) -> str:
    if eff.template:
        return "template"
    if eff.is_wizard:
        return "wizard"
    t = eff.object_type
    if t is None and eff.name in ("global", "system"):
        return eff.name
    return t or "untyped"


def select_section(model, name: str, type_: str | None, path: str):
    """The one section called ``name`` (``type_`` picks among same-named ones)."""
    found = [e for e in model.sections if e.name == name]
    if not found:
        found = [e for e in model.sections if e.name.lower() == name.lower()]
    if not found:
        import difflib

        near = difflib.get_close_matches(name, [e.name for e in model.sections], 3, 0.6)
        hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        raise CommandError(f"{path}: no section [{name}]{hint}")
    if type_:
        chosen = [e for e in found if section_kind(e) == type_ or e.object_type == type_]
        if not chosen:
            kinds = ", ".join(sorted({section_kind(e) for e in found}))
            raise CommandError(f"{path}: no [{name}] of type {type_} (there is: {kinds})")
        found = chosen
    if len(found) > 1:
        where = ", ".join(f"line {e.section.line} ({section_kind(e)})" for e in found)
        kinds = [section_kind(e) for e in found]
        if len(set(kinds)) == len(kinds):
            advice = "choose one with --type " + " / --type ".join(dict.fromkeys(kinds))
        elif kinds.count("wizard") > 1:      # golden f30: wizards are not merged, the last one wins
            last = [e for e in found if section_kind(e) == "wizard"][-1]
            advice = (f"these have the same type: the wizard on line {last.section.line} replaces the objects "
                      f"of the one before (they are not merged); merge them, or write [{name}](+) to add to "
                      "the first")
        else:
            advice = "these have the same type; Asterisk rejects duplicates — rename one"
        raise CommandError(f"{path}: {len(found)} sections are named [{name}]: {where}; {advice}")
    return found[0]


SECRET_MASK = "********"  # shown instead of a password; `pjtui get` or --show-secrets print it


def shown_value(key: str, value: str, reveal: bool) -> str:
    """What the commands print for ``key``'s ``value``: the mask for a secret unless ``reveal``."""
    from pjtui.io.secrets import is_secret_key

    return SECRET_MASK if value and not reveal and is_secret_key(key) else value


def entry_rows(eff) -> list[dict]:
    """One row per variable of the effective list, with provenance."""
    from pjtui.pjsip.model import lines_of

    rows = []
    for i, entry in enumerate(eff.vars):
        origin = eff.origin(entry)
        lines = lines_of(entry)
        first = lines[0]
        by = eff.overridden_by(i)
        rows.append({
            "key": entry.key,
            "value": entry.value,
            "file": first.doc.name if hasattr(first, "doc") else "",
            "line": first.line,
            "appended_lines": [o.line for o in lines[1:]],
            "origin": origin.kind,
            "from_section": origin.where.name if origin.where is not None else eff.name,
            "via": origin.via.name if origin.via is not None else None,
            "overridden_by_line": by.line if by is not None else None,
        })
    return rows


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "show",
        help="show a section's effective values and where each comes from",
        description="Print the section's variables as Asterisk builds them (inheritance, +=, (+)), "
                    "with the file and line each comes from.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("--type", metavar="T", help="pick among sections of the same name: endpoint, aor, "
                                               "auth, wizard, template, ...")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--show-secrets", action="store_true",
                   help="print passwords and md5_cred as written (masked by default)")
    from pjtui.commands import resolving

    resolving.add_arguments(p)
    p.set_defaults(func=run)


def wizard_outcome(cfg, eff, args) -> dict | None:
    """What the wizard section makes (each object with the lines Asterisk exports) and what
    Asterisk logs about it, each line with its file:line (None for other sections): from
    the expansion ``pjtui expand`` and ``pjtui check`` make of the file
    (:func:`pjtui.pjsip.loaded.load_wizard`), host names resolved as the options say."""
    if not eff.is_wizard:
        return None
    from pjtui.commands import resolving
    from pjtui.pjsip.loaded import load_wizard
    from pjtui.pjsip.wizard.exported import shown_pairs

    loaded = load_wizard(args.file, config=cfg, resolver=resolving.from_args(args))
    exp = loaded.expansion

    def shown(key: str, value: str) -> str:
        return shown_value(key, value, args.show_secrets)

    return {"rejected": exp.rejected,
            "objects": [{"type": o.type, "name": o.name,
                         "params": [{"key": k, "value": shown(k, v)} for k, v in shown_pairs(o)]}
                        for o in exp.of_wizard(eff.name)],
            "log": [str(loaded.located(x)) for x in exp.log if x.wizard == eff.name or exp.rejected],
            "resolver": resolving.note(loaded.resolver)}


def run(args) -> int:
    try:
        cfg, model = open_model(args.file)
        eff = select_section(model, args.section, args.type, args.file)
        outcome = wizard_outcome(cfg, eff, args)
    except CommandError as exc:
        print(f"pjtui show: {exc}", file=sys.stderr)
        return exc.status
    except OSError as exc:          # an unreadable --hosts file
        print(f"pjtui show: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    rows = entry_rows(eff)
    for row in rows:
        row["value"] = shown_value(row["key"], row["value"], args.show_secrets)
    defaults = []
    if eff.is_wizard or (eff.template and any("type" in e.key and e.value == "wizard" for e in eff.vars)):
        from pjtui.pjsip.wizard import read_wizard

        w = read_wizard(eff)
        defaults = [{"key": s.name, "value": s.default} for s in w.settings_view()
                    if s.entry is None and s.default is not None]
    kind = section_kind(eff)
    if args.json:
        json.dump({"section": eff.name, "kind": kind, "file": eff.section.doc.name, "line": eff.section.line,
                   "template": eff.template, "parents": [p.name for p in eff.parents],
                   "missing_parents": eff.missing_parents, "values": rows, "defaults": defaults,
                   **({"makes": outcome} if outcome is not None else {})},
                  sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    parents = f"({', '.join(p.name for p in eff.parents)})" if eff.parents else ""
    print(f"[{eff.name}]{parents}  ; {kind}, {eff.section.doc.name}:{eff.section.line}")
    width = min(48, max([len(f"{r['key']} = {r['value']}") for r in rows] + [20]))
    for r in rows:
        text = f"{r['key']} = {r['value']}"
        if r["origin"] in ("own", "append"):
            src = f"line {r['line']}" + (" ((+) section)" if r["origin"] == "append" else "")
        else:
            kind_word = "template" if r["origin"] == "template" else "parent"
            via = f" via [{r['via']}]" if r["via"] and r["via"] != r["from_section"] else ""
            src = f"{kind_word} [{r['from_section']}] line {r['line']}{via}"
        if r["appended_lines"]:
            src += " += line " + ", ".join(map(str, r["appended_lines"]))
        if r["overridden_by_line"] is not None:
            src += f"; overridden by line {r['overridden_by_line']}"
        print(f"  {text:<{width}}  ; {src}")
    if eff.missing_parents:
        print(f"  ; parent(s) not found: {', '.join(eff.missing_parents)} — Asterisk rejects the file")
    if defaults:
        print("  ; wizard defaults:")
        for d in defaults:
            text = f"{d['key']} = {d['value']}"
            print(f"  {text:<{width}}  ; default")
    if outcome is not None:
        made = ", ".join(f"{o['type']} {o['name']}" for o in outcome["objects"])
        print(f"  ; makes: {made}" if made else "  ; makes: nothing (Asterisk rejects the whole file; pjtui check "
              "says why)" if outcome["rejected"] else "  ; makes: nothing")
        for line in outcome["log"]:
            print(f"  ; Asterisk logs: {line}")
        if outcome["resolver"]:
            print(f"  ; {outcome['resolver']}")
    return 0

