"""The check scheduler without an app: when a full check runs, when an edit's re-check is enough."""

from pathlib import Path

import pytest

from pjtui._gc import thaw_heap
from pjtui.conf import edits
from pjtui.pjsip.model import build
from pjtui.ui import checking
from pjtui.ui.analysis import analyse
from pjtui.ui.checking import CheckScheduler
from pjtui.ui.session import EditSession
from pjtui.ui.workspace import open_workspace

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "pjsip_wizard.conf"


class FakeAnalysis:
    def __init__(self, generation, checker=None):
        self.generation = generation
        self.checker = checker
        self.expansion = object() if checker is not None else None


def test_a_small_file_is_checked_at_once_a_large_one_after_the_first_frame():
    checks = CheckScheduler()
    assert checks.structure_read(large=False) == checking.NOW
    assert checks.full_checks == 1
    assert checks.structure_read(large=True) == checking.WAIT
    assert checks.frame_shown() is True      # the waiting check starts now
    assert checks.frame_shown() is False     # and only once
    assert checks.structure_read(large=True) == checking.THREAD


def test_one_thread_at_a_time_and_the_one_asked_for_meanwhile_follows():
    checks = CheckScheduler()
    assert checks.begin_thread(models_fresh=True) is True
    assert checks.begin_thread(models_fresh=True) is False
    assert checks.full_checks == 1 and checks.checking
    assert checks.thread_ended(FakeAnalysis(0), generation=0) is False
    assert checks.accept(FakeAnalysis(0), 0, lambda checker: True)
    assert not checks.checking
    assert checks.wants_another(0) is True   # asked for while the first ran
    checks.begin_thread(models_fresh=False)
    checks.thread_ended(FakeAnalysis(0), generation=0)
    assert checks.wants_another(0) is False
    assert checks.wants_another(1) is True   # edits came: another one
    checks.recheck_due = True
    assert checks.wants_another(1) is False  # the typing pause's check comes anyway


def test_a_live_thread_overtaken_by_edits_says_to_forget_the_lookups():
    checks = CheckScheduler()
    checks.begin_thread(models_fresh=True)
    assert checks.thread_ended(FakeAnalysis(3), generation=4) is True
    checks.begin_thread(models_fresh=False)    # a snapshot: the editor's models were not read
    assert checks.thread_ended(None, generation=4) is False


def test_a_stale_analysis_is_dropped_and_a_foreign_checker_is_not_kept():
    checks = CheckScheduler()
    assert checks.accept(FakeAnalysis(1), 2, lambda checker: True) is False
    assert checks.analysis is None
    analysis = FakeAnalysis(2, checker=object())
    assert checks.accept(analysis, 2, lambda checker: False) is True
    assert checks.analysis is analysis and analysis.checker is None and analysis.expansion is None
    assert checks.is_current(2) and not checks.is_current(3)


def test_after_a_typing_pause():
    checks = CheckScheduler()
    assert checks.after_pause(large=True, models_fresh=True) == checking.THREAD
    assert checks.after_pause(large=False, models_fresh=True) == checking.NOW
    assert checks.after_pause(large=False, models_fresh=False) == checking.REBUILD


@pytest.fixture
def workspace():
    """The sample, opened as the editor opens it (which freezes the heap: thawed again after)."""
    yield open_workspace(str(SAMPLE))
    thaw_heap(closing=True)


def _edit(session, workspace, model, name, key, value):
    section = next(s for s in workspace.main.root.sections if s.name == name)
    option = next(o for o in section.options if o.key == key)
    before = session.generation
    session.apply(f"set {key}", [(section.doc, edits.SetValue(option.line, value))])
    section = next(s for s in workspace.main.root.sections if s.name == name)
    return before, model.refresh([section])


def test_edits_of_option_lines_are_rechecked_alone_and_match_a_full_check(workspace):
    session = EditSession(workspace.documents)
    main, context = workspace.models()
    checks = CheckScheduler()
    assert checks.structure_read(large=False) == checking.NOW
    reads = lambda checker: checker.wizard is main and checker.pjsip is context  # noqa: E731
    assert checks.accept(analyse(0, workspace.main, main, workspace.context, context, True), 0, reads)
    # two edits before the re-check: their refreshed sections are re-checked together
    for value in ("maybe", "perhaps"):
        before, effs = _edit(session, workspace, main, "user", "accepts_auth", value)
        assert effs is not None
        checks.models_refreshed(main, effs, before, session.generation)
    assert checks.pending.since == 0 and checks.pending.upto == session.generation == 2
    fresh = checks.edit_recheck(session.generation, wizard_model=main, large=False, reads_models=reads,
                                main_config=workspace.main, context_config=workspace.context)
    assert fresh is not None and fresh.generation == 2
    full = analyse(2, workspace.main, build(workspace.main), workspace.context, build(workspace.context), True)
    shown = lambda a: sorted((p.code, p.message, p.line) for p in a.problems)  # noqa: E731
    assert shown(fresh) == shown(full)
    assert any("perhaps" in p.message for p in fresh.problems)
    assert checks.pending is None


def test_an_edit_recheck_refuses_what_only_a_full_check_gets_right():
    checks = CheckScheduler()
    checks.analysis = FakeAnalysis(0, checker=object())
    model = object()
    checks.models_refreshed(model, [], 1, 2)      # the edits start after the shown check
    assert checks.edit_recheck(2, wizard_model=model, large=False, reads_models=lambda c: True,
                               main_config=None, context_config=None) is None
    checks.models_refreshed(model, [], 0, 1)
    checks.live = True                            # a thread is reading the models
    assert checks.edit_recheck(1, wizard_model=model, large=False, reads_models=lambda c: True,
                               main_config=None, context_config=None) is None
    checks.live = False
    checks.models_refreshed(object(), [], 0, 1)   # a pjsip.conf object: every wizard may change
    assert checks.edit_recheck(1, wizard_model=model, large=False, reads_models=lambda c: True,
                               main_config=None, context_config=None) is None
    assert checks.analysis.checker is None
