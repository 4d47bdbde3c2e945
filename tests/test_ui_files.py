"""Opening and saving files from the editor: new files, includes, journal, external changes.

``pjtui FILE`` goes through ``run_editor``: bad paths give a message and exit status 2,
never a traceback.  Saving writes each changed line into the file it came from.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pjtui.io import Journal, content_hash
from pjtui.ui.app import PjtuiApp
from pjtui.ui.dialogs import ConfirmScreen, PickScreen, PromptScreen, SaveDiffScreen
from pjtui.ui.launch import run_editor
from pjtui.ui.reload import RELOAD, RESTART, changed_transports
from pjtui.ui.settings import Settings
from pjtui.ui.tree import SectionTree
from pjtui.ui.workspace import open_workspace

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def env(asterisk_dir):
    return asterisk_dir


def app_for(path: Path, **kwargs) -> PjtuiApp:
    workspace = open_workspace(str(path), **kwargs)
    return PjtuiApp(workspace, settings=Settings(path=path.parent / "config.toml"))


# -- opening ---------------------------------------------------------------------------

def test_directory_is_refused_with_a_message(env, capsys):
    assert run_editor([str(env)]) == 2
    err = capsys.readouterr().err
    assert str(env) in err and "directory" in err and "Traceback" not in err


def test_missing_directory_is_refused(env, capsys):
    assert run_editor([str(env / "nope" / "pjsip_wizard.conf")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_unreadable_pjsip_context_is_named(env, capsys):
    shutil.copy(SAMPLES / "pjsip_wizard.conf", env / "pjsip_wizard.conf")
    assert run_editor([str(env / "pjsip_wizard.conf"), "--pjsip", str(env / "missing.conf")]) == 2
    assert "missing.conf" in capsys.readouterr().err


def test_reads_the_pjsip_conf_beside_it(env):
    for name in ("pjsip_wizard.conf", "pjsip.conf"):
        shutil.copy(SAMPLES / name, env / name)
    workspace = open_workspace(str(env / "pjsip_wizard.conf"))
    assert workspace.context is not None and workspace.context.root.name == str(env / "pjsip.conf")
    assert workspace.wizard_file and not workspace.new_file and workspace.read_only_reason is None


async def test_missing_file_is_offered_as_new_and_created_on_save(env):
    path = env / "pjsip_wizard.conf"
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "does not exist yet" in str(app.query_one("#banner").render())
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # no template in an empty file: an empty wizard
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"6001", "enter")
        await pilot.pause()
        assert app.selected.name == "6001"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDiffScreen)
        await pilot.press("left", "enter")  # with errors left Cancel is focused: Save is beside it
        await pilot.pause()
        assert not app.workspace.new_file
    assert path.read_bytes() == b"[6001]\ntype = wizard\n"


async def test_no_color_uses_the_ansi_theme(env, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    shutil.copy(SAMPLES / "pjsip_wizard.conf", env / "pjsip_wizard.conf")
    app = app_for(env / "pjsip_wizard.conf")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "pjtui-ansi"
        assert app.no_color


# -- saving into the right file ------------------------------------------------------------

INCLUDED = b"""\
[office](!)
type = wizard
accepts_auth = yes
endpoint/context = office

[7001](office)
inbound_auth/username = 7001
"""


async def test_edit_in_an_included_file_is_saved_there(env):
    main = env / "pjsip_wizard.conf"
    main.write_bytes(b"; main file\n#include office.conf\n\n[8001]\ntype = wizard\n")
    (env / "office.conf").write_bytes(INCLUDED)
    app = app_for(main)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(SectionTree)
        files = next(n for n in tree.root.children if n.data is not None and n.data.text == "included files")
        files.expand()
        await pilot.pause()
        assert [n.data.text for n in files.children] == ["office.conf"]
        office = app.workspace.main.documents[str(env / "office.conf")]
        section = next(s for s in office.sections if s.name == "7001")
        app.select_section(section)
        await pilot.press("f3", "right")  # Endpoint tab, first row: the inherited context
        await pilot.press("enter", "home", "ctrl+k", *"sales", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [Path(d.name).name for d in app.screen.diffs] == ["office.conf"]
        await pilot.press("left", "enter")  # with errors left Cancel is focused: Save is beside it
        await pilot.pause()
    assert (env / "office.conf").read_bytes() == INCLUDED + b"endpoint/context = sales\n"
    assert main.read_bytes() == b"; main file\n#include office.conf\n\n[8001]\ntype = wizard\n"


async def test_external_change_is_never_overwritten_silently(env):
    path = env / "pjsip_wizard.conf"
    shutil.copy(SAMPLES / "pjsip_wizard.conf", path)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "right", "enter", "home", "ctrl+k", *"office", "enter")
        await pilot.pause()
        other = path.read_bytes().replace(b"6001", b"6009")  # another admin saves meanwhile
        path.write_bytes(other)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "changed on disk" in app.screen.message
        assert path.read_bytes() == other
        await pilot.press("escape")  # cancel: still theirs on disk, ours in the editor
        await pilot.pause()
        assert path.read_bytes() == other and app.session.modified
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("left", "enter")  # Overwrite
        await pilot.pause()
    assert b"endpoint/context = office\n" in path.read_bytes() and b"[6001](user)" in path.read_bytes()


async def test_journaled_edits_are_offered_back(env):
    path = env / "pjsip_wizard.conf"
    shutil.copy(SAMPLES / "pjsip_wizard.conf", path)
    original = path.read_bytes()
    edited = original + b"\n[6002](user)\n"
    Journal(str(path), base_hash=content_hash(original)).write(edited)  # as a dropped session left it
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Restore" in str(app.screen.query_one("#yes").label)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.workspace.main.root.to_bytes() == edited
        assert app.session.modified and path.read_bytes() == original
        assert any(s.name == "6002" for s in app.workspace.main.root.sections)


# -- what to run after saving ------------------------------------------------------------

TRANSPORT = b"[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n\n[7001]\ntype = endpoint\ncontext = a\n"


def test_transport_bind_change_needs_a_restart():
    assert changed_transports(TRANSPORT, TRANSPORT.replace(b"5060", b"5070"), "pjsip.conf") == ["udp"]
    assert changed_transports(TRANSPORT, TRANSPORT.replace(b"context = a", b"context = b"), "pjsip.conf") == []
    assert changed_transports(TRANSPORT, TRANSPORT.replace(b"protocol = udp", b"protocol = tcp"), "pjsip.conf") == ["udp"]
    allowed = TRANSPORT.replace(b"bind = 0.0.0.0:5060\n", b"bind = 0.0.0.0:5060\nallow_reload = yes\n")
    assert changed_transports(allowed, allowed.replace(b"5060", b"5070"), "pjsip.conf") == []
    assert RELOAD == "module reload res_pjsip.so" and RESTART.startswith("core restart")


async def test_after_saving_a_transport_change_the_advice_is_a_restart(env):
    for name in ("pjsip_wizard.conf", "pjsip.conf"):
        shutil.copy(SAMPLES / name, env / name)
    app = app_for(env / "pjsip.conf")
    async with app.run_test(size=(120, 40)) as pilot:
        doc = app.workspace.main.root
        transport = next(s for s in doc.sections if s.name == "transport-udp")
        app.select_section(transport)
        await pilot.pause()
        bind = next(o for o in transport.options if o.key == "bind")
        from pjtui.ui.messages import FieldChanged

        app.post_message(FieldChanged(transport, "bind", "0.0.0.0:5070"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "core restart" in str(app.screen.query_one("#after").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.last_save_advice.startswith(RESTART)
    assert b"0.0.0.0:5070" in (env / "pjsip.conf").read_bytes()
    assert bind.line > 0
    assert os.path.exists(env / "pjsip.conf.bak")


def test_a_crash_prints_a_short_report_without_secrets(env, monkeypatch, capsys):
    path = env / "pjsip_wizard.conf"
    shutil.copy(SAMPLES / "pjsip_wizard.conf", path)
    run = PjtuiApp.run

    def boom(self) -> None:
        raise RuntimeError("inbound_auth/password = 6001 went wrong")

    monkeypatch.setattr(PjtuiApp, "on_mount", boom)
    monkeypatch.setattr(PjtuiApp, "run", lambda self, **kw: run(self, headless=True, **kw))
    assert run_editor([str(path)]) == 70
    err = capsys.readouterr().err
    assert "pjtui stopped because of an internal error" in err
    assert "Traceback" not in err and "6001" not in err
    assert path.read_bytes() == (SAMPLES / "pjsip_wizard.conf").read_bytes()


async def test_journal_of_an_included_file_is_offered_too(env):
    main = env / "pjsip_wizard.conf"
    main.write_bytes(b"#include office.conf\n")
    (env / "office.conf").write_bytes(INCLUDED)
    edited = INCLUDED + b"endpoint/language = fr\n"
    Journal(str(env / "office.conf"), base_hash=content_hash(INCLUDED)).write(edited)
    app = app_for(main)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "office.conf" in app.screen.message
        await pilot.press("escape")  # not now: the journal is kept for the next start, the file untouched
        await pilot.pause()
        assert not app.session.modified
    assert (env / "office.conf").read_bytes() == INCLUDED
    from pjtui.io import find_journal

    assert find_journal(str(env / "office.conf")).data == edited  # issue 17 item 3: only Discard deletes it
