"""Rename a section with every reference following: parent lists, the references other
sections make to the objects it is (pjsip.conf) or that its wizard makes (``-iauth``,
``-oauth``, ``-identify``, ``-reg-N``, ``-phoneprov``), in both files."""

from __future__ import annotations

from pjtui.conf import EditError
from pjtui.conf.edits import RenameSection, SetTemplates, SetValue
from pjtui.pjsip.catalogue import WIZARD_PREFIXES, catalogue
from pjtui.pjsip.model import build
from pjtui.pjsip.refactor.proof import Files, Refactored, RefactorError, copy, objects, prove, result
from pjtui.pjsip.wizard import expand


def _renames(files: Files, which: str, section, new_name: str) -> list[tuple[str, str, str]]:
    old = section.name
    model = build(getattr(files, which))
    eff = model.of(section)
    if eff is None or eff.template:
        return []
    if which == "pjsip":
        t = eff.object_type or (eff.name if eff.name in ("global", "system") else None)
        return [(t, old, new_name)] if t else []
    if not eff.is_wizard:
        return []
    pjsip = build(files.pjsip) if files.pjsip is not None else None
    exp = expand(model, pjsip=pjsip)
    made = [(o.type, o.name, new_name + o.name[len(old):]) for o in exp.of_wizard(old)]
    # names the wizard's endpoint derives even when that auth failed to be made
    ep = exp.get("endpoint", old)
    for key in ("auth", "outbound_auth"):
        value = ep.value(key) if ep is not None else None
        if value and value.startswith(old + "-") and ("auth", value) not in {(t, n) for t, n, _ in made}:
            made.append(("auth", value, new_name + value[len(old):]))
    return [("wizard", old, new_name), *made]


def objects_renamed(files: Files, which: str, line: int) -> list[tuple[str, str]]:
    """(type, name) of the objects that a rename of the section on ``line`` renames too (its
    own, or those its wizard makes): what the editor says before the new name is typed."""
    doc = getattr(files, which)
    section = doc.section_at(line) if doc is not None else None
    if section is None:
        return []
    return [(t, old) for t, old, _ in _renames(files, which, section, section.name) if t != "wizard"]


def _ref_types(which: str, key: str, section_type: str | None) -> tuple:
    cat = catalogue()
    if which == "wizard":
        prefix, slash, opt = key.partition("/")
        if not slash:
            return ("transport",) if key.lower() == "transport" else ()
        t = WIZARD_PREFIXES.get(prefix)
        spec = cat.param(t, opt.lower()) if t else None
    else:
        spec = cat.param(section_type, key.lower()) if section_type else None
    return spec.object_refs if spec is not None else ()


def _retarget(value: str, types: tuple, names: dict) -> str:
    parts = value.split(",")
    for i, part in enumerate(parts):
        token = part.strip()
        for t in types:
            if (t, token) in names:
                parts[i] = part.replace(token, names[(t, token)], 1)
                break
    return ",".join(parts)


def rename_section(files: Files, which: str, line: int, new_name: str) -> Refactored:
    """Rename the section whose header is on ``line`` of the ``which`` file ("wizard"/"pjsip")."""
    doc = getattr(files, which)
    if doc is None:
        raise RefactorError(f"no {which} file is open")
    try:
        section = doc.section_at(line)
    except KeyError as exc:
        raise RefactorError(str(exc.args[0])) from None
    old = section.name
    if new_name == old:
        raise RefactorError("the new name is the old one")
    renames = _renames(files, which, section, new_name)
    names = {(t, o): n for t, o, n in renames}
    taken = {(t, n) for t, n, _ in objects(files)[0]} - {(t, o) for t, o, _ in renames}
    clash = [f"{t} {n}" for t, _, n in renames if (t, n) in taken]
    if clash:
        raise RefactorError(f"{clash[0]} already exists; choose another name")
    model = build(doc)
    eff = model.of(section)
    headers = [section, *(eff.appends if eff is not None else [])]
    after = {}
    try:
        for w in ("wizard", "pjsip"):
            d = getattr(files, w)
            if d is None:
                continue
            new = copy(d)
            m = build(d)
            for s in d.sections:
                if w == which and any(s is h for h in headers):
                    new.apply(RenameSection(s.line, new_name))
                if w == which and any(p.lower() == old.lower() for p in s.parents):
                    parents = tuple(new_name if p.lower() == old.lower() else p for p in s.parents)
                    new.apply(SetTemplates(s.line, s.template, parents))
                e = m.of(s)
                stype = e.object_type if e is not None and w == "pjsip" else None
                for o in s.options:
                    types = _ref_types(w, o.key, stype)
                    value = _retarget(o.value, types, names) if types else o.value
                    if value != o.value:
                        if o.op == "+=":
                            raise RefactorError(f"{d.name}:{o.line}: a += line names {old}; "
                                                "write it as one line first")
                        new.apply(SetValue(o.line, value))
            after[w] = new
    except EditError as exc:
        raise RefactorError(str(exc)) from None
    new_files = files._replace(**after)
    proven = prove(files, new_files, renames)
    notes = []
    if any(t == "endpoint" for t, _, _ in renames):
        notes.append(f"the endpoint is now {new_name}: Dial(PJSIP/{old}) and hints in extensions.conf "
                     "still use the old name")
    exists = {(t, n) for t, n, _ in objects(files)[0]}
    return result(files, new_files, [r for r in renames if (r[0], r[1]) in exists], notes, proven)
