"""What a problem is, and the one table of every problem code.

A rule is a function in a family module, declared where it is written::

    @rule("wizard-registrations-refused", "error", "accepts_registrations without max_contacts",
          spec="Z7", scope=WIZARD, reads=("accepts_registrations", "aor/max_contacts"))
    def registrations_accepted(ctx, w, file, line): ...

The first ``@rule`` of a code declares it (severity, one-line summary, the spec id of
``shared/spec`` it implements); a rule that emits a code declared elsewhere names only
the code.  Stacked ``@rule`` lines say that one function emits several codes (one of
them names the scope).  The engine (:mod:`.engine`) runs every rule of a scope;
``pjtui check --codes``, the README's table and ``CHECKS`` are made from this table.

``reads=`` (WIZARD rules): every wizard key, ``prefix/name`` in lower case, whose value
the rule reads.  The engine remembers that a wizard had no problem by a signature of its
lines, where a key no rule reads (``pjtui.pjsip.wizard.PRESENCE_KEYS``) counts only as
set or empty: a rule that reads such a key by value would be skipped for the wizard's
siblings (tests/test_checks_registry.py keeps the two apart).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

SEVERITIES = ("error", "warning", "hint")

# Where a rule runs, and with which arguments (see the engine for when).
FILE = "file"                   # fn(ctx): each file's diagnostics and model errors
SECTION = "section"             # fn(ctx, eff): every section of either file, first
PJSIP_TYPE = "pjsip-type"       # fn(ctx, eff, t, file, line): a pjsip.conf object's type line(s)
PJSIP_LINES = "pjsip-lines"     # fn(ctx, eff, t): a pjsip.conf section's own option lines
PJSIP_OBJECT = "pjsip-object"   # fn(ctx, eff, t, file, line): one pjsip.conf object (``types=``)
PJSIP_FILE = "pjsip-file"       # fn(ctx): pjsip.conf as a whole
WIZARD_LINE = "wizard-line"     # fn(ctx, e, opt, section): one own line; depends on key and value only
WIZARD = "wizard"               # fn(ctx, w, file, line): one wizard; memoised, so declare ``reads=``
WIZARD_EACH = "wizard-each"     # fn(ctx, eff): one wizard, never memoised (names of other objects)
NON_WIZARD = "non-wizard"       # fn(ctx, eff, file, line): a non-wizard section of pjsip_wizard.conf
WIZARD_FILE = "wizard-file"     # fn(ctx): pjsip_wizard.conf as a whole
LOG = "log"                     # fn(ctx, found): what the expansion logged that no rule explains
IDENTIFY = "identify"           # the identify overlap sweep (the engine reuses its last result)
GLOBAL = "global"               # fn(ctx): both files together
SCOPES = (FILE, SECTION, PJSIP_TYPE, PJSIP_LINES, PJSIP_OBJECT, PJSIP_FILE, WIZARD_LINE, WIZARD,
          WIZARD_EACH, NON_WIZARD, WIZARD_FILE, LOG, IDENTIFY, GLOBAL)


@dataclass(frozen=True)
class Code:
    """One problem code: stable, scripts and the UI key on it."""

    code: str
    severity: str
    summary: str
    spec: str = ""            # the id of shared/spec it implements (Z7, R14, O9/Z18 ...)
    family: str = ""          # the module that declares it
    position: tuple = ()      # where in that module (the order of a table of codes)


@dataclass
class Rule:
    """A function that finds problems, and what it needs."""

    fn: Callable
    scope: str | None
    codes: list
    reads: frozenset          # wizard keys ("prefix/name", lower case) whose value it reads
    reads_unmemoised: frozenset  # ... only of wizards the engine never memoises
    types: frozenset | None   # PJSIP_OBJECT: the object types it is for (None: every type)


#: code -> its declaration, in declaration order (family by family)
CODES: dict[str, Code] = {}
#: every rule, in registration order
RULES: list[Rule] = []
_BY_FN: dict[int, Rule] = {}


def rule(code: str, severity: str | None = None, summary: str | None = None, *, spec: str = "",
         scope: str | None = None, reads=(), reads_unmemoised=(), types=None):
    """Register the decorated function as a rule emitting ``code`` (see the module doc)."""
    if severity is not None:
        if code in CODES:
            raise ValueError(f"problem code {code!r} declared twice")
        if severity not in SEVERITIES:
            raise ValueError(f"{code}: severity {severity!r} is not one of {SEVERITIES}")
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"{code}: unknown scope {scope!r}")

    def register(fn):
        got = _BY_FN.get(id(fn))
        if got is None:
            got = _BY_FN[id(fn)] = Rule(fn, scope, [], frozenset(), frozenset(), None)
            RULES.append(got)
        if severity is not None:
            # decorators apply bottom-up: the upper a line, the earlier it sorts
            CODES[code] = Code(code, severity, summary or "", spec, fn.__module__.rsplit(".", 1)[-1],
                               (fn.__code__.co_firstlineno, -len(got.codes)))
        if scope is not None:
            if got.scope is not None and scope != got.scope:
                raise ValueError(f"{fn.__qualname__}: one function, one scope")
            got.scope = scope
        if types is not None:
            got.types = frozenset(types)
        got.codes.insert(0, code)           # decorators apply bottom-up: keep them in reading order
        got.reads = got.reads | frozenset(k.lower() for k in reads)
        got.reads_unmemoised = got.reads_unmemoised | frozenset(k.lower() for k in reads_unmemoised)
        return fn

    return register


def declare(code: str, severity: str, summary: str, *, spec: str = "", family: str = "") -> None:
    """A code that no single rule function owns (made by the engine or by several rules)."""
    if code in CODES:
        raise ValueError(f"problem code {code!r} declared twice")
    CODES[code] = Code(code, severity, summary, spec, family, (sys._getframe(1).f_lineno, 0))


def rules(scope: str) -> list[Rule]:
    return [r for r in RULES if r.scope == scope]


def problems_in_registry() -> list[str]:
    """What is wrong with the table itself (a test keeps this empty)."""
    out = [f"{r.fn.__qualname__} has no scope" for r in RULES if r.scope is None]
    out += [f"{r.fn.__qualname__} emits {c!r}, which no rule declares" for r in RULES for c in r.codes
            if c not in CODES]
    return out


def read_keys() -> frozenset:
    """Every wizard key whose value some rule reads in a wizard the engine may memoise
    (the union of ``reads=``): none of them may be in the wizard's ``PRESENCE_KEYS``,
    which enter the memo's signature only as "set or empty"."""
    out: frozenset = frozenset()
    for r in RULES:
        out |= r.reads
    return out


#: the order of the families in the table: from the text of the files to what it means
FAMILIES = ("syntax", "values", "objects", "references", "preconditions", "hosts", "collisions", "security",
            "phoneprov")


def ordered() -> list[Code]:
    """Every code, family by family, in the order the family's module declares them."""
    rank = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(CODES.values(), key=lambda c: (rank.get(c.family, len(rank)), c.family, c.position))


class Problem:
    """One finding.  ``message`` says what is wrong and what Asterisk will do; ``fix``
    says what to change."""

    __slots__ = ("code", "severity", "file", "line", "section", "message", "fix", "key")

    def __init__(self, code: str, file: str, line: int, section: str, message: str,
                 fix: str = "", key: str | None = None, severity: str | None = None):
        self.code = code
        self.severity = severity or CODES[code].severity
        self.file = file
        self.line = line
        self.section = section
        self.message = message
        self.fix = fix
        self.key = key

    def text(self) -> str:
        where = f"[{self.section}] " if self.section else ""
        fix = f" {self.fix}" if self.fix else ""
        return f"{where}{self.message}{fix}"

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.code}: {self.text()}"

    def to_dict(self) -> dict:
        c = CODES.get(self.code)
        return {"code": self.code, "severity": self.severity, "file": self.file, "line": self.line,
                "section": self.section, "key": self.key, "message": self.message, "fix": self.fix,
                "spec": c.spec if c is not None else ""}

    def sort_key(self):
        return (self.file, self.line, SEVERITIES.index(self.severity), self.code, self.message)

    def __repr__(self) -> str:
        return f"Problem({self.format()!r})"
