"""The engine: runs the registered rules over the two files, full or after an edit.

Rules (the family modules) know nothing of this module: they get a ``ctx``
(:class:`~pjtui.pjsip.checks.context.Context`) and return problems.  Here is when each
scope runs and what is kept between runs.

Design for speed (10,000 wizards, ~0.15-0.2 s CPU without the cyclic GC, which the
checks pause): a value written in a template is checked once, at the template's line,
not once per child, and a wizard whose list starts with its parent's looks only at its
own lines; the wizard rules run once per distinct (inherited entries, own lines reduced
to what the rules read) when they find nothing; values are validated through the
catalogue's per-value cache; cross references are dict look-ups (generated names asked
of the expansion's store); identify overlaps are found by a sort-and-sweep.
Per-section results are kept, so after an edit ``Checker.recheck(sections)`` re-runs
only the local checks of the edited sections (and of sections whose lines moved), plus
the global ones; the overlap sweep is reused when the edited sections' identify items
did not change (~8-15 ms at 10,000 wizards).

The one switch: ``Checker(..., memo=False)`` turns the memos off (the verdicts of
equal lines, of equal wizards, of equal shapes, the reused overlap sweep); the
equivalence tests compare both.
"""

from __future__ import annotations

from itertools import chain
from typing import Iterable

from pjtui import speed
from pjtui._gc import paused_gc
# The rule families: importing them registers their rules.  A new family module is
# added here (and nowhere else).
import pjtui.pjsip.checks.collisions  # noqa: F401
import pjtui.pjsip.checks.hosts  # noqa: F401
import pjtui.pjsip.checks.objects  # noqa: F401
import pjtui.pjsip.checks.phoneprov  # noqa: F401
import pjtui.pjsip.checks.preconditions  # noqa: F401
import pjtui.pjsip.checks.references  # noqa: F401
import pjtui.pjsip.checks.security  # noqa: F401
import pjtui.pjsip.checks.syntax  # noqa: F401
import pjtui.pjsip.checks.values  # noqa: F401
from pjtui.pjsip.checks.context import EDIT, EXPANSION, RUN, Context, Resolver
from pjtui.pjsip.checks.helpers import file_of, inherited_len, own_ids, own_line
from pjtui.pjsip.checks.objects import usable_type
from pjtui.pjsip.checks.registry import (
    FILE, GLOBAL, LOG, NON_WIZARD, PJSIP_FILE, PJSIP_LINES, PJSIP_OBJECT, PJSIP_TYPE, SECTION, WIZARD,
    WIZARD_EACH, WIZARD_FILE, WIZARD_LINE, Problem, rules,
)
from pjtui.pjsip.checks.security import identify_items, overlaps
from pjtui.pjsip.checks.view import ACCEPTS_AUTH, ACCEPTS_REG, SENDS_LINE
from pjtui.pjsip.model import Appended
from pjtui.pjsip.wizard import PRESENCE_KEYS

_PARENT_LIST = object()      # marks "the parent's entries" in a memo signature
# what most sections have (no problems, no identify items): one object, not a list each
_NO_ITEMS: tuple = ()


def _sig_part(k: str, value: str, name: str):
    """A wizard's own line in the memo signature of its rules (:meth:`Checker._wizard_section`):
    the values no rule reads reduced to "set or empty".  Inherited entries enter by
    identity: siblings share them."""
    if k in PRESENCE_KEYS:
        return (k, value != "")
    if k == "inbound_auth/username":
        return (k, value != "", value == name)
    return (k, value)


def _where(eff):
    """The line(s) a section's cached problems were computed at."""
    return eff.section.line if not eff.appends else (eff.section.line, *(a.line for a in eff.appends))


def _layout(model) -> tuple | None:
    """Each file of ``model`` and how many of its edits moved lines (Document.moves):
    while this stays the same, no section has moved (None: not known)."""
    src = model.source
    docs = getattr(src, "documents", None)
    if docs is not None:
        return tuple((id(d), d.moves) for d in docs.values())
    moves = getattr(src, "moves", None)
    return ((id(src), moves),) if moves is not None else None




def _fns(scope: str) -> tuple:
    return tuple(r.fn for r in rules(scope))


class Checker(Context):
    """All checks over a wizard model and/or a pjsip.conf model (``model.build`` results).

    ``expansion``: a :func:`pjtui.pjsip.wizard.expand` result for ``wizard`` (computed
    here when not given; pass the UI's own to avoid expanding twice).
    ``wizard_diagnostics`` / ``pjsip_diagnostics``: conf diagnostics (parse and include)
    of each file — by default those of the model's source.  ``resolver`` decides host
    names (None: unknown, the default); ``profiles``: profile names of phoneprov.conf
    when it was read.  ``memo``: the speed tricks (see the module doc).
    """

    CACHES = {
        **Context.CACHES,
        "_local": (RUN, dict),          # section id -> its problems
        "_local_at": (RUN, dict),       # section id -> its line(s) when _local was made
        "_ident_items": (RUN, dict),    # section id -> the identify match items it makes
        "_ident_dirty": (RUN, dict),    # re-checked section id -> (it, its old items)
        "_overlaps": (RUN, None),       # the last identify overlap sweep
        "_wiz_global": (RUN, None),     # the last WIZARD_FILE problems
        "_dirty": (RUN, None),          # the sections recheck() was given, until collected
        "_clean": (EDIT, set),          # memo signatures of wizards without problems
        "_clean_shapes": (EDIT, set),   # Wizard.shape of simple wizards without problems
    }

    def __init__(self, wizard=None, pjsip=None, *, expansion=None, wizard_diagnostics=None,
                 pjsip_diagnostics=None, resolver: Resolver | None = None,
                 profiles: set[str] | None = None, notes: Iterable[Problem] = (), memo: bool | None = None):
        super().__init__(wizard, pjsip, expansion=expansion, wizard_diagnostics=wizard_diagnostics,
                         pjsip_diagnostics=pjsip_diagnostics, resolver=resolver, profiles=profiles)
        self.memo = speed.fast() if memo is None else memo   # None: as pjtui.speed says
        self.notes = list(notes)
        self._names_version = 0          # the expansion's names_version at the last full run
        self._layout: tuple | None = None  # _layout() of the wizard files at the last collect
        self._line_verdicts: dict = {}   # (key, value) or key -> what WIZARD_LINE rules say
        self._value_keys: dict[str, bool] = {}
        self._sig: dict[int, str] = {}   # wizard section id -> its name at the last look
        self._object_rules: dict[str, tuple] = {}
        self._scopes = {s: _fns(s) for s in (FILE, SECTION, PJSIP_TYPE, PJSIP_LINES, PJSIP_FILE, WIZARD_LINE,
                                            WIZARD, WIZARD_EACH, NON_WIZARD, WIZARD_FILE, LOG, GLOBAL)}

    # ------------------------------------------------------------------ public
    def run(self) -> list[Problem]:
        self._names_version = getattr(self.expansion, "names_version", 0)
        self.reset(RUN, EDIT)
        return self._collect()

    def recheck(self, sections: Iterable, *, expansion=None) -> list[Problem]:
        """Re-run local checks for ``sections`` (Effective objects that changed) and the
        global ones; other sections' results come from the cache of the last run.
        Pass the new ``expansion`` when the UI has re-expanded the wizards."""
        sections = list(sections)
        pjsip_changed = False
        for eff in sections:
            if self.pjsip is not None and eff.model is self.pjsip:
                pjsip_changed = True
            old = (self._is_wiz.get(id(eff)), self._sig.get(id(eff)))
            self._local.pop(id(eff), None)
            self._wizards.pop(id(eff), None)
            if self._readings is not None:
                self._readings.pop(id(eff), None)
            items = self._ident_items.pop(id(eff), None)
            self._ident_dirty.setdefault(id(eff), (eff, items))
            self._is_wiz.pop(id(eff), None)
            self.wizard_identify_by.pop(id(eff), None)
            if old != (self.is_wizard(eff), eff.name) or id(eff) not in self._sig:
                self._wiz_list = None       # wizard membership or a name changed
                self._wiz_global = None
            self._sig[id(eff)] = eff.name
        if expansion is not None:
            self.expansion = expansion
            self.reset(EXPANSION)
        names_version = getattr(self.expansion, "names_version", 0)
        if pjsip_changed or names_version != self._names_version:
            # pjsip.conf objects decide collisions, references and transports of every
            # wizard (and its lines may have moved); an object name that appeared or
            # went changes what references anywhere resolve to: check everything again
            return self.run()
        # The expansion may have been refreshed in place and values edited in place
        # (same Option objects): names of generated objects and "no problem" verdicts
        # keyed on entry identities are stale.  Only the edited sections re-run their
        # rules, so forgetting the memo costs nothing elsewhere.
        self.reset(EDIT)
        self._dirty = sections
        return self._collect()

    # ---------------------------------------------------------------- plumbing
    def _collect(self) -> list[Problem]:
        with paused_gc():       # many small acyclic objects: see pjtui/_gc.py
            return self._collect_all()

    def _collect_all(self) -> list[Problem]:
        scopes = self._scopes
        out: list[Problem] = list(self.notes)
        for fn in scopes[FILE]:
            out += fn(self)
        local = self._local
        if self.pjsip is not None:
            for eff in self.pjsip.sections:
                got = local.get(id(eff))
                if got is None:
                    got = local[id(eff)] = self._pjsip_section(eff) or _NO_ITEMS
                out += got
            for fn in scopes[PJSIP_FILE]:
                out += fn(self)
        dirty, self._dirty = self._dirty, None
        if self.wizard is not None:
            section = self._wizard_section
            at = self._local_at
            shifted = False
            layout = _layout(self.wizard)
            if dirty is not None and layout is not None and layout == self._layout:
                # No edit since the last collect added or removed a line, so no section
                # moved: only the edited ones are judged again, the others' problems are
                # taken as they are.
                for eff in dirty:
                    local[id(eff)] = section(eff) or _NO_ITEMS
                    at[id(eff)] = _where(eff)
                out.extend(chain.from_iterable(filter(None, map(local.get, map(id, self.wizard.sections)))))
            else:
                for eff in self.wizard.sections:
                    key = id(eff)
                    got = local.get(key)
                    # an edit that adds or removes lines moves every later section: its
                    # problems (at its lines) are computed again
                    where = _where(eff)
                    if got is None or at.get(key) != where:
                        if got is not None:
                            shifted = True
                            self._ident_dirty.setdefault(key, (eff, self._ident_items.pop(key, None)))
                        got = local[key] = section(eff) or _NO_ITEMS
                        at[key] = where
                    if got:
                        out += got
            if layout != self._layout:
                shifted = True                  # something moved (if only an edited section)
            self._layout = layout
            if shifted:
                self._wiz_global = None         # names lines of other sections
            out += self._wizard_global()
            for fn in scopes[LOG]:
                out += fn(self, out)
        out += self._identify_overlaps()
        for fn in scopes[GLOBAL]:
            out += fn(self)
        seen = set()
        unique = []
        for p in out:
            k = (p.file, p.line, p.code, p.section, p.message)
            if k not in seen:
                seen.add(k)
                unique.append(p)
        unique.sort(key=Problem.sort_key)
        return unique

    # ---------------------------------------------------------------- pjsip.conf
    def _pjsip_section(self, eff) -> list[Problem]:
        out: list[Problem] = []
        for fn in self._scopes[SECTION]:
            out += fn(self, eff)
        file = file_of(eff.section)
        line = eff.section.line
        if eff.template:
            t = self.template_type(eff)
            if t is None or t not in self.cat.types:
                return out
        else:
            t = self.pjsip_type(eff)
            for fn in self._scopes[PJSIP_TYPE]:
                out += fn(self, eff, t, file, line)
            if not usable_type(self, t):
                return out
        for fn in self._scopes[PJSIP_LINES]:
            out += fn(self, eff, t)
        if eff.template:
            return out
        fns = self._object_rules.get(t)
        if fns is None:
            fns = self._object_rules[t] = tuple(r.fn for r in rules(PJSIP_OBJECT) if r.types is None or t in r.types)
        for fn in fns:
            out += fn(self, eff, t, file, line)
        return out

    # ------------------------------------------------------------ wizards
    def _wizard_section(self, eff) -> list[Problem]:
        out: list[Problem] = []
        for fn in self._scopes[SECTION]:
            out += fn(self, eff)
        r = self.reading(eff)           # the expansion read exactly the wizards
        is_wizard = self._is_wiz[id(eff)] = True if r is not None else eff.is_wizard
        memo = self.memo
        if is_wizard and memo:
            if r is not None and r.simple and r.shape in self._clean_shapes:
                # a sibling of the same shape had no problem: neither has this one
                return self._wizard_bookkeeping(eff, r, out)
        file = file_of(eff.section)
        line = eff.section.line
        name = eff.name
        if not is_wizard:
            self._ident_items[id(eff)] = _NO_ITEMS     # makes no identify (see _identify_items)
        if not eff.template and not is_wizard:
            for fn in self._scopes[NON_WIZARD]:
                out += fn(self, eff, file, line)
            return out
        if eff.template and not self.feeds_wizard(eff):
            return out
        own = own_ids(eff)
        lines_from = len(out)
        verdicts = self._line_verdicts if memo else {}
        matters = self._value_keys
        line_rules = self._scopes[WIZARD_LINE]
        # Only the section's own lines are judged (an inherited one is judged at the
        # template's line).  When the list starts with the parent's, those entries are
        # skipped outright, and stand for themselves in the rules' memo signature.
        start = inherited_len(eff)
        vars_ = eff.vars
        sig: list | None = ([(_PARENT_LIST, id(eff.parents[0]))] if start else []) \
            if is_wizard and memo else None
        for i in range(start, len(vars_)):
            e = vars_[i]
            if type(e) is not Appended:
                if id(e.section) not in own:
                    if sig is not None:
                        sig.append(id(e))
                    continue
                opt = e
            else:
                opt = own_line(e, own)
            key = e.key
            if opt is not None:
                m = matters.get(key)
                if m is None:
                    m = self._value_matters(key)
                vkey = (key, e.value) if m else key
                got = verdicts.get(vkey)
                if got is None:
                    got = verdicts[vkey] = tuple(chain.from_iterable(fn(self, e, opt, "") for fn in line_rules))
                for p in got:
                    out.append(Problem(p.code, file_of(opt), opt.line, name, p.message, p.fix, p.key, p.severity))
            if sig is not None:
                sig.append(_sig_part(key.lower(), e.value, name))
        if is_wizard:
            w = self.view(eff)
            named = False
            if sig is not None:
                # what the WIZARD rules depend on when they find nothing (see _sig_part)
                pt = w.w.passthrough
                if pt.get("inbound_auth") and pt.get("outbound_auth"):
                    sig = None                  # same-auth-in-out compares the values
                else:
                    if w.flag("sends_registrations"):
                        sig.append(name)        # ${USERNAME} may be the name in URIs
                        named = True
                    sig = tuple(sig)
            if sig is None or sig not in self._clean:
                found = []
                for fn in self._scopes[WIZARD]:
                    found += fn(self, w, file, line)
                if not found and sig is not None:
                    self._clean.add(sig)
                out += found
            if sig is not None and not named and len(out) == lines_from and w.w.simple:
                # the shape holds all the signature holds (and the lines' verdict keys)
                self._clean_shapes.add(w.w.shape)
            return self._wizard_bookkeeping(eff, w.w, out)
        return out

    def _wizard_bookkeeping(self, eff, r, out: list[Problem]) -> list[Problem]:
        """What every wizard section adds, with or without problems of its own: the
        identify it does not make, the WIZARD_EACH rules, identify_by.
        ``r``: its wizard reading."""
        flags = r.flags()
        if flags[ACCEPTS_REG] or flags[SENDS_LINE]:
            self._ident_items[id(eff)] = _NO_ITEMS     # no identify (see _identify_items)
        for fn in self._scopes[WIZARD_EACH]:
            out += fn(self, eff)
        e = r._plast.get("endpoint/identify_by")
        if e is not None:
            user = r._plast.get("inbound_auth/username") if flags[ACCEPTS_AUTH] else None
            self.wizard_identify_by[id(eff)] = (eff, e, user)
        return out

    def _value_matters(self, key: str) -> bool:
        got = self._value_keys.get(key)
        if got is None:
            wo = self.cat.wizard_option(key)
            got = wo.param is not None and wo.param.checks_values
            self._value_keys[key] = got
        return got

    def _wizard_global(self) -> list[Problem]:
        if self._wiz_global is None:
            self._sig = {id(e): e.name for e in self.wizard.sections}
            out: list[Problem] = []
            for fn in self._scopes[WIZARD_FILE]:
                out += fn(self)
            self._wiz_global = out
        return self._wiz_global

    # ------------------------------------------------------------ identify overlaps
    def _identify_items(self, eff) -> list:
        cache = self._ident_items
        got = cache.get(id(eff))
        if got is None:
            kind = "pjsip" if self.pjsip is not None and eff.model is self.pjsip else "wizard"
            got = cache[id(eff)] = identify_items(self, eff, kind)
        return got

    def _identify_overlaps(self) -> list[Problem]:
        """R15 over every identify; after a re-check the last result is reused when the
        re-checked sections' identify items did not change (the usual value edit)."""
        dirty = self._ident_dirty
        last = self._overlaps
        if last is not None and self.memo:
            same = True
            for key, (eff, old) in dirty.items():
                if self._identify_items(eff) != old:
                    same = False
                    break
            if same:
                dirty.clear()
                return last
        dirty.clear()
        sections = chain(*(m.sections for m in (self.pjsip, self.wizard) if m is not None))
        self._overlaps = overlaps(map(self._identify_items, sections))
        return self._overlaps
