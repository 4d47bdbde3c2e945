"""Every golden case: pjtui's wizard expansion against what real Asterisk created.

Compared as ../shared/golden/README.md says: objects (type, name) in export order,
keys after the default filter, references/URIs exactly, other values after Asterisk's
documented normalisations, log.txt and hints.txt as sets of lines.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import pytest

from pjtui.conf import parse
from pjtui.pjsip.catalogue import catalogue, is_true, parse_c_int
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import EXPORT_TYPE_ORDER, _split_callerid, expand

# with the wizard's plan layer on and off (conftest.wizard_plans)
pytestmark = pytest.mark.usefixtures("wizard_plans")

GOLDEN = Path(__file__).resolve().parents[1] / ".." / "shared" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "pjsip_wizard.conf").is_file()) if GOLDEN.is_dir() else []

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
EXACT = {"aors", "auth", "outbound_auth", "endpoint", "transport", "contact", "server_uri", "client_uri",
         "outbound_proxy"}
DSCP = {"cs0": 0, "cs1": 8, "cs2": 16, "cs3": 24, "cs4": 32, "cs5": 40, "cs6": 48, "cs7": 56, "af11": 10,
        "af12": 12, "af13": 14, "af21": 18, "af22": 20, "af23": 22, "af31": 26, "af32": 28, "af33": 30,
        "af41": 34, "af42": 36, "af43": 38, "ef": 46}


# ------------------------------------------------------------------ reading the case files
def read_objects(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(type, name, [(key, value)...])] from an export-layout file."""
    out = []
    cur = None
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        if line.startswith("["):
            cur = [None, line[1:line.index("]")], []]
            out.append(cur)
            continue
        key, _, value = line.partition(" = ")
        if key == "type" and cur[0] is None:
            cur[0] = value
        else:
            cur[2].append((key, value))
    return [tuple(o) for o in out]


def read_defaults() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for f in (GOLDEN / "defaults").glob("*.conf"):
        pairs = []
        for line in f.read_text().splitlines():
            if line.startswith(";") or not line.strip():
                continue
            key, _, value = line.partition(" = ")
            pairs.append((key, value))
        out[f.stem] = pairs
    return out


def read_hosts(case: Path) -> dict[str, list[str]]:
    hosts: dict[str, list[str]] = {}
    f = case / "hosts.txt"
    if f.is_file():
        for line in f.read_text().splitlines():
            parts = line.split("#")[0].split()
            for name in parts[1:]:
                hosts.setdefault(name.lower(), []).append(parts[0])
    return hosts


# ------------------------------------------------------------------ the prediction as an export
def codec_list(ops: list[tuple[str, str]]) -> list[str]:
    """allow/disallow lines applied in order -> codec names (Asterisk's cap update)."""
    caps: list[str] = []
    for key, value in ops:
        for raw in value.split(","):
            item = raw.strip().lower()
            if not item:
                continue
            allowing = key == "allow"
            if item.startswith("!"):
                allowing = not allowing
                item = item[1:].strip()
            if item == "all":
                if not allowing:
                    caps = []
                continue
            if allowing:
                if item not in caps:
                    caps.append(item)
            elif item in caps:
                caps.remove(item)
    return caps


def predicted_export(obj) -> list[tuple[str, str]]:
    """The prediction as (key, value) lines like the export prints them (values raw)."""
    out: list[tuple[str, str]] = []
    params = obj.all_params()
    if obj.type == "phoneprov":
        return [(p.key, p.value) for p in params]
    fields = obj.fields()
    for key, value in fields.items():
        if key in ("allow", "disallow", "type"):
            continue
        if isinstance(value, list):
            items = []
            for v in value:
                items.extend(x.strip() for x in v.split(",") if x.strip())
            if key == "contact":
                items = list(dict.fromkeys(items))
            out.extend((key, x) for x in items)
        elif value != "":
            out.append((key, value))
    if obj.type == "endpoint":
        ops = [(p.key.lower(), p.value) for p in params if p.key.lower() in ("allow", "disallow")]
        out.append(("allow", "(" + "|".join(codec_list(ops)) + ")" if codec_list(ops) else "(nothing)"))
    if obj.type == "auth" and fields.get("md5_cred"):
        out.append(("password_digest", "MD5:" + fields["md5_cred"]))
    return out


def norm_value(type_: str, key: str, value: str, hosts: dict) -> object:
    if key.startswith("@") or key in EXACT or type_ == "phoneprov":
        return value
    if key == "match":
        addr, _, mask = value.partition("/")
        if addr.count(":") == 1:
            host, port = addr.split(":")
        else:
            host, port = addr, None
        try:
            ipaddress.ip_address(host)
            addrs = [host]
        except ValueError:
            addrs = hosts.get(host.lower(), [host])
        if mask == "":
            mask = "255.255.255.255"
        elif mask.isdigit():
            mask = str(ipaddress.ip_network(f"0.0.0.0/{mask}").netmask)
        return tuple((a, port, mask) for a in addrs)
    if key == "allow":
        return tuple(value.strip("()").split("|")) if value != "(nothing)" else ()
    if key == "callerid":
        return _split_callerid(value) if value != "<unknown>" else ("", "")
    if key in ("tos_audio", "tos_video", "tos"):
        v = value.strip().lower()
        return DSCP[v] << 2 if v in DSCP else parse_c_int(v)
    p = catalogue().param(type_, key)
    kind = p.kind if p else "string"
    if kind == "bool" or value in ("true", "false") and kind == "custom":
        return is_true(value)
    if kind in ("uint", "int"):
        return parse_c_int(value.strip())
    if kind == "double":
        return float(value)
    if kind == "enum":
        return value.strip().lower()
    return value


def filtered(type_: str, pairs: list[tuple[str, str]], defaults: dict, hosts: dict) -> dict:
    """Group by key, normalise, drop keys equal (as multisets) to the defaults'."""
    groups: dict[str, list] = {}
    for key, value in pairs:
        nv = norm_value(type_, key, value, hosts)
        if key == "match":
            groups.setdefault(key, []).extend(nv)
        else:
            groups.setdefault(key, []).append(nv)
    dgroups: dict[str, list] = {}
    for key, value in defaults.get(type_, []):
        dgroups.setdefault(key, []).append(norm_value(type_, key, value, hosts))
    out = {}
    for key, vals in groups.items():
        if key.startswith("@") or sorted(map(repr, vals)) != sorted(map(repr, dgroups.get(key, []))):
            out[key] = sorted(map(repr, vals))
    return out


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
    return read_defaults()


@pytest.mark.parametrize("name", CASES)
def test_golden_case(name, defaults):
    case = GOLDEN / name
    exp, hosts = run_case(case)
    expected = read_objects(case / "expected.conf")

    got_ids = [(o.type, o.name) for o in exp.objects]
    want_ids = [(t, n) for t, n, _ in expected]
    assert got_ids == want_ids, "objects differ"

    for obj, (t, n, pairs) in zip(exp.objects, expected):
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


def test_export_type_order_matches_golden():
    assert EXPORT_TYPE_ORDER == ("auth", "endpoint", "aor", "identify", "registration", "phoneprov")


@pytest.mark.parametrize("name", CASES)
def test_golden_case_through_expand_output(name, defaults):
    """What ``pjtui expand`` prints, read back as a pjsip.conf, is what Asterisk made:
    every key line takes effect (replaced ones are comments), hints are the comments."""
    from pjtui.commands.expand import render_conf
    from pjtui.pjsip.wizard import Param, WizObject

    case = GOLDEN / name
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
    for obj, (t, n, pairs) in zip(objs, expected):
        assert filtered(t, predicted_export(obj), defaults, hosts) == filtered(t, pairs, defaults, hosts), f"{t} {n}"
    hints = {line[len("; hint "):] for line in text.splitlines() if line.startswith("; hint ")}
    assert hints == {x for x in (case / "hints.txt").read_text().splitlines() if x.strip()}
