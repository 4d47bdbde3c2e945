"""What a rule may ask about the two files: the ``ctx`` every rule receives.

Names of objects (pjsip.conf's and the wizards'), the type of a section, a template's
children, the expansion and its reading of each wizard.  Each answer is made once and
kept until the cache's lifetime ends (:data:`RUN`, :data:`EDIT`, :data:`EXPANSION`); the
one table :attr:`Context.CACHES` says which is which and :meth:`Context.reset` empties
them (the engine calls it; rules never do).  Rules keep their own derived data in
``ctx.run_cache`` / ``ctx.edit_cache`` (dicts, keyed by the rule's own name).
"""

from __future__ import annotations

from typing import Callable

from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.checks.helpers import diagnostics_of
from pjtui.pjsip.checks.view import WizardView

#: ``resolver(host, port) -> list[str] | None`` (None: does not resolve), the same
#: contract as :func:`pjtui.pjsip.wizard.expand`.
Resolver = Callable[[str, "str | None"], "list[str] | None"]

# Cache lifetimes: RUN ends with each full check, EDIT with each re-check too (values may
# have been edited in place), EXPANSION when a new expansion is given.
RUN, EDIT, EXPANSION = "run", "edit", "expansion"


class Context:
    """The models being checked and the look-ups rules share (see the module doc)."""

    #: attribute -> (lifetime, what it starts as: None or a type to call)
    CACHES: dict[str, tuple[str, type | None]] = {
        "_names": (EDIT, None),             # names(): every object name per type
        "edit_cache": (EDIT, dict),
        "_pjsip_names": (RUN, None),        # pjsip_names()
        "_pj_effs": (RUN, None),            # pjsip_object(): (type, name) -> section
        "_is_wiz": (RUN, dict),             # id(eff) -> is it a wizard
        "_wiz_list": (RUN, None),           # wizard_sections()
        "run_cache": (RUN, dict),
        # id(wizard) -> (eff, its endpoint/identify_by entry, its inbound_auth/username
        # entry when it accepts_auth): filled by the engine for every wizard
        "wizard_identify_by": (RUN, dict),
        "_wizards": (EXPANSION, dict),      # id(eff) -> WizardView
        "_readings": (EXPANSION, None),     # id(eff) -> the expansion's Wizard reading
    }

    def __init__(self, wizard=None, pjsip=None, *, expansion=None, wizard_diagnostics=None,
                 pjsip_diagnostics=None, resolver: Resolver | None = None, profiles: set[str] | None = None):
        self.cat = catalogue()
        self.wizard = wizard
        self.pjsip = pjsip
        self.wizard_diagnostics = list(diagnostics_of(wizard) if wizard_diagnostics is None else wizard_diagnostics)
        self.pjsip_diagnostics = list(diagnostics_of(pjsip) if pjsip_diagnostics is None else pjsip_diagnostics)
        self.resolver = resolver
        self.profiles = profiles
        self.expansion = expansion
        self._child_index = None
        for lifetime in (RUN, EDIT, EXPANSION):
            self.reset(lifetime)

    def reset(self, *lifetimes: str) -> None:
        """Forget every cache of these lifetimes."""
        for attr, (lifetime, start) in self.CACHES.items():
            if lifetime in lifetimes:
                setattr(self, attr, None if start is None else start())

    # ------------------------------------------------------------- expansion
    def expanded(self):
        """The expansion of the wizards (made here when none was given)."""
        if self.expansion is None and self.wizard is not None:
            from pjtui.pjsip.loaded import expansion_of

            self.expansion = expansion_of(self.wizard, self.pjsip, resolver=self.resolver, profiles=self.profiles)
        return self.expansion

    def reading(self, eff):
        """The expansion's reading of wizard ``eff`` (None: it has none, or it changed
        since; :class:`WizardView` then reads the section afresh)."""
        readings = self._readings
        if readings is None:
            exp = self.expanded()
            readings = self._readings = {id(w.eff): w for w in exp.wizards} if exp is not None else {}
        return readings.get(id(eff))

    def view(self, eff) -> WizardView:
        w = self._wizards.get(id(eff))
        if w is None:
            w = self._wizards[id(eff)] = WizardView(eff, self.reading(eff))
        return w

    # --------------------------------------------------------------- sections
    def is_wizard(self, eff) -> bool:
        got = self._is_wiz.get(id(eff))
        if got is None:
            got = self._is_wiz[id(eff)] = eff.is_wizard
        return got

    def wizard_sections(self) -> list:
        if self._wiz_list is None:
            out = []
            if self.wizard is not None:
                known = self._is_wiz        # mostly filled by the section checks
                for e in self.wizard.sections:
                    got = known.get(id(e))
                    if got is None:
                        got = known[id(e)] = e.is_wizard
                    if got:
                        out.append(e)
            self._wiz_list = out
        return self._wiz_list

    def pjsip_type(self, eff) -> str | None:
        t = eff.object_type
        if t is None and not eff.template and eff.name in ("global", "system"):
            return eff.name
        return t

    def template_type(self, eff) -> str | None:
        t = self.pjsip_type(eff)
        if t:
            return t
        for child in self.children(eff):
            ct = self.pjsip_type(child)
            if ct:
                return ct
        return None

    def children(self, eff) -> list:
        model = self.pjsip if self.pjsip is not None and eff.model is self.pjsip else eff.model
        idx = self._child_index
        if idx is None or idx[0] is not model:
            children: dict[int, list] = {}
            for e in model.sections:
                for p in e.parents:
                    children.setdefault(id(p), []).append(e)
            idx = (model, children)
            self._child_index = idx
        return idx[1].get(id(eff), [])

    def feeds_wizard(self, eff) -> bool:
        """A template whose lines reach a wizard (it says type = wizard, or a child is one)."""
        if any(e.value == "wizard" and "type" in e.key for e in eff.vars):
            return True
        stack, seen = [eff], set()
        while stack:
            cur = stack.pop()
            for ch in self.children(cur):
                if id(ch) in seen:
                    continue
                seen.add(id(ch))
                if ch.is_wizard:
                    return True
                stack.append(ch)
        return False

    # ------------------------------------------------------------------ names
    def names(self) -> dict[str, set[str]]:
        """Object names per type Asterisk would have: pjsip.conf objects, then the
        objects the wizard creates (from the expansion; failed ones are absent)."""
        if self._names is None:
            names = {t: set(v) for t, v in self.pjsip_names().items()}
            exp = self.expanded()
            if exp is not None:
                for obj in exp.objects:
                    names.setdefault(obj.type, set()).add(obj.name)
            self._names = names
        return self._names

    def pjsip_names(self) -> dict[str, set[str]]:
        """Object names per type of pjsip.conf alone (empty when it is rejected)."""
        if self._pjsip_names is None:
            names: dict[str, set[str]] = {}
            if self.pjsip is not None and not self.pjsip.rejected:
                for eff in self.pjsip.sections:
                    if eff.template:
                        continue
                    t = self.pjsip_type(eff)
                    if t:
                        names.setdefault(t, set()).add(eff.name)
            self._pjsip_names = names
        return self._pjsip_names

    def exists(self, type_name: str, name: str) -> bool:
        # what names() says, without building the set of every generated object's name
        # (a re-check after one edit would rebuild it: 40,000 names at 10,000 wizards)
        if name in self.pjsip_names().get(type_name, ()):
            return True
        exp = self.expanded()
        return exp is not None and exp.get(type_name, name) is not None

    def pjsip_object(self, t: str, name: str):
        """The first pjsip.conf section that is the object ``name`` of type ``t``."""
        index = self._pj_effs
        if index is None:
            index = {}
            for e in self.pjsip.sections:
                if not e.template:
                    index.setdefault((self.pjsip_type(e), e.name), e)
            self._pj_effs = index
        return index.get((t, name))
