"""How ``pjtui check`` prints a report: text, JSON, GitHub annotations or SARIF 2.1.0.

Rule ids, their summaries, spec ids and families come from the problem-code registry
(:data:`pjtui.pjsip.checks.CHECKS` and ``CODES``), so these outputs say what
``pjtui check --codes`` says.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO
from urllib.parse import quote

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub's workflow commands have no "hint" level; SARIF calls it "note".
GITHUB_LEVELS = {"error": "error", "warning": "warning", "hint": "notice"}
SARIF_LEVELS = {"error": "error", "warning": "warning", "hint": "note"}


def write_text(report, shown, out: TextIO) -> None:
    for p in shown:
        out.write(p.format() + "\n")
    hints = sum(1 for p in report.problems if p.severity == "hint")
    if report.files:
        print(f"{len(report.files)} file(s) checked: {report.errors} error(s), {report.warnings} "
              f"warning(s), {hints} hint(s)", file=sys.stderr)


def write_json(report, shown, out: TextIO) -> None:
    json.dump({"files": report.files, "context": report.context,
               "unreadable": [{"file": f, "message": m} for f, m in report.unreadable],
               "problems": [p.to_dict() for p in shown],
               "errors": report.errors, "warnings": report.warnings}, out, indent=1)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(p) -> str:
    """``::error file=F,line=N,title=CODE::message`` — one annotation on the PR's diff."""
    level = GITHUB_LEVELS.get(p.severity, "warning")
    return (f"::{level} file={_escape_property(p.file)},line={max(p.line, 1)},"
            f"title={_escape_property(p.code)}::{_escape_data(p.text())}")


def write_github(report, shown, out: TextIO) -> None:
    for path, message in report.unreadable:
        out.write(f"::error file={_escape_property(path)},title=unreadable::{_escape_data(message)}\n")
    for p in shown:
        out.write(github_line(p) + "\n")


def artifact_uri(path: str) -> str:
    """A relative path stays relative (GitHub resolves it against the checkout); an
    absolute one becomes a file:// URI."""
    if os.path.isabs(path):
        return "file://" + quote(path.replace(os.sep, "/"))
    return quote(path.replace(os.sep, "/"))


def sarif_rules() -> list[dict]:
    """One SARIF rule per problem code, with its summary and the spec id it implements."""
    from pjtui.pjsip.checks import CHECKS, CODES

    rules = []
    for code, (severity, spec, title) in CHECKS.items():
        family = getattr(CODES.get(code), "family", "")
        summary = title  # as written: it may start with an option name (sends_registrations)
        help_text = f"{summary}." + (f" Spec: {spec}." if spec else "") + \
            " List every code with: pjtui check --codes."
        rule = {"id": code, "name": code,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": summary + (f" (spec {spec})" if spec else "")},
                "help": {"text": help_text},
                "defaultConfiguration": {"level": SARIF_LEVELS.get(severity, "warning")},
                "properties": {"spec": spec, "severity": severity, "tags": [family] if family else []}}
        rules.append(rule)
    return rules


def sarif_log(report, shown, version: str) -> dict:
    rules = sarif_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for p in shown:
        result = {"ruleId": p.code,
                  "level": SARIF_LEVELS.get(p.severity, "warning"),
                  "message": {"text": p.text()},
                  "locations": [{"physicalLocation": {
                      "artifactLocation": {"uri": artifact_uri(p.file)},
                      "region": {"startLine": max(p.line, 1)}}}]}
        if p.code in index:
            result["ruleIndex"] = index[p.code]
        if p.section:
            result["properties"] = {"section": p.section, **({"key": p.key} if p.key else {})}
        results.append(result)
    notifications = [{"level": "error", "message": {"text": f"cannot read {message}"},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}]}
                     for path, message in report.unreadable]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pjtui", "version": version, "rules": rules}},
            "invocations": [{"executionSuccessful": not report.unreadable,
                             "toolExecutionNotifications": notifications}],
            "results": results,
        }],
    }


def write_sarif(report, shown, out: TextIO) -> None:
    from pjtui.editor_args import version

    json.dump(sarif_log(report, shown, version()), out, indent=1)
    out.write("\n")


WRITERS = {"text": write_text, "json": write_json, "github": write_github, "sarif": write_sarif}
