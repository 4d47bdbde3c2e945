"""Themes: TOML files turned into Textual themes, each colour checked, every failure reported.

Shipped themes live in ``themes/*.toml`` at the project root (installed as the
``pjtui.themes`` package data); the user's own go in ``$XDG_CONFIG_HOME/pjtui/themes/``
and may replace a shipped theme by using its name.

For the app (5a)::

    from pjtui.ui import themes
    class PjtuiApp(App):
        def __init__(self, ...):
            # None, not False: the ANSI theme then really uses the terminal's 16 colours
            super().__init__(ansi_color=True if themes.no_color_requested() else None)
            loaded = themes.register_themes(self)            # shipped + user themes
            # loaded.problems: one message per failure, show them in ONE notification,
            # with themes.unknown_theme_message(settings.theme, self, str(settings.path))
            self.theme = themes.startup_theme(settings.theme, self)
        def get_theme_variable_defaults(self):
            return {**super().get_theme_variable_defaults(), **themes.THEME_VARIABLE_DEFAULTS}

A theme file::

    name = "pjtui-dark"          # required; what the settings and the palette call it
    description = "..."          # optional
    dark = true                  # optional, default true
    ansi = false                 # optional: true = use the terminal's 16 colours as they are
    [colors]                     # primary required; secondary, accent, warning, error,
    primary = "#5fafd7"          # success, foreground, background, surface, panel, boost
    [variables]                  # Textual's theme variables and pjtui's own (below)
    pjtui-own = "#ffd787"

Colours are anything Textual parses: ``#rgb``, ``#rrggbb``, ``rgb(...)``, ``hsl(...)``,
names (``red``), ``ansi_*``; a variable may add an alpha (``"#81a1c1 35%"``).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from rich.text import Text
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.design import ColorSystem
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from pjtui.ui.settings import config_dir, toml_key_lines

if TYPE_CHECKING:
    from textual.app import App

#: pjtui's own CSS variables and their defaults, for App.get_theme_variable_defaults():
#: a theme that leaves one out still gets a working stylesheet.
THEME_VARIABLE_DEFAULTS: dict[str, str] = {
    "pjtui-own": "$text",                 # a value written in this section
    "pjtui-inherited": "$text-primary",   # a value coming from a template
    "pjtui-default": "$text-muted",       # Asterisk's default, nothing written
    "pjtui-unknown": "$text-warning",     # a name Asterisk does not know
}

# Textual's colour system leaves these out for ansi themes, yet its own CSS uses them
# (e.g. Screen:inline uses $ansi-background): without them the stylesheet fails to load.
ANSI_REQUIRED_VARIABLES: dict[str, str] = {
    "ansi-background": "ansi_default",
    "ansi-foreground": "ansi_default",
    "surface-active": "ansi_default",
    "foreground-disabled": "ansi_default",
}

COLOR_KEYS = ("primary", "secondary", "warning", "error", "success", "accent",
              "foreground", "background", "surface", "panel", "boost")
TOP_KEYS = ("name", "description", "dark", "ansi", "luminosity_spread", "text_alpha",
            "colors", "variables")

# Every variable Textual's colour system defines (the ansi set differs slightly).
_TEXTUAL_VARIABLES = frozenset(ColorSystem("#000000").generate()) | frozenset(
    ColorSystem("ansi_blue", ansi=True).generate())
KNOWN_VARIABLES = _TEXTUAL_VARIABLES | frozenset(THEME_VARIABLE_DEFAULTS)

_STYLE_WORDS = frozenset(("none", "not", "bold", "b", "dim", "italic", "i", "underline", "u",
                          "uu", "overline", "o", "strike", "reverse", "blink"))
_ALPHA = re.compile(r"\d{1,3}(\.\d+)?%\Z")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")

SHIPPED_THEMES = ("pjtui-dark", "pjtui-light", "pjtui-ansi")
DEFAULT_THEME = "pjtui-dark"
NO_COLOR_THEME = "pjtui-ansi"


class ThemeError(Exception):
    """A theme file that cannot be used. ``problems`` lists every failure found in it."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ThemeInfo:
    """A loaded theme and where it came from."""

    theme: Theme
    path: str
    source: str          # "shipped" or "user"
    description: str = ""


@dataclass
class LoadedThemes:
    themes: list[ThemeInfo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [t.theme.name for t in self.themes]


# -- locations ---------------------------------------------------------------------------

def shipped_theme_dir() -> Path | None:
    """``pjtui/themes`` in an installed wheel, ``themes/`` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "themes", package.parent / "themes"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    return None


def user_theme_dir(environ: Mapping[str, str] | None = None) -> Path:
    return config_dir(environ) / "themes"


def no_color_requested(environ: Mapping[str, str] | None = None) -> bool:
    """https://no-color.org: NO_COLOR set to anything non-empty turns colour off."""
    env = os.environ if environ is None else environ
    return bool(env.get("NO_COLOR"))


# -- validation --------------------------------------------------------------------------

def _did_you_mean(word: str, choices) -> str:
    hit = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{hit[0]}'?)" if hit else ""


def check_color(value: object) -> str | None:
    """None when ``value`` is a colour Textual accepts, else what is wrong with it."""
    if not isinstance(value, str):
        return f"must be a string such as \"#5fafd7\", not {type(value).__name__}"
    try:
        Color.parse(value.strip())
    except ColorParseError as err:
        hint = f" (did you mean {err.suggested_color!r}?)" if getattr(err, "suggested_color", None) else ""
        return f"'{value}' is not a colour{hint}; use #rrggbb, rgb(r,g,b), a colour name or ansi_*"
    return None


def check_variable(name: str, value: object) -> str | None:
    """Check a [variables] entry: a text style for ``*-text-style``, else a colour [alpha%]."""
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__}"
    words = value.split()
    if name.endswith("text-style") or name.startswith("link-style"):
        bad = [w for w in words if w.lower() not in _STYLE_WORDS]
        if bad or not words:
            return (f"'{value}' is not a text style; use words from "
                    "none, bold, dim, italic, underline, reverse, strike")
        return None
    if not words:
        return "is empty; give a colour"
    if len(words) == 2 and _ALPHA.match(words[1]):
        words = words[:1]
    if len(words) != 1:
        return f"'{value}' is not a colour; use a colour, optionally followed by an alpha like 50%"
    if words[0] == "auto" or words[0].startswith("$"):
        return None
    return check_color(words[0])


def theme_from_toml(text: str, path: str = "<theme>") -> tuple[Theme, str]:
    """Build a Theme from TOML text. Raises ThemeError listing every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ThemeError(path, [f"{path}: not valid TOML: {err}. Fix the syntax or remove the file."]) from None
    lines = toml_key_lines(text)
    problems: list[str] = []

    def where(table: str, key: str) -> str:
        line = lines.get((table, key))
        return f"{path}:{line}" if line else path

    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"{where('', key)}: unknown setting '{key}'{_did_you_mean(key, TOP_KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{path}: missing name = \"...\" (the name the settings and the palette use)")
        name = ""
    elif not _NAME.match(name):
        problems.append(f"{where('', 'name')}: name '{name}' may use only letters, digits, '-', '_' and '.'")
    for key in ("dark", "ansi"):
        if key in data and not isinstance(data[key], bool):
            problems.append(f"{where('', key)}: {key} must be true or false")
    for key in ("luminosity_spread", "text_alpha"):
        if key in data and (isinstance(data[key], bool) or not isinstance(data[key], (int, float))
                            or not 0 <= data[key] <= 1):
            problems.append(f"{where('', key)}: {key} must be a number between 0 and 1")
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(f"{where('', 'description')}: description must be a string")
        description = ""

    colors = data.get("colors", {})
    if not isinstance(colors, dict):
        problems.append(f"{where('', 'colors')}: colors must be a table: [colors]")
        colors = {}
    if "primary" not in colors:
        problems.append(f"{path}: [colors] needs primary = \"#rrggbb\"")
    for key, value in colors.items():
        if key not in COLOR_KEYS:
            problems.append(f"{where('colors', key)}: unknown colour '{key}'{_did_you_mean(key, COLOR_KEYS)}; "
                            f"known: {', '.join(COLOR_KEYS)}")
            continue
        issue = check_color(value)
        if issue:
            problems.append(f"{where('colors', key)}: colors.{key} {issue}")

    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        problems.append(f"{where('', 'variables')}: variables must be a table: [variables]")
        variables = {}
    for key, value in variables.items():
        if key not in KNOWN_VARIABLES:
            problems.append(f"{where('variables', key)}: unknown variable '{key}'"
                            f"{_did_you_mean(key, KNOWN_VARIABLES)}")
            continue
        issue = check_variable(key, value)
        if issue:
            problems.append(f"{where('variables', key)}: variables.{key} {issue}")

    if problems:
        raise ThemeError(path, problems)
    ansi = data.get("ansi", False)
    variables = {k: v.strip() for k, v in variables.items()}
    if ansi:
        variables = {**ANSI_REQUIRED_VARIABLES, **variables}
    theme = Theme(
        name=name,
        dark=data.get("dark", True),
        ansi=ansi,
        variables=variables,
        **{k: v.strip() for k, v in colors.items()},
        **{k: float(data[k]) for k in ("luminosity_spread", "text_alpha") if k in data},
    )
    return theme, description


def load_theme_file(path: str | os.PathLike) -> ThemeInfo:
    """Load one theme file; raises ThemeError (every problem in it) when it is unusable."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as err:
        raise ThemeError(path, [f"{path}: cannot read it: {err.strerror or err}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ThemeError(path, [f"{path}: not UTF-8 text; save it as UTF-8"]) from None
    theme, description = theme_from_toml(text, path)
    return ThemeInfo(theme, path, "shipped", description)


def load_themes(user_dir: str | os.PathLike | None = None, *,
                environ: Mapping[str, str] | None = None) -> LoadedThemes:
    """Shipped themes, then the user's (a user theme may replace a shipped one). Never raises."""
    result = LoadedThemes()
    by_name: dict[str, int] = {}
    directories: list[tuple[Path | None, str]] = [(shipped_theme_dir(), "shipped")]
    directories.append((Path(user_dir) if user_dir is not None else user_theme_dir(environ), "user"))
    for directory, source in directories:
        if directory is None or not directory.is_dir():
            continue
        try:
            files = sorted(directory.glob("*.toml"))
        except OSError as err:
            result.problems.append(f"{directory}: cannot list themes: {err.strerror or err}")
            continue
        for file in files:
            try:
                info = load_theme_file(file)
            except ThemeError as err:
                result.problems.extend(err.problems)
                continue
            info.source = source
            name = info.theme.name
            if name in by_name:
                previous = result.themes[by_name[name]]
                if previous.source == source:
                    result.problems.append(f"{file}: theme '{name}' is also defined in {previous.path}; "
                                           "the later file is used")
                result.themes[by_name[name]] = info
            else:
                by_name[name] = len(result.themes)
                result.themes.append(info)
    return result


def register_themes(app: "App", user_dir: str | os.PathLike | None = None) -> LoadedThemes:
    """Load and register every usable theme with ``app``; returns them and the problems."""
    loaded = load_themes(user_dir)
    for info in loaded.themes:
        app.register_theme(info.theme)
    return loaded


def unknown_theme_message(wanted: str | None, app: "App", where: str = "config.toml") -> str | None:
    """A message when the settings name a theme that is not available (typo, broken file)."""
    if not wanted or wanted in app.available_themes:
        return None
    hint = _did_you_mean(wanted, app.available_themes)
    return (f"{where}: theme '{wanted}' is not available{hint}; using {DEFAULT_THEME}. "
            f"Themes: {', '.join(SHIPPED_THEMES)}, Textual's own, or your files in {user_theme_dir()}")


def startup_theme(wanted: str | None, app: "App", environ: Mapping[str, str] | None = None) -> str:
    """The theme to start with: NO_COLOR wins, then the setting, then pjtui-dark."""
    available = app.available_themes
    if no_color_requested(environ) and NO_COLOR_THEME in available:
        return NO_COLOR_THEME
    if wanted and wanted in available:
        return wanted
    return DEFAULT_THEME if DEFAULT_THEME in available else "textual-dark"


# -- the theme list ------------------------------------------------------------------------

_SWATCH = ("primary", "secondary", "accent", "success", "warning", "error")


def _swatches(theme: Theme) -> Text:
    text = Text()
    background = theme.background or ("#121212" if theme.dark else "#efefef")
    for key in _SWATCH:
        colour = getattr(theme, key) or theme.primary
        try:
            style = f"{Color.parse(colour).rich_color.name} on {Color.parse(background).rich_color.name}"
        except ColorParseError:
            style = ""
        text.append("██", style)
    return text


class ThemeScreen(ModalScreen[str | None]):
    """Every theme pjtui can use, with colour swatches; enter applies one, escape cancels.

    ``app.push_screen(ThemeScreen())`` reads the theme folders again (so a fixed or new
    file shows up without a restart) and lists every failure at the bottom, so a user
    whose theme file is broken sees why it is missing.  Choosing sets ``app.theme``; the
    app's theme-changed handler writes it to the settings, as for the command palette.
    ``ThemeCommands`` is a command palette provider that opens it.
    """

    DEFAULT_CSS = """
    ThemeScreen { align: center middle; }
    ThemeScreen > #theme-dialog { width: 90%; max-width: 110; height: 90%;
        border: round $border; background: $surface; padding: 0 1; }
    ThemeScreen #theme-list { height: 1fr; border: none; padding: 0; }
    ThemeScreen #theme-problems { color: $text-error; height: auto; max-height: 6; }
    ThemeScreen #theme-keys { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="themes.cancel", tooltip="Close without changing the theme"),
    ]

    def __init__(self, loaded: LoadedThemes | None = None) -> None:
        super().__init__()
        self._given = loaded
        self.loaded = loaded if loaded is not None else LoadedThemes()

    def compose(self):
        if self._given is None:
            # Read the theme folders again: a theme file fixed or added since pjtui started
            # shows up (and is registered) without a restart.
            self.loaded = register_themes(self.app)
        with Vertical(id="theme-dialog") as dialog:
            dialog.border_title = "Themes"
            yield OptionList(*self._options(), id="theme-list")
            problems = self.loaded.problems
            yield Static("\n".join(f"✖ {p}" for p in problems), id="theme-problems", markup=False)
            yield Static(f"enter: use it   esc: close   your own: {user_theme_dir()}/*.toml",
                         id="theme-keys", markup=False)

    def _options(self) -> list[Option | None]:
        current = self.app.theme
        infos = {info.theme.name: info for info in self.loaded.themes}
        ours = [name for name in self.app.available_themes if name in infos]
        ours.sort(key=lambda n: (SHIPPED_THEMES.index(n) if n in SHIPPED_THEMES else 99, n))
        others = sorted(n for n in self.app.available_themes if n not in infos)
        width = max((len(n) for n in self.app.available_themes), default=10)
        # the dialog is 90% of the screen, less its border and padding
        width_available = max(20, min(110, self.app.size.width * 9 // 10) - 4 - 2)  # and a scrollbar
        options: list[Option | None] = []
        for group in (ours, others):
            if options and group:
                options.append(None)
            for name in group:
                theme = self.app.available_themes[name]
                info = infos.get(name)
                kind = "ansi" if theme.ansi else ("dark" if theme.dark else "light")
                source = info.source if info is not None else "textual"
                prompt = Text(no_wrap=True, overflow="ellipsis")
                prompt.append("● " if name == current else "  ", "bold")
                prompt.append(name.ljust(width + 1), "bold" if name == current else "")
                prompt.append(f"{kind:<6}{source:<8}")
                prompt.append_text(_swatches(theme))
                if info is not None and info.description:
                    prompt.append("  " + info.description, "dim")
                prompt.truncate(width_available, overflow="ellipsis")
                options.append(Option(prompt, id=name))
        return options

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        self.query_one("#theme-problems").display = bool(self.loaded.problems)
        try:
            option_list.highlighted = option_list.get_option_index(self.app.theme)
        except OptionDoesNotExist:
            option_list.highlighted = 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = event.option.id
        if name is not None:
            self.app.theme = name
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ThemeCommands(Provider):
    """Command palette entry "Themes…" that opens the theme list (add to App.COMMANDS)."""

    TITLE = "Themes…"
    HELP = "Choose a colour theme; it is saved in your config.toml"

    def _open(self) -> None:
        self.app.push_screen(ThemeScreen())

    async def discover(self) -> Hits:
        yield DiscoveryHit(self.TITLE, self._open, help=self.HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match(self.TITLE)
        if score > 0:
            yield Hit(score, matcher.highlight(self.TITLE), self._open, help=self.HELP)
