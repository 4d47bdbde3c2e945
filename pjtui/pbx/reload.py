"""Which command makes a change take effect: ``module reload res_pjsip.so`` or a restart.

A reload re-reads every PJSIP object (and, through the sorcery observer, the wizard
file), but keeps a transport's socket and TLS setup unless the transport says
``allow_reload = yes``: a new or removed transport, or a changed bind/protocol/TLS
setting, needs ``core restart gracefully``.  pjtui never restarts on its own.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from pjtui.pbx.asterisk import Command
from pjtui.pjsip.catalogue import is_true

#: Transport settings a reload does not apply (unless allow_reload = yes): the socket and TLS.
SOCKET_KEYS = frozenset((
    "bind", "protocol", "cert_file", "priv_key_file", "ca_list_file", "ca_list_path", "cipher",
    "method", "verify_server", "verify_client", "require_client_cert", "password",
    "external_signaling_address", "external_signaling_port", "external_media_address",
))
# The port a bind without one gets (res_pjsip/config_transport.c transport_apply).
_DEFAULT_PORT = {"udp": 5060, "tcp": 5060, "tls": 5061}


@dataclass
class Advice:
    command: Command                      # RELOAD_PJSIP, or RESTART_GRACEFULLY when a socket changed
    transports: list[str] = field(default_factory=list)   # the transports that need the restart
    reasons: list[str] = field(default_factory=list)

    @property
    def restart(self) -> bool:
        return self.command is Command.RESTART_GRACEFULLY

    def __str__(self) -> str:
        if not self.restart:
            return self.command.value
        names = ", ".join(self.transports)
        return f"{self.command.value}   (transport {names} changed bind/protocol/TLS: a reload keeps the old socket)"


def transport_settings(model) -> dict[str, dict[str, str]]:
    """transport name -> {key: value} (last value wins, keys lower-case) of a pjsip.conf model."""
    out: dict[str, dict[str, str]] = {}
    if model is None:
        return out
    for eff in model.sections:
        if eff.template or eff.object_type != "transport":
            continue
        out[eff.name] = {entry.key.lower(): entry.value for entry in eff.vars}
    return out


def changed_transports(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """Transports whose socket or TLS settings differ (added and removed ones count)."""
    changed = []
    for transport in sorted(set(old) | set(new)):
        a, b = old.get(transport), new.get(transport)
        if a is None or b is None:
            changed.append(transport)
        elif is_true(b.get("allow_reload", "no")):
            continue
        elif any(a.get(k) != b.get(k) for k in SOCKET_KEYS):
            changed.append(transport)
    return changed


def advise(old: dict[str, dict], new: dict[str, dict]) -> Advice:
    """The command for going from transports ``old`` to ``new`` (see :func:`transport_settings`)."""
    changed = changed_transports(old, new)
    if changed:
        return Advice(Command.RESTART_GRACEFULLY, changed,
                      [f"transport {t}: added, removed, or its bind/protocol/TLS changed" for t in changed])
    return Advice(Command.RELOAD_PJSIP)


def _endpoint(bind: str, protocol: str) -> tuple[str, int] | None:
    """(address, port) of a bind value, the default port filled in; None for a host name."""
    text = bind.strip()
    host, port = text, None
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None
    elif text.count(":") == 1:
        host, port = text.split(":")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    number = int(port) if port and port.isdigit() else _DEFAULT_PORT.get(protocol, 5060)
    return str(address), number


def advise_against_running(disk: dict[str, dict], running) -> Advice:
    """The command for loading the transports on disk into an Asterisk whose transports are
    ``running`` (:class:`pjtui.pbx.show.Transport`).  Only what ``pjsip show transports``
    shows can be compared (name, protocol, bound address); a TLS setting changed on disk
    is not visible there."""
    live = {t.name: t for t in running}
    reasons: list[str] = []
    changed: list[str] = []
    for name in sorted(set(disk) | set(live)):
        settings, now = disk.get(name), live.get(name)
        if settings is None:
            changed.append(name)
            reasons.append(f"transport {name} is loaded but no longer in the files")
            continue
        if now is None:
            changed.append(name)
            reasons.append(f"transport {name} is new: a reload does not open its socket")
            continue
        if is_true(settings.get("allow_reload", "no")):
            continue
        protocol = settings.get("protocol", "udp").strip().lower()
        if protocol in ("ws", "wss", "flow"):
            continue          # websockets use the HTTP server's socket
        if protocol != now.protocol.lower():
            changed.append(name)
            reasons.append(f"transport {name}: protocol {now.protocol} loaded, {protocol} in the files")
            continue
        want = _endpoint(settings.get("bind", ""), protocol)
        have = _endpoint(now.bind, protocol)
        if want is not None and have is not None and want != have:
            changed.append(name)
            reasons.append(f"transport {name}: bound to {now.bind}, bind = {settings.get('bind')} in the files")
    if changed:
        return Advice(Command.RESTART_GRACEFULLY, changed, reasons)
    return Advice(Command.RELOAD_PJSIP)
