"""``pjtui convert``: plain objects -> wizards (and back), checked here by expanding the
result independently of the converter's own proof, on every golden case and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from pjtui.cli import main
from pjtui.conf import parse
from pjtui.pjsip.convert import ConversionError, to_objects, to_wizard
from pjtui.pjsip.convert.objects import from_model
from pjtui.pjsip.convert.compare import differences as compare
from pjtui.pjsip.convert.compare import export_pairs
from pjtui.pjsip.export import DEFAULTS_DIR, read_defaults, read_export
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / ".." / "shared" / "golden"
CORPUS = ROOT / ".." / "shared" / "corpus"
EXPORTS = sorted(p.parent.name for p in GOLDEN.glob("*/export.conf"))
REF_TYPE = {"aors": "aor", "auth": "auth", "outbound_auth": "auth"}
PJSIP_FILES = sorted({p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*pjsip.conf")})


@pytest.fixture(scope="module")
def defaults():
    return read_defaults(GOLDEN / "defaults")


def result_objects(wizard: str, remainder: str, *, with_provider: bool, use_remainder: bool = True):
    """What Asterisk would load from the two files: wizard objects and the remainder's."""
    rem = build(parse(remainder.encode(), "pjsip.conf"))
    exp = expand(build(parse(wizard.encode(), "pjsip_wizard.conf")), pjsip=rem if use_remainder else None)
    assert not [x for x in exp.log if x.level == "ERROR" and "duplicate object" not in x.message]
    got = [(o.type, o.name, export_pairs(o.type, o.all_params() if with_provider else o.params))
           for o in exp.objects]
    return got + [(o.type, o.name, list(o.pairs)) for o in from_model(rem)]


def test_shipped_defaults_are_the_golden_ones():
    for f in (GOLDEN / "defaults").glob("*.conf"):
        assert (DEFAULTS_DIR / f.name).read_bytes() == f.read_bytes(), f.name
    assert len(list(DEFAULTS_DIR.glob("*.conf"))) == 6


def test_cases_found():
    assert len(EXPORTS) >= 40 and len(PJSIP_FILES) >= 400


# ------------------------------------------------------------------ golden: Asterisk's export
@pytest.mark.parametrize("name", EXPORTS)
def test_golden_export_round_trip(name, defaults):
    """The objects Asterisk exported -> --to-wizard -> expand -> the same objects."""
    case = GOLDEN / name
    data = (case / "export.conf").read_bytes()
    r = to_wizard(data, "export.conf")
    want = [(o.type, o.name, o.pairs) for o in read_export(data.decode())]
    got = result_objects(r.wizard, r.remainder, with_provider=True, use_remainder=False)
    assert compare(want, got, defaults) == []
    assert r.renames == []          # the export's names are already the wizard's
    endpoints = sum(1 for o in want if o[0] == "endpoint")
    # every wizard comes back as one wizard, but for the phoneprov whose provider logs an error
    assert r.groups == endpoints - (name == "f14-phoneprov")


def test_export_round_trip_uses_templates_and_wizard_options(defaults):
    r = to_wizard((GOLDEN / "seed-example" / "export.conf").read_bytes(), "export.conf")
    assert "sends_registrations = yes" in r.wizard and "remote_hosts = 192.168.1.1" in r.wizard
    assert "@pjsip_wizard" not in r.wizard and r.remainder == ""


# ------------------------------------------------------------------ corpus pjsip.conf files
@pytest.mark.parametrize("rel", PJSIP_FILES)
def test_corpus_round_trip(rel, defaults):
    data = (CORPUS / rel).read_bytes()
    model = build(parse(data, "pjsip.conf"))
    if model.rejected:
        with pytest.raises(ConversionError, match=r"pjsip.conf:\d+: Asterisk rejects"):
            to_wizard(data, "pjsip.conf")
        return
    r = to_wizard(data, "pjsip.conf")
    names = {(t, old): new for t, old, new in r.renames}
    inputs = from_model(model)
    want = []
    for o in inputs:
        pairs = [(k, names.get((REF_TYPE[k], v), v) if k in REF_TYPE else v) for k, v in o.pairs]
        want.append((o.type, names.get((o.type, o.name), o.name), pairs))
    got = result_objects(r.wizard, r.remainder, with_provider=False)
    assert compare(want, got, defaults, ignore_tags=True) == []
    # no object lost silently: an endpoint the wizard does not make is in the remainder with a reason
    wizard_made = {o.name for o in expand(build(parse(r.wizard.encode(), "w"))).objects if o.type == "endpoint"}
    for o in inputs:
        if o.type == "endpoint" and o.name not in wizard_made:
            assert any(k.startswith(f"endpoint {o.name}:") for k in r.kept), o.name


def test_corpus_converts_most_endpoints():
    made = kept = 0
    for rel in PJSIP_FILES:
        data = (CORPUS / rel).read_bytes()
        try:
            r = to_wizard(data, "pjsip.conf")
        except ConversionError:
            continue
        made += r.groups
        kept += len(r.kept)
    assert made > 400 and made > kept


# ------------------------------------------------------------------ hand-written input
HAND = b"""\
[transport-udp]
type = transport
protocol = udp
bind = 0.0.0.0

; Alice at the front desk
[alice]
type = endpoint
context = internal
disallow = all
allow = ulaw
auth = alice-secret
aors = alice-phone

[alice-secret]
type = auth
auth_type = userpass
username = alice
password = a1

[alice-phone]
type = aor
max_contacts = 1

[bob]
type = endpoint
context = internal
disallow = all
allow = ulaw
auth = bob
aors = bob

[bob]
type = auth
auth_type = userpass
username = bob
password = b2

[bob]
type = aor
max_contacts = 1

[carol]
type = endpoint
context = internal
disallow = all
allow = ulaw
auth = carol
aors = carol

[carol]
type = auth
username = carol
password = c3

[carol]
type = aor
max_contacts = 1

[itsp]
type = endpoint
context = from-itsp
outbound_auth = itsp-auth
aors = itsp

[itsp]
type = aor
contact = sip:203.0.113.5

[itsp-auth]
type = auth
username = acct
password = s3

[itsp-match]
type = identify
endpoint = itsp
match = 203.0.113.5

[itsp-reg]
type = registration
server_uri = sip:203.0.113.5
client_uri = sip:acct@203.0.113.5
outbound_auth = itsp-auth
"""


def test_hand_written_phones_and_trunk():
    r = to_wizard(HAND, "pjsip.conf")
    assert r.kept == [] and r.groups == 4
    assert ("auth", "alice-secret", "alice-iauth") in r.renames
    assert ("aor", "alice-phone", "alice") in r.renames
    assert ("identify", "itsp-match", "itsp-identify") in r.renames
    assert ("registration", "itsp-reg", "itsp-reg-0") in r.renames
    assert ("auth", "itsp-auth", "itsp-oauth") in r.renames
    assert r.wizard == """\
[phones](!)
type = wizard
accepts_registrations = yes
accepts_auth = yes
endpoint/context = internal
endpoint/disallow = all
endpoint/allow = ulaw
aor/max_contacts = 1

; Alice at the front desk
[alice](phones)
inbound_auth/username = alice
inbound_auth/password = a1

[bob](phones)
inbound_auth/username = bob
inbound_auth/password = b2

[carol](phones)
inbound_auth/username = carol
inbound_auth/password = c3

[itsp]
type = wizard
remote_hosts = 203.0.113.5
sends_auth = yes
outbound_auth/username = acct
outbound_auth/password = s3
endpoint/context = from-itsp
sends_registrations = yes
"""
    assert r.remainder == "[transport-udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n"


def test_shared_aor_and_auth_stay_in_pjsip_conf():
    data = b"""\
[a]
type = endpoint
aors = shared
auth = common

[b]
type = endpoint
aors = shared

[c]
type = endpoint
aors = c
auth = common

[c]
type = aor

[shared]
type = aor

[common]
type = auth
username = u
password = p
"""
    r = to_wizard(data, "pjsip.conf")
    assert r.groups == 1 and r.renames == []
    assert "[c]\ntype = wizard\naccepts_registrations = yes\nendpoint/auth = common\n" in r.wizard
    assert r.kept == ["endpoint a: aor shared is shared with other objects",
                      "endpoint b: aor shared is shared with other objects"]
    assert "[common]" in r.remainder and "[shared]" in r.remainder and "[a]" in r.remainder


def test_a_reference_under_an_unknown_key_blocks_the_rename():
    data = HAND + b"\n[watcher]\ntype = endpoint\naors = watcher\nx_secret_of = alice-secret\n\n[watcher]\ntype = aor\n"
    r = to_wizard(data, "pjsip.conf")
    assert any(k.startswith("endpoint alice: renaming would break a reference: endpoint watcher") for k in r.kept)
    assert "[alice-secret]" in r.remainder


def test_rejected_input_names_the_line():
    with pytest.raises(ConversionError, match=r"bad.conf:2: Asterisk rejects"):
        to_wizard(b"[a]\n[b](missing)\ntype = endpoint\n", "bad.conf")


# ------------------------------------------------------------------ wizard -> plain objects
@pytest.mark.parametrize("name", ["seed-example", "sample-myphone", "sample-mytrunk", "f01-remote-hosts-ports",
                                  "f16-template-chain-3-deep", "f19-plus-equals", "f36-value-normalisation"])
def test_to_objects_reads_back_as_the_expansion(name, defaults):
    data = (GOLDEN / name / "pjsip_wizard.conf").read_bytes()
    p = to_objects(data, "pjsip_wizard.conf")
    exp = expand(build(parse(data, "pjsip_wizard.conf")))
    want = [(o.type, o.name, [kv for kv in export_pairs(o.type, o.params) if not kv[0].startswith("@")])
            for o in exp.objects]
    got = [(o.type, o.name, list(o.pairs)) for o in from_model(build(parse(p.text.encode(), "pjsip.conf")))]
    assert compare(want, got, defaults) == [] and p.objects == len(want)
    assert "@pjsip_wizard" not in p.text


def test_to_objects_carries_comments_and_round_trips():
    wiz = b"""\
; reception phone
[6001]
type = wizard
accepts_registrations = yes
accepts_auth = yes
inbound_auth/username = 6001
inbound_auth/password = pw
has_hint = yes
hint_exten = 6001
"""
    p = to_objects(wiz)
    assert p.text.startswith("; reception phone\n[6001-iauth]\ntype = auth\n")
    assert p.hints == ["6001@default => PJSIP/6001"]
    back = to_wizard(p.text.encode(), "pjsip.conf")
    assert back.groups == 1 and back.renames == [] and back.remainder == ""
    assert back.wizard.startswith("; reception phone\n[6001]\ntype = wizard\n")


# ------------------------------------------------------------------ the command
def test_cli_writes_wizard_and_remainder_and_never_overwrites(tmp_path, capsys):
    src = tmp_path / "in.conf"
    src.write_bytes(HAND)
    out = tmp_path / "new" / "pjsip_wizard.conf"
    out.parent.mkdir()
    assert main(["convert", "--to-wizard", str(src), "-o", str(out)]) == 0
    assert "[alice](phones)" in out.read_text()
    assert (out.parent / "pjsip.conf").read_text().startswith("[transport-udp]")
    err = capsys.readouterr().err
    assert "renamed auth alice-secret -> alice-iauth" in err
    before = out.read_bytes()
    assert main(["convert", "--to-wizard", str(src), "-o", str(out)]) == 2
    assert "exists; pass --force" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["convert", "--to-wizard", str(src), "-o", str(out), "--force"]) == 0


def test_cli_prints_both_files_and_reports_bad_input(tmp_path, capsys):
    src = tmp_path / "in.conf"
    src.write_bytes(HAND)
    assert main(["convert", "--to-wizard", str(src)]) == 0
    out = capsys.readouterr().out
    assert "[phones](!)" in out and "; ---- pjsip.conf: what a wizard cannot express ----\n[transport-udp]" in out
    bad = tmp_path / "bad.conf"
    bad.write_bytes(b"[a]\n[b](missing)\n")
    assert main(["convert", "--to-wizard", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: Asterisk rejects" in err and "Traceback" not in err
    assert main(["convert", "--to-objects", str(tmp_path / "none.conf")]) == 2
    assert "Cannot read" in capsys.readouterr().err
    assert main(["convert", "--to-wizard", str(src), "-o", str(tmp_path / "no" / "w.conf")]) == 2
    assert "the folder" in capsys.readouterr().err and not (tmp_path / "no").exists()


def test_a_tree_of_templates_for_phones_and_trunks():
    parts = []
    for i in range(12):
        n = 2000 + i
        extra = "direct_media=no\n" if i % 2 else ""
        parts.append(f"[{n}]\ntype=endpoint\ncontext={'sales' if i % 3 else 'support'}\ndisallow=all\n"
                     f"allow=ulaw,alaw\n{extra}auth={n}\naors={n}\n\n[{n}]\ntype=auth\nusername={n}\n"
                     f"password=pw{n}\n\n[{n}]\ntype=aor\nmax_contacts=1\nqualify_frequency=60\n")
    for i in range(3):
        n = f"itsp{i}"
        parts.append(f"[{n}]\ntype=endpoint\ncontext=from-trunk\noutbound_auth={n}-auth\naors={n}\n\n"
                     f"[{n}]\ntype=aor\ncontact=sip:203.0.113.{i}\nqualify_frequency=30\n\n"
                     f"[{n}-auth]\ntype=auth\nusername=acct{i}\npassword=x{i}\n\n"
                     f"[{n}]\ntype=identify\nendpoint={n}\nmatch=203.0.113.{i}\n")
    data = "\n".join(parts).encode()
    r = to_wizard(data, "pjsip.conf")
    assert r.groups == 15 and r.kept == [] and r.remainder == ""
    headers = [line for line in r.wizard.splitlines() if "(!" in line]
    assert headers == ["[phones](!)", "[phones-sales](!,phones)", "[phones-sales-no-direct_media](!,phones-sales)",
                       "[phones-support](!,phones)", "[trunks](!)"]   # 2 support phones share too little
    assert "[2001](phones-sales-no-direct_media)\ninbound_auth/username = 2001\n" in r.wizard
    assert "[itsp1](trunks)\nremote_hosts = 203.0.113.1\n" in r.wizard
    assert len(r.wizard.splitlines()) < len(data.splitlines()) / 2


def test_comments_inside_converted_sections_move_with_them():
    data = b"[a]\ntype = endpoint\n; calls land in internal\ncontext = internal\naors = a\n;old = value\n\n" \
           b"[a]\ntype = aor\n; one phone\nmax_contacts = 1\n"
    r = to_wizard(data, "pjsip.conf")
    assert r.wizard.startswith("; calls land in internal\n;old = value\n; one phone\n[a]\ntype = wizard\n")
    assert r.remainder == ""


def test_no_renames_when_the_file_includes_others():
    data = b"#include more.conf\n\n[a]\ntype = endpoint\nauth = a\naors = a\n\n[a]\ntype = auth\nusername = a\n" \
           b"password = p\n\n[a]\ntype = aor\n\n[b]\ntype = endpoint\naors = b\n\n[b]\ntype = aor\n"
    r = to_wizard(data, "pjsip.conf")
    assert r.kept == ["endpoint a: auth a would become a-iauth, and the files this one includes may refer to it"]
    assert r.groups == 1 and "#include more.conf" in r.remainder and "[b]" not in r.remainder


def test_each_direction_refuses_the_other_kind_of_file():
    wizard = (GOLDEN / "seed-example" / "pjsip_wizard.conf").read_bytes()
    with pytest.raises(ConversionError, match=r"pjsip_wizard.conf:\d+: this is a pjsip_wizard.conf"):
        to_wizard(wizard, "pjsip_wizard.conf")
    with pytest.raises(ConversionError, match="no wizard sections"):
        to_objects(HAND, "pjsip.conf")


def test_crlf_input_gives_crlf_files():
    r = to_wizard(HAND.replace(b"\n", b"\r\n"), "pjsip.conf")
    assert r.wizard == to_wizard(HAND, "pjsip.conf").wizard.replace("\n", "\r\n")
    assert r.remainder.endswith("bind = 0.0.0.0\r\n")


def test_cli_never_writes_over_its_input(tmp_path, capsys):
    src = tmp_path / "pjsip.conf"
    src.write_bytes(HAND)
    assert main(["convert", "--to-wizard", str(src), "-o", str(tmp_path / "pjsip_wizard.conf")]) == 2
    assert "is the input; choose another -o or --remainder" in capsys.readouterr().err
    assert src.read_bytes() == HAND and not (tmp_path / "pjsip_wizard.conf").exists()
