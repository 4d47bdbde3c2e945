"""A save never lies (issue 18) and the CLI's safety items of issue 17 (6, 7, 8).

Every edit is read back as Asterisk reads it or refused with the reason; an outside edit
during a save is put back, not lost; secrets are masked by what Asterisk reads; output
into a closed pipe or an ASCII terminal never ends in a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from pjtui.cli import BROKEN_PIPE_STATUS, main
from pjtui.conf import EditError, parse
from pjtui.conf.edits import AddOption, SetValue
from pjtui.io import ExternalChange, content_hash, save_file
from pjtui.io import save as save_module
from pjtui.io.secrets import MASK, mask_document_lines, masked_value

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, data: bytes, name: str = "pjsip.conf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- 18.1-3: read back as Asterisk reads, or refuse and say why ---------------------------------

def test_a_trailing_backslash_before_a_comment_is_read_back_as_given(tmp_path, capsys):
    path = write(tmp_path, b"[global]\ntype=global\nuser_agent=old;comment\n")
    code, _, err = run(capsys, "set", path, "global", "user_agent", "a\\")
    assert code == 0, err
    code, out, _ = run(capsys, "get", path, "global", "user_agent")
    assert (code, out) == (0, "a\\\n")
    assert b";comment" in path.read_bytes()        # the comment stays a comment


def test_a_line_asterisk_would_skip_as_too_long_is_refused(tmp_path, capsys):
    data = b"[global]\ntype=global\nuser_agent=old\n"
    path = write(tmp_path, data)
    code, _, err = run(capsys, "set", path, "global", "user_agent", "x" * 9000)
    assert code == 2 and "8,191 bytes" in err and "Traceback" not in err
    assert path.read_bytes() == data
    code, out, _ = run(capsys, "get", path, "global", "user_agent")
    assert out == "old\n"


@pytest.mark.parametrize("data, words", [
    (b"[a]\ntype=wizard ;-- unterminated\n", "block comment that opens on line 2"),
    (b"[a]\ntype=wizard\nsends_auth=no --;\n", "stray '--;' on line 3"),
])
def test_a_line_inside_a_block_comment_is_refused(tmp_path, capsys, data, words):
    path = write(tmp_path, data, "pjsip_wizard.conf")
    code, _, err = run(capsys, "set", path, "a", "remote_hosts", "1.2.3.4")
    assert code == 2 and words in err, err
    assert path.read_bytes() == data


def test_the_editor_edits_are_read_back_too():
    # the same rule for the editor: its session applies these edits (doc.apply)
    data = b"[a]\ntype=wizard ;-- open\n"
    doc = parse(data, "w.conf")
    with pytest.raises(EditError, match="block comment"):
        doc.apply(AddOption(1, "remote_hosts", "1.2.3.4"))
    assert doc.to_bytes() == data
    doc = parse(b"[g]\nx=1\n", "g.conf")
    with pytest.raises(EditError, match="8,191"):
        doc.apply(SetValue(2, "y" * 10_000))     # a 10 KB paste
    assert doc.to_bytes() == b"[g]\nx=1\n"
    doc = parse(b"[g]\nx=1\n", "g.conf")
    with pytest.raises(EditError, match="would read this line as 'k => …'"):
        doc.apply(AddOption(1, "k", ">v"))        # 'k=>v' would mean k => v
    assert doc.to_bytes() == b"[g]\nx=1\n"


def test_the_editor_session_refuses_such_an_edit_with_the_reason():
    from pjtui.ui.session import EditError as SessionEditError, EditSession

    data = b"[a]\ntype=wizard ;-- open\n"
    doc = parse(data, "w.conf")
    session = EditSession([doc])
    with pytest.raises(SessionEditError, match="block comment that opens on line 2"):
        session.apply("add remote_hosts", [(doc, AddOption(1, "remote_hosts", "1.2.3.4"))])
    assert doc.to_bytes() == data and not session.modified and not session.can_undo


# -- 18.4: an outside edit between the last check and the rename is not lost --------------------

def test_an_outside_edit_just_before_the_rename_is_put_back_and_reported(tmp_path, monkeypatch):
    path = write(tmp_path, b"[a]\nx=1\n")
    theirs = b"[a]\nx=2\n"

    def outside_edit(step):
        if step == "rename":                       # after the last hash check
            with open(path, "r+b") as handle:      # in place, as `echo >>` or sed -i would not
                handle.write(theirs)

    monkeypatch.setattr(save_module, "_fault_hook", outside_edit)
    with pytest.raises(ExternalChange) as caught:
        save_file(path, b"[a]\nx=3\n", expected_hash=content_hash(b"[a]\nx=1\n"))
    assert path.read_bytes() == theirs             # theirs is back, not only in .bak
    assert caught.value.current_hash == content_hash(theirs)
    assert "while pjtui was saving" in str(caught.value)


def test_a_file_replaced_right_after_the_rename_is_not_reported_as_saved(tmp_path, monkeypatch):
    path = write(tmp_path, b"[a]\nx=1\n")

    def outside_replace(step):
        if step == "verify":                       # just after our rename
            other = tmp_path / "other.tmp"
            other.write_bytes(b"[a]\nx=9\n")
            os.replace(other, path)

    monkeypatch.setattr(save_module, "_fault_hook", outside_replace)
    with pytest.raises(ExternalChange):
        save_file(path, b"[a]\nx=3\n", expected_hash=content_hash(b"[a]\nx=1\n"))
    assert path.read_bytes() == b"[a]\nx=9\n"


def test_a_save_without_outside_edits_still_just_saves(tmp_path):
    path = write(tmp_path, b"[a]\nx=1\n")
    result = save_file(path, b"[a]\nx=3\n", expected_hash=content_hash(b"[a]\nx=1\n"), backup="none")
    assert path.read_bytes() == b"[a]\nx=3\n" and result.hash == content_hash(b"[a]\nx=3\n")


# -- 18.5: masking by what Asterisk reads ---------------------------------------------------------

def test_masking_follows_what_asterisk_reads_not_text_patterns():
    doc = parse(b"[a]\ntype=auth\npassword = SEC;-- c --;RETB\n"
                b"[w]\ntype=wizard\ninbound_auth/password;-- x --;= S\nusername = bob ; password = no\n",
                "p.conf")
    lines = mask_document_lines(doc)
    text = "\n".join(lines)
    assert "SEC" not in text and "RETB" not in text and "= S" not in text
    assert lines[2] == "password = " + MASK and lines[5] == "inbound_auth/password = " + MASK
    assert lines[6] == "username = bob ; password = " + MASK   # a commented password too
    assert masked_value("a") == masked_value("a much longer secret") == MASK  # fixed width


# -- 18.6 / 17.8: closed pipes and ASCII terminals ------------------------------------------------

def _big_wizard(tmp_path) -> Path:
    body = "".join(f"[{n}]\ntype=wizard\naccepts_registrations=yes\naccepts_auth=yes\n"
                   f"inbound_auth/username={n}\ninbound_auth/password=pw{n}\naor/max_contacts=1\n"
                   f"endpoint/context=office\nendpoint/allow=ulaw\n" for n in range(3000, 4500))
    return write(tmp_path, body.encode(), "pjsip_wizard.conf")


@pytest.mark.parametrize("argv", [["check", "--json"], ["show", "--json"], ["expand"]])
def test_output_into_a_closed_pipe_exits_quietly(tmp_path, argv):
    path = _big_wizard(tmp_path)
    args = [*argv, str(path)] + (["3000"] if argv[0] == "show" else [])
    proc = subprocess.Popen([sys.executable, "-m", "pjtui.cli", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()                            # `| head -c 10`
    err = proc.stderr.read().decode()
    code = proc.wait(60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    whole = subprocess.run([sys.executable, "-m", "pjtui.cli", *args], cwd=ROOT, capture_output=True,
                           timeout=60).returncode
    # its own verdict, or what a tool ended by SIGPIPE reports; never a made-up 1 ("errors found")
    assert code in (whole, BROKEN_PIPE_STATUS)


def test_an_ascii_terminal_gets_escapes_not_a_traceback(tmp_path):
    path = write(tmp_path, "[g]\ntype=global\nuser_agent=café\n".encode())
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    for argv in (["show", str(path), "g"], ["get", str(path), "g", "user_agent"]):
        proc = subprocess.run([sys.executable, "-m", "pjtui.cli", *argv], cwd=ROOT, env=env,
                              capture_output=True, timeout=60)
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        assert b"caf\\xe9" in proc.stdout


# -- 18.7: exact restore, CLI wording ---------------------------------------------------------------

def test_set_then_unset_without_a_final_newline_restores_the_file_exactly(tmp_path, capsys):
    data = b"[g]\ntype=global\nuser_agent=x"
    path = write(tmp_path, data)
    assert run(capsys, "set", path, "g", "debug", "yes", "--backup", "none")[0] == 0
    assert run(capsys, "unset", path, "g", "debug", "--backup", "none")[0] == 0
    assert path.read_bytes() == data


def test_a_cli_save_error_does_not_mention_an_editor(tmp_path, capsys, monkeypatch):
    import errno as _errno

    path = write(tmp_path, b"[g]\ntype=global\nuser_agent=x\n")

    def disk_full(step):
        if step == "write":
            raise OSError(_errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save_module, "_fault_hook", disk_full)
    code, _, err = run(capsys, "set", path, "g", "user_agent", "y")
    assert code == 2 and "disk is full" in err and "editor" not in err


# -- 17.6: unknown names ------------------------------------------------------------------------------

def test_set_refuses_an_unknown_name_with_did_you_mean_unless_forced(tmp_path, capsys):
    data = b"[6001]\ntype=wizard\naccepts_auth=yes\n"
    path = write(tmp_path, data, "pjsip_wizard.conf")
    code, _, err = run(capsys, "set", path, "6001", "endpoint/contxt", "office")
    assert code == 1 and "did you mean 'endpoint/context'" in err and "--force" in err
    assert path.read_bytes() == data
    code, _, err = run(capsys, "set", path, "6001", "endpont/context", "office")
    assert code == 1 and "'endpoint/context'" in err
    pj = write(tmp_path, b"[6001]\ntype=endpoint\n")
    code, _, err = run(capsys, "set", pj, "6001", "contxt", "office")
    assert code == 1 and "did you mean 'context'" in err
    code, _, _ = run(capsys, "set", path, "6001", "endpoint/contxt", "office", "--force")
    assert code == 0 and b"endpoint/contxt=office" in path.read_bytes()


# -- 17.7: secrets masked in set / get / expand, the same everywhere --------------------------------

def test_set_get_expand_mask_passwords_unless_show_secrets(tmp_path, capsys):
    path = write(tmp_path, b"[6001]\ntype=wizard\naccepts_auth=yes\ninbound_auth/username=6001\n"
                           b"inbound_auth/password=old\n", "pjsip_wizard.conf")
    code, out, _ = run(capsys, "set", path, "6001", "inbound_auth/password", "Sup3rSecret")
    assert code == 0 and "Sup3rSecret" not in out and "********" in out
    code, out, _ = run(capsys, "get", path, "6001", "inbound_auth/password")
    assert (code, out) == (0, "********\n")
    code, out, _ = run(capsys, "get", path, "6001", "inbound_auth/password", "--show-secrets")
    assert out == "Sup3rSecret\n"
    code, out, _ = run(capsys, "expand", path)
    assert "Sup3rSecret" not in out and "password = ********" in out
    code, out, _ = run(capsys, "expand", path, "--json", "--show-secrets")
    assert "Sup3rSecret" in out


# -- the whole family: random files, random set/unset, then get -------------------------------------

_KEYS = ["user_agent", "debug", "endpoint_identifier_order", "keep_alive_interval"]
_LINE = st.one_of(
    st.sampled_from([b"; a comment\n", b"\n", b";-- open\n", b"close --;\n", b"x --;\n",
                     b"user_agent = v ; c\n", b"debug=yes\n", b"user_agent=a\\;b\n",
                     b"keep_alive_interval = 90\n", b"#include nothing.conf\n"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=30).map(
        lambda t: t.encode("utf-8", "surrogateescape") + b"\n"),
)
_VALUE = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n\0"), min_size=1, max_size=12),
    st.sampled_from(["a\\", "x;y", "\\;", "--;", ";--", ">v", "v" * 8200, "yes", "90"]),
)
_STEP = st.tuples(st.sampled_from(["set", "unset"]), st.sampled_from(_KEYS), _VALUE)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, max_size=6), steps=st.lists(_STEP, min_size=1, max_size=4),
       final_newline=st.booleans())
def test_after_any_set_or_unset_get_returns_what_was_asked_or_the_command_refused(
        tmp_path_factory, capsys, lines, steps, final_newline):
    path = tmp_path_factory.mktemp("prop") / "pjsip.conf"
    data = b"[global]\ntype=global\n" + b"".join(lines)
    if not final_newline:
        data = data.rstrip(b"\n")
    path.write_bytes(data)
    for verb, key, value in steps:
        before = path.read_bytes()
        options = ["--force", "--backup", "none"] if verb == "set" else ["--backup", "none"]
        argv = [verb, *options, path, "global", key] + (["--", value] if verb == "set" else [])
        code, _, err = run(capsys, *argv)
        assert "Traceback" not in err
        event(f"{verb} exit {code}")
        if code != 0:                       # refused: the file is exactly as it was
            assert path.read_bytes() == before, err
            continue
        got_code, out, _ = run(capsys, "get", path, "global", key, "--show-secrets")
        if verb == "set":
            assert (got_code, out) == (0, value + "\n"), (path.read_bytes(), err)
        else:
            assert got_code == 1, (path.read_bytes(), out)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, max_size=6), value=_VALUE, add=st.booleans())
def test_an_editor_edit_reads_back_as_asked_or_is_refused_unchanged(lines, value, add):
    data = b"[a]\nx = 1 ; note\n" + b"".join(lines)
    doc = parse(data, "w.conf")
    edit = AddOption(1, "k", value) if add else SetValue(2, value)
    try:
        doc.apply(edit)
    except EditError:
        assert doc.to_bytes() == data
        return
    again = parse(doc.to_bytes(), "w.conf")        # as Asterisk reads the new bytes
    key = "k" if add else "x"
    assert [o.value for o in again.sections[0].options if o.key == key][-1] == value


# -- set on a '+=' line ---------------------------------------------------------------------------

PLUS = (b"[phone](!)\ntype = wizard\naccepts_registrations = yes\nendpoint/allow = !all,ulaw\n\n"
        b"[4001](phone)\nendpoint/allow += ,g722\nendpoint/language = en\nendpoint/language += _GB\n")


@pytest.mark.parametrize("key, value, want", [
    # allow adds up: the own line must be 'allow = ulaw', not '+= ulaw' ('!all,ulaw ulaw')
    ("endpoint/allow", "ulaw", b"endpoint/allow = ulaw\n"),
    # ',g722' is what the line holds, but it appends: setting it must still write '='
    ("endpoint/allow", ",g722", b"endpoint/allow = ,g722\n"),
    # language is the last value: was refused with 'a different value'
    ("endpoint/language", "fr", b"endpoint/language = fr\n"),
])
def test_set_on_a_plus_equals_line_assigns(tmp_path, capsys, key, value, want):
    path = write(tmp_path, PLUS, "pjsip_wizard.conf")
    code, out, err = run(capsys, "set", path, "4001", key, value, "--backup", "none")
    assert code == 0, err
    assert want in path.read_bytes() and b"+= " + value.encode() not in path.read_bytes()
    code, out, _ = run(capsys, "get", path, "4001", key)
    assert code == 0 and out.splitlines()[-1] == value


def test_set_value_keeps_plus_equals_unless_asked():
    doc = parse(b"[a]\nk += x ; c\n")
    doc.apply(SetValue(2, "y"))
    assert doc.to_bytes() == b"[a]\nk += y ; c\n"
    doc.apply(SetValue(2, "z", assign=True))
    assert doc.to_bytes() == b"[a]\nk = z ; c\n"
