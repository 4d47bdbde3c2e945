"""The shipped samples are what they claim to be, and the benchmark's generator keeps working.

samples/ is what a new user opens first: it must load in Asterisk without errors, the
small example must stay the user's own design (the same objects as golden/seed-example),
and the office PBX must really hold what README.md says.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from pjtui.conf import parse
from pjtui.pjsip.checks import check_paths
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def expansion_of(folder: Path):
    wizard = folder / "pjsip_wizard.conf"
    pjsip = folder / "pjsip.conf"
    return expand(build(parse(wizard.read_bytes(), str(wizard))),
                  pjsip=build(parse(pjsip.read_bytes(), str(pjsip))))


@pytest.mark.parametrize("folder", [SAMPLES, SAMPLES / "office"], ids=["small", "office"])
def test_sample_loads_in_asterisk_without_errors(folder):
    report = check_paths([str(folder / "pjsip_wizard.conf"), str(folder / "pjsip.conf")])
    assert not report.unreadable
    errors = [f"{p.file}:{p.line}: {p.message}" for p in report.problems if p.severity == "error"]
    assert errors == []
    exp = expansion_of(folder)
    assert [line for line in exp.log if line.level == "ERROR"] == []


def test_small_sample_is_the_users_design(shared):
    """Same objects as golden/seed-example (what a real Asterisk made of the user's example);
    only the trunk's address is an RFC 5737 documentation address here."""
    golden = (shared / "golden" / "seed-example" / "expected.conf").read_text()
    want = []
    for block in golden.split("\n\n"):
        name = re.search(r"^\[(.+)\]$", block, re.M)
        kind = re.search(r"^type = (\w+)$", block, re.M)
        if name and kind:
            want.append((kind.group(1), name.group(1)))
    exp = expansion_of(SAMPLES)
    assert [(o.type, o.name) for o in exp.objects] == want
    trunk = {o.name: o.fields() for o in exp.objects}["trunk-6003-reg-0"]
    assert trunk["server_uri"] == "sip:192.0.2.1"
    assert trunk["client_uri"] == "sip:6003@192.0.2.1"


def test_office_sample_holds_what_the_readme_says():
    exp = expansion_of(SAMPLES / "office")
    objects = {(o.type, o.name): o for o in exp.objects}
    phones = sorted(w.name for w in exp.wizards if w.name.isdigit())
    assert len(phones) == 12
    # every extension has a BLF hint on its own number, in the office context
    assert sorted((h.exten, h.context, h.device) for h in exp.hints) == \
        [(p, "office", f"PJSIP/{p}") for p in phones]
    # each phone: authenticated, one registration replacing the stale one (softphones 3)
    for p in phones:
        assert ("auth", f"{p}-iauth") in objects and ("identify", f"{p}-identify") not in objects
        aor = objects[("aor", p)].fields()
        assert aor["remove_existing"] == "yes" and aor["max_contacts"] in ("1", "3")
    # a provisioned phone whose transport exists in pjsip.conf
    phoneprov = [o for o in exp.objects if o.type == "phoneprov"]
    assert [o.name for o in phoneprov] == ["2000-phoneprov"]
    assert objects[("endpoint", "2000")].fields()["transport"] == "transport-udp"
    # two ITSP trunks: carrier A registers to both SBCs and is matched by IP,
    # carrier B is line-based (no identify)
    assert ("registration", "carrier-a-reg-0") in objects and ("registration", "carrier-a-reg-1") in objects
    assert ("identify", "carrier-a-identify") in objects
    reg_b = objects[("registration", "carrier-b-reg-0")].fields()
    assert reg_b["line"] == "yes" and reg_b["endpoint"] == "carrier-b"
    assert ("identify", "carrier-b-identify") not in objects


def test_sample_addresses_are_documentation_addresses():
    """No real host is named: IPv4 literals come from RFC 5737 (or are bind-any / LAN masks)."""
    allowed = ("192.0.2.", "198.51.100.", "203.0.113.", "0.0.0.0")
    for path in SAMPLES.rglob("*.conf"):
        for address in re.findall(rb"\b\d{1,3}(?:\.\d{1,3}){3}\b", path.read_bytes()):
            assert address.decode().startswith(allowed), f"{path}: {address.decode()}"
        for host in re.findall(rb"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b", path.read_bytes()):
            if b"." in host and not host.endswith((b".conf", b".crt", b".key")):
                assert host.endswith((b"example.com", b"example.net")), f"{path}: {host.decode()}"


def load_bench():
    spec = importlib.util.spec_from_file_location("pjtui_bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pjtui_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_generator_makes_a_valid_wizard_file():
    bench = load_bench()
    data = bench.generate(300)
    assert data == bench.generate(300)  # deterministic: runs compare like with like
    doc = parse(data, "pjsip_wizard.conf")
    assert not doc.fatal and doc.to_bytes() == data
    model = build(doc)
    wizards = [e for e in model.sections if e.is_wizard]
    assert len(wizards) == 300
    exp = expand(model, pjsip=build(parse(bench.PJSIP_CONF, "pjsip.conf")))
    assert [line.message for line in exp.log if line.level == "ERROR"] == []
    assert {o.type for o in exp.objects} == {"auth", "aor", "endpoint", "identify", "registration", "phoneprov"}


def test_benchmark_runs_end_to_end(capsys):
    bench = load_bench()
    assert bench.main(["--sizes", "200,400", "--runs", "1", "--no-memory", "--no-tui"]) == 0
    out = capsys.readouterr().out
    for figure in ("configparser parse (baseline)", "pjtui parse", "parse+inherit+expand+checks",
                   "one edit + re-check", "to_bytes()"):
        assert figure in out
    assert "failed" not in out
