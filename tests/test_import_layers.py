"""The core's imports, read statically (function-level imports included): no cycles, and
each layer only reaches down. conf's own order is nodes < parser < document < edits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pjtui"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """The pjtui modules ``name`` imports anywhere in its file (and the packages those
    imports run: importing pjtui.io.files runs pjtui/io/__init__.py)."""
    tree = ast.parse(MODULES[name].read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for target in targets:
            if target in MODULES and target != name:
                found.add(target)
    for target in list(found):
        parts = target.split(".")
        for i in range(2, len(parts)):
            package = ".".join(parts[:i])
            # another package's __init__ runs on the way in; one's own is already running
            if package in MODULES and not (name + ".").startswith(package + "."):
                found.add(package)
    found.discard(name)
    return found


def _within(prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    names = [n for n in MODULES if n.startswith(prefixes)]
    return {n: {m for m in imports_of(n) if m.startswith(prefixes)} for n in names}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_conf_and_io_have_no_import_cycle():
    graph = _within(("pjtui.conf", "pjtui.io"))
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_io_never_imports_the_layers_above_it():
    for name in (n for n in MODULES if n.startswith("pjtui.io")):
        above = {m for m in imports_of(name) if m.startswith(("pjtui.conf", "pjtui.pjsip", "pjtui.ui",
                                                              "pjtui.commands", "pjtui.cli"))}
        assert not above, f"{name} imports {sorted(above)}"


@pytest.mark.parametrize("lower, higher", [
    ("pjtui.conf.nodes", "pjtui.conf.parser"),
    ("pjtui.conf.parser", "pjtui.conf.document"),
    ("pjtui.conf.document", "pjtui.conf.edits"),
])
def test_a_lower_conf_module_never_imports_a_higher_one(lower, higher):
    assert higher not in imports_of(lower)
    order = ["pjtui.conf.nodes", "pjtui.conf.parser", "pjtui.conf.document", "pjtui.conf.edits"]
    above = set(order[order.index(lower) + 1:]) | {"pjtui.conf"}
    assert not imports_of(lower) & above, sorted(imports_of(lower) & above)
