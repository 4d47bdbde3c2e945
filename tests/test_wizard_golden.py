"""Every golden case: pjtui's wizard expansion against what real Asterisk created.

Compared as ../shared/golden/README.md says: objects (type, name) in export order,
keys after the default filter, references/URIs exactly, other values after Asterisk's
documented normalisations, log.txt and hints.txt as sets of lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pjtui.conf import parse
from pjtui.pjsip.export import filtered, predicted_export, read_objects
from pjtui.pjsip.export import read_defaults as read_golden_defaults
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import EXPORT_TYPE_ORDER, expand

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

GOLDEN = Path(__file__).resolve().parents[1] / ".." / "shared" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "pjsip_wizard.conf").is_file()) if GOLDEN.is_dir() else []
# pjtui's own cases in the same layout (tests/data/golden/README.md), compared the same way
OWN = Path(__file__).resolve().parent / "data" / "golden"
OWN_CASES = sorted(p.name for p in OWN.iterdir() if (p / "pjsip_wizard.conf").is_file())

ORACLE_PJSIP = b"""[ipv4]
type = transport
protocol = udp
bind = 127.0.0.1:5060

[udp]
type = transport
protocol = udp
bind = 127.0.0.1:5061

[transport-udp]
type = transport
protocol = udp
bind = 127.0.0.1:5062
"""
PROFILES = {"polycom", "snom"}


# ------------------------------------------------------------------ reading the case files
def read_hosts(case: Path) -> dict[str, list[str]]:
    hosts: dict[str, list[str]] = {}
    f = case / "hosts.txt"
    if f.is_file():
        for line in f.read_text().splitlines():
            parts = line.split("#")[0].split()
            for name in parts[1:]:
                hosts.setdefault(name.lower(), []).append(parts[0])
    return hosts


class FakeResolver:
    def __init__(self, hosts):
        self.hosts = hosts
        self.error_text = "Temporary failure in name resolution"

    def __call__(self, host, port):
        return self.hosts.get(host.lower())


def run_case(case: Path):
    data = (case / "pjsip_wizard.conf").read_bytes()
    model = build(parse(data, "etc/pjsip_wizard.conf"))
    pj = case / "pjsip.conf"
    pjsip = build(parse(pj.read_bytes() if pj.is_file() else ORACLE_PJSIP, "pjsip.conf"))
    hosts = read_hosts(case)
    return expand(model, pjsip=pjsip, resolver=FakeResolver(hosts), profiles=PROFILES), hosts


def _log_key(line: str) -> str:
    # the resolver's own words after getaddrinfo(...): differ between systems
    return re.sub(r"(getaddrinfo\(.*?\)):.*", r"\1:", line)


@pytest.fixture(scope="module")
def defaults():
    return read_golden_defaults(GOLDEN / "defaults")


@pytest.mark.parametrize("name", CASES)
def test_golden_case(name, defaults):
    compare_case(GOLDEN / name, defaults)


@pytest.mark.parametrize("name", OWN_CASES)
def test_own_golden_case(name, defaults):
    compare_case(OWN / name, defaults)


def compare_case(case: Path, defaults) -> None:
    exp, hosts = run_case(case)
    expected = read_objects(case / "expected.conf")

    got_ids = [(o.type, o.name) for o in exp.objects]
    want_ids = [(t, n) for t, n, _ in expected]
    assert got_ids == want_ids, "objects differ"

    for obj, (t, n, pairs) in zip(exp.objects, expected, strict=True):
        got = filtered(t, predicted_export(obj), defaults, hosts)
        want = filtered(t, pairs, defaults, hosts)
        assert got == want, f"{t} {n}"

    want_log = {_log_key(x) for x in (case / "log.txt").read_text().splitlines() if x.strip()}
    got_log = {_log_key(str(x)) for x in exp.log}
    assert got_log == want_log

    want_hints = {x for x in (case / "hints.txt").read_text().splitlines() if x.strip()}
    assert set(exp.hint_lines()) == want_hints


def test_golden_cases_found():
    # the parametrised test must not silently collect nothing
    assert len(CASES) >= 40
    assert len(OWN_CASES) >= 5


def test_export_type_order_matches_golden():
    assert EXPORT_TYPE_ORDER == ("auth", "endpoint", "aor", "identify", "registration", "phoneprov")


@pytest.mark.parametrize("case", [GOLDEN / n for n in CASES] + [OWN / n for n in OWN_CASES],
                         ids=lambda p: p.name)
def test_golden_case_through_expand_output(case, defaults):
    """What ``pjtui expand`` prints, read back as a pjsip.conf, is what Asterisk made:
    every key line takes effect (replaced ones are comments), hints are the comments."""
    from pjtui.commands.expand import render_conf
    from pjtui.pjsip.wizard import Param, WizObject

    exp, hosts = run_case(case)
    text = render_conf(exp)
    back = build(parse(text.encode(), "expand-output.conf"))
    assert not back.rejected and not back.errors
    objs = []
    for eff in back.sections:
        t = eff.object_type
        params = [Param(e.key, e.value, e) for e in eff.vars[1:]]   # vars[0] is the type line
        obj = WizObject(t, eff.name, None, params)
        assert not any(obj.overridden()), f"{t} {eff.name}: a printed line is replaced by a later one"
        objs.append(obj)
    expected = read_objects(case / "expected.conf")
    assert [(o.type, o.name) for o in objs] == [(t, n) for t, n, _ in expected]
    for obj, (t, n, pairs) in zip(objs, expected, strict=True):
        assert filtered(t, predicted_export(obj), defaults, hosts) == filtered(t, pairs, defaults, hosts), f"{t} {n}"
    hints = {line[len("; hint "):] for line in text.splitlines() if line.startswith("; hint ")}
    assert hints == {x for x in (case / "hints.txt").read_text().splitlines() if x.strip()}
