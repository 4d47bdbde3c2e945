"""The editor app driven by real keys, down to the bytes written on disk.

Each test copies the sample files into a temporary directory, opens them the way
``pjtui FILE`` does, presses keys with Textual's Pilot and then reads the file back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from pjtui.ui.app import PjtuiApp
from pjtui.ui.dialogs import KeysScreen, PickScreen, PromptScreen, SaveDiffScreen, UnsavedChangesScreen
from pjtui.ui.forms import ParamList, SectionForm
from pjtui.ui.problems import ProblemsList
from pjtui.ui.settings import Settings
from pjtui.ui.tree import SectionTree
from pjtui.ui.workspace import open_workspace

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WIZARD = (SAMPLES / "pjsip_wizard.conf").read_bytes()
PJSIP = (SAMPLES / "pjsip.conf").read_bytes()


@pytest.fixture
def files(asterisk_dir):
    """The wizard sample and its pjsip.conf in a private directory; no user state touched."""
    work = asterisk_dir
    shutil.copy(SAMPLES / "pjsip_wizard.conf", work / "pjsip_wizard.conf")
    shutil.copy(SAMPLES / "pjsip.conf", work / "pjsip.conf")
    return work


def make_app(path: Path, read_only: bool = False, **kwargs) -> PjtuiApp:
    workspace = open_workspace(str(path), read_only=read_only)
    settings = Settings(path=path.parent.parent / "config" / "pjtui" / "config.toml")
    return PjtuiApp(workspace, settings=settings, **kwargs)


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def with_line_after(data: bytes, after: bytes, new: bytes) -> bytes:
    """``data`` with ``new`` inserted after the (unique) line ``after``."""
    lines = lines_of(data)
    index = lines.index(after)
    return b"".join(lines[: index + 1] + [new] + lines[index + 1:])


async def go_to_field(pilot, tab_key: str, key: str) -> None:
    """From anywhere: F3, then the tab with ] presses, then the row with down presses."""
    await pilot.press("f3")
    form = pilot.app.query_one(SectionForm)
    for _ in range(12):
        if form.active_tab == tab_key:
            break
        await pilot.press("right")
    assert form.active_tab == tab_key
    plist = pilot.app.query_one(ParamList)
    target = next(i for i, row in enumerate(plist.rows) if row.key == key)
    if len(plist.rows) - 1 - target < abs(target - plist.cursor):
        await pilot.press("end")   # nearer from the bottom: fewer keys (each waits for the screen)
    for _ in range(60):
        if plist.cursor == target:
            break
        await pilot.press("down" if plist.cursor < target else "up")
    assert plist.rows[plist.cursor].key == key


async def type_value(pilot, text: str) -> None:
    await pilot.press("enter")
    assert isinstance(pilot.app.focused, Input)
    await pilot.press("home", "ctrl+k", *text, "enter")
    await pilot.pause()


async def save(pilot) -> SaveDiffScreen:
    await pilot.press("ctrl+s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SaveDiffScreen)
    return screen


CONTEXT_LINE = b"endpoint/context = office\n"
AFTER_6001 = b"inbound_auth/password = 6001\n"


async def test_change_inherited_endpoint_param_undo_redo_and_save(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.selected.name == "6001"  # the first wizard is selected at start
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        expected = with_line_after(WIZARD, AFTER_6001, CONTEXT_LINE)
        assert app.workspace.main.root.to_bytes() == expected
        assert app.session.changes == 1  # typing a value is one undo step
        assert "●1 change" in str(app.query_one("#titlebar").render())

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == WIZARD
        assert not app.session.modified
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == expected

        screen = await save(pilot)
        diff = "\n".join(screen.diffs[0].masked)
        assert "+endpoint/context = office" in diff
        assert path.read_bytes() == WIZARD  # nothing written before the diff is confirmed
        await pilot.press("enter")  # Save is focused
        await pilot.pause()
        assert not isinstance(app.screen, SaveDiffScreen)
        assert path.read_bytes() == expected
        assert (files / "pjsip_wizard.conf.bak").read_bytes() == WIZARD
        assert (files / "pjsip.conf").read_bytes() == PJSIP
        assert app.last_save_advice == "module reload res_pjsip.so"
        assert not app.session.modified


async def test_override_then_reset_to_inherited(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        row = app.query_one(ParamList).rows[app.query_one(ParamList).cursor]
        assert (row.origin, row.where) == ("inherited", "user:17")
        await type_value(pilot, "office")
        assert app.workspace.main.root.to_bytes() == with_line_after(WIZARD, AFTER_6001, CONTEXT_LINE)
        plist = app.query_one(ParamList)
        assert plist.rows[plist.cursor].origin == "own"
        await pilot.press("r")  # reset to the inherited value: the own line goes
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == WIZARD
        assert not app.session.modified   # as on disk again: no "●2 changes", quit does not ask
        assert "change" not in str(app.query_one("#titlebar").render())
        assert plist.rows[plist.cursor].origin == "inherited"
        # then override another one and save: only that line differs on disk
        await go_to_field(pilot, "aor", "aor/max_contacts")
        await type_value(pilot, "1")
        await save(pilot)
        await pilot.press("enter")
        await pilot.pause()
    assert path.read_bytes() == with_line_after(WIZARD, AFTER_6001, b"aor/max_contacts = 1\n")


async def test_add_wizard_from_template_and_save(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # the first template: user
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"6001", "enter")  # taken: the dialog says so and stays
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "already exists" in str(app.screen.query_one("#error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"6002", "enter")
        await pilot.pause()
        # user accepts_auth: the dialog asks for the username and password; left out here
        await pilot.press("backspace", "enter", "enter")
        await pilot.pause()
        assert app.selected.name == "6002" and app.selected.parents == ["user"]
        assert app.query_one(SectionTree).cursor_node.data.section is app.selected
        # its new form: give it a username
        await go_to_field(pilot, "inbound_auth", "inbound_auth/username")
        await type_value(pilot, "6002")
        screen = await save(pilot)
        # no password yet: the dialog says an error is left, and saving is still allowed
        assert screen.after.startswith("✖ 1 error still in the configuration (F5 lists it)")
        await pilot.press("left", "enter")  # Cancel is focused while errors remain; Save is beside it
        await pilot.pause()
    expected = with_line_after(WIZARD, AFTER_6001, b"\n[6002](user)\ninbound_auth/username = 6002\n")
    assert path.read_bytes() == expected


async def test_quit_with_unsaved_changes_asks_and_cancel_is_the_default(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)
        assert app.focused.id == "cancel"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, UnsavedChangesScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")  # Cancel is focused
        await pilot.pause()
        assert app.is_running and app.session.modified
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("left", "enter")  # Discard
        await pilot.pause()
    assert app.return_code == 0
    assert path.read_bytes() == WIZARD


async def test_quit_dialog_save_writes_then_quits(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("left", "left", "enter")  # Save
        await pilot.pause()
    assert path.read_bytes() == with_line_after(WIZARD, AFTER_6001, CONTEXT_LINE)


async def test_read_only_changes_nothing(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "[read-only]" in str(app.query_one("#titlebar").render())
        await go_to_field(pilot, "endpoint", "endpoint/context")
        status = str(app.query_one("#form-status").render())
        assert "Read-only (--read-only)" in status and "override" not in status   # says why, invites nothing
        shown = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "form.reveal" in shown and not shown & {"form.edit", "form.reset", "form.add"}
        await pilot.press("enter")             # no editor opens: the list keeps the focus
        assert isinstance(app.focused, ParamList)
        assert not app.query_one("#form-edit-text").display
        assert "Read-only" in str(app.query_one("#form-status").render())
        await pilot.press(*"office", "r", "a", "space")
        await pilot.press("ctrl+s", "ctrl+n")
        await pilot.pause()
        assert not isinstance(app.screen, (SaveDiffScreen, PickScreen))
        assert app.workspace.main.root.to_bytes() == WIZARD
        assert not app.session.modified
    assert path.read_bytes() == WIZARD


async def test_panes_switch_with_f_keys_and_ctrl_arrows_at_80x24(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        def shown():
            return [p for p in ("sections", "edit", "preview", "problems") if app.query_one(f"#{p}").display
                    and app.query_one(f"#{p}").region.width > 0]

        assert shown() == ["sections"]
        for key, pane in (("f3", "edit"), ("f4", "preview"), ("f5", "problems"), ("f2", "sections")):
            await pilot.press(key)
            await pilot.pause()
            assert shown() == [pane]
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert shown() == ["edit"]
        await pilot.press("ctrl+left", "ctrl+left")
        await pilot.pause()
        assert shown() == ["problems"]


async def test_wide_layout_shows_three_panes_and_problems(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for pane in ("sections", "edit", "preview", "problems"):
            assert app.query_one(f"#{pane}").region.width > 20


async def test_preview_follows_typing(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(120, 40)) as pilot:
        preview = app.query_one("#preview-text")
        assert "context = default" in str(preview.render())
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await pilot.press("enter", "home", "ctrl+k", *"offi")
        await pilot.pause()
        text = str(preview.render())
        assert "context = offi" in text and "own:24" in text  # while typing, before enter


async def test_problem_enter_jumps_to_section_and_field(files):
    (files / "pjsip_wizard.conf").write_bytes(WIZARD.replace(b"endpoint/identify_by = ip\n", b""))  # a warning
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        problems = app.query_one(ProblemsList)
        first = problems.problems[0]
        assert first.section.name == "trunk-6003"
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "trunk-6003"
        assert app.active_pane == "edit"
        assert app.query_one(SectionTree).cursor_node.data.section is app.selected


async def test_filter_shows_matching_sections_and_escape_clears(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(SectionTree)
        await pilot.press("slash", *"trunk")
        await pilot.pause()
        names = [n.data.text for n in tree.root.children if n.data is not None]
        assert names == ["trunk", "trunk-6003"]
        await pilot.press("enter")   # into the results: the first match is selected
        await pilot.pause()
        assert app.selected.name == "trunk"
        await pilot.press("down")
        await pilot.pause()
        assert app.selected.name == "trunk-6003"
        await pilot.press("escape")
        await pilot.pause()
        assert not tree.filter_text and not app.query_one("#filter").display
        assert tree.cursor_node.data.section is app.selected


async def test_keys_panel_lists_app_and_form_keys(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        text = str(app.screen.query_one("Static").render())
        for words in ("Save", "Undo", "Redo", "Filter", "New", "Reset"):
            assert words in text
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, KeysScreen)


async def test_palette_offers_app_and_system_commands(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles   # Textual's help panel: one keys entry is enough
        assert "Theme" not in titles  # Textual's theme list: one theme entry is enough
        for title in ("Save", "Undo", "Redo", "New wizard", "Clone section", "Rename section",
                      "Delete section", "Change templates", "Keys panel", "Quit"):
            assert title in titles
        from pjtui.ui.themes import ThemeCommands

        assert ThemeCommands in app.COMMANDS   # "Themes…": pjtui's own list, saved in config.toml
        await pilot.press("ctrl+p", *"go to trunk-6003")
        from textual.command import CommandList

        for _ in range(50):  # the palette searches in the background
            await pilot.pause(0.1)
            if app.screen.query_one(CommandList).option_count:
                break
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "trunk-6003"


async def test_delete_then_undo_restores_bytes(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "delete")
        await pilot.pause()
        # [6001] has a blank line above it, no comment: the question does not promise one
        assert app.screen.message == "Delete [6001] (line 21)? ctrl+z brings it back."
        await pilot.press("left", "enter")  # "Delete" (Cancel is focused)
        await pilot.pause()
        root = app.workspace.main.root
        assert [s.name for s in root.sections] == ["user", "trunk", "trunk-6003"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert root.to_bytes() == WIZARD
        assert app.selected.name == "6001"


async def test_rename_template_updates_children(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(SectionTree)
        await pilot.press("f2", "up")  # from 6001 to its template user
        await pilot.pause()
        assert app.selected.name == "user"
        await pilot.press("r", "ctrl+a", "ctrl+k", *"phone", "enter")
        await pilot.pause()
        await pilot.press("enter")  # the preview of the change (pjtui/ui/refactor_dialog.py): apply
        await pilot.pause()
        data = app.workspace.main.root.to_bytes()
        assert b"[phone](!)\n" in data and b"[6001](phone)\n" in data
        assert data.replace(b"[phone](!)", b"[user](!)").replace(b"[6001](phone)", b"[6001](user)") == WIZARD
        assert tree.cursor_node.data.section.name == "phone"


async def test_clone_and_change_templates(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "c")  # clone 6001: its own lines are copied
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"6002", "enter")
        await pilot.pause()
        assert app.selected.name == "6002"
        clone = b"\n[6002](user)\ninbound_auth/username = 6001\ninbound_auth/password = 6001\n"
        assert app.workspace.main.root.to_bytes() == with_line_after(WIZARD, AFTER_6001, clone)
        # [trunk] comes later in the file: Asterisk would reject it as a parent of [6002]
        await pilot.press("f2", "t", "ctrl+a", "ctrl+k", *"trunk", "enter")
        await pilot.pause()
        assert "Not defined above [6002]: trunk" in str(app.screen.query_one("#error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"!,user", "enter")  # a template of its own now
        await pilot.pause()
        assert b"[6002](!,user)\n" in app.workspace.main.root.to_bytes()
        assert app.query_one(SectionTree).cursor_node.data.section.name == "6002"
        assert app.selected.template and app.selected.parents == ["user"]
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == WIZARD


async def test_undo_goes_back_to_the_section_it_changed(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        await pilot.press("f2", "down", "down")  # elsewhere: trunk-6003
        await pilot.pause()
        assert app.selected.name == "trunk-6003"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.selected.name == "6001"
        assert app.query_one(SectionTree).cursor_node.data.section is app.selected
        assert app.workspace.main.root.to_bytes() == WIZARD
        assert app._model_generation == app.session.generation  # no rebuild was needed
        await pilot.press("f3", "left", "down", "down")  # the form elsewhere: another tab and row
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == with_line_after(WIZARD, AFTER_6001, CONTEXT_LINE)
        plist = app.query_one(ParamList)
        assert plist.rows[plist.cursor].key == "endpoint/context"  # redo shows the field it set


async def test_keymap_from_settings_rebinds_by_id(files):
    workspace = open_workspace(str(files / "pjsip_wizard.conf"))
    settings = Settings(path=files / "config.toml", keymap={"undo": "f9", "sav": "f10", "form.reveal": "ctrl+r"},
                        theme="pjtui-drak")
    app = PjtuiApp(workspace, settings=settings)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        # the typo is reported with a suggestion, once, at start; the form's ids are known
        messages = "\n".join(n.message for n in app._notifications)
        assert "keymap.sav" in messages and "'save'" in messages
        assert "form.reveal" not in messages
        # so is a theme name that matches no theme, with the file it is in
        assert f"{files / 'config.toml'}: theme 'pjtui-drak' is not available" in messages
        assert "pjtui-dark" in messages and app.theme == "pjtui-dark"
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        await pilot.press("f9")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == WIZARD
        assert any(key == "f9" and "Undo" in text for key, text in app.key_groups()[0][1])


def test_preview_lists_hints_and_the_pjsip_conf_objects_referenced(tmp_path):
    """Without an app: the office sample's 2001 uses transport-udp from pjsip.conf."""
    from pjtui.pjsip.wizard import expand
    from pjtui.ui.preview import PreviewRenderer

    workspace = open_workspace(str(SAMPLES / "office" / "pjsip_wizard.conf"), read_only=True)
    main, context = workspace.models()
    expansion = expand(main, pjsip=context)
    eff = next(e for e in main.sections if e.name == "2001")
    text = PreviewRenderer(width=80).wizard(eff, expansion, [], context).plain
    assert "; hint 2001@office => PJSIP/2001" in text
    assert "[transport-udp]   ; pjsip.conf:" in text and "bind = 0.0.0.0:5060" in text
    assert "password = ••••••" in text


async def test_any_theme_of_the_palette_works(files):
    """Textual's own themes do not define pjtui's colours: the defaults must still apply."""
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in ("textual-light", "nord", "ansi-dark", "pjtui-light"):
            app.theme = theme
            await pilot.press("f3")
            await pilot.pause()
            assert app.is_running and app.theme == theme
            assert not app.theme_variables["pjtui-inherited"].startswith("$")


async def test_typing_in_an_inherited_accumulating_param_edits_only_its_own_line(files):
    """endpoint/allow adds up in Asterisk: typing writes one own line, never a copy of the inherited one."""
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/allow")
        plist = app.query_one(ParamList)
        assert plist.rows[plist.cursor].origin == "inherited"
        status = str(app.query_one("#form-status").render())
        assert "to add your own line (Asterisk adds the lines up)" in status
        await pilot.press("enter")
        editor = app.focused
        assert isinstance(editor, Input)
        assert editor.value == ""          # the own line, not the inherited value
        await pilot.press(*"opus")         # one keystroke at a time, each applied
        await pilot.pause()
        assert editor.value == "opus"
        expected = with_line_after(WIZARD, AFTER_6001, b"endpoint/allow = opus\n")
        assert app.workspace.main.root.to_bytes() == expected
        await pilot.press("backspace", "backspace", *"us", "enter")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == expected
        row = plist.rows[plist.cursor]
        assert (row.origin, row.value) == ("own", "!all,ulaw,gsm,g722 + opus")
        status = str(app.query_one("#form-status").render())
        assert "adds to user:18" in status
        await save(pilot)
        await pilot.press("enter")
        await pilot.pause()
    assert path.read_bytes() == expected


async def test_enter_on_a_missing_password_lands_on_the_password_field(asterisk_dir):
    work = asterisk_dir
    (work / "pjsip_wizard.conf").write_bytes(
        b"[phone](!)\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\n"
        b"aor/max_contacts = 1\naor/remove_existing = yes\nendpoint/allow = ulaw\n"
        b"[6001](phone)\ninbound_auth/username = 6001\n")
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if app.analysis is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("f5")
        await pilot.pause()
        problems = app.query_one(ProblemsList)
        index = next(i for i, p in enumerate(problems.problems) if p.code == "auth-incomplete")
        assert problems.problems[index].key == "inbound_auth/password"
        problems.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "6001" and app.active_pane == "edit"
        assert app.query_one(ParamList).row.key == "inbound_auth/password"


async def test_setting_a_field_written_with_plus_equals_holds_exactly_the_value(asterisk_dir):
    """The editor plans a set as `pjtui set` does: a '+=' line becomes '=', or Asterisk would
    append the new value to the inherited one."""
    from pjtui.ui.messages import FieldChanged

    path = asterisk_dir / "pjsip_wizard.conf"
    path.write_bytes(b"[t](!)\ntype = wizard\nendpoint/context = office\n"
                     b"[6001](t)\naccepts_registrations = yes\nendpoint/context += -x\n")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        section = next(s for s in app.workspace.main.root.sections if s.name == "6001")
        app.post_message(FieldChanged(section, "endpoint/context", "sales"))
        await pilot.pause()
        assert app.workspace.main.root.to_bytes().endswith(b"endpoint/context = sales\n")
