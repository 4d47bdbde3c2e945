"""``LEAN``: the one switch of pjtui's memory tricks (issue 18: a memory budget for ``check``).

Each trick keeps what a large file costs in memory down without changing any result:

- a :class:`~pjtui.conf.document.Document` read from bytes keeps those bytes, and splits
  them into its list of lines only when someone asks for ``doc.lines`` (an edit, the
  editor's session, a save): ``pjtui check`` never does, and one ``bytes`` costs a third
  of a list of one ``bytes`` per line;
- containers that are almost always empty are one shared empty tuple until they get an
  item (``Section.directives``; the model's ``appends`` and ``missing_parents``), and a
  parent name written in thousands of headers is one ``str``;
- the checks run by ``pjtui check`` (:func:`pjtui.pjsip.checks.check_paths`) keep
  nothing for a later re-check, since there is none.

``LEAN`` is this family's own fine switch; the master switch over every trick,
:mod:`pjtui.speed` (``PJTUI_PLAIN=1``), turns these off too.  Off, every object gets its
own containers and every line is a ``bytes`` of its own from the start: the reference
tests/test_memory.py compares with.  :func:`lean` is asked when a document, model or
reading is made.
"""

from __future__ import annotations

from pjtui import speed

#: The memory tricks' own switch (tests turn it off to compare); see also :mod:`pjtui.speed`.
LEAN = True


def lean() -> bool:
    """Are the memory tricks on (their own switch and pjtui's master switch)?"""
    return LEAN and speed.fast()
