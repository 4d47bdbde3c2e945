"""``pjtui completion bash|zsh|fish``: the scripts, and what ``pjtui`` answers when a shell
asks (subcommands, options, files, the section names of the file on the line)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pjtui.completion import section_names

ROOT = Path(__file__).resolve().parents[1]
WIZARD = ROOT / "samples" / "pjsip_wizard.conf"


# What each shell's script sets before it runs pjtui (see argcomplete's shellcode).
SHELL_ENV = {"bash": {}, "zsh": {"_ARGCOMPLETE_SUPPRESS_SPACE": "1"},
             "fish": {"_ARGCOMPLETE_SUPPRESS_SPACE": "1", "_ARGCOMPLETE_DFS": "\t"}}


def ask_described(line: str, shell: str, tmp_path: Path) -> dict[str, str]:
    """word -> description that ``pjtui`` offers for ``line`` (cursor at its end), as the
    shell's script asks; bash shows no descriptions."""
    out = tmp_path / "completions"
    env = {**os.environ, **SHELL_ENV[shell], "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": shell,
           "COMP_LINE": line, "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
           "_ARGCOMPLETE_IFS": "\n"}
    done = subprocess.run([sys.executable, "-m", "pjtui"], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    sep = {"bash": None, "zsh": ":", "fish": "\t"}[shell]
    got = {}
    for entry in filter(None, out.read_text().split("\n")):
        word, _, description = entry.partition(sep) if sep else (entry, "", "")
        got[word.strip()] = description
    return got


def ask(line: str, shell: str, tmp_path: Path) -> list[str]:
    return list(ask_described(line, shell, tmp_path))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_subcommands_options_and_sections(shell, tmp_path):
    assert ask("pjtui ch", shell, tmp_path) == ["check"]
    assert "completion" in ask("pjtui ", shell, tmp_path)
    assert "--format" in ask("pjtui check --fo", shell, tmp_path)
    assert ask("pjtui check --format s", shell, tmp_path) == ["sarif"]
    assert ask(f"pjtui show {WIZARD} ", shell, tmp_path) == ["user", "6001", "trunk", "trunk-6003"]
    assert ask(f"pjtui get {WIZARD} tr", shell, tmp_path) == ["trunk", "trunk-6003"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_show_each_subcommands_help(shell, tmp_path):
    got = ask_described("pjtui ch", shell, tmp_path)
    assert got == {"check": "report what Asterisk would reject or misread in the files"}


def test_file_arguments_complete_file_names(tmp_path):
    got = ask("pjtui check samples/pjsip_w", "bash", tmp_path)
    assert got == ["samples/pjsip_wizard.conf"]


def test_section_names_of_an_unreadable_file_are_none(tmp_path):
    assert section_names(str(tmp_path / "nope.conf")) == []
    assert section_names(str(tmp_path)) == []


def script(shell: str) -> str:
    done = subprocess.run([sys.executable, "-m", "pjtui", "completion", shell], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def pjtui_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH finds a ``pjtui`` that runs this checkout's pjtui."""
    (tmp_path / "pjtui").write_text(f"#!/bin/sh\nexec {sys.executable} -m pjtui \"$@\"\n")
    (tmp_path / "pjtui").chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}
    env.pop("_ARGCOMPLETE", None)
    return env


def test_bash_script_completes_through_pjtui(tmp_path):
    """Source the script in a real bash and run its completion function, as bash would."""
    if not shutil.which("bash"):
        pytest.skip("no bash")
    env = pjtui_on_path(tmp_path)
    (tmp_path / "completion.bash").write_text(script("bash"))
    words = f"pjtui show {WIZARD} "
    probe = (f'source {tmp_path}/completion.bash; COMP_LINE="{words}"; COMP_POINT={len(words)}; '
             f'COMP_WORDS=(pjtui show {WIZARD} ""); COMP_CWORD=3; _python_argcomplete pjtui; '
             'printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["user", "6001", "trunk", "trunk-6003"]


@pytest.mark.parametrize("shell, checker", [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]),
                                             ("fish", ["fish", "--no-execute"])])
def test_each_script_is_valid_for_its_shell(shell, checker, tmp_path):
    text = script(shell)
    assert "pjtui" in text and "_ARGCOMPLETE" in text
    if not shutil.which(checker[0]):
        pytest.skip(f"{checker[0]} is not installed")
    path = tmp_path / f"pjtui.{shell}"
    path.write_text(text)
    done = subprocess.run([*checker, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_an_unknown_shell_is_refused(capsys):
    from pjtui.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["completion", "tcsh"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_fish_script_completes_through_pjtui(tmp_path):
    """Load the script in a real fish and ask it, as fish does on <TAB>."""
    if not shutil.which("fish"):
        pytest.skip("fish is not installed")
    env = pjtui_on_path(tmp_path)
    (tmp_path / "pjtui.fish").write_text(script("fish"))
    probe = f'source {tmp_path}/pjtui.fish; complete -C "pjtui show {WIZARD} "; complete -C "pjtui ch"'
    done = subprocess.run(["fish", "--no-config", "-c", probe], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sorted(lines[:4]) == sorted(["user", "6001", "trunk", "trunk-6003"])
    assert lines[4] == "check\treport what Asterisk would reject or misread in the files"
