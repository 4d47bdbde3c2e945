"""``--to-wizard``: a pjsip.conf (or Asterisk's export) as a pjsip_wizard.conf plus the
remainder a wizard cannot express, proven by expanding the result before it is returned."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.conf import parse
from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.convert.group import find_groups
from pjtui.pjsip.convert.objects import PROVIDER_KEYS, Obj, from_export, from_model, retarget
from pjtui.pjsip.convert.remainder import balanced, cut, leading_comments, render_objects, section_ranges
from pjtui.pjsip.convert.synth import Unconvertible, WizardSection, wizard_section
from pjtui.pjsip.convert.templates import Placed, build_tree
from pjtui.pjsip.convert.compare import differences, export_pairs, looks_like_export
from pjtui.pjsip.export import read_defaults
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand, format_value, pjsip_objects


class ConversionError(Exception):
    """The input cannot be read, or the result would not expand to the input's objects."""


class Converted(NamedTuple):
    wizard: str            # pjsip_wizard.conf text
    remainder: str         # pjsip.conf text of what stays (may be empty)
    renames: list          # [(type, old, new)]
    kept: list             # [str]: why objects stayed in the remainder
    groups: int            # wizard sections made
    objects: int           # objects of the input


def render(templates, placed, comments: dict | None = None) -> str:
    out: list[str] = []
    for t in templates:
        out.append(f"[{t.name}](!{',' + t.parent if t.parent else ''})")
        out.extend(f"{k} = {format_value(v)}" if v else f"{k} =" for k, v in t.lines)
        out.append("")
    for p in placed:
        out.extend((comments or {}).get(p.name, ()))
        out.append(f"[{p.name}]({p.parent})" if p.parent else f"[{p.name}]")
        out.extend(f"{k} = {format_value(v)}" if v else f"{k} =" for k, v in p.lines)
        out.append("")
    return "\n".join(out[:-1]) + "\n" if out else ""


def _expanded(wizard_text: str, pjsip_model, with_provider: bool) -> tuple[list, list]:
    exp = expand(build(parse(wizard_text.encode("utf-8", "surrogateescape"), "pjsip_wizard.conf")),
                 pjsip=pjsip_model)
    objs = [(o.type, o.name, export_pairs(o.type, o.all_params() if with_provider else o.params))
            for o in exp.objects]
    return objs, [str(x) for x in exp.log if x.level == "ERROR"]


def _retarget(obj: Obj, new_name: str, names: dict) -> tuple:
    """(type, name, pairs) of an object under its new name, references following ``names``."""
    return obj.type, new_name, retarget(obj.type, obj.pairs, names)


def name_users(objs: list[Obj]) -> dict[str, list[tuple[Obj, str, tuple]]]:
    """Each value token -> (object, key, types the key references) for every key that may
    name an object: the catalogue's reference keys, and keys it does not know (types ())."""
    cat = catalogue()
    out: dict[str, list] = {}
    for o in objs:
        for k, v in o.lines:
            spec = cat.param(o.type, k.lower())
            if spec is not None and not spec.object_refs:
                continue
            refs = spec.object_refs if spec is not None else ()
            for x in v.split(","):
                out.setdefault(x.strip(), []).append((o, k, refs))
    return out


def _old_name_users(ws: WizardSection, users: dict) -> list[str]:
    """Objects outside the group whose values may name an object the wizard renames."""
    members = {id(o) for o in ws.group.members()}
    out = []
    for t, old, _ in ws.renames:
        for o, k, refs in users.get(old, ()):
            if id(o) not in members and (not refs or t in refs):
                out.append(f"{o.type} {o.name} ({o.where}) names {t} {old} in {k}")
    return out


def _prove_section(ws: WizardSection, export: bool, defaults: dict) -> WizardSection:
    names = {(t, old): new for t, old, new in ws.renames}
    want = [_retarget(o, names.get((o.type, o.name), o.name), names) for o in ws.group.members()]
    for _ in range(2):
        got, errors = _expanded(render([], [_placed(ws)]), None, export)
        if errors:
            raise Unconvertible(f"the wizard would log: {errors[0]}")
        diffs = differences(want, got, defaults, ignore_tags=not export)
        if not diffs:
            return ws
        pp = ws.group.phoneprov
        if not (pp is not None and all(d.type == "phoneprov" and d.key in PROVIDER_KEYS for d in diffs)):
            break
        extra = {d.key for d in diffs}
        ws = ws._replace(lines=ws.lines + [(f"phoneprov/{k}", v) for k, v in pp.lines if k in extra])
    raise Unconvertible("; ".join(map(str, diffs[:3])))


def _placed(ws: WizardSection) -> Placed:
    return Placed(ws.name, None, ws.lines)


def _read(data: bytes, filename: str, defaults: dict):
    """(objects, document or None for an export, model or None, errors the input already logs)."""
    text = data.decode("utf-8", "surrogateescape")
    if looks_like_export(text):
        try:
            return from_export(text, defaults, filename), None, None, set()
        except ValueError as exc:
            raise ConversionError(str(exc)) from None
    doc = parse(data, filename)
    model = build(doc)
    if model.rejected:
        raise ConversionError(rejection(doc, model, filename))
    wizards = model.wizards()
    if wizards:
        raise ConversionError(f"{filename}:{wizards[0].section.line}: this is a pjsip_wizard.conf "
                              "(it has wizard sections); --to-objects turns it into plain objects")
    return from_model(model), doc, model, {str(x) for x in pjsip_objects(model)[1]}


def _sections(groups, objs, doc, export: bool, defaults: dict, kept: list) -> list[WizardSection]:
    """The proven wizard section of every group that has one; ``kept`` gets why the others have none."""
    ranges = section_ranges(doc) if doc is not None else {}
    includes = doc is not None and any(d.kind in ("include", "tryinclude", "exec") for d in doc.directives)
    sections: list[WizardSection] = []
    taken = {(o.type, o.name) for o in objs}
    users = name_users(objs)
    for g in groups:
        try:
            for o in g.members() if doc is not None else ():
                if not all(balanced(doc, s, ranges) for s in o.eff.own_sections()):
                    raise Unconvertible(f"{o.type} {o.name}: a block comment (;-- --;) runs past it")
                if o.eff.section.doc is not doc or any(d.section is s for s in o.eff.own_sections()
                                                       for d in doc.directives):
                    raise Unconvertible(f"{o.type} {o.name} is in an included file or has a #directive")
            ws = wizard_section(g, export)
            if ws.renames and includes:
                t, old, new = ws.renames[0]
                raise Unconvertible(f"{t} {old} would become {new}, and the files this one includes "
                                    "may refer to it")
            broken = _old_name_users(ws, users)
            if broken:
                raise Unconvertible("renaming would break a reference: " + broken[0])
            mine = {(o.type, o.name) for o in g.members()}
            clash = [f"{t} {new}" for t, _, new in ws.renames if (t, new) in taken and (t, new) not in mine]
            if clash:
                raise Unconvertible(f"the wizard's name {clash[0]} is already taken")
            sections.append(_prove_section(ws, export, defaults))
            taken.difference_update((t, old) for t, old, _ in ws.renames)
            taken.update((t, new) for t, _, new in ws.renames)
        except Unconvertible as exc:
            kept.append(f"endpoint {g.name}: {exc}")
    return sections


def to_wizard(data: bytes, filename: str = "pjsip.conf", *, defaults: dict | None = None) -> Converted:
    """A pjsip.conf (or Asterisk's export) as wizards plus a remainder, or ConversionError."""
    defaults = defaults if defaults is not None else read_defaults()
    objs, doc, model, logged = _read(data, filename, defaults)
    groups, why = find_groups(objs)
    kept = [f"endpoint {n}: {reason}" for n, reason in why.items()]
    sections = _sections(groups, objs, doc, doc is None, defaults, kept)
    converted = {id(o) for ws in sections for o in ws.group.members()}
    rest = [o for o in objs if id(o) not in converted]
    comments = {}
    if doc is None:
        remainder = render_objects(rest)
    else:
        ranges = section_ranges(doc)
        drop = [s for ws in sections for o in ws.group.members() for s in o.eff.own_sections()]
        drop += _unused_templates(model, {id(s) for s in drop})
        for ws in sections:
            comments[ws.name] = leading_comments(doc, [s for o in ws.group.members() for s in o.eff.own_sections()],
                                                 ranges)
        remainder = cut(doc, drop, ranges).decode("utf-8", "surrogateescape") if rest or _has_sections(doc, drop) else ""
    renames = [r for ws in sections for r in ws.renames]
    names = {o.name.lower() for o in objs} | {new.lower() for _, _, new in renames}
    templates, placed = build_tree([(ws.name, ws.lines) for ws in sections], names)
    wizard = render(templates, placed, comments)
    if doc is not None and doc.newline == b"\r\n":
        wizard = wizard.replace("\n", "\r\n")         # the input's line endings
    _prove(objs, wizard, remainder, renames, doc is None, defaults, logged)
    return Converted(wizard, remainder, renames, kept, len(sections), len(objs))


def rejection(doc, model, filename: str) -> str:
    """Where and why Asterisk rejects a file, for the user."""
    if doc.fatal_line:
        diag = next((d for d in doc.diagnostics if d.line == doc.fatal_line), None)
        why = f" ({diag.message})" if diag is not None and getattr(diag, "message", None) else ""
        return f"{filename}:{doc.fatal_line}: Asterisk rejects this file{why}; fix it first"
    err = model.errors[0]
    return f"{filename}:{err.line}: Asterisk rejects this file ({err.message}); fix it first"


def _has_sections(doc, drop) -> bool:
    dropped = {id(s) for s in drop}
    return any(id(s) not in dropped for s in doc.sections)


def _unused_templates(model, dropped: set) -> list:
    """Templates only the converted sections inherited from."""
    def ancestors(eff, acc):
        for p in eff.parents:
            if id(p) not in acc:
                acc[id(p)] = p
                ancestors(p, acc)
        return acc

    used_by_drop: dict = {}
    used_by_kept: dict = {}
    for eff in model.sections:
        ancestors(eff, used_by_drop if id(eff.section) in dropped else used_by_kept)
    return [s for k, p in used_by_drop.items() if k not in used_by_kept and p.template for s in p.own_sections()]


def _prove(objs, wizard: str, remainder: str, renames, export: bool, defaults: dict, logged: set) -> None:
    """The wizard plus the remainder must make exactly the input's objects (renamed), and
    log no error the input did not (``logged``)."""
    names = {(t, old): new for t, old, new in renames}
    want = [_retarget(o, names.get((o.type, o.name), o.name), names) for o in objs]
    rem_model = build(parse(remainder.encode("utf-8", "surrogateescape"), "pjsip.conf"))
    got, errors = _expanded(wizard, None if export else rem_model, export)
    errors = [e for e in errors if e not in logged]
    got += [(o.type, o.name, list(o.pairs)) for o in from_model(rem_model)]
    diffs = differences(want, got, defaults, ignore_tags=not export)
    if diffs or errors:
        raise ConversionError("the result does not expand to the input's objects: "
                              + "; ".join([*errors[:3], *map(str, diffs[:5])]))
