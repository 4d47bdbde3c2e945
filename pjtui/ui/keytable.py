"""The editor's keys as the F1 panel lists them, without running the editor.

For the man page (pjtui.manpage): the table comes from ``PjtuiApp.key_groups()``, the one
source of truth for the bindings, with the default key map (no user config.toml).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager


@contextmanager
def default_app():
    """A PjtuiApp on an empty new file with default settings, never run.  Opening a
    workspace freezes the heap for the editor's sake (pjtui._gc.settle_heap); this one is
    thrown away, so the heap is thawed again on the way out."""
    from pjtui._gc import thaw_heap
    from pjtui.ui.app import PjtuiApp
    from pjtui.ui.settings import Settings
    from pjtui.ui.workspace import open_workspace

    with tempfile.TemporaryDirectory(prefix="pjtui-keys-") as scratch:
        try:
            workspace = open_workspace(os.path.join(scratch, "pjsip_wizard.conf"))
            yield PjtuiApp(workspace, settings=Settings(path=os.path.join(scratch, "config.toml")))
        finally:
            thaw_heap(closing=True)


def default_key_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    with default_app() as app:
        return app.key_groups()
