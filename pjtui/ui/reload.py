"""What to run in Asterisk after saving, so the change takes effect."""

from __future__ import annotations

from pjtui.conf import parse
from pjtui.pjsip.model import build

RELOAD = "module reload res_pjsip.so"
RESTART = "core restart gracefully"
# Transport settings a reload does not apply (unless allow_reload = yes): the socket and TLS.
SOCKET_KEYS = frozenset((
    "bind", "protocol", "cert_file", "priv_key_file", "ca_list_file", "ca_list_path", "cipher",
    "method", "verify_server", "verify_client", "require_client_cert", "password",
    "external_signaling_address", "external_signaling_port", "external_media_address",
))


def _transports(data: bytes, name: str) -> dict[str, dict]:
    out = {}
    for eff in build(parse(data, name)).sections:
        if eff.template or eff.object_type != "transport":
            continue
        values = {}
        for entry in eff.vars:
            values[entry.key.lower()] = entry.value
        out[eff.name] = values
    return out


def changed_transports(before: bytes, after: bytes, name: str) -> list[str]:
    """Transports whose socket or TLS settings differ (added and removed ones count)."""
    old, new = _transports(before, name), _transports(after, name)
    changed = []
    for transport in sorted(set(old) | set(new)):
        a, b = old.get(transport), new.get(transport)
        if a is None or b is None:
            changed.append(transport)
            continue
        if (b.get("allow_reload", "no").lower() in ("yes", "true", "on", "1", "y", "t")):
            continue
        if any(a.get(k) != b.get(k) for k in SOCKET_KEYS):
            changed.append(transport)
    return changed


def reload_advice(session, docs) -> str:
    """``module reload res_pjsip.so``, or a restart when a transport's socket or TLS changed."""
    transports = []
    for doc in docs:
        transports.extend(changed_transports(session.saved_bytes(doc), doc.to_bytes(), doc.name))
    if transports:
        names = ", ".join(transports)
        return f"{RESTART}   (transport {names} changed bind/protocol/TLS: a reload keeps the old socket)"
    return RELOAD
