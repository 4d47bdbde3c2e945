"""Theme files: shipped themes load, every bad colour is reported at once, user themes,
readability in 256 and 16 colours, NO_COLOR, packaging."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rich.color import ColorSystem
from textual.app import App
from textual.color import Color
from textual.design import ColorSystem as ColorSystem_

from pjtui.ui import themes

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_themes_load_without_problems():
    loaded = themes.load_themes(user_dir="/nonexistent")
    assert loaded.problems == []
    assert set(themes.SHIPPED_THEMES) <= set(loaded.names())
    by_name = {t.theme.name: t.theme for t in loaded.themes}
    assert by_name["pjtui-dark"].dark is True
    assert by_name["pjtui-light"].dark is False
    assert by_name["pjtui-ansi"].ansi is True


def test_every_failure_in_a_file_is_reported_with_its_line(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text(
        'name = "broken"\n'
        "[colors]\n"
        'primary = "#12345"\n'          # 5 hex digits
        'background = "blu"\n'          # misspelt name
        'surfase = "#000000"\n'         # unknown key
        "foreground = 12\n"             # not a string
        "[variables]\n"
        'pjtui-own = "#ffffff 150"\n'   # alpha without %
        'block-cursor-text-style = "bolt"\n'
        'pjtui-inherted = "#ffffff"\n'  # unknown variable
    )
    with pytest.raises(themes.ThemeError) as info:
        themes.load_theme_file(bad)
    problems = info.value.problems
    assert len(problems) == 7, problems
    text = "\n".join(problems)
    assert f"{bad}:3: colors.primary '#12345' is not a colour" in text
    assert f"{bad}:4: colors.background 'blu'" in text and "did you mean 'blue'" in text
    assert f"{bad}:5: unknown colour 'surfase' (did you mean 'surface'?)" in text
    assert f"{bad}:6: colors.foreground must be a string" in text
    assert f"{bad}:8: variables.pjtui-own" in text
    assert f"{bad}:9: variables.block-cursor-text-style 'bolt' is not a text style" in text
    assert f"{bad}:10: unknown variable 'pjtui-inherted' (did you mean 'pjtui-inherited'?)" in text


def test_missing_name_and_primary_and_syntax_errors_are_reported(tmp_path):
    with pytest.raises(themes.ThemeError) as info:
        themes.theme_from_toml("[colors]\nbackground = '#000000'\n", "t.toml")
    assert any("missing name" in p for p in info.value.problems)
    assert any("needs primary" in p for p in info.value.problems)
    with pytest.raises(themes.ThemeError) as info:
        themes.theme_from_toml("name = \n", "t.toml")
    assert info.value.problems[0].startswith("t.toml: not valid TOML")


def test_user_themes_load_replace_and_failures_are_collected(tmp_path):
    (tmp_path / "mine.toml").write_text('name = "mine"\ndark = false\n[colors]\nprimary = "#005f87"\n')
    (tmp_path / "dark.toml").write_text(
        'name = "pjtui-dark"\n[colors]\nprimary = "#ff0000"\nbackground = "#000000"\n')
    (tmp_path / "bad1.toml").write_text('name = "bad1"\n[colors]\nprimary = "nope"\n')
    (tmp_path / "bad2.toml").write_text('name = "bad2"\n[colors]\nprimary = "#fff"\nerror = "x"\n')
    loaded = themes.load_themes(user_dir=tmp_path)
    by_name = {t.theme.name: t for t in loaded.themes}
    assert by_name["mine"].source == "user" and by_name["mine"].theme.dark is False
    # a user theme with a shipped name replaces it
    assert by_name["pjtui-dark"].theme.primary == "#ff0000"
    assert by_name["pjtui-dark"].source == "user"
    assert "bad1" not in by_name and "bad2" not in by_name
    assert len(loaded.problems) == 2
    assert any("bad1.toml:3" in p for p in loaded.problems)
    assert any("bad2.toml:4" in p for p in loaded.problems)


def test_user_theme_dir_follows_xdg_config_home(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path), "HOME": "/home/x"}
    assert themes.user_theme_dir(env) == tmp_path / "pjtui" / "themes"
    assert themes.user_theme_dir({"HOME": "/home/x"}) == Path("/home/x/.config/pjtui/themes")


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def _contrast(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio."""
    low, high = sorted((_luminance(a), _luminance(b)))
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", ["pjtui-dark", "pjtui-light"])
def test_text_readable_in_truecolor_256_and_16_colours(name):
    loaded = themes.load_themes(user_dir="/nonexistent")
    theme = next(t.theme for t in loaded.themes if t.theme.name == name)
    text = {"foreground": theme.foreground}
    for var in ("pjtui-own", "pjtui-inherited", "pjtui-default", "pjtui-unknown"):
        text[var] = theme.variables[var]
    accents = {"primary": theme.primary, "error": theme.error, "warning": theme.warning,
               "success": theme.success}
    for ground in (theme.background, theme.surface):
        back = Color.parse(ground)
        for label, value in {**text, **accents}.items():
            colour = Color.parse(value)
            # WCAG AA: 4.5 for text, 3 for large/accent marks
            assert _contrast(colour, back) >= (4.5 if label in text else 3.0), (name, label, ground)
            for system in (ColorSystem.EIGHT_BIT, ColorSystem.STANDARD):
                fg = colour.rich_color.downgrade(system)
                bg = back.rich_color.downgrade(system)
                assert fg.number != bg.number, (name, label, system)
    # where a value comes from must not look the same in 256 colours
    origins = [theme.variables[v] for v in ("pjtui-own", "pjtui-inherited", "pjtui-default")]
    numbers = {Color.parse(c).rich_color.downgrade(ColorSystem.EIGHT_BIT).number for c in origins}
    assert len(numbers) == 3


def test_ansi_theme_uses_only_ansi_colours():
    loaded = themes.load_themes(user_dir="/nonexistent")
    info = next(t for t in loaded.themes if t.theme.name == "pjtui-ansi")
    data = tomllib.loads(Path(info.path).read_text())
    for key, value in {**data["colors"], **data["variables"]}.items():
        if not key.endswith("text-style"):
            assert value.startswith("ansi_"), key


def test_no_color_and_startup_theme():
    class Plain(App):
        pass

    app = Plain()
    themes.register_themes(app, "/nonexistent")
    assert themes.no_color_requested({"NO_COLOR": "1"})
    assert not themes.no_color_requested({"NO_COLOR": ""})
    assert not themes.no_color_requested({})
    assert themes.startup_theme("pjtui-light", app, {"NO_COLOR": "1"}) == "pjtui-ansi"
    assert themes.startup_theme("pjtui-light", app, {}) == "pjtui-light"
    assert themes.startup_theme("no-such-theme", app, {}) == "pjtui-dark"
    assert themes.startup_theme(None, app, {}) == "pjtui-dark"


def test_own_variables_have_defaults_so_a_minimal_theme_still_styles():
    class Minimal(App):
        CSS = "Screen { color: $pjtui-inherited; background: $background; }"

        def get_theme_variable_defaults(self):
            return {**super().get_theme_variable_defaults(), **themes.THEME_VARIABLE_DEFAULTS}

    app = Minimal()
    theme, _ = themes.theme_from_toml('name = "bare"\n[colors]\nprimary = "#005f87"\n')
    app.register_theme(theme)
    app.theme = "bare"
    variables = app.get_css_variables()
    for name in themes.THEME_VARIABLE_DEFAULTS:
        assert name in variables


def test_pyproject_ships_themes_and_lists_every_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = data["tool"]["setuptools"]
    assert setuptools["package-dir"]["pjtui.themes"] == "themes"
    assert "*.toml" in setuptools["package-data"]["pjtui.themes"]
    packages = set(setuptools["packages"])
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "pjtui").rglob("__init__.py")
    }
    missing = on_disk - packages
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert any((ROOT / "themes").glob("*.toml"))


def test_every_theme_defines_every_variable_textuals_css_uses(tmp_path):
    """An ansi theme gets a smaller variable set from Textual; the stylesheet needs them all."""
    (tmp_path / "bare-ansi.toml").write_text('name = "bare-ansi"\nansi = true\n[colors]\nprimary = "ansi_blue"\n')
    loaded = themes.load_themes(user_dir=tmp_path)
    needed = set(ColorSystem_("#0178D4").generate())
    for info in loaded.themes:
        theme = info.theme
        have = set(theme.to_color_system().generate()) | set(theme.variables)
        assert needed <= have, (theme.name, sorted(needed - have))


def test_a_theme_name_that_is_not_available_is_reported_with_a_suggestion():
    app = App()
    themes.register_themes(app, "/nonexistent")
    message = themes.unknown_theme_message("pjtui-lite", app, "/home/u/.config/pjtui/config.toml")
    assert message.startswith("/home/u/.config/pjtui/config.toml: theme 'pjtui-lite' is not available "
                              "(did you mean 'pjtui-light'?); using pjtui-dark.")
    assert themes.unknown_theme_message("pjtui-light", app) is None
    assert themes.unknown_theme_message(None, app) is None
