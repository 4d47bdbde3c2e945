"""The UI's data rooms load no Textual: they are tested synchronously and reused headless."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["pjtui.ui.checking", "pjtui.ui.form_data", "pjtui.ui.problem_data", "pjtui.ui.rebase"])
def test_the_module_imports_no_textual(module):
    code = f"import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}} & {{'textual'}}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]", f"{module} pulls in Textual"
