"""Snapshots of every form tab and of the theme list, at 80x24 and 120x40.

Update after an intended change with ``pytest tests/test_snapshots_forms.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from test_forms import FormHost

from pjtui.ui import themes

TRUNK = b"""\
; an ITSP trunk built from a template
[trunk-defaults](!)
type = wizard
sends_auth = yes
sends_registrations = yes
endpoint/context = from-trunk
endpoint/allow = !all,ulaw,alaw
endpoint/dtmf_mode = rfc4733
aor/qualify_frequency = 60
registration/retry_interval = 30
registration/expiration = 3600

[itsp](trunk-defaults)
remote_hosts = sip.example.net:5060
accepts_auth = yes
inbound_auth/username = itsp-in
inbound_auth/password = S3cr3t-in
outbound_auth/username = acct42
outbound_auth/password = Tr0ub4dor&3
endpoint/from_domain = sip.example.net
endpoint/direct_media = no
endpoint/rtp_timeout = 0x1e
aor/max_contacts = 1
identify/srv_lookups = yes
registration/retry_intrval = 10
has_phoneprov = yes
phoneprov/MAC = 0019159BF771
phoneprov/PROFILE = polycom
Endpoint/language = fr
"""

TABS = ["wizard", "endpoint", "aor", "inbound_auth", "outbound_auth", "identify",
        "registration", "phoneprov", "raw"]


def _host(tab: str) -> FormHost:
    app = FormHost(TRUNK, "pjsip_wizard.conf", "itsp", apply_edits=False)

    def select_tab() -> None:
        from pjtui.ui.forms import SectionForm

        app.query_one(SectionForm).select_tab(tab)

    app.call_after_refresh(select_tab)
    return app


def _snap(snap_compare, tab: str, size: tuple[int, int]) -> bool:
    app = _host(tab)

    async def run_before(pilot) -> None:
        await pilot.pause()
        from pjtui.ui.forms import SectionForm

        app.query_one(SectionForm).select_tab(tab)
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_wizard_tab_80x24(snap_compare):
    assert _snap(snap_compare, "wizard", (80, 24))


def test_wizard_tab_120x40(snap_compare):
    assert _snap(snap_compare, "wizard", (120, 40))


def test_endpoint_tab_80x24(snap_compare):
    assert _snap(snap_compare, "endpoint", (80, 24))


def test_endpoint_tab_120x40(snap_compare):
    assert _snap(snap_compare, "endpoint", (120, 40))


def test_aor_tab_80x24(snap_compare):
    assert _snap(snap_compare, "aor", (80, 24))


def test_aor_tab_120x40(snap_compare):
    assert _snap(snap_compare, "aor", (120, 40))


def test_inbound_auth_tab_80x24(snap_compare):
    assert _snap(snap_compare, "inbound_auth", (80, 24))


def test_inbound_auth_tab_120x40(snap_compare):
    assert _snap(snap_compare, "inbound_auth", (120, 40))


def test_outbound_auth_tab_80x24(snap_compare):
    assert _snap(snap_compare, "outbound_auth", (80, 24))


def test_outbound_auth_tab_120x40(snap_compare):
    assert _snap(snap_compare, "outbound_auth", (120, 40))


def test_identify_tab_80x24(snap_compare):
    assert _snap(snap_compare, "identify", (80, 24))


def test_identify_tab_120x40(snap_compare):
    assert _snap(snap_compare, "identify", (120, 40))


def test_registration_tab_80x24(snap_compare):
    assert _snap(snap_compare, "registration", (80, 24))


def test_registration_tab_120x40(snap_compare):
    assert _snap(snap_compare, "registration", (120, 40))


def test_phoneprov_tab_80x24(snap_compare):
    assert _snap(snap_compare, "phoneprov", (80, 24))


def test_phoneprov_tab_120x40(snap_compare):
    assert _snap(snap_compare, "phoneprov", (120, 40))


def test_raw_tab_80x24(snap_compare):
    assert _snap(snap_compare, "raw", (80, 24))


def test_raw_tab_120x40(snap_compare):
    assert _snap(snap_compare, "raw", (120, 40))


def _theme_list(snap_compare, size: tuple[int, int], monkeypatch) -> bool:
    # The user theme folder is printed: make it the same on every machine.
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/admin/.config")
    user_file = "/home/admin/.config/pjtui/themes/night.toml"
    loaded = themes.load_themes("/nonexistent")
    try:
        themes.theme_from_toml('name = "night"\n[colors]\nprimary = "blu"\nbackground = "#00000g"\n', user_file)
    except themes.ThemeError as error:
        loaded.problems.extend(error.problems)
    app = FormHost(TRUNK, "pjsip_wizard.conf", "itsp", apply_edits=False)

    async def run_before(pilot) -> None:
        await pilot.pause()
        app.push_screen(themes.ThemeScreen(loaded))
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_theme_list_80x24(snap_compare, monkeypatch):
    assert _theme_list(snap_compare, (80, 24), monkeypatch)


def test_theme_list_120x40(snap_compare, monkeypatch):
    assert _theme_list(snap_compare, (120, 40), monkeypatch)


@pytest.mark.parametrize("theme", ["pjtui-light", "pjtui-ansi"])
def test_endpoint_tab_in_light_and_ansi_themes_80x24(snap_compare, theme):
    app = FormHost(TRUNK, "pjsip_wizard.conf", "itsp", apply_edits=False, theme=theme)

    async def run_before(pilot) -> None:
        await pilot.pause()
        from pjtui.ui.forms import SectionForm

        app.query_one(SectionForm).select_tab("endpoint")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_template_shows_its_reach_80x24(snap_compare):
    app = FormHost(TRUNK + b"\n[itsp-2](trunk-defaults)\nremote_hosts = sip2.example.net\n",
                   "pjsip_wizard.conf", "trunk-defaults", apply_edits=False)
    assert snap_compare(app, terminal_size=(80, 24))
