"""man/pjtui.1 is what the argparse parsers and the editor's key bindings say today."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pjtui import cli
from pjtui._argparse_compat import subcommands
from pjtui.manpage import esc, page, render
from pjtui.ui.keytable import default_key_groups

ROOT = Path(__file__).resolve().parents[1]
MAN = ROOT / "man" / "pjtui.1"


@pytest.fixture(scope="module")
def generated() -> str:
    return page()


def test_the_committed_page_is_up_to_date(generated):
    assert MAN.read_text(encoding="utf-8") == generated, \
        "man/pjtui.1 is out of date: run .venv/bin/python scripts/gen-manpage and commit it"


def test_every_subcommand_and_option_is_in_the_page(generated):
    parser = cli.build_parser()
    for name, sub in subcommands(parser).items():
        assert f'.SS "pjtui {name} ' in generated, name
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"\\fB{esc(option)}\\fR" in generated, (name, option)
    assert "\\fB\\-\\-read\\-only\\fR" in generated  # the editor's own options


def test_the_key_table_is_the_f1_panels():
    groups = default_key_groups()
    text = render(cli.build_parser(), cli.build_editor_parser_for(cli.build_parser()), groups, "9")
    assert [g for g, _ in groups][:2] == ["Everywhere", "Sections tree"]
    for group, rows in groups:
        assert f"\\fB{esc(group)}\\fR" in text
        for key, does in rows:
            assert f"{esc(key)}\t{esc(does)}" in text
    assert any(does == "Save" for _, rows in groups for _, does in rows)


def test_roff_escapes():
    assert esc("--x") == "\\-\\-x"
    assert esc(".dot") == "\\&.dot"
    assert esc("a\\b ↺") == "a\\eb \\[u21BA]"


def test_groff_renders_it_without_warnings():
    if not shutil.which("groff"):
        pytest.skip("groff is not installed")
    done = subprocess.run(["groff", "-t", "-man", "-Tutf8", "-ww", "-z", str(MAN)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_making_the_key_table_leaves_the_heap_unfrozen():
    import gc

    default_key_groups()
    assert gc.get_freeze_count() == 0
