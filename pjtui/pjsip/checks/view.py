"""The checks' view of one wizard, and the objects a wizard makes (for names only)."""

from __future__ import annotations

from pjtui.pjsip.wizard import _FLAGS as _WIZARD_FLAGS

#: position of a boolean wizard option in wizard.Wizard.flags()
FLAG_INDEX = {n: i for i, n in enumerate(_WIZARD_FLAGS)}
ACCEPTS_AUTH = FLAG_INDEX["accepts_auth"]
ACCEPTS_REG = FLAG_INDEX["accepts_registrations"]
SENDS_LINE = FLAG_INDEX["sends_line_with_registrations"]


class WizardView:
    """Check-side accessors over :class:`pjtui.pjsip.wizard.Wizard` (which owns the
    reading rules: case, last-wins, prefixes, remote_hosts splitting).

    Cheap to make (one per wizard): the common questions — the last pass-through entry
    of a name, whether one is there — are answered from the reading's own last-wins
    index; the per-name lists (``pt``) are built only for the few wizards whose rules
    need every entry of a name."""

    __slots__ = ("w", "eff", "_pt", "flags")

    def __init__(self, eff, wizard=None):
        from pjtui.pjsip.wizard import Wizard

        self.w = wizard if wizard is not None else Wizard(eff)
        self.eff = eff
        self._pt = None
        self.flags = None                   # other answers, made on first use

    @property
    def pt(self) -> dict:
        """prefix -> every entry passed with it; (prefix, lower-case name) -> its entries."""
        pt = self._pt
        if pt is None:
            pt = self._pt = {}
            for prefix, lst in self.w.passthrough.items():
                if not lst:
                    continue
                every = pt[prefix] = []
                for item in lst:
                    # wizard.Param(key, value, source) or an older (key, entry) pair
                    key, entry = (item.key, item.source) if hasattr(item, "source") else item
                    k = (prefix, key.lower())
                    got = pt.get(k)
                    if got is None:
                        pt[k] = [entry]
                    else:
                        got.append(entry)
                    every.append(entry)
        return pt

    def passes_any(self, keys: frozenset) -> bool:
        """Is any of ``keys`` (``"prefix/param"`` lower-case) passed through?"""
        return not keys.isdisjoint(self.w._plast)

    @property
    def name(self) -> str:
        return self.eff.name

    def opt(self, name: str):
        return self.w.find(name)

    def value(self, name: str, default: str | None = None) -> str | None:
        e = self.w.find(name)
        return default if e is None else e.value

    def flag(self, name: str) -> bool:
        i = FLAG_INDEX.get(name)
        if i is not None:
            return self.w.flags()[i]    # computed once per template, shared by children
        flags = self.flags
        if flags is None:
            flags = self.flags = {}
        got = flags.get(name)
        if got is None:
            got = flags[name] = self.w.is_true(name)
        return got

    def entries(self, prefix: str, param: str | None = None) -> list:
        """Model entries passed with ``prefix/`` (``param``: only that name, any case)."""
        if param is None:
            if not self.w.passthrough.get(prefix):
                return []
        elif self._pt is None and (prefix + "/" + param) not in self.w._plast:
            return []
        return self.pt.get(prefix if param is None else (prefix, param), [])

    def last(self, prefix: str, param: str):
        # the reading's last-wins index of pass-through lines: "prefix/name" lower-case
        return self.w._plast.get(prefix + "/" + param)

    @property
    def hosts(self) -> list[str]:
        flags = self.flags
        if flags is None:
            flags = self.flags = {}
        got = flags.get("\0hosts")
        if got is None:
            got = flags["\0hosts"] = self.w.remote_hosts
        return got



def generated_objects(w) -> list[tuple[str, str]]:
    """(type, name) of the objects a wizard creates (those that fail are left out).

    Only the naming rules of wizard-expansion.md §4, for collisions and references; the
    full expansion (parameters, apply order) lives in :mod:`pjtui.pjsip.wizard`."""
    name = w.name
    out = [("endpoint", name), ("aor", name)]
    sends_auth = w.flag("sends_auth")
    oauth_ok = not sends_auth or w.last("outbound_auth", "username") is not None
    if sends_auth and oauth_ok:
        out.append(("auth", f"{name}-oauth"))
    if w.flag("accepts_auth") and oauth_ok and w.last("inbound_auth", "username") is not None:
        out.append(("auth", f"{name}-iauth"))
    hosts = w.hosts
    if not w.flag("accepts_registrations") and not w.flag("sends_line_with_registrations") and hosts:
        out.append(("identify", f"{name}-identify"))
    if w.flag("sends_registrations") and hosts and oauth_ok:
        for i, h in enumerate(hosts):
            if h == "" or any(c in h for c in " \t"):
                break
            out.append(("registration", f"{name}-reg-{i}"))
    if w.flag("has_phoneprov") and any(e.key[len("phoneprov/"):].lower() == "mac" for e in w.entries("phoneprov")):
        out.append(("phoneprov", f"{name}-phoneprov"))
    return out


