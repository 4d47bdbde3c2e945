"""Screenshots of the editor at 80x24 and 120x40 (pytest-textual-snapshot).

Each test takes exactly one snapshot.  Nothing unstable is on screen: the title shows the
file name as typed (not a temporary path), no clock, no blinking cursor, no toast.
Update after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at every changed SVG.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pjtui.ui.app import PjtuiApp
from pjtui.ui.settings import Settings
from pjtui.ui.workspace import open_workspace

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)

    def make(sample: str = "pjsip_wizard.conf", edit=None) -> PjtuiApp:
        source = SAMPLES / sample
        work = tmp_path / "asterisk"
        work.mkdir(exist_ok=True)
        for file in source.parent.glob("*.conf"):
            shutil.copy(file, work / file.name)
        if edit is not None:
            (work / source.name).write_bytes(edit(source.read_bytes()))
        workspace = open_workspace(str(work / source.name))
        workspace.shown_path = f"/etc/asterisk/{source.name}"  # what a user would have typed
        return PjtuiApp(workspace, settings=Settings(path=tmp_path / "config" / "config.toml"))

    return make


def with_trunk_warning(sample: bytes) -> bytes:
    """The wizard sample as it was before it was made clean: its trunk has a warning."""
    return sample.replace(b"endpoint/identify_by = ip\n", b"", 1)


async def _override_context(pilot) -> None:
    """F3, Endpoint tab, the inherited context, type a value."""
    await pilot.press("f3", "right")
    await pilot.press("enter", "home", "ctrl+k", *"office", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_preview_with_warnings(snap_compare, make_app, size):
    app = make_app(edit=with_trunk_warning)   # trunk-6003 has a warning (the samples are clean now)

    async def select_trunk(pilot) -> None:
        section = next(p.section for p in app.analysis.problems if p.severity == "warning")
        app.select_section(section)
        await pilot.press("f4")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=select_trunk)


@pytest.mark.parametrize("size", SIZES)
def test_diff_before_save(snap_compare, make_app, size):
    async def edit_then_save(pilot) -> None:
        await _override_context(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=edit_then_save)


@pytest.mark.parametrize("size", SIZES)
def test_unsaved_changes_dialog(snap_compare, make_app, size):
    async def edit_then_quit(pilot) -> None:
        await _override_context(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=edit_then_quit)


@pytest.mark.parametrize("size", SIZES)
def test_keys_panel(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["f1"])
