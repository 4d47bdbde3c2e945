"""One wizard to plain objects and one endpoint group back to a wizard, on the open files:
exact bytes, one splice per file that undoes itself, and refusals that say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from pjtui.conf import parse
from pjtui.pjsip.refactor import Files, RefactorError, objects_to_wizard, wizard_to_objects

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WIZARD = (SAMPLES / "pjsip_wizard.conf").read_bytes()
PJSIP = (SAMPLES / "pjsip.conf").read_bytes()
OBJECTS_6001 = b"""
[6001-iauth]
type = auth
username = 6001
password = 6001
auth_type = userpass

[6001]
type = endpoint
context = default
allow = !all,ulaw,gsm,g722
aors = 6001
auth = 6001-iauth

[6001]
type = aor
max_contacts = 5
"""
SECTION_6001 = b"[6001](user)\ninbound_auth/username = 6001\ninbound_auth/password = 6001\n\n"


def files(wizard=WIZARD, pjsip=PJSIP):
    return Files(parse(wizard, "pjsip_wizard.conf"), parse(pjsip, "pjsip.conf"))


def line_of(data: bytes, header: bytes) -> int:
    return data.splitlines().index(header) + 1


def test_wizard_to_objects_moves_its_objects_to_pjsip_conf():
    f = files()
    r = wizard_to_objects(f, line_of(WIZARD, b"[6001](user)"))
    assert r.texts["pjsip.conf"] == PJSIP + OBJECTS_6001
    assert r.texts["pjsip_wizard.conf"] == WIZARD.replace(SECTION_6001, b"")
    assert r.renames == []
    for doc in f:  # each splice makes the new text, and its inverse the old one
        undo = doc.apply(r.splices[doc.name])
        assert doc.to_bytes() == r.texts[doc.name]
        doc.apply(undo)
        assert doc.to_bytes() == (WIZARD if doc is f.wizard else PJSIP)


def test_objects_to_wizard_is_the_way_back():
    plain = files(WIZARD.replace(SECTION_6001, b""), PJSIP + OBJECTS_6001)
    pj = plain.pjsip.to_bytes()
    aor_line = [i + 1 for i, raw in enumerate(pj.splitlines()) if raw == b"[6001]"][1]
    r = objects_to_wizard(plain, aor_line)   # the aor's header: its endpoint's group goes
    assert r.texts["pjsip.conf"] == PJSIP
    section = r.texts["pjsip_wizard.conf"][len(WIZARD.replace(SECTION_6001, b"")):]
    assert section == (b"\n[6001]\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\n"
                       b"inbound_auth/username = 6001\ninbound_auth/password = 6001\n"
                       b"endpoint/context = default\nendpoint/allow = !all,ulaw,gsm,g722\naor/max_contacts = 5\n")


def test_refusals_say_why():
    f = files()
    with pytest.raises(RefactorError, match="not a wizard section"):
        wizard_to_objects(f, line_of(WIZARD, b"[user](!)"))
    with pytest.raises(RefactorError, match="no pjsip.conf is open"):
        wizard_to_objects(Files(f.wizard, None), line_of(WIZARD, b"[6001](user)"))
    with pytest.raises(RefactorError, match=r"not part of an endpoint"):
        objects_to_wizard(f, line_of(PJSIP, b"[transport-udp]"))
    taken = files(WIZARD, PJSIP + OBJECTS_6001.replace(b"[6001]\ntype = endpoint", b"[6001]\ntype = endpoint"))
    pj = taken.pjsip.to_bytes()
    with pytest.raises(RefactorError):   # the wizard file makes endpoint 6001 already
        objects_to_wizard(taken, [i + 1 for i, raw in enumerate(pj.splitlines()) if raw == b"[6001]"][0])


def test_objects_renamed_lists_what_a_rename_takes_along():
    from pjtui.pjsip.refactor.rename import objects_renamed

    f = files()
    assert sorted(objects_renamed(f, "wizard", line_of(WIZARD, b"[6001](user)"))) == [
        ("aor", "6001"), ("auth", "6001-iauth"), ("endpoint", "6001")]
    assert objects_renamed(f, "wizard", line_of(WIZARD, b"[user](!)")) == []   # a template makes none


def test_the_hints_a_converted_wizard_made_are_listed():
    wizard = WIZARD.replace(SECTION_6001, SECTION_6001.replace(b"\n\n", b"\nhas_hint = yes\nhint_exten = 6001\n\n"))
    r = wizard_to_objects(files(wizard), line_of(wizard, b"[6001](user)"))
    assert r.objects == 9   # the transport, 6001's three and the trunk's five, after as before
    assert r.notes == ["the wizard made a dialplan hint; extensions.conf needs it now: "
                       "[default] exten => 6001,hint,PJSIP/6001"]
    assert b"hint_exten" not in r.texts["pjsip.conf"]
