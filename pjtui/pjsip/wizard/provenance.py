"""Where a parameter came from, as JSON-friendly data (``pjtui expand --json``).
No Textual, no tomlkit."""

from __future__ import annotations

from pjtui.pjsip.model import Effective, file_of
from pjtui.pjsip.wizard.records import Derived


def provenance(source, eff: Effective | None = None) -> dict:
    """JSON-friendly provenance of a Param source (or a model entry).  With the wizard's
    Effective, each line also says how it reached the wizard (own/append/template/parent)."""
    from pjtui.pjsip.model import lines_of

    def line_info(entry, opt) -> dict:
        sec = opt.section
        d = {"file": file_of(opt), "line": opt.line, "section": sec.name if sec is not None else None,
             "text": f"{opt.key} {opt.op} {opt.value}"}
        if eff is not None and _in_vars(eff, entry):
            o = eff.origin(entry)
            d["origin"] = o.kind
            if o.via is not None:
                d["via"] = o.via.name
        return d

    def entry_lines(entry) -> list[dict]:
        return [line_info(entry, o) for o in lines_of(entry)]

    if isinstance(source, Derived):
        out = {"kind": "wizard", "rule": source.rule, "from": [d for e in source.entries for d in entry_lines(e)]}
        if source.default is not None:
            out["default"] = source.default
        return out
    return {"kind": "line", "from": entry_lines(source)}


def _in_vars(eff: Effective, entry) -> bool:
    return any(x is entry for x in eff.vars)
