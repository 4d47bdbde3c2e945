"""The check before every write: the new bytes must read back as what the editor holds.

Model: ruamel.yaml's idempotence check. If the serializer and the parser disagree about
some corner of the syntax, the file would silently change meaning; refusing to save and
saying why is the only safe answer.
"""

from __future__ import annotations

from typing import Any, Callable

from pjtui.io.errors import RoundTripError


def _first_difference(a: bytes, b: bytes) -> str:
    """Where two byte strings first differ, as a line number (no content: it may be secret)."""
    limit = min(len(a), len(b))
    index = next((i for i in range(limit) if a[i] != b[i]), limit)
    return "line %d" % (a.count(b"\n", 0, index) + 1)


def _describe(expected: Any, got: Any, describe_item: Callable[[Any], str] | None) -> str:
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        for index, (want, have) in enumerate(zip(expected, got)):
            if want != have:
                return describe_item(want) if describe_item else f"item {index + 1}"
        if len(expected) != len(got):
            return f"{len(expected)} items expected, {len(got)} read back"
    return "the content"


def verify_roundtrip(new_bytes: bytes, *, parse: Callable[[bytes], Any],
                     serialize: Callable[[Any], bytes], meaning: Callable[[Any], Any],
                     expected: Any, name: str = "the file",
                     describe_item: Callable[[Any], str] | None = None) -> None:
    """Refuse (raise :class:`RoundTripError`) unless ``new_bytes`` are safe to write.

    ``expected`` is ``meaning(the editor's document)``. Checks that ``parse(new_bytes)``
    succeeds, that serializing the result gives ``new_bytes`` again (a second save would
    not change the file), and that its meaning equals ``expected``. ``describe_item``
    names an element of a list-valued meaning in the message (never print values: they
    may be passwords).
    """
    try:
        document = parse(new_bytes)
        again = serialize(document)
    except Exception as err:  # a parser bug must stop the save, not crash the editor
        raise RoundTripError(name, f"Not saved: pjtui could not read back what it was about to "
                                   f"write to {name} ({type(err).__name__}). The file is "
                                   "unchanged; please report this bug.") from None
    if again != new_bytes:
        raise RoundTripError(name, f"Not saved: writing {name} twice would not give the same "
                                   f"bytes (first difference at {_first_difference(new_bytes, again)}). "
                                   "The file is unchanged; please report this bug.")
    got = meaning(document)
    if got != expected:
        raise RoundTripError(name, f"Not saved: the text pjtui would write to {name} would not "
                                   f"mean what the editor shows ({_describe(expected, got, describe_item)} "
                                   "differs when read back). The file is unchanged; please "
                                   "report this bug.")
