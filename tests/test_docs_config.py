"""docs/CONFIG.md stays true: its key map table names every binding id the editor has,
with its default key, and the settings it documents are the ones pjtui reads."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from pjtui.ui.app import PjtuiApp
from pjtui.ui.keytable import default_app
from pjtui.ui.settings import KNOWN_KEYS
from pjtui.ui.themes import SHIPPED_THEMES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "CONFIG.md").read_text(encoding="utf-8")


def documented_bindings() -> dict[str, str]:
    return dict(re.findall(r"^\| `([\w.]+)` \| ([\w+,]+) \|", DOC, flags=re.M))


def test_the_keymap_table_is_every_binding_id_with_its_default_key():
    with default_app() as app:
        ids = app._binding_ids()
    documented = documented_bindings()
    assert sorted(documented) == ids
    from pjtui.ui import forms, problems, tree

    defaults = {}
    for owner in (PjtuiApp, tree.SectionTree, problems.ProblemsList, *vars(forms).values()):
        for binding in getattr(owner, "BINDINGS", []) if isinstance(owner, type) else []:
            if isinstance(binding, Binding) and binding.id:
                defaults[binding.id] = binding.key
    assert {i: defaults[i] for i in ids} == documented


def test_every_setting_and_shipped_theme_is_documented():
    for key in (*KNOWN_KEYS, "asterisk_command"):  # the last one is read by pjtui apply/status
        assert re.search(rf"^\[?{key}\]?\b", DOC, flags=re.M), key
    for theme in SHIPPED_THEMES:
        assert theme in DOC
    assert "$XDG_CONFIG_HOME/pjtui/config.toml" in DOC and "~/.config/pjtui/config.toml" in DOC
