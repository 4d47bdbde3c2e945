"""The form panes: the parameters of one section, one tab per object it feeds.

Interface for the app (everything else in this module is internal)
-------------------------------------------------------------------
::

    from pjtui.ui.forms import SectionForm

    form = SectionForm(id="form", mask_secrets=True)   # in compose()
    #   docs_dir: Asterisk's XML docs for the full help (h); default
    #             /var/lib/asterisk/documentation, None = short help only
    #   show_title=False: leave out the "6001 ─ wizard, inherits user" line when the
    #             pane's border title already says it
    form.show(section, model, expansion=None, problems=())
                                # after every recompute: conf Section (or None) and the
                                # pjtui.pjsip.model.Model built from the same documents;
                                # expansion: the pjtui.pjsip.wizard.expand() result the
                                # preview uses, to show what the wizard writes itself;
                                # problems: pjtui.pjsip.checks Problems of the section,
                                # shown on the row of their line (✖ ⚠ ℹ + the message);
                                # cheap (~3 ms for 200 parameters) and keeps tab, cursor
                                # and the text being typed when it is the same section
    form.focus_field(key)       # Problems pane "jump to field": "endpoint/context", "Raw:12"
    form.mask_secrets = False   # settings change

The widget never edits the document.  It posts the messages of ``pjtui.ui.messages``
(they bubble to the app):

* ``FieldChanged(section, key, value)`` — typing in a field (live, once per keystroke
  that changes the value; invalid numbers are not sent), a switch toggled, an enum
  picked.  ``key`` is the full name as the file writes it: ``endpoint/context`` in a
  wizard, ``context`` in pjsip.conf.  Overriding an inherited value is just this.
* ``FieldReset(section, key)`` — ↺: drop the own lines so the inherited value applies.
* ``OptionAdded(section, key, value)`` — "+ add parameter…" (also unknown names, after
  "did you mean").
* ``OptionEdited(section, option_line, value)`` / ``OptionRemoved(section, option_line)``
  — the Raw tab, one line at a time.

Keys (binding ids for the keymap in parentheses), active while the list has focus:
enter/e edit (form.edit), space toggle a switch (form.toggle), r reset (form.reset),
a add parameter (form.add), v reveal/mask secrets (form.reveal), h full help
(form.help), left/right or [ ] change tab (form.prev_tab / form.next_tab),
d remove a line in Raw (form.remove).  In an editor: enter or escape go back to the list,
up/down go on editing the previous/next field.

Rows show the effective value and where it comes from: ``← user:5`` (inherited from
template user, line 5), ``own:12`` (written in this section, line 12; ``↺`` resets it),
``wizard`` (written by the wizard itself, e.g. ``aors``), ``default`` (Asterisk's default,
nothing written).  Rows are drawn with the line API (only the visible lines are
rendered) and one editor below the list serves every row, so a section with hundreds
of parameters stays as fast as a small one.

The ``section`` of every message is the header Section of what is shown: selecting a
``[x](+)`` block shows (and edits) the merged ``[x]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, Iterable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.suggester import SuggestFromList, Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch

from pjtui.pjsip.catalogue import (  # _CUSTOM_BOOLS: no public "parses as a boolean" yet
    _CUSTOM_BOOLS,
    CODEC_NAMES, DEFAULT_DOCS_DIR, WIZARD_PREFIXES, Catalogue, Param, catalogue, doc_text, is_true,
)
from pjtui.pjsip.model import file_of, lines_of
from pjtui.ui.messages import FieldChanged, FieldReset, OptionAdded, OptionEdited, OptionRemoved
from pjtui.ui.session import MASK, is_secret

if TYPE_CHECKING:
    from pjtui.conf import Section
    from pjtui.pjsip.model import Effective, Model
    from pjtui.pjsip.wizard import Expansion


# ---------------------------------------------------------------------------------------
# What a tab shows: built from the model and the catalogue, no Textual involved
# ---------------------------------------------------------------------------------------

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


def children_index(model: "Model") -> dict[int, list]:
    """id(parent Effective) -> the Effectives that name it as a parent (one pass)."""
    children: dict[int, list] = {}
    for other in model.sections:
        for parent in other.parents:
            children.setdefault(id(parent), []).append(other)
    return children


def affected_sections(model: "Model", eff: "Effective", children: dict[int, list] | None = None) -> list[str]:
    """Names of the sections that inherit from ``eff``, directly or through others, in
    load order.  Pass ``children_index(model)`` when asking about several sections."""
    if children is None:
        children = children_index(model)
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
              children: dict[int, list] | None = None, expansion: "Expansion | None" = None,
              problems=()) -> FormData:
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
    affects = affected_sections(model, eff, children)
    counts = _tab_counts(eff, tabs, cat)
    return FormData(section=eff.section, title=title, tabs=tabs, counts=counts,
                    affects=affects, effective=eff,
                    expansion=expansion if eff.is_wizard else None, problems=tuple(problems or ()))


def _tab_of(key: str, tabs: tuple[TabSpec, ...]) -> str | None:
    slash = key.find("/")
    if len(tabs) > 2 or (tabs and tabs[0].key == "wizard"):
        if slash > 0 and key[:slash] in WIZARD_PREFIXES:
            return key[:slash] if key[slash + 1:] else None
        return "wizard"
    return tabs[0].key if len(tabs) > 1 else None


def _tab_counts(eff: "Effective", tabs: tuple[TabSpec, ...], cat: Catalogue) -> dict[str, int]:
    names: dict[str, set[str]] = {}
    for entry in eff.vars:
        tab = _tab_of(entry.key, tabs)
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
    for low, entries in groups.items():
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


# ---------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------

class FormTabs(Widget):
    """One line of tab labels; the full names when they fit, short ones when not."""

    DEFAULT_CSS = """
    FormTabs { height: 1; width: 1fr; color: $text-muted; }
    FormTabs > .form-tabs--active { color: $text; background: $primary 30%; text-style: bold underline; }
    FormTabs > .form-tabs--filled { color: $text; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"form-tabs--active", "form-tabs--filled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs: tuple[TabSpec, ...] = ()
        self.counts: dict[str, int] = {}
        self.active = ""

    def set_tabs(self, tabs: tuple[TabSpec, ...], counts: dict[str, int], active: str) -> None:
        if (tabs, counts, active) != (self.tabs, self.counts, self.active):
            self.tabs, self.counts, self.active = tabs, counts, active
            self.refresh()

    def _labels(self, width: int) -> list[str]:
        full = [self._label(t, t.label) for t in self.tabs]
        if sum(cell_len(x) + 2 for x in full) <= width:
            return full
        short = [self._label(t, t.short) for t in self.tabs]
        if sum(cell_len(x) + 2 for x in short) <= width:
            return short
        return [t.short for t in self.tabs]

    def _label(self, tab: TabSpec, text: str) -> str:
        n = self.counts.get(tab.key, 0)
        return f"{text} {n}" if n else text

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        active = self.get_component_rich_style("form-tabs--active", partial=True)
        filled = self.get_component_rich_style("form-tabs--filled", partial=True)
        width = self.size.width
        parts = [f" {label} " for label in self._labels(width)]
        # Too narrow even for the short names: start further right so the active tab shows.
        start = 0
        active_index = next((i for i, t in enumerate(self.tabs) if t.key == self.active), 0)
        while start < active_index and sum(cell_len(p) for p in parts[start:active_index + 1]) + 1 > width:
            start += 1
        if start:
            text.append("‹")
        for index in range(start, len(parts)):
            tab = self.tabs[index]
            style = active if tab.key == self.active else (filled if self.counts.get(tab.key) else Style())
            text.append(parts[index], style + Style(meta={"tab": index}))
        return text

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("tab")
        if index is not None:
            self.query_ancestor(SectionForm).select_tab(self.tabs[index].key)


class ParamList(ScrollView, can_focus=True):
    """The parameters of the active tab, drawn line by line."""

    DEFAULT_CSS = """
    ParamList { height: 1fr; overflow-x: hidden; background: $surface; }
    ParamList > .param-list--cursor { background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground; text-style: $block-cursor-blurred-text-style; }
    ParamList:focus > .param-list--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
    ParamList > .param-list--own { color: $pjtui-own; }
    ParamList > .param-list--inherited { color: $pjtui-inherited; }
    ParamList > .param-list--wizard { color: $pjtui-inherited; text-style: italic; }
    ParamList > .param-list--default { color: $pjtui-default; }
    ParamList > .param-list--unknown { color: $pjtui-unknown; }
    ParamList > .param-list--heading { color: $text-muted; text-style: italic; }
    ParamList > .param-list--error { color: $text-error; text-style: bold; }
    ParamList > .param-list--warning { color: $text-warning; }
    ParamList > .param-list--add { color: $text-primary; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "param-list--cursor", "param-list--own", "param-list--inherited", "param-list--wizard",
        "param-list--default",
        "param-list--unknown", "param-list--heading", "param-list--error", "param-list--warning",
        "param-list--add",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter,e", "form('edit_current')", "Edit", id="form.edit", tooltip="Edit the value of this parameter"),
        Binding("space", "form('toggle_current')", "Toggle", show=False, id="form.toggle",
                tooltip="Switch a yes/no parameter"),
        Binding("r", "form('reset_current')", "Reset ↺", id="form.reset",
                tooltip="Remove this section's own value so the inherited one (or the default) applies"),
        Binding("a", "form('start_add')", "Add param", id="form.add", tooltip="Add a parameter line to this section"),
        Binding("v", "form('toggle_reveal')", "Reveal", id="form.reveal", tooltip="Show or mask passwords"),
        Binding("h", "form('toggle_full_help')", "Help", id="form.help", tooltip="Show the full Asterisk documentation"),
        Binding("left,left_square_bracket", "form('cycle_tab', -1)", "Prev tab", show=False, id="form.prev_tab"),
        Binding("right,right_square_bracket", "form('cycle_tab', 1)", "Next tab", show=False, id="form.next_tab"),
        Binding("d,delete", "form('remove_current')", "Remove line", id="form.remove",
                tooltip="Remove this line (Raw tab)"),
        # The footer shows r on the value tabs and d on the Raw tab (check_action); these
        # twins keep both keys answering everywhere, with a word on where they apply.
        # (no description: the F1 panel lists each key once)
        Binding("r", "form('reset_anywhere')", "", show=False),
        Binding("d,delete", "form('remove_anywhere')", "", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.revealed = False
        self._cache: dict[tuple, Strip] = {}

    # -- data --------------------------------------------------------------------------
    def set_rows(self, rows: list[Row], cursor_key: str | None = None, cursor: int | None = None) -> None:
        self.rows = rows
        index = None
        if cursor_key is not None:
            index = next((i for i, r in enumerate(rows) if r.selectable and r.key == cursor_key
                          and r.origin != "add"), None)
        if index is None:
            index = cursor if cursor is not None else 0
        self.virtual_size = Size(self.size.width, len(rows))
        self.set_reactive(ParamList.cursor, self._nearest_selectable(min(index, max(len(rows) - 1, 0)), 1))
        self._cursor_moved()
        self.refresh()

    @property
    def row(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _nearest_selectable(self, index: int, step: int) -> int:
        if not self.rows:
            return 0
        i = index
        while 0 <= i < len(self.rows):
            if self.rows[i].selectable:
                return i
            i += step
        i = index
        while 0 <= i < len(self.rows):
            if self.rows[i].selectable:
                return i
            i -= step
        return index

    def watch_cursor(self, old: int, new: int) -> None:
        self._cursor_moved()
        self.refresh()

    def _cursor_moved(self) -> None:
        if self.rows:
            self.scroll_to_region_if_needed()
        form = self._form()
        if form is not None:
            form._row_highlighted(self.row)

    def scroll_to_region_if_needed(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _form(self) -> "SectionForm | None":
        for node in self.ancestors:
            if isinstance(node, SectionForm):
                return node
        return None

    def notify_style_update(self) -> None:
        self._cache.clear()     # a theme change or :focus changes every colour
        super().notify_style_update()

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows))

    # -- drawing -----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        # Keyed by what the row shows, not its index: after a refresh from the model most
        # rows are unchanged and are not drawn again.
        key = (row.signature, index, width, index == self.cursor, self.has_focus, self.revealed)
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 512:
                self._cache.clear()
            strip = self._render_row(index, width)
            self._cache[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"param-list--{name}", partial=True)

    def _render_row(self, index: int, width: int) -> Strip:
        row = self.rows[index]
        base = self.rich_style
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if row.origin == "heading":
            text.append(f"── {row.label} ", self._style("heading"))
            text.append("─" * max(0, width - cell_len(row.label) - 4), self._style("heading"))
        elif row.origin == "add":
            text.append(f"  {row.label}", self._style("add"))
        else:
            text = self._value_text(row, width)
        if index == self.cursor:
            text.stylize(self._style("cursor"))
        text.stylize(Style(meta={"row": index}))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, base), width).crop_extend(0, width, base)

    def _value_text(self, row: Row, width: int) -> Text:
        name_width = max(12, min(28, width // 3))
        origin_text = self._origin_text(row)
        origin_width = max(10, cell_len(origin_text))
        value_width = max(4, width - 2 - name_width - 1 - origin_width - 1)
        glyph = " "
        glyph_style = Style()
        if row.severity == "error":
            glyph, glyph_style = "✖", self._style("error")
        elif row.severity == "warning" or row.unknown:
            glyph, glyph_style = "⚠", self._style("warning")
        elif row.severity == "hint":
            glyph, glyph_style = "ℹ", self._style("add")
        text = Text(no_wrap=True, end="")
        text.append(glyph + " ", glyph_style)
        name_style = self._style("unknown") if row.unknown else Style()
        text.append(_fit(row.label, name_width), name_style)
        text.append(" ")
        shown = self._shown_value(row)
        text.append(_fit(shown, value_width), self._style(row.origin))
        text.append(" ")
        text.append(origin_text.rjust(origin_width), self._style(row.origin))
        return text

    def _shown_value(self, row: Row) -> str:
        if row.value is None:
            value = row.reset_value if row.origin == "default" else None
            if value in (None, ""):
                return "[ ] no" if _is_bool(row.param) else "(none)"
        else:
            value = row.value
        if _is_bool(row.param) and row.option is None:
            return ("[x] " if is_true(value) else "[ ] ") + value
        if row.secret and not self.revealed and value:
            return MASK
        return value

    @staticmethod
    def _origin_text(row: Row) -> str:
        if row.option is not None:
            return f":{row.where}"
        if row.origin == "inherited":
            return f"← {row.where}"
        if row.origin == "own":
            return f"own:{row.where}" + (" ↺" if row.resettable else "")
        if row.origin == "wizard":
            return "wizard"
        return "default"

    # -- keys and mouse ----------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        if not self.rows:
            return
        target = self.cursor + step
        if 0 <= target < len(self.rows):
            target = self._nearest_selectable(target, step)
            if self.rows[target].selectable:
                self.cursor = target

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        target = min(max(self.cursor + direction * height, 0), max(len(self.rows) - 1, 0))
        self.cursor = self._nearest_selectable(target, direction)

    def action_jump(self, where: int) -> None:
        if self.rows:
            target = 0 if where == 0 else len(self.rows) - 1
            self.cursor = self._nearest_selectable(target, 1 if where == 0 else -1)

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if index is not None and self.rows[index].selectable:
            self.cursor = index
            if event.chain >= 2 or self.rows[index].origin == "add":
                self.action_form("edit_current")

    _CHANGES = frozenset({"edit_current", "toggle_current", "reset_current", "start_add", "remove_current",
                          "reset_anywhere", "remove_anywhere"})

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The Raw tab removes lines (d) where the other tabs reset values (r): the footer
        shows the one that applies.  Read-only: the keys that change something are shown
        disabled (the status says why)."""
        if action == "form" and parameters:
            form = self._form()
            if parameters[0] in ("reset_current", "remove_current"):
                raw = form is not None and form.active_tab == "raw"
                if raw != (parameters[0] == "remove_current"):
                    return False        # not shown here: its hidden twin answers the key
            if parameters[0] in self._CHANGES and form is not None and form.read_only:
                return False
        return True

    def action_form(self, method: str, *args: int) -> None:
        """Keys of the list act on the form (it knows the section and the editor)."""
        form = self._form()
        if form is not None:
            getattr(form, method)(*args)


def _is_bool(param: Param | None) -> bool:
    """yes/no parameters, including the custom-handled ones that parse with ast_true."""
    return param is not None and (param.kind == "bool" or (param.kind == "custom" and param.name in _CUSTOM_BOOLS))


def _set_text(widget: Static, text: str) -> None:
    """Update only when the text changes: each update costs a layout pass of the screen.

    Moving through the list changes the status and help lines on every key; while the
    old and the new text each fit on one line the height stays, so no layout is needed.
    """
    old = getattr(widget, "_pjtui_text", None)
    if old != text:
        widget._pjtui_text = text
        width = widget.content_size.width
        auto_width = widget.styles.width is not None and widget.styles.width.is_auto
        same_height = (old is not None and width > 0 and not auto_width and "\n" not in old and "\n" not in text
                       and 0 < cell_len(old) <= width and 0 < cell_len(text) <= width)
        widget.update(text, layout=not same_height)


def _set_display(widget: Widget, shown: bool) -> None:
    if widget.display != shown:
        widget.display = shown


def _fit(text: str, width: int) -> str:
    """Pad or cut ``text`` to exactly ``width`` cells (… marks a cut)."""
    text = text.replace("\n", " ")
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = [], 0
    for char in text:
        w = cell_len(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…" + " " * (width - used - 1)


class FieldInput(Input):
    """The one-line editor of the form, without a screen layout per keystroke.

    Textual's Input sets its virtual size to the width of its text on every change of its
    value, and a virtual size change asks for a layout of the whole screen (10-25 ms at
    160x48, before the field and the preview could be painted).  This editor's own size
    never depends on its text (``width: 1fr; height: 1``): only its scroll range does,
    which is updated here without a layout.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, size: Size) -> None:
        if self.is_mounted:
            update = getattr(self, "_scroll_update", None)     # Textual's own (private)
            if update is not None:
                update(size)
            else:                       # a later Textual without it: the layout, as Input does
                self.refresh(layout=True)


class ListItemSuggester(Suggester):
    """Completes the last comma-separated item of a list (codecs, enum lists)."""

    def __init__(self, items: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self.items = sorted(set(items))

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, last = value.rpartition(",")
        prefix = ""
        stem = last.lstrip()
        if stem.startswith("!"):
            prefix, stem = "!", stem[1:]
        if not stem:
            return None
        for item in self.items:
            if item.startswith(stem) and item != stem:
                lead = last[: len(last) - len(last.lstrip())]
                return head + sep + lead + prefix + item
        return None


class NameSuggester(Suggester):
    """Completes parameter names of the active tab."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names: list[str] = []

    async def get_suggestion(self, value: str) -> str | None:
        for name in self.names:
            if name.startswith(value) and name != value:
                return name
        return None


class SectionForm(Vertical):
    """The form panes of one section. See the module docstring for the interface."""

    DEFAULT_CSS = """
    SectionForm { height: 1fr; width: 1fr; }
    SectionForm > #form-title { height: 1; text-style: bold; color: $text; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis; }
    SectionForm > #form-affects { height: 1; color: $text-warning; padding: 0 1; display: none;
        text-wrap: nowrap; text-overflow: ellipsis; }
    SectionForm > #form-affects.-shown { display: block; }
    SectionForm > #form-editor { height: 1; margin-top: 1; }
    SectionForm > #form-editor > #form-edit-label { width: auto; max-width: 40%; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis; }
    SectionForm > #form-editor > Input { border: none; height: 1; width: 1fr; padding: 0 1; }
    SectionForm > #form-editor > Select { width: 1fr; }
    SectionForm > #form-editor > Switch { border: none; height: 1; padding: 0; width: auto; }
    SectionForm > #form-editor > #form-edit-note { width: 1fr; color: $text-muted; padding: 0 1; }
    SectionForm > #form-status { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    SectionForm > #form-status.-error { color: $text-error; max-height: 4; }
    SectionForm > #form-status.-warning { color: $text-warning; max-height: 4; }
    SectionForm > #form-help { height: auto; max-height: 3; padding: 0 1; color: $text-muted;
        border-top: solid $border-blurred; overflow-y: auto; }
    SectionForm.-full-help > #form-help { max-height: 60%; }
    """

    mask_secrets: reactive[bool] = reactive(True)

    def __init__(self, *, mask_secrets: bool = True, docs_dir: str | None = DEFAULT_DOCS_DIR,
                 show_title: bool = True, read_only: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Why nothing can be changed ("--read-only", "not writable: …"), or None.  Then no
        # editor opens and the keys that would change a value are dimmed.
        self.read_only = read_only
        self.show_title = show_title
        self.set_reactive(SectionForm.mask_secrets, mask_secrets)
        self.docs_dir = docs_dir
        self.data = FormData(section=None, title="No section selected")
        self.active_tab = ""
        self._identity: tuple | None = None
        self._children: tuple | None = None          # (model, children_index(model))
        self._memory: dict[str, str] = {}           # tab -> key of the selected row
        self._editing: Row | None = None            # the row the editor shows
        self._editor_kind = ""                      # "bool" | "enum" | "text" | "add-name" | "add-value" | ""
        self._posted: set[str] = set()              # values sent while the editor had focus
        self._add_name: str | None = None
        self._add_confirm: str | None = None
        self._add_type: str | None = None
        self._add_suggestion: str | None = None
        self._name_suggester = NameSuggester()

    def compose(self):
        yield Static("", id="form-title", markup=False)
        yield Static("", id="form-affects", markup=False)
        yield FormTabs(id="form-tabs")
        yield ParamList(id="form-list")
        with Horizontal(id="form-editor"):
            yield Label("", id="form-edit-label", markup=False)
            yield Switch(id="form-edit-bool", animate=False)
            yield Select([("-", "-")], id="form-edit-enum", allow_blank=False, compact=True)
            yield FieldInput(id="form-edit-text", compact=True, select_on_focus=False)
            yield Static("", id="form-edit-note", markup=False)
        yield Static("", id="form-status", markup=False)
        yield Static("", id="form-help", markup=False)

    def on_mount(self) -> None:
        self.query_one("#form-title").display = self.show_title
        self._show_editor("")
        self._refresh_all()

    # -- the interface -----------------------------------------------------------------
    def show(self, section: "Section | None", model: "Model | None",
             expansion: "Expansion | None" = None, problems=()) -> None:
        """Show ``section`` as ``model`` sees it. Call again after every recompute.

        ``expansion``: the wizard expansion the preview shows (optional); with it the
        pass-through tabs also list what the wizard writes itself (``aors``, ``auth``,
        ``contact``…) and flag your lines that the wizard replaces.  ``problems``: the
        ``pjtui.pjsip.checks`` problems of this section; each marks the row of its line."""
        if model is not None and (self._children is None or self._children[0] is not model):
            # once per model: the app hands the same model again while nothing else changed
            self._children = (model, children_index(model))
        data = form_data(section, model, self._children[1] if model is not None else None, expansion, problems)
        identity = self._identity_of(data)
        same = identity == self._identity
        list_ = self.query_one(ParamList)
        if not same:
            # Tab and field stay as they were (compare 6001's password with 6002's), but a
            # revealed secret is masked again and the list starts from the top.
            self._posted.clear()
            list_.revealed = not self.mask_secrets
            list_.scroll_to(y=0, animate=False, immediate=True)
        self._identity = identity
        self.data = data
        keys = [t.key for t in data.tabs]
        if self.active_tab not in keys:
            was = self.active_tab
            self.active_tab = self._first_tab(data)
            if (was == "raw") != (self.active_tab == "raw"):
                self.query_one(ParamList).refresh_bindings()     # r Reset or d Remove line
        self._refresh_all(keep_editor=same)

    def focus_field(self, key: str) -> bool:
        """Select the row of ``key`` ("endpoint/context", "context" or "Raw:12") and focus it."""
        list_ = self.query_one(ParamList)
        if key.lower().startswith("raw:"):
            tab, wanted = "raw", key[4:]
        else:
            tab = _tab_of(key, self.data.tabs) or (self.data.tabs[0].key if self.data.tabs else "")
            wanted = key
        if tab not in [t.key for t in self.data.tabs]:
            return False
        self.select_tab(tab)
        for index, row in enumerate(list_.rows):
            if row.selectable and (row.key.lower() == wanted.lower() or row.where == wanted):
                list_.cursor = index
                list_.focus()
                return True
        list_.focus()
        return False

    def select_tab(self, key: str) -> None:
        if key == self.active_tab or key not in [t.key for t in self.data.tabs]:
            return
        self.active_tab = key
        self._refresh_all()
        self.query_one(ParamList).refresh_bindings()     # r Reset or d Remove line

    def cycle_tab(self, step: int) -> None:
        keys = [t.key for t in self.data.tabs]
        if keys:
            index = keys.index(self.active_tab) if self.active_tab in keys else 0
            self.select_tab(keys[(index + step) % len(keys)])

    # -- internals ---------------------------------------------------------------------
    @staticmethod
    def _identity_of(data: FormData) -> tuple | None:
        section = data.section
        if section is None:
            return None
        return (getattr(section.doc, "name", ""), section.name, section.line)

    @staticmethod
    def _first_tab(data: FormData) -> str:
        return data.tabs[0].key if data.tabs else ""

    def _refresh_all(self, keep_editor: bool = False) -> None:
        data = self.data
        _set_text(self.query_one("#form-title", Static), data.title)
        affects = self.query_one("#form-affects", Static)
        if data.affects:
            names = ", ".join(data.affects[:6]) + (", …" if len(data.affects) > 6 else "")
            count = len(data.affects)
            plural = "s" if count != 1 else ""
            _set_text(affects, f"⚠ an edit here changes {count} section{plural}: {names}")
            affects.add_class("-shown")
        else:
            affects.remove_class("-shown")
        self.query_one(FormTabs).set_tabs(data.tabs, data.counts, self.active_tab)
        tab = next((t for t in data.tabs if t.key == self.active_tab), None)
        rows = build_rows(data, tab) if tab is not None else []
        list_ = self.query_one(ParamList)
        editor_open = keep_editor and self._editor_has_focus()
        list_.set_rows(rows, cursor_key=self._memory.get(self.active_tab))
        if not editor_open:
            self._posted.clear()

    def _editor_has_focus(self) -> bool:
        focused = self.app.focused if self.is_attached else None
        return focused is not None and focused.id in ("form-edit-bool", "form-edit-enum", "form-edit-text")

    def _row_highlighted(self, row: Row | None) -> None:
        """The list cursor moved (or the data changed): point the editor and help at it."""
        if not self.is_mounted:
            return
        if self._editor_kind in ("add-name", "add-value") and self._editor_has_focus():
            return
        previous = self._editing
        self._editing = row
        if row is not None and row.key:
            self._memory[self.active_tab] = row.key      # where the cursor goes back to
        same_field = previous is not None and row is not None and previous.key == row.key
        self._load_editor(row, keep_text=same_field and self._editor_has_focus())
        self._update_help(row)
        self._update_status(row)

    def _editor_for(self, row: Row | None) -> str:
        if row is None or row.origin in ("heading", "add") or self.read_only:
            return ""
        if row.option is not None:
            return "text"
        kind = row.param.kind if row.param is not None else "string"
        if _is_bool(row.param):
            return "bool"
        if kind == "enum" and row.param is not None and row.param.enum:
            return "enum"
        return "text"

    def _show_editor(self, kind: str) -> None:
        self._editor_kind = kind
        for widget_id, kinds in (("#form-edit-bool", ("bool",)), ("#form-edit-enum", ("enum",)),
                                 ("#form-edit-text", ("text", "add-name", "add-value"))):
            _set_display(self.query_one(widget_id), kind in kinds)
        # The switch is drawn with colour only: say yes/no in words beside it (NO_COLOR).
        _set_display(self.query_one("#form-edit-note"), kind in ("", "bool"))

    def _load_editor(self, row: Row | None, keep_text: bool = False) -> None:
        kind = self._editor_for(row)
        self._show_editor(kind)
        label = self.query_one("#form-edit-label", Label)
        note = self.query_one("#form-edit-note", Static)
        if row is None or not kind:
            _set_text(label, "")
            if row is not None and row.origin == "add":
                _set_text(note, "enter: add a parameter by name")
            else:
                _set_text(note, "")
            return
        _set_text(label, row.label)
        value = row.value if row.value is not None else (row.reset_value or "")
        if kind == "bool":
            switch = self.query_one("#form-edit-bool", Switch)
            with switch.prevent(Switch.Changed):
                switch.value = is_true(value)
            _set_text(note, ("yes" if is_true(value) else "no") + "  (space or enter switches)")
        elif kind == "enum":
            select = self.query_one("#form-edit-enum", Select)
            options = list(row.param.enum)
            current = next((o for o in options if o.lower() == value.strip().lower()), None)
            if current is None and value.strip():
                options.append(value.strip())
                current = value.strip()
            loaded = (tuple(options), current)
            with select.prevent(Select.Changed):
                if getattr(select, "_pjtui_loaded", None) != loaded:     # set_options costs a layout
                    select._pjtui_loaded = loaded
                    select.set_options([(o, o) for o in options])
                if current is not None and select.value != current:
                    select.value = current
        else:
            # Nothing written: start empty with the default as placeholder, so typing 30
            # gives 30 and not 030 (which Asterisk would read as octal).  A list that adds
            # up (allow, contact, match) edits its own line only: the inherited ones stay.
            value = row.edited_value if row.edited_value is not None else ""
            text = self.query_one("#form-edit-text", Input)
            if keep_text and (value == text.value or value in self._posted):
                return
            with text.prevent(Input.Changed):
                text.password = row.secret and not self.query_one(ParamList).revealed
                text.suggester = self._suggester_for(row.param)
                text.placeholder = self._placeholder(row)
                text.value = value
                text.cursor_position = len(value)

    @staticmethod
    def _suggester_for(param: Param | None) -> Suggester | None:
        if param is None:
            return None
        if param.kind == "enum" and param.enum:
            return SuggestFromList(param.enum, case_sensitive=False)
        if param.kind == "codec_list":
            return ListItemSuggester(CODEC_NAMES | {"all"})
        if param.kind == "list" and param.enum:
            return ListItemSuggester(param.enum)
        return None

    @staticmethod
    def _placeholder(row: Row) -> str:
        """Shown while the field is empty (dim)."""
        if row.accumulates and row.adds_to:
            return f"your line, added to {row.adds_to}'s (!all first replaces codecs)" \
                if row.param.kind == "codec_list" else f"your line, added to {row.adds_to}'s"
        if row.value is not None:
            return "(empty: the line stays, with no value)"
        if row.reset_value:
            return f"{row.reset_value}  (Asterisk's default)"
        param = row.param
        if param is not None and param.kind in ("uint", "int"):
            return "a whole number"
        if param is not None and param.kind == "double":
            return "a number"
        if param is not None and (param.is_list or param.kind == "codec_list"):
            return "items separated by commas"
        return "value"

    def _update_status(self, row: Row | None, message: str | None = None, severity: str | None = None) -> None:
        status = self.query_one("#form-status", Static)
        if message is None and row is not None and self.read_only and not row.issue:
            message = f"{self._origin_phrase(row)} ─ {self.read_only}"
        elif message is None and row is not None:
            if row.issue:
                message, severity = row.issue, row.severity
            elif row.option is not None:
                message = f"line {row.where} as written ─ enter edits it, d removes it"
            elif row.origin == "inherited" and row.accumulates:
                message = (f"inherited from {row.where} ─ {self._how_to_set(row)} to add your own line "
                           "(Asterisk adds the lines up)")
            elif row.origin == "inherited":
                message = f"inherited from {row.where} ─ {self._how_to_set(row)} to override it here"
            elif row.origin == "wizard":
                message = f"written by the wizard (from {row.where}), not by a line of yours"
            elif row.origin == "own" and row.accumulates and row.adds_to:
                message = (f"line {row.where} adds to {row.adds_to} (the lines add up)"
                           + (" ─ r removes it" if row.resettable else ""))
            elif row.origin == "own" and row.resettable:
                message = f"written here (line {row.where}) ─ r resets to {self._reset_text(row)}"
            elif row.origin == "own":
                message = f"written here (line {row.where})"
            elif row.origin == "default":
                default = row.reset_value
                message = ("not set: Asterisk uses " + (f"'{default}'" if default else "nothing")
                           + f" ─ {self._how_to_set(row)} to set it")
            if len(row.own_lines) > 1 and message:
                message += f" ─ {len(row.own_lines)} own lines add up: typing edits the last, Raw has each"
            elif row.lines > 1 and not row.adds_to and message:
                message += f" ─ {row.lines} lines add up; edit each in Raw"
            if row.secret and message and row.value:
                message += " ─ v reveals" if not self.query_one(ParamList).revealed else " ─ v masks"
        status.set_class(severity == "error", "-error")
        status.set_class(severity == "warning", "-warning")
        _set_text(status, message or "")

    @staticmethod
    def _origin_phrase(row: Row) -> str:
        if row.origin == "add":
            return "adding parameters"
        if row.option is not None:
            return f"line {row.where} as written"
        if row.origin == "inherited":
            return f"inherited from {row.where}"
        if row.origin == "wizard":
            return f"written by the wizard (from {row.where})"
        if row.origin == "own":
            return f"written here (line {row.where})"
        return "not set: Asterisk uses " + (f"'{row.reset_value}'" if row.reset_value else "nothing")

    def _refuse(self) -> bool:
        """Read-only: say why instead of changing anything."""
        if self.read_only:
            row = self.query_one(ParamList).row
            self._update_status(row, self.read_only, "warning")
        return bool(self.read_only)

    def _how_to_set(self, row: Row) -> str:
        kind = self._editor_for(row)
        return {"bool": "space switches it", "enum": "enter picks a value"}.get(kind, "enter and type")

    def _reset_text(self, row: Row) -> str:
        value = row.reset_value
        if row.reset_where == "default":
            return f"the default ({value})" if value else "the default (none)"
        if value is None:
            return row.reset_where
        shown = MASK if row.secret and not self.query_one(ParamList).revealed else value
        return f"'{shown}' {row.reset_where}"

    def _update_help(self, row: Row | None) -> None:
        help_ = self.query_one("#form-help", Static)
        if row is None or row.origin in ("heading", "add"):
            _set_text(help_, "a: add a parameter   r: reset   v: reveal passwords   h: full help"
                         if row is not None else "")
            return
        tab = next((t for t in self.data.tabs if t.key == self.active_tab), None)
        if tab is not None and tab.key == "raw":     # the Raw tab speaks the section's type
            tab = self.data.tabs[0] if self.data.tabs[0].key != "raw" else None
        type_name = tab.type if tab is not None and tab.type else None
        parts = [f"{row.label}: " + (row.param.help if row.param is not None else
                                     "not in the catalogue")]
        if self.has_class("-full-help") and type_name:
            full = doc_text(type_name, row.label, self.docs_dir)
            parts.append(full or "(no Asterisk XML documentation found"
                         + (f" in {self.docs_dir})" if self.docs_dir else ")"))
        _set_text(help_, "\n".join(parts))

    # -- actions -----------------------------------------------------------------------
    def edit_current(self) -> None:
        row = self.query_one(ParamList).row
        if row is None or self._refuse():
            return
        if row.origin == "add":
            self.start_add()
            return
        kind = self._editor_for(row)
        target = {"bool": "#form-edit-bool", "enum": "#form-edit-enum", "text": "#form-edit-text"}.get(kind)
        if target:
            self._posted.clear()
            self.query_one(target).focus()

    def toggle_current(self) -> None:
        row = self.query_one(ParamList).row
        if row is None or self._refuse() or self._editor_for(row) != "bool":
            return
        value = row.value if row.value is not None else (row.reset_value or "")
        self._post_value(row, "no" if is_true(value) else "yes")

    def reset_current(self) -> None:
        row = self.query_one(ParamList).row
        if self._refuse():
            return
        if row is None or not row.resettable or self.data.section is None:
            if row is not None and row.origin == "inherited":
                self._update_status(row, "already inherited: nothing of its own to reset")
            elif row is not None and row.option is not None:
                self._update_status(row, "a line as written: d removes it (r resets in the other tabs)")
            return
        # Lines in (+) blocks first, from the bottom, so the other line numbers stay valid.
        for option in sorted(row.in_append_blocks, key=lambda o: o.line, reverse=True):
            self.post_message(OptionRemoved(option.section, option.line))
        if len(row.in_append_blocks) < len(row.own_lines):
            self.post_message(FieldReset(self.data.section, row.key))

    def remove_current(self) -> None:
        row = self.query_one(ParamList).row
        if self._refuse():
            return
        if row is None or row.option is None:
            if row is not None and row.resettable:
                self._update_status(row, "d removes lines in the Raw tab; here r resets the value")
            return
        self.post_message(OptionRemoved(row.option.section, row.option.line))

    # the keys' twins for the tabs where the footer does not show them (ParamList.BINDINGS)
    def reset_anywhere(self) -> None:
        self.reset_current()

    def remove_anywhere(self) -> None:
        self.remove_current()

    def toggle_reveal(self) -> None:
        self._reveal(not self.query_one(ParamList).revealed)

    def _reveal(self, revealed: bool) -> None:
        list_ = self.query_one(ParamList)
        list_.revealed = revealed      # part of each drawn row's cache key
        list_.refresh()
        if self._editing is not None and self._editing.secret and self._editor_kind == "text":
            self.query_one("#form-edit-text", Input).password = not revealed
        self._update_status(list_.row)

    def toggle_full_help(self) -> None:
        self.toggle_class("-full-help")
        self._update_help(self.query_one(ParamList).row)

    def watch_mask_secrets(self, mask: bool) -> None:
        if self.is_mounted:
            self._reveal(not mask)

    def start_add(self) -> None:
        if self._refuse():
            return
        if self.data.section is None or self.active_tab == "raw" and not self.data.tabs:
            return
        tab = next((t for t in self.data.tabs if t.key == self.active_tab), None)
        if tab is None:
            return
        self._add_type = self._type_for_add(tab)
        cat = catalogue()
        if self._add_type == "wizard" and tab.key == "raw":
            names = cat.param_names("wizard") + [f"{p}/" for p in WIZARD_PREFIXES]
        elif self._add_type:
            names = [n for n in cat.param_names(self._add_type) if n != "type" or tab.prefix is None]
        else:
            names = []
        self._name_suggester.names = names
        self._add_name = None
        self._add_confirm = None
        self._show_editor("add-name")
        _set_text(self.query_one("#form-edit-label", Label), "add")
        text = self.query_one("#form-edit-text", Input)
        with text.prevent(Input.Changed):
            text.password = False
            text.suggester = self._name_suggester
            text.placeholder = "parameter name (→ completes)"
            text.value = ""
        where = f" ({tab.prefix}/…)" if tab.prefix else ""
        self._update_status(None, f"name of the parameter to add{where}, then enter")
        text.focus()

    def _finish_add_name(self, name: str) -> None:
        name = name.strip()
        tab = next((t for t in self.data.tabs if t.key == self.active_tab), None)
        if not name or tab is None:
            self._update_status(None, "type a parameter name, or escape", "warning")
            return
        known, suggestion = self._known_name(name)
        if not known and self._add_confirm != name:
            self._add_confirm = name
            hint = f"did you mean {suggestion}? tab takes it; " if suggestion else ""
            what = "wizard option" if self._add_type == "wizard" else f"{self._add_type} parameter"
            self._update_status(None, f"'{name}' is not a known {what} ─ {hint}"
                                      "enter again adds it as typed", "warning")
            self._add_suggestion = suggestion
            return
        self._add_name = (f"{tab.prefix}/{name}" if tab.prefix else name)
        param = self._param_for_add(name)
        existing = next((r for r in self.query_one(ParamList).rows
                         if r.origin == "own" and r.option is None and r.key.lower() == self._add_name.lower()), None)
        if existing is not None and not (param is not None and param.accumulates):
            # A second line would only hide the first one: edit the one that is there.
            self._show_editor("")
            self.focus_field(existing.key)
            self.edit_current()
            self._update_status(existing, f"{existing.label} is already set here (line {existing.where}): "
                                          "edit it, or r to reset it")
            return
        self._show_editor("add-value")
        _set_text(self.query_one("#form-edit-label", Label), self._add_name)
        text = self.query_one("#form-edit-text", Input)
        with text.prevent(Input.Changed):
            text.suggester = self._suggester_for(param)
            text.password = is_secret(name) and self.mask_secrets
            text.placeholder = (param.default or "value") if param is not None else "value"
            text.value = ""
        _set_text(self.query_one("#form-help", Static),
                  f"{name}: " + (param.help if param is not None else "not in the catalogue"))
        self._update_status(None, f"value for {self._add_name} (→ completes), then enter adds the line")

    def _type_for_add(self, tab: TabSpec) -> str | None:
        """Catalogue type whose names the add prompt offers (Raw: the section's type)."""
        if tab.type:
            return tab.type
        first = self.data.tabs[0] if self.data.tabs else None
        return first.type if first is not None and first.key != "raw" else None

    def _known_name(self, name: str) -> tuple[bool, str | None]:
        """Is ``name`` something Asterisk reads here; else the closest known name."""
        cat = catalogue()
        type_name = self._add_type
        if type_name is None:
            return True, None
        if type_name == "wizard":
            option = cat.wizard_option(name)
            if option.param is not None or (option.prefix is not None and option.target_type == "phoneprov"):
                return True, None
            if option.prefix is not None:
                hits = cat.suggest(option.target_type, option.suffix)
                return False, f"{option.prefix}/{hits[0]}" if hits else None
            hits = cat.suggest("wizard", name)
            return False, hits[0] if hits else None
        otype = cat.type(type_name)
        if otype is None or otype.param(name) is not None or otype.accepts(name):
            return True, None
        hits = cat.suggest(type_name, name)
        return False, hits[0] if hits else None

    def _param_for_add(self, name: str) -> Param | None:
        cat = catalogue()
        type_name = self._add_type
        if type_name == "wizard":
            return cat.wizard_option(name).param
        return cat.param(type_name, name) if type_name else None

    # -- editor events -----------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        if self._editor_kind == "add-name" and event.key == "tab" and self._add_confirm:
            suggestion = self._add_suggestion
            if suggestion:
                event.stop()
                event.prevent_default()
                text = self.query_one("#form-edit-text", Input)
                with text.prevent(Input.Changed):
                    text.value = suggestion
                    text.cursor_position = len(suggestion)
                self._add_confirm = None
                self._finish_add_name(suggestion)
                return
        if event.key == "escape" and self._editor_has_focus():
            event.stop()
            self._back_to_list()
        elif (event.key in ("up", "down") and self._editor_kind in ("text", "bool")
              and self._editor_has_focus()):
            # Go through the fields without leaving the editor, as in a spreadsheet.
            event.stop()
            list_ = self.query_one(ParamList)
            list_.action_cursor(-1 if event.key == "up" else 1)
            if self._editor_for(list_.row):
                self.edit_current()
            else:
                list_.focus()

    def _back_to_list(self) -> None:
        list_ = self.query_one(ParamList)
        if self._editor_kind in ("add-name", "add-value"):
            self._show_editor("")
            self._row_highlighted(list_.row)
        list_.focus()

    @on(Switch.Changed, "#form-edit-bool")
    def _switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        if self._editing is not None:
            self._post_value(self._editing, "yes" if event.value else "no")

    @on(Select.Changed, "#form-edit-enum")
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._editing is not None and event.value is not Select.NULL:
            self._post_value(self._editing, str(event.value))

    @on(Input.Changed, "#form-edit-text")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._editor_kind != "text" or self._editing is None:
            if self._editor_kind == "add-name":
                self._add_confirm = None
            return
        row = self._editing
        if row.param is not None and row.option is None and row.param.kind in ("uint", "int", "double"):
            issues = [i for i in row.param.validate(event.value) if i.severity == "error"]
            if issues:
                self._update_status(row, f"✖ {issues[0].message} ─ not applied", "error")
                return
        self._post_value(row, event.value)

    @on(Input.Submitted, "#form-edit-text")
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._editor_kind == "add-name":
            self._finish_add_name(event.value)
            return
        if self._editor_kind == "add-value":
            self._show_editor("")
            list_ = self.query_one(ParamList)
            list_.focus()
            self._row_highlighted(list_.row)
            if self.data.section is not None and self._add_name:
                self.post_message(OptionAdded(self.data.section, self._add_name, event.value.strip()))
                self._memory[self.active_tab] = self._add_name     # the new row, once it is there
            return
        self._back_to_list()

    def _post_value(self, row: Row, value: str) -> None:
        section = self.data.section
        if section is None:
            return
        current = row.edited_value
        if current == value and row.origin == "own":
            return
        self._posted.add(value)
        self._memory[self.active_tab] = row.key
        last_appended = row.in_append_blocks[-1] if row.in_append_blocks else None
        if row.option is not None:
            self.post_message(OptionEdited(row.option.section, row.option.line, value))
        elif (row.origin == "own" and last_appended is not None
              and str(last_appended.line) == row.where and last_appended.op != "+="):
            # The value that counts is in a (+) block: a line in the header would lose to it.
            self.post_message(OptionEdited(last_appended.section, last_appended.line, value))
        else:
            self.post_message(FieldChanged(section, row.key, value))
        if self.query_one("#form-status").has_class("-error"):
            self._update_status(row)    # the value is valid again
