"""``paused_gc()``: no cyclic garbage collection while a batch builds many objects.

Parsing, the model, the wizard expansion and the checks allocate hundreds of thousands
of small objects without reference cycles.  With the collector on, every few thousand
allocations it walks the young objects, and whenever the survivors grew the heap by a
quarter it walks *everything* — at 10,000 wizards that was two thirds of the checks'
time (benchmarks/bench.py).  Nothing here is cyclic garbage, so pausing loses nothing.

When the pause ends, what the batch made is still "young": the collector's next pass
(at the next allocation) would walk all of it once more, and again a few passes later
on its way to the oldest generation — 10-40 ms per stage at 10,000 wizards, for objects
that live as long as the file is open.  So the end of the outermost pause moves the
young objects straight to the oldest generation (``gc.freeze(); gc.unfreeze()``: two
list splices, nothing is walked).  They are still examined by full collections, and
nothing is kept alive that would otherwise be freed; a caller's own young cyclic
garbage is merely collected at the next full collection instead of a young one.  This
is skipped while something is frozen (an application that froze its long-lived objects
keeps them frozen) and outside the main thread (another thread's freeze could fall in
between).  Applications that keep a big document for long may still call ``gc.freeze()``
after loading it, so full collections never rescan it either.

Nesting and threads: only the outermost pause (the one that found the collector on)
turns it back on.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

from pjtui import speed

__all__ = ["paused_gc", "settle_heap", "thaw_heap"]

# True while settle_heap() keeps the long-lived objects frozen: the end of a pause then
# leaves them as they are without asking gc.get_freeze_count(), which counts the frozen
# objects one by one (~20 ms at 1.5 million, at every pause's end).
_settled = False
# thaw_heap() made frozen objects collectable again: the next settle_heap() collects first
_thawed = False


def settle_heap() -> None:
    """What was just built (documents, models, a full check's expansion and checker) lives
    as long as the application keeps it: move it out of the cyclic collector's reach
    (``gc.freeze``).  At 10,000 sections each full collection otherwise walks ~1.5 million
    objects, a 60-120 ms pause (in the editor: in the first frames and in keystrokes).
    After a :func:`thaw_heap` the garbage is collected first, so replaced models are not
    kept."""
    global _settled, _thawed
    if not speed.fast():
        return
    if _thawed:
        _thawed = False
        gc.collect()
    gc.freeze()
    _settled = True


def thaw_heap(closing: bool = False) -> None:
    """Frozen objects are about to become garbage (a rebuild replaces the models, the
    application closes): collectable again."""
    global _settled, _thawed
    _thawed = not closing
    _settled = False
    gc.unfreeze()


@contextmanager
def paused_gc():
    if not speed.fast():           # the plain way: the collector runs as Python sets it
        yield
        return
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            _age_young_objects()
            gc.enable()


def _age_young_objects() -> None:
    """Move every object of the young generations to the oldest one, without walking
    them (see the module's docstring)."""
    if not _settled and gc.get_freeze_count() == 0 and threading.current_thread() is threading.main_thread():
        gc.freeze()
        gc.unfreeze()
