"""Which config values are secrets, and masking them in any text pjtui writes out."""

from __future__ import annotations

import re
from typing import Iterable

# Option names (last path component, so `inbound_auth/password` counts) holding credentials.
SECRET_KEYS = frozenset({"password", "md5_cred", "password_digest", "oauth_secret",
                         "refresh_token", "secret"})
MASK = "******"

_KEY_VALUE = re.compile(
    r"(?P<key>\b[\w./-]*?(?:" + "|".join(sorted(SECRET_KEYS)) + r"))"
    r"(?P<sep>['\"]?\s*(?:=>?|\+=|:)\s*)"
    # quoted, or (Asterisk values may hold spaces) everything up to a comment or line end
    r"(?P<value>'[^']*'|\"[^\"]*\"|(?:\\.|[^\r\n;\\])+)",
    re.IGNORECASE)


def is_secret_key(key: str) -> bool:
    """``password``, ``md5_cred``, ``outbound_auth/password``, ... (case-insensitive)."""
    return key.strip().rsplit("/", 1)[-1].lower() in SECRET_KEYS


def mask_secrets(text: str, secret_values: Iterable[str] = ()) -> str:
    """Mask ``key = value`` for secret keys, and every occurrence of known secret values."""
    # Longest first, so a secret containing another is masked whole.
    for value in sorted({v for v in secret_values if v}, key=len, reverse=True):
        if len(value) >= 4:
            text = text.replace(value, MASK)
        else:  # a short secret only as a whole word, or every "12" in the text would go
            text = re.sub(r"(?<!\w)" + re.escape(value) + r"(?!\w)", MASK, text)
    return _KEY_VALUE.sub(_mask_match, text)


def _mask_match(match: re.Match) -> str:
    value = match.group("value")
    trailing = value[len(value.rstrip()):]
    return match.group("key") + match.group("sep") + MASK + trailing


def masked_value(value: str) -> str:
    """How a secret value is shown: a fixed width, so not even its length shows ("" stays "")."""
    return MASK if value else value


def mask_document_lines(document) -> list[str]:
    """The lines of a parsed config (a :class:`pjtui.conf.Document`) as text to show, one per
    physical line, terminators dropped, with every secret masked by what Asterisk reads.

    A line Asterisk reads as a secret option (by its parsed key, however block comments cut
    through it: ``password = SEC;-- c --;RETB`` is ``SECRETB``) is shown as
    ``key op ******`` in its own indentation; nothing else of it is shown. Every other line
    still goes through :func:`mask_secrets`, so a commented-out ``;password=old`` is hidden too.
    For a diff of the file on disk against the editor's version, mask both sides
    (``mask_document_lines(Document.from_bytes(saved))``), then diff the lines.
    """
    secret_lines: dict[int, object] = {}
    for section_options in [document.preamble, *(s.options for s in document.sections)]:
        for option in section_options:
            if option.value and is_secret_key(option.key):
                secret_lines[option.line] = option
    out = []
    for number, raw in enumerate(document.lines, 1):
        text = raw.decode("utf-8", "surrogateescape").rstrip("\r\n")
        option = secret_lines.get(number)
        if option is not None:
            indent = text[:len(text) - len(text.lstrip(" \t"))]
            out.append(f"{indent}{option.key} {option.op} {MASK}")
        else:
            out.append(mask_secrets(text))
    return out

