"""``pjtui WORD`` with a mistyped command, or the editor without a terminal: a message and
exit status 2, never an empty new file of that name, never an editor waiting for keys."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pjtui import cli


def _no_editor(monkeypatch):
    import pjtui.ui.launch as launch

    def refuse(*a, **k):
        raise AssertionError("the editor must not start")

    monkeypatch.setattr(launch, "run_editor", refuse)


def test_a_mistyped_command_is_named_with_the_one_meant(monkeypatch, tmp_path, capsys):
    _no_editor(monkeypatch)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["chek"]) == 2
    err = capsys.readouterr().err
    assert "'chek' is neither a command nor a file" in err and "Did you mean 'pjtui check'?" in err
    assert not (tmp_path / "chek").exists()


def test_a_word_that_is_a_file_here_still_opens_it(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wizard").write_text("[a]\n")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    opened = []
    import pjtui.ui.launch as launch

    monkeypatch.setattr(launch, "run_editor", lambda argv, parser=None: opened.append(argv) or 0)
    assert cli.main(["wizard"]) == 0 and opened == [["wizard"]]


def test_without_a_terminal_the_editor_says_so(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pjtui", str(tmp_path / "pjsip_wizard.conf")],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "the editor needs a terminal" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "pjsip_wizard.conf").exists()


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_need_no_terminal(flag):
    out = subprocess.run([sys.executable, "-m", "pjtui", flag], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith(("usage: pjtui", "pjtui "))
