"""Every byte survives: corpus, golden, samples and generated variants round-trip exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pjtui.conf import parse

from conftest import ROOT, shared_files

CORPUS = shared_files("corpus", "golden") + sorted(p for p in (ROOT / "samples").rglob("*") if p.is_file()) \
    + sorted(p for p in (ROOT / "tests" / "data").rglob("*.conf") if p.is_file())


def test_corpus_is_there():
    # The shared corpus holds 526 files and golden ~50 cases; a broken path must not pass silently.
    assert len(CORPUS) > 500


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p).rsplit("/", 2)[-2] + "/" + p.name)
def test_file_round_trips_byte_for_byte(path: Path):
    data = path.read_bytes()
    assert parse(data, str(path)).to_bytes() == data


def _variants(data: bytes) -> list[bytes]:
    crlf = data.replace(b"\n", b"\r\n")
    mixed = b"".join(line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(data.split(b"\n")))
    return [
        crlf, mixed, b"\xef\xbb\xbf" + data, data.rstrip(b"\n"), data.replace(b" = ", b"\t=\t"),
        data.replace(b"\n", b" ; inline\n"), data.replace(b"\n", b" ;-- block --;\n"),
        b";-- unterminated\n" + data, data + b"\xff\xfe\x80 bad utf8 = \xc3\x28\n", b"\r" + data,
    ]


SOME = CORPUS[::25]


@pytest.mark.parametrize("path", SOME, ids=lambda p: p.name)
def test_mutated_corpus_files_round_trip(path: Path):
    for variant in _variants(path.read_bytes()):
        assert parse(variant).to_bytes() == variant


LINE = st.one_of(
    st.sampled_from([
        b"[6001](user)", b"[user](!)", b"[t](!,a)", b"[x](+)", b"[a] ; c", b"[bad", b"[a](b",
        b"type = wizard", b"a=>b", b"allow += ,g722", b"x = a\\;b", b";-- open", b"--; y = 1",
        b"; comment", b";---", b"#include foo.conf", b"#exec /bin/x", b"\\[k] = v", b"\\ x",
        b"noequals", b"= novar", b"d = A--;B", b"", b"   ", b"\t x \t=\t y\t", b"\xef\xbb\xbf[b]",
    ]),
    st.binary(max_size=40),
)
EOL = st.sampled_from([b"\n", b"\r\n", b"\r", b""])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(LINE, EOL), max_size=30))
def test_generated_documents_round_trip_and_never_raise(parts):
    data = b"".join(line + eol for line, eol in parts)
    doc = parse(data)
    assert doc.to_bytes() == data
    for section in doc.sections:
        assert 1 <= section.line <= len(doc.lines)
        for option in section.options:
            assert section.line < option.line <= section.end_line


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_round_trip(data):
    assert parse(data).to_bytes() == data
