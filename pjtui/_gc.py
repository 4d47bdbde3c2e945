"""``paused_gc()``: no cyclic garbage collection while a batch builds many objects.

Parsing, the model, the wizard expansion and the checks allocate hundreds of thousands
of small objects without reference cycles.  With the collector on, every few thousand
allocations it walks the young objects, and whenever the survivors grew the heap by a
quarter it walks *everything* — at 10,000 wizards that was two thirds of the checks'
time (benchmarks/bench.py, notes/perf.md).  Nothing here is cyclic garbage, so pausing
loses nothing; the collector resumes at the end.  Applications that keep a big document
for long should also call ``gc.freeze()`` after loading it, so it is never rescanned.

Nesting and threads: only the outermost pause (the one that found the collector on)
turns it back on.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc():
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
