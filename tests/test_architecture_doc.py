"""docs/ARCHITECTURE.md stays true: every file or folder it names exists, and every room
(package) of pjtui is named in it."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "ARCHITECTURE.md"


def _named_paths() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:pjtui|tests|benchmarks|docs)/[\w/.]*)`", text))
    # a room's table row names its modules by file name alone: `reading.py` in the row of
    # `pjtui/pjsip/wizard/`
    for row in text.splitlines():
        room = re.match(r"\| `(pjtui/[\w/]+/)` \|", row)
        if room:
            for name in re.findall(r"`([\w]+\.py)`", row):
                paths.add(room.group(1) + name)
    return paths


def test_every_path_the_architecture_names_exists():
    paths = _named_paths()
    assert len(paths) > 40, "the page should name the rooms and their modules"
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert not missing, f"docs/ARCHITECTURE.md names files that do not exist: {missing}"


def test_every_package_is_a_room_of_the_page():
    text = DOC.read_text(encoding="utf-8")
    packages = sorted(str(p.parent.relative_to(REPO)) + "/" for p in (REPO / "pjtui").rglob("__init__.py"))
    unnamed = [p for p in packages if p != "pjtui/" and f"`{p}`" not in text]
    assert not unnamed, f"packages docs/ARCHITECTURE.md does not describe: {unnamed}"
