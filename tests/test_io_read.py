"""read_file and writable: clear messages, never a traceback; pjtui.io stays stdlib-only."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from pjtui.io import MAX_FILE_BYTES, ReadError, content_hash, read_file, writable

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_read_returns_bytes_hash_and_metadata(tmp_path):
    path = tmp_path / "pjsip.conf"
    data = b"\xef\xbb\xbf[a]\r\nx=\xff\n"
    path.write_bytes(data)
    os.chmod(path, 0o640)
    link = tmp_path / "link.conf"
    link.symlink_to(path)
    loaded = read_file(link)
    assert loaded.data == data and loaded.hash == content_hash(data)
    assert loaded.path == str(link) and loaded.real_path == str(path) and loaded.mode == 0o640
    assert content_hash(b"") != content_hash(b"\n") and content_hash(b"a").startswith("sha256:")


@pytest.mark.parametrize("make, expected", [
    (lambda p: None, "does not exist. Check the path."),
    (lambda p: p.mkdir(), "is a directory. Give the path of a .conf file inside it."),
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.symlink_to(p), "symbolic link loop"),
])
def test_unreadable_things_give_a_message_naming_the_file(tmp_path, make, expected):
    path = tmp_path / "pjsip.conf"
    make(path)
    with pytest.raises(ReadError) as caught:
        read_file(path)  # a FIFO must not hang
    assert expected in str(caught.value) and str(path) in str(caught.value)


def test_path_with_nul_and_path_through_a_file(tmp_path):
    with pytest.raises(ReadError, match="NUL byte"):
        read_file("bad\0name")
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(ReadError, match="not a directory"):
        read_file(tmp_path / "file" / "pjsip.conf")


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.conf"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert "50.0 MB" in str(caught.value) and "limit of 16.0 MB" in str(caught.value)
    assert read_file(path, max_bytes=60 * 1024 * 1024).data[:4] == b"\0\0\0\0"
    assert MAX_FILE_BYTES == 16 * 1024 * 1024


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "secret.conf"
    path.write_bytes(b"x")
    real_open = os.open

    def denied(p, flags, *args, **kwargs):
        if os.fspath(p) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(p, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert "permission denied" in str(caught.value) and "Run pjtui as a user allowed to read it" in str(caught.value)


def test_io_errors_while_reading(tmp_path, monkeypatch):
    path = tmp_path / "pjsip.conf"
    path.write_bytes(b"x")

    def broken(fd, n):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "read", broken)
    with pytest.raises(ReadError, match="input/output error"):
        read_file(path)


def test_writable_reasons(tmp_path, monkeypatch):
    path = tmp_path / "pjsip.conf"
    path.write_bytes(b"x")
    assert writable(path)
    assert writable(tmp_path / "new.conf")  # can be created
    assert "not a regular file" in writable(tmp_path).reason
    assert "does not exist" in writable(tmp_path / "no" / "x.conf").reason
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: os.fspath(p) != str(path))
    assert "no permission to write" in writable(path).reason
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: os.fspath(p) != str(tmp_path))
    assert "no permission to create files in" in writable(path).reason


def test_writable_sees_an_immutable_file(tmp_path):
    path = tmp_path / "pjsip.conf"
    path.write_bytes(b"x")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i not possible here")
    try:
        result = writable(path)
        assert not result and "no permission to write" in result.reason and "lsattr" in result.reason
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_io_package_imports_no_textual_or_tomlkit():
    code = ("import sys, pjtui.io; bad = [m for m in ('textual', 'tomlkit', 'rich') if m in sys.modules];"
            " print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True,
                         timeout=30)
    assert out.stdout.strip() == "[]", out.stderr
