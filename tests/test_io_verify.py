"""verify_roundtrip: refuse to write bytes that do not read back as the editor's content."""

from __future__ import annotations

import pytest

from pjtui.io import RoundTripError, SaveError, verify_roundtrip


def parse_lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def join_lines(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def meaning(lines: list[bytes]) -> list[bytes]:
    return [line.strip() for line in lines if line.strip()]


def test_good_bytes_pass():
    data = b"a = 1\n  b = 2\n"
    verify_roundtrip(data, parse=parse_lines, serialize=join_lines, meaning=meaning,
                     expected=[b"a = 1", b"b = 2"])


def test_parser_exception_refuses_with_reason():
    def explode(data):
        raise IndexError("bug")

    with pytest.raises(RoundTripError) as caught:
        verify_roundtrip(b"x", parse=explode, serialize=join_lines, meaning=meaning, expected=[],
                         name="pjsip.conf")
    assert isinstance(caught.value, SaveError)
    assert "could not read back" in str(caught.value) and "pjsip.conf" in str(caught.value)


def test_unstable_serialization_is_refused_with_the_line():
    def lossy(lines):
        return join_lines(lines).replace(b"\r", b"")

    with pytest.raises(RoundTripError) as caught:
        verify_roundtrip(b"a\nb\nc\r\n", parse=parse_lines, serialize=lossy, meaning=meaning,
                         expected=[b"a", b"b", b"c"])
    assert "twice would not give the same bytes" in str(caught.value) and "line 3" in str(caught.value)


def test_changed_meaning_is_refused_without_showing_values():
    with pytest.raises(RoundTripError) as caught:
        verify_roundtrip(b"password = s3cret\n", parse=parse_lines, serialize=join_lines,
                         meaning=meaning, expected=[b"password = other"],
                         describe_item=lambda item: "the first option")
    assert "the first option differs" in str(caught.value) and "s3cret" not in str(caught.value)
    with pytest.raises(RoundTripError, match="2 items expected, 1 read back"):
        verify_roundtrip(b"a\n", parse=parse_lines, serialize=join_lines, meaning=meaning,
                         expected=[b"a", b"b"])


# -- with pjtui.conf documents ---------------------------------------------------------------

import glob  # noqa: E402
import os  # noqa: E402

from pjtui.conf import edits, parse  # noqa: E402
from pjtui.io import conf_meaning, verify_document  # noqa: E402

CORPUS = "/work/shared/corpus"


def test_every_corpus_file_verifies():
    files = sorted(glob.glob(os.path.join(CORPUS, "*", "*")))
    if not files:
        pytest.skip("corpus not present")
    for path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        assert verify_document(parse(data, path)) == data, path


def test_edited_document_verifies_and_means_the_edit():
    doc = parse(b"[a](!)\nx = 1 ; note\n[b](a)\npassword = q\\;w\n", "t.conf")
    before = conf_meaning(doc)
    doc.apply(edits.SetValue(2, "a;b"))
    data = verify_document(doc)
    assert data == b"[a](!)\nx = a\\;b ; note\n[b](a)\npassword = q\\;w\n"
    intended = [before[0], before[1], before[2], ("a", True, (), False, None, (("x", "=", "a;b", None),)),
                before[4]]
    verify_document(doc, expected=intended)


def test_document_that_does_not_mean_the_intent_is_refused():
    doc = parse(b"[a]\nx = 1\n[b]\npassword = s3cret\n", "t.conf")
    intended = conf_meaning(doc)
    doc.lines[3] = b"password = s3cret\\\\;x\n"  # a serializer that escaped twice
    with pytest.raises(RoundTripError) as caught:
        verify_document(doc, expected=intended)
    assert "section [b] differs" in str(caught.value) and "s3cret" not in str(caught.value)
    assert "t.conf" in str(caught.value)
