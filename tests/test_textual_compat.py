"""Each private Textual attribute pjtui touches still exists on the pinned Textual."""

import importlib

import pytest
from textual.app import App
from textual.widgets import Footer, Input, Tree

from pjtui.ui import _textual_compat as compat


@pytest.mark.parametrize("module, cls, name, per_instance", compat.PRIVATES,
                         ids=[f"{c}.{n}" for _, c, n, _ in compat.PRIVATES])
def test_the_private_still_exists(module, cls, name, per_instance):
    owner = getattr(importlib.import_module(module), cls)
    if per_instance:
        instance = App() if issubclass(App, owner) else owner()
        assert hasattr(instance, name), f"{cls}().{name} is gone: update pjtui/ui/_textual_compat.py"
    else:
        assert hasattr(owner, name), f"{cls}.{name} is gone: update pjtui/ui/_textual_compat.py"


def test_the_ui_touches_no_private_textual_name_outside_the_compat_module():
    """A new private use goes through _textual_compat (and its list), not straight into a widget."""
    import pathlib
    import re

    names = {name for _, _, name, _ in compat.PRIVATES} - {"_fatal_error"}
    ui = pathlib.Path(compat.__file__).parent
    found = []
    for path in ui.glob("*.py"):
        if path.name == "_textual_compat.py" or path.name == "launch.py":  # launch.py: another branch
            continue
        text = path.read_text()
        found += [f"{path.name}: {n}" for n in names if re.search(rf"\.{n}\b|\"{n}\"", text)]
    assert found == []


async def test_the_helpers_read_a_running_app():
    class Host(App):
        def compose(self):
            yield Tree("root")
            yield Input()
            yield Footer()

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert compat.is_closing(app) is False
        app.set_keymap({"quit": "ctrl+x"})
        assert compat.keymap(app) == {"quit": "ctrl+x"}
        assert compat.app_exception(app) is None
        assert isinstance(compat.footer_bindings_ready(app.query_one(Footer)), bool)
        assert compat.scroll_update(app.query_one(Input), app.query_one(Input).virtual_size) is True
        compat.lay_out_tree_lines(app.query_one(Tree))
        assert app.query_one(Tree).root.line == 0
