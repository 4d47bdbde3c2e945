"""When the whole file is checked again, and when an edit's own re-check is enough.

No Textual here.  The app tells the scheduler what happened — the documents were re-read,
the first frame is on the terminal, an edit refreshed the models, a check thread ended,
typing paused — and does what the answer says: check now on the UI thread, start a
check thread, wait, or re-read the file.  ``tests/test_check_schedule.py`` drives it
without an app.

The three ways a problem list is made:

* a full check on the UI thread, for files under the app's ``SYNC_ANALYSIS_BELOW``
  sections (tests see it finished when the app is mounted);
* a full check in a thread (:func:`live_check` on the editor's own models, or a snapshot
  when the models are out of date), one at a time, the first one after the first frame;
* the incremental re-check of edits of option lines (:meth:`CheckScheduler.edit_recheck`,
  milliseconds at 10,000 sections), falling back to a full check after a typing pause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pjtui._gc import paused_gc, settle_heap
from pjtui.ui.analysis import Analysis, analyse, recheck

# what structure_read / after_pause ask the app to do
NOW = "now"            # a full check on the UI thread
THREAD = "thread"      # a full check in a thread (begin_thread)
WAIT = "wait"          # nothing yet: frame_shown() says when
REBUILD = "rebuild"    # re-read the documents first (that asks structure_read again)


@dataclass
class Pending:
    """Edits not yet re-checked: the model they refreshed, the Effectives refreshed, and the
    session generations from (the last check's) and up to (the last edit's)."""

    model: object
    effs: list
    since: int
    upto: int


class CheckScheduler:
    """The state of the checks: which analysis is shown, whether a thread runs, what waits."""

    def __init__(self) -> None:
        self.analysis: Analysis | None = None   # the last one accepted (what the panes show)
        self.checking = False        # a check thread is running
        self.again = False           # a full check was asked for while one ran
        self.first_frame = False     # the first frame is on the terminal
        self.waits = False           # a full check waits for the first frame
        self.live = False            # the running thread reads the editor's own models
        self.recheck_due = False     # a full check after the typing pause is scheduled
        self.pending: Pending | None = None
        self.full_checks = 0         # full checks started (the incremental path avoids them)

    def is_current(self, generation: int) -> bool:
        """Whether the accepted analysis is of the documents as they are now."""
        return self.analysis is not None and self.analysis.generation == generation

    # -- full checks ---------------------------------------------------------------------

    def structure_read(self, large: bool) -> str:
        """The documents were (re-)read: NOW for a small file, else THREAD, or WAIT before
        the first frame (the first check must not delay the first paint)."""
        if not large:
            self.full_checks += 1
            return NOW
        if not self.first_frame:
            self.waits = True
            return WAIT
        return THREAD

    def frame_shown(self) -> bool:
        """The first frame is on the terminal.  True: start the check that waited for it."""
        self.first_frame = True
        if self.waits:
            self.waits = False
            return True
        return False

    def begin_thread(self, models_fresh: bool) -> bool:
        """A check thread is to start.  False: one is running; the next starts when it ends.
        ``models_fresh``: the thread reads the editor's own models (:func:`live_check`)."""
        if self.checking:
            self.again = True
            return False
        self.checking = True
        self.again = False
        self.full_checks += 1
        self.live = models_fresh
        return True

    def thread_ended(self, result: Analysis | None, generation: int) -> bool:
        """The check thread ended.  True: it read the editor's models and its result is void
        (edits came meanwhile): the look-up tables it may have filled are to be forgotten."""
        self.checking = False
        live, self.live = self.live, False
        return live and (result is None or result.generation != generation)

    def wants_another(self, generation: int) -> bool:
        """After a thread's result was handled: start another full check now?"""
        if self.recheck_due:
            return False            # the typing pause's check comes anyway
        return self.again or not self.is_current(generation)

    def accept(self, analysis: Analysis, generation: int, reads_models: Callable[[object], bool]) -> bool:
        """Take ``analysis`` as the one shown.  False: edits came since it started (it is
        dropped; another is on its way).  ``reads_models(checker)``: whether a checker ran on
        the editor's current models; if not, it can't re-check edits incrementally."""
        if analysis.generation != generation:
            return False
        if analysis.checker is not None and not reads_models(analysis.checker):
            analysis.checker = analysis.expansion = None
        self.analysis = analysis
        return True

    # -- edits ---------------------------------------------------------------------------

    def models_refreshed(self, model, effs, before: int, generation: int) -> None:
        """An edit refreshed ``effs`` of ``model`` in place (generation ``before`` -> ``generation``)."""
        pending = self.pending
        if pending is not None and pending.model is model and pending.upto == before:
            merged = pending.effs + [e for e in effs if e not in pending.effs]
            self.pending = Pending(model, merged, pending.since, generation)
        else:
            self.pending = Pending(model, list(effs), before, generation)

    def edit_recheck(self, generation: int, *, wizard_model, large: bool, reads_models: Callable[[object], bool],
                     main_config, context_config, log: Callable[[str], None] = lambda text: None) -> Analysis | None:
        """Problems and counts after edits of option lines: only what they changed is checked
        again (Expansion.refresh + Checker.recheck).  None when only a full check is exact."""
        pending, self.pending = self.pending, None
        analysis = self.analysis
        if pending is None or analysis is None or analysis.checker is None or self.live:
            return None  # (a check thread reading the models may have left stale look-ups in them)
        if analysis.generation != pending.since or pending.upto != generation or not reads_models(analysis.checker):
            return None
        if pending.model is not wizard_model and (wizard_model is not None or large):
            # pjsip.conf objects decide every wizard's collisions and references: the
            # checker would re-run everything (here, on the UI thread)
            analysis.checker = None
            return None
        try:
            if analysis.expansion is not None and not analysis.expansion.refresh(pending.effs):
                analysis.checker = None
                return None
            fresh = recheck(generation, analysis, pending.effs, main_config, context_config)
        except Exception as error:  # never a traceback: the full check will say what is wrong
            analysis.checker = None
            log(f"incremental re-check failed, full check instead: {error!r}")
            return None
        analysis.checker = analysis.expansion = None  # handed on to the new analysis
        return fresh

    def after_pause(self, large: bool, models_fresh: bool) -> str:
        """Typing stopped and the problems are not current: THREAD for a large file (no
        re-read on the UI thread), NOW when the models were kept up to date, else REBUILD."""
        if large:
            return THREAD
        return NOW if models_fresh else REBUILD


def live_check(generation: int, still_current: Callable[[], bool], main_config, main_model,
               context_config, context_model, wizard_file: bool) -> Callable[[], Analysis | None]:
    """The job of a check thread on the editor's own models: no second copy of the file in
    memory, and the checker it leaves behind re-checks later edits incrementally.  Edits
    made meanwhile (in place) void the result; an error they caused gives None."""

    def job() -> Analysis | None:
        try:
            with paused_gc():  # ~200,000 acyclic objects: no collector passes over them
                result = analyse(generation, main_config, main_model, context_config, context_model, wizard_file)
                settle_heap()  # they stay, for the incremental re-checks
            return result
        except Exception:
            if not still_current():
                return None  # the file changed under the check: its result is void anyway
            raise

    return job
