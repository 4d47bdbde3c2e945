"""Values as Asterisk and pjproject read them: ``${NAME}`` substitution, SIP URIs,
identify addresses, caller ids and transport bind ports.

Pure functions of text; the makers of the objects and the checks share them, so the
two agree.  No Textual, no tomlkit."""

from __future__ import annotations

import ipaddress
import re


def substitute(pattern: str, variables: dict[str, str]) -> tuple[str, list[str]]:
    """Asterisk's ``${NAME}`` substitution without a channel.  Returns the text and
    the names that were not defined (they expand to nothing: no dialplan globals
    offline).  ``${NAME:offset[:length]}`` substrings are honoured; ``$[...]`` and
    functions are left out (reported as undefined).

    A pattern without nesting is split into text and names once (the same few
    patterns serve thousands of registrations); others are read character by
    character (:func:`_substitute`)."""
    parts = _PATTERNS.get(pattern, _UNSEEN)
    if parts is _UNSEEN:
        parts = _split_pattern(pattern)
        if len(_PATTERNS) < 4096:
            _PATTERNS[pattern] = parts
    if parts is None:
        return _substitute(pattern, variables)
    out = []
    unknown: list[str] = []
    for part in parts:
        if part.__class__ is str:
            out.append(part)
        elif part[0] in variables:
            out.append(_variable(variables[part[0]], part[1]))
        else:
            unknown.append(part[0])
    return "".join(out), unknown


_PATTERNS: dict[str, tuple | None] = {}
_UNSEEN = object()


def _split_pattern(pattern: str) -> tuple | None:
    """Text pieces and (name, range) pairs of a pattern whose ``${...}`` do not nest;
    None for any other pattern."""
    parts: list = []
    i = 0
    while True:
        j = pattern.find("${", i)
        if j < 0:
            parts.append(pattern[i:])
            return tuple(parts)
        k = pattern.find("}", j + 2)
        if k < 0:
            return None
        inner = pattern[j + 2:k]
        if "{" in inner:
            return None
        name, _, rng = inner.partition(":")
        parts.append(pattern[i:j])
        parts.append((name, rng))
        i = k + 1


def _variable(val: str, rng: str) -> str:
    """``${NAME:offset[:length]}`` of a defined variable's value."""
    if rng:
        parts = rng.split(":")
        try:
            off = int(parts[0] or 0)
            val = val[off:] if off >= 0 else val[off:]
            if len(parts) > 1 and parts[1] != "":
                ln = int(parts[1])
                val = val[:ln] if ln >= 0 else val[:ln]
        except ValueError:
            pass
    return val


def _substitute(pattern: str, variables: dict[str, str]) -> tuple[str, list[str]]:
    """:func:`substitute`, character by character (nested ``${...}``)."""
    out = []
    unknown: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        j = pattern.find("${", i)
        if j < 0:
            out.append(pattern[i:])
            break
        out.append(pattern[i:j])
        depth = 1
        k = j + 2
        while k < n and depth:
            if pattern.startswith("${", k):
                depth += 1
                k += 2
                continue
            if pattern[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if depth:
            out.append(pattern[j:])
            break
        inner = pattern[j + 2:k]
        if "${" in inner:
            inner, more = _substitute(inner, variables)
            unknown.extend(more)
        name, _, rng = inner.partition(":")
        if name in variables:
            out.append(_variable(variables[name], rng))
        else:
            unknown.append(name)
        i = k + 1
    return "".join(out), unknown


_SIP_URI_RE = re.compile(
    r"^(?:sips?):"                                   # scheme
    r"(?:[^@\s;?<>\"]*@)?"                            # user[:password]@
    r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.\-]+)"        # host
    r"(?::\d{1,5})?"                                  # :port
    r"(?:;[^\s?<>\"]*)?"                              # ;params
    r"(?:\?[^\s<>\"]*)?$",                            # ?headers
    re.IGNORECASE,
)


def sip_uri_ok(uri: str) -> bool:
    """Would pjproject parse this as a SIP(S) URI?  (Close approximation of
    ``pjsip_parse_uri``: scheme, optional userinfo, a host, optional port/params.)"""
    got = _URI_OK.get(uri)
    if got is None:
        u = uri.strip()
        if u.startswith("<") and u.endswith(">"):
            u = u[1:-1]
        got = bool(_SIP_URI_RE.match(u))
        if len(_URI_OK) < 65536:        # the expansion and the checks ask about the same URIs
            _URI_OK[uri] = got
    return got


_URI_OK: dict[str, bool] = {}

# pjproject's PJSIP_MAX_URL_SIZE and PJ_MAX_HOSTNAME (pjproject 2.17 defaults)
_MAX_URL_SIZE = 256
_MAX_HOSTNAME = 128


def uri_length_ok(uri: str) -> bool:
    """``ast_sip_validate_uri_length``: a ``sip:``/``sips:`` URI (any case, ``<>``
    allowed) whose length and host length fit pjproject's limits.  Nothing else of
    the syntax is looked at: ``sip:`` and ``sip:bad host`` pass (pjsip_parse_uri,
    :func:`sip_uri_ok`, rejects them later)."""
    if len(uri) > _MAX_URL_SIZE - 1:
        return False
    contact = uri.strip()
    if contact.startswith("<") and contact.endswith(">"):
        contact = contact[1:-1]
    low = contact[:5].lower()
    if low.startswith("sip:"):
        host = contact[4:]
    elif low.startswith("sips:"):
        host = contact[5:]
    else:
        return False
    at = contact.find("@")
    if at >= 0:
        host = contact[at + 1:]
    port = False
    if host.startswith("["):
        close = host.find("]")
        if close < 0:
            return False
        port = host[close + 1:close + 2] == ":"
        host = host[:close + 1]
    else:
        host = re.split(r"[;?]", host, maxsplit=1)[0]
        if ":" in host:
            port = True
            host = host.split(":", 1)[0]
    limit = _MAX_HOSTNAME - 1 - (0 if port else len("_sips.tcp."))
    return len(host) <= limit


def _is_address(item: str) -> bool:
    """identify match item that is an address or network (not a host name)."""
    text = item
    if "/" in text:
        return True
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        pass
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            try:
                ipaddress.ip_address(text[1:end])
                return True
            except ValueError:
                return False
    if text.count(":") == 1:
        host, port = text.split(":")
        try:
            ipaddress.ip_address(host)
            return port.isdigit()
        except ValueError:
            return False
    return False


def _split_host_port(item: str) -> tuple[str, str | None]:
    if item.startswith("["):
        end = item.find("]")
        rest = item[end + 1:]
        return item[1:end], rest[1:] if rest.startswith(":") else None
    if item.count(":") == 1:
        h, p = item.split(":")
        return h, p
    return item, None


def _split_callerid(text: str) -> tuple[str, str]:
    """``ast_callerid_split``: ``"Name" <num>`` / ``Name <num>`` / ``num``."""
    t = text.strip()
    if not t:
        return "", ""
    lt = t.rfind("<")
    if lt >= 0 and t.endswith(">"):
        num = t[lt + 1:-1].strip()
        nm = t[:lt].strip()
        if len(nm) >= 2 and nm[0] == '"' and nm[-1] == '"':
            nm = nm[1:-1]
        return nm, num
    if re.fullmatch(r"[0-9*#+\-() ]+", t):
        return "", t
    return t.strip('"'), ""


def _bind_port(transport: dict) -> str:
    bind = transport.get("bind") or ""
    if isinstance(bind, list):
        bind = bind[-1]
    bind = bind.strip()
    port = None
    if bind.startswith("["):
        end = bind.find("]")
        rest = bind[end + 1:]
        if rest.startswith(":"):
            port = rest[1:]
    elif bind.count(":") == 1:
        port = bind.split(":")[1]
    if port and port.isdigit() and int(port):
        return str(int(port))
    proto = (transport.get("protocol") or "udp").strip().lower()
    return "5061" if proto in ("tls", "wss") else "5060"
