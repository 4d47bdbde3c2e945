"""``pjtui --version``, ``python -m pjtui``, ``pjtui --help``, and cli/ui.launch kept apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from importlib.metadata import version

import pytest

from pjtui import cli
from pjtui._argparse_compat import subcommand_help


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, timeout=60, **kwargs)


def test_python_dash_m_prints_the_version_from_the_package_metadata():
    done = run("-m", "pjtui", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"pjtui {version('pjtui')}\n"


def test_version_on_the_command_parser_too(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"pjtui {version('pjtui')}"


def test_module_version_attribute_is_the_metadata_one():
    import pjtui

    assert pjtui.__version__ == version("pjtui")


def test_help_lists_every_subcommand_on_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: pjtui" in out and "FILE" in out
    lines = out.splitlines()
    for name, text in subcommand_help(cli.build_parser()).items():
        hits = [line for line in lines if line.split()[:1] == [name]]
        assert len(hits) == 1 and hits[0].endswith(text), name


@pytest.mark.parametrize("module, absent", [("pjtui.cli", "pjtui.ui"), ("pjtui.ui.launch", "pjtui.cli")])
def test_cli_and_the_launcher_do_not_import_each_other(module, absent):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith({absent!r})))"
    done = run("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_reader_that_leaves_early_gets_no_traceback():
    """``pjtui check --format sarif FILE | head -1``: the pipe closes before pjtui writes."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "pjtui", "check", "--format", "sarif",
                               str(SAMPLES / "pjsip_wizard.conf")], stdout=write_end, stderr=subprocess.PIPE,
                              text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
