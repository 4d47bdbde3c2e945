"""What Asterisk loads for a pjsip_wizard.conf, and the one expansion of it.

Every surface takes its objects from here, so they cannot disagree: ``pjtui expand``,
``pjtui show`` and ``pjtui check`` read a wizard file with the same partners (the
pjsip.conf beside it or ``--pjsip``, the phoneprov.conf beside it, ``--hosts``) through
:func:`load_wizard`, and every expansion, the editor's included, is made by
:func:`expansion_of`.  :meth:`Loaded.messages` is what Asterisk logs while loading,
each line with the file and line that caused it.  No Textual, no tomlkit."""

from __future__ import annotations

import os
from typing import NamedTuple

from pjtui.pjsip.model import Model, build, file_of, lines_of

#: The file res_pjsip_config_wizard asks config.c for: its messages name it so,
#: whatever the file is called here (golden f28: "Contents of config file
#: 'pjsip_wizard.conf' are invalid").
WIZARD_FILE = "pjsip_wizard.conf"


def expansion_of(wizard: Model, pjsip: Model | None = None, *, resolver=None, profiles=None):
    """The expansion of ``wizard`` (with pjsip.conf's objects, a resolver and the
    phoneprov profiles when known): the one call every surface makes.  A
    :class:`pjtui.io.resolver.Resolver` is asked about every name at once first
    (:func:`~pjtui.pjsip.wizard.expand_resolving`): it blocks, never on the UI thread."""
    from pjtui.pjsip.wizard import expand_resolving

    return expand_resolving(wizard, resolver, pjsip=pjsip, profiles=profiles, filename=WIZARD_FILE)


def section_expansion(whole: Model, chain: Model, name: str, pjsip: Model | None = None):
    """The expansion the editor shows for wizard ``name``, made from ``chain`` (its own
    sections and their ancestors: fresh as you type in a file of any size) when that
    says what the whole file's expansion says of it.  Not when the whole file is
    rejected (nothing is made, golden f28) or another wizard has the same name (the
    later one replaces it, f30): then from ``whole``."""
    if whole is not chain and (whole.rejected or sum(1 for e in whole.named(name) if e.is_wizard) > 1):
        return expansion_of(whole, pjsip)
    return expansion_of(chain, pjsip)


class Message(NamedTuple):
    """One line Asterisk logs, with where it comes from."""

    file: str
    line: int
    level: str          # "ERROR" | "WARNING"
    source: str         # Asterisk's source file, e.g. "config.c"
    text: str           # Asterisk's wording

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.source}: {self.text}"


class Loaded:
    """A wizard file read with its partners, as Asterisk reads them."""

    def __init__(self, wizard_config, pjsip_config=None, *, resolver=None, profiles=None):
        self.wizard_config = wizard_config
        self.pjsip_config = pjsip_config
        self.wizard = build(wizard_config)
        self.pjsip = build(pjsip_config) if pjsip_config is not None else None
        self.resolver = resolver
        self.profiles = profiles
        self._expansion = None
        self._cause = None

    @property
    def expansion(self):
        if self._expansion is None:
            self._expansion = expansion_of(self.wizard, self.pjsip, resolver=self.resolver,
                                           profiles=self.profiles)
        return self._expansion

    @property
    def failed(self) -> bool:
        """Asterisk logs an error: a file is rejected or cut short, or a wizard fails."""
        return bool(self.expansion.log) or any(
            d.fatal or d.code == "include-loop" for cfg in self.configs() for d in cfg.diagnostics)

    def configs(self) -> list:
        return [c for c in (self.wizard_config, self.pjsip_config) if c is not None]

    def messages(self) -> list[Message]:
        """config.c's lines about the files, then the wizard's, each with its file:line."""
        out: list[Message] = []
        said = set()
        for cfg in self.configs():
            for d in cfg.diagnostics:
                said.add(d.message)
                if d.code == "include-loop":
                    out.extend(_loop_messages(d))
                    continue
                level = "ERROR" if d.code == "include-missing" else "WARNING"
                out.append(Message(d.file, d.line, level, "config.c", d.message))
        exp = self.expansion
        for log in exp.log:
            if log.source == "config.c" and log.entry is None and log.message in said:
                continue            # the expansion repeats the parser's reason for a rejection
            out.append(self.located(log))
        return out

    def located(self, log) -> Message:
        """A log line of the expansion with the file:line it is about."""
        if self._cause is None:     # (file, line) of what makes Asterisk reject the file, if any
            self._cause = next(((d.file, d.line) for d in self.wizard_config.diagnostics if d.fatal
                                and d.file == self.wizard.root_name), ())
        file, line = _where(self.expansion, log, self._cause or None)
        return Message(file or self.wizard.root_name, line, log.level, log.source, log.message)


def _loop_messages(d) -> list[Message]:
    """What config.c logs for an include loop, at the #include that closes it: each file
    is read again (ast_include_new) until the level limit (ast_config_internal_load),
    where the include fails like a missing file (process_text_line)."""
    from pjtui.conf.loader import MAX_INCLUDE_LEVEL

    quoted = d.message.split("'")
    argument = os.path.basename(quoted[1]) if len(quoted) > 2 else "?"
    return [Message(d.file, d.line, "WARNING", "config.c",
                    f"'{os.path.basename(d.file)}', line {d.line}:  Same File included more than once!"),
            Message(d.file, d.line, "WARNING", "config.c", f"Maximum Include level ({MAX_INCLUDE_LEVEL}) exceeded"),
            Message(d.file, d.line, "ERROR", "config.c",
                    f"The file '{argument}' was listed as a #include but it does not exist.")]


def _where(exp, log, cause) -> tuple[str, int]:
    """The file and line a wizard log line is about: its line, else its wizard's header,
    else (a rejected file) the line that made Asterisk reject it."""
    entry = log.entry
    if entry is not None:
        first = lines_of(entry)[0]
        if getattr(first, "line", None) is not None:
            return file_of(first), first.line
    if log.wizard is not None:
        for w in exp.wizards:
            if w.name == log.wizard:
                return w.eff.section.doc.name, w.eff.section.line
    if cause is not None:
        return cause
    return "", 1


def load_wizard(path: str, *, pjsip: str | None = None, resolver=None, hosts: str | None = None,
                phoneprov: str | None = None, confdir: str | None = None, config=None) -> Loaded:
    """``path`` read as a pjsip_wizard.conf with what ``pjtui check`` reads it with: ``pjsip``
    or the pjsip.conf beside it, the profiles of ``phoneprov`` or the phoneprov.conf
    beside it; host names answered by ``resolver`` (:mod:`pjtui.commands.resolving`), or
    else by the names of the hosts(5) file ``hosts`` (neither: every name resolves).  Raises
    :class:`~pjtui.conf.loader.LoadError` when ``path`` or ``pjsip`` can't be read, and
    OSError for an unreadable ``hosts``; an unreadable partner found beside is skipped.
    ``config``: ``path`` already loaded."""
    from pjtui.conf.loader import load
    from pjtui.io.resolver import hosts_file_resolver
    from pjtui.pjsip.partners import load_partner, read_profiles

    wcfg = config if config is not None else load(path, confdir)
    pcfg = load_partner(path, "wizard", pjsip, confdir)
    pp = phoneprov or os.path.join(os.path.dirname(os.path.abspath(path)), "phoneprov.conf")
    profiles = read_profiles(pp) if os.path.isfile(pp) else None
    if resolver is None and hosts:
        resolver = hosts_file_resolver(hosts)
    return Loaded(wcfg, pcfg, resolver=resolver, profiles=profiles)
