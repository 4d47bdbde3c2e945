"""``pjtui get|set|unset FILE SECTION KEY [VALUE]``: scripted, minimal edits.

* ``get`` prints the effective value (every value, one per line, for a parameter whose
  repeated lines add up, such as ``allow`` or ``match``); exit 1 when it is not set.
* ``set`` changes the section's own line for KEY in place (keeping spacing and comment),
  or adds one line after the section's last option when KEY is only inherited or absent.
  A value the parameter rejects is refused unless ``--force``.
* ``unset`` removes the section's own lines for KEY (inherited values then apply again).

Edits go through :mod:`pjtui.conf.edits` on the file the line is in (includes too), are
verified by re-parsing (:func:`pjtui.io.verify.verify_document`) and written atomically
(:func:`pjtui.io.save.save_file`: owner and mode kept, external changes detected).
``--type`` picks among sections of the same name.  Exit status: 0 done, 1 not set / value
refused, 2 unreadable file, unknown or ambiguous section, or save failure.
"""

from __future__ import annotations

import sys

from pjtui.commands.show import CommandError, open_model, section_kind, select_section


def _add_common(p, value: bool = False) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("key", metavar="KEY")
    if value:
        p.add_argument("value", metavar="VALUE")
    p.add_argument("--type", metavar="T", help="pick among sections of the same name (endpoint, aor, "
                                               "auth, wizard, template, ...)")


def register(subparsers) -> None:
    g = subparsers.add_parser("get", help="print a section's effective value for KEY (exit 1 when unset)",
                              description="Print the effective value of KEY in SECTION (inherited values "
                                          "included). Exit 1 when KEY is not set.")
    _add_common(g)
    g.set_defaults(func=run_get)
    s = subparsers.add_parser("set", help="set KEY = VALUE in a section (minimal edit, safe save)",
                              description="Set KEY = VALUE in SECTION: the section's own line is changed in "
                                          "place, or a line is added after its last option.")
    _add_common(s, value=True)
    s.add_argument("--force", action="store_true", help="write a value Asterisk would reject")
    s.add_argument("--backup", choices=("none", "one", "numbered"), default="one",
                   help="keep the previous file as FILE.bak (default), numbered backups, or none")
    s.set_defaults(func=run_set)
    u = subparsers.add_parser("unset", help="remove a section's own KEY lines (minimal edit, safe save)",
                              description="Remove SECTION's own lines for KEY; inherited values apply again.")
    _add_common(u)
    u.add_argument("--backup", choices=("none", "one", "numbered"), default="one",
                   help="keep the previous file as FILE.bak (default), numbered backups, or none")
    u.set_defaults(func=run_unset)


# --------------------------------------------------------------------------- helpers

def key_matches(eff, key: str):
    """Predicate for variable names that mean ``key`` in this section: case-insensitive,
    except a wizard prefix (``endpoint/``), which Asterisk matches case-sensitively."""
    slash = key.find("/")
    if slash > 0:
        prefix, rest = key[:slash + 1], key[slash + 1:].lower()
        return lambda k: k.startswith(prefix) and k[slash + 1:].lower() == rest
    low = key.lower()
    return lambda k: k.lower() == low


def param_of(eff, key: str):
    """The catalogue parameter KEY sets in this section (None when unknown)."""
    from pjtui.pjsip.catalogue import catalogue

    cat = catalogue()
    kind = section_kind(eff)
    is_wizardish = kind == "wizard" or (kind == "template" and any(
        "type" in e.key and e.value == "wizard" for e in eff.vars)) or "/" in key
    if is_wizardish:
        return cat.wizard_option(key).param
    t = eff.object_type or (eff.name if eff.name in ("global", "system") else None)
    return cat.param(t, key) if t else None


def own_options(eff, key: str) -> list:
    match = key_matches(eff, key)
    return [o for s in eff.own_sections() for o in s.options if match(o.key)]


def _fail(cmd: str, exc: CommandError) -> int:
    print(f"pjtui {cmd}: {exc}", file=sys.stderr)
    return exc.status


def _save(doc, original: bytes, backup: str) -> None:
    from pjtui.io.errors import FileError
    from pjtui.io.files import content_hash
    from pjtui.io.save import save_file
    from pjtui.io.verify import verify_document

    try:
        data = verify_document(doc)
        save_file(doc.name, data, expected_hash=content_hash(original), backup=backup)
    except FileError as exc:
        raise CommandError(str(exc)) from None


# --------------------------------------------------------------------------- commands

def _section(args, verb: str):
    """The section the command names, or the exit status after saying why not."""
    try:
        _cfg, model = open_model(args.file)
        return select_section(model, args.section, args.type, args.file)
    except CommandError as exc:
        return _fail(verb, exc)


def run_get(args) -> int:
    eff = _section(args, "get")
    if isinstance(eff, int):
        return eff
    match = key_matches(eff, args.key)
    entries = [e for e in eff.vars if match(e.key)]
    if not entries:
        p = param_of(eff, args.key)
        dflt = f" (Asterisk's default: {p.default})" if p is not None and p.default not in (None, "") else ""
        print(f"pjtui get: {args.key} is not set in [{eff.name}]{dflt}", file=sys.stderr)
        return 1
    p = param_of(eff, args.key)
    if p is not None and p.accumulates:
        for e in entries:
            print(e.value)
    else:
        print(entries[-1].value)
    return 0


def run_set(args) -> int:
    from pjtui.conf.edits import AddOption, EditError, SetValue

    eff = _section(args, "set")
    if isinstance(eff, int):
        return eff
    p = param_of(eff, args.key)
    if p is not None and not args.force:
        bad = [i for i in p.validate(args.value) if i.severity == "error"]
        if bad:
            print(f"pjtui set: {args.key} = {args.value}: {bad[0].message}; Asterisk would reject it "
                  "(use --force to write it anyway)", file=sys.stderr)
            return 1
    own = own_options(eff, args.key)
    if p is not None and p.accumulates and len(own) > 1:
        lines = ", ".join(str(o.line) for o in own)
        print(f"pjtui set: [{eff.name}] has {len(own)} {args.key} lines (lines {lines}) that add up; "
              f"unset {args.key} first, then set it", file=sys.stderr)
        return 2
    if own:
        target = own[-1]
        doc = target.doc
        if target.value == args.value:
            print(f"[{eff.name}] {args.key} = {args.value} already ({doc.name}:{target.line})")
            return 0
        edit = SetValue(target.line, args.value)
        where = target.line
    else:
        doc = eff.section.doc
        edit = AddOption(eff.section.line, args.key, args.value)
        where = None
    original = doc.to_bytes()
    try:
        splice = edit.apply(doc)
        _save(doc, original, args.backup)
    except EditError as exc:
        return _fail("set", CommandError(str(exc)))
    except CommandError as exc:
        return _fail("set", exc)
    line = where if where is not None else splice.first_line
    print(f"[{eff.name}] {args.key} = {args.value} ({doc.name}:{line})")
    return 0


def run_unset(args) -> int:
    from pjtui.conf.edits import EditError, RemoveOption

    eff = _section(args, "unset")
    if isinstance(eff, int):
        return eff
    own = own_options(eff, args.key)
    if not own:
        match = key_matches(eff, args.key)
        inherited = [e for e in eff.vars if match(e.key)]
        if inherited:
            origin = eff.origin(inherited[-1])
            src = origin.where.name if origin.where is not None else "?"
            print(f"pjtui unset: {args.key} is not written in [{eff.name}]; it comes from [{src}] line "
                  f"{inherited[-1].line} — unset it there, or set another value here", file=sys.stderr)
        else:
            print(f"pjtui unset: {args.key} is not set in [{eff.name}]", file=sys.stderr)
        return 1
    docs: dict[int, tuple] = {}
    for o in own:
        docs.setdefault(id(o.doc), (o.doc, []))[1].append(o.line)
    try:
        for doc, lines in docs.values():
            original = doc.to_bytes()
            for line in sorted(lines, reverse=True):
                RemoveOption(line).apply(doc)
            _save(doc, original, args.backup)
    except EditError as exc:
        return _fail("unset", CommandError(str(exc)))
    except CommandError as exc:
        return _fail("unset", exc)
    removed = ", ".join(f"{doc.name}:{line}" for doc, lines in docs.values() for line in sorted(lines))
    print(f"[{eff.name}] {args.key} removed ({removed})")
    return 0
