"""Losing the terminal (SSH dropped: SIGHUP) or being told to stop (SIGTERM).

The TUI installs this once at start-up, from the main thread:

    uninstall = install_hangup_handler(flush=lambda: any(j.flush() for j in journals),
                                       on_terminate=app.exit)
"""

from __future__ import annotations

import os
import signal
from typing import Callable


def install_hangup_handler(flush: Callable[[], object], *,
                           on_terminate: Callable[[], object] | None = None) -> Callable[[], None]:
    """On SIGHUP or SIGTERM: flush the journal first, then stop.

    SIGHUP means the terminal is gone: nothing can be shown or restored, so after the flush
    the process ends at once (exit status 129) instead of blocking on a dead tty.
    SIGTERM: after the flush, ``on_terminate()`` is called to quit normally (restoring the
    terminal); without one, the process ends with status 143.
    Returns a function that puts the previous handlers back.
    """
    busy = False

    def handler(signum: int, _frame: object) -> None:
        nonlocal busy
        if busy:  # a second signal while flushing: let the flush finish
            return
        busy = True
        try:
            flush()
        except BaseException:
            pass  # the journal already holds the previous state; leaving beats hanging
        if signum == signal.SIGTERM and on_terminate is not None:
            busy = False
            on_terminate()
            return
        os._exit(128 + signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGHUP, signal.SIGTERM)}

    def uninstall() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)

    return uninstall
