"""The one switch for pjtui's speed tricks.

pjtui is fast on big files because of a few tricks, each of which must give exactly what
the plain way gives (tests compare the two):

- **plans** (:mod:`pjtui.pjsip.wizard.plans`): wizards of one shape are made once, then
  copied under other names;
- **memos** (:mod:`pjtui.pjsip.checks.engine`): the checks' verdicts of clean wizard
  shapes and of unchanged lines are reused;
- **incremental updates** (``Model.refresh``, ``Expansion.refresh``): after an edit only
  the edited sections are recomputed;
- **the collector** (:mod:`pjtui._gc`): no cyclic collection while a batch builds objects,
  and the editor's loaded heap is frozen.
- **memory** (:mod:`pjtui._memory`): a parsed file kept as its bytes until its lines are
  needed, shared empty containers and names, one index where a wizard reading needs one.

Each trick keeps its own fine switch for the tests that compare it alone
(``plans.ENABLED``, ``Checker(memo=False)``, ``_memory.LEAN``); this module is the master switch over all
of them.  ``PJTUI_PLAIN=1`` in the environment (or :func:`set_plain`) turns every trick
off, so a result that looks wrong can be re-run the plain way in one step::

    PJTUI_PLAIN=1 pjtui check pjsip_wizard.conf

Nothing here imports the rest of pjtui; every trick asks :func:`fast` where it decides.
"""

from __future__ import annotations

import os

#: True while the speed tricks are on (the default).
_fast = os.environ.get("PJTUI_PLAIN", "").strip().lower() in ("", "0", "no", "false", "off")


def fast() -> bool:
    """Are the speed tricks on?"""
    return _fast


def set_plain(plain: bool) -> None:
    """Turn every speed trick off (``True``) or on again (``False``) for this process.
    Takes effect for what starts afterwards (a new expansion, checker, pause)."""
    global _fast
    _fast = not plain
