"""The Textual editor.  Imported only when the TUI runs (see pjtui.cli)."""
