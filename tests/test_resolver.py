"""pjtui.io.resolver: the one answer to "does this host name resolve", cached per run,
safe from several threads, with the system lookup cut off after its time limit.  The
system resolver is exercised through a fake getaddrinfo: no test asks real DNS."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from pjtui.io import resolver as res


def fake_getaddrinfo(table: dict, calls: list | None = None, delay: float = 0.0):
    def getaddrinfo(host, port, family=0, type_=0, *rest):
        if calls is not None:
            calls.append((host, port))
        if delay:
            time.sleep(delay)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, type_, 17, "", (a, int(port or 0))) for a in table[host]]
    return getaddrinfo


def test_system_resolver_answers_from_getaddrinfo_once_per_name(monkeypatch):
    calls = []
    monkeypatch.setattr(res, "getaddrinfo", fake_getaddrinfo({"known.example": ["192.0.2.140", "192.0.2.140"]},
                                                             calls))
    r = res.system_resolver(timeout=1)
    assert r("known.example", "5060") == ["192.0.2.140"]        # duplicates folded
    assert r("KNOWN.example", "5060") == ["192.0.2.140"]        # names compare without case
    assert r("unknown.example", "5060") is None
    assert r("unknown.example", "5060") is None
    assert calls == [("known.example", "5060"), ("unknown.example", "5060")]
    why = r.why("unknown.example", "5060")
    assert why.startswith("Name or service not known (pjtui asked the system resolver of this machine")


def test_a_slow_lookup_is_given_up_after_the_time_limit_and_counts_as_resolving(monkeypatch):
    # pjtui cannot tell: a slow or absent DNS must not turn into "Asterisk rejects the identify"
    release = threading.Event()

    def hanging(host, port, *rest):
        release.wait(5)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(res, "getaddrinfo", hanging)
    r = res.system_resolver(timeout=0.05)
    start = time.monotonic()
    assert r("slow.example", None) == []
    assert time.monotonic() - start < 2
    assert r.unsure() == [("slow.example", "no answer within 0.05 s")]
    release.set()


def test_a_temporary_failure_is_what_asterisk_hears_too(monkeypatch):
    # golden f37: Asterisk's getaddrinfo said "Temporary failure" and it rejected the identify
    def lookup(host, port, *rest):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(res, "getaddrinfo", lookup)
    r = res.system_resolver(timeout=1)
    assert r("nodns.example", "5060") is None
    assert r.unsure() == []


def test_resolve_all_runs_a_bounded_number_of_lookups_at_once(monkeypatch):
    lock = threading.Lock()
    running = [0, 0]      # now, most

    def lookup(host, port, *rest):
        with lock:
            running[0] += 1
            running[1] = max(running[1], running[0])
        time.sleep(0.002)
        with lock:
            running[0] -= 1
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(res, "getaddrinfo", lookup)
    r = res.system_resolver(timeout=5)
    names = [(f"h{i}.example", None) for i in range(300)]
    r.resolve_all(names)
    assert all(r.cached(*n) is not None for n in names)
    assert 1 < running[1] <= res.MAX_PARALLEL


def test_threads_asking_the_same_name_share_one_lookup(monkeypatch):
    calls = []
    monkeypatch.setattr(res, "getaddrinfo", fake_getaddrinfo({"a.example": ["192.0.2.1"]}, calls, delay=0.05))
    r = res.system_resolver(timeout=2)
    out = []
    threads = [threading.Thread(target=lambda: out.append(r("a.example", "5060"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [["192.0.2.1"]] * 8
    assert calls == [("a.example", "5060")]


def test_resolve_all_asks_in_parallel(monkeypatch):
    calls = []
    monkeypatch.setattr(res, "getaddrinfo", fake_getaddrinfo({}, calls, delay=0.2))
    r = res.system_resolver(timeout=2)
    names = [(f"h{i}.example", None) for i in range(10)]
    start = time.monotonic()
    r.resolve_all(names + names)
    assert time.monotonic() - start < 1.5          # ten lookups of 0.2 s, not one after the other
    assert sorted(calls) == sorted(names)
    assert all(r.cached(h, p) == res.Answer(None, "Name or service not known") for h, p in names)


def test_the_view_for_the_ui_thread_never_waits_and_lists_what_it_guessed(monkeypatch):
    calls = []
    monkeypatch.setattr(res, "getaddrinfo", fake_getaddrinfo({"a.example": ["192.0.2.1"]}, calls))
    r = res.system_resolver()
    view = r.without_waiting()
    assert view("a.example", "5060") == [] and view("b.example", None) == []     # unknown: taken as resolving
    assert view.pending == [("a.example", "5060"), ("b.example", None)] and calls == []
    r.resolve_all(view.pending)
    again = r.without_waiting()
    assert again("a.example", "5060") == ["192.0.2.1"] and again("b.example", None) is None
    assert again.pending == []
    assert "pjtui asked the system resolver" in again.why("b.example", None)


def test_hosts_file_resolver(tmp_path):
    f = tmp_path / "hosts"
    f.write_text("# comment\n192.0.2.140 known.example alias.example  # trailing\n\n2001:db8::1 v6.example\n")
    r = res.hosts_file_resolver(str(f))
    assert r("known.example", "5060") == ["192.0.2.140"]
    assert r("Alias.Example", None) == ["192.0.2.140"]
    assert r("v6.example") == ["2001:db8::1"]
    assert r("unknown.example", "5060") is None
    assert r.why("unknown.example", "5060") == f"Name or service not known (pjtui asked the hosts file {f})"


def test_unreadable_hosts_file_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        res.hosts_file_resolver(str(tmp_path / "missing"))


def test_a_lookup_that_breaks_is_a_name_that_does_not_resolve():
    def broken(host, port):
        raise RuntimeError("boom")

    r = res.Resolver(broken, "a broken test resolver")
    assert r("x.example") is None
    assert r.why("x.example") == "RuntimeError: boom (pjtui asked a broken test resolver)"


def test_the_module_imports_no_textual(tmp_path):
    import subprocess
    import sys

    code = "import sys, pjtui.io.resolver; print(any(m.startswith('textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_a_hosts_file_that_is_a_fifo_is_refused_not_waited_on(tmp_path):
    # open() on a FIFO blocks until a writer comes: check/expand/show/match --hosts hung
    fifo = tmp_path / "hosts"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as exc:
        res.hosts_file_resolver(str(fifo))
    assert exc.value.filename == str(fifo) and "not a regular file" in exc.value.strerror
