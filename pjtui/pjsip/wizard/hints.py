"""The dialplan hints a wizard leaves (spec §4.7): ``has_hint``, ``hint_exten``,
``hint_context``, ``hint_application``.

Each wizard's hint actions are recorded in file order (:func:`record`); the hints are
made from them when first asked for (:func:`hint_map`), since a later wizard replaces
or removes an earlier one's hint, and a refresh replays only the keys it touched
(:func:`forget_hints`, :func:`rerecord_hints`).  Removing a hint that is not there
logs a warning that depends on what earlier wizards did (:func:`relog_warnings`).
No Textual, no tomlkit."""

from __future__ import annotations

from typing import NamedTuple

from pjtui.pjsip.wizard.records import WIZ_C, Hint, LogLine, _mk

_KEEP = object()        # "keep the priority 1 that was there" (a failed hint_application)
_PBX_C = "pbx.c"


class _Removed(NamedTuple):
    """The hint action of a wizard with ``hint_exten`` and ``has_hint`` off: its hint
    and priority 1 are removed (``ast_context_remove_extension``, twice)."""

    wizard: str
    entry: object               # its hint_exten line


def target(w):
    """(hint_exten entry or None, context, the entries the context came from)."""
    find = w._lower.get
    hint_exten = find("hint_exten")
    if hint_exten is not None and not hint_exten.value:
        hint_exten = None
    ctx = "default"
    ctx_src: tuple = ()
    if hint_exten is not None:
        hint_context = find("hint_context")
        if hint_context is not None and hint_context.value:
            ctx, ctx_src = hint_context.value, (hint_context,)
        else:
            ctx_entry = w._plast.get("endpoint/context")
            if ctx_entry is not None and ctx_entry.value:
                ctx, ctx_src = ctx_entry.value, (ctx_entry,)
    return hint_exten, ctx, ctx_src


def record(ex, w, has_hint: bool, ctx: str, exten: str) -> None:
    """Record what this wizard does to the dialplan; :func:`hint_map` replays it."""
    key = (ctx, exten)
    actions = ex.hint_actions.setdefault(w.eff.index, [])
    if not has_hint:
        actions.append((key, _mk(_Removed, (w.name, w._lower.get("hint_exten")))))
        ex.hint_removers.add(w.eff.index)
        return
    hint_app = w._lower.get("hint_application")
    app = hint_app.value if hint_app is not None and hint_app.value else None
    app_text = None
    if app is not None:
        paren = app.find("(")
        if paren < 0:
            app_text = app + "()"
        else:
            name_, data = app[:paren], app[paren + 1:-1]
            if not name_ or not data:
                ex.err(WIZ_C, f"Failed to add hint '{exten}@{ctx}' to the PBX.", w.name, hint_app)
                app_text = _KEEP          # an earlier priority 1 of ours stays
            else:
                app_text = f"{name_}({data})"
    actions.append((key, ("PJSIP/" + w.name, app_text, w.name)))


def hint_map(ex) -> dict:
    """(context, exten) -> :class:`Hint`, made when first asked for by replaying every
    wizard's hint actions in file order (a later wizard replaces or removes)."""
    hint_of = ex.hint_of
    if hint_of is None:
        hint_of = ex.hint_of = {}
        actions = ex.hint_actions
        for idx in sorted(actions):
            for key, val in actions[idx]:
                if val.__class__ is _Removed:
                    hint_of.pop(key, None)
                    continue
                device, app, name = val
                if app is _KEEP:
                    prev = hint_of.get(key)
                    app = prev.application if prev is not None else None
                hint_of[key] = _mk(Hint, (key[1], key[0], device, app, name))
    return hint_of


def users_of_keys(ex) -> dict:
    """(context, exten) -> indexes of the wizards acting on it (made for the first
    refresh: a full expansion does not need it)."""
    users = ex.key_users
    if users is None:
        users = ex.key_users = {}
        for idx, actions in ex.hint_actions.items():
            for key, _ in actions:
                got = users.get(key)
                if got is None:
                    users[key] = {idx}
                else:
                    got.add(idx)
    return users


def forget_hints(ex, rerun) -> set | None:
    """Before a refresh runs these sections again: drop their hint actions.  Returns
    the keys they acted on, or None while the hints are not made yet (then
    :func:`hint_map` makes them from the actions when asked)."""
    made = ex.hint_of is not None
    touched = set()
    key_users = users_of_keys(ex) if made else {}
    for e in rerun:
        ex.hint_removers.discard(e.index)
        for key, _ in ex.hint_actions.pop(e.index, ()):
            touched.add(key)
            key_users.get(key, set()).discard(e.index)
    return touched if made else None


def rerecord_hints(ex, rerun, touched: set | None) -> None:
    """After a refresh ran these sections again: the hints of every key they act on,
    before (``touched``) and now, replayed in file order.  A hint that stays keeps
    its place."""
    if touched is None:
        return
    key_users = users_of_keys(ex)
    for e in rerun:
        for key, _ in ex.hint_actions.get(e.index, ()):
            touched.add(key)
            key_users.setdefault(key, set()).add(e.index)
    for key in touched:
        users = key_users.get(key)
        val = None
        for idx in sorted(users or ()):
            for k, v in ex.hint_actions[idx]:
                if k != key:
                    continue
                if v.__class__ is _Removed:
                    val = None
                    continue
                device, app, wname = v
                if app is _KEEP:
                    app = val[1] if val else None
                val = (device, app, wname)
        if val is None:
            ex.hint_of.pop(key, None)
        else:
            ex.hint_of[key] = _mk(Hint, (key[1], key[0], val[0], val[1], val[2]))


def relog_warnings(ex) -> None:
    """Put the dialplan's warnings about removed hints into the log, in place of the
    ones there were, and note whose hints were removed (:attr:`Expansion.removed_hints
    <pjtui.pjsip.wizard.Expansion.removed_hints>`); after an expansion, and after a
    refresh re-ran wizards."""
    if any(x.source == _PBX_C for x in ex.log):
        ex.log = [x for x in ex.log if x.source != _PBX_C]
    ex.hints_removed = []
    if ex.hint_removers:
        warnings, ex.hints_removed = replay_removals(ex)
        ex.log.extend(warnings)


class RemovedHint(NamedTuple):
    """A hint one wizard made and a later one (has_hint off, same exten and context) removed."""

    wizard: str                 # the wizard that removes it
    entry: object               # its hint_exten line
    made_by: str                # the wizard whose hint it was
    exten: str
    context: str


def replay_removals(ex) -> tuple[list[LogLine], list[RemovedHint]]:
    """What removing hints does, replayed over every wizard in file order (what is there
    depends on the wizards before).

    The warnings: ``Cannot find extension E in root_table in context C``, which pbx.c
    logs when a wizard with has_hint off removes its hint and priority 1 (two removals)
    and one is not there.  Only in a context that exists by then: the wizards load before
    extensions.conf (golden f13 stays silent in ``default``), so only in one an earlier
    wizard's hint created.  And the hints of other wizards that were removed."""
    contexts: set[str] = set()
    present: dict[tuple, set] = {}          # (context, exten) -> its priorities: "hint", 1
    owner: dict[tuple, str] = {}            # (context, exten) -> the wizard whose hint it is
    out: list[LogLine] = []
    removed: list[RemovedHint] = []
    actions = ex.hint_actions
    for idx in sorted(actions):
        for key, val in actions[idx]:
            if val.__class__ is not _Removed:
                contexts.add(key[0])
                prios = present.setdefault(key, set())
                prios.add("hint")
                owner[key] = val[2]
                app = val[1]
                if app is None:
                    prios.discard(1)
                elif app is not _KEEP:
                    prios.add(1)
                continue
            if key[0] not in contexts:
                continue                    # no such context: nothing is said
            prios = present.get(key)
            if prios and "hint" in prios and owner.get(key) != val.wizard:
                removed.append(_mk(RemovedHint, (val.wizard, val.entry, owner[key], key[1], key[0])))
            for priority in ("hint", 1):
                prios = present.get(key)
                if not prios:
                    out.append(LogLine("WARNING", _PBX_C, f"Cannot find extension {key[1]} in root_table in "
                                       f"context {key[0]}", val.wizard, val.entry))
                    continue
                prios.discard(priority)
                if not prios:
                    del present[key]
    return out, removed
