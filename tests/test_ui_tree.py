"""How the Sections tree arranges a configuration (the Outline), and its lazy filling."""

from __future__ import annotations

from pjtui.conf import parse
from pjtui.pjsip.model import build
from pjtui.ui.app import PjtuiApp
from pjtui.ui.problems import Counts
from pjtui.ui.settings import Settings
from pjtui.ui.tree import CHUNK, Outline, SectionTree, counts_text
from pjtui.ui.workspace import open_workspace

WIZARD = b"""\
[base](!)
type = wizard
[phone](!,base)
accepts_auth = yes
[trunk](!)
type = wizard
[6001](phone)
inbound_auth/username = 6001
[both](phone,trunk)
remote_hosts = 192.0.2.1
[6001]
type = wizard
[6001](+)
endpoint/context = x
"""

PJSIP = b"""\
[udp]
type = transport
bind = 0.0.0.0
[6001]
type = endpoint
[6001]
type = aor
[6001]
type = aor
"""


def tree_of(items, depth: int = 0) -> list[str]:
    out = []
    for item in items:
        out.append("  " * depth + item.text + (f" <{item.note}>" if item.note else ""))
        if item.children is not None:
            out.extend(tree_of(item.children(), depth + 1))
    return out


def test_templates_hold_their_children_and_two_parents_show_under_both():
    model = build(parse(WIZARD, "pjsip_wizard.conf"))
    outline = Outline(model, build(parse(PJSIP, "pjsip.conf")), {})
    # the second [6001] is a duplicate wizard (Asterisk expands both, the later one wins);
    # [6001](+) appends to the first non-template [6001]
    assert tree_of(outline.top()) == [
        "base <(!)>",
        "  phone <(!)>",
        "    6001 <duplicate 1/2, +1 (+) block>",
        "      [6001](+) <line 13>",
        "    both <also under trunk>",
        "trunk <(!)>",
        "  both <also under phone>",
        "6001 <duplicate 2/2>",
        "pjsip.conf <4 sections>",
        "  aor <2>",
        "    6001 <duplicate 1/2>",
        "    6001 <duplicate 2/2>",
        "  endpoint <1>",
        "    6001",
        "  transport <1>",
        "    udp",
    ]


def test_counts_glyphs_carry_meaning_without_colour():
    assert counts_text(None).plain == ""
    assert counts_text(Counts()).plain == "✔"
    assert counts_text(Counts(errors=1, warnings=2)).plain == "✖1 ⚠2"
    assert counts_text(Counts(warnings=3)).plain == "⚠3"


async def test_a_template_with_thousands_of_children_fills_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    lines = ["[user](!)\ntype = wizard\n"] + [f"[{1000 + i}](user)\n" for i in range(CHUNK * 2 + 5)]
    path = tmp_path / "pjsip_wizard.conf"
    path.write_text("".join(lines))
    app = PjtuiApp(open_workspace(str(path)), settings=Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(SectionTree)
        user = tree.root.children[0]
        assert user.is_expanded  # the first wizard was revealed at start
        assert len(user.children) == CHUNK + 1
        assert user.children[-1].data.text == f"… {CHUNK + 5} more"
        # jumping to a section beyond the chunk shows it
        last = app.workspace.main.root.sections[-1]
        app.select_section(last)
        await pilot.pause()
        assert tree.cursor_node.data.section is last
        assert len(user.children) == CHUNK * 2 + 5  # every "… more" on the way was opened
