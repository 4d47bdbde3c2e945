"""The files the editor has open: the file the user named, the pjsip.conf (or
pjsip_wizard.conf) next to it for context, and what each of them includes.

No Textual here.  Loading errors are raised as ``OpenError`` with a message for the user.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pjtui._gc import paused_gc, settle_heap
from pjtui.conf import Document, parse
from pjtui.conf import loader
from pjtui.io.files import content_hash, writable
from pjtui.pjsip.checks import file_kind
from pjtui.pjsip.model import Model, build

WIZARD_FILE = "pjsip_wizard.conf"
PJSIP_FILE = "pjsip.conf"


class OpenError(Exception):
    """The file can't be opened; ``str()`` says which file, why, and what to do."""


@dataclass
class Workspace:
    path: str  # absolute path of the file the user named
    shown_path: str  # as the user typed it: what the title shows
    main: loader.Config
    context: loader.Config | None = None
    new_file: bool = False
    read_only_reason: str | None = None
    # content hash of each file as loaded or last saved (None: it did not exist)
    disk_hash: dict[str, str | None] = field(default_factory=dict)
    _kind: str | None = None

    @property
    def documents(self) -> list[Document]:
        docs = list(self.main.documents.values())
        if self.context is not None:
            docs.extend(d for d in self.context.documents.values() if d not in docs)
        return docs

    @property
    def main_documents(self) -> list[Document]:
        return list(self.main.documents.values())

    @property
    def context_documents(self) -> list[Document]:
        return list(self.context.documents.values()) if self.context is not None else []

    @property
    def wizard_file(self) -> bool:
        """The opened file is read as pjsip_wizard.conf (else as pjsip.conf)."""
        if self._kind is None:
            self._kind = file_kind(self.path, self.main)
        return self._kind == "wizard"

    def refresh(self) -> None:
        """After edits: recompute which sections each config holds (nothing is read from disk)."""
        self.main = _rewalk(self.main)
        if self.context is not None:
            self.context = _rewalk(self.context)

    def models(self) -> tuple[Model, Model | None]:
        return build(self.main), (build(self.context) if self.context is not None else None)

    def snapshot(self) -> Snapshot:
        """Copies of the line lists (cheap); the thread that checks re-reads them."""
        return Snapshot(_lines(self.main), _lines(self.context) if self.context is not None else None,
                        self.wizard_file)


@dataclass
class Snapshot:
    """The documents' lines at one moment, to be read again in another thread."""

    main: tuple[str, str, dict[str, list[bytes]]]  # root name, confdir, lines by file
    context: tuple[str, str, dict[str, list[bytes]]] | None
    wizard_file: bool

    def configs(self) -> tuple[loader.Config, loader.Config | None]:
        return _config_from(*self.main), (_config_from(*self.context) if self.context else None)


def _lines(config: loader.Config) -> tuple[str, str, dict[str, list[bytes]]]:
    return config.root.name, config.confdir, {name: list(doc.lines) for name, doc in config.documents.items()}


def _config_from(root_name: str, confdir: str, lines: dict[str, list[bytes]]) -> loader.Config:
    docs = {name: Document(list(doc_lines), name) for name, doc_lines in lines.items()}
    return _rewalk(loader.Config(docs[root_name], confdir), docs)


def _rewalk(config: loader.Config, documents: dict | None = None) -> loader.Config:
    return config.refresh(documents)


def _load(path: str) -> loader.Config:
    try:
        return loader.load(path)
    except loader.LoadError as error:
        raise OpenError(str(error)) from None


def context_path_for(path: str) -> str | None:
    """pjsip.conf next to pjsip_wizard.conf and the other way round."""
    directory, name = os.path.split(path)
    if name == WIZARD_FILE:
        other = os.path.join(directory, PJSIP_FILE)
    elif name == PJSIP_FILE:
        other = os.path.join(directory, WIZARD_FILE)
    else:
        other = os.path.join(directory, PJSIP_FILE)
    return other if os.path.isfile(other) else None


def open_workspace(path: str, pjsip: str | None = None, read_only: bool = False) -> Workspace:
    """Load ``path`` (a missing file becomes a new, empty one) and its context file.

    The documents stay loaded as long as the editor runs: they are read without collector
    passes and then frozen out of its reach (``gc.freeze``, see pjtui/_gc.py); the editor
    unfreezes when it closes or rebuilds its models.
    """
    with paused_gc():
        workspace = _open(path, pjsip, read_only)
        settle_heap()
    return workspace


def _open(path: str, pjsip: str | None, read_only: bool) -> Workspace:
    shown = path
    absolute = os.path.abspath(path)
    new_file = False
    if os.path.isdir(absolute):
        raise OpenError(f"{shown} is a directory, not a config file; name a .conf file inside it, "
                        f"e.g. {os.path.join(shown, WIZARD_FILE)}")
    if not os.path.lexists(absolute):
        directory = os.path.dirname(absolute)
        if not os.path.isdir(directory):
            raise OpenError(f"{shown} does not exist and neither does its directory {directory}; "
                            "check the path")
        new_file = True
        main = loader.Config(parse(b"", absolute), directory)
    else:
        main = _load(absolute)
    context = None
    context_file = pjsip if pjsip is not None else context_path_for(absolute)
    if context_file is not None:
        context_abs = os.path.abspath(context_file)
        if context_abs != absolute:
            if not os.path.exists(context_abs):
                raise OpenError(f"--pjsip {context_file}: no such file; check the path")
            context = _load(context_abs)
    reason = None
    if read_only:
        reason = "Read-only (--read-only): nothing can be changed or saved."
    else:
        check = writable(absolute)
        if not check:
            reason = check.reason
    workspace = Workspace(absolute, shown, main, context, new_file, reason)
    for doc in workspace.documents:
        workspace.disk_hash[doc.name] = None if (new_file and doc is main.root) else content_hash(doc.to_bytes())
    return workspace
