"""The editor's keys as the F1 panel lists them, without running the editor.

For the man page (pjtui.manpage): the table comes from ``PjtuiApp.key_groups()``, the one
source of truth for the bindings, with the default key map (no user config.toml).
"""

from __future__ import annotations

import os
import tempfile


def default_key_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    from pjtui.ui.app import PjtuiApp
    from pjtui.ui.settings import Settings
    from pjtui.ui.workspace import open_workspace

    with tempfile.TemporaryDirectory(prefix="pjtui-keys-") as scratch:
        workspace = open_workspace(os.path.join(scratch, "pjsip_wizard.conf"))
        app = PjtuiApp(workspace, settings=Settings(path=os.path.join(scratch, "config.toml")))
        return app.key_groups()
