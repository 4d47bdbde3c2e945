"""The master switch over the speed tricks (pjtui/speed.py): off, every trick steps aside,
and what pjtui says about real files is the same both ways."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pjtui import speed
from pjtui._gc import paused_gc
from pjtui.conf import parse
from pjtui.pjsip.checks import Checker, check_paths
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand, plans

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

WIZARD = b"""[phone](!)
type = wizard
accepts_registrations = yes
accepts_auth = yes
aor/max_contacts = 1
[6001](phone)
inbound_auth/username = 6001
inbound_auth/password = s1
[6002](phone)
inbound_auth/username = 6002
inbound_auth/password = s2
"""


@pytest.fixture
def plain():
    speed.set_plain(True)
    yield
    speed.set_plain(False)


def test_plain_turns_every_trick_off(plain):
    assert not speed.fast()
    assert plans.new_plans() is None
    assert Checker().memo is False
    assert Checker(memo=True).memo is True          # a test that asks for one trick gets it
    gc.enable()
    with paused_gc():
        assert gc.isenabled()                        # no pause the plain way
    doc = parse(WIZARD, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    assert model.refresh([doc.sections[1]]) is None    # only a full build
    assert exp.refresh([]) is False                          # only a full expand


def test_fast_is_the_default_and_uses_the_tricks():
    assert speed.fast()
    assert plans.new_plans() is not None
    assert Checker().memo is True
    gc.enable()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    doc = parse(WIZARD, "pjsip_wizard.conf")
    model = build(doc)
    exp = expand(model)
    effs = model.refresh([doc.sections[1]])
    assert effs is not None and exp.refresh(effs) is True


def _files() -> list[Path]:
    files = sorted((REPO / "samples").rglob("*.conf"))
    files += sorted((SHARED / "golden").rglob("pjsip_wizard.conf"))
    files += sorted((SHARED / "corpus").rglob("*.conf"))
    return files


def _said(path: Path) -> tuple:
    """What pjtui says about a file: its objects with their values, its hints, Asterisk's
    log, and every problem the full check finds."""
    model = build(parse(path.read_bytes(), path.name))
    exp = expand(model)
    objects = [(o.type, o.name, sorted((k, str(v)) for k, v in o.fields().items())) for o in exp.objects]
    report = check_paths([str(path)])
    problems = sorted((p.code, p.severity, p.file, p.line, p.message) for p in report.problems)
    return objects, exp.hint_lines(), [x.message for x in exp.log], problems


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name if p.parent.name == "samples" else f"{p.parent.name}/{p.name}")
def test_real_files_say_the_same_both_ways(path):
    fast = _said(path)
    speed.set_plain(True)
    try:
        slow = _said(path)
    finally:
        speed.set_plain(False)
    assert fast == slow


def test_the_environment_variable_turns_it_off():
    code = "from pjtui import speed, _gc; import gc; print(speed.fast())"
    env = dict(os.environ, PJTUI_PLAIN="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False"
    env["PJTUI_PLAIN"] = "0"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True"
