"""After an edit of option lines, the Problems pane and the tree's counts follow through
the incremental re-check (Model.refresh -> Expansion.refresh -> Checker.recheck) on the
UI thread: no full check is started, and what is shown equals a fresh full check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pjtui.pjsip.model import build
from pjtui.ui import app as app_module
from pjtui.ui.analysis import analyse
from pjtui.ui.app import PjtuiApp
from pjtui.ui.messages import FieldChanged
from pjtui.ui.settings import Settings
from pjtui.ui.tree import SectionTree
from pjtui.ui.workspace import open_workspace

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def wizard_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    work = tmp_path / "asterisk"
    work.mkdir()
    for name in ("pjsip_wizard.conf", "pjsip.conf"):
        shutil.copy(SAMPLES / name, work / name)
    return work / "pjsip_wizard.conf"


def make_app(path: Path) -> PjtuiApp:
    settings = Settings(path=path.parent.parent / "config" / "pjtui" / "config.toml")
    return PjtuiApp(open_workspace(str(path)), settings=settings, journal=False)


def shown(analysis) -> tuple[list, dict]:
    problems = [(p.severity, p.message, p.file, p.line, p.code, p.key, p.section_key) for p in analysis.problems]
    return problems, dict(analysis.counts)


def fresh(app: PjtuiApp) -> tuple[list, dict]:
    """A full check of the documents as they are now, on models built from scratch."""
    ws = app.workspace
    main = build(ws.main)
    context = build(ws.context) if ws.context is not None else None
    return shown(analyse(app.session.generation, ws.main, main, ws.context, context, ws.wizard_file))


async def wait_checked(app, pilot, tries: int = 400) -> None:
    for _ in range(tries):
        if app.analysis is not None and app.analysis.generation == app.session.generation and not app._checking:
            return
        await pilot.pause(0.02)
    raise AssertionError("the check did not finish")


async def settled(app, pilot) -> None:
    """The edit applied and re-checked right after the next paint (a full check, were one
    started, would show in ``full_checks``: the callers count them)."""
    for _ in range(25):
        await pilot.pause(0.01)
        if app.analysis.generation == app.session.generation:
            return
    raise AssertionError("problems did not follow the edit")


def stale_labels(app) -> list[str]:
    """Tree nodes whose label differs from one drawn now (only changed counts are relabelled)."""
    tree = app.query_one(SectionTree)
    out, stack = [], list(tree.root.children)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.data is not None and node.label.plain != tree._label(node.data).plain:
            out.append(f"{node.label.plain!r} != {tree._label(node.data).plain!r}")
    return out


async def edit_and_compare(app, pilot, section, key: str, value: str) -> None:
    before_checks = app.full_checks
    before = shown(app.analysis)
    app.post_message(FieldChanged(section, key, value))
    await settled(app, pilot)
    assert app.full_checks == before_checks, "a full check ran for a value edit"
    after = shown(app.analysis)
    assert after == fresh(app)
    assert stale_labels(app) == []
    return before, after


@pytest.mark.parametrize("threaded", [False, True], ids=["small-file", "background-first-check"])
async def test_problems_follow_edits_without_a_full_check(wizard_path, monkeypatch, threaded):
    if threaded:  # the first check runs in the thread, on the editor's own models
        monkeypatch.setattr(app_module, "SYNC_ANALYSIS_BELOW", 0)
    app = make_app(wizard_path)
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_checked(app, pilot)
        assert app.analysis.checker is not None
        assert shown(app.analysis) == fresh(app)
        template = next(s for s in app.workspace.main.root.sections if s.name == "user")
        phone = next(s for s in app.workspace.main.root.sections if s.name == "6001")

        # a bad value in the template: a problem appears (for every child), counts change
        before, after = await edit_and_compare(app, pilot, template, "accepts_auth", "maybe")
        assert after != before
        assert len(app.analysis.problems) > len(before[0])
        # an option the phone did not have (a line added: later sections move)
        await edit_and_compare(app, pilot, phone, "endpoint/context", "")
        # edits faster than the screen is painted are re-checked together
        checks = app.full_checks
        app.post_message(FieldChanged(phone, "endpoint/context", "internal"))
        app.post_message(FieldChanged(template, "transport", "nope"))
        app.post_message(FieldChanged(phone, "accepts_registrations", "no"))
        await settled(app, pilot)
        assert app.full_checks == checks
        assert shown(app.analysis) == fresh(app)
        for _ in range(3):
            await pilot.press("ctrl+z")
        await settled(app, pilot)
        assert shown(app.analysis) == fresh(app)
        # undo / redo go the same way
        checks = app.full_checks
        for action in ("undo", "undo", "redo"):
            await pilot.press("ctrl+z" if action == "undo" else "ctrl+y")
            await settled(app, pilot)
            assert shown(app.analysis) == fresh(app), action
        assert app.full_checks == checks
        await pilot.press("ctrl+z")
        await settled(app, pilot)
        assert shown(app.analysis) == before  # back where it started
        assert stale_labels(app) == []
        assert app.query_one("#problems").border_title.startswith("Problems")
