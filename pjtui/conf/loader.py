"""Load a config file with its ``#include``/``#tryinclude`` files (spec §7).

Each file stays its own :class:`Document`, so an edit is saved to the file it
came from.  ``#exec`` is never run: it is reported, and the analysis is
marked incomplete.
"""

from __future__ import annotations

import glob
import os
import re

from pjtui import _memory
from pjtui.conf.document import LINE, Diagnostic, Document, Option, Section, parse

MAX_INCLUDE_LEVEL = 10


class LoadError(Exception):
    """The top file can't be read; the message names the file and what to do."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path


def read_config_bytes(path: str) -> bytes:
    """Read one file with pjtui's one reader (:func:`pjtui.io.files.read_file`: one size
    limit, FIFOs and devices refused without hanging), every failure a sentence for the user."""
    import errno

    from pjtui.io.errors import ReadError
    from pjtui.io.files import read_file

    try:
        return read_file(path).data
    except ReadError as exc:
        sentence = {
            errno.ENOENT: "no such file; check the path",
            errno.EACCES: "permission denied; run as a user who can read it (often root or asterisk)",
            errno.EPERM: "permission denied; run as a user who can read it (often root or asterisk)",
            errno.EISDIR: "is a directory, not a config file; name a .conf file inside it",
        }.get(exc.errno, exc.reason)
        raise LoadError(path, sentence) from None


def expand_braces(pattern: str) -> list[str]:
    """glob(3)'s GLOB_BRACE: ``{a,b}.conf`` → ``a.conf``, ``b.conf`` (nested braces too)."""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if not match:
        return [pattern]
    out: list[str] = []
    for alternative in match.group(1).split(","):
        out.extend(expand_braces(pattern[:match.start()] + alternative + pattern[match.end():]))
    return out


def resolve_include(argument: str, confdir: str) -> list[str]:
    """The files an include argument names, in glob's sorted order (GLOB_NOMAGIC)."""
    path = argument if os.path.isabs(argument) else os.path.join(confdir, argument)
    found: list[str] = []
    for pattern in expand_braces(path):
        if glob.has_magic(pattern):
            found.extend(sorted(glob.glob(pattern)))
        else:
            found.append(pattern)  # NOMAGIC: returned as is, fopen decides
    return found


class Config:
    """A top file and the files it includes, in Asterisk's load order."""

    def __init__(self, root: Document, confdir: str):
        self.root = root
        self.confdir = confdir
        self.documents: dict[str, Document] = {root.name: root}
        self.sections: list[Section] = []
        self.diagnostics: list[Diagnostic] = []
        self.included: list[tuple[str, str, int]] = []  # (file, included from, line)
        self._adopted: dict[int, list[tuple[int, Option]]] = {}
        self.exec_lines: list[tuple[str, int]] = []

    @property
    def rejected(self) -> bool:
        """Asterisk rejects the whole top file (it then creates nothing from it)."""
        return any(d.fatal and d.file == self.root.name for d in self.diagnostics)

    @property
    def incomplete(self) -> bool:
        """``#exec`` output is part of the real configuration but never evaluated here."""
        return bool(self.exec_lines)

    @classmethod
    def from_document(cls, doc: Document, confdir: str = ".") -> "Config":
        """A config of one document read on its own (includes not followed)."""
        config = cls(doc, confdir)
        config.sections = list(doc.sections)
        config.diagnostics = list(doc.diagnostics)
        config.exec_lines = [(doc.name, d.line) for d in doc.directives if d.kind == "exec"]
        config._resolve()
        return config

    def refresh(self, documents: dict[str, Document] | None = None) -> "Config":
        """A new Config over the in-memory documents, after edits changed their sections.

        Nothing already loaded is read from disk again; ``documents`` (path → Document)
        replaces the current ones, e.g. copies to analyse a draft.  An include that an
        edit added is read from disk as ``load()`` would.
        """
        documents = dict(self.documents if documents is None else documents)
        root = documents.get(self.root.name, self.root)
        fresh = Config(root, self.confdir)
        _walk(fresh, root, None, 0, 0, documents, [os.path.realpath(root.name)])
        fresh._resolve()
        return fresh

    def parents(self, section: Section) -> list[Section]:
        """The sections ``section`` inherits from, in its listed order (found ones only)."""
        if self._parents is None:       # _memory.lean(): not kept, looked up again when asked
            return _parents_of(self, section)
        return self._parents.get(id(section), [])

    def append_target(self, section: Section) -> Section | None:
        """For a ``(+)`` section, the earlier section its lines are added to."""
        return self._append.get(id(section))

    def _resolve(self) -> None:
        """Spec §4.1 and §5: parents and ``(+)`` targets are looked up among earlier sections."""
        # Only tools and tests ask for a section's parents (the model resolves them itself):
        # with _memory.LEAN they are not kept per section.
        self._parents: dict[int, list[Section]] | None = None if _memory.lean() else {}
        self._append: dict[int, Section] = {}
        first: dict[str, Section] = {}
        first_plain: dict[str, Section] = {}
        reported = {(d.file, d.line, d.code) for d in self.diagnostics}
        earlier: list[Section] = []

        def fatal(section: Section, code: str, message: str) -> None:
            # The parser already said it when the file had no #include before this header.
            if (section.file, section.line, code) not in reported:
                reported.add((section.file, section.line, code))
                self.diagnostics.append(Diagnostic(
                    section.file, section.line, f"{message}, line {LINE} of {section.file}", True, code))

        for section in self.sections:
            found = []
            for parent in section.parents:
                match = first.get(parent.lower())
                if match is None:
                    fatal(section, "parent-missing", f"Inheritance requested, but category '{parent}' does not exist")
                else:
                    found.append(match)
            if self._parents is not None:
                self._parents[id(section)] = found
            if section.append:
                target = _append_target(self, section, first_plain, earlier)
                if target is None:
                    fatal(section, "append-target-missing",
                          f"Category addition requested, but category '{section.name}' does not exist")
                else:
                    self._append[id(section)] = target
                continue  # (+) adds to an earlier section; it is not a section of its own
            lowered = section.name.lower()
            first.setdefault(lowered, section)
            if not section.template:
                first_plain.setdefault(lowered, section)
            earlier.append(section)

    def options(self, section: Section) -> list[Option]:
        """The section's options, with included files' header-less lines where they land."""
        adopted = self._adopted.get(id(section))
        if not adopted:
            return section.options
        merged = [(o.line, 0, o) for o in section.options] + [(line, 1, o) for line, o in adopted]
        merged.sort(key=lambda item: (item[0], item[1]))
        return [o for _, _, o in merged]


def load(path: str, confdir: str | None = None) -> Config:
    """Read ``path`` and everything it includes.  Raises :class:`LoadError` only for the top file."""
    path = os.path.abspath(path)
    root = parse(read_config_bytes(path), path)
    config = Config(root, os.path.abspath(confdir) if confdir else os.path.dirname(path))
    cache: dict[str, Document | LoadError] = {path: root}
    _walk(config, root, None, 0, 0, cache, [os.path.realpath(path)])
    config._resolve()
    return config


def _document(config: Config, path: str, cache: dict) -> Document | LoadError:
    real = os.path.abspath(path)
    if real not in cache:
        try:
            cache[real] = parse(read_config_bytes(real), real)
        except LoadError as exc:
            cache[real] = exc
    result = cache[real]
    if isinstance(result, Document):
        config.documents.setdefault(real, result)
    return result


def _walk(config: Config, doc: Document, includer: Section | None, anchor: int, level: int,
          cache: dict, stack: list[str]) -> None:
    """Add ``doc``'s sections to the config.

    ``includer`` is the section current where ``doc`` was included, and ``anchor``
    the line in the includer's own file where its header-less lines land.
    """
    top = doc is config.root
    stop = None if top else doc.syntax_fatal_line
    for diagnostic in doc.diagnostics:
        if not top and diagnostic.code == "no-category":
            continue  # header-less lines of an included file belong to the includer
        if stop is None or diagnostic.line <= stop:
            config.diagnostics.append(diagnostic)
    # Interleave sections and directives in line order.
    events: list[tuple[int, int, object]] = [(s.line, 0, s) for s in doc.sections]
    events += [(d.line, 1, d) for d in doc.directives]
    events.sort(key=lambda e: (e[0], e[1]))
    if includer is not None:
        for option in doc.preamble:
            if stop is None or option.line < stop:
                config._adopted.setdefault(id(includer), []).append((anchor, option))
    for line, kind, item in events:
        if stop is not None and line >= stop:
            break
        if kind == 0:
            config.sections.append(item)
            continue
        directive = item
        owner = directive.section if directive.section is not None else includer
        if directive.kind == "exec":
            config.exec_lines.append((doc.name, directive.line))
            continue
        if directive.kind not in ("include", "tryinclude") or not directive.argument:
            continue
        owner_anchor = directive.line if owner is not None and owner.doc is doc else anchor
        _include(config, doc, directive, owner, owner_anchor, level, cache, stack)


def _include(config: Config, doc: Document, directive, owner: Section | None, anchor: int,
             level: int, cache: dict, stack: list[str]) -> None:
    required = directive.kind == "include"

    def problem(message: str, code: str, fatal: bool) -> None:
        config.diagnostics.append(Diagnostic(doc.name, directive.line, message, fatal, code))

    if level + 1 > MAX_INCLUDE_LEVEL:
        problem(f"Maximum Include level ({MAX_INCLUDE_LEVEL}) exceeded; '{directive.argument}' is "
                "not read and the rest of this file is ignored", "include-level", required)
        return
    paths = resolve_include(directive.argument, config.confdir)
    if not paths:
        if required:
            problem(f"'{directive.argument}' is listed as a #include but it does not exist "
                    f"(looked in {config.confdir}); Asterisk rejects this file", "include-missing", True)
        return
    for path in paths:
        real = os.path.realpath(path)
        if os.path.isdir(path):
            problem(f"#include '{path}' is a directory; Asterisk skips it", "include-not-file", False)
            continue
        if not os.path.exists(path):
            if required:
                problem(f"'{directive.argument}' is listed as a #include but it does not exist "
                        f"(looked for {path}); Asterisk rejects this file", "include-missing", True)
            return
        if real in stack:
            # not fatal (config.c): the copy at the level limit fails as a missing include,
            # which only cuts that copy short; the includers carry on with what they read
            problem(f"#include loop: '{path}' includes itself through "
                    f"{' -> '.join(os.path.basename(p) for p in stack)}; Asterisk loads it again and "
                    f"again until the include level limit ({MAX_INCLUDE_LEVEL})", "include-loop", False)
            return
        included = _document(config, path, cache)
        if isinstance(included, LoadError):
            problem(f"#include '{path}' can't be read: {str(included).split(': ', 1)[-1]}",
                    "include-unreadable", required)
            continue
        if any(f == included.name for f, _, _ in config.included):
            problem(f"Same File included more than once: '{path}' (its sections appear twice)",
                    "include-twice", False)
        config.included.append((included.name, doc.name, directive.line))
        _walk(config, included, owner, anchor, level + 1, cache, stack + [real])
        if included.syntax_fatal_line is not None:
            break  # a glob stops at the first file with an error (§7.2)


def _parents_of(config: Config, section: Section) -> list[Section]:
    """What :meth:`Config._resolve` finds for ``section``'s parents: the first section of
    each name among the earlier ones that are not ``(+)`` blocks."""
    first: dict[str, Section] = {}
    for candidate in config.sections:
        if candidate is section:
            return [first[p.lower()] for p in section.parents if p.lower() in first]
        if not candidate.append:
            first.setdefault(candidate.name.lower(), candidate)
    return []


def _append_target(config: Config, section: Section, first_plain: dict[str, Section],
                   earlier: list[Section]) -> Section | None:
    if not section.append_filter:
        return first_plain.get(section.name.lower())
    # [name](+regex=regex&...): the first same-named section with a variable matching every pair.
    pairs = []
    include_templates = False
    for item in section.append_filter.split("&"):
        key, _, value = item.partition("=")
        if key == "TEMPLATES":
            include_templates = value == "include"
            continue
        try:
            pairs.append((re.compile(key), re.compile(value)))
        except re.error:
            return None
    lowered = section.name.lower()
    for candidate in earlier:
        if candidate.name.lower() != lowered or (candidate.template and not include_templates):
            continue
        options = config.options(candidate)
        if all(any(k.search(o.key) and v.search(o.value) for o in options) for k, v in pairs):
            return candidate
    return None
