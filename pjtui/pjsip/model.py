"""Effective variables of every section, exactly as Asterisk's config parser builds them.

This is the base of everything semantic in pjtui: the wizard expansion
(:mod:`pjtui.pjsip.wizard`), the catalogue/checks, the TUI's preview and the
``expand`` command all read sections through it.  No Textual, no tomlkit.

Quick reference
---------------
::

    from pjtui.conf import parse, load
    from pjtui.pjsip.model import build, lines_of, file_of

    model = build(parse(data, "pjsip_wizard.conf"))   # or build(load(path)) for includes
    model.sections        # list[Effective]: one per section header that starts a section
                          # (``[x](+)`` headers do not; they add to an earlier one), load order
    model.rejected        # True when Asterisk rejects the whole file: a fatal error of the top
                          # file (syntax, missing #include, parent/(+) target not found); errors
                          # inside an included file only cut that file short
    model.errors          # list[ModelError]: parent / (+) target not found (Asterisk's words)
    model.of(section)     # conf Section -> Effective (a ``(+)`` header maps to its target)
    model.named(name)     # list[Effective] with exactly that name, load order
    model.refresh(secs)   # after in-place option edits of those conf Sections: re-computes them
                          # and their descendants, returns those Effectives (None: rebuild)

    eff = model.sections[0]
    eff.name, eff.template, eff.section      # name as Asterisk stores it (cut at 79 bytes),
                                             # header Section that created it
    eff.appends           # list[Section]: ``(+)`` headers that added to it, in order
    eff.parents           # list[Effective]: resolved parents, in the order listed
    eff.missing_parents   # list[str]: parents that did not resolve (file rejected)
    eff.vars              # list[entry]: the variable list Asterisk builds (see below)
    eff.value("context")  # last value whose name matches case-insensitively, or None
    eff.find("context")   # that entry, or None
    eff.overridden(i)     # True when a later entry with the same (case-insensitive) name exists
    eff.origin(entry)     # Origin(kind, where, via): where this entry was written
    eff.object_type       # pjsip.conf: value of the FIRST variable named ``type`` (any case)
    eff.is_wizard         # pjsip_wizard.conf: any name containing ``type`` (case-sensitive)
                          # with value exactly ``wizard``; never for templates

Entries of ``eff.vars``
-----------------------
Each entry is either the conf :class:`~pjtui.conf.Option` itself (the common
case: no per-value object is allocated) or an :class:`Appended` (a ``+=`` line
that extended an earlier value).  Both provide:

* ``.key``    the name as written (``Appended.key`` is the name of the extended entry)
* ``.value``  the effective value
* ``.line``   1-based line of the line that *created* the entry
* ``.section`` the conf Section that line was written in
* ``.op``     ``'='``, ``'=>'`` or ``'+='``

``lines_of(entry)`` returns every conf Option that contributed (the defining
line first, then each ``+=`` line); ``file_of(option)`` gives its file name.
Entries are shared between a parent and the children that copied it (they are
immutable), so identity (``is``) tells whether a child's entry is the
parent's unchanged one.

Origins
-------
``eff.origin(entry)`` returns ``Origin(kind, where, via)``:

* ``kind``  ``'own'`` (written in this section's header block), ``'append'``
  (written in a ``[name](+)`` block that targets this section), ``'template'``
  (written in a template ``(!)`` section reached through inheritance) or
  ``'parent'`` (written in a non-template parent);
* ``where`` the Effective the line was written in (for ``'append'``: self);
* ``via``   the direct parent of this section through which the entry arrived
  (None for ``own``/``append``).  For a 3-level chain ``base <- office <-
  sales <- 2101``, an entry written in ``base`` has ``where=base, via=sales``.

Asterisk's rules implemented here (config.c; spec asterisk-config-syntax.md §4-§6)
---------------------------------------------------------------------------------
* Parents are looked up case-insensitively among sections *already defined*
  (templates included); the first match wins.  Its variable list at that
  moment (including what it inherited) is copied, parents in the listed order,
  then the section's own lines.  A missing parent -> ``Inheritance requested,
  but category 'X' does not exist, line N of FILE`` and the file is rejected.
* ``[name](+)``: the first earlier non-template section of that name
  (case-insensitive; a ``+filter`` can select otherwise) receives the lines.
  Missing target -> ``Category addition requested, but category 'X' does not
  exist, line N of FILE``, file rejected.
* ``name += text``: the last entry with exactly that name (case-sensitive, own
  or inherited) gets ``text`` appended raw (blanks after ``+=`` kept), then
  the result is stripped; without one it acts like ``=``.
* Processing continues after a fatal error so that an editor can still show
  everything, but ``model.rejected`` says Asterisk would load nothing.

Known approximation: with ``#include`` files, lines that an included file's
preamble adds to the including section are processed together with that
section (they are in ``cfg.options(section)``), so a child defined *inside*
the included file sees them slightly earlier than Asterisk would.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from pjtui import _memory, speed
from pjtui._gc import paused_gc

__all__ = [
    "Appended",
    "Effective",
    "Model",
    "ModelError",
    "Origin",
    "build",
    "file_of",
    "lines_of",
]


class Appended:
    """An entry produced by a ``+=`` line extending an earlier entry."""

    __slots__ = ("key", "value", "base", "option")

    def __init__(self, key: str, value: str, base, option) -> None:
        self.key = key          # name of the extended entry (as written there)
        self.value = value      # effective value after the append
        self.base = base        # the entry that was extended (Option or Appended)
        self.option = option    # the ``+=`` conf Option

    # The creating line is the base's: provenance starts where the value started.
    @property
    def line(self) -> int:
        return self.base.line

    @property
    def section(self):
        return self.base.section

    @property
    def op(self) -> str:
        return self.base.op

    def __repr__(self) -> str:
        return f"Appended({self.key!r}, {self.value!r}, line={self.line}, +={self.option.line})"


def lines_of(entry) -> list:
    """Every conf Option that contributed to *entry*: the defining line, then each ``+=``."""
    out = []
    while isinstance(entry, Appended):
        out.append(entry.option)
        entry = entry.base
    out.append(entry)
    out.reverse()
    return out


def file_of(option) -> str:
    """File name of the document a conf Option (or entry) was written in."""
    sec = getattr(option, "section", None)
    doc = getattr(sec, "doc", None)
    return getattr(doc, "name", "") if doc is not None else ""


class Origin(NamedTuple):
    kind: str               # 'own' | 'append' | 'template' | 'parent'
    where: "Effective | None"
    via: "Effective | None"


class ModelError(NamedTuple):
    """A fatal parser error found while resolving inheritance (file rejected)."""

    file: str
    line: int
    message: str            # Asterisk's words (config.c WARNING)
    section: object         # the conf Section whose header caused it
    code: str               # 'missing-parent' | 'missing-append-target'


_NO_IDS: frozenset = frozenset()
_EMPTY: tuple = ()


class Effective:
    """One section as Asterisk sees it after inheritance and ``(+)`` appends."""

    __slots__ = (
        "name", "section", "template", "appends", "parents", "missing_parents",
        "vars", "index", "_last", "_append_ids", "model",
    )

    def __init__(self, section, model: "Model", index: int) -> None:
        self.name: str = asterisk_name(section.name)
        self.section = section
        self.template: bool = bool(section.template)
        # appends and missing_parents are almost always empty: with _memory.LEAN one shared
        # empty tuple until the first item (only _build adds to them)
        empty = _EMPTY if _memory.lean() else None
        self.appends: list = empty if empty is not None else []
        self.parents: list[Effective] = []
        self.missing_parents: list[str] = empty if empty is not None else []
        self.vars: list = []
        self.index = index          # position in model.sections
        self._last: dict | None = None
        self._append_ids: frozenset | set = _NO_IDS    # a set once a (+) section adds to it
        self.model = model

    def __repr__(self) -> str:
        flag = "(!)" if self.template else ""
        return f"<Effective [{self.name}]{flag} {len(self.vars)} vars>"

    # ----------------------------------------------------------- look-ups
    def _last_index(self) -> dict:
        last = self._last
        if last is None:
            last = {}
            for i, entry in enumerate(self.vars):
                last[entry.key.lower()] = i
            self._last = last
        return last

    def find(self, name: str):
        """The last entry whose name equals *name* case-insensitively (Asterisk's
        ``ast_variable_find_last_in_list`` / generic last-wins), or None."""
        i = self._last_index().get(name.lower())
        return None if i is None else self.vars[i]

    def value(self, name: str, default: str | None = None) -> str | None:
        entry = self.find(name)
        return default if entry is None else entry.value

    def find_all(self, name: str) -> list:
        """Every entry with that name (case-insensitive), in list order."""
        low = name.lower()
        return [e for e in self.vars if e.key.lower() == low]

    def overridden(self, i: int) -> bool:
        """True when a later entry of the same name (case-insensitive) exists, i.e.
        for a single-valued option ``vars[i]`` does not take effect.  Options whose
        repeated lines accumulate (``allow``, ``contact``, ``match``…) are the
        caller's business: see the catalogue."""
        return self._last_index()[self.vars[i].key.lower()] != i

    def overridden_by(self, i: int):
        """The entry that wins over ``vars[i]`` (last same-name entry), or None."""
        j = self._last_index()[self.vars[i].key.lower()]
        return None if j == i else self.vars[j]

    def origin(self, entry) -> Origin:
        """Where *entry* (an element of ``self.vars``) was written, see module doc."""
        sec = entry.section
        sid = id(sec)
        if sid == id(self.section):
            return Origin("own", self, None)
        if sid in self._append_ids:
            return Origin("append", self, None)
        where = self.model._by_section.get(sec)
        via = None
        for parent in self.parents:
            if _contains(parent.vars, entry):
                via = parent
                break
        if via is None and isinstance(entry, Appended):
            # value extended here; its base came from a parent
            return self.origin(entry.base)
        if where is None:
            # e.g. the preamble of an included file: counts as own
            return Origin("own", self, None)
        return Origin("template" if where.template else "parent", where, via)

    # ------------------------------------------------------ consumer views
    @property
    def object_type(self) -> str | None:
        """pjsip.conf type selection: the first variable named ``type`` (name
        case-insensitive, inherited ones first); its value as written."""
        for entry in self.vars:
            k = entry.key
            if len(k) == 4 and k.lower() == "type":
                return entry.value
        return None

    @property
    def is_wizard(self) -> bool:
        """pjsip_wizard.conf selection (filter ``type=^wizard$``): not a template
        and some variable whose name contains ``type`` (case-sensitive) has the
        value ``wizard`` exactly."""
        if self.template:
            return False
        for entry in self.vars:
            if entry.value == "wizard" and "type" in entry.key:
                return True
        return False

    def own_sections(self) -> list:
        """The header Section and every ``(+)`` Section that wrote into this one."""
        return [self.section, *self.appends]


def asterisk_name(name: str) -> str:
    """The section name as Asterisk stores it: at most 79 bytes (``char name[80]``,
    config.c 227); longer names are cut silently."""
    if len(name) <= 19:
        return name
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= 79:
        return name
    return raw[:79].decode("utf-8", "surrogateescape")


def _contains(seq: list, item) -> bool:
    for x in seq:
        if x is item:
            return True
    return False


class Model:
    """Result of :func:`build`."""

    __slots__ = ("source", "sections", "errors", "_by_section", "_by_lower", "syntax_fatal", "root_name",
                 "_appends", "_children")

    def __init__(self, source) -> None:
        self.source = source
        self.sections: list[Effective] = []
        self.errors: list[ModelError] = []
        # conf Section -> Effective, keyed by the Section itself (hashed by identity): no
        # id() int per section
        self._by_section: dict = {}
        self._by_lower: dict[str, list[Effective]] = {}
        # Config.rejected: fatal errors of the top file only (an included file's
        # error merely truncates that file); a Document: any fatal diagnostic.
        rejected = getattr(source, "rejected", None)
        if rejected is None:
            rejected = bool(getattr(source, "fatal", False))
        self.syntax_fatal: bool = bool(rejected)
        root = getattr(source, "root", source)
        self.root_name: str = getattr(root, "name", "")
        self._appends = False               # some (+) section exists
        self._children: dict | None = None  # id(Effective) -> Effectives that copied it

    @property
    def rejected(self) -> bool:
        """Asterisk would reject the whole file (and load nothing from it)."""
        return self.syntax_fatal or any(e.file == self.root_name for e in self.errors)

    def of(self, section) -> Effective | None:
        return self._by_section.get(section)

    def sharing_names(self) -> list[list[Effective]]:
        """The groups of sections whose names are equal case-insensitively (two or more
        each, in load order)."""
        return [group for group in self._by_lower.values() if len(group) > 1]

    def named(self, name: str) -> list[Effective]:
        return [e for e in self._by_lower.get(name.lower(), ()) if e.name == name]

    def wizards(self) -> list[Effective]:
        return [e for e in self.sections if e.is_wizard]

    def forget_lookups(self) -> None:
        """Drop every section's cached name → index table; it is rebuilt on the next look-up.

        For a reader on another thread that may have filled the cache from a variable
        list an edit has since replaced.
        """
        for eff in self.sections:
            eff._last = None

    def children_index(self) -> dict[int, list[Effective]]:
        """id(parent Effective) -> the Effectives that name it as a parent, in load order.

        Built once per model (parents never change in place: a header edit builds a new
        model); the tree, the form's "changes N sections" and :meth:`refresh` share it."""
        children = self._children
        if children is None:
            children = self._children = {}
            for e in self.sections:
                for p in e.parents:
                    children.setdefault(id(p), []).append(e)
        return children

    def refresh(self, changed) -> list[Effective] | None:
        """Re-compute after the option lines of ``changed`` conf Sections were edited in
        place (values changed, options added or removed; headers untouched).  Those
        sections and every section that inherited from them, directly or not, get new
        variable lists, in load order.  Returns them (for :meth:`Expansion.refresh
        <pjtui.pjsip.wizard.Expansion.refresh>` and the checks), or None when only a
        full :func:`build` is exact: a file with ``(+)`` sections (their lines join a
        list at a point in time), a section the model does not know, a header edit.
        The result equals a fresh :func:`build`."""
        if self._appends or not speed.fast():
            return None
        effs = []
        for sec in changed:
            eff = self._by_section.get(sec)
            if eff is None or eff.section is not sec or asterisk_name(sec.name) != eff.name \
                    or list(sec.parents) != [p.name for p in eff.parents] + list(eff.missing_parents) \
                    or bool(sec.template) != eff.template:
                return None
            effs.append(eff)
        children = self.children_index()
        todo: dict[int, Effective] = {}
        stack = list(effs)
        while stack:
            e = stack.pop()
            if id(e) in todo:
                continue
            todo[id(e)] = e
            stack.extend(children.get(id(e), ()))
        out = sorted(todo.values(), key=lambda e: e.index)
        options_of = _options_function(self.source)
        for e in out:
            vars_: list = []
            for p in e.parents:
                vars_.extend(p.vars)
            _add_options(vars_, options_of(e.section))
            e.vars = vars_
            e._last = None
        src = self.source
        rejected = getattr(src, "rejected", None)
        self.syntax_fatal = bool(rejected if rejected is not None else getattr(src, "fatal", False))
        return out


# ------------------------------------------------------------------ building
def _options_function(source):
    if hasattr(source, "documents") and hasattr(source, "options"):
        return source.options
    return lambda sec: sec.options


def _sections_and_options(source) -> Iterable:
    """(section, own options) in load order for a Document or a Config."""
    if hasattr(source, "documents") and hasattr(source, "options"):
        opts = source.options
        for sec in source.sections:
            yield sec, opts(sec)
    else:
        for sec in source.sections:
            yield sec, sec.options


def _append_value(old: str, option) -> str:
    """``old`` extended by a ``+=`` line: the raw text after ``+=`` (leading blanks
    kept, config.c 2297-2323), then the whole result stripped."""
    text = getattr(option, "append_text", None)
    if text is None:
        text = option.value
    return (old + text).strip(" \t")


def _filter_matches(eff: Effective, flt: str) -> bool:
    """Asterisk's category filter ``name_re=value_re&...`` (plus TEMPLATES=)."""
    templates = "exclude"
    pairs = []
    for part in flt.split("&"):
        if not part:
            continue
        name_re, _, value_re = part.partition("=")
        if name_re == "TEMPLATES":
            templates = value_re
            continue
        pairs.append((name_re, value_re))
    if templates == "restrict" and not eff.template:
        return False
    if templates not in ("include", "restrict") and eff.template:
        return False
    for name_re, value_re in pairs:
        try:
            nre = re.compile(name_re)
            vre = re.compile(value_re)
        except re.error:
            return False
        if not any(nre.search(e.key) and vre.search(e.value) for e in eff.vars):
            return False
    return True


def build(source) -> Model:
    """Build the effective variable lists of a :class:`pjtui.conf.Document` or
    :class:`pjtui.conf.Config` (follows includes in load order)."""
    with paused_gc():       # many small acyclic objects: see pjtui/_gc.py
        return _build(source)


def _build(source) -> Model:
    model = Model(source)
    sections = model.sections
    by_section = model._by_section
    by_lower = model._by_lower

    for sec, options in _sections_and_options(source):
        target: Effective | None = None
        if getattr(sec, "append", False):
            flt = getattr(sec, "append_filter", None)
            for cand in by_lower.get(asterisk_name(sec.name).lower(), ()):
                if flt:
                    if _filter_matches(cand, flt):
                        target = cand
                        break
                elif not cand.template:
                    target = cand
                    break
            if target is None:
                model.errors.append(ModelError(
                    file_of_section(sec), sec.line,
                    "Category addition requested, but category '%s' does not exist, line %d of %s"
                    % (sec.name, sec.line, file_of_section(sec)),
                    sec, "missing-append-target"))
                # keep the lines visible: treat it as a section of its own
        if target is not None:
            eff = target
            if eff.appends is _EMPTY:
                eff.appends = []
            eff.appends.append(sec)
            if eff._append_ids is _NO_IDS:
                eff._append_ids = set()
            eff._append_ids.add(id(sec))
            if sec.template:
                eff.template = True
            eff._last = None
            by_section[sec] = eff
            vars_ = eff.vars
        else:
            eff = Effective(sec, model, len(sections))
            by_section[sec] = eff
            vars_ = eff.vars

        for pname in sec.parents:
            parent = None
            for cand in by_lower.get(pname.lower(), ()):
                parent = cand
                break
            if parent is None:
                if eff.missing_parents is _EMPTY:
                    eff.missing_parents = []
                eff.missing_parents.append(pname)
                model.errors.append(ModelError(
                    file_of_section(sec), sec.line,
                    "Inheritance requested, but category '%s' does not exist, line %d of %s"
                    % (pname, sec.line, file_of_section(sec)),
                    sec, "missing-parent"))
                continue
            eff.parents.append(parent)
            vars_.extend(parent.vars)

        _add_options(vars_, options)
        if getattr(sec, "append", False):
            model._appends = True

        if target is None:
            # registered only after its header options were processed: [a](a)
            # inherits from an earlier a, never from itself
            sections.append(eff)
            low = eff.name.lower()
            lst = by_lower.get(low)
            if lst is None:
                # most names are lower case already: the key is then the name itself, not a copy
                by_lower[eff.name if low == eff.name else low] = [eff]
            else:
                lst.append(eff)
    return model


def _add_options(vars_: list, options) -> None:
    """Append a section's own lines to its list; ``+=`` extends the last entry of
    exactly that name (own or inherited) in place, or acts like ``=``."""
    for opt in options:
        if opt.op == "+=":
            key = opt.key
            for j in range(len(vars_) - 1, -1, -1):
                old = vars_[j]
                if old.key == key:
                    vars_[j] = Appended(old.key, _append_value(old.value, opt), old, opt)
                    break
            else:
                vars_.append(opt)
        else:
            vars_.append(opt)


def file_of_section(sec) -> str:
    doc = getattr(sec, "doc", None)
    return getattr(doc, "name", "") if doc is not None else ""
