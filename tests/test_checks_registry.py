"""The checks' registry: one table says what each code means, and every place that lists
codes (``pjtui check --codes``, the README) is made from it; rules declare what they read."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from pjtui.cli import main
from pjtui.conf import parse
from pjtui.pjsip import checks
from pjtui.pjsip.checks import CHECKS, CODES, Checker, Problem, read_keys, rule
from pjtui.pjsip.checks import codes as codes_module
from pjtui.pjsip.checks import registry
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import PRESENCE_KEYS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pjtui" / "pjsip" / "checks"


def test_the_registry_is_consistent():
    assert registry.problems_in_registry() == []
    assert set(CHECKS) == set(CODES)
    for code, (severity, spec, summary) in CHECKS.items():
        assert severity in registry.SEVERITIES and summary, code
        assert CODES[code].family in codes_module_families(), code


def codes_module_families() -> set[str]:
    return {p.stem for p in PACKAGE.glob("*.py")}


def test_a_code_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="declared twice"):
        rule("bad-value", "error", "again", scope=registry.WIZARD)(lambda ctx, w, file, line: [])


def test_readme_table_is_the_one_the_registry_makes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = codes_module.readme_table(readme)
    assert table is not None, "README.md lost the markers of the problem code table"
    assert table == codes_module.markdown_table(), \
        "README.md's table of codes is stale: run .venv/bin/python -m pjtui.pjsip.checks.codes README.md"
    for code in CODES:
        assert f"| `{code}` |" in table


def test_the_regeneration_script_rewrites_only_the_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nbefore\n{codes_module.BEGIN}\n| old | table |\n{codes_module.END}\nafter\n",
                      encoding="utf-8")
    assert codes_module.main([str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# x\n\nbefore\n") and text.endswith(f"{codes_module.END}\nafter\n")
    assert "| old | table |" not in text
    assert codes_module.readme_table(text) == codes_module.markdown_table()
    assert codes_module.main([str(readme)]) == 0 and readme.read_text(encoding="utf-8") == text
    (tmp_path / "bare.md").write_text("no markers\n", encoding="utf-8")
    assert codes_module.main([str(tmp_path / "bare.md")]) == 1


def test_check_codes_prints_the_registry(capsys):
    assert main(["check", "--codes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [c.code for c in registry.ordered()]
    first = next(line for line in lines if line.startswith("wizard-registrations-refused "))
    assert first.split()[1:3] == ["error", "Z7"]


def test_every_key_the_wizard_rules_read_is_declared_and_not_a_presence_key():
    """``PRESENCE_KEYS`` (wizard.py) are the lines the memo of clean wizards reduces to
    "set or empty": no rule may read one of them by value (the issue's plan derives that
    list from ``reads=``; until then this keeps them apart)."""
    assert not read_keys() & PRESENCE_KEYS
    for r in registry.rules(registry.WIZARD):
        src = inspect.getsource(r.fn)
        keys = {f"{m[1]}/{m[2]}".lower() for m in re.finditer(r'w\.(?:last|entries)\("(\w+)", "(\w+)"\)', src)}
        keys |= {m[1].lower() for m in re.finditer(r'w\.(?:opt|flag|value)\("(\w+)"', src)}
        if re.search(r"w\.hosts\b", src):
            keys.add("remote_hosts")
        undeclared = keys - r.reads - r.reads_unmemoised - PRESENCE_KEYS
        assert not undeclared, f"{r.fn.__qualname__} reads {sorted(undeclared)} without declaring them in reads="


def test_a_registered_rule_is_run_without_touching_the_engine():
    """The room for "add a check": a decorated function in a family module is enough."""
    def lonely(ctx, w, file, line):
        if w.value("transport") == "t42":
            return [Problem("test-lonely", file, line, w.name, "The answer.", "Ask again.")]
        return []

    rule("test-lonely", "hint", "a rule that exists only in this test", scope=registry.WIZARD)(lonely)
    try:
        text = b"[t](!)\ntype = wizard\n\n[a](t)\ntransport = t42\n\n[b](t)\ntransport = t41\n"
        found = [p for p in Checker(build(parse(text, "pjsip_wizard.conf"))).run() if p.code == "test-lonely"]
        assert [(p.section, p.line, p.severity) for p in found] == [("a", 4, "hint")]
    finally:
        registry.RULES.remove(registry._BY_FN.pop(id(lonely)))
        del CODES["test-lonely"]


def test_every_module_of_the_package_is_small():
    for path in PACKAGE.glob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 500, f"{path.name} has {lines} lines"


def test_names_other_modules_import_are_still_exported():
    for name in ("CHECKS", "SEVERITIES", "Checker", "Problem", "check_paths", "file_kind",
                 "hosts_file_resolver", "load_context", "WizardView", "Report", "read_profiles", "beside",
                 "sip_uri_problem", "generated_objects", "auth_rules", "registration_rules",
                 "endpoint_validation"):
        assert hasattr(checks, name), name
