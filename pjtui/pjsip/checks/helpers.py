"""Small helpers every rule family uses: where to report, URIs and host names, wording."""

from __future__ import annotations

from pjtui.pjsip.catalogue import is_ip_literal, parse_host_port
from pjtui.pjsip.model import Appended, lines_of

def file_of(obj) -> str:
    sec = getattr(obj, "section", obj)
    doc = getattr(sec, "doc", None)
    return getattr(doc, "name", "") or ""


def own_ids(eff) -> set:
    if not eff.appends:
        return {id(eff.section)}
    return {id(s) for s in eff.own_sections()}


def report_at(eff, entry) -> tuple[str, int]:
    """Where to report a problem about ``entry`` of section ``eff``: the line when it is
    written in the section itself, else the section's header line (an inherited value is
    a property of this section; its template line is reported by the template's checks)."""
    if entry is not None:
        opt = own_line(entry, own_ids(eff))
        if opt is not None:
            return file_of(opt), opt.line
    return file_of(eff.section), eff.section.line


def inherited_len(eff) -> int:
    """How many leading entries of ``eff.vars`` are its single parent's list, unchanged
    (the usual template child; a ``+=`` on an inherited name or several parents make it
    0).  None of them is written in the section itself."""
    parents = eff.parents
    if len(parents) != 1:
        return 0
    pv = parents[0].vars
    n = len(pv)
    return n if n and eff.vars[:n] == pv else 0


def own_line(entry, own: set):
    """The last line of ``entry`` written in the section itself (None if all inherited)."""
    if type(entry) is not Appended:
        return entry if id(entry.section) in own else None
    last = None
    for opt in lines_of(entry):
        if id(opt.section) in own:
            last = opt
    return last


def sip_uri_problem(uri: str) -> str | None:
    """Why pjproject would not parse ``uri`` as a SIP URI (None when it parses).  The
    verdict is :func:`pjtui.pjsip.wizard.sip_uri_ok`'s, so checks and expansion agree."""
    from pjtui.pjsip.wizard import sip_uri_ok

    if sip_uri_ok(uri):
        return None
    low = uri.lower()
    if not (low.startswith("sip:") or low.startswith("sips:")):
        return "is not a sip: or sips: URI"
    rest = uri[uri.index(":") + 1:].split(";", 1)[0].split("?", 1)[0]
    host = rest.rsplit("@", 1)[-1]
    if not host:
        return "has no host"
    if any(c in host for c in " \t"):
        return "contains a blank"
    return "cannot be parsed as a SIP URI"


def uri_host(uri: str) -> tuple[str, int | None] | None:
    low = uri.lower()
    if not (low.startswith("sip:") or low.startswith("sips:")):
        return None
    rest = uri[uri.index(":") + 1:].split(";", 1)[0].split("?", 1)[0]
    rest = rest.rsplit("@", 1)[-1].strip("<>")
    return parse_host_port(rest)


def is_host_name(host: str) -> bool:
    return bool(host) and not is_ip_literal(host) and "$" not in host


def a_or_an(word: str) -> str:
    """'a endpoint' -> 'an endpoint'."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    return " Did you mean " + " or ".join(f"'{n}'" for n in names) + "?"


def diagnostics_of(model) -> list:
    if model is None:
        return []
    return list(getattr(model.source, "diagnostics", ()) or ())


class NoEntry:
    value = ""


NO_ENTRY = NoEntry()


def closest_name(item: str, names) -> str | None:
    import difflib

    low = {n.lower(): n for n in names}
    if item.lower() in low:
        return low[item.lower()]
    if len(low) > 2000:
        return None
    hit = difflib.get_close_matches(item.lower(), list(low), 1, 0.8)
    return low[hit[0]] if hit else None


def defined_before(model, pname: str, sec) -> bool:
    for e in model.sections:
        if e.section is sec:
            return False
        if e.name.lower() == pname.lower():
            return True
    return False


def defined_after(model, pname: str, sec) -> int | None:
    after = False
    for e in model.sections:
        if e.section is sec:
            after = True
            continue
        if after and e.name.lower() == pname.lower():
            return e.section.line
    return None


def first_file(model) -> str:
    for e in model.sections:
        return file_of(e.section)
    return getattr(model.source, "name", "") or ""


def line_of(model, name: str) -> int:
    for e in model.sections:
        if e.name == name:
            return e.section.line
    return 1


