"""The editing session behind the app: documents, undo/redo and what changed.

No Textual here: the app calls this, and tests can drive it synchronously.
Every change is a ``pjtui.conf.edits`` edit applied to one document; applying it
returns its exact inverse, which is what undo applies.  Redo applies the inverse
of the inverse.  Nothing else ever changes a document.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pjtui.conf import Document
from pjtui.io.secrets import is_secret_key, mask_secrets

# How a secret value is shown in the form and the preview until revealed.
MASK = "••••••"
# A tab in a value is drawn as this one cell: a raw tab moves the terminal's cursor and
# draws over the pane's border.
TAB_SHOWN = "⇥"


def on_screen(text: str) -> str:
    """``text`` as drawn in a pane: tabs (and other control characters) one visible cell each."""
    if "\t" in text:
        text = text.replace("\t", TAB_SHOWN)
    return text if text.isprintable() else "".join(c if c.isprintable() or c == "\n" else "�" for c in text)


@dataclass
class Step:
    """One undo step: the edits that undo it, each with its document, in apply order."""

    label: str
    undo: list[tuple[Document, Any]] = field(default_factory=list)
    # Consecutive typing into one field merges into one step.
    merge_key: tuple | None = None
    # What the caller had selected before and after the step (undo/redo select it again).
    before: Any = None
    after: Any = None
    # Key of the one section whose option lines the step changed (None: headers or several).
    edited: Any = None
    # The form field the step set or reset ("endpoint/context"): undo/redo show it again.
    field: str | None = None


class EditError(Exception):
    """An edit the document refused (a value it cannot represent, a line that moved)."""


class EditSession:
    """Undo/redo history over the documents of one loaded configuration."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents: list[Document] = list(documents)
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        # Bytes of each document as last loaded or saved, to tell what changed.
        self._saved: dict[int, bytes] = {id(d): d.to_bytes() for d in self.documents}
        # ... and their lines: compared per keystroke (the modified marker) without joining
        # megabytes of bytes; unchanged lines are the same objects, so a compare is cheap.
        self._saved_lines: dict[int, list[bytes]] = {id(d): list(d.lines) for d in self.documents}
        self._same: tuple[int, bool] | None = None   # (generation, files as on disk)
        # Position in history that matches the file on disk (None: unreachable).
        self._saved_depth: int | None = 0
        self.generation = 0  # bumped on every change; caches key on it

    # -- applying -----------------------------------------------------------------

    def apply(self, label: str, changes: list[tuple[Document, Any]], merge_key: tuple | None = None,
              before: Any = None, after: Any = None, edited: Any = None, field: str | None = None) -> None:
        """Apply ``changes`` (document, edit) as one undo step.

        When ``merge_key`` equals the previous step's, the two become one step (typing
        into a field).  If an edit fails, the ones already applied are undone and
        ``EditError`` is raised: the documents are as before.
        """
        applied: list[tuple[Document, Any]] = []
        try:
            for doc, edit in changes:
                applied.append((doc, doc.apply(edit)))
        except Exception as error:  # the document refuses values it cannot write
            for doc, inverse in reversed(applied):
                doc.apply(inverse)
            raise EditError(str(error) or type(error).__name__) from error
        if not applied:
            return
        if self._saved_depth is not None and self._saved_depth > len(self._undo):
            self._saved_depth = None  # the saved state was undone and is now replaced
        self._redo.clear()
        previous = self._undo[-1] if self._undo else None
        if (
            merge_key is not None
            and previous is not None
            and previous.merge_key == merge_key
            and self._saved_depth != len(self._undo)
        ):
            # Typing on in the same field: one undo step.  Each inverse only fits the
            # text its edit left, so all are kept and undone last to first.
            previous.undo.extend(applied)
        else:
            self._undo.append(Step(label, applied, merge_key, before, after, edited, field))
        self.generation += 1

    def undo(self) -> Step | None:
        if not self._undo:
            return None
        step = self._undo.pop()
        try:
            redo = self._replay(step.undo)
        except EditError:
            self._undo.append(step)
            raise
        self._redo.append(Step(step.label, redo, None, step.before, step.after, step.edited, step.field))
        self.generation += 1
        return step

    def redo(self) -> Step | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        try:
            undo = self._replay(step.undo)
        except EditError:
            self._redo.append(step)
            raise
        self._undo.append(Step(step.label, undo, None, step.before, step.after, step.edited, step.field))
        self.generation += 1
        return step

    @staticmethod
    def _replay(changes: list[tuple[Document, Any]]) -> list[tuple[Document, Any]]:
        """Apply ``changes`` last to first; all or nothing.  Returns their inverses."""
        done: list[tuple[Document, Any]] = []
        try:
            for doc, edit in reversed(changes):
                done.append((doc, doc.apply(edit)))
        except Exception as error:
            for doc, inverse in reversed(done):
                doc.apply(inverse)
            raise EditError(str(error) or type(error).__name__) from error
        return done

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- what changed -------------------------------------------------------------

    @property
    def changes(self) -> int:
        """Undo steps between the file on disk and now (the modified marker).

        Steps that cancel out (override a value, then reset it) leave the files as they
        are on disk: that is no change, whatever the history says.
        """
        if self._saved_depth is None:
            count = max(1, len(self._undo))
        else:
            count = abs(len(self._undo) - self._saved_depth)
        return 0 if count and self._as_saved() else count

    def _as_saved(self) -> bool:
        if self._same is None or self._same[0] != self.generation:
            # Lines end at their newline (split_lines), so equal lines are equal bytes.
            same = all(d.lines == self._saved_lines.get(id(d)) for d in self.documents)
            self._same = (self.generation, same)
        return self._same[1]

    @property
    def modified(self) -> bool:
        return self.changes > 0

    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def changed_documents(self) -> list[Document]:
        return [d for d in self.documents if d.to_bytes() != self._saved[id(d)]]

    def saved_bytes(self, doc: Document) -> bytes:
        return self._saved[id(doc)]

    def mark_saved(self, docs: Iterable[Document] | None = None) -> None:
        """Record that ``docs`` (default: all) now match the files on disk."""
        for doc in self.documents if docs is None else docs:
            self._saved[id(doc)] = doc.to_bytes()
            self._saved_lines[id(doc)] = list(doc.lines)
        self._same = None
        if not self.changed_documents():
            self._saved_depth = len(self._undo)

    def load_from_disk(self, doc: Document, data: bytes) -> None:
        """``doc`` becomes ``data``, the file as it is on disk now (another program wrote it).

        The history goes: its steps undo lines of the old file, not of this one.
        """
        from pjtui.conf import edits  # the one place the session writes a document itself
        from pjtui.conf.document import split_lines

        doc.apply(edits.Splice(0, tuple(doc.lines), tuple(split_lines(data))))
        self._undo.clear()
        self._redo.clear()
        self._saved[id(doc)] = doc.to_bytes()
        self._saved_lines[id(doc)] = list(doc.lines)
        self._same = None
        self._saved_depth = 0 if not self.changed_documents() else None
        self.generation += 1

    def add_document(self, doc: Document) -> None:
        self.documents.append(doc)
        self._saved[id(doc)] = doc.to_bytes()
        self._saved_lines[id(doc)] = list(doc.lines)
        self._same = None

    def diff(self, doc: Document, reveal: bool = False, context: int = 2) -> list[str]:
        """Unified diff of ``doc`` against the file on disk; secret values masked by key."""
        return unified_diff(doc.name, self._saved[id(doc)], doc.to_bytes(), reveal, context)


def unified_diff(name: str, old: bytes, new: bytes, reveal: bool = False, context: int = 2) -> list[str]:
    """Unified diff of two versions of the file ``name``; secret values masked by key."""
    name = Path(name).name
    lines = list(difflib.unified_diff(_text_lines(old), _text_lines(new), fromfile=name, tofile=name,
                                      n=context, lineterm=""))
    if reveal:
        return lines
    return [line if line.startswith(("+++", "---")) else mask_secrets(line) for line in lines]


def _text_lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").splitlines()


def is_secret(key: str) -> bool:
    """``password``, ``inbound_auth/password``, ``md5_cred``... (shown masked)."""
    return is_secret_key(key)
