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
        for index, (want, have) in enumerate(zip(expected, got, strict=False)):  # the first difference, lengths apart
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


def conf_meaning(document: Any) -> list[tuple]:
    """What a :class:`pjtui.conf.Document` means to Asterisk, line numbers left out.

    One entry per section (name, template flag, parents, ``(+)`` and its filter, and its
    options as (key, op, value, append text)), after the header-less preamble options and
    the directives; and whether Asterisk would reject the file.
    """
    def options(items: Any) -> tuple:
        return tuple((o.key, o.op, o.value, o.append_text) for o in items)

    return ([("preamble", options(document.preamble)),
             ("directives", tuple((d.kind, d.argument) for d in document.directives)),
             ("rejected", document.fatal)]
            + [(s.name, s.template, tuple(s.parents), s.append, s.append_filter, options(s.options))
               for s in document.sections])


def _describe_conf_item(item: tuple) -> str:
    if item[0] in ("preamble", "directives"):
        return f"the {item[0]} (lines before the first section / # directives)"
    if item[0] == "rejected":
        return "whether Asterisk accepts the file"
    return f"section [{item[0]}]"


def verify_document(document: Any, *, expected: list[tuple] | None = None) -> bytes:
    """The bytes to save for a pjtui.conf Document, after :func:`verify_roundtrip`.

    ``expected`` is the meaning the editor intends (default: ``conf_meaning(document)``,
    which catches a serializer and parser that disagree); raises RoundTripError.
    """
    data = document.to_bytes()
    # read again by the document's own class: pjtui.io does not import pjtui.conf
    verify_roundtrip(data, parse=lambda raw: type(document).from_bytes(raw, document.name),
                     serialize=lambda doc: doc.to_bytes(), meaning=conf_meaning,
                     expected=conf_meaning(document) if expected is None else expected,
                     name=document.name, describe_item=_describe_conf_item)
    return data
