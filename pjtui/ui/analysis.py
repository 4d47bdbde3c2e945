"""What the loaded files mean and what is wrong with them, computed off the UI thread.

No Textual here.  ``analyse`` reads models that were built on the UI thread; edits made
meanwhile replace the documents' Section objects and leave the old ones alone, so the
analysis stays consistent with the generation it was started for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pjtui.pjsip.wizard import Expansion, expand
from pjtui.ui.problems import Counts, Problem

SectionKey = tuple[str, str, int]


def section_keys(sections) -> dict[int, SectionKey]:
    """A key for each section that survives edits elsewhere: (file, name, n-th of that name)."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    keys = {}
    for section in sections:
        pair = (section.doc.name, section.name.lower())
        keys[id(section)] = (*pair, seen[pair])
        seen[pair] += 1
    return keys


def key_of(section) -> SectionKey:
    """The key of one section, computed from its document."""
    n = 0
    lowered = section.name.lower()
    for other in section.doc.sections:
        if other is section:
            break
        if other.name.lower() == lowered:
            n += 1
    return (section.doc.name, lowered, n)


def find_by_key(documents, key: SectionKey):
    name, lowered, n = key
    for doc in documents:
        if doc.name != name:
            continue
        count = 0
        for section in doc.sections:
            if section.name.lower() == lowered:
                if count == n:
                    return section
                count += 1
    return None


@dataclass
class Analysis:
    generation: int
    expansion: Expansion | None
    problems: list[Problem]
    counts: dict[SectionKey, Counts] = field(default_factory=dict)


def _severity(level: str) -> str:
    return {"ERROR": "error", "WARNING": "warning"}.get(level.upper(), "hint")


def wizard_problem(log, section) -> Problem:
    """A line Asterisk would log while expanding a wizard, as a problem of ``section``."""
    entry = log.entry
    where = getattr(entry, "section", None) or section
    line = getattr(entry, "line", None) or (where.line if where is not None else 0)
    file = where.doc.name if where is not None else ""
    return Problem(_severity(log.level), log.message, file, line, section=where,
                   key=getattr(entry, "key", None), code="wizard:" + log.source)


def analyse(generation: int, main_config, main_model, context_config, context_model, wizard_file: bool) -> Analysis:
    problems: list[Problem] = []
    seen: set[tuple] = set()
    docs = {}
    for config in (main_config, context_config):
        if config is not None:
            docs.update(config.documents)

    def add(problem: Problem) -> None:
        marker = (problem.file, problem.line, problem.message)
        if marker in seen:
            return
        seen.add(marker)
        if problem.section is None and problem.line:
            doc = docs.get(problem.file)
            if doc is not None:
                problem.section = doc.section_containing(problem.line)
        problems.append(problem)

    for config in (main_config, context_config):
        if config is None:
            continue
        for diag in config.diagnostics:
            add(Problem("error" if diag.fatal else "warning", diag.message, diag.file, diag.line, code=diag.code))
    for model in (main_model, context_model):
        if model is None:
            continue
        for error in model.errors:
            add(Problem("error", error.message, error.file, error.line, section=error.section, code=error.code))

    expansion = None
    if wizard_file:
        expansion = expand(main_model, pjsip=context_model, filename=Path(main_config.root.name).name)
        by_name = {w.name: w for w in expansion.wizards}
        for log in expansion.log:
            wizard = by_name.get(log.wizard) if log.wizard else None
            problem = wizard_problem(log, wizard.eff.section if wizard is not None else None)
            if not problem.file:
                problem.file = main_config.root.name
            add(problem)

    keys = section_keys(
        [s for config in (main_config, context_config) if config is not None for doc in config.documents.values() for s in doc.sections]
    )
    counts: dict[SectionKey, Counts] = {}
    for problem in problems:
        if problem.section is None:
            continue
        key = problem.section_key = keys.get(id(problem.section))
        if key is None:
            continue
        one = Counts(problem.severity == "error", problem.severity == "warning", problem.severity == "hint")
        counts[key] = counts.get(key, Counts()) + one
    return Analysis(generation, expansion, problems, counts)
