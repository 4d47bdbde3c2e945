"""Setting and resetting one option of a section: which lines change, and reading it back.

The one place that decides how "set KEY = VALUE in this section" and "reset KEY" become
:mod:`pjtui.conf.edits` edits, for ``pjtui set``/``unset`` and the editor's fields alike:

    changes = plan_set(sections, key, value)   # [(Document, Edit)], [] when already so
    changes = plan_reset(sections, key)        # [(Document, Edit)], [] when nothing is written
    values  = effective_values(eff, key)       # what Asterisk reads for KEY, in order

``sections`` are the conf Sections written as this one section: the header section first
(a new line goes there), then its ``(+)`` additions (``Effective.own_sections()``).
Apply the changes in the order given: a reset removes lines bottom first, so the line
numbers of the ones still to remove stay valid.  :func:`read_back` then confirms, on
bytes parsed again, that KEY now has exactly the requested value.
"""

from __future__ import annotations

from typing import Callable, Sequence

from pjtui.conf.edits import AddOption, RemoveOption, SetValue


def key_matcher(key: str) -> Callable[[str], bool]:
    """Predicate for option names that mean ``key``: case-insensitive, except a wizard
    prefix (``endpoint/``), which Asterisk's config wizard matches case-sensitively."""
    slash = key.find("/")
    if slash > 0:
        prefix, rest = key[:slash + 1], key[slash + 1:].lower()
        return lambda k: k.startswith(prefix) and k[slash + 1:].lower() == rest
    low = key.lower()
    return lambda k: k.lower() == low


def own_lines(sections: Sequence, key: str) -> list:
    """The options written for ``key`` in ``sections``, in file order."""
    match = key_matcher(key)
    return [o for s in sections for o in s.options if match(o.key)]


def plan_set(sections: Sequence, key: str, value: str) -> list[tuple]:
    """Change the last own line for ``key`` in place (a ``+=`` line becomes ``=``), or add
    one line to the first section.

    Returns ``[]`` when the last own line already reads ``key = value``.
    """
    own = own_lines(sections, key)
    if own:
        target = own[-1]
        # '+=' appends to the value before it: the line becomes '=' to hold exactly ``value``
        appends = target.op == "+="
        if target.value == value and not appends:
            return []
        return [(target.doc, SetValue(target.line, value, assign=appends))]
    first = sections[0]
    return [(first.doc, AddOption(first.line, key, value))]


def plan_reset(sections: Sequence, key: str) -> list[tuple]:
    """Remove every own line for ``key`` (inherited values then apply again), bottom first."""
    own = own_lines(sections, key)
    return [(o.doc, RemoveOption(o.line)) for o in sorted(own, key=lambda o: o.line, reverse=True)]


def effective_values(eff, key: str, accumulates: bool = False) -> list[str]:
    """What Asterisk reads for ``key`` in the effective section ``eff``: every value for a
    parameter whose lines add up (``allow``, ``match``), else the last one ([]: not set)."""
    match = key_matcher(key)
    values = [e.value for e in eff.vars if match(e.key)]
    return values if accumulates else values[-1:]


def read_back(config, documents: dict, index: int, key: str, value: str | None,
              accumulates: bool = False) -> str | None:
    """Why the edited documents do not give section ``index`` of ``config``'s model exactly
    ``value`` for ``key`` (None: they do).  ``documents`` maps a file name to its new bytes;
    they are parsed again, so this is what Asterisk will read.  ``value=None``: the
    section must write no line for ``key`` any more (after a reset).
    """
    from pjtui.conf.document import parse
    from pjtui.pjsip.model import build

    fresh = config.refresh({name: parse(data, name) for name, data in documents.items()})
    model = build(fresh)
    if index >= len(model.sections):
        return "the edited file no longer has this section when read again"
    eff = model.sections[index]
    own = own_lines(eff.own_sections(), key)
    if value is None:
        if own:
            return f"{key} is still written in [{eff.name}] (line {own[-1].line}) when the file is read again"
        return None
    got = [o.value for o in own][-1:] if accumulates else effective_values(eff, key)
    if got != [value] or (accumulates and own[-1].op == "+="):    # '+=' appends to the line before
        return (f"read again as Asterisk reads it, [{eff.name}] "
                + ("does not have " + key if not got else f"has a different value for {key}")
                + " than the one given")
    return None
