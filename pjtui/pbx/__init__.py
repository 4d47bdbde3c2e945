"""The running Asterisk: its CLI (``asterisk -rx``), what it loaded, its live state.

No Textual here (the TUI runs these calls in a worker).  Layers:

* :mod:`pjtui.pbx.asterisk` -- the client: a fixed list of commands, argv lists, timeouts,
  typed errors whose text says what to do.
* :mod:`pjtui.pbx.show` -- parsers for ``core show version`` and ``pjsip show …``.
* :mod:`pjtui.pbx.reload` -- reload or restart (a transport's socket/TLS changed).
* :mod:`pjtui.pbx.logtail` -- the WARNING/ERROR lines logged during a reload.
* :mod:`pjtui.pbx.apply` -- apply (reload, read back, compare) and status (drift, live state).
"""

from pjtui.pbx.asterisk import (
    Asterisk, AsteriskError, Command, CommandRejected, CommandTimeout, ExportUnreadable, NotRunning,
    PermissionDenied, ProgramNotFound,
)

__all__ = [
    "Asterisk", "AsteriskError", "Command", "CommandRejected", "CommandTimeout", "ExportUnreadable",
    "NotRunning", "PermissionDenied", "ProgramNotFound",
]
