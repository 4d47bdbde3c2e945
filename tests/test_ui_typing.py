"""Typing in the form: what the fast path of a keystroke must still get right.

A keystroke repaints the field and the preview without a layout of the screen, finds the
edited section again where it was instead of walking the file, and tells "modified" by
comparing lines.  These tests hold the behaviour those shortcuts must keep.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from pjtui.ui.app import PjtuiApp
from pjtui.ui.forms import FieldInput
from pjtui.ui.preview import PreviewPane
from pjtui.ui.settings import Settings
from pjtui.ui.workspace import open_workspace

TWINS = b"""[user](!)
type = wizard
accepts_registrations = yes
accepts_auth = yes
endpoint/context = default

[6001](user)
inbound_auth/username = 6001
inbound_auth/password = one
endpoint/callerid = First <6001>

[6001](user)
inbound_auth/username = 6001
inbound_auth/password = two
endpoint/callerid = Second <6001>
"""


@pytest.fixture
def twins(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(TWINS)
    return path


def make_app(path) -> PjtuiApp:
    return PjtuiApp(open_workspace(str(path)), settings=Settings(path=path.parent / "config.toml"), journal=False)


async def edit_field(app, pilot, section, key: str) -> FieldInput:
    app.select_section(section, field=key)
    await pilot.pause()
    await pilot.press("enter")
    editor = app.focused
    assert isinstance(editor, FieldInput)
    return editor


async def test_typing_into_the_second_of_two_same_named_sections_edits_that_one(twins):
    app = make_app(twins)
    async with app.run_test(size=(120, 40)) as pilot:
        first, second = app.workspace.main.root.sections[1:3]
        await edit_field(app, pilot, second, "endpoint/callerid")
        await pilot.press("end", "x", "y")
        await pilot.pause()
        first, second = app.workspace.main.root.sections[1:3]
        assert second.get("endpoint/callerid").value == "Second <6001>xy"
        assert first.get("endpoint/callerid").value == "First <6001>"
        assert app.selected is second                    # the replacement, not a stale object
        assert app.selected_key[2] == 1                  # still the second [6001]
        assert app.session.changes == 1                  # one undo step for the typing
        assert "Second <6001>xy" in str(app.query_one("#preview-text", Static).render())
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == TWINS
        assert not app.session.modified                  # back to the bytes on disk


async def test_a_value_longer_than_the_field_scrolls_to_the_cursor(twins):
    app = make_app(twins)
    async with app.run_test(size=(80, 24)) as pilot:
        section = app.workspace.main.root.sections[1]
        editor = await edit_field(app, pilot, section, "endpoint/callerid")
        text = "A very long caller id that does not fit in the field at eighty columns" * 2
        editor.value = text                              # as if typed: the same Changed message
        await pilot.pause()
        await pilot.press("end", "e", "n", "d")
        await pilot.pause()
        assert app.workspace.main.root.sections[1].get("endpoint/callerid").value == text + "end"
        assert editor.virtual_size.width > editor.content_size.width
        assert editor.scroll_x > 0                       # the cursor at the end stays in view
        await pilot.press("home")
        await pilot.pause()
        assert editor.scroll_x == 0


async def test_the_preview_grows_and_shrinks_with_its_text(twins):
    app = make_app(twins)
    async with app.run_test(size=(160, 60)) as pilot:
        preview = app.query_one("#preview-text", Static)
        editor = await edit_field(app, pilot, app.workspace.main.root.sections[1], "endpoint/callerid")
        await pilot.pause()
        height = preview.size.height
        lines = str(preview.render()).count("\n")
        long_value = ",".join(f"caller{i}" for i in range(60))  # wrapped over several lines
        editor.value = long_value
        await pilot.pause()
        assert long_value[-20:] in str(preview.render()).replace("\n", "")
        assert preview.size.height > height              # laid out again: every line shown
        assert app.query_one(PreviewPane).virtual_size.height >= preview.size.height
        editor.value = "short"
        await pilot.pause()
        assert preview.size.height == height and str(preview.render()).count("\n") == lines
