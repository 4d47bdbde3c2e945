"""Issue 12 in the editor: after a save, "Reload now?" against the running Asterisk, the
result in the Problems pane's style, and live state in the tree; with the replaying fake
``asterisk`` (tests/fake_asterisk.py, fixtures from test_pbx_cli)."""

from __future__ import annotations

from pathlib import Path

from pjtui.ui.settings import parse_settings


def test_asterisk_command_is_a_known_setting():
    settings, problems = parse_settings('asterisk_command = "sudo asterisk"\n', Path("config.toml"))
    assert settings.asterisk_command == "sudo asterisk" and problems == []
    settings, problems = parse_settings('theme = "x"\nasterisk_command = 5\n', Path("config.toml"))
    assert settings.asterisk_command is None
    assert problems == ['config.toml:2: asterisk_command must be a command in quotes, '
                        'e.g. asterisk_command = "sudo asterisk"; using asterisk']


def test_the_editor_decides_reload_or_restart_with_pjtui_pbx():
    import pjtui.pbx.reload as core
    import pjtui.ui.reload as ui

    assert ui.SOCKET_KEYS is core.SOCKET_KEYS          # one list, not a copy
    before = b"[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n"
    assert ui.changed_transports(before, before.replace(b"5060", b"5070"), "pjsip.conf") == ["udp"]


# ------------------------------------------------------------------ with the fake asterisk

from pjtui.ui.app import PjtuiApp  # noqa: E402
from pjtui.ui.dialogs import ConfirmScreen, TextScreen  # noqa: E402
from pjtui.ui.settings import Settings  # noqa: E402
from pjtui.ui.tree import SectionTree  # noqa: E402
from pjtui.ui.workspace import open_workspace  # noqa: E402
from tests.test_pbx_cli import etc, fake  # noqa: E402,F401  (fixtures)


def app_on(etc, fake, read_only: bool = False) -> PjtuiApp:
    workspace = open_workspace(str(etc / "pjsip_wizard.conf"), read_only=read_only)
    settings = Settings(path=etc / "config.toml", asterisk_command=str(fake.path))
    return PjtuiApp(workspace, settings=settings, journal=False)


async def wait_for(pilot, check, seconds: float = 30.0) -> None:  # a loaded machine: subprocesses are slow
    for _ in range(int(seconds / 0.1)):
        if check():
            return
        await pilot.pause(0.1)
    assert check()


async def edit_and_save(pilot) -> None:
    app = pilot.app
    from pjtui.conf import edits

    doc = app.workspace.main.root
    section = next(s for s in doc.sections if s.name == "6001")
    app.apply("ctx", [(doc, edits.AddOption(section.line, "endpoint/language", "fr"))], structural=True)
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")   # Save (no errors in the seed)


async def test_after_a_save_reload_now_shows_the_command_then_what_asterisk_loaded(fake, etc):
    app = app_on(etc, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_and_save(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.title_text == "Reload now?"
        assert f'{fake.path} -rx \'module reload res_pjsip.so\'' in app.screen.message
        assert "module reload res_pjsip.so" not in fake.commands()     # nothing sent before yes
        await pilot.press("left", "enter")   # Reload
        await wait_for(pilot, lambda: isinstance(app.screen, TextScreen))
        assert "module reload res_pjsip.so" in fake.commands()
        shown = app.screen.body.plain
        assert "sent: module reload res_pjsip.so" in app.screen.message
        assert "differs:" in shown or "missing:" in shown or "loaded every object" in shown, shown
        await pilot.press("enter")
        # then the live state comes into the tree, in a worker
        await wait_for(pilot, lambda: app.pbx.live)
        tree = app.query_one(SectionTree)
        labels = [str(n.label) for n in tree._item_nodes.get(next(k for k in tree._item_nodes if "6001" in k), [])]
        assert any("registered ✔" in label for label in labels), labels


async def test_reload_logs_errors_and_drift_in_problem_rows(fake, etc, tmp_path, monkeypatch):
    from tests.test_pbx_cli import DATA

    monkeypatch.setenv("FAKE_ASTERISK_LOG", str(tmp_path / "log" / "messages.log"))
    monkeypatch.setenv("FAKE_ASTERISK_RELOAD_LOG", str(DATA / "reload-errors.log"))
    app = app_on(etc, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        app.pbx.reload()
        await wait_for(pilot, lambda: isinstance(app.screen, TextScreen))
        shown = app.screen.body.plain
        assert "Asterisk logged" in shown and ("✖ error" in shown or "⚠ warning" in shown), shown


async def test_live_state_on_demand_never_blocks_typing(fake, etc, monkeypatch):
    monkeypatch.setenv("FAKE_ASTERISK_VARIANT", "-unregistered")
    app = app_on(etc, fake, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.press("slash", *"600")       # typing while Asterisk is asked
        assert app.query_one("#filter").value == "600"
        await wait_for(pilot, lambda: app.pbx.live)
        assert app.pbx.live == {"6001": "unavailable", "trunk-6003": "unavailable"}
        assert "module reload res_pjsip.so" not in fake.commands()


async def test_read_only_never_reloads(fake, etc):
    app = app_on(etc, fake, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_reload_asterisk()
        app.pbx.after_save(None)
        await pilot.pause(0.5)
        assert not isinstance(app.screen, ConfirmScreen)
    assert "module reload res_pjsip.so" not in fake.commands()


async def test_asterisk_not_running_on_demand_says_why(fake, etc, monkeypatch):
    monkeypatch.setenv("FAKE_ASTERISK_MODE", "not-running")
    app = app_on(etc, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.pbx.live_error is not None)
        assert "Asterisk is not running" in app.pbx.live_error
        assert any("Asterisk is not running" in n.message for n in app._notifications)
