"""What the loaded files mean and what is wrong with them, computed off the UI thread.

No Textual here.  ``analyse`` reads models that were built on the UI thread; edits made
meanwhile replace the documents' Section objects and leave the old ones alone, so the
analysis stays consistent with the generation it was started for.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from pjtui.pjsip.checks import Checker
from pjtui.pjsip.model import build
from pjtui.pjsip.loaded import expansion_of
from pjtui.pjsip.wizard import Expansion
from pjtui.ui.problem_data import Counts, Problem

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
    # The Checker that found ``problems`` on the editor's own models: kept so that an
    # edit re-checks only what it changed (:func:`recheck`).  None for a check of a
    # snapshot, whose models are thrown away with it.
    checker: Checker | None = None
    # The key of each section of each document, in file order (:func:`key_lists`): edits
    # of option lines keep every header's name and order, so a re-check reuses them.
    keys: dict[str, list[SectionKey]] | None = None


# Checks that need the whole file: left out of the live per-section check (they would see
# only the section's own chain) and taken from the last full analysis instead.
WHOLE_FILE_CODES = frozenset((
    "dangling-reference", "identify-overlap", "shared-aor", "wizard-duplicate", "duplicate-object",
    "duplicate-singleton", "no-transport", "default-outbound-endpoint", "syntax", "syntax-warning",
    "missing-parent", "missing-append-target", "exec-not-run", "file-unreadable", "no-context",
))


def key_lists(docs: dict) -> dict[str, list[SectionKey]]:
    """For each document (by name), the key of each of its sections, in file order."""
    out = {}
    for name, doc in docs.items():
        seen: dict[str, int] = defaultdict(int)
        keys = out[name] = []
        for section in doc.sections:
            lowered = section.name.lower()
            keys.append((name, lowered, seen[lowered]))
            seen[lowered] += 1
    return out


def _index_containing(doc, line: int) -> int | None:
    """Index in ``doc.sections`` of the section whose header is nearest at or above ``line``."""
    index = bisect_right(doc.sections, line, key=_header_line) - 1
    return index if index >= 0 else None


def _header_line(section) -> int:
    return section.line


def convert(found, docs: dict, keys: dict[str, list[SectionKey]]) -> Problem:
    """A pjtui.pjsip.checks problem as the UI shows it, tied to the conf Section it is in."""
    doc = docs.get(found.file)
    index = _index_containing(doc, found.line) if doc is not None and found.line else None
    section = key = None
    if index is not None:
        section, key = doc.sections[index], keys[found.file][index]
    return Problem(found.severity, found.message, found.file, found.line, section=section,
                   key=found.key, code=found.code, fix=found.fix, section_key=key)


def _documents(*configs) -> dict:
    docs = {}
    for config in configs:
        if config is not None:
            docs.update(config.documents)
    return docs


def analyse(generation: int, main_config, main_model, context_config, context_model, wizard_file: bool) -> Analysis:
    """Expand every wizard and run every check (seconds on 10,000 sections: run it in a thread)."""
    wizard, pjsip = (main_model, context_model) if wizard_file else (context_model, main_model)
    expansion = None
    if wizard is not None:
        expansion = expansion_of(wizard, pjsip)     # the expansion pjtui expand and check make
    checker = Checker(wizard=wizard, pjsip=pjsip, expansion=expansion)
    return _analysis(generation, expansion, checker, checker.run(), main_config, context_config)


def recheck(generation: int, previous: Analysis, effs, main_config, context_config) -> Analysis:
    """The analysis after an edit of option lines, from ``previous`` (on the same models,
    already refreshed: ``Model.refresh`` then ``Expansion.refresh``): only ``effs`` are
    checked again.  Milliseconds where :func:`analyse` takes seconds."""
    found = previous.checker.recheck(effs)
    return _analysis(generation, previous.expansion, previous.checker, found, main_config, context_config,
                     previous.keys)


def _analysis(generation, expansion, checker, found, main_config, context_config, keys=None) -> Analysis:
    docs = _documents(main_config, context_config)
    if keys is None or keys.keys() != docs.keys() or any(len(keys[n]) != len(d.sections) for n, d in docs.items()):
        keys = key_lists(docs)  # (the same number of sections per file: edits of option lines only)
    problems = [convert(p, docs, keys) for p in found]
    counts: dict[SectionKey, Counts] = {}
    for problem in problems:
        key = problem.section_key
        if key is None:
            continue
        one = Counts(problem.severity == "error", problem.severity == "warning", problem.severity == "hint")
        counts[key] = counts.get(key, Counts()) + one
    return Analysis(generation, expansion, problems, counts, checker, keys)


def local_problems(eff, local_model, context_model, expansion, wizard_file: bool) -> list[Problem]:
    """Checks of one section on a model of its own chain: cheap enough for every keystroke."""
    wizard, pjsip = (local_model, context_model) if wizard_file else (None, local_model)
    found = Checker(wizard=wizard, pjsip=pjsip, expansion=expansion if wizard_file else None,
                    wizard_diagnostics=[], pjsip_diagnostics=[]).run()
    own = {(s.doc.name, s.line) for s in eff.own_sections()}
    docs = {s.doc.name: s.doc for s in eff.own_sections()}
    out = []
    for p in found:
        if p.code in WHOLE_FILE_CODES:
            continue
        doc = docs.get(p.file)
        section = doc.section_containing(p.line) if doc is not None and p.line else None
        if section is None or (section.doc.name, section.line) not in own:
            continue
        out.append(Problem(p.severity, p.message, p.file, p.line, section=section, key=p.key,
                           code=p.code, fix=p.fix, section_key=key_of(section)))
    return out


def analyse_snapshot(generation: int, snapshot) -> Analysis:
    """Read the snapshot's lines again and check them: all of it off the UI thread."""
    main, context = snapshot.configs()
    result = analyse(generation, main, build(main), context, build(context) if context is not None else None,
                     snapshot.wizard_file)
    # Its models, expansion and checker describe copies of the documents: the editor
    # cannot re-check from them, so they are not kept (a second full model in memory).
    result.expansion = result.checker = None
    return result
