"""What a section's form shows: its tabs, rows, values and where each comes from.

Built from the model and the catalogue; no widgets and no Textual here, so it is tested
synchronously (``form_data`` for the tabs and title, ``build_rows`` for one tab).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from pjtui.pjsip.catalogue import (  # _CUSTOM_BOOLS: no public "parses as a boolean" yet
    _CUSTOM_BOOLS, WIZARD_PREFIXES, Catalogue, Param, catalogue,
)
from pjtui.pjsip.model import file_of, lines_of
from pjtui.ui.session import is_secret

if TYPE_CHECKING:
    from pjtui.conf import Section
    from pjtui.pjsip.model import Effective, Model
    from pjtui.pjsip.wizard import Expansion


@dataclass(frozen=True)
class TabSpec:
    key: str               # "wizard", "endpoint", "inbound_auth", ..., "raw", or a pjsip type
    label: str
    short: str             # label when the full ones do not fit (80 columns)
    prefix: str | None     # wizard pass-through prefix ("endpoint"), None otherwise
    type: str | None       # catalogue object type of the parameters


WIZARD_TABS = (
    TabSpec("wizard", "Wizard", "Wiz", None, "wizard"),
    TabSpec("endpoint", "Endpoint", "Endp", "endpoint", "endpoint"),
    TabSpec("aor", "AOR", "AOR", "aor", "aor"),
    TabSpec("inbound_auth", "Inbound auth", "In-auth", "inbound_auth", "auth"),
    TabSpec("outbound_auth", "Outbound auth", "Out-auth", "outbound_auth", "auth"),
    TabSpec("identify", "Identify", "Ident", "identify", "identify"),
    TabSpec("registration", "Registration", "Reg", "registration", "registration"),
    TabSpec("phoneprov", "Phoneprov", "Prov", "phoneprov", "phoneprov"),
)
RAW_TAB = TabSpec("raw", "Raw", "Raw", None, None)
_TYPE_LABELS = {"aor": "AOR", "acl": "ACL", "auth": "Auth", "domain_alias": "Domain alias",
                "resource_list": "Resource list"}


def _type_tab(type_name: str) -> TabSpec:
    label = _TYPE_LABELS.get(type_name, type_name.replace("_", " ").replace("-", " ").capitalize())
    return TabSpec(type_name, label, label, None, type_name)


@dataclass
class Row:
    """One line of the list: a parameter with its effective value and origin."""

    key: str                       # the name to post: "endpoint/context", "context"
    label: str                     # the name shown: "context"
    value: str | None              # effective value; None when nothing is written
    origin: str                    # "own" | "inherited" | "wizard" | "default" | "heading" | "add"
    where: str = ""                # "user:5" (inherited), "12" (own line), rule (wizard)
    param: Param | None = None
    own_lines: tuple[int, ...] = ()
    reset_value: str | None = None   # what the value becomes after ↺
    reset_where: str = ""            # "user:5" or "default"
    secret: bool = False
    unknown: bool = False
    suggestion: str | None = None    # "did you mean" for an unknown name
    issue: str | None = None         # first validation message
    severity: str | None = None      # "error" | "warning"
    lines: int = 1                   # how many lines make the value (accumulating lists)
    option: object | None = None     # Raw tab: the conf Option
    sources: tuple[tuple[str, int], ...] = ()   # (file, line) of every line behind the value
    in_append_blocks: tuple = ()     # own Options written in [name](+) blocks, not the header's
    own_value: str | None = None     # the value of the last own line (what the editor edits)
    adds_to: str = ""                # accumulating: where the inherited lines it adds to are

    @property
    def accumulates(self) -> bool:
        """Asterisk adds each line to the ones before (allow, contact, match…)."""
        return self.option is None and self.param is not None and bool(self.param.accumulates)

    @property
    def edited_value(self) -> str | None:
        """What the editor shows and typing replaces: the own line only for a list that adds up."""
        return self.own_value if self.accumulates else self.value

    @property
    def selectable(self) -> bool:
        return self.origin != "heading"

    @property
    def signature(self) -> tuple:
        """Everything that changes how the row looks."""
        return (self.key, self.label, self.value, self.origin, self.where, self.reset_value,
                self.secret, self.unknown, self.severity, self.lines, bool(self.own_lines),
                self.option is not None, self.param.kind if self.param is not None else None, self.issue)

    @property
    def resettable(self) -> bool:
        return bool(self.own_lines) and self.origin == "own" and self.option is None


@dataclass
class FormData:
    """Everything the widget shows for one section."""

    section: "Section | None"
    title: str = ""
    tabs: tuple[TabSpec, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)    # tab key -> rows with a value
    affects: list[str] = field(default_factory=list)        # sections a template changes
    effective: "Effective | None" = None
    expansion: "Expansion | None" = None                      # what the wizard makes, if known
    problems: tuple = ()                                      # pjtui.pjsip.checks Problems of it


def affected_sections(model: "Model", eff: "Effective") -> list[str]:
    """Names of the sections that inherit from ``eff``, directly or through others, in
    load order."""
    children = model.children_index()
    seen: set[int] = {id(eff)}
    found = []
    stack = list(children.get(id(eff), ()))
    while stack:
        other = stack.pop()
        if id(other) not in seen:
            seen.add(id(other))
            found.append(other)
            stack.extend(children.get(id(other), ()))
    found.sort(key=lambda e: e.index)
    return [e.name for e in found]


def _is_wizardish(eff: "Effective") -> bool:
    if eff.is_wizard:
        return True
    for entry in eff.vars:
        if entry.value == "wizard" and "type" in entry.key:
            return True
        slash = entry.key.find("/")
        if slash > 0 and entry.key[:slash] in WIZARD_PREFIXES:
            return True
    return False


def form_data(section: "Section | None", model: "Model | None",
              expansion: "Expansion | None" = None, problems=()) -> FormData:
    """The tabs, title and counts for ``section`` (cheap: rows are built per tab)."""
    if section is None or model is None:
        return FormData(section=None, title="No section selected")
    eff = model.of(section)
    if eff is None:
        return FormData(section=section, title=f"[{section.name}]", tabs=(RAW_TAB,))
    cat = catalogue()
    if _is_wizardish(eff):
        tabs = WIZARD_TABS + (RAW_TAB,)
        kind = "wizard template" if eff.template else "wizard"
    else:
        otype = (eff.object_type or "").strip().lower()
        if otype and cat.type(otype) is not None and otype != "wizard":
            tabs = (_type_tab(otype), RAW_TAB)
            kind = f"{otype} template" if eff.template else otype
        else:
            tabs = (RAW_TAB,)
            kind = "template" if eff.template else (f"type {otype}?" if otype else "no type")
    title = f"{eff.name} ─ {kind}"
    if eff.parents or eff.missing_parents:
        title += ", inherits " + ", ".join([p.name for p in eff.parents]
                                           + [f"{name} (not defined!)" for name in eff.missing_parents])
    affects = affected_sections(model, eff)
    counts = _tab_counts(eff, tabs, cat)
    return FormData(section=eff.section, title=title, tabs=tabs, counts=counts,
                    affects=affects, effective=eff,
                    expansion=expansion if eff.is_wizard else None, problems=tuple(problems or ()))


def tab_of(key: str, tabs: tuple[TabSpec, ...]) -> str | None:
    slash = key.find("/")
    if len(tabs) > 2 or (tabs and tabs[0].key == "wizard"):
        if slash > 0 and key[:slash] in WIZARD_PREFIXES:
            return key[:slash] if key[slash + 1:] else None
        return "wizard"
    return tabs[0].key if len(tabs) > 1 else None


def _tab_counts(eff: "Effective", tabs: tuple[TabSpec, ...], cat: Catalogue) -> dict[str, int]:
    names: dict[str, set[str]] = {}
    for entry in eff.vars:
        tab = tab_of(entry.key, tabs)
        if tab is not None:
            names.setdefault(tab, set()).add(entry.key.lower())
    counts = {tab: len(keys) for tab, keys in names.items()}
    counts["raw"] = sum(len(s.options) for s in eff.own_sections())
    return counts


def _where(eff: "Effective", entry) -> tuple[str, str]:
    """(origin kind, where text) of one entry of ``eff.vars``."""
    origin = eff.origin(entry)
    if origin.kind in ("own", "append"):
        return "own", str(entry.line)
    source = origin.where.name if origin.where is not None else "?"
    return "inherited", f"{source}:{entry.line}"


# Which generated object a tab's pass-through lines feed (by type and name suffix).
_TAB_OBJECTS = {"endpoint": ("endpoint", ""), "aor": ("aor", ""), "inbound_auth": ("auth", "-iauth"),
                "outbound_auth": ("auth", "-oauth"), "identify": ("identify", "-identify"),
                "registration": ("registration", None), "phoneprov": ("phoneprov", "-phoneprov")}


def _rule_text(rule: str) -> str:
    return "the section name" if rule == "wizard name" else rule


def _wizard_made(data: FormData, tab: TabSpec) -> tuple[dict[str, tuple[str, str]], dict[int, tuple[str, str]]]:
    """What the wizard itself writes into the objects of ``tab``.

    Returns (made, replaced): ``made`` maps a parameter name (lower case) to (value,
    rule) for the values the wizard adds that take effect; ``replaced`` maps id() of a
    pass-through line to (value, rule) when the wizard applies its own value after it
    (``endpoint/aors`` always gives way to ``aors = ID``, spec §4.3)."""
    made: dict[str, tuple[str, str]] = {}
    replaced: dict[int, tuple[str, str]] = {}
    expansion, eff = data.expansion, data.effective
    if expansion is None or eff is None or tab.key not in _TAB_OBJECTS:
        return made, replaced
    from pjtui.pjsip.wizard import Derived

    otype, suffix = _TAB_OBJECTS[tab.key]
    for obj in expansion.of_wizard(eff.name):
        if obj.type != otype or (suffix is not None and obj.name != eff.name + suffix):
            continue
        params = obj.params
        over = obj.overridden()
        final: dict[str, object] = {}
        for param, replaced_later in zip(params, over):
            if not replaced_later:
                final[param.key.lower()] = param
        for param, replaced_later in zip(params, over):
            low = param.key.lower()
            if param.key.startswith("@") or low == "type":
                continue
            if isinstance(param.source, Derived):
                if not replaced_later:
                    rule = _rule_text(param.source.rule)
                    if low in made and param.value not in made[low][0].split(", "):
                        made[low] = (made[low][0] + ", " + param.value, rule)   # one per host
                    elif low not in made:
                        made[low] = (param.value, rule)
            elif replaced_later:
                winner = final.get(low)
                if winner is not None and isinstance(winner.source, Derived):
                    replaced[id(param.source)] = (winner.value, _rule_text(winner.source.rule))
    return made, replaced


def build_rows(data: FormData, tab: TabSpec) -> list[Row]:
    """Rows of one tab: values written (own or inherited), "+ add", then the defaults."""
    eff = data.effective
    if eff is None:
        return []
    if tab.key == "raw":
        return _with_problems(_raw_rows(eff, data.tabs[0].type if data.tabs else None), data.problems)
    cat = catalogue()
    otype = cat.type(tab.type) if tab.type else None
    groups: dict[str, list] = {}
    for entry in eff.vars:
        key = entry.key
        if tab.prefix is not None:
            if not key.startswith(tab.prefix + "/"):
                continue
            name = key[len(tab.prefix) + 1:]
            if not name:
                continue
        elif tab.key == "wizard":
            slash = key.find("/")
            if slash > 0 and key[:slash] in WIZARD_PREFIXES:
                continue
            name = key
        else:
            name = key
        groups.setdefault(name.lower(), []).append(entry)

    made, replaced = _wizard_made(data, tab)
    rows: list[Row] = []
    for entries in groups.values():
        row = _value_row(eff, tab, otype, cat, entries)
        by_wizard = replaced.get(id(entries[-1]))
        if by_wizard is not None and not row.issue:
            row.issue = f"the wizard replaces this with '{by_wizard[0]}' (from {by_wizard[1]}): this line has no effect"
            row.severity = "warning"
        rows.append(row)
    for low, (value, rule) in made.items():
        if low in groups:
            continue
        param = otype.param(low) if otype is not None else None
        name = param.name if param is not None else low
        rows.append(Row(key=f"{tab.prefix}/{name}", label=name, value=value, origin="wizard",
                        where=rule, param=param, secret=is_secret(name)))
    rows.append(Row(key="", label="+ add parameter…", value=None, origin="add"))
    defaults: list[Row] = []
    if otype is not None:
        for param in sorted(otype.params.values(), key=lambda p: p.name):
            if ("*" in param.name or param.name.lower() in groups or param.name.lower() in made
                    or param.kind == "none"):
                continue
            if tab.prefix is not None and param.name == "type":
                continue            # the wizard writes type itself
            full = f"{tab.prefix}/{param.name}" if tab.prefix else param.name
            defaults.append(Row(key=full, label=param.name, value=None, origin="default",
                                param=param, secret=is_secret(param.name),
                                reset_value=param.default, reset_where="default"))
    if defaults:
        rows.append(Row(key="", label="not set ─ Asterisk's defaults", value=None, origin="heading"))
        rows.extend(defaults)
    return _with_problems(rows, data.problems)


_SEVERITY_RANK = {"error": 3, "warning": 2, "hint": 1}


def _with_problems(rows: list[Row], problems) -> list[Row]:
    """Put each problem of the checks on the row of the line (or name) it is about."""
    every_source = {source for row in rows for source in row.sources}
    for problem in problems:
        rank = _SEVERITY_RANK.get(problem.severity, 0)
        key = (problem.key or "").lower()
        on_a_row = (problem.file, problem.line) in every_source
        for row in rows:
            if not row.key:
                continue
            hit = (problem.file, problem.line) in row.sources
            if not hit and key and not on_a_row:
                hit = row.key.lower() == key     # said of the section (header line): by name
            if hit and rank > _SEVERITY_RANK.get(row.severity or "", 0):
                row.severity = problem.severity
                row.issue = problem.message + (f" {problem.fix}" if problem.fix else "")
    return rows


def _value_row(eff, tab: TabSpec, otype, cat: Catalogue, entries: list) -> Row:
    last = entries[-1]
    key = last.key
    name = key[len(tab.prefix) + 1:] if tab.prefix else key
    param = otype.param(name) if otype is not None else None
    kind, where = _where(eff, last)
    accumulates = bool(param is not None and param.accumulates)
    if accumulates and len(entries) > 1:
        value = " + ".join(e.value for e in entries)
    else:
        value = last.value
    own_lines, inherited, appended, own_value, inherited_values = [], None, [], None, []
    for entry in entries:
        k, w = _where(eff, entry)
        if k == "own":
            own_lines.append(entry.line)
            own_value = entry.value
            appended.extend(o for o in lines_of(entry) if o.section is not eff.section)
        else:
            inherited = (entry, w)
            inherited_values.append(entry.value)
    row = Row(key=key, label=name, value=value, origin=kind, where=where, param=param,
              own_lines=tuple(own_lines), secret=is_secret(name), in_append_blocks=tuple(appended),
              lines=len(entries) if accumulates else 1, own_value=own_value,
              sources=tuple((file_of(o), o.line) for e in entries for o in lines_of(e)))
    if inherited is not None:
        row.reset_value, row.reset_where = inherited[0].value, "← " + inherited[1]
        if accumulates:
            row.reset_value = " + ".join(inherited_values)
            row.adds_to = inherited[1]
    elif param is not None:
        row.reset_value, row.reset_where = param.default, "default"
    else:
        row.reset_where = "nothing (the line goes)"
    if otype is not None and param is None and not otype.accepts(name):
        row.unknown = True
        if tab.key == "wizard" and "/" in name:
            prefix, _, rest = name.partition("/")
            fixed = prefix.lower() if prefix.lower() in WIZARD_PREFIXES else None
            row.suggestion = f"{fixed}/{rest}" if fixed else None
            row.issue = (f"'{prefix}/' is not a wizard prefix (they are case-sensitive): "
                         "Asterisk ignores this line")
        else:
            hits = _suggest(otype.name, name)
            row.suggestion = (tab.prefix + "/" + hits[0]) if hits and tab.prefix else (hits[0] if hits else None)
            what = "wizard option" if tab.key == "wizard" else f"{otype.name} parameter"
            row.issue = f"'{name}' is not a {what}"
        row.severity = "error" if tab.key != "wizard" else "warning"
        if row.suggestion:
            row.issue += f" ─ did you mean {row.suggestion}?"
    elif param is not None:
        issues = param.validate(last.value)
        if issues:
            row.issue, row.severity = issues[0].message, issues[0].severity
    return row


@lru_cache(maxsize=4096)
def _suggest(type_name: str, name: str) -> tuple[str, ...]:
    """Did-you-mean is slow (difflib): remember it, the same names come back every refresh."""
    return tuple(catalogue().suggest(type_name, name))


def _raw_rows(eff, type_name: str | None) -> list[Row]:
    cat = catalogue()

    def param_of(key: str) -> Param | None:     # for the help line only
        if type_name == "wizard":
            return cat.wizard_option(key).param
        return cat.param(type_name, key) if type_name else None

    rows = []
    for section in eff.own_sections():
        if section is not eff.section:
            rows.append(Row(key="", label=f"[{section.name}](+) line {section.line}", value=None,
                            origin="heading"))
        for option in section.options:
            rows.append(Row(key=option.key, label=option.key, value=option.value, origin="own",
                            where=str(option.line), own_lines=(option.line,), param=param_of(option.key),
                            secret=is_secret(option.key), option=option,
                            sources=((file_of(option), option.line),)))
    if not rows:
        rows.append(Row(key="", label="(no lines in this section)", value=None, origin="heading"))
    return rows


def is_bool(param: Param | None) -> bool:
    """yes/no parameters, including the custom-handled ones that parse with ast_true."""
    return param is not None and (param.kind == "bool" or (param.kind == "custom" and param.name in _CUSTOM_BOOLS))
