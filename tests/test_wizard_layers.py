"""The wizard package keeps its rooms: small modules, imports that flow one way, and
every name other modules import from ``pjtui.pjsip.wizard`` still there."""

from __future__ import annotations

import ast
from pathlib import Path

import pjtui.pjsip.wizard as wizard

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pjtui" / "pjsip" / "wizard"


def modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(), str(p)) for p in sorted(PACKAGE.glob("*.py"))}


def runtime_imports(tree: ast.Module) -> set[str]:
    """Sibling modules a module imports when it runs (``if TYPE_CHECKING:`` left out)."""
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "pjtui.pjsip.wizard":
                out.update(a.name for a in node.names)
            elif node.module.startswith("pjtui.pjsip.wizard."):
                out.add(node.module.rsplit(".", 1)[1])
    return out


def test_every_module_is_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in PACKAGE.glob("*.py")}
    assert len(sizes) > 10
    assert not {n: s for n, s in sizes.items() if s > 800}


def test_modules_import_each_other_one_way():
    graph = {name: runtime_imports(tree) for name, tree in modules().items() if name != "__init__"}
    assert graph["expander"] >= {"auth", "aor", "endpoint", "identify", "registration", "phoneprov"}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join(path + (name,))}"
        if name in done:
            return
        for dep in graph.get(name, ()):
            visit(dep, path + (name,))
        done.add(name)

    for name in graph:
        visit(name, ())
    # the records and the pure value helpers sit at the bottom
    assert not graph["records"] and not graph["values"] and not graph["naming"]


def test_every_name_imported_from_the_package_is_exported():
    wanted: set[str] = set()
    for path in list((ROOT / "pjtui").rglob("*.py")) + list((ROOT / "tests").glob("*.py")) + \
            list((ROOT / "benchmarks").glob("*.py")):
        if PACKAGE in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "pjtui.pjsip.wizard":
                wanted.update(a.name for a in node.names)
    assert {"expand", "PRESENCE_KEYS", "_FLAGS", "sip_uri_ok", "Wizard"} <= wanted
    assert sorted(n for n in wanted if not hasattr(wizard, n)) == []
    assert sorted(n for n in wizard.__all__ if not hasattr(wizard, n)) == []
