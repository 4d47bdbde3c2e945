"""pjtui._gc.paused_gc: the collector waits during a batch, the batch's objects go
straight to the oldest generation afterwards, and nothing is kept alive or unfrozen."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from pjtui._gc import paused_gc


class Node:
    def __init__(self) -> None:
        self.other = None


def in_generation(obj, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after():
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():           # nested: only the outermost turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    with paused_gc():
        made = [Node()]
    assert not gc.isenabled()
    assert not in_generation(made[0], 2)    # and nothing was moved


def test_what_the_batch_made_is_in_the_oldest_generation_afterwards():
    gc.collect()
    with paused_gc():
        made = [Node() for _ in range(100)]
        assert in_generation(made[0], 0)
    assert gc.get_freeze_count() == 0
    assert in_generation(made[0], 2) and in_generation(made[-1], 2)
    assert not in_generation(made[0], 0)


def test_cyclic_garbage_made_in_the_batch_is_still_freed_by_a_full_collection():
    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
    del a, b
    gc.collect()
    assert alive() is None


def test_objects_an_application_froze_stay_frozen():
    keep = [Node() for _ in range(10)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            made = Node()
        assert gc.get_freeze_count() == frozen
        assert not in_generation(made, 2) and not in_generation(keep[0], 2)
    finally:
        gc.unfreeze()


def test_other_threads_leave_the_generations_alone():
    gc.collect()
    made = []

    def work():
        with paused_gc():
            made.append(Node())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert not in_generation(made[0], 2)


def test_a_settled_heap_stays_frozen_across_pauses_until_thawed():
    from pjtui._gc import settle_heap, thaw_heap

    keep = [Node() for _ in range(10)]
    settle_heap()
    try:
        frozen = gc.get_freeze_count()
        assert frozen >= 10
        with paused_gc():
            made = Node()
        assert gc.get_freeze_count() == frozen          # nothing thawed, nothing added
        assert not in_generation(made, 2) and not in_generation(keep[0], 2)
    finally:
        thaw_heap(closing=True)
    assert gc.get_freeze_count() == 0
    with paused_gc():
        made = Node()
    assert in_generation(made, 2)                        # pauses age young objects again
