"""The expander: every wizard of a file, in file order, through the makers of its
objects; and :func:`expand`, the entry point.

``_Expander`` holds what one expansion knows (the store of objects by type and name,
the log, the hint actions, the pjsip.conf index) and reads as a table of contents: the
makers of each object type live in their own modules (:mod:`.auth`, :mod:`.aor`,
:mod:`.endpoint`, :mod:`.identify`, :mod:`.registration`, :mod:`.phoneprov`,
:mod:`.hints`), storing an object is :func:`.apply.create`, and wizards of a shape
seen before are copied by the plan layer (:mod:`.plans`).  No Textual, no tomlkit."""

from __future__ import annotations

from typing import Callable

from pjtui._gc import paused_gc
from pjtui.pjsip.model import Effective, Model
from pjtui.pjsip.wizard import aor, apply, auth, endpoint, hints, identify, phoneprov, registration
from pjtui.pjsip.wizard.expansion import Expansion, _publish
from pjtui.pjsip.wizard.naming import EXPORT_TYPE_ORDER, _TYPE_RANK, sorted_objects
from pjtui.pjsip.wizard.pjsip_conf import PjsipObject, pjsip_objects
from pjtui.pjsip.wizard.plans import new_plans
from pjtui.pjsip.wizard.reading import _Ctx, Wizard, split_remote_hosts
from pjtui.pjsip.wizard.records import WIZ_C, LogLine, WizObject, _mk


class _Expander:
    """What one expansion knows while the wizards run, and after (a refresh, the
    lazily made export lists and hints read it through ``Expansion._ex``)."""

    def __init__(self, model: Model, pjsip: Model | None, resolver, profiles):
        self.model = model
        self.store: dict[str, dict[str, WizObject]] = {t: {} for t in EXPORT_TYPE_ORDER}
        self.log: list[LogLine] = []
        self.hint_actions: dict[int, list] = {}     # wizard's model index -> [(key, hint | _Removed)]
        self.hint_removers: set[int] = set()        # indexes of the wizards removing a hint
        self.hints_removed: list = []                # hints.RemovedHint: other wizards' hints removed
        self.owned: dict[str, list] = {}            # wizard name -> [WizObject] it created
        # type -> object names in strcmp order / the objects in that order / whether all
        # those names are ASCII (bisect then finds a name's place); None until asked for
        self.sorted: dict[str, list[str] | None] = {}
        self.sorted_objs: dict[str, list | None] = {}
        self.ascii: dict[str, bool] = {}
        self.hint_of: dict | None = {}              # (context, exten) -> Hint (None: see hint_map)
        self.key_users: dict | None = {}            # (context, exten) -> wizard indexes acting on it
                                                     # (None: not made yet, see users_of_keys)
        self.wiz_pos: dict[int, int] = {}           # wizard's model index -> position in exp.wizards
        self.prov_deps: dict[str, set] = {}         # phoneprov name -> wizard names it consulted
        self._deps: set | None = None
        self.resolver = resolver
        self.profiles = profiles
        self.pjsip = pjsip
        # per type: parameter name -> None (any value applies) | message (unknown name)
        # | catalogue Param (its values are checked)
        self._key_check: dict[str, dict] = {t: {} for t in EXPORT_TYPE_ORDER}
        self._good_lists: dict[int, tuple] = {}      # id(pass-through list) -> (it, _first_bad)
        # the makers in the order Asterisk's wizard calls them (§4); each object type's own
        # apply check, called by create
        self._handlers = (self.auths, self.aor, self.endpoint, self.identify, self.registrations, self.phoneprov)
        self._checks = {"auth": auth.check, "aor": aor.check, "registration": registration.check,
                        "identify": identify.check}
        self.param_cache: dict = {}
        self.readings: dict = {}                     # template Effective -> its Wizard reading
        self.regs_of: dict[str, list[str]] = {}      # wizard name -> its registration names
        self.plans = new_plans()                     # None: the plan layer is switched off
        self.pjsip_objs: list[PjsipObject] = []
        self.pjsip_index: dict[tuple[str, str], Effective] = {}
        if pjsip is not None:
            objs, log = pjsip_objects(pjsip)
            self.pjsip_objs = objs
            self.log.extend(log)
            for o in objs:
                self.pjsip_index.setdefault((o.type, o.name), o.eff)
        # can a pjsip.conf object hide one of ours? (often it holds only transports)
        self.may_hide = any(t in _TYPE_RANK for t, _ in self.pjsip_index)

    def reading(self, eff: Effective) -> Wizard:
        """:class:`Wizard` of ``eff``, continuing from its parent's reading when the
        section's list starts with exactly the parent's (the usual template child)."""
        base = None
        parents = eff.parents
        if len(parents) == 1:
            parent = parents[0]
            n = len(parent.vars)
            if n and eff.vars[:n] == parent.vars:
                base = self.readings.get(parent)
                if base is None:
                    base = self.readings[parent] = self.reading(parent)
                    base.flags()
        return Wizard(eff, self.param_cache, base)

    # -- logging
    def err(self, source: str, message: str, wizard: str | None = None, entry=None, level="ERROR"):
        self.log.append(LogLine(level, source, message, wizard, entry))

    # -- the makers, one module per object type (§4), and storing what they make
    create = apply.create
    auths = auth.make
    aor = aor.make
    endpoint = endpoint.make
    identify = identify.make
    registrations = registration.make
    phoneprov = phoneprov.make

    def run(self, w: Wizard) -> None:
        """Make the objects of one wizard.  A wizard whose shape (:attr:`Wizard.shape`)
        an earlier one had is made from that one's plan (:mod:`.plans`): the same
        objects under its own name, without asking every maker again."""
        name = w.name
        plans = self.plans
        # a plan applies only when nothing of an earlier namesake is to be undone
        fresh = plans is not None and name not in self.owned and name not in self.regs_of
        if fresh:
            if plans.replay(self, w):
                return
            logged = len(self.log)
        rh = w._lower.get("remote_hosts")
        c = _mk(_Ctx, (split_remote_hosts(rh.value) if rh is not None else [],) + w.flags())
        for handler in self._handlers:
            if not handler(w, c):
                self.err(WIZ_C, f"Unable to create objects for wizard '{name}'", name)
        if fresh and len(self.log) == logged:
            plans.learn(self, w, c.has_hint)


def _first_fatal(model: Model) -> tuple[str, str] | None:
    """The parser message Asterisk logs for a rejected file (the first fatal error)."""
    cands = []
    src = model.source
    for d in getattr(src, "diagnostics", ()) or ():
        if getattr(d, "fatal", False) and d.file == model.root_name:
            cands.append((d.line, d.message))
    for e in model.errors:
        if e.file == model.root_name:
            cands.append((e.line, e.message))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0])
    return cands[0]


def expand(model: Model, *, pjsip: Model | None = None, resolver: Callable | None = None,
           profiles=None, filename: str = "pjsip_wizard.conf") -> Expansion:
    """Expand every wizard of a pjsip_wizard.conf model exactly as Asterisk does at start-up."""
    # Many small objects and no cycles: the cyclic GC would only rescan them over
    # and over (a third of the time at 10,000 wizards), so it waits (pjtui/_gc.py).
    with paused_gc():
        return _expand(model, pjsip, resolver, profiles, filename)


def expand_resolving(model: Model, resolver, **kw) -> Expansion:
    """:func:`expand` with every host name it asks about looked up at once first, for a
    :class:`pjtui.io.resolver.Resolver` (in parallel: a file full of names waits about
    one lookup's time limit, not one per name).  Blocks: never on the UI thread.  Any
    other resolver (or None) is used as it is."""
    if resolver is None or not hasattr(resolver, "without_waiting"):
        return expand(model, resolver=resolver, **kw)
    view = resolver.without_waiting()
    exp = expand(model, resolver=view, **kw)
    if not view.pending:
        return exp      # every answer came from the cache: the same as asking
    resolver.resolve_all(view.pending)
    return expand(model, resolver=resolver, **kw)


def _expand(model: Model, pjsip: Model | None, resolver, profiles, filename: str) -> Expansion:
    exp = Expansion(model)
    ex = _Expander(model, pjsip, resolver, profiles)
    if model.rejected:
        exp.rejected = True
        first = _first_fatal(model)
        if first is not None:
            exp.log.append(LogLine("WARNING", "config.c", first[1]))
        exp.log.append(LogLine("ERROR", WIZ_C, f"Contents of config file '{filename}' are invalid and "
                                               "cannot be parsed"))
        exp.wizards = [Wizard(e) for e in model.sections if e.is_wizard]
        return exp
    for eff in model.sections:
        if eff.is_wizard:
            w = ex.reading(eff)
            exp.wizards.append(w)
            ex.run(w)
    _finish(exp, ex)
    return exp


def _finish(exp: Expansion, ex: _Expander) -> None:
    # hidden by pjsip.conf objects of the same type and name (§7)
    index = ex.pjsip_index
    if ex.may_hide:
        for type_ in EXPORT_TYPE_ORDER:
            for name, obj in ex.store[type_].items():
                obj.hidden_by = index.get((type_, name))
    ex.sorted = dict.fromkeys(EXPORT_TYPE_ORDER)
    ex.sorted_objs = dict.fromkeys(EXPORT_TYPE_ORDER)
    sorted_objects(ex, "phoneprov")
    phoneprov.provide(ex, ex.sorted["phoneprov"])
    hints.relog_warnings(ex)
    ex.hint_of = None           # made when first asked for (hint_map)
    ex.key_users = None
    ex.wiz_pos = None           # made by the first refresh
    _publish(exp, ex)
