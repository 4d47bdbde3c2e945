""":class:`Expansion`, what :func:`~pjtui.pjsip.wizard.expand` returns, and its
refresh after an edit.

The expansion answers from the expander's store (``_ex``): export lists, hints and
per-wizard look-ups are made on first use.  :meth:`Expansion.refresh` re-runs only
the wizards sharing a name with the edited sections and patches the sorted lists,
hints, log and phoneprov variables around them; the result equals a fresh expand
(tests/test_pjsip_incremental.py).  No Textual, no tomlkit."""

from __future__ import annotations

from pjtui import speed
from pjtui._gc import paused_gc
from pjtui.pjsip.model import Model
from pjtui.pjsip.wizard import phoneprov
from pjtui.pjsip.wizard.hints import forget_hints, hint_map, relog_warnings, rerecord_hints
from pjtui.pjsip.wizard.naming import (EXPORT_TYPE_ORDER, _TYPE_RANK, _insert_sorted, _name_key, _remove_sorted,
                                       sorted_objects)
from pjtui.pjsip.wizard.phoneprov import _PROVIDER_SOURCES
from pjtui.pjsip.wizard.pjsip_conf import PjsipObject
from pjtui.pjsip.wizard.reading import Wizard
from pjtui.pjsip.wizard.records import Hint, LogLine, WizObject


class Expansion:
    """Result of :func:`expand`."""

    __slots__ = ("model", "wizards", "_objects", "_hints", "log", "rejected", "pjsip_objects", "_ex",
                 "names_version")

    def __init__(self, model: Model):
        self.model = model
        self.wizards: list[Wizard] = []
        self._objects: list[WizObject] | None = []
        self._hints: list[Hint] | None = []
        # counts the refreshes after which an exported object name appeared or went:
        # references elsewhere in the files may resolve differently (pjtui.pjsip.checks)
        self.names_version = 0
        self.log: list[LogLine] = []
        self.rejected = False
        self.pjsip_objects: list[PjsipObject] = []
        self._ex = None

    def get(self, type_: str, name: str) -> WizObject | None:
        """The exported object of that type and name (None when missing or hidden)."""
        if self._ex is not None:
            obj = self._ex.store.get(type_, {}).get(name)
            return obj if obj is not None and obj.hidden_by is None else None
        for o in self.objects:
            if o.type == type_ and o.name == name:
                return o
        return None

    @property
    def objects(self) -> list[WizObject]:
        """Every exported object in export order (type order, then name).  Made on first
        use after an expansion or refresh: the checks ask for a few types only."""
        objects = self._objects
        if objects is None:
            ex = self._ex
            objects = []
            for type_ in EXPORT_TYPE_ORDER:
                objects += sorted_objects(ex, type_)
            if ex.may_hide:
                objects = [o for o in objects if o.hidden_by is None]
            self._objects = objects
        return objects

    @property
    def hints(self) -> list[Hint]:
        """The dialplan hints the wizards leave, made on first use (the checks never ask)."""
        hints = self._hints
        if hints is None:
            hints = self._hints = list(hint_map(self._ex).values())
        return hints

    @property
    def removed_hints(self) -> list:
        """:class:`~pjtui.pjsip.wizard.hints.RemovedHint`: a hint one wizard made that a
        later one (has_hint off, same exten and context) removed, in file order."""
        return self._ex.hints_removed if self._ex is not None else []

    def hints_of(self, name: str) -> list[Hint]:
        """The hints the wizards of that name leave (the same as filtering ``hints``,
        from their own hint actions instead of every hint of the file)."""
        ex = self._ex
        if ex is None:
            return [h for h in self.hints if h.wizard == name]
        hint_of = hint_map(ex)
        keys = [key for e in self.model.named(name) for key, _ in ex.hint_actions.get(e.index, ())]
        return [h for h in map(hint_of.get, dict.fromkeys(keys)) if h is not None and h.wizard == name]

    def of_type(self, type_: str) -> list[WizObject]:
        """The exported objects of that type, in export order (same as filtering ``objects``)."""
        if self._ex is not None and type_ in self._ex.sorted_objs:
            return [o for o in sorted_objects(self._ex, type_) if o.hidden_by is None]
        return [o for o in self.objects if o.type == type_]

    def of_wizard(self, name: str) -> list[WizObject]:
        """The exported objects the wizards of that name made, in export order (the same
        as filtering ``objects``, without going through all of them)."""
        ex = self._ex
        if ex is None:
            return [o for o in self.objects if o.wizard.name == name]
        store = ex.store
        out = [o for o in ex.owned.get(name, ()) if store[o.type].get(o.name) is o and o.hidden_by is None]
        out.sort(key=lambda o: (_TYPE_RANK[o.type], _name_key(o.name)))
        return out

    def hint_lines(self) -> list[str]:
        out = []
        for h in self.hints:
            out.extend(h.lines())
        return out

    def refresh(self, effs) -> bool:
        """Bring the expansion up to date after the model re-computed ``effs`` (what
        :meth:`Model.refresh <pjtui.pjsip.model.Model.refresh>` returns): every wizard
        sharing a name with one of them is expanded again, in file order, and the
        export lists, hints, log and phoneprov variables are rebuilt around them.
        Returns False when that is not possible (the file is rejected): call
        :func:`expand` again then.  The result equals a fresh :func:`expand`."""
        ex = self._ex
        if ex is None or self.rejected or self.model.rejected or not speed.fast():
            return False
        _refresh(self, ex, effs)
        return True


def _publish(exp: Expansion, ex) -> None:
    exp._objects = None         # made again when asked for (Expansion.objects)
    exp._hints = None
    exp.log = ex.log
    exp.pjsip_objects = ex.pjsip_objs
    exp._ex = ex


def _refresh(exp: Expansion, ex, effs) -> None:
    """:meth:`Expansion.refresh`: forget what the wizards sharing a name with ``effs``
    made, run them again in file order, and put what they make back in its place."""
    names = {e.name for e in effs}
    before = _exported(ex, names)
    _forget_readings(ex, effs)
    _forget_objects(ex, names)
    rerun = sorted({e for n in names for e in exp.model.named(n)}, key=lambda e: e.index)
    touched = forget_hints(ex, rerun)
    reprovide = {n for n, deps in ex.prov_deps.items() if deps & names}
    pp_store = ex.store["phoneprov"]
    reprovided_wizards = {pp_store[n].wizard.name for n in reprovide if n in pp_store}
    ex.log = [x for x in ex.log if x.wizard not in names
              and not (x.source in _PROVIDER_SOURCES and x.wizard in reprovided_wizards)]
    with paused_gc():
        _rerun(exp, ex, rerun)
        reprovide |= _place_objects(ex, names)
        phoneprov.provide(ex, sorted(reprovide))
        rerecord_hints(ex, rerun, touched)
        relog_warnings(ex)
        if _exported(ex, names) != before:
            exp.names_version += 1
        _publish(exp, ex)


def _forget_readings(ex, effs) -> None:
    if ex.plans is not None:
        ex.plans.clear()    # they hold the readings of templates that may have changed
    cache = ex.param_cache
    for e in effs:
        ex.readings.pop(e, None)
        # edits change Option objects in place: their cached Params are stale
        for sec in e.own_sections():
            for opt in sec.options:
                cache.pop(opt, None)


def _forget_objects(ex, names) -> None:
    """Take what the wizards of these names made out of the store and the sorted lists."""
    for n in names:
        for made in ex.owned.pop(n, ()):
            type_, obj_name = made.type, made.name
            store = ex.store[type_]
            obj = store.get(obj_name)
            if obj is not None and obj.wizard.name == n:
                del store[obj_name]
                _remove_sorted(ex, type_, obj_name)
        ex.regs_of.pop(n, None)


def _rerun(exp: Expansion, ex, rerun) -> None:
    """Read and run these sections again, each keeping its place in ``exp.wizards``."""
    if ex.wiz_pos is None:
        ex.wiz_pos = {w.eff.index: i for i, w in enumerate(exp.wizards)}
    was = {e.index for e in rerun if e.index in ex.wiz_pos}
    now = set()
    for e in rerun:
        if e.is_wizard:
            w = ex.reading(e)
            now.add(e.index)
            if e.index in ex.wiz_pos:
                exp.wizards[ex.wiz_pos[e.index]] = w
            else:
                exp.wizards.append(w)
            ex.run(w)
    if was != now:      # a section became, or stopped being, a wizard
        gone = was - now
        exp.wizards = sorted((w for w in exp.wizards if w.eff.index not in gone), key=lambda w: w.eff.index)
        ex.wiz_pos = {w.eff.index: i for i, w in enumerate(exp.wizards)}


def _place_objects(ex, names) -> set:
    """Put what the wizards of these names made now into the sorted lists (hidden when
    pjsip.conf has the same object); returns the names of their phoneprov objects."""
    index = ex.pjsip_index
    phoneprovs = set()
    for n in names:
        for type_, obj_name in {(o.type, o.name) for o in ex.owned.get(n, ())}:
            obj = ex.store[type_].get(obj_name)
            if obj is None or obj.wizard.name != n:
                continue
            if index:
                obj.hidden_by = index.get((type_, obj_name))
            _insert_sorted(ex, type_, obj_name)
            if type_ == "phoneprov":
                phoneprovs.add(obj_name)
    return phoneprovs


def _exported(ex, names) -> set:
    """(type, name) of the objects the wizards of these names export."""
    store = ex.store
    return {(o.type, o.name) for n in names for o in ex.owned.get(n, ())
            if store[o.type].get(o.name) is o and o.hidden_by is None}
