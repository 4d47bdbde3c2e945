"""The form panes in a small host app that applies their messages as real document edits.

The host does what the editor app does with the messages (pjtui.conf edits, then the
model rebuilt and ``form.show`` called again), so these tests cover the round trip:
keys pressed -> messages posted -> bytes of the document -> what the form shows.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import App
from textual.widgets import Input, Select, Switch

from pjtui.conf import edits, parse
from pjtui.pjsip.model import build
from pjtui.pjsip.checks import Checker
from pjtui.pjsip.wizard import expand
from pjtui.ui import themes
from pjtui.ui.forms import ParamList, SectionForm, build_rows, form_data
from pjtui.ui.messages import FieldChanged, FieldReset, OptionAdded, OptionEdited, OptionRemoved
from pjtui.ui.session import MASK

WIZARD = b"""\
; phones
[user](!)
type = wizard
accepts_auth = yes
accepts_registrations = yes
endpoint/context = default
endpoint/allow = !all,ulaw
endpoint/callerid = "Desk" <0000>
endpoint/dtmf_mode = rfc4733
aor/max_contacts = 1

[6001](user)
endpoint/callerid = "Reception" <6001>
inbound_auth/username = 6001
inbound_auth/password = s3cret-6001
endpoint/rtp_timeout = 30

[6002](user)
inbound_auth/username = 6002
inbound_auth/password = pw6002
Endpoint/language = fr

[6003](user)
inbound_auth/username = 6003
"""

PJSIP = b"""\
[transport-udp]
type = transport
protocol = udp
bind = 0.0.0.0

[7001]
type = endpoint
context = office
allow = !all,g722
direct_media = no
aors = 7001
"""


class FormHost(App):
    """A minimal editor: one section shown, the form's messages applied to the document."""

    CSS = "SectionForm { height: 1fr; }"

    def __init__(self, data: bytes, name: str, section: str, *, mask_secrets: bool = True,
                 theme: str = "pjtui-dark", apply_edits: bool = True, docs_dir: str | None = None,
                 expand_wizards: bool = True, run_checks: bool = True) -> None:
        super().__init__()
        self.doc = parse(data, name)
        self.section_name = section
        self.section_line = next(s.line for s in self.doc.sections if s.name == section)
        self.posted: list = []
        self.apply_edits = apply_edits
        self.mask = mask_secrets
        self.docs_dir = docs_dir
        self.expand_wizards = expand_wizards
        self.run_checks = run_checks
        self.timings: list[float] = []      # edit + model + form refresh, per message
        self.latencies: list[float] = []    # key event received -> screen repainted (wall)
        self.cpu: list[float] = []          # the same span in CPU time of this process
        self._key_at: float | None = None
        self._key_cpu = 0.0
        themes.register_themes(self, "/nonexistent")
        self.theme = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **themes.THEME_VARIABLE_DEFAULTS}

    def compose(self):
        yield SectionForm(id="form", mask_secrets=self.mask, docs_dir=self.docs_dir)

    @property
    def section(self):
        return self.doc.section_at(self.section_line)

    def on_mount(self) -> None:
        self.refresh_form()
        self.query_one(ParamList).focus()

    def refresh_form(self) -> None:
        model = build(self.doc)
        # like the editor, which expands the wizard for its preview and hands that over
        expansion = expand(model) if self.expand_wizards else None
        section = self.section
        problems = [p for p in Checker(wizard=model).run() if p.section == section.name] if self.run_checks else ()
        self.query_one(SectionForm).show(section, model, expansion, problems)

    async def on_event(self, event) -> None:
        if isinstance(event, events.Key):
            self._key_at = time.perf_counter()
            self._key_cpu = time.process_time()
        await super().on_event(event)

    def _painted(self) -> None:
        if self._key_at is not None:
            self.latencies.append(time.perf_counter() - self._key_at)
            self.cpu.append(time.process_time() - self._key_cpu)
            self._key_at = None

    # -- what the editor app does with each message --------------------------------
    def _apply(self, edit) -> None:
        started = time.perf_counter()
        if self.apply_edits:
            self.doc.apply(edit)
            self.refresh_form()
        self.timings.append(time.perf_counter() - started)
        self.call_after_refresh(self._painted)

    def on_field_changed(self, message: FieldChanged) -> None:
        self.posted.append(("changed", message.section.name, message.key, message.value))
        own = [o for o in self.section.options if o.key.lower() == message.key.lower()]
        self._apply(edits.SetValue(own[-1].line, message.value) if own
                    else edits.AddOption(self.section_line, message.key, message.value))

    def on_field_reset(self, message: FieldReset) -> None:
        self.posted.append(("reset", message.section.name, message.key))
        for option in reversed([o for o in self.section.options if o.key.lower() == message.key.lower()]):
            self._apply(edits.RemoveOption(option.line))

    def on_option_added(self, message: OptionAdded) -> None:
        self.posted.append(("added", message.section.name, message.key, message.value))
        self._apply(edits.AddOption(self.section_line, message.key, message.value))

    def on_option_edited(self, message: OptionEdited) -> None:
        self.posted.append(("edited", message.option_line, message.value))
        self._apply(edits.SetValue(message.option_line, message.value))

    def on_option_removed(self, message: OptionRemoved) -> None:
        self.posted.append(("removed", message.option_line))
        self._apply(edits.RemoveOption(message.option_line))


def form(app) -> SectionForm:
    return app.query_one(SectionForm)


def rows(app):
    return app.query_one(ParamList).rows


def row_text(app, key: str) -> str:
    """The row of ``key`` as drawn on screen."""
    plist = app.query_one(ParamList)
    index = next(i for i, r in enumerate(plist.rows) if r.key == key)
    return plist._render_row(index, plist.scrollable_content_region.width).text


async def goto(pilot, tab: str, key: str) -> None:
    f = form(pilot.app)
    f.select_tab(tab)
    await pilot.pause()
    plist = pilot.app.query_one(ParamList)
    plist.cursor = next(i for i, r in enumerate(plist.rows) if r.key == key)
    plist.focus()
    await pilot.pause()


async def add_name(pilot, tab: str, name: str) -> None:
    """On ``tab``, press a (add parameter), type ``name`` and enter."""
    form(pilot.app).select_tab(tab)
    await pilot.pause()
    await pilot.press("a", *name, "enter")
    await pilot.pause()


# -- the model side of the form (no Textual app needed) --------------------------------

def test_rows_show_effective_value_and_where_it_comes_from():
    doc = parse(WIZARD, "pjsip_wizard.conf")
    model = build(doc)
    data = form_data(doc.find("6001")[0], model)
    assert [t.key for t in data.tabs] == ["wizard", "endpoint", "aor", "inbound_auth", "outbound_auth",
                                         "identify", "registration", "phoneprov", "raw"]
    assert data.title == "6001 ─ wizard, inherits user"
    endpoint = {r.key: r for r in build_rows(data, data.tabs[1]) if r.key}
    context = endpoint["endpoint/context"]
    assert (context.value, context.origin, context.where) == ("default", "inherited", "user:6")
    callerid = endpoint["endpoint/callerid"]
    assert (callerid.value, callerid.origin, callerid.where) == ('"Reception" <6001>', "own", "13")
    assert callerid.resettable and callerid.reset_value == '"Desk" <0000>' and callerid.reset_where == "← user:8"
    direct_media = endpoint["endpoint/direct_media"]
    assert (direct_media.value, direct_media.origin, direct_media.reset_value) == (None, "default", "yes")
    # every endpoint parameter of the catalogue is reachable, the set ones first
    assert len(endpoint) > 140
    assert list(endpoint)[:5] == ["endpoint/context", "endpoint/allow", "endpoint/callerid",
                                  "endpoint/dtmf_mode", "endpoint/rtp_timeout"]


def test_unknown_prefix_is_flagged_with_did_you_mean():
    doc = parse(WIZARD, "pjsip_wizard.conf")
    data = form_data(doc.find("6002")[0], build(doc))
    wizard = {r.key: r for r in build_rows(data, data.tabs[0]) if r.key}
    bad = wizard["Endpoint/language"]
    assert bad.unknown and bad.suggestion == "endpoint/language"
    assert "Asterisk ignores this line" in bad.issue and "did you mean endpoint/language?" in bad.issue


def test_template_lists_the_sections_an_edit_affects():
    doc = parse(WIZARD, "pjsip_wizard.conf")
    data = form_data(doc.find("user")[0], build(doc))
    assert data.affects == ["6001", "6002", "6003"]
    assert data.title == "user ─ wizard template"


def test_pjsip_conf_section_gets_the_tab_of_its_type():
    doc = parse(PJSIP, "pjsip.conf")
    model = build(doc)
    data = form_data(doc.find("7001")[0], model)
    assert [t.key for t in data.tabs] == ["endpoint", "raw"]
    endpoint = {r.key: r for r in build_rows(data, data.tabs[0]) if r.key}
    assert endpoint["context"].value == "office" and endpoint["context"].where == "8"
    data = form_data(doc.find("transport-udp")[0], model)
    assert [t.label for t in data.tabs] == ["Transport", "Raw"]


# -- Pilot: keys pressed, messages posted, bytes changed ------------------------------

async def test_override_an_inherited_value_by_typing():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6003")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/context")
        assert "← user:6" in row_text(app, "endpoint/context")
        await pilot.press("enter")
        assert isinstance(app.focused, Input)
        await pilot.press("home", "ctrl+k", *"office", "enter")
        await pilot.pause()
        changed = [p for p in app.posted if p[0] == "changed"]
        assert changed[0] == ("changed", "6003", "endpoint/context", "")
        assert changed[-1] == ("changed", "6003", "endpoint/context", "office")
        assert {p[2] for p in changed} == {"endpoint/context"}
        # one own line was added, then edited in place as typing went on
        assert app.doc.to_bytes() == WIZARD + b"endpoint/context = office\n"
        assert isinstance(app.focused, ParamList)
        assert "own:25 ↺" in row_text(app, "endpoint/context")


async def test_reset_an_own_value_to_the_inherited_one():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/callerid")
        assert "own:13 ↺" in row_text(app, "endpoint/callerid")
        await pilot.press("r")
        await pilot.pause()
        assert app.posted == [("reset", "6001", "endpoint/callerid")]
        assert b"Reception" not in app.doc.to_bytes()
        text = row_text(app, "endpoint/callerid")
        assert '"Desk" <0000>' in text and "← user:8" in text
        # nothing of its own left: a second r posts nothing
        await pilot.press("r")
        await pilot.pause()
        assert len(app.posted) == 1


async def test_add_unknown_key_offers_did_you_mean_and_tab_takes_it():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await add_name(pilot, "endpoint", "dirct_media")
        status = str(app.query_one("#form-status").render())
        assert "'dirct_media' is not a known endpoint parameter" in status
        assert "did you mean direct_media?" in status
        assert app.posted == []
        await pilot.press("tab", *"no", "enter")
        await pilot.pause()
        assert app.posted == [("added", "6001", "endpoint/direct_media", "no")]
        assert b"endpoint/rtp_timeout = 30\nendpoint/direct_media = no\n\n[6002](user)" in app.doc.to_bytes()


async def test_add_unknown_key_as_typed_after_a_second_enter():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await add_name(pilot, "endpoint", "x_custom")
        assert app.posted == []
        await pilot.press("enter", *"1", "enter")
        await pilot.pause()
        assert app.posted == [("added", "6001", "endpoint/x_custom", "1")]
        row = next(r for r in rows(app) if r.key == "endpoint/x_custom")
        assert row.unknown and row.severity == "error"


async def test_add_known_key_completes_and_adds():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6003")
    async with app.run_test(size=(80, 24)) as pilot:
        form(app).select_tab("aor")
        await pilot.pause()
        await pilot.press("a", *"qualify_fr")
        await pilot.pause()
        await pilot.press("right")      # accept the completion
        assert app.query_one("#form-edit-text", Input).value == "qualify_frequency"
        await pilot.press("enter", *"60", "enter")
        await pilot.pause()
        assert app.posted == [("added", "6003", "aor/qualify_frequency", "60")]


async def test_password_masked_until_revealed():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "inbound_auth", "inbound_auth/password")
        assert MASK in row_text(app, "inbound_auth/password")
        assert "s3cret-6001" not in row_text(app, "inbound_auth/password")
        editor = app.query_one("#form-edit-text", Input)
        assert editor.password is True
        await pilot.press("v")
        await pilot.pause()
        assert "s3cret-6001" in row_text(app, "inbound_auth/password")
        assert editor.password is False
        await pilot.press("v")
        await pilot.pause()
        assert "s3cret-6001" not in row_text(app, "inbound_auth/password")
        assert app.posted == []      # revealing is not an edit


async def test_space_toggles_a_switch_and_number_validation_blocks_bad_values():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/direct_media")
        assert "[x] yes" in row_text(app, "endpoint/direct_media")
        assert app.query_one("#form-edit-bool", Switch).display
        await pilot.press("space")
        await pilot.pause()
        assert app.posted == [("changed", "6001", "endpoint/direct_media", "no")]
        assert "[ ] no" in row_text(app, "endpoint/direct_media")
        await goto(pilot, "endpoint", "endpoint/rtp_timeout")
        await pilot.press("enter", "end", "x")
        await pilot.pause()
        assert len(app.posted) == 1              # '30x' is not sent
        assert "not a non-negative integer" in str(app.query_one("#form-status").render())
        await pilot.press("backspace", "0", "enter")
        await pilot.pause()
        assert app.posted[-1] == ("changed", "6001", "endpoint/rtp_timeout", "300")
        assert b"endpoint/rtp_timeout = 300\n" in app.doc.to_bytes()


async def test_enum_is_a_select_and_posts_the_choice():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6003")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/dtmf_mode")
        select = app.query_one("#form-edit-enum", Select)
        assert select.display and select.value == "rfc4733"
        assert app.posted == []                  # loading the editor posts nothing
        select.value = "info"
        await pilot.pause()
        assert app.posted == [("changed", "6003", "endpoint/dtmf_mode", "info")]


async def test_raw_tab_edits_and_removes_single_lines():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6002")
    async with app.run_test(size=(80, 24)) as pilot:
        form(app).select_tab("raw")
        await pilot.pause()
        assert [r.where for r in rows(app)] == ["19", "20", "21"]
        plist = app.query_one(ParamList)
        plist.cursor = 2
        await pilot.press("d")
        await pilot.pause()
        assert app.posted == [("removed", 21)]
        assert b"Endpoint/language" not in app.doc.to_bytes()
        plist.cursor = 0
        await pilot.press("enter", "end", "9", "enter")
        await pilot.pause()
        assert app.posted[-1] == ("edited", 19, "60029")


async def test_template_shows_how_many_sections_an_edit_affects():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "user")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.query_one("#form-affects").render())
        assert "an edit here changes 3 sections: 6001, 6002, 6003" in text


async def test_full_help_comes_from_the_asterisk_xml_docs(shared):
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001", docs_dir=str(shared / "data" / "asterisk-docs"))
    async with app.run_test(size=(100, 40)) as pilot:
        await goto(pilot, "endpoint", "endpoint/direct_media")
        short = str(app.query_one("#form-help").render())
        assert short.startswith("direct_media: Let media flow directly between peers. Default: yes.")
        await pilot.press("h")
        await pilot.pause()
        full = str(app.query_one("#form-help").render())
        assert full.startswith(short) and len(full) > len(short) + 40
        assert "media" in full[len(short):].lower()


async def test_focus_field_jumps_to_the_row_a_problem_names():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6002")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert form(app).focus_field("inbound_auth/password")
        await pilot.pause()
        assert form(app).active_tab == "inbound_auth"
        assert app.query_one(ParamList).row.key == "inbound_auth/password"
        assert form(app).focus_field("Raw:21")
        await pilot.pause()
        assert form(app).active_tab == "raw" and app.query_one(ParamList).row.key == "Endpoint/language"
        assert not form(app).focus_field("registration/nonsense")


async def test_theme_list_applies_the_chosen_theme():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        loaded = themes.load_themes("/nonexistent")
        app.push_screen(themes.ThemeScreen(loaded))
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.theme == "pjtui-light"
        app.push_screen(themes.ThemeScreen(loaded))
        await pilot.pause()
        await pilot.press("down", "escape")
        await pilot.pause()
        assert app.theme == "pjtui-light"


def _big_section() -> bytes:
    """A wizard whose endpoint sets 200 parameters (every endpoint one, then extras)."""
    from pjtui.pjsip.catalogue import catalogue

    names = [p for p in catalogue().param_names("endpoint") if p != "type"]
    lines = [b"[base](!)", b"type = wizard"]
    lines += [f"endpoint/{n} = base".encode() for n in names[:60]]
    lines += [b"", b"[big](base)"]
    own = names + [f"set_var_{i}" for i in range(200 - len(names))]
    lines += [f"endpoint/{n} = v{i}".encode() for i, n in enumerate(own[:200])]
    return b"\n".join(lines) + b"\n"


async def test_typing_in_a_section_with_200_params_applies_every_keystroke():
    # The speed of this path is measured by benchmarks/bench.py, not asserted here.
    data = _big_section()
    app = FormHost(data, "pjsip_wizard.conf", "big", run_checks=False)   # the app rechecks on its own
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/context")
        assert sum(1 for r in rows(app) if r.origin == "own") >= 200
        await pilot.press("enter", "end")
        app.timings.clear()
        for char in "abcdefghij":
            await pilot.press(char)
            await pilot.pause()
        assert app.query_one("#form-edit-text", Input).value.endswith("abcdefghij")
        assert len(app.timings) == 10, "each keystroke is one edit applied to the document"
        assert b"endpoint/context = v" in app.doc.to_bytes() and b"abcdefghij\n" in app.doc.to_bytes()


async def test_up_and_down_in_an_editor_go_on_to_the_next_field():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "inbound_auth", "inbound_auth/username")
        await pilot.press("enter", "end", "9", "down")
        await pilot.pause()
        editor = app.query_one("#form-edit-text", Input)
        assert app.focused is editor
        assert editor.value == "s3cret-6001" and editor.password is True
        await pilot.press("up")
        await pilot.pause()
        assert app.focused is editor and editor.value == "60019" and editor.password is False
        await pilot.press("down", "down")     # auth_type, which the wizard writes: a choice
        await pilot.pause()
        assert isinstance(app.focused, Select)
        assert app.query_one(ParamList).row.origin == "wizard"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, ParamList)
        assert app.posted == [("changed", "6001", "inbound_auth/username", "60019")]


async def test_without_colour_the_cursor_and_origins_stay_readable(monkeypatch):
    """NO_COLOR: colours are stripped, so the cursor must be reverse video and the origin
    of each value must be in words, not in colour."""
    from textual.filter import NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    assert themes.no_color_requested()
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001", theme="pjtui-ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/callerid")
        plist = app.query_one(ParamList)
        width = plist.scrollable_content_region.width
        strip = plist._render_row(plist.cursor, width)
        plain = NoColor().apply(list(strip), None)
        assert all(seg.style is None or (seg.style.color is None or seg.style.color.is_default)
                   for seg in plain)
        assert any(seg.style is not None and seg.style.reverse for seg in plain if seg.text.strip())
        other = plist._render_row(0, width)
        assert not any(seg.style is not None and seg.style.reverse for seg in other)
        assert "← user:6" in other.text and "own:13 ↺" in strip.text


async def test_theme_command_opens_a_theme_list_that_rereads_the_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(100, 30)) as pilot:
        folder = tmp_path / "pjtui" / "themes"
        folder.mkdir(parents=True)
        (folder / "late.toml").write_text('name = "late"\n[colors]\nprimary = "#5f87af"\n')
        (folder / "broken.toml").write_text('name = "broken"\n[colors]\nprimary = "nope"\n')
        provider = themes.ThemeCommands(app.screen)
        hits = [hit async for hit in provider.search("them")]
        assert [str(h.match_display) for h in hits] == ["Themes…"]
        hits[0].command()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, themes.ThemeScreen)
        assert "late" in app.available_themes
        problems = str(screen.query_one("#theme-problems").render())
        assert "broken.toml:3: colors.primary 'nope' is not a colour" in problems


async def test_mouse_selects_tabs_and_rows():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tabs = app.query_one("#form-tabs")
        text = tabs.render().plain
        await pilot.click("#form-tabs", offset=(text.index("AOR") + 1, 0))
        await pilot.pause()
        assert form(app).active_tab == "aor"
        plist = app.query_one(ParamList)
        add_row = next(i for i, r in enumerate(plist.rows) if r.origin == "add")
        await pilot.click(ParamList, offset=(5, add_row))
        await pilot.pause()
        assert app.focused is app.query_one("#form-edit-text", Input)
        assert str(app.query_one("#form-edit-label").render()) == "add"


async def test_rows_are_drawn_again_in_the_new_theme():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/context")
        plist = app.query_one(ParamList)

        def colours() -> set:
            return {seg.style.color for seg in plist.render_line(1) if seg.style and seg.text.strip()}

        dark = colours()
        app.theme = "pjtui-light"
        await pilot.pause()
        light = colours()
        assert dark and light and dark != light


async def test_typing_into_a_default_starts_empty_with_the_default_as_placeholder():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6003")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/rtp_keepalive")
        await pilot.press("enter")
        editor = app.query_one("#form-edit-text", Input)
        assert editor.value == "" and editor.placeholder.startswith("0 ")
        await pilot.press("3", "0", "enter")
        await pilot.pause()
        assert app.posted[-1] == ("changed", "6003", "endpoint/rtp_keepalive", "30")
        assert b"endpoint/rtp_keepalive = 30\n" in app.doc.to_bytes()


def test_repeated_lines_of_an_accumulating_parameter_add_up():
    data = WIZARD.replace(b"[6003](user)\n", b"[6003](user)\nendpoint/allow = g722\nendpoint/allow = opus\n")
    doc = parse(data, "pjsip_wizard.conf")
    data_ = form_data(doc.find("6003")[0], build(doc))
    allow = next(r for r in build_rows(data_, data_.tabs[1]) if r.key == "endpoint/allow")
    assert allow.value == "!all,ulaw + g722 + opus" and allow.lines == 3
    assert allow.own_lines == (24, 25) and allow.reset_value == "!all,ulaw"


async def test_masking_follows_the_setting():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001", mask_secrets=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "inbound_auth", "inbound_auth/password")
        assert "s3cret-6001" in row_text(app, "inbound_auth/password")
        assert app.query_one("#form-edit-text", Input).password is False
        form(app).mask_secrets = True
        await pilot.pause()
        assert "s3cret-6001" not in row_text(app, "inbound_auth/password")
        assert app.query_one("#form-edit-text", Input).password is True


def test_values_the_wizard_writes_itself_are_shown_and_replaced_lines_flagged():
    data = WIZARD.replace(b"[6003](user)\n", b"[6003](user)\nendpoint/aors = shared\nendpoint/auth = mine\n")
    doc = parse(data, "pjsip_wizard.conf")
    model = build(doc)
    data_ = form_data(doc.find("6003")[0], model, expansion=expand(model))
    endpoint = {r.key: r for r in build_rows(data_, data_.tabs[1]) if r.key}
    aors = endpoint["endpoint/aors"]
    assert (aors.value, aors.origin) == ("shared", "own")
    assert aors.severity == "warning"
    assert aors.issue == "the wizard replaces this with '6003' (from the section name): this line has no effect"
    assert "replaces this with '6003-iauth' (from accepts_auth)" in endpoint["endpoint/auth"].issue
    # a wizard that writes them itself, without lines of its own
    data_ = form_data(doc.find("6001")[0], model, expansion=expand(model))
    endpoint = {r.key: r for r in build_rows(data_, data_.tabs[1]) if r.key}
    assert (endpoint["endpoint/aors"].value, endpoint["endpoint/aors"].origin) == ("6001", "wizard")
    assert endpoint["endpoint/aors"].where == "the section name"
    assert (endpoint["endpoint/auth"].value, endpoint["endpoint/auth"].where) == ("6001-iauth", "accepts_auth")
    inbound = {r.key: r for r in build_rows(data_, data_.tabs[3]) if r.key}
    assert inbound["inbound_auth/auth_type"].origin == "wizard"
    assert inbound["inbound_auth/auth_type"].value == "userpass"
    # without the expansion (a template, or the app did not pass it) nothing is made up
    data_ = form_data(doc.find("6001")[0], model)
    endpoint = {r.key: r for r in build_rows(data_, data_.tabs[1]) if r.key}
    assert endpoint["endpoint/aors"].origin == "default"


async def test_adding_a_name_already_set_here_edits_that_line_instead():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        await add_name(pilot, "endpoint", "callerid")
        assert app.query_one(ParamList).row.key == "endpoint/callerid"
        editor = app.query_one("#form-edit-text", Input)
        assert app.focused is editor and editor.value == '"Reception" <6001>'
        assert "already set here (line 13)" in str(app.query_one("#form-status").render())
        # a list that adds up takes a second line
        await pilot.press("escape", "a", *"allow", "enter", *"g722", "enter")
        await pilot.pause()
        assert app.posted == [("added", "6001", "endpoint/allow", "g722")]
        assert app.query_one(ParamList).row.key == "endpoint/allow"


ODD = b"""\
[base](!)
type = wizard
[child](base,missing)
endpoint/context = x
endpoint/context += -more
[child](+)
endpoint/language = de
[plain]
foo = bar
[7001]
type = Endpoint
[7002]
type = nonsense
[empty]
"""


def test_odd_sections_get_a_form():
    doc = parse(ODD, "pjsip_wizard.conf")
    model = build(doc)
    kinds = {}
    for section in doc.sections:
        data = form_data(section, model, expansion=expand(model))
        kinds[(section.name, section.line)] = [t.key for t in data.tabs]
        for tab in data.tabs:
            build_rows(data, tab)
    assert kinds[("child", 3)][0] == "wizard" and kinds[("child", 6)] == kinds[("child", 3)]
    assert kinds[("plain", 8)] == ["raw"] and kinds[("empty", 14)] == ["raw"]
    assert kinds[("7001", 10)] == ["endpoint", "raw"]        # pjsip.conf type names ignore case
    assert kinds[("7002", 12)] == ["raw"]
    child = form_data(doc.sections[1], model)
    assert child.title == "child ─ wizard, inherits base, missing (not defined!)"
    endpoint = {r.key: r for r in build_rows(child, child.tabs[1]) if r.key}
    assert endpoint["endpoint/context"].value == "x -more"      # += keeps the blank, as Asterisk
    assert endpoint["endpoint/language"].value == "de"        # from the (+) block
    raw = build_rows(child, child.tabs[-1])
    assert [r.label for r in raw][-2:] == ["[child](+) line 6", "endpoint/language"]


def test_every_corpus_section_gets_a_form(shared):
    """Real files: every section of every pjsip*.conf of the corpus and the samples."""
    from conftest import ROOT, shared_files

    files = [p for p in shared_files("corpus") if "pjsip" in p.name]
    files += sorted((ROOT / "samples").rglob("*.conf"))
    sections = 0
    for path in files:
        doc = parse(path.read_bytes(), path.name)
        model = build(doc)
        expansion = expand(model) if "wizard" in path.name else None
        for section in doc.sections:
            data = form_data(section, model, expansion=expansion)
            for tab in data.tabs:
                assert build_rows(data, tab)
            sections += 1
    assert len(files) > 400 and sections > 2000


def test_problems_of_the_checks_mark_the_rows_they_are_about():
    data = WIZARD + b"\n[trunk]\ntype = wizard\nsends_registrations = yes\nendpoint/aors = x\naor/max_contacts = 010\n"
    doc = parse(data, "pjsip_wizard.conf")
    model = build(doc)
    problems = Checker(wizard=model).run()

    def rows_of(name: str, tab: int) -> dict:
        section = doc.find(name)[0]
        mine = [p for p in problems if p.section == name]
        data_ = form_data(section, model, problems=mine)
        return {r.key: r for r in build_rows(data_, data_.tabs[tab]) if r.key}

    wizard = rows_of("trunk", 0)
    assert wizard["sends_registrations"].severity == "error"
    assert wizard["sends_registrations"].issue.startswith("Wizard 'trunk' must have 'remote_hosts' if it sends")
    assert wizard["type"].severity is None
    assert rows_of("trunk", 1)["endpoint/aors"].severity == "warning"
    assert "octal" in rows_of("trunk", 2)["aor/max_contacts"].issue
    # said of the section's header line but about an inherited value: found by name
    inherited = rows_of("6001", 2)["aor/max_contacts"]
    assert inherited.origin == "inherited" and inherited.severity == "warning"
    assert "remove_existing" in inherited.issue


async def test_a_value_written_in_a_plus_block_is_edited_and_reset_there():
    data = WIZARD + b"\n[6003](+)\nendpoint/context = annex\n"
    app = FormHost(data, "pjsip_wizard.conf", "6003")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "endpoint", "endpoint/context")
        assert "own:27 ↺" in row_text(app, "endpoint/context")
        await pilot.press("enter", "end", "2", "enter")
        await pilot.pause()
        assert app.posted == [("edited", 27, "annex2")]
        assert app.doc.to_bytes().endswith(b"[6003](+)\nendpoint/context = annex2\n")
        await pilot.press("r")
        await pilot.pause()
        assert app.posted[-1] == ("removed", 27)
        assert app.doc.to_bytes().endswith(b"[6003](+)\n")
        assert "← user:6" in row_text(app, "endpoint/context")


async def test_a_narrow_form_still_shows_the_active_tab():
    """When even the short tab names do not fit, the row starts further right (‹) so the active one shows."""
    from pjtui.ui.forms import FormTabs

    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(36, 20)) as pilot:
        form = app.query_one(SectionForm)
        form.select_tab("raw")
        await pilot.pause()
        shown = str(app.query_one(FormTabs).render())
        assert shown.startswith("‹") and "Raw" in shown
        form.select_tab("wizard")
        await pilot.pause()
        assert str(app.query_one(FormTabs).render()).startswith(" Wiz")


async def test_r_on_a_raw_line_says_that_d_removes_it():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        form(app).select_tab("raw")
        await pilot.pause()
        app.query_one(ParamList).focus()
        before = app.doc.to_bytes()
        await pilot.press("r")
        await pilot.pause()
        assert "d removes it" in str(app.query_one("#form-status").render())
        assert app.doc.to_bytes() == before


async def test_the_footer_offers_r_on_value_tabs_and_d_on_the_raw_tab():
    app = FormHost(WIZARD, "pjsip_wizard.conf", "6001")
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(ParamList).focus()
        await pilot.pause()

        def shown() -> set:
            return {b.binding.id for b in app.screen.active_bindings.values() if b.binding.show}

        assert "form.reset" in shown() and "form.remove" not in shown()
        before = app.doc.to_bytes()
        await pilot.press("d")          # not offered on a value tab: removes nothing there
        await pilot.pause()
        assert app.doc.to_bytes() == before
        form(app).select_tab("raw")
        await pilot.pause()
        assert "form.remove" in shown() and "form.reset" not in shown()
