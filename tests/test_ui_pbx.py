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
