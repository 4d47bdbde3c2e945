"""Edit requests that widgets post; the app turns each into a document edit.

Widgets never change the document.  They post one of these messages (they bubble
up to the app), and the app applies the matching ``pjtui.conf.edits`` edit, keeps
its inverse for undo, and recomputes the preview and problems.

A section is passed as the ``Section`` object itself, not its name (names repeat
in pjsip.conf and ``(+)`` sections) and not a bare line number (an included file
has its own line numbers); the app reads ``section.line`` and ``section.doc``
when it builds the edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pjtui.conf import Section
    from pjtui.ui.analysis import Analysis


class FieldChanged(Message):
    """Set ``key`` in ``section`` to ``value``.

    The last own line with that key is changed; when the section has none (the
    value is inherited or the default) a line is added.  Sent as the user types:
    consecutive changes of the same field are one undo step.
    """

    def __init__(self, section: "Section", key: str, value: str) -> None:
        super().__init__()
        self.section = section
        self.key = key
        self.value = value


class FieldReset(Message):
    """Remove the section's own lines for ``key`` so the inherited value applies."""

    def __init__(self, section: "Section", key: str) -> None:
        super().__init__()
        self.section = section
        self.key = key


class OptionAdded(Message):
    """Add a new ``key = value`` line even when the key is already set (``allow``, ``match``)."""

    def __init__(self, section: "Section", key: str, value: str) -> None:
        super().__init__()
        self.section = section
        self.key = key
        self.value = value


class OptionEdited(Message):
    """Change the value on one particular line of the section (the Raw tab)."""

    def __init__(self, section: "Section", option_line: int, value: str) -> None:
        super().__init__()
        self.section = section
        self.option_line = option_line
        self.value = value


class OptionRemoved(Message):
    """Remove one particular line of the section (the Raw tab)."""

    def __init__(self, section: "Section", option_line: int) -> None:
        super().__init__()
        self.section = section
        self.option_line = option_line


class CheckFinished(Message):
    """A full check in a thread ended (the app's own message, from the worker).

    ``analysis``: its result, None when it was void (edits came meanwhile) or failed;
    ``error``: what it raised, if it did.
    """

    def __init__(self, analysis: "Analysis | None", error: BaseException | None) -> None:
        super().__init__()
        self.analysis = analysis
        self.error = error
