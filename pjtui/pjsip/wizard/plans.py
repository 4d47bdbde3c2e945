"""The plan layer: wizards of one shape are made once, then copied under other names.

Most wizards of a large file are a template's children that differ only in names,
passwords and caller ids.  Each reading records its *shape* (:attr:`Wizard.shape
<pjtui.pjsip.wizard.reading.Wizard.shape>`): the base reading, then for each line after
it what anything downstream reads of it (by value, by "empty or not", or, for
``inbound_auth/username``, also "is it the wizard's name"; see :func:`shape_mode`).
The first wizard of a shape that goes through cleanly and makes only objects whose
parameters are built on demand leaves a plan (:meth:`Plans.learn`); later wizards of
that shape get the same objects under their own names without the makers
(:meth:`Plans.replay`).

The switch: :data:`ENABLED`.  With it off, every wizard goes through every maker; that
is the reference tests/test_wizard_plans.py compares with (and the other equivalence
tests run both ways).  The checks' own memo of clean shapes is
``Checker(memo=False)``; :mod:`pjtui.speed` turns every speed trick off at once.  No Textual, no tomlkit."""

from __future__ import annotations

from pjtui import speed
from pjtui.pjsip.catalogue import WIZARD_PREFIXES, catalogue
from pjtui.pjsip.wizard import hints
from pjtui.pjsip.wizard.apply import _how_to_check
from pjtui.pjsip.wizard.records import WizObject

#: The one switch of the plan layer, read when an expansion starts (its refreshes keep
#: what it started with).  False: no plans are learnt or replayed.
ENABLED = True

# How a line enters a wizard's shape (Wizard.shape): by its value, by whether it is
# empty, or (inbound_auth/username) by whether it is empty and whether it is the name.
_TRUTH, _USERNAME, _VALUE = 1, 2, 3
# auth lines auth.check reads only as "set or not" (it reads the others by value)
_AUTH_TRUTH = frozenset(("username", "password", "md5_cred", "password_digest", "refresh_token",
                         "oauth_clientid", "oauth_secret"))

#: Own wizard lines whose value no rule of :mod:`pjtui.pjsip.checks` reads (only
#: whether it is empty); the checks judge every other line by its value.
PRESENCE_KEYS = frozenset((
    "inbound_auth/password", "hint_exten", "endpoint/callerid", "endpoint/context", "endpoint/mailboxes",
    "endpoint/language", "endpoint/accountcode", "endpoint/description", "endpoint/from_user",
    "endpoint/subscribe_context", "endpoint/named_call_group", "endpoint/named_pickup_group",
    "endpoint/call_group", "endpoint/pickup_group", "endpoint/set_var", "endpoint/callerid_tag",
    "endpoint/voicemail_extension", "endpoint/moh_suggest", "endpoint/tone_zone", "aor/mailboxes",
    "aor/voicemail_extension"))


def _expansion_reads_value(low: str, prefix: str | None, suffix: str, reason: str | None) -> bool:
    """Does the expansion read this line's value (beyond "empty or not")?  Errs on yes."""
    if reason is not None or prefix is None:
        return low != "hint_exten"
    if prefix in ("registration", "phoneprov"):
        return True
    how = _how_to_check(WIZARD_PREFIXES[prefix], suffix)
    if how is not None:         # an unknown name (an error) or a value that is checked
        return True
    if prefix in ("inbound_auth", "outbound_auth"):
        return suffix.lower() not in _AUTH_TRUTH
    # Other pass-through lines are read by value only where the object is then built
    # at once (a contact, a match with a resolver: never planned), or where a planned
    # wizard reads them again itself (the hint's endpoint/context).
    return False


def shape_mode(key: str, low: str, prefix: str | None, suffix: str, reason: str | None) -> int:
    """What of a line decides what the wizard makes, whether Asterisk accepts it, and
    what the checks say about it: see :attr:`Wizard.shape`."""
    wo = catalogue().wizard_option(key)
    if (_expansion_reads_value(low, prefix, suffix, reason)
            or (wo.param is not None and wo.param.checks_values)        # the line's own check
            or (low not in PRESENCE_KEYS and low != "inbound_auth/username")):  # a rule reads it
        return _VALUE
    return _USERNAME if low == "inbound_auth/username" else _TRUTH


class Plans:
    """Wizard.shape -> what the first clean wizard of that shape made: (type, name
    suffix, parameter maker) per object, whether it acted on the dialplan, has_hint."""

    __slots__ = ("book",)

    def __init__(self):
        self.book: dict[tuple, tuple] = {}

    def clear(self) -> None:
        """Forget every plan (they hold readings of templates that may have changed)."""
        self.book.clear()

    def replay(self, ex, w) -> bool:
        """Make ``w``'s objects from the plan of its shape; False when there is none."""
        plan = self.book.get(w.shape)
        if plan is None:
            return False
        made, hint, has_hint = plan
        name = w.name
        if made:
            store = ex.store
            objs = []
            for type_, suffix, maker in made:
                obj = WizObject(type_, name + suffix, w, maker)
                store[type_][obj.name] = obj
                objs.append(obj)
            ex.owned[name] = objs
        if hint:
            hint_exten, ctx, _ = hints.target(w)
            hints.record(ex, w, has_hint, ctx, hint_exten.value)
        return True

    def learn(self, ex, w, has_hint: bool) -> None:
        """Remember what a wizard that went through cleanly made, when all of it follows
        from its shape: objects whose parameters are built on demand from the wizard
        (registrations and phoneprov objects are built eagerly, and not remembered)."""
        name = w.name
        made = ex.owned.get(name, ())
        for obj in made:
            if obj.maker is None:
                return
        if name in ex.regs_of:
            return
        n = len(name)
        self.book[w.shape] = (tuple((o.type, o.name[n:], o.maker) for o in made),
                             w.eff.index in ex.hint_actions, has_hint)


def new_plans() -> Plans | None:
    """The plans of a new expansion, or None when the layer is switched off."""
    return Plans() if ENABLED and speed.fast() else None
