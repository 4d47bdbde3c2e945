"""Every wizard ERROR real Asterisk logged for a golden case is reported as an error on
the same wizard (or, for a rejected file, as a file-level error)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pjtui.pjsip.checks import check_paths
from test_wizard_golden import ORACLE_PJSIP  # the pjsip.conf Asterisk ran with (golden README)

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

GOLDEN = Path(__file__).resolve().parent.parent.parent / "shared" / "golden"
CASES = sorted(p.parent.name for p in GOLDEN.glob("*/pjsip_wizard.conf")) if GOLDEN.exists() else []

PHONEPROV = "[general]\nserveraddr = 127.0.0.1\nserverport = 5060\ndefault_profile = polycom\n\n[polycom]\n\n[snom]\n"


def section_with(text: str, wanted) -> str | None:
    """Name of the section holding the first line for which ``wanted(line)`` is true."""
    sec = None
    for raw in text.splitlines():
        h = re.match(r"\[([^\]]*)\]", raw)
        if h:
            sec = h.group(1)
        if wanted(raw):
            return sec
    return None


def wizard_of(line: str, text: str) -> str | None:
    """The wizard a log line is about (None: the whole file)."""
    line = line.split(": ", 2)[-1]          # drop "ERROR: source.c: "
    for rx in (r"[Ww]izard '([^']*)'", r"registration '([^']*)-reg-\d+'", r"id '([^']*)'",
               r"Identify '([^']*)-identify'", r"Endpoint (\S+) contained", r"^(\S+)-[io]auth:"):
        m = re.search(rx, line)
        if m:
            name = m.group(1)
            return re.sub(r"-(iauth|oauth|identify|reg-\d+|phoneprov)$", "", name)
    m = re.search(r'getaddrinfo\("([^"]+)"', line)
    if m:
        return section_with(text, lambda raw: m.group(1) in raw and "remote_hosts" in raw)
    m = re.search(r"Could not look up profile '([^']*)'", line)
    if m:
        return section_with(text, lambda raw: re.search(r"PROFILE\s*=\s*" + re.escape(m.group(1)), raw))
    return None


@pytest.mark.parametrize("case", CASES)
def test_every_logged_wizard_error_is_reported(case, tmp_path):
    src = GOLDEN / case
    shutil.copy(src / "pjsip_wizard.conf", tmp_path / "pjsip_wizard.conf")
    if (src / "pjsip.conf").exists():
        shutil.copy(src / "pjsip.conf", tmp_path / "pjsip.conf")
    else:
        (tmp_path / "pjsip.conf").write_bytes(ORACLE_PJSIP)
    (tmp_path / "phoneprov.conf").write_text(PHONEPROV)
    hosts = tmp_path / "hosts"
    hosts.write_text((src / "hosts.txt").read_text() if (src / "hosts.txt").exists() else "")
    report = check_paths([str(tmp_path / "pjsip_wizard.conf")], hosts=str(hosts))
    assert not report.unreadable
    text = (src / "pjsip_wizard.conf").read_text(errors="replace")
    errors = [p for p in report.problems if p.severity == "error"]
    logged = [ln for ln in (src / "log.txt").read_text().splitlines() if ln.startswith("ERROR")]
    for line in logged:
        name = wizard_of(line, text)
        if "are invalid and cannot be parsed" in line:
            assert any(p.code in ("missing-parent", "syntax", "missing-append-target") for p in errors), line
            continue
        assert name is not None, f"test cannot tell the wizard of: {line}"
        assert any(p.section == name for p in errors), (
            f"{case}: Asterisk logged {line!r} but no error on [{name}]:\n"
            + "\n".join(p.format() for p in report.problems))
    if not logged:
        # no error Asterisk would log ... pjtui may still find errors Asterisk stays silent
        # about (Z1, Z7, Z21); those must come with a code from the catalogue of checks
        for p in errors:
            assert p.code != "wizard-error", p.format()
    assert report.exit_code() == (1 if errors else 0)
