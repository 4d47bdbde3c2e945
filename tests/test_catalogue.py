"""The parameter catalogue: data, value validation as Asterisk parses, XML docs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pjtui.pjsip.catalogue import (
    CODEC_NAMES, DATA_FILE, OBJECT_TYPES, catalogue, doc_text, is_true, parse_c_int, split_list,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOCS = SHARED / "data" / "asterisk-docs"


def issues(type_name, param, value):
    return [(i.severity, i.message) for i in catalogue().param(type_name, param).validate(value)]


def test_every_seed_type_is_present_with_kinds_and_defaults():
    cat = catalogue()
    for t in OBJECT_TYPES:
        assert t in cat.types, t
        assert cat.types[t].params, t
        for p in cat.types[t].params.values():
            assert p.kind, (t, p.name)
    ep = cat.param("endpoint", "DIRECT_MEDIA")          # case-insensitive
    assert ep.kind == "bool" and ep.default == "yes"
    aors = cat.param("endpoint", "aors")
    assert aors.is_list and aors.accumulates is False and aors.object_refs == ("aor",)
    allow = cat.param("endpoint", "allow")
    assert allow.kind == "codec_list" and allow.accumulates is True
    assert cat.param("identify", "match").accumulates is True
    assert "rfc4733" in cat.param("endpoint", "dtmf_mode").enum
    assert cat.param("aor", "qualify_frequency").range == (0, 86400)
    assert cat.param("endpoint", "context").external_refs == ("dialplan context",)
    assert cat.types["phoneprov"].accepts_any_param
    assert cat.types["global"].single_object and not cat.types["system"].reload
    assert "Default: yes" in ep.help


def test_packaged_copy_matches_shared_file():
    shared = SHARED / "data" / "pjsip-params.json"
    if not shared.exists():
        pytest.skip("shared data not beside the checkout")
    assert DATA_FILE.read_bytes() == shared.read_bytes()


def test_regen_script(tmp_path):
    script = ROOT / "scripts" / "regen-catalogue"
    ok = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = subprocess.run([sys.executable, str(script), str(bad)], capture_output=True, text=True)
    assert r.returncode == 1 and "not valid JSON" in r.stderr
    partial = tmp_path / "partial.json"
    partial.write_text('{"schema": 1, "object_types": {"endpoint": {}}}')
    r = subprocess.run([sys.executable, str(script), str(partial)], capture_output=True, text=True)
    assert r.returncode == 1 and "lacks object types" in r.stderr
    missing = subprocess.run([sys.executable, str(script), str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_bool_parsing_like_ast_true():
    for word in ("yes", "TRUE", "y", "T", "1", "On"):
        assert is_true(word)
        assert issues("endpoint", "direct_media", word) == []
    for word in ("no", "False", "n", "f", "0", "OFF"):
        assert not is_true(word)
        assert issues("endpoint", "direct_media", word) == []
    sev, msg = issues("endpoint", "direct_media", "enabled")[0]
    assert sev == "warning" and "'no'" in msg
    assert issues("endpoint", "direct_media", "")[0][0] == "warning"


def test_integers_like_strtoul_base0():
    assert parse_c_int("0x1F") == 31 and parse_c_int("010") == 8 and parse_c_int("08") is None
    assert issues("aor", "max_contacts", "5") == []
    assert issues("aor", "max_contacts", "0x10") == []
    assert issues("aor", "max_contacts", "010")[0][0] == "warning"
    for bad in ("", "-1", "abc", "5x", "08", "1.5"):
        assert issues("aor", "max_contacts", bad)[0][0] == "error", bad
    assert issues("aor", "qualify_frequency", "86400") == []
    assert "out of range" in issues("aor", "qualify_frequency", "86401")[0][1]
    assert issues("global", "mwi_tps_queue_low", "-1") == []
    assert issues("aor", "qualify_timeout", "2.5") == []
    assert issues("aor", "qualify_timeout", "fast")[0][0] == "error"


def test_enums_and_lists():
    assert issues("endpoint", "dtmf_mode", "RFC4733") == []
    sev, msg = issues("endpoint", "dtmf_mode", "rfc2833")[0]
    assert sev == "error" and "did you mean 'rfc4733'" in msg
    assert issues("endpoint", "100rel", "on") == []          # boolean words accepted
    assert issues("endpoint", "timers", "false") == []
    assert issues("transport", "protocol", "sctp")[0][0] == "error"
    assert issues("endpoint", "identify_by", "username,ip") == []
    assert len(issues("endpoint", "identify_by", "username,bogus,ip")) == 1
    assert split_list(" a, ,b ,") == ["a", "b"]


def test_codecs_and_custom_values():
    assert "ulaw" in CODEC_NAMES
    assert issues("endpoint", "allow", "!all,ULAW|alaw,g722:20") == []
    sev, msg = issues("endpoint", "allow", "ulaw,opsu")[0]
    assert sev == "error" and "opsu" in msg and "opus" in msg
    assert issues("endpoint", "disallow", "all") == []
    assert issues("endpoint", "allow", "(ulaw|alaw)") == []          # the form Asterisk prints
    assert issues("endpoint", "tos_audio", "ef") == []
    assert issues("endpoint", "tos_audio", "fast")[0][0] == "error"
    assert issues("transport", "bind", "0.0.0.0:5060") == []
    assert issues("transport", "bind", "[::]:5061") == []
    assert issues("transport", "bind", "pbx.example.com")[0][0] == "error"
    assert issues("endpoint", "permit", "10.0.0.0/8, 192.0.2.1/255.255.255.0") == []
    assert issues("acl", "deny", "10.0.0.0/33")[0][0] == "error"
    assert issues("endpoint", "dtls_auto_generate_cert", "maybe")[0][0] == "warning"


def test_suggestions_and_wizard_names():
    cat = catalogue()
    assert cat.suggest("endpoint", "dirct_media") == ["direct_media"]
    assert "accepts_registrations" in cat.suggest("wizard", "accept_registrations")
    assert cat.suggest("wizard", "remote_host")[0] == "remote_hosts"
    w = cat.wizard_option("endpoint/Context")
    assert w.prefix == "endpoint" and w.target_type == "endpoint" and w.param.name == "context"
    w = cat.wizard_option("inbound_auth/username")
    assert w.target_type == "auth" and w.param.name == "username"
    assert cat.wizard_option("Endpoint/context").prefix is None      # prefix is case-sensitive
    assert cat.wizard_option("Accepts_Registrations").param.name == "accepts_registrations"
    assert cat.wizard_option("sends_registration").param is None


def test_xml_docs_fuller_text():
    text = doc_text("endpoint", "100rel", str(DOCS))
    assert text.startswith("Allow support for RFC3262")
    assert "- required:" in text
    assert "host[:port]" in doc_text("wizard", "remote_hosts", str(DOCS))
    # a pass-through falls back to the target type's documentation
    assert doc_text("wizard", "endpoint/context", str(DOCS)).startswith("Dialplan context")
    assert "match" in doc_text("identify", "match", str(DOCS)).lower()
    assert doc_text("endpoint", "no_such_option", str(DOCS)) is None
    assert doc_text("endpoint", "100rel", "/nonexistent/dir") is None
