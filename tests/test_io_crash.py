"""Secrets masking and crash reports: what happened, never a password."""

from __future__ import annotations

import os
import stat

import pytest

from pjtui.io import format_crash_report, handle_crash, is_secret_key, mask_secrets, write_crash_report


@pytest.mark.parametrize("key", ["password", "md5_cred", "inbound_auth/password", "outbound_auth/password",
                                 "Password ", "oauth_secret", "refresh_token", "password_digest",
                                 "outbound_auth/md5_cred"])
def test_secret_keys(key):
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["username", "inbound_auth/username", "auth_type", "passwordless", "context"])
def test_not_secret_keys(key):
    assert not is_secret_key(key)


def test_mask_key_value_forms_and_known_values():
    text = ("inbound_auth/password = s3cret\npassword=hunter2;comment\nmd5_cred => abcdef0123\n"
            "'outbound_auth/password': 'q w e'  username = 6001\nvalue was Zz9-long-secret here")
    masked = mask_secrets(text, ["Zz9-long-secret", "12"])
    for secret in ("s3cret", "hunter2", "abcdef0123", "q w e", "Zz9-long-secret"):
        assert secret not in masked
    assert "username = 6001" in masked and ";comment" in masked
    # a short secret is masked only as a whole word, not inside other numbers
    assert mask_secrets("line 12 of 6012", ["12"]) == "line ****** of 6012"


def _crash(message: str):
    def inner():
        raise ValueError(message)
    try:
        inner()
    except ValueError as err:
        return err


def test_report_names_error_and_place_but_no_secret_or_locals():
    local_password = "T0p-Secret-Value"  # noqa: F841 - a local that must not appear
    err = _crash("bad line: inbound_auth/password = T0p-Secret-Value; also pw4321")
    report = format_crash_report(err, secret_values=["pw4321"], context="saving /etc/asterisk/pjsip.conf")
    assert "T0p-Secret-Value" not in report and "pw4321" not in report
    assert "Error: builtins.ValueError: bad line: inbound_auth/password = ******" in report
    assert "While: saving /etc/asterisk/pjsip.conf" in report
    assert "test_io_crash.py" in report and "in inner" in report
    assert len(report.splitlines()) < 25


def test_long_messages_are_cut(tmp_path):
    report = format_crash_report(_crash("x" * 5000))
    assert max(len(line) for line in report.splitlines()) < 400


def test_report_file_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    path = write_crash_report("report text\n")
    assert path.startswith(str(tmp_path / "pjtui" / "crash"))
    assert open(path).read() == "report text\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert os.listdir(os.path.dirname(path)) == [os.path.basename(path)]


def test_report_that_cannot_be_written_returns_none(tmp_path, monkeypatch):
    (tmp_path / "blocker").write_bytes(b"")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "blocker"))
    assert write_crash_report("x") is None


def test_handle_crash_flushes_and_tells_the_user(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    flushed = []
    text = handle_crash(_crash("password=abc123"), flush=lambda: flushed.append(1) or True)
    assert flushed == [1] and "abc123" not in text
    assert "Your unsaved edits were kept" in text and "ValueError" in text
    report_path = text.rsplit(" is in ", 1)[1].split(";")[0]
    assert "abc123" not in open(report_path).read()

    def broken_flush():
        raise OSError("disk gone")

    text = handle_crash(_crash("boom"), flush=broken_flush)
    assert "unsaved edits were kept" not in text and "A report without passwords is in" in text


@pytest.mark.parametrize("text, expected", [
    ("password = my secret phrase ; note", "password = ****** ; note"),
    ("inbound_auth/password=a\\;b;real comment", "inbound_auth/password=******;real comment"),
    ("password = a,b\nnext=1", "password = ******\nnext=1"),
    ('{"password": "zz", "u": 1}', '{"password": ******, "u": 1}'),
    ("password=", "password="),
])
def test_mask_values_with_spaces_escapes_and_commas(text, expected):
    assert mask_secrets(text) == expected
