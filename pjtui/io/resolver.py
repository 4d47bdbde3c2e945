"""Which host names resolve: the one answer every surface (expand, show, check, the
editor) gives for identify host names.  Standard library only; no Textual.

A :class:`Resolver` is the callable :func:`pjtui.pjsip.wizard.expand` takes,
``resolver(host, port) -> list[str] | None`` (None: does not resolve), with a cache
for the run, a lock (the editor asks from a worker thread) and the words of the
failure (:meth:`Resolver.why`), which say which resolver was asked::

    r = system_resolver(timeout=2.0)     # getaddrinfo, each lookup at most 2 s
    r = hosts_file_resolver("hosts.txt") # only the names of a hosts(5) file
    r("sip.example", "5060")             # ['192.0.2.1'] | None   (may block: not on the UI thread)
    r.why("sip.example", "5060")         # 'Name or service not known (pjtui asked ...)'
    r.description                        # 'the hosts file hosts.txt'
    view = r.without_waiting()           # never blocks: cached answers, else "resolves",
    expand(model, resolver=view)         #   and the names it had to guess in view.pending
    r.resolve_all(view.pending)          # in a worker thread: all at once, ~timeout at most
    expand(model, resolver=r)            # now every answer is in the cache

Asterisk resolves identify names itself when it loads the file, on its own host; the
answer here is this machine's (or the hosts file's), hence the description in every
failure.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, NamedTuple

#: Seconds one system lookup may take before pjtui gives up on it (the name then counts as
#: resolving, and the note says it could not tell).
DEFAULT_TIMEOUT = 2.0

#: Lookups :meth:`Resolver.resolve_all` runs at the same time.
MAX_PARALLEL = 32

#: Why the machine asked matters (see ../shared/seed, "AlpineLinux musl").
MUSL_NOTE = ("On musl-based systems such as Alpine, pjsip cannot read the nameservers and falls back "
             "from SRV to plain A/AAAA lookups")

# The system lookup; tests replace it (never real DNS in tests).
getaddrinfo: Callable = socket.getaddrinfo


class Answer(NamedTuple):
    addresses: tuple[str, ...] | None   # None: the name does not resolve
    error: str | None                   # the resolver's words when it does not
    # The resolver could not tell (no answer in time, a temporary failure): the name
    # counts as resolving, so a slow or absent DNS never turns into a config error, and
    # :meth:`Resolver.unsure` lists it for the note that says so.
    unsure: bool = False


class Resolver:
    """A cached, thread-safe ``resolver(host, port=None) -> list[str] | None``.

    ``lookup(host, port) -> Answer`` does the asking; each (name, port) is asked once
    per Resolver, however many threads want it at the same time."""

    def __init__(self, lookup: Callable[[str, str | None], Answer], description: str):
        self._lookup = lookup
        self.description = description
        self._cache: dict[tuple[str, str | None], Answer] = {}
        self._asking: dict[tuple[str, str | None], threading.Event] = {}
        self._lock = threading.Lock()

    def __call__(self, host: str, port: str | None = None) -> list[str] | None:
        got = self.answer(host, port).addresses
        return list(got) if got is not None else None

    def answer(self, host: str, port: str | None = None) -> Answer:
        """The cached answer, asking the resolver once when there is none (may block)."""
        key = (host.lower(), port)
        with self._lock:
            got = self._cache.get(key)
            if got is not None:
                return got
            event = self._asking.get(key)
            mine = event is None
            if mine:
                event = self._asking[key] = threading.Event()
        if not mine:
            event.wait()
            with self._lock:
                return self._cache[key]
        try:
            got = self._lookup(host, port)
        except Exception as exc:   # a resolver that breaks must not break the expansion
            got = Answer(None, f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._cache[key] = got
            del self._asking[key]
        event.set()
        return got

    def cached(self, host: str, port: str | None = None) -> Answer | None:
        """The answer when it is known, else None; never blocks on a lookup."""
        with self._lock:
            return self._cache.get((host.lower(), port))

    def unsure(self) -> list[tuple[str, str]]:
        """(host, why) of every name the resolver could not tell about, in the order asked."""
        with self._lock:
            return [(host, got.error or "") for (host, _port), got in self._cache.items() if got.unsure]

    def asked(self) -> bool:
        """Has any name been looked up (or is one being looked up)?"""
        with self._lock:
            return bool(self._cache or self._asking)

    def why(self, host: str, port: str | None = None) -> str:
        """The failure in the resolver's words, and which resolver was asked."""
        got = self.cached(host, port)
        error = got.error if got is not None and got.error else "does not resolve"
        return f"{error} (pjtui asked {self.description})"

    def resolve_all(self, names: Iterable[tuple[str, str | None]]) -> None:
        """Ask for every (host, port), up to :data:`MAX_PARALLEL` at a time; returns when
        all are answered (about one lookup's time limit per batch).  For a worker thread."""
        todo = [name for name in dict.fromkeys(names) if self.cached(*name) is None]
        if not todo:
            return
        # a bounded pool: a file of 8,000 trunks must not start 8,000 threads
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(todo)), thread_name_prefix="resolve") as pool:
            for _ in pool.map(lambda name: self.answer(*name), todo):
                pass

    def without_waiting(self) -> "CachedView":
        """A resolver for a thread that must not block (the UI): see :class:`CachedView`."""
        return CachedView(self)


class CachedView:
    """Answers from a :class:`Resolver`'s cache only.  A name not asked yet counts as
    resolving (what ``resolver=None`` assumes) and is listed in ``pending``, for a
    worker to :meth:`Resolver.resolve_all` before the next expansion."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.description = resolver.description
        self.pending: list[tuple[str, str | None]] = []

    def __call__(self, host: str, port: str | None = None) -> list[str] | None:
        got = self.resolver.cached(host, port)
        if got is None:
            self.pending.append((host, port))
            return []
        return list(got.addresses) if got.addresses is not None else None

    def why(self, host: str, port: str | None = None) -> str:
        return self.resolver.why(host, port)


def system_resolver(timeout: float = DEFAULT_TIMEOUT) -> Resolver:
    """This machine's resolver (``getaddrinfo``: /etc/hosts, then DNS as configured),
    each lookup cut off after ``timeout`` seconds.  A name that gets no answer in time
    counts as resolving and is listed by :meth:`Resolver.unsure`: pjtui's limit is shorter
    than the system's, so it cannot tell what Asterisk will hear.  A failure the system
    does report, a temporary one included, is what Asterisk hears too (golden f37: its
    getaddrinfo said "Temporary failure in name resolution" and it rejected the identify)."""

    def lookup(host: str, port: str | None) -> Answer:
        box: list = []
        done = threading.Event()

        def ask():
            try:
                box.append(getaddrinfo(host, port, 0, socket.SOCK_DGRAM))
            except (OSError, UnicodeError) as exc:
                box.append(exc)
            done.set()

        # a lookup cannot be cancelled: a daemon thread that outlives the limit is left behind
        threading.Thread(target=ask, daemon=True, name=f"resolve {host}").start()
        if not done.wait(timeout):
            return Answer((), f"no answer within {timeout:g} s", unsure=True)
        got = box[0]
        if isinstance(got, BaseException):
            text = got.strerror if isinstance(got, OSError) and got.strerror else str(got)
            return Answer(None, text)
        return Answer(tuple(dict.fromkeys(info[4][0] for info in got)), None)

    return Resolver(lookup, f"the system resolver of this machine (getaddrinfo, {timeout:g} s limit)")


def read_hosts_file(path: str) -> dict[str, list[str]]:
    """name (lower case) -> addresses, from a hosts(5) file.  OSError when unreadable."""
    table: dict[str, list[str]] = {}
    # O_NONBLOCK and a regular file only: open() on a FIFO would wait for a writer
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file (a FIFO, device or directory); give a hosts(5) file",
                      path)
    with open(fd, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            fields = line.split("#", 1)[0].split()
            for name in fields[1:]:
                table.setdefault(name.lower(), []).append(fields[0])
    return table


def hosts_file_resolver(path: str) -> Resolver:
    """A resolver that knows only the names of a hosts(5) file (``--hosts F``, tests).
    Raises OSError when the file cannot be read."""
    table = read_hosts_file(path)

    def lookup(host: str, port: str | None) -> Answer:
        got = table.get(host.lower())
        return Answer(tuple(got), None) if got else Answer(None, "Name or service not known")

    return Resolver(lookup, f"the hosts file {path}")
