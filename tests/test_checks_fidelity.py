"""``pjtui check`` on issue 16's behaviours (tests/data/golden): each log line Asterisk
writes is said on the wizard and line that cause it, once, with a specific code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pjtui.pjsip.checks import check_paths
from test_wizard_golden import ORACLE_PJSIP

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

OWN = Path(__file__).resolve().parent / "data" / "golden"


def check_case(name: str, tmp_path, **kw):
    shutil.copy(OWN / name / "pjsip_wizard.conf", tmp_path / "pjsip_wizard.conf")
    (tmp_path / "pjsip.conf").write_bytes(ORACLE_PJSIP)
    (tmp_path / "hosts").write_text("")
    report = check_paths([str(tmp_path / "pjsip_wizard.conf")], hosts=str(tmp_path / "hosts"), **kw)
    return [p for p in report.problems if p.code not in ("no-codecs", "unauthenticated-username",
                                                          "wizard-registrations-refused",
                                                          "wizard-registrations-unauthenticated")]


def test_allow_none_is_a_codec_name(tmp_path):
    got = check_case("g02-allow-none", tmp_path)
    assert [(p.code, p.severity, p.line, p.section) for p in got] == [("codec-none", "warning", 7, "codecs")]
    assert "'none' is a codec name" in got[0].message and "!all" in got[0].fix


def test_allow_none_in_pjsip_conf(tmp_path):
    f = tmp_path / "pjsip.conf"
    f.write_text("[e]\ntype = endpoint\naors = e\nallow = ulaw, NONE\nallow = !none\n[e]\ntype = aor\n"
                 "max_contacts = 1\n")
    got = [p for p in check_paths([str(f)]).problems if p.code == "codec-none"]
    assert [(p.line, p.section) for p in got] == [(4, "e")]      # '!none' removes it: nothing to say


def test_a_match_that_is_not_an_address_is_a_name_that_fails(tmp_path):
    got = check_case("g03-identify-match-not-an-address", tmp_path)
    assert [(p.code, p.line) for p in got] == [("unresolvable-host", 6)]     # no wizard-error beside it
    assert got[0].message.startswith("'300.1.2.3' is not an IP address")
    assert "(pjtui asked the hosts file" in got[0].message


def test_removed_hint_warnings_are_said_where_the_file_causes_them(tmp_path):
    got = [p for p in check_case("g04-hint-removed", tmp_path) if "pbx.c" in p.message]
    assert [(p.code, p.line, p.section) for p in got] == [("wizard-hint", 17, "8402"), ("wizard-hint", 24, "8403")]
    assert got[0].message.endswith("Asterisk logs: WARNING: pbx.c: Cannot find extension 8401 in root_table in "
                                   "context hints.")


def test_registration_uri_not_sip_is_one_error(tmp_path):
    got = check_case("g05-registration-client-uri-not-sip", tmp_path)
    assert [(p.code, p.line) for p in got] == [("registration-invalid", 7)]    # not also a wizard-error


def test_a_hint_another_wizard_made_and_this_one_removes_is_said(tmp_path):
    got = [p for p in check_case("g04-hint-removed", tmp_path) if "that [" in p.message]
    assert [(p.code, p.line, p.section) for p in got] == [("wizard-hint", 17, "8402")]
    assert "removes the hint 8401@hints that [8401] made" in got[0].message
