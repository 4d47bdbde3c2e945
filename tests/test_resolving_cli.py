"""``expand`` and ``show`` resolve identify host names as ``check`` does (issue 11):
``--hosts F``, ``--no-resolve``, and by default the system resolver, here a fake
getaddrinfo (no test asks real DNS).  Golden f37: one name does not resolve, so
Asterisk rejects the whole identify, and ``expand`` must not print it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from pjtui.cli import main
from pjtui.io import resolver

F37 = Path(__file__).resolve().parents[1] / ".." / "shared" / "golden" / "f37-unresolvable-host"


def run(capsys, *argv):
    rc = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def only_known(monkeypatch):
    """The system resolver knows known.example only."""
    calls = []

    def getaddrinfo(host, port, family=0, type_=0, *rest):
        calls.append((host, port))
        if host != "known.example":
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return [(socket.AF_INET, type_, 17, "", ("192.0.2.140", int(port)))]

    monkeypatch.setattr(resolver, "getaddrinfo", getaddrinfo)
    return calls


def test_expand_with_hosts_file_drops_the_identify_like_asterisk(capsys):
    rc, out, err = run(capsys, "expand", F37 / "pjsip_wizard.conf", "--hosts", F37 / "hosts.txt")
    assert rc == 1
    assert "[named-identify]" not in out and "type = identify" not in out
    assert out.count("contact = sip:") == 2            # the aor keeps both names
    assert ("ERROR: res_pjsip_endpoint_identifier_ip.c: Identify 'named-identify' failed when adding "
            "resolution results of 'unknown.example:5060'") in err
    assert f'getaddrinfo("unknown.example", "5060", ...): Name or service not known (pjtui asked the hosts file ' \
           f'{F37 / "hosts.txt"})' in err
    assert "note: host names were resolved by the hosts file" in err


def test_expand_asks_the_system_resolver_by_default(capsys, only_known):
    rc, out, err = run(capsys, "expand", F37 / "pjsip_wizard.conf")
    assert rc == 1 and "type = identify" not in out
    assert "Temporary failure in name resolution (pjtui asked the system resolver of this machine" in err
    assert "Alpine" in err                              # why the machine asked matters
    assert sorted(only_known) == [("known.example", "5060"), ("unknown.example", "5060")]   # once each


def test_expand_no_resolve_keeps_every_name(capsys, only_known):
    rc, out, err = run(capsys, "expand", F37 / "pjsip_wizard.conf", "--no-resolve")
    assert rc == 0 and err == "" and "[named-identify]" in out
    assert only_known == []


def test_expand_unreadable_hosts_file_exits_2(capsys, tmp_path):
    rc, out, err = run(capsys, "expand", F37 / "pjsip_wizard.conf", "--hosts", tmp_path / "nope")
    assert rc == 2 and out == "" and "cannot read" in err and "nope" in err and "Traceback" not in err


def test_hosts_and_no_resolve_exclude_each_other(capsys):
    with pytest.raises(SystemExit):
        main(["expand", str(F37 / "pjsip_wizard.conf"), "--hosts", "x", "--no-resolve"])


def test_show_says_what_the_wizard_makes_with_the_same_resolution(capsys, only_known):
    rc, out, err = run(capsys, "show", F37 / "pjsip_wizard.conf", "named")
    assert rc == 0
    assert "; makes: endpoint named, aor named\n" in out
    assert "Identify 'named-identify' failed when adding resolution results of 'unknown.example:5060'" in out
    rc, out, err = run(capsys, "show", "--json", F37 / "pjsip_wizard.conf", "named", "--hosts", F37 / "hosts.txt")
    makes = json.loads(out)["makes"]
    assert [o["type"] for o in makes["objects"]] == ["endpoint", "aor"]
    assert any("Unable to create objects for wizard 'named'" in x for x in makes["log"])
    rc, out, err = run(capsys, "show", "--json", F37 / "pjsip_wizard.conf", "named", "--no-resolve")
    assert [o["type"] for o in json.loads(out)["makes"]["objects"]] == ["endpoint", "aor", "identify"]


def test_show_of_a_file_without_names_asks_nobody(capsys, tmp_path, only_known):
    f = tmp_path / "pjsip_wizard.conf"
    f.write_text("[t]\ntype = wizard\nremote_hosts = 192.0.2.1\n")
    rc, out, err = run(capsys, "show", f, "t")
    assert rc == 0 and "; makes: endpoint t, aor t, identify t-identify" in out
    assert "resolved by" not in out and only_known == []


@pytest.mark.parametrize("how", [["--hosts", str(F37 / "hosts.txt")], [], ["--no-resolve"]],
                         ids=["hosts-file", "system", "no-resolve"])
def test_check_expand_and_show_agree_on_the_identify(capsys, only_known, how):
    """The three surfaces take the same answer: the identify exists for all or for none."""
    f = F37 / "pjsip_wizard.conf"
    rc, out, err = run(capsys, "expand", f, *how)
    expand_says = "[named-identify]" in out
    rc, out, err = run(capsys, "show", "--json", f, "named", *how)
    show_says = "identify" in [o["type"] for o in json.loads(out)["makes"]["objects"]]
    rc, out, err = run(capsys, "check", f, *how)
    check_says = "error unresolvable-host:" not in out
    assert expand_says == show_says == check_says == (how == ["--no-resolve"])
    if how == []:
        assert "pjtui asked the system resolver of this machine" in out
    if how != ["--no-resolve"]:
        assert "note: host names were resolved by" in err


def test_check_unreadable_hosts_file_exits_2(capsys, tmp_path):
    rc, out, err = run(capsys, "check", F37 / "pjsip_wizard.conf", "--hosts", tmp_path / "nope")
    assert rc == 2 and "cannot read" in err and "Traceback" not in err


def test_a_name_without_an_answer_in_time_is_no_error_and_the_note_says_so(capsys, monkeypatch):
    import threading

    release = threading.Event()

    def slow(host, port, family=0, type_=0, *rest):
        if host == "known.example":
            return [(socket.AF_INET, type_, 17, "", ("192.0.2.140", int(port)))]
        release.wait(5)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(resolver, "getaddrinfo", slow)
    real = resolver.system_resolver
    monkeypatch.setattr("pjtui.commands.resolving.system_resolver", lambda: real(timeout=0.05))
    try:
        rc, out, err = run(capsys, "check", F37 / "pjsip_wizard.conf")
    finally:
        release.set()
    assert rc == 0, out
    assert "Could not tell whether 1 name(s) resolve" in err and "unknown.example (no answer within 0.05 s)" in err
