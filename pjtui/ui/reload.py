"""What to run in Asterisk after saving, so the change takes effect.

The decision is pjtui.pbx.reload's (the CLI's apply makes the same one); this module
feeds it the editor's bytes: what is on disk against what is about to be written.
"""

from __future__ import annotations

from pjtui.conf import parse
from pjtui.pbx.asterisk import Command
from pjtui.pbx.reload import SOCKET_KEYS, Advice, advise, transport_settings
from pjtui.pbx.reload import changed_transports as _changed
from pjtui.pjsip.model import build

__all__ = ["RELOAD", "RESTART", "SOCKET_KEYS", "changed_transports", "reload_advice", "reload_plan"]

RELOAD = Command.RELOAD_PJSIP.value
RESTART = Command.RESTART_GRACEFULLY.value


def _transports(data: bytes, name: str) -> dict[str, dict]:
    return transport_settings(build(parse(data, name)))


def changed_transports(before: bytes, after: bytes, name: str) -> list[str]:
    """Transports whose socket or TLS settings differ (added and removed ones count)."""
    return _changed(_transports(before, name), _transports(after, name))


def reload_plan(session, docs) -> Advice:
    """The reload, or a restart when a transport's socket or TLS changed in ``docs``."""
    old: dict[str, dict] = {}
    new: dict[str, dict] = {}
    for doc in docs:   # transport names are one namespace in Asterisk, whichever file has them
        old.update(_transports(session.saved_bytes(doc), doc.name))
        new.update(_transports(doc.to_bytes(), doc.name))
    return advise(old, new)


def reload_advice(session, docs) -> str:
    """``module reload res_pjsip.so``, or a restart when a transport's socket or TLS changed."""
    return str(reload_plan(session, docs))
