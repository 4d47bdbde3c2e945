"""Checking files on disk: each file read with the partner Asterisk reads it with
(pjsip.conf beside a pjsip_wizard.conf and the other way round), phoneprov.conf's
profiles, a hosts(5) file deciding which names resolve."""

from __future__ import annotations

import os

from pjtui.io import resolver as io_resolver
from pjtui.pjsip.checks.context import Resolver
from pjtui.pjsip.checks.engine import Checker
from pjtui.pjsip.checks.registry import Problem
from pjtui.pjsip.partners import beside, load_partner, read_profiles

# beside, load_partner and read_profiles live in pjtui.pjsip.partners; imported from here too
__all__ = ["Report", "beside", "check_paths", "file_kind", "hosts_file_resolver", "load_context",
           "load_partner", "read_profiles"]


def hosts_file_resolver(path: str) -> Resolver:
    """A resolver that knows only the names of a hosts(5) file (tests, ``--hosts``);
    :func:`pjtui.io.resolver.hosts_file_resolver`, kept here for its callers."""
    return io_resolver.hosts_file_resolver(path)


class Report:
    """Result of :func:`check_paths`."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.unreadable: list[tuple[str, str]] = []   # (path, message)
        self.files: list[str] = []                    # files whose problems are reported
        self.context: dict[str, str] = {}             # checked file -> partner file read
        self.expansions: dict[str, object] = {}       # checked file -> the expansion its rules judged

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.errors else 0


def file_kind(path: str, config=None) -> str:
    """'wizard' for pjsip_wizard.conf (or a file whose sections are wizards), else 'pjsip'."""
    base = os.path.basename(path).lower()
    if "wizard" in base:
        return "wizard"
    if base.startswith("pjsip"):
        return "pjsip"
    if config is not None:
        from pjtui.pjsip.model import build

        m = build(config)
        wiz = sum(1 for e in m.sections if e.is_wizard)
        typed = sum(1 for e in m.sections if not e.template and e.object_type not in (None, "wizard"))
        return "wizard" if wiz > typed else "pjsip"
    return "pjsip"


def check_paths(paths: list[str], *, pjsip: str | None = None, hosts: str | None = None,
                confdir: str | None = None, phoneprov: str | None = None,
                resolver: Resolver | None = None, file_type: str | None = None) -> Report:
    """Check files as Asterisk would load them, each with its context.

    A pjsip_wizard.conf is checked with the pjsip.conf beside it (or ``pjsip``), and a
    pjsip.conf with the pjsip_wizard.conf beside it; the phoneprov.conf beside them, when
    present, supplies the profile names; ``resolver`` (:mod:`pjtui.io.resolver`), or else
    ``hosts`` (a hosts(5) file), decides which host names resolve (neither: every name
    counts as resolving).  Only problems in the named files (and their includes) are reported.
    ``file_type`` ("wizard" or "pjsip") reads every path as that kind of file, whatever
    its name (a temporary file of Ansible's ``validate:``); else :func:`file_kind` decides.
    """
    from pjtui.conf.loader import LoadError, load
    from pjtui.pjsip.model import build
    from pjtui.pjsip.loaded import expansion_of

    report = Report()
    if resolver is None and hosts:
        resolver = hosts_file_resolver(hosts)
    loaded: dict[str, object] = {}

    def get(path):
        key = os.path.abspath(path)
        if key not in loaded:
            try:
                loaded[key] = load(key, confdir)
            except LoadError as exc:
                loaded[key] = exc
        return loaded[key]

    given = []
    for path in paths:
        cfg = get(path)
        if isinstance(cfg, LoadError):
            report.unreadable.append((path, str(cfg)))
            continue
        given.append((path, cfg, file_type or file_kind(path, cfg)))
    wizard_given = [g for g in given if g[2] == "wizard"]
    pjsip_given = [g for g in given if g[2] == "pjsip"]
    if pjsip:
        pcfg = get(pjsip)
        if isinstance(pcfg, LoadError):
            report.unreadable.append((pjsip, str(pcfg)))
            pcfg = None
    else:
        pcfg = None
    for path, cfg, kind in given:
        notes: list[Problem] = []
        directory = os.path.dirname(os.path.abspath(path))
        if kind == "wizard":
            wcfg = cfg
            other = pcfg
            if other is None and pjsip_given:
                other = pjsip_given[0][1]
            if other is None and not pjsip:
                beside = os.path.join(directory, "pjsip.conf")
                if os.path.isfile(beside):
                    got = get(beside)
                    other = None if isinstance(got, LoadError) else got
            if other is None:
                notes.append(Problem("no-context", cfg.root.name, 1, "",
                                     "No pjsip.conf was read with this file, so transports and name "
                                     "collisions with pjsip.conf objects are not checked.",
                                     "Put pjsip.conf beside it or pass --pjsip FILE."))
            pj = other
        else:
            pj = cfg
            wcfg = wizard_given[0][1] if wizard_given else None
            if wcfg is None:
                beside = os.path.join(directory, "pjsip_wizard.conf")
                if os.path.isfile(beside) and os.path.abspath(beside) != os.path.abspath(path):
                    got = get(beside)
                    wcfg = None if isinstance(got, LoadError) else got
        if wcfg is not None and pj is not None:
            report.context[path] = (pj if kind == "wizard" else wcfg).root.name
        pp = phoneprov or os.path.join(directory, "phoneprov.conf")
        profiles = read_profiles(pp) if os.path.isfile(pp) else None
        wmodel = build(wcfg) if wcfg is not None else None
        pmodel = build(pj) if pj is not None else None
        # host names looked up at once, before the rules ask one by one
        expansion = expansion_of(wmodel, pmodel, resolver=resolver, profiles=profiles) if wmodel is not None else None
        checker = Checker(wmodel, pmodel, resolver=resolver, profiles=profiles, expansion=expansion,
                          wizard_diagnostics=wcfg.diagnostics if wcfg is not None else (),
                          pjsip_diagnostics=pj.diagnostics if pj is not None else (), notes=notes)
        mine = set(cfg.documents)
        report.files.append(path)
        for p in checker.run():
            if p.file in mine:
                report.problems.append(p)
        report.expansions[path] = checker.expansion
    shown = {}
    for path in paths:
        shown[os.path.abspath(path)] = path
    seen = set()
    unique = []
    for p in report.problems:
        p.file = shown.get(p.file, p.file)
        k = (p.file, p.line, p.code, p.section, p.message)
        if k not in seen:
            seen.add(k)
            unique.append(p)
    report.problems = unique
    return report


def load_context(path: str, *, pjsip: str | None = None, confdir: str | None = None):
    """(kind, wizard Config | None, pjsip Config | None) for ``path`` and its partner.
    Raises :class:`pjtui.conf.loader.LoadError` when ``path`` (or ``pjsip``) can't be read;
    an unreadable partner found beside it is skipped."""

    from pjtui.conf.loader import load

    cfg = load(path, confdir)
    kind = file_kind(path, cfg)
    other = load_partner(path, kind, pjsip if kind == "wizard" else None, confdir)
    return (kind, cfg, other) if kind == "wizard" else (kind, other, cfg)
