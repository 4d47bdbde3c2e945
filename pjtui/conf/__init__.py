"""Lossless Asterisk ``.conf`` documents (no UI imports here)."""

from pjtui.conf.document import (
    Diagnostic, Directive, Document, Option, Section, decode, encode, parse,
)

__all__ = [
    "Diagnostic", "Directive", "Document", "Option", "Section", "decode", "encode", "parse",
]

from pjtui.conf.edits import Edit, EditError, Splice  # noqa: E402
from pjtui.conf.loader import Config, LoadError, load, read_config_bytes  # noqa: E402

__all__ += ["Config", "Edit", "EditError", "LoadError", "Splice", "load", "read_config_bytes"]
