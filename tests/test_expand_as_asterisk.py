"""``pjtui expand`` writes the objects as Asterisk's export does (issue 11): the option
names Asterisk uses, one contact per URI, the password_digest Asterisk derives from
md5_cred.  Checked on the golden cases, key names compared exactly (the golden
README: "Key names compare exactly")."""

from __future__ import annotations

import pytest

from pjtui.conf import parse
from pjtui.pjsip.model import build
from test_wizard_golden import CASES, GOLDEN, read_objects, run_case


def printed_objects(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(type, name, [(key, value)]) of every object in expand's output, comments dropped."""
    back = build(parse(text.encode(), "expand-output.conf"))
    return [(eff.object_type, eff.name, [(e.key, e.value) for e in eff.vars[1:]]) for eff in back.sections]


def expand_text(name: str) -> str:
    from pjtui.commands.expand import render_conf

    exp, _hosts = run_case(GOLDEN / name)
    return render_conf(exp)


def test_option_names_are_the_ones_asterisk_exports():
    objs = {(t, n): pairs for t, n, pairs in printed_objects(expand_text("f38-option-name-case"))}
    assert ("context", "kept-context") in objs[("endpoint", "9001")]
    assert ("max_contacts", "4") in objs[("aor", "9001")]
    assert not [k for pairs in objs.values() for k, _ in pairs if k != k.lower()]


def test_a_uri_listed_twice_gives_one_contact():
    objs = {(t, n): pairs for t, n, pairs in printed_objects(expand_text("f39-remote-hosts-duplicate-host"))}
    contacts = [v for k, v in objs[("aor", "dup")] if k == "contact"]
    assert sorted(contacts) == ["sip:192.0.2.150", "sip:192.0.2.151"]


def test_md5_cred_shows_the_password_digest_asterisk_derives():
    objs = {(t, n): pairs for t, n, pairs in printed_objects(expand_text("f32-auth-type-explicit"))}
    assert ("password_digest", "MD5:12d4f785a7145ddb4c1c629f2181984d") in objs[("auth", "7001-iauth")]


@pytest.mark.parametrize("name", CASES)
def test_printed_keys_and_repeated_lines_match_the_export(name):
    """Every key expand prints is spelt as in Asterisk's export; ``contact`` and
    ``password_digest`` lines come as many times as there."""
    export = {(t, n): pairs for t, n, pairs in read_objects(GOLDEN / name / "export.conf")}
    for t, n, pairs in printed_objects(expand_text(name)):
        want = export[(t, n)]
        want_keys = {k for k, _ in want}
        for key, _ in pairs:
            # the export lists every field but those with an empty value
            assert key in want_keys or key.lower() not in {k.lower() for k in want_keys}, f"{t} {n}: {key}"
        for key in ("contact", "password_digest"):
            assert sorted(v for k, v in pairs if k == key) == sorted(v for k, v in want if k == key), f"{t} {n} {key}"


def _expand_file(tmp_path, capsys, text: str):
    from pjtui.cli import main

    f = tmp_path / "pjsip_wizard.conf"
    f.write_text(text)
    rc = main(["expand", "--show-secrets", str(f)])
    out, err = capsys.readouterr()
    return f, rc, {(t, n): pairs for t, n, pairs in printed_objects(out)}, err.splitlines()


AUTH = "[7001]\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\ninbound_auth/username = 7001\n"


@pytest.mark.parametrize("value,logged", [
    ("abc", "7001-iauth: password_digest algorithm 'MD5' length (3) must be 32"),
    ("SHA-256:" + "a" * 32, "7001-iauth: password_digest algorithm 'SHA-256' length (32) must be 64"),
    ("SHA-1:" + "a" * 40, "7001-iauth: Unknown password_digest algorithm 'SHA-1' specified"),
])
def test_a_digest_asterisk_refuses_makes_no_auth(tmp_path, capsys, value, logged):
    """password_digest_handler (res_pjsip/config_auth.c) refuses it, so the auth is not
    applied; the endpoint and aor are still made and name the missing auth (like f25)."""
    f, rc, objs, err = _expand_file(tmp_path, capsys, AUTH + f"inbound_auth/md5_cred = {value}\n")
    assert rc == 1 and ("auth", "7001-iauth") not in objs and ("auth", "7001-iauth") in objs[("endpoint", "7001")]
    assert err[:2] == [f"{f}:6: WARNING: res_pjsip/config_auth.c: {logged}",
                       f"{f}:6: ERROR: config_options.c: Error parsing md5_cred={value} at line 0 of"]


def test_a_named_digest_keeps_its_algorithm(tmp_path, capsys):
    digest = "b" * 64
    f, rc, objs, err = _expand_file(tmp_path, capsys, AUTH + f"inbound_auth/md5_cred = sha-256:{digest}\n")
    assert rc == 0 and err == []
    assert ("password_digest", f"SHA-256:{digest}") in objs[("auth", "7001-iauth")]
