"""Issue 17 in the editor: names are never markup, dialogs never lose an edit or a
secret, the value editor selects what it edits.  Real keys, real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from pjtui.io import Journal, content_hash, find_journal
from pjtui.ui.dialogs import ConfirmScreen, PromptScreen, SaveDiffScreen
from pjtui.ui.tree import SectionTree
from tests.test_ui_app import AFTER_6001, CONTEXT_LINE, WIZARD, files, go_to_field, make_app, type_value, with_line_after  # noqa: F401

MARKUP_NAMES = b"[/x](!)\ntype=wizard\naccepts_auth=yes\n\n[6050](/x)\ninbound_auth/password=a\n\n[b]\ntype=wizard\n"


def select(app, name: str) -> None:
    section = next(s for s in app.workspace.main.root.sections if s.name == name)
    app.select_section(section)


async def test_markup_like_names_delete_and_undo_do_not_crash(files):
    path = files / "pjsip_wizard.conf"
    path.write_bytes(MARKUP_NAMES)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        select(app, "/x")
        await pilot.pause()
        app.action_pane("sections")
        await pilot.press("delete")  # it has a child: refused, with a toast naming it
        await pilot.pause()
        assert app.is_running and app._exception is None
        toasts = [n.message for n in app._notifications]
        assert any("[/x] can't be deleted" in t and "6050" in t for t in toasts), toasts
        select(app, "b")
        app.action_pane("sections")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), (app.selected.name, [n.message for n in app._notifications])
        await pilot.press("left", "enter")  # Delete
        await pilot.pause()
        assert all(s.name != "b" for s in app.workspace.main.root.sections)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.is_running
        toasts = [n.message for n in app._notifications]
        assert any(t == "Undo: delete [b]" for t in toasts), toasts
        # the markup-like name in a dialog's title and message
        select(app, "/x")
        app.action_pane("sections")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "[/x]" in str(app.screen.query_one(".dialog").border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running



async def test_ctrl_s_in_the_save_dialog_saves_and_closes_it(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDiffScreen)
        await pilot.press("r", "ctrl+s")  # secrets revealed, then confirm with the same key
        await pilot.pause()
        assert not any(isinstance(s, SaveDiffScreen) for s in app.screen_stack)
        assert path.read_bytes() == with_line_after(WIZARD, AFTER_6001, CONTEXT_LINE)
        assert not app.session.modified


def _journal_left(path) -> bytes:
    original = path.read_bytes()
    edited = original + b"\n[6002](user)\n"
    Journal(str(path), base_hash=content_hash(original)).write(edited)  # as a dropped session left it
    return edited


async def test_cancel_on_the_recovery_dialog_keeps_the_edits_for_next_time(files):
    path = files / "pjsip_wizard.conf"
    edited = _journal_left(path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # Cancel is focused
        await pilot.pause()
        assert not app.session.modified
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await type_value(pilot, "office")
        app.saving.journal()  # what the timer does: the kept edits are not replaced
    assert find_journal(str(path)).data == edited
    again = make_app(path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen) and "Restore" in str(again.screen.query_one("#yes").label)


async def test_discard_on_the_recovery_dialog_asks_then_deletes(files):
    path = files / "pjsip_wizard.conf"
    _journal_left(path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("left", "left", "enter")  # Discard…
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "for good" in app.screen.message
        assert find_journal(str(path)) is not None
        await pilot.press("left", "enter")  # yes, Discard
        await pilot.pause()
    assert find_journal(str(path)) is None


async def _edit_then_other_admin_writes(pilot, path, other: bytes) -> None:
    await go_to_field(pilot, "endpoint", "endpoint/context")
    await type_value(pilot, "office")
    path.write_bytes(other)  # another admin saves meanwhile
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen) and "changed on disk" in pilot.app.screen.message
    assert str(pilot.app.screen.query_one("#other-reload").label) == "Reload"
    await pilot.press("left", "left", "enter")  # Reload
    await pilot.pause()


async def test_reload_after_an_outside_change_puts_the_edits_back(files):
    path = files / "pjsip_wizard.conf"
    other = WIZARD + b"\n[6099](user)\ninbound_auth/username = 6099\ninbound_auth/password = 6099\n"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_other_admin_writes(pilot, path, other)
        assert path.read_bytes() == other  # nothing written by Reload
        assert app.workspace.main.root.to_bytes() == with_line_after(other, AFTER_6001, CONTEXT_LINE)
        assert app.session.changes == 1 and any(s.name == "6099" for s in app.workspace.main.root.sections)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "+endpoint/context = office" in "\n".join(app.screen.diffs[0].masked)
        await pilot.press("enter")
        await pilot.pause()
    assert path.read_bytes() == with_line_after(other, AFTER_6001, CONTEXT_LINE)


async def test_reload_lists_the_edits_that_no_longer_fit(files):
    from pjtui.ui.dialogs import TextScreen

    path = files / "pjsip_wizard.conf"
    other = WIZARD.replace(AFTER_6001, b"inbound_auth/password = s3cret\n")  # they edited the same spot
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _edit_then_other_admin_writes(pilot, path, other)
        assert isinstance(app.screen, TextScreen)
        shown = "\n".join(app.screen.lines)
        assert "+endpoint/context = office" in shown and "s3cret" not in shown
        assert app.workspace.main.root.to_bytes() == other and not app.session.modified
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, TextScreen)


def test_reapply_keeps_edits_away_from_theirs_and_leaves_out_the_rest():
    from pjtui.ui.rebase import reapply

    base = [b"[a]\n", b"x=1\n", b"y=2\n", b"\n", b"[b]\n", b"z=3\n"]
    mine = [b"[a]\n", b"x=9\n", b"y=2\n", b"\n", b"[b]\n"]             # x changed, z removed
    theirs = [b"[c]\n", b"[a]\n", b"x=1\n", b"y=2\n", b"w=0\n", b"\n", b"[b]\n", b"z=3\n"]
    done = reapply(base, mine, theirs)
    assert done.lines == [b"[c]\n", b"[a]\n", b"x=9\n", b"y=2\n", b"w=0\n", b"\n", b"[b]\n"]
    assert done.left_out == []
    clash = reapply(base, mine, [b"[a]\n", b"x=5\n", b"y=2\n", b"\n", b"[b]\n", b"z=3\n"])
    assert clash.lines == [b"[a]\n", b"x=5\n", b"y=2\n", b"\n", b"[b]\n"]
    assert [h.describe() for h in clash.left_out] == [["@@ line 2 of the file as you loaded it @@", "-x=1", "+x=9"]]


async def test_save_with_errors_focuses_cancel_and_fits_80x24(files):
    from pjtui.conf import edits
    from pjtui.conf.document import split_lines

    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.workspace.main.root
        many = WIZARD + b"".join(b"\n[%d](user)\n" % (7000 + i) for i in range(30))  # 30 errors, a long diff
        app.apply("many", [(doc, edits.Splice(0, tuple(doc.lines), tuple(split_lines(many))))], structural=True)
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SaveDiffScreen) and screen.after.startswith("✖ 30 errors")
        assert app.focused.id == "cancel"
        box = screen.query_one(".dialog").region
        assert box.y >= 0 and box.bottom <= 24, box   # the title row and the buttons are on screen
        after = screen.query_one("#after")
        assert after.region.height >= 2 and after.region.bottom <= box.bottom
        shown = " ".join(" ".join(s.text.split()) for s in after.render_lines(after.region.reset_offset))
        assert "you can save anyway" in shown and "module reload res_pjsip.so" in shown  # wrapped, not cut
        assert screen.query_one("#save").region.bottom <= box.bottom
        await pilot.press("enter")  # Cancel: nothing written
        await pilot.pause()
    assert path.read_bytes() == WIZARD


async def test_enter_selects_the_value_so_typing_replaces_it(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await pilot.press("enter")
        await pilot.pause()
        editor = app.focused
        assert editor.id == "form-edit-text" and editor.selected_text == "default"
        assert editor.styles.border_left[0] == "outer" and editor.styles.border_right[0] == "outer"  # visible focus
        await pilot.press(*"office", "enter")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == with_line_after(WIZARD, AFTER_6001, CONTEXT_LINE)
        assert app.focused.styles.border_left[0] in ("", "none")
        await pilot.press("enter", "down", *"ulaw")  # the next field, from inside the editor: selected too
        await pilot.pause()
        assert b"endpoint/allow = ulaw\n" in app.workspace.main.root.to_bytes()


async def test_tab_in_the_add_parameter_prompt_completes_and_stays(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/context")
        await pilot.press("a", *"langu", "tab")
        await pilot.pause()
        editor = app.query_one("#form-edit-text", Input)
        assert app.focused is editor and editor.value == "language"
        await pilot.press("enter", *"fr", "tab", "r", "enter")  # a tab in the value: still typing
        await pilot.pause()
        assert app.focused is not editor
        assert b"endpoint/language = frr\n" in app.workspace.main.root.to_bytes()


async def test_at_120_columns_the_preview_and_the_form_tabs_fit(files):
    from pjtui.ui.form_tabs import FormTabs
    from pjtui.ui.preview import PreviewPane

    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.query_one(PreviewPane).outer_size.width >= 42
        tabs = app.query_one(FormTabs)
        assert str(tabs.render()).rstrip().endswith("Raw")   # the last tab is not cut
        assert app.query_one("#tree").size.width >= 24      # "pjsip.conf  1 section  ✔"


async def test_the_80_column_footer_shows_every_key_it_lists(files):
    from textual.widgets._footer import FooterKey

    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in (("f2",), ("f3",), ("f3", "left"), ("f4",), ("f5",)):  # f3 left: the Raw tab
            await pilot.press(*keys)
            await pilot.pause()
            shown = [k for k in app.screen.query(FooterKey) if k.display and k.description != "palette"]
            palette = app.screen.query_one(".-command-palette", FooterKey).region.x
            assert shown and all(k.region.right <= palette for k in shown), \
                (keys, [(k.description, k.region.right) for k in shown], palette)


async def test_wording_and_wrapped_errors_in_section_dialogs(files):
    from pjtui.ui.dialogs import PickScreen

    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        prompts = [str(o.prompt) for o in app.screen.query_one("OptionList").options]
        assert "user  (1 section uses it)" in prompts, prompts
        await pilot.press("escape")
        select(app, "user")
        app.action_pane("sections")
        await pilot.press("r")
        await pilot.pause()
        assert "the 1 section that inherits it" in app.screen.message, app.screen.message
        await pilot.press("escape")
        select(app, "6001")
        app.action_pane("sections")
        await pilot.press("t", "ctrl+a", "ctrl+k", *"trunk,nothere", "enter")
        await pilot.pause()
        error = app.screen.query_one("#error")
        text = " ".join(" ".join(s.text.split()) for s in error.render_lines(error.region.reset_offset))
        assert "Asterisk needs a parent defined before its child." in text, text


def test_the_sample_is_clean(capsys):
    from pjtui.cli import main

    assert main(["check", str(Path(__file__).resolve().parents[1] / "samples" / "pjsip_wizard.conf")]) == 0
    out, err = capsys.readouterr()
    assert "0 error(s), 0 warning(s), 0 hint(s)" in err and not out.strip(), out


async def test_q_quits_j_k_move_and_tab_goes_to_the_next_pane(files):
    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(SectionTree)
        line = tree.cursor_line
        await pilot.press("j")
        await pilot.pause()
        assert tree.cursor_line == line + 1
        await pilot.press("k", "tab")
        await pilot.pause()
        assert tree.cursor_line == line and app.active_pane == "edit"
        plist = app.query_one("#form-list")
        cursor = plist.cursor
        await pilot.press("j")
        assert plist.cursor == cursor + 1
        await pilot.press("tab", "tab", "shift+tab")
        await pilot.pause()
        assert app.active_pane == "preview"
        await pilot.press("f2", "slash", "q")   # typed into the filter: no quit
        await pilot.pause()
        assert app.is_running and app.query_one("#filter", Input).value == "q"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("data, says", [(b"", "is empty"), (b"; nothing yet\n;\n", "has only comments (2 lines)")])
async def test_an_empty_or_all_comment_file_says_so(files, data, says):
    path = files / "pjsip_wizard.conf"
    path.write_bytes(data)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = app.query_one("#banner")
        assert banner.display and says in str(banner.content) and "adds a wizard" in str(banner.content)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter", *"7001", "enter")   # "(no template: empty wizard)", then its name
        await pilot.pause()
        assert any(s.name == "7001" for s in app.workspace.main.root.sections)
        assert not app.query_one("#banner").display


async def test_a_pjsip_conf_opens_at_its_first_group(files, shared):
    path = files / "pjsip.conf"
    shutil.copy(shared / "corpus" / "basic-pbx" / "pjsip.conf", path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(SectionTree)
        assert tree.scroll_y == 0
        first_group = tree.root.children[0]
        assert app.selected is first_group.children[0].data.section


async def test_filter_results_name_the_type_of_same_named_sections(files, shared):
    path = files / "pjsip.conf"
    shutil.copy(shared / "corpus" / "basic-pbx" / "pjsip.conf", path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"1101")
        await pilot.pause()
        tree = app.query_one(SectionTree)
        labels = [str(n.label) for n in tree.root.children if n.data is not None]
        assert len(labels) >= 2 and all(any(t in label for t in ("endpoint", "aor", "auth")) for label in labels), labels


async def test_new_wizard_asks_for_the_auth_its_template_needs(files):
    path = files / "pjsip_wizard.conf"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter", *"6002", "enter")   # template user (accepts_auth = yes)
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and "inbound_auth/username" in app.screen.message
        assert app.screen.query_one(Input).value == "6002"
        await pilot.press("enter")
        await pilot.pause()
        assert "inbound_auth/password" in app.screen.message and app.screen.query_one(Input).password
        await pilot.press(*"s3cret", "enter")
        await pilot.pause()
        assert app.selected.name == "6002"
        assert b"[6002](user)\ninbound_auth/username = 6002\ninbound_auth/password = s3cret\n" in \
            app.workspace.main.root.to_bytes()
        assert app.problem_counts is None or app.problem_counts.errors == 0


async def test_the_masked_password_editor_shows_a_fixed_width(files):
    from pjtui.ui.session import MASK

    app = make_app(files / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_field(pilot, "inbound_auth", "inbound_auth/password")
        await pilot.press("enter", *"a-much-longer-secret")
        await pilot.pause()
        editor = app.focused
        assert editor.password and editor.value == "a-much-longer-secret"
        shown = editor.render_line(0).text
        assert shown.count("•") == len(MASK) and "secret" not in shown, shown
        assert b"inbound_auth/password = a-much-longer-secret\n" in app.workspace.main.root.to_bytes()


async def test_a_tab_in_a_value_is_drawn_as_one_visible_cell(files):
    from pjtui.ui.param_list import ParamList
    from pjtui.ui.preview import PreviewPane
    from pjtui.ui.session import TAB_SHOWN

    path = files / "pjsip_wizard.conf"
    path.write_bytes(WIZARD.replace(AFTER_6001, AFTER_6001 + b'endpoint/callerid = "Front\tDesk" <6001>\n'))
    app = make_app(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await go_to_field(pilot, "endpoint", "endpoint/callerid")
        plist = app.query_one(ParamList)
        row = plist.render_line(plist.cursor - int(plist.scroll_y))
        assert "\t" not in row.text and f"Front{TAB_SHOWN}Desk" in row.text and row.cell_length == plist.scrollable_content_region.width
        preview = str(app.query_one(PreviewPane).query_one("#preview-text").content)
        assert "\t" not in preview and f'callerid = "Front{TAB_SHOWN}Desk" <6001>' in preview
        status = str(app.query_one("#form-status").content)
        assert "\t" not in status
