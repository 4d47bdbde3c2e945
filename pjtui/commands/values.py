"""``pjtui get|set|unset FILE SECTION KEY [VALUE]``: scripted, minimal edits.

* ``get`` prints the effective value (every value, one per line, for a parameter whose
  repeated lines add up, such as ``allow`` or ``match``); exit 1 when it is not set.
* ``set`` changes the section's own line for KEY in place (keeping spacing and comment),
  or adds one line after the section's last option when KEY is only inherited or absent.
  A name the section's type does not have, or a value the parameter rejects, is refused
  unless ``--force`` (with a "did you mean" for a misspelt name).
* ``unset`` removes the section's own lines for KEY (inherited values then apply again).
* Passwords (``password``, ``md5_cred``, ...) are printed masked unless ``--show-secrets``,
  as in ``show`` and the editor.

Which lines change is planned by :mod:`pjtui.pjsip.plan` (shared with the editor); the
edits go through :mod:`pjtui.conf.edits` on the file the line is in (includes too). Before
anything is written, the new bytes are parsed again (:func:`pjtui.io.verify.verify_document`)
and KEY must read back with exactly the requested value (:func:`pjtui.pjsip.plan.read_back`),
or the command refuses and says why; the file is written atomically
(:func:`pjtui.io.save.save_file`: owner and mode kept, external changes detected).
``--type`` picks among sections of the same name.  Exit status: 0 done, 1 not set / value
refused, 2 unreadable file, unknown or ambiguous section, or save failure.
"""

from __future__ import annotations

import difflib
import sys

from pjtui.commands.show import CommandError, open_model, section_kind, select_section, shown_value
from pjtui.conf.edits import SetValue
from pjtui.pjsip.plan import effective_values, key_matcher, own_lines, plan_reset, plan_set, read_back


def _add_common(p, value: bool = False) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("key", metavar="KEY")
    if value:
        p.add_argument("value", metavar="VALUE")
    p.add_argument("--type", metavar="T", help="pick among sections of the same name (endpoint, aor, "
                                               "auth, wizard, template, ...)")
    p.add_argument("--show-secrets", action="store_true",
                   help="print passwords and md5_cred as written (masked by default)")


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
    s.add_argument("--force", action="store_true",
                   help="write a name the section's type does not have, or a value Asterisk would reject")
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

def _wizardish(eff, key: str) -> bool:
    kind = section_kind(eff)
    return kind == "wizard" or (kind == "template" and any(
        "type" in e.key and e.value == "wizard" for e in eff.vars)) or "/" in key


def _object_type(eff) -> str | None:
    return eff.object_type or (eff.name if eff.name in ("global", "system") else None)


def param_of(eff, key: str):
    """The catalogue parameter KEY sets in this section (None when unknown)."""
    from pjtui.pjsip.catalogue import catalogue

    cat = catalogue()
    if _wizardish(eff, key):
        return cat.wizard_option(key).param
    t = _object_type(eff)
    return cat.param(t, key) if t else None


def unknown_name(eff, key: str) -> str | None:
    """Why Asterisk would not know KEY in this section, with a "did you mean" (None: known,
    or the section's type is not known, so nobody can tell)."""
    from pjtui.pjsip.catalogue import WIZARD_PREFIXES, catalogue

    cat = catalogue()
    if _wizardish(eff, key):
        option = cat.wizard_option(key)
        if option.prefix is not None:
            target = cat.type(option.target_type)
            if target is None or target.accepts(option.suffix):
                return None
            near = [f"{option.prefix}/{n}" for n in cat.suggest(option.target_type, option.suffix)]
            what = f"{option.target_type} has no parameter {option.suffix!r}"
        elif "/" in key:
            prefix = key.split("/", 1)[0]
            near = [f"{n}/{key.split('/', 1)[1]}" for n in
                    difflib.get_close_matches(prefix, list(WIZARD_PREFIXES), 3, 0.6)]
            what = f"the wizard has no prefix {prefix + '/'!r}"
        else:
            wizard = cat.type("wizard")
            if wizard is None or wizard.accepts(key):
                return None
            near = cat.suggest("wizard", key)
            what = f"the wizard has no option {key!r}"
    else:
        t = _object_type(eff)
        known = cat.type(t) if t else None
        if known is None or known.accepts(key):
            return None
        near = cat.suggest(t, key)
        what = f"{t} has no parameter {key!r}"
    hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    return f"{what}{hint} (use --force to write it anyway)"


def own_options(eff, key: str) -> list:
    return own_lines(eff.own_sections(), key)


def _fail(cmd: str, exc: CommandError) -> int:
    print(f"pjtui {cmd}: {exc}", file=sys.stderr)
    return exc.status


def _verified(doc) -> bytes:
    """The bytes to write for ``doc``, parsed again and found to mean what ``doc`` means."""
    from pjtui.io.errors import FileError
    from pjtui.io.verify import verify_document

    try:
        return verify_document(doc)
    except FileError as exc:
        raise CommandError(str(exc)) from None


def _save(doc, data: bytes, original: bytes, backup: str) -> None:
    from pjtui.io.errors import FileError
    from pjtui.io.files import content_hash
    from pjtui.io.save import save_file

    try:
        save_file(doc.name, data, expected_hash=content_hash(original), backup=backup)
    except FileError as exc:
        raise CommandError(str(exc)) from None


def _apply(changes: list) -> list:
    """Apply planned edits in order and return their inverses; on a refusal undo the ones
    applied and raise CommandError."""
    from pjtui.conf.edits import EditError

    done = []
    try:
        for doc, edit in changes:
            done.append((doc, edit.apply(doc)))
    except EditError as exc:
        for doc, inverse in reversed(done):
            inverse.apply(doc)
        raise CommandError(str(exc)) from None
    return [inverse for _, inverse in done]


# --------------------------------------------------------------------------- commands

def _section(args, verb: str):
    """(config, the section the command names), or the exit status after saying why not."""
    try:
        cfg, model = open_model(args.file)
        return cfg, select_section(model, args.section, args.type, args.file)
    except CommandError as exc:
        return _fail(verb, exc)


def run_get(args) -> int:
    found = _section(args, "get")
    if isinstance(found, int):
        return found
    _cfg, eff = found
    p = param_of(eff, args.key)
    values = effective_values(eff, args.key, accumulates=bool(p is not None and p.accumulates))
    if not values:
        dflt = f" (Asterisk's default: {p.default})" if p is not None and p.default not in (None, "") else ""
        print(f"pjtui get: {args.key} is not set in [{eff.name}]{dflt}", file=sys.stderr)
        return 1
    for value in values:
        print(shown_value(args.key, value, args.show_secrets))
    return 0


def run_set(args) -> int:
    found = _section(args, "set")
    if isinstance(found, int):
        return found
    cfg, eff = found
    p = param_of(eff, args.key)
    if not args.force:
        unknown = unknown_name(eff, args.key) if p is None else None
        if unknown is not None:
            print(f"pjtui set: [{eff.name}]: {unknown}", file=sys.stderr)
            return 1
        bad = [i for i in p.validate(args.value) if i.severity == "error"] if p is not None else []
        if bad:
            print(f"pjtui set: {args.key} = {shown_value(args.key, args.value, args.show_secrets)}: "
                  f"{bad[0].message}; Asterisk would reject it (use --force to write it anyway)",
                  file=sys.stderr)
            return 1
    shown = shown_value(args.key, args.value, args.show_secrets)
    accumulates = bool(p is not None and p.accumulates)
    own = own_options(eff, args.key)
    if accumulates and len(own) > 1:
        lines = ", ".join(str(o.line) for o in own)
        print(f"pjtui set: [{eff.name}] has {len(own)} {args.key} lines (lines {lines}) that add up; "
              f"unset {args.key} first, then set it", file=sys.stderr)
        return 2
    changes = plan_set(eff.own_sections(), args.key, args.value)
    if not changes:
        print(f"[{eff.name}] {args.key} = {shown} already ({own[-1].doc.name}:{own[-1].line})")
        return 0
    doc, edit = changes[0]
    original = doc.to_bytes()
    try:
        inverses = _apply(changes)
        data = _verified(doc)
        problem = read_back(cfg, {doc.name: data}, eff.index, args.key, args.value, accumulates)
        if problem is not None:
            raise CommandError(f"{doc.name}: not changed: {problem}; the file is unchanged")
        _save(doc, data, original, args.backup)
    except CommandError as exc:
        return _fail("set", exc)
    # the line changed in place, or the one added (the last line of the splice's result)
    line = edit.line if isinstance(edit, SetValue) else inverses[0].start + len(inverses[0].old)
    print(f"[{eff.name}] {args.key} = {shown} ({doc.name}:{line})")
    return 0


def run_unset(args) -> int:
    found = _section(args, "unset")
    if isinstance(found, int):
        return found
    cfg, eff = found
    changes = plan_reset(eff.own_sections(), args.key)
    if not changes:
        match = key_matcher(args.key)
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
    for doc, edit in changes:
        docs.setdefault(id(doc), (doc, doc.to_bytes(), []))[2].append(edit.line)
    try:
        _apply(changes)
        new = {doc.name: _verified(doc) for doc, _, _ in docs.values()}
        problem = read_back(cfg, new, eff.index, args.key, None)
        if problem is not None:
            raise CommandError(f"not changed: {problem}; the files are unchanged")
        saved: list[str] = []
        for doc, original, _ in docs.values():
            try:
                _save(doc, new[doc.name], original, args.backup)
            except CommandError as exc:
                if not saved:
                    raise
                # the lines of KEY span several files (includes): say which are already written
                kept = "its old text is in the backup" if args.backup != "none" else "no backup was kept"
                raise CommandError(f"{exc}; but {', '.join(saved)} already saved without {args.key} ({kept}): "
                                   f"run pjtui unset again once {doc.name} can be written") from None
            saved.append(doc.name)
    except CommandError as exc:
        return _fail("unset", exc)
    removed = ", ".join(f"{doc.name}:{line}" for doc, _, lines in docs.values() for line in sorted(lines))
    print(f"[{eff.name}] {args.key} removed ({removed})")
    return 0
