"""Refactorings in the editor driven by real keys: the preview of both files, then the bytes
written to disk by ctrl+s, and ctrl+z bringing both files back in one step."""

from __future__ import annotations

from pathlib import Path

import pytest

from pjtui.ui.app import PjtuiApp
from pjtui.ui.dialogs import PromptScreen, SaveDiffScreen
from pjtui.ui.refactor_dialog import RefactorScreen
from pjtui.ui.settings import Settings
from pjtui.ui.tree import SectionTree
from pjtui.ui.workspace import open_workspace

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WIZARD = (SAMPLES / "pjsip_wizard.conf").read_bytes()
PJSIP = (SAMPLES / "pjsip.conf").read_bytes()
IDENTIFY = b"\n[6001-phone]\ntype = identify\nendpoint = 6001\nmatch = 10.0.0.1\n"
SECTION_6001 = b"[6001](user)\ninbound_auth/username = 6001\ninbound_auth/password = 6001\n\n"
OBJECTS_6001 = (b"\n[6001-iauth]\ntype = auth\nusername = 6001\npassword = 6001\nauth_type = userpass\n\n"
                b"[6001]\ntype = endpoint\ncontext = default\nallow = !all,ulaw,gsm,g722\naors = 6001\n"
                b"auth = 6001-iauth\n\n[6001]\ntype = aor\nmax_contacts = 5\n")
PHONES = b"""\
[6001]
type = wizard
accepts_registrations = yes ; phones register
endpoint/context = internal
inbound_auth/username = 6001

[6002]
type = wizard
accepts_registrations = yes ; phones register
endpoint/context = internal
inbound_auth/username = 6002
"""


def make_app(path: Path) -> PjtuiApp:
    settings = Settings(path=path.parent.parent / "config" / "pjtui" / "config.toml")
    return PjtuiApp(open_workspace(str(path)), settings=settings, journal=False)


def write(work: Path, wizard: bytes, pjsip: bytes) -> Path:
    (work / "pjsip_wizard.conf").write_bytes(wizard)
    (work / "pjsip.conf").write_bytes(pjsip)
    return work


async def preview(pilot) -> RefactorScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RefactorScreen), getattr(screen, "message", screen)
    return screen


async def save_all(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SaveDiffScreen)
    if pilot.app.focused is not None and pilot.app.focused.id == "cancel":
        await pilot.press("left")   # errors left in the file: Cancel is focused, Save beside it
    await pilot.press("enter")
    await pilot.pause()


async def undo_and_save(pilot, work: Path, wizard: bytes, pjsip: bytes) -> None:
    await pilot.press("ctrl+z")   # one step brings both files back
    await pilot.pause()
    await save_all(pilot)
    assert (work / "pjsip_wizard.conf").read_bytes() == wizard
    assert (work / "pjsip.conf").read_bytes() == pjsip


def diff_of(screen: RefactorScreen) -> str:
    return "\n".join(line for d in screen.diffs for line in d.revealed)


async def test_rename_follows_references_into_pjsip_conf(asterisk_dir):
    work = write(asterisk_dir, WIZARD, PJSIP + IDENTIFY)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.selected.name == "6001"
        await pilot.press("f2", "r")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert "endpoint 6001" in prompt.message and "reference" in prompt.message   # says what else changes
        await pilot.press("ctrl+a", "ctrl+k", *"6002", "enter")
        screen = await preview(pilot)
        assert "Proven by expansion" in screen.proof and "endpoint 6001 → 6002" in screen.proof
        assert "+endpoint = 6002" in diff_of(screen) and "+[6002](user)" in diff_of(screen)
        assert (work / "pjsip.conf").read_bytes() == PJSIP + IDENTIFY   # nothing applied yet
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "6002"
        await save_all(pilot)
        assert (work / "pjsip_wizard.conf").read_bytes() == WIZARD.replace(b"\n[6001](user)\n", b"\n[6002](user)\n")
        assert (work / "pjsip.conf").read_bytes() == PJSIP + IDENTIFY.replace(b"endpoint = 6001", b"endpoint = 6002")
        await undo_and_save(pilot, work, WIZARD, PJSIP + IDENTIFY)


async def test_rename_refused_when_a_generated_name_is_taken(asterisk_dir):
    work = write(asterisk_dir, WIZARD, PJSIP + b"\n[7000]\ntype = aor\n")
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "r", "ctrl+a", "ctrl+k", *"7000", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)   # stays open and says why
        assert "aor 7000 already exists" in str(app.screen.query_one("#error").render())


async def test_extract_template_from_marked_sections(asterisk_dir):
    work = write(asterisk_dir, PHONES, PJSIP)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(SectionTree)
        await pilot.press("f2", "m", "m")   # m marks and moves down
        await pilot.pause()
        assert app.refactor.marks == [("%s" % (work / "pjsip_wizard.conf"), "6001", 0),
                                      ("%s" % (work / "pjsip_wizard.conf"), "6002", 0)]
        assert "● 6001" in str(tree.get_node_at_line(0).label)
        await pilot.press("x", *"phones", "enter")
        screen = await preview(pilot)
        assert "the same 5 objects" in screen.proof
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "phones" and app.refactor.marks == []
        await save_all(pilot)
        assert (work / "pjsip_wizard.conf").read_bytes() == b"""\
[phones](!)
type = wizard
accepts_registrations = yes ; phones register
endpoint/context = internal

[6001](phones)
inbound_auth/username = 6001

[6002](phones)
inbound_auth/username = 6002
"""
        assert (work / "pjsip.conf").read_bytes() == PJSIP
        await undo_and_save(pilot, work, PHONES, PJSIP)


async def test_extract_template_from_the_filtered_sections(asterisk_dir):
    work = write(asterisk_dir, PHONES + b"\n[itsp]\ntype = wizard\nremote_hosts = 192.0.2.1\n", PJSIP)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "slash", *"600", "enter", "x")
        await pilot.pause()
        assert "the 2 sections matching “600”" in app.screen.message
        await pilot.press(*"phones", "enter")
        await preview(pilot)
        await pilot.press("escape")   # cancelled: nothing changes
        await pilot.pause()
        assert not app.session.modified


async def test_extract_needs_a_selection(asterisk_dir):
    work = write(asterisk_dir, PHONES, PJSIP)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "x")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen)
        assert any("Mark the sections with m" in n.message for n in app._notifications)


async def test_convert_wizard_to_objects_and_back(asterisk_dir):
    work = write(asterisk_dir, WIZARD, PJSIP)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "o")
        screen = await preview(pilot)
        assert [Path(d.name).name for d in screen.diffs] == ["pjsip_wizard.conf", "pjsip.conf"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "6001" and app.selected.doc.name.endswith("pjsip.conf")
        assert any(o.key == "type" and o.value == "endpoint" for o in app.selected.options)
        await save_all(pilot)
        plain_wizard = WIZARD.replace(SECTION_6001, b"")
        assert (work / "pjsip_wizard.conf").read_bytes() == plain_wizard
        assert (work / "pjsip.conf").read_bytes() == PJSIP + OBJECTS_6001
        await pilot.press("o")   # the endpoint selected in pjsip.conf: back to a wizard
        screen = await preview(pilot)
        assert "Proven by expansion" in screen.proof
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected.name == "6001" and app.selected.doc.name.endswith("pjsip_wizard.conf")
        await save_all(pilot)
        assert (work / "pjsip.conf").read_bytes() == PJSIP
        assert (work / "pjsip_wizard.conf").read_bytes() == plain_wizard + (
            b"\n[6001]\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\n"
            b"inbound_auth/username = 6001\ninbound_auth/password = 6001\nendpoint/context = default\n"
            b"endpoint/allow = !all,ulaw,gsm,g722\naor/max_contacts = 5\n")
        await undo_and_save(pilot, work, plain_wizard, PJSIP + OBJECTS_6001)
        await undo_and_save(pilot, work, WIZARD, PJSIP)


@pytest.mark.parametrize("title", ["Extract template", "Mark section", "Convert wizard to plain objects",
                                   "Convert endpoint to wizard", "Rename section"])
async def test_palette_has_the_refactorings(asterisk_dir, title):
    work = write(asterisk_dir, WIZARD, PJSIP)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)):
        assert title in [c.title for c in app.get_system_commands(app.screen)]


async def test_palette_convert_says_which_selection_it_needs(asterisk_dir):
    work = write(asterisk_dir, WIZARD, PJSIP)
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_convert("wizard")   # 6001 is a wizard already
        await pilot.pause()
        assert not isinstance(app.screen, RefactorScreen)
        assert any("select an endpoint" in n.message for n in app._notifications)


async def test_sections_of_an_included_file_get_the_plain_rename(asterisk_dir):
    work = write(asterisk_dir, WIZARD + b"\n#include extra.conf\n", PJSIP)
    (work / "extra.conf").write_bytes(b"[7001](user)\ninbound_auth/username = 7001\ninbound_auth/password = 7001\n")
    app = make_app(work / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)) as pilot:
        extra = next(d for d in app.workspace.documents if d.name.endswith("extra.conf"))
        await pilot.pause()
        app.select_section(extra.sections[0])
        await pilot.press("f2", "o")
        await pilot.pause()
        assert app.selected is extra.sections[0], app.selected
        assert any("included file" in n.message for n in app._notifications), [n.message for n in app._notifications]
        await pilot.press("r", "ctrl+a", "ctrl+k", *"7002", "enter")
        await pilot.pause()
        assert extra.to_bytes().startswith(b"[7002](user)\n")   # the rename of the parent lists only
