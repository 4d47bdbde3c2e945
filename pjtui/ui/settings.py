"""User settings: ``$XDG_CONFIG_HOME/pjtui/config.toml`` (``~/.config/pjtui/config.toml``).

    theme = "pjtui-dark"        # a theme name (see pjtui.ui.themes)
    backups = "one"             # none | one (file.bak) | numbered (file.bak.1, .2, ...)
    mask_secrets = true         # passwords shown as •••• until revealed
    asterisk_command = "sudo asterisk"   # how to run Asterisk's CLI (reload, live state)
    [keymap]                    # binding id = keys, as Textual's App.set_keymap takes them
    save = "ctrl+s"
    undo = "ctrl+z,f9"
    form.reset = "x"            # dotted ids may be written unquoted

For the app (5a)::

    from pjtui.ui.settings import load_settings, save_theme, SettingsError
    settings, problems = load_settings()       # never raises; problems: messages to show
    self.set_keymap(settings.keymap)
    self.theme_changed_signal.subscribe(self, lambda theme: save_theme(settings.path, theme.name))
    # save_theme raises SettingsError with a message for the user (notify it)

Reading uses tomllib; writing back uses tomlkit, so the user's comments, order and
spacing stay exactly as they were and only the ``theme`` value changes.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

BACKUP_CHOICES = ("none", "one", "numbered")
KNOWN_KEYS = ("theme", "backups", "mask_secrets", "keymap", "asterisk_command")
# A key as Textual names it: ctrl+s, f5, shift+tab, ctrl+left, question_mark, a, 1 ...
_KEY = re.compile(r"([a-z]+\+)*[a-z0-9_]+\Z")

NEW_FILE_HEADER = """\
# pjtui settings. pjtui rewrites only the values it changes and keeps your comments.
"""


class SettingsError(Exception):
    """Settings could not be written. ``str(err)`` is the message for the user."""


@dataclass
class Settings:
    path: Path
    theme: str | None = None
    backups: str = "one"
    mask_secrets: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    asterisk_command: str | None = None     # None: asterisk (pjtui.pbx splits it like a shell)


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or ""
    # The XDG spec says a relative value is invalid and must be ignored.
    if not base or not os.path.isabs(base):
        base = os.path.join(env.get("HOME") or os.path.expanduser("~"), ".config")
    return Path(base) / "pjtui"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    return config_dir(environ) / "config.toml"


def toml_key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> 1-based line of its first assignment, to point messages at a line."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"\[\s*([^\]]+?)\s*\]", line)
        if header:
            table = header.group(1).strip('"\'')
            continue
        m = re.match(r"""("[^"]*"|'[^']*'|[A-Za-z0-9_.+-]+)\s*=""", line)
        if m:
            lines.setdefault((table, m.group(1).strip('"\'')), number)
    return lines


def _line_of(text: str, key: str, table: str = "") -> int | None:
    return toml_key_lines(text).get((table, key))


def parse_settings(text: str, path: Path) -> tuple[Settings, list[str]]:
    """Settings from TOML text; every bad value is reported and replaced by its default."""
    settings = Settings(path=path)
    problems: list[str] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return settings, [f"{path}: not valid TOML ({err}); using the default settings. "
                          "Fix the file, or delete it to start again."]

    def where(key: str, table: str = "") -> str:
        line = _line_of(text, key, table)
        return f"{path}:{line}" if line else str(path)

    for key in data:
        if key not in KNOWN_KEYS:
            import difflib

            hit = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{hit[0]}'?)" if hit else ""
            problems.append(f"{where(key)}: unknown setting '{key}'{hint}; it is ignored. "
                            f"Known: {', '.join(KNOWN_KEYS)}")

    if "theme" in data:
        theme = data["theme"]
        if isinstance(theme, str) and theme.strip():
            settings.theme = theme.strip()
        else:
            problems.append(f"{where('theme')}: theme must be a theme name in quotes, "
                            "e.g. theme = \"pjtui-dark\"")

    if "backups" in data:
        backups = data["backups"]
        if isinstance(backups, str) and backups.strip().lower() in BACKUP_CHOICES:
            settings.backups = backups.strip().lower()
        else:
            problems.append(f"{where('backups')}: backups = {backups!r} is not one of "
                            f"{', '.join(BACKUP_CHOICES)}; using \"one\"")

    if "mask_secrets" in data:
        mask = data["mask_secrets"]
        if isinstance(mask, bool):
            settings.mask_secrets = mask
        else:
            problems.append(f"{where('mask_secrets')}: mask_secrets must be true or false "
                            f"(without quotes), not {mask!r}; passwords stay masked")

    if "asterisk_command" in data:
        command = data["asterisk_command"]
        if isinstance(command, str) and command.strip():
            settings.asterisk_command = command.strip()
        else:
            problems.append(f"{where('asterisk_command')}: asterisk_command must be a command in quotes, "
                            "e.g. asterisk_command = \"sudo asterisk\"; using asterisk")

    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        problems.append(f"{where('keymap')}: keymap must be a table: [keymap] with lines like "
                        "save = \"ctrl+s\"")
        keymap = {}
    for binding_id, keys in _flatten(keymap):
        bad = None
        if not isinstance(keys, str) or not keys.strip():
            bad = "must be keys in quotes, e.g. \"ctrl+s\" or \"ctrl+s,f2\""
        else:
            wrong = [k for k in (k.strip() for k in keys.split(",")) if not _KEY.match(k)]
            if wrong:
                bad = (f"has a key Textual does not understand: {', '.join(repr(w) for w in wrong)} "
                       "(write keys like ctrl+s, f5, shift+tab, in lower case)")
        if bad:
            problems.append(f"{where(binding_id, 'keymap')}: keymap.{binding_id} {bad}; "
                            "the default key is kept")
        else:
            settings.keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return settings, problems


def _flatten(table: dict, prefix: str = ""):
    """Binding ids contain dots (form.reset); written unquoted, TOML nests them: undo that."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def load_settings(path: str | os.PathLike | None = None, *,
                  environ: Mapping[str, str] | None = None) -> tuple[Settings, list[str]]:
    """Read the settings file. Never raises: a missing file is the defaults, no message."""
    file = Path(path) if path is not None else config_path(environ)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return Settings(path=file), []
    except OSError as err:
        return Settings(path=file), [f"{file}: cannot read it ({err.strerror or err}); "
                                     "using the default settings."]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Settings(path=file), [f"{file}: not UTF-8 text; using the default settings. "
                                     "Save it as UTF-8."]
    return parse_settings(text, file)


def unknown_bindings(settings: Settings, binding_ids) -> list[str]:
    """Messages for keymap entries that name no binding of the app (typos)."""
    import difflib

    known = sorted(set(binding_ids))
    messages = []
    for binding_id in settings.keymap:
        if binding_id not in known:
            hit = difflib.get_close_matches(binding_id, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{hit[0]}'?)" if hit else ""
            line = _line_of(_read_text(settings.path), binding_id, "keymap")
            where = f"{settings.path}:{line}" if line else str(settings.path)
            messages.append(f"{where}: keymap.{binding_id} names no pjtui action{hint}; it is ignored")
    return messages


def _read_text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def set_value(text: str, key: str, value) -> str:
    """``text`` with top-level ``key`` set to ``value``; comments and layout untouched."""
    import tomlkit

    document = tomlkit.parse(text)
    if key in document:
        document[key] = value
        return tomlkit.dumps(document)
    # A new top-level key must go before the first table, or TOML would put it inside it.
    new_line = tomlkit.dumps({key: value})
    match = re.search(r"^\s*\[", text, re.MULTILINE)
    if match is None:
        if text and not text.endswith("\n"):
            text += "\n"
        return text + new_line
    head, tail = text[:match.start()], text[match.start():]
    if head and not head.endswith("\n"):
        head += "\n"
    return head + new_line + ("\n" if not head.strip() else "") + tail


def save_theme(path: str | os.PathLike, theme: str) -> None:
    """Write ``theme = "<theme>"`` into the settings file, keeping everything else as it is.

    Creates the file (and its directory) when missing. Raises SettingsError with a message
    for the user; the file is then unchanged.
    """
    save_value(path, "theme", theme)


def save_value(path: str | os.PathLike, key: str, value) -> None:
    import tomlkit.exceptions

    file = Path(path)
    try:
        raw = file.read_bytes()
        existed = True
    except FileNotFoundError:
        raw, existed = NEW_FILE_HEADER.encode(), False
    except OSError as err:
        raise SettingsError(f"Cannot read {file} to save the {key}: {err.strerror or err}.") from None
    try:
        text = raw.decode("utf-8")
        new_text = set_value(text, key, value)
    except (UnicodeDecodeError, tomlkit.exceptions.TOMLKitError) as err:
        raise SettingsError(f"Not saving the {key} to {file}: the file is not valid TOML ({err}). "
                            "Fix it and pjtui will update it next time.") from None
    if existed and new_text == text:
        return
    _atomic_write(file, new_text.encode("utf-8"))


def _atomic_write(file: Path, data: bytes) -> None:
    """Write a temporary file next to ``file`` and rename it over: never half a file."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        target = file.resolve()
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        fd, tmp = tempfile.mkstemp(prefix=".config.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError as err:
        raise SettingsError(f"Cannot save settings to {file}: {err.strerror or err}. "
                            "Your settings file is unchanged.") from None
