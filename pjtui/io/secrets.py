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
