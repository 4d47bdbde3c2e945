"""One reader for every surface (issue 11): ``pjtui expand``, ``pjtui show``, ``pjtui
check`` and the editor's preview say the same about every object of every golden and
corpus wizard file — which objects each wizard makes and the lines Asterisk exports for
each — and a rejected file makes nothing in any of them.

Each surface is run the way a user meets it: expand and show through the CLI (their
JSON), check through :func:`check_paths` (the expansion its rules judged, and the
errors it reports), the preview through its renderer's text, from the expansion the
editor makes for the selected section."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from pjtui.cli import main
from pjtui.pjsip.checks import check_paths
from pjtui.pjsip.loaded import load_wizard, section_expansion
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard.exported import shown_pairs
from test_expand_messages import beside_golden
from test_wizard_golden import CASES, GOLDEN

CORPUS = GOLDEN.parent / "corpus"
CORPUS_WIZARDS = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if "wizard" in p.name.lower()
                        and p.is_file()) if CORPUS.is_dir() else []
FILES = [("golden", c) for c in CASES] + [("corpus", c) for c in CORPUS_WIZARDS]

# (type, name) -> sorted (key, value) lines; the wizard's own @pjsip_wizard is left out
# (the preview does not print it: it names the wizard shown)
Objects = dict


def _objects(items) -> Objects:
    return {(t, n): sorted((k, v) for k, v in pairs if k != "@pjsip_wizard") for t, n, pairs in items}


def copy_case(kind: str, name: str, tmp_path: Path) -> Path:
    if kind == "golden":
        case = tmp_path / name
        shutil.copytree(GOLDEN / name, case)
        beside_golden(case)
    else:
        case = tmp_path / "corpus"
        case.mkdir()
        shutil.copy(CORPUS / name, case / "pjsip_wizard.conf")
    # the editor resolves no names (no resolver on the UI thread): every surface is asked
    # the same way, every name counting as resolving (--no-resolve)
    (case / "hosts.txt").unlink(missing_ok=True)
    return case / "pjsip_wizard.conf"


def cli(capsys, *argv) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def expand_says(capsys, f: Path) -> tuple[dict[str, Objects], list[str]]:
    """wizard -> its objects, and the ERROR lines on stderr."""
    rc, out, err = cli(capsys, "expand", "--json", "--show-secrets", "--no-resolve", f)
    by_wizard: dict[str, list] = {}
    for o in json.loads(out)["objects"]:
        pairs = [(p["key"], p["value"]) for p in o["params"]
                 if not p.get("overridden") and not p.get("repeated")]
        by_wizard.setdefault(o["wizard"], []).append((o["type"], o["name"], pairs))
    return {w: _objects(items) for w, items in by_wizard.items()}, [x for x in err.splitlines() if ": ERROR: " in x]


def show_says(capsys, f: Path, name: str) -> Objects | None:
    rc, out, err = cli(capsys, "show", "--json", "--show-secrets", "--no-resolve", "--type", "wizard", "--", f, name)
    if rc != 0:
        assert "have the same type" in err, err      # duplicate wizards (f30): show asks to rename one
        return None
    made = json.loads(out)["makes"]
    return _objects((o["type"], o["name"], [(p["key"], p["value"]) for p in o["params"]]) for o in made["objects"])


def preview_says(loaded, eff) -> Objects:
    """What the preview prints for wizard ``eff``, from the expansion the editor makes of
    its chain (the selected section and its ancestors, as pjtui/ui/selected_view.py)."""
    from pjtui.ui.preview import PreviewRenderer

    ancestors, stack = {}, list(eff.parents)
    while stack:
        parent = stack.pop()
        if id(parent) not in ancestors:
            ancestors[id(parent)] = parent
            stack.extend(parent.parents)
    position = {id(e.section): i for i, e in enumerate(loaded.wizard.sections)}
    sections = sorted((s for p in ancestors.values() for s in p.own_sections()),
                      key=lambda s: position.get(id(s), 0)) + list(eff.own_sections())
    chain = build(SimpleNamespace(sections=sections))
    exp = section_expansion(loaded.wizard, chain, eff.name, loaded.pjsip)
    text = PreviewRenderer(width=1000, reveal=True).wizard(chain.of(eff.section), exp, []).plain
    items, cur = [], None
    for line in text.splitlines():
        head = re.match(r"^\[(?P<name>.*)\]   ; (?P<type>\w+)$", line)
        if head:
            cur = (head["type"], head["name"], [])
            items.append(cur)
            continue
        row = re.match(r"^(?P<key>\S+) = (?P<value>.*?) *; (?P<note>.*)$", line)
        if cur is not None and row and row["key"] != "type":
            if not row["note"].endswith((", overridden", ", the same contact again")):
                cur[2].append((row["key"], row["value"].replace("\\;", ";")))
        elif not line.strip():
            continue
    return _objects(items)


def check_says(f: Path):
    report = check_paths([str(f)])
    return report.expansions[str(f)], [p for p in report.problems if p.severity == "error"]


@pytest.mark.parametrize("kind,name", FILES, ids=[f"{k}-{n}" for k, n in FILES])
def test_expand_show_check_and_preview_agree_on_every_object(kind, name, tmp_path, capsys):
    f = copy_case(kind, name, tmp_path)
    loaded = load_wizard(str(f))
    expanded, errors = expand_says(capsys, f)
    checked, check_errors = check_says(f)
    wizards = list(dict.fromkeys(e.name for e in loaded.wizard.sections if e.is_wizard))
    for wname in wizards:
        said = {"expand": expanded.get(wname, {}),
                "check": _objects((o.type, o.name, shown_pairs(o)) for o in checked.of_wizard(wname))}
        shown = show_says(capsys, f, wname)
        if shown is not None:
            said["show"] = shown
        for eff in (e for e in loaded.wizard.sections if e.name == wname and e.is_wizard):
            said[f"preview of line {eff.section.line}"] = preview_says(loaded, eff)
        first = said["expand"]
        for surface, objects in said.items():
            assert objects == first, f"[{wname}]: {surface} says otherwise than expand"
    if loaded.expansion.rejected:
        assert not expanded and checked.objects == [] and check_errors
    # an error Asterisk logs (on expand's stderr) is an error check reports in the same file
    where = Counter(p.file for p in check_errors)
    for line in errors:
        assert where[line.split(":", 1)[0]], f"check is silent about: {line}"


def test_the_files_were_found():
    assert len(CASES) >= 40 and len(CORPUS_WIZARDS) >= 6
