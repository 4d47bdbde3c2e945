"""The editor on a 10,000-section wizard file: what keeps it fast, asserted as behaviour.

How fast it is (first paint, keystroke -> preview) is measured by benchmarks/bench.py,
never by a timed test.  Here: the file opens whole, the tree creates its nodes lazily in
chunks (never one per section), a keystroke updates the preview without rebuilding the
whole file's model, and the whole file is checked again in the background afterwards.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pjtui.ui.app import PjtuiApp
from pjtui.ui.forms import ParamList, SectionForm
from pjtui.ui.settings import Settings
from pjtui.ui.tree import CHUNK, SectionTree
from pjtui.ui.workspace import open_workspace

SECTIONS = 10_000


def big_wizard_file() -> bytes:
    out = [
        "[user](!)\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\n"
        "endpoint/context = default\nendpoint/allow = !all,ulaw\naor/max_contacts = 5\n\n",
        "[trunk](!)\ntype = wizard\nsends_registrations = yes\nsends_auth = yes\n"
        "endpoint/context = from-trunk\naor/max_contacts = 1\n\n",
    ]
    for i in range(SECTIONS - 2):
        if i % 20 == 0:
            out.append(f"; trunk {i}\n[trunk-{i}](trunk)\nremote_hosts = 192.0.2.{i % 250 + 1}\n"
                       f"outbound_auth/username = t{i}\noutbound_auth/password = p{i}\n\n")
        else:
            out.append(f"[{10000 + i}](user)\ninbound_auth/username = {10000 + i}\n"
                       f"inbound_auth/password = s{i}x\nendpoint/callerid = \"User {i}\" <{10000 + i}>\n\n")
    return "".join(out).encode()


@pytest.fixture
def big(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(big_wizard_file())
    return path


class CountingApp(PjtuiApp):
    """Counts full rebuilds (re-reading every section and refilling the tree)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rebuilds = 0

    def _rebuild(self, initial: bool = False) -> None:
        self.rebuilds += 1
        super()._rebuild(initial)


def tree_nodes(tree: SectionTree) -> list:
    out, stack = [], [tree.root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.children)
    return out


async def test_10000_sections_open_with_a_lazy_tree_and_typing_updates_the_preview(big, tmp_path):
    workspace = open_workspace(str(big))
    app = CountingApp(workspace, settings=Settings(path=tmp_path / "config.toml"), journal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.selected is not None and app.selected.name == "trunk-0"
        assert len(app.main_model.sections) == SECTIONS
        # the tree holds a few chunks of nodes, not 10,000, and says how many wait
        tree = app.query_one(SectionTree)
        nodes = tree_nodes(tree)
        assert len(nodes) <= 4 * CHUNK
        assert any(n.data is not None and n.data.kind == "more" for n in nodes)
        # opening [user] adds its first chunk of 9,498 children and one "… more" node
        user = next(n for n in nodes if n.data is not None and n.data.kind == "section"
                    and n.data.eff.name == "user")
        user.expand()
        await pilot.pause()
        assert len(user.children) == CHUNK + 1
        assert str(user.children[-1].label).startswith(f"… {SECTIONS - 2 - 500 - CHUNK} more")
        rebuilds = app.rebuilds

        await pilot.press("f3", "right")
        plist = app.query_one(ParamList)
        assert app.query_one(SectionForm).active_tab == "endpoint"
        assert plist.rows[plist.cursor].key == "endpoint/context"
        await pilot.press("enter", "home", "ctrl+k")
        for char in "from-carrier":
            await pilot.press(char)
        await pilot.pause()
        preview = str(app.query_one("#preview-text").render())
        assert "context = from-carrier" in preview
        assert app.session.changes == 1                 # one undo step for the typing
        assert app.rebuilds == rebuilds                 # no keystroke re-read the whole file
        # the whole file is checked again in the background once typing stops
        for _ in range(100):
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            if app.analysis is not None and app.analysis.generation == app.session.generation:
                break
        assert app.analysis.generation == app.session.generation
        assert len(app.analysis.problems) > 0
        # the check thread's expansion and checker are kept out of the collector's reach too
        assert gc.get_freeze_count() > 0
        assert len(tree_nodes(tree)) <= 4 * CHUNK


def _tracked(obj) -> bool:
    """Whether the cyclic collector still walks ``obj`` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


async def test_the_loaded_files_stay_out_of_the_collectors_reach_until_a_rebuild_or_exit(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    sample = Path(__file__).resolve().parents[1] / "samples" / "pjsip_wizard.conf"
    path = tmp_path / "pjsip_wizard.conf"
    path.write_bytes(sample.read_bytes())
    try:
        workspace = open_workspace(str(path))
        section = workspace.main.root.sections[0]
        assert not _tracked(section)                    # frozen as loaded
        app = PjtuiApp(workspace, settings=Settings(path=tmp_path / "config.toml"), journal=False)
        async with app.run_test(size=(80, 24)) as pilot:
            model = app.main_model
            assert not _tracked(model.sections[0])      # the models built at start too
            app._rebuild()                              # a structural edit replaces the models:
            await pilot.pause()
            assert _tracked(model.sections[0])          # the old ones can be collected again
            assert app.query_one(SectionTree).outline.main[0].name == model.sections[0].name
        assert gc.get_freeze_count() == 0               # the closed editor keeps nothing frozen
    finally:
        gc.unfreeze()
