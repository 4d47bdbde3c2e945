"""How res_pjsip_config_wizard reads one wizard section (spec §2, §3).

:class:`Wizard` is the reading: its options (last line wins, names compared without
case), its pass-through lines per prefix, the lines Asterisk ignores, and its *shape*
(what the plan layer, :mod:`pjtui.pjsip.wizard.plans`, and the checks' memo key on).
A new wizard option starts here: its default in :data:`WIZARD_OPTIONS` (a yes/no
switch the makers read also goes into ``_FLAGS`` and ``_Ctx``), then the module of the
object type it changes (``auth.py``, ``endpoint.py``...) reads it, and its help and
form field come from the catalogue (``pjtui/data/pjsip-params.json``, type ``wizard``).
No Textual, no tomlkit."""

from __future__ import annotations

from typing import NamedTuple

from pjtui import _memory
from pjtui.pjsip.catalogue import TRUE_WORDS, WIZARD_PREFIXES, is_true
from pjtui.pjsip.model import Appended, Effective
from pjtui.pjsip.wizard.plans import _TRUTH, _VALUE, shape_mode
from pjtui.pjsip.wizard.records import Derived, Param, Setting, _mk

#: Wizard-level options and their defaults (None: unset).  §3.
WIZARD_OPTIONS: dict[str, str | None] = {
    "type": None,
    "transport": None,
    "remote_hosts": None,
    "outbound_proxy": None,
    "sends_auth": "no",
    "accepts_auth": "no",
    "sends_registrations": "no",
    "sends_line_with_registrations": "no",
    "accepts_registrations": "no",
    "has_phoneprov": "no",
    "server_uri_pattern": "sip:${REMOTE_HOST}",
    "client_uri_pattern": "sip:${USERNAME}@${REMOTE_HOST}",
    "contact_pattern": "sip:${REMOTE_HOST}",
    "has_hint": "no",
    "hint_context": None,
    "hint_exten": None,
    "hint_application": None,
}

#: Pass-through prefixes (case-sensitive) -> object type (shared with the catalogue).
PREFIXES: dict[str, str] = WIZARD_PREFIXES


#: The boolean wizard options the makers read, in the order of ``Wizard.flags()``.
_FLAGS = ("sends_auth", "accepts_auth", "sends_registrations", "sends_line_with_registrations",
          "accepts_registrations", "has_phoneprov", "has_hint")
_FLAG_SET = frozenset(_FLAGS)


class _Ctx(NamedTuple):
    """What one wizard's makers share: its hosts and boolean options (``_FLAGS`` order),
    made in one step from ``Wizard.flags()``."""

    hosts: list
    sends_auth: bool
    accepts_auth: bool
    sends_registrations: bool
    sends_line_with_registrations: bool
    accepts_registrations: bool
    has_phoneprov: bool
    has_hint: bool


assert _Ctx._fields[1:] == _FLAGS


def split_remote_hosts(value: str) -> list[str]:
    """``remote_hosts`` split like Asterisk's ``ast_strsep(',', TRIM)``: quote-aware,
    a comma right after ``\\`` does not split, pieces trimmed, empty pieces kept."""
    if not value:
        return []
    if "\\" not in value and "'" not in value and '"' not in value:
        return [piece.strip(" \t") for piece in value.split(",")]     # nothing to keep together
    return _strsep(value)


def _strsep(value: str) -> list[str]:
    """:func:`split_remote_hosts` character by character (quotes and backslashes)."""
    out = []
    n = len(value)
    start = 0
    i = 0
    stack: list[str] = []
    while True:
        found = False
        while i < n:
            c = value[i]
            if c == "\\":
                i += 1
                if i < n:
                    i += 1
                else:
                    break
                if i >= n:
                    break
                c = value[i]
            if c in "'\"":
                if stack and stack[-1] == c:
                    stack.pop()
                else:
                    stack.append(c)
            if c == "," and not stack:
                found = True
                break
            i += 1
        out.append(value[start:i].strip(" \t"))
        if not found:
            return out
        i += 1
        start = i
        if start >= n:
            out.append("")
            return out


_EMPTY_PASS: dict[str, tuple] = {p: () for p in PREFIXES}
# variable name -> (lower, prefix|None, suffix, ignore reason|None, shape mode, (set, empty) parts,
# is it one of the boolean options in _FLAGS)
_KEY_CLASS: dict[str, tuple] = {}


def _classify(key: str) -> tuple:
    got = _KEY_CLASS.get(key)
    if got is not None:
        return got
    low = key.lower()
    prefix = None
    suffix = ""
    reason = None
    slash = key.find("/")
    if slash >= 0 and key[:slash] in PREFIXES:
        prefix = key[:slash]
        suffix = key[slash + 1:]
        if not suffix:
            reason = f"'{key}' has nothing after the '/': Asterisk ignores it"
    elif slash >= 0 and key[:slash].lower() in PREFIXES:
        reason = (f"prefix '{key[:slash]}/' must be written in lower case '{key[:slash].lower()}/': "
                  "Asterisk drops this line")
    elif low not in WIZARD_OPTIONS and "type" not in key:
        reason = f"'{key}' is not a wizard option: Asterisk ignores it"
    got = (low, prefix, suffix, reason, shape_mode(key, low, prefix, suffix, reason), ((key, True), (key, False)),
           low in _FLAG_SET)
    if len(_KEY_CLASS) < 100_000:
        _KEY_CLASS[key] = got
    return got


class Wizard:
    """How res_pjsip_config_wizard reads one wizard section (§2).

    ``passthrough[prefix]`` is the list of :class:`Param` (name after the prefix,
    value, model entry) in W order; ``has(prefix, name)`` tells whether one of them
    has that name (case-insensitive, as the wizard's own look-ups); ``ignored`` the
    (entry, reason) pairs Asterisk drops without a word."""

    __slots__ = ("eff", "name", "_pt", "ignored", "_lower", "_plast", "_base", "_flags", "shape",
                 "simple", "_own", "_cache")

    def __init__(self, eff: Effective, _cache: dict | None = None, _base: "Wizard | None" = None):
        self.eff = eff
        self.name = eff.name
        entries = eff.vars
        if _base is not None:
            # the section starts with exactly its parent's list: continue from its reading
            ignored = _base.ignored
            last = dict(_base._lower)
            # None: the pass-through index is ``last`` itself (see _memory.LEAN below)
            plast = None if _base._plast is _base._lower else dict(_base._plast)
            entries = entries[len(_base.eff.vars):]
        else:
            ignored = []
            last = {}
            plast = None if _memory.lean() else {}
        classify = _KEY_CLASS.get
        flags = _base._flags if _base is not None else None
        shape = [_base]
        append = shape.append
        simple = _base is not None
        own = eff.section
        name = self.name
        for entry in entries:
            key = entry.key
            low, prefix, _, reason, mode, parts, is_flag = classify(key) or _classify(key)
            value = entry.value
            if reason is not None and plast is None:
                plast = dict(last)      # an ignored line: from here on the two indexes differ
            last[low] = entry
            if mode == _TRUTH:
                append(parts[value == ""])
            elif mode == _VALUE:
                append((key, value))
            else:
                append((key, value != "", value == name))
            if simple and (entry.__class__ is Appended or entry.section is not own):
                simple = False
            if is_flag:
                flags = None
            if reason is not None:
                if ignored is not None and _base is not None and ignored is _base.ignored:
                    ignored = list(ignored)
                ignored.append((entry, reason))
            elif prefix is not None and plast is not None:
                plast[low] = entry
        self._pt = None                 # the pass-through lists, made on first use
        self._own = entries             # the lines after the base's
        self._cache = _cache
        self.ignored = ignored
        self._lower = last
        # _memory.lean(): while no line of the chain is ignored, every "prefix/name" key of
        # ``last`` is a pass-through line's, so ``last`` answers every look-up of a known
        # prefix ("endpoint/...": the only ones asked of ``_plast``) as a second index
        # would; its other keys have no known prefix, so no such look-up meets them.
        self._plast = last if plast is None else plast
        self._base = _base              # the reading this one continues (its lists are extended)
        self._flags = flags             # the base's boolean options still hold, or None
        # Everything that decides which objects the wizard makes, whether Asterisk
        # accepts them and what the checks find, except its name: the base reading,
        # then each line after it (by value, or by "empty or not" where nothing reads
        # more; see plans.shape_mode).  Two wizards of the same shape make the same objects
        # save for their names (pjtui.pjsip.wizard.plans), and when one of them is ``simple``
        # and has no problem, neither has the other (pjtui.pjsip.checks).
        self.shape = tuple(shape)
        # the base reading, then only lines written in the section itself
        self.simple = simple

    @property
    def passthrough(self) -> dict:
        """prefix -> list of :class:`Param`, made on first use: a wizard made from a
        plan, and passed over by the checks, never needs its lists until someone asks
        for its objects' parameters."""
        pt = self._pt
        if pt is None:
            base = self._base
            start = base.passthrough if base is not None else _EMPTY_PASS
            pt = dict(start)            # lists are copied when first extended
            cache = self._cache
            classify = _KEY_CLASS.get
            for entry in self._own:
                key = entry.key
                cls = classify(key) or _classify(key)
                if cls[3] is not None or cls[1] is None:
                    continue
                param = cache.get(entry) if cache is not None else None
                if param is None:
                    param = _mk(Param, (cls[2], entry.value, entry))
                    if cache is not None:
                        cache[entry] = param
                prefix = cls[1]
                lst = pt[prefix]
                if lst is start[prefix]:    # still the base's: copy before extending
                    lst = pt[prefix] = list(lst)
                lst.append(param)
            self._pt = pt       # (the inputs are kept: two threads asking at once both build it)
        return pt

    def flags(self) -> tuple:
        """The boolean wizard options in ``_FLAGS`` order (``ast_true`` of the last value)."""
        flags = self._flags
        if flags is None:
            find = self._lower.get
            flags = self._flags = tuple(
                e is not None and e.value.strip().lower() in TRUE_WORDS for e in map(find, _FLAGS))
        return flags

    def has(self, prefix: str, name: str) -> bool:
        """Is ``prefix/name`` passed through (prefix exact, name case-insensitive)?"""
        return (prefix + "/" + name) in self._plast

    def find(self, name: str):
        """``ast_variable_find_last_in_list(wizvars, name)``: case-insensitive, last wins."""
        return self._lower.get(name.lower())

    def option(self, name: str) -> Setting:
        entry = self._lower.get(name.lower())
        default = WIZARD_OPTIONS.get(name)
        if entry is None:
            return Setting(name, default, None, default)
        return Setting(name, entry.value, entry, default)

    def is_true(self, name: str) -> bool:
        entry = self._lower.get(name.lower())
        return entry is not None and is_true(entry.value)

    @property
    def remote_hosts(self) -> list[str]:
        entry = self._lower.get("remote_hosts")
        return split_remote_hosts(entry.value) if entry is not None else []

    def settings_view(self) -> list[Setting]:
        """Every wizard option with its effective value or default."""
        return [self.option(n) for n in WIZARD_OPTIONS if n != "type"]


def read_wizard(eff: Effective) -> Wizard:
    return Wizard(eff)


def _opt(w: Wizard, name: str, rule: str | None = None):
    """(value, Derived) of a set, non-empty wizard option; (None, None) otherwise."""
    e = w._lower.get(name)
    if e is None or not e.value:
        return None, None
    return e.value, _mk(Derived, (rule or name, (e,), None))


def _hosts(w: Wizard) -> list[str]:
    rh = w._lower.get("remote_hosts")
    return split_remote_hosts(rh.value) if rh is not None else []
