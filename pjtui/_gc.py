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

__all__ = ["paused_gc"]

# Set by an application while it keeps its long-lived objects frozen (pjtui.ui does): the
# end of a pause then leaves them as they are without asking gc.get_freeze_count(), which
# counts the frozen objects one by one (~20 ms at 1.5 million, at every pause's end).
keep_frozen = False


@contextmanager
def paused_gc():
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
    if not keep_frozen and gc.get_freeze_count() == 0 and threading.current_thread() is threading.main_thread():
        gc.freeze()
        gc.unfreeze()
