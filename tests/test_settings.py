"""Settings file: defaults, every bad value reported with its line, comment-keeping write-back."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from pjtui.ui.settings import (
    Settings, SettingsError, config_path, load_settings, save_theme, set_value, unknown_bindings,
)

USER_FILE = """\
# my pjtui settings  -- written by hand
theme   =   "pjtui-light"    # easier on the eyes at night

backups = "numbered"  # keep them all
mask_secrets = false

[keymap]
# F-keys survive my terminal multiplexer better
save = "f2"
undo = "ctrl+z,f9"
"""


def test_missing_file_gives_defaults_and_no_message(tmp_path):
    settings, problems = load_settings(tmp_path / "config.toml")
    assert problems == []
    assert settings == Settings(path=tmp_path / "config.toml")
    assert settings.backups == "one" and settings.mask_secrets is True and settings.theme is None


def test_reads_every_setting(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE)
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.theme == "pjtui-light"
    assert settings.backups == "numbered"
    assert settings.mask_secrets is False
    assert settings.keymap == {"save": "f2", "undo": "ctrl+z,f9"}


def test_every_bad_value_is_reported_with_its_line_and_replaced_by_the_default(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = 3\n'
        'backups = "two"\n'
        'mask_secrets = "yes"\n'
        'thme = "x"\n'
        '[keymap]\n'
        'save = "Ctrl+S"\n'
        'quit = "ctrl+q"\n'
        'undo = ""\n'
    )
    settings, problems = load_settings(path)
    assert len(problems) == 6, problems
    text = "\n".join(problems)
    assert f"{path}:1: theme must be a theme name" in text
    assert f"{path}:2: backups = 'two' is not one of none, one, numbered" in text
    assert f"{path}:3: mask_secrets must be true or false" in text
    assert f"{path}:4: unknown setting 'thme' (did you mean 'theme'?)" in text
    assert f"{path}:6: keymap.save has a key Textual does not understand: 'Ctrl+S'" in text
    assert f"{path}:8: keymap.undo must be keys in quotes" in text
    assert settings.theme is None and settings.backups == "one" and settings.mask_secrets is True
    assert settings.keymap == {"quit": "ctrl+q"}


def test_invalid_toml_and_non_utf8_give_defaults_and_one_clear_message(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "x\n')
    settings, problems = load_settings(path)
    assert settings.theme is None
    assert len(problems) == 1 and problems[0].startswith(f"{path}: not valid TOML")
    path.write_bytes(b'theme = "\xff"\n')
    settings, problems = load_settings(path)
    assert len(problems) == 1 and "not UTF-8" in problems[0]


def test_unknown_binding_ids_are_named_with_a_suggestion(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\nsvae = "f2"\nundo = "f9"\n')
    settings, _ = load_settings(path)
    messages = unknown_bindings(settings, ["save", "undo", "quit"])
    assert messages == [f"{path}:2: keymap.svae names no pjtui action (did you mean 'save'?); it is ignored"]


def test_theme_write_back_keeps_comments_spacing_and_order(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE)
    save_theme(path, "pjtui-ansi")
    expected = USER_FILE.replace('theme   =   "pjtui-light"', 'theme   =   "pjtui-ansi"')
    assert path.read_text() == expected
    settings, problems = load_settings(path)
    assert problems == [] and settings.theme == "pjtui-ansi"


def test_theme_added_before_the_first_table_when_absent(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("# just keys\n\n[keymap]\nsave = \"f2\"  # mine\n")
    save_theme(path, "pjtui-dark")
    text = path.read_text()
    assert text == '# just keys\ntheme = "pjtui-dark"\n\n[keymap]\nsave = "f2"  # mine\n'
    assert tomllib.loads(text) == {"theme": "pjtui-dark", "keymap": {"save": "f2"}}


def test_write_back_creates_file_and_directory(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    path = config_path(env)
    assert path == tmp_path / "cfg" / "pjtui" / "config.toml"
    save_theme(path, "pjtui-light")
    assert tomllib.loads(path.read_text())["theme"] == "pjtui-light"
    assert path.read_text().startswith("# pjtui settings")


def test_write_back_refuses_broken_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "config.toml"
    broken = 'theme = "x\n# half typed\n'
    path.write_text(broken)
    with pytest.raises(SettingsError) as info:
        save_theme(path, "pjtui-dark")
    assert "not valid TOML" in str(info.value) and str(path) in str(info.value)
    assert path.read_text() == broken


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_write_back_to_read_only_directory_is_a_clear_error(tmp_path):
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "config.toml"
    path.write_text(USER_FILE)
    directory.chmod(0o500)
    try:
        with pytest.raises(SettingsError) as info:
            save_theme(path, "pjtui-dark")
        assert "unchanged" in str(info.value)
        assert path.read_text() == USER_FILE
        assert sorted(p.name for p in directory.iterdir()) == ["config.toml"]
    finally:
        directory.chmod(0o700)


def test_set_value_keeps_inline_comment_of_the_changed_line():
    text = 'theme = "a"  # why\n'
    assert set_value(text, "theme", "b") == 'theme = "b"  # why\n'


def test_relative_xdg_config_home_is_ignored():
    assert config_path({"XDG_CONFIG_HOME": "rel/dir", "HOME": "/home/u"}) == Path(
        "/home/u/.config/pjtui/config.toml")


def test_write_back_where_a_file_blocks_the_directory_is_a_clear_error(tmp_path):
    blocker = tmp_path / "pjtui"
    blocker.write_text("not a directory")
    with pytest.raises(SettingsError) as info:
        save_theme(blocker / "config.toml", "pjtui-dark")
    assert str(blocker / "config.toml") in str(info.value)
    assert blocker.read_text() == "not a directory"


def test_dotted_binding_ids_work_quoted_or_not(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\nform.reset = "x"\n"form.add" = "plus"\nform.reveal = 3\n')
    settings, problems = load_settings(path)
    assert settings.keymap == {"form.reset": "x", "form.add": "plus"}
    assert problems == [f"{path}:4: keymap.form.reveal must be keys in quotes, e.g. \"ctrl+s\" or "
                        "\"ctrl+s,f2\"; the default key is kept"]
