"""Extract a template / rename a section with its references: exact bytes, one splice per
file whose inverse restores the file, and refusals that say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from pjtui.conf import parse
from pjtui.pjsip.refactor import Files, RefactorError, extract_template, rename_section
from pjtui.pjsip.model import build

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"

WIZARD = b"""\
[6001]
type = wizard
accepts_registrations = yes ; phones register
endpoint/context = internal
endpoint/allow = !all,ulaw
inbound_auth/username = 6001

; second phone
[6002]
type = wizard
accepts_registrations = yes ; phones register
endpoint/context = internal
endpoint/allow = !all,ulaw
inbound_auth/username = 6002

[itsp](trunk-base)
remote_hosts = 192.0.2.1
endpoint/outbound_auth = 6001-oauth
"""
WIZARD = WIZARD.replace(b"[itsp](trunk-base)", b"[trunk-base](!)\ntype = wizard\n\n[itsp](trunk-base)")
PJSIP = b"""\
[6001-phone]
type = identify
endpoint = 6001
match = 10.0.0.1
"""


def files():
    return Files(parse(WIZARD, "pjsip_wizard.conf"), parse(PJSIP, "pjsip.conf"))


def test_extract_template_moves_shared_lines_above_the_first_section():
    f = files()
    r = extract_template(f, "wizard", [1, 9], "phones")
    assert r.texts["pjsip_wizard.conf"] == b"""\
[phones](!)
type = wizard
accepts_registrations = yes ; phones register
endpoint/context = internal
endpoint/allow = !all,ulaw

[6001](phones)
inbound_auth/username = 6001

; second phone
[6002](phones)
inbound_auth/username = 6002

[trunk-base](!)
type = wizard

[itsp](trunk-base)
remote_hosts = 192.0.2.1
endpoint/outbound_auth = 6001-oauth
"""
    assert list(r.splices) == ["pjsip_wizard.conf"] and r.renames == []
    # one splice is the whole change, and what it returns undoes it byte for byte
    doc = f.wizard
    inverse = r.splices["pjsip_wizard.conf"].apply(doc)
    assert doc.to_bytes() == r.texts["pjsip_wizard.conf"]
    inverse.apply(doc)
    assert doc.to_bytes() == WIZARD


def test_extract_template_in_pjsip_conf_keeps_codec_lines_together():
    data = b"""\
[a]
type = endpoint
context = internal
disallow = all
allow = ulaw
aors = a

[b]
type = endpoint
context = internal
disallow = all
allow = ulaw
allow = g722
aors = b
"""
    r = extract_template(Files(pjsip=parse(data, "pjsip.conf")), "pjsip", [1, 8], "endpoint-base")
    assert r.texts["pjsip.conf"] == b"""\
[endpoint-base](!)
type = endpoint
context = internal

[a](endpoint-base)
disallow = all
allow = ulaw
aors = a

[b](endpoint-base)
disallow = all
allow = ulaw
allow = g722
aors = b
"""


@pytest.mark.parametrize("lines, name, message", [
    ([1], "phones", "at least two sections"),
    ([1, 9], "itsp", "already exists"),
    ([1, 19], "x", "no line in common"),
    ([2, 9], "x", "no section header on this line"),
])
def test_extract_template_refusals(lines, name, message):
    with pytest.raises(RefactorError, match=message):
        extract_template(files(), "wizard", lines, name)


def test_rename_wizard_follows_references_in_both_files():
    r = rename_section(files(), "wizard", 1, "alice")
    assert r.texts["pjsip.conf"] == PJSIP.replace(b"endpoint = 6001", b"endpoint = alice")
    assert r.texts["pjsip_wizard.conf"].startswith(b"[alice]\ntype = wizard\n")
    # 6001-oauth was never made (no sends_auth): a dangling name is left as it is
    assert b"endpoint/outbound_auth = 6001-oauth" in r.texts["pjsip_wizard.conf"]
    assert ("endpoint", "6001", "alice") in r.renames and ("auth", "6001-iauth", "alice-iauth") not in r.renames
    assert "Dial(PJSIP/6001)" in r.notes[0]


def test_rename_follows_generated_names_and_parent_lists():
    wiz = WIZARD.replace(b"inbound_auth/username = 6001", b"sends_auth = yes\noutbound_auth/username = 6001\noutbound_auth/password = pw")
    f = Files(parse(wiz, "pjsip_wizard.conf"), parse(PJSIP + b"\n[reg]\ntype = registration\nserver_uri = "
                                                      b"sip:192.0.2.9\nclient_uri = sip:x@192.0.2.9\n"
                                                      b"outbound_auth = 6001-oauth\n", "pjsip.conf"))
    r = rename_section(f, "wizard", 1, "alice")
    assert b"endpoint/outbound_auth = alice-oauth" in r.texts["pjsip_wizard.conf"]
    assert b"outbound_auth = alice-oauth" in r.texts["pjsip.conf"]
    assert ("auth", "6001-oauth", "alice-oauth") in r.renames
    t = rename_section(files(), "wizard", 16, "trunks")
    assert b"[trunks](!)\n" in t.texts["pjsip_wizard.conf"] and b"[itsp](trunks)\n" in t.texts["pjsip_wizard.conf"]
    assert t.renames == [] and "pjsip.conf" not in t.texts


def test_rename_pjsip_object_follows_references():
    data = (b"[a-aor]\ntype = aor\nmax_contacts = 1\n\n[a]\ntype = endpoint\naors = a-aor\n\n"
            b"[a-aor](+)\nqualify_frequency = 30\n")
    r = rename_section(Files(pjsip=parse(data, "pjsip.conf")), "pjsip", 1, "a")
    assert r.texts["pjsip.conf"] == data.replace(b"a-aor", b"a")
    assert r.renames == [("aor", "a-aor", "a")] and r.notes == []


def test_rename_that_moves_an_append_to_another_section_is_refused():
    # after the rename, [a](+) would add to the endpoint [a], the first section of that name
    data = b"[a]\ntype = endpoint\naors = a-aor\n\n[a-aor]\ntype = aor\n\n[a-aor](+)\nqualify_frequency = 30\n"
    with pytest.raises(RefactorError, match="aor a: qualify_frequency: input 30, result"):
        rename_section(Files(pjsip=parse(data, "pjsip.conf")), "pjsip", 5, "a")


def test_rename_refusals():
    with pytest.raises(RefactorError, match="endpoint itsp already exists"):
        rename_section(files(), "wizard", 9, "itsp")
    data = b"[a]\ntype = endpoint\naors = x\naors += ,b\n\n[b]\ntype = aor\n"
    with pytest.raises(RefactorError, match=r"pjsip.conf:4: a \+= line names b"):
        rename_section(Files(pjsip=parse(data, "pjsip.conf")), "pjsip", 6, "c")


CORPUS_FILES = sorted(CORPUS.glob("testsuite/*pjsip.conf"))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:60])
def test_rename_every_corpus_endpoint_keeps_the_objects(path):
    doc = parse(path.read_bytes(), "pjsip.conf")
    endpoints = [e for e in build(doc).sections if e.object_type == "endpoint" and not e.template][:2]
    for eff in endpoints:
        name, section = eff.name, eff.section
        r = rename_section(Files(pjsip=doc), "pjsip", section.line, name + "-renamed")
        assert ("endpoint", name, name + "-renamed") in r.renames
        assert doc.to_bytes() == path.read_bytes()      # the open document is untouched
