"""The Sections tree: templates with the sections that inherit from them, pjsip.conf
objects grouped by type, included files.  Filled lazily so 10,000 sections paint at once.
"""

from __future__ import annotations

from collections import ChainMap, Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import Callable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pjtui.ui._textual_compat import lay_out_tree_lines
from pjtui.ui.analysis import section_keys
from pjtui.ui.problem_data import Counts

# Children are added this many at a time; the rest wait behind a "… N more" node.
CHUNK = 200
# Below this many sections the templates open expanded at start.
EXPAND_ALL_BELOW = 200
# What the tree shows after a section's name, per pjtui.pbx.apply.EndpointState.summary.
LIVE_SHOWN = {
    "registered": ("registered ✔", "green"),
    "reachable": ("reachable ✔", "green"),
    "unavailable": ("unavailable", "red"),
    "not loaded": ("not loaded", "yellow"),
}


@dataclass(eq=False)
class Item:
    """What a tree node stands for."""

    kind: str  # "section", "group", "file", "append", "more"
    text: str
    section: object | None = None  # conf Section (header) for sections and (+) blocks
    eff: object | None = None  # pjtui.pjsip.model Effective
    key: str = ""  # stable across rebuilds, to keep nodes open
    note: str = ""  # dim text after the name
    children: Callable[[], list["Item"]] | None = None
    counts_of: Callable[[], Counts] | None = None
    rest: "LazyItems | None" = None  # for "more": what it stands for


class LazyItems(Sequence):
    """Items made only when shown: a template with 10,000 children makes 400 at a time."""

    def __init__(self, sources: list, make: Callable[[object], Item]) -> None:
        self.sources = sources
        self.make = make

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return LazyItems(self.sources[index], self.make)
        return self.make(self.sources[index])

    def __iter__(self):
        return (self.make(source) for source in self.sources)

    def holds(self, eff) -> bool:
        return any(source is eff for source in self.sources)


class Outline:
    """How the sections of the models are arranged in the tree (no widgets here)."""

    def __init__(self, main_model, context_model, counts: dict, keys: dict | None = None) -> None:
        self.main_model = main_model
        self.context_model = context_model
        self.counts = counts
        self.main: list = list(main_model.sections)
        self.context: list = list(context_model.sections) if context_model is not None else []
        # id(parent) -> the sections that inherit it: each model's own index (a parent and
        # its children are always in the same model)
        self.children: Mapping[int, list] = ChainMap(
            main_model.children_index(), *([context_model.children_index()] if context_model is not None else []))
        if keys is None:
            keys = section_keys([s for eff in self.main + self.context for s in eff.own_sections()])
        self.keys = keys
        self.duplicate: dict[int, str] = {}
        for effs in (self.main, self.context):
            by_name: dict[str, list] = defaultdict(list)
            for eff in effs:
                if not eff.template:
                    by_name[eff.name.lower()].append(eff)
            for same in by_name.values():
                if len(same) < 2:
                    continue
                # pjsip.conf repeats a name for endpoint, aor and auth: only the same type is a duplicate.
                by_kind: dict[str | None, list] = defaultdict(list)
                for eff in same:
                    by_kind[_kind(eff)].append(eff)
                for group in by_kind.values():
                    if len(group) > 1:
                        for n, eff in enumerate(group, 1):
                            self.duplicate[id(eff)] = f"duplicate {n}/{len(group)}"
        self.wizard_mode = any(eff.is_wizard for eff in self.main) or not any(
            eff.object_type for eff in self.main
        )

    def of(self, section):
        found = self.main_model.of(section)
        if found is None and self.context_model is not None:
            found = self.context_model.of(section)
        return found

    def count(self, section) -> Counts | None:
        if self.counts is None:  # not checked yet: show no glyph rather than a false ✔
            return None
        return self.counts.get(self.keys.get(id(section)), Counts())

    # -- counts --------------------------------------------------------------------

    def counts_of(self, eff) -> Counts | None:
        if self.counts is None:
            return None
        total = Counts()
        for section in eff.own_sections():
            total = total + self.count(section)
        return total

    def _sum(self, effs: list) -> Callable[[], Counts | None]:
        def count() -> Counts | None:
            if self.counts is None:
                return None
            total = Counts()
            for eff in effs:
                total = total + self.counts_of(eff)
            return total

        return count

    # -- items ---------------------------------------------------------------------

    def section_item(self, eff, under=None) -> Item:
        notes = []
        if eff.template:
            notes.append("(!)")
        others = [p.name for p in eff.parents if p is not under]
        if under is not None and others:
            notes.append("also under " + ", ".join(others))
        if eff.missing_parents:
            notes.append("missing parent " + ", ".join(eff.missing_parents))
        if id(eff) in self.duplicate:
            notes.append(self.duplicate[id(eff)])
        if eff.appends:
            notes.append(f"+{len(eff.appends)} (+) block" + ("s" if len(eff.appends) > 1 else ""))
        kids = self.children.get(id(eff), [])
        has_children = bool(kids or eff.appends)
        return Item(
            "section",
            eff.name,
            section=eff.section,
            eff=eff,
            key=f"s:{self.keys.get(id(eff.section))}" + ("" if under is None else f"@{self.keys.get(id(under.section))}"),
            note=", ".join(notes),
            children=(lambda: self._children_items(eff)) if has_children else None,
            counts_of=lambda: self.counts_of(eff),
        )

    def _children_items(self, eff) -> LazyItems:
        def make(source) -> Item:
            if source in eff.appends:
                return Item(
                    "append",
                    f"[{eff.name}](+)",
                    section=source,
                    eff=eff,
                    key=f"a:{self.keys.get(id(source))}",
                    note=f"line {source.line}" + _file_note(source, eff.section),
                    counts_of=lambda: self.count(source),
                )
            return self.section_item(source, under=eff)

        return LazyItems([*eff.appends, *self.children.get(id(eff), [])], make)

    def top(self) -> list[Item]:
        items: list[Item] = []
        if self.wizard_mode:
            items.extend(self.section_item(eff) for eff in self.main if not eff.parents)
        else:
            items.extend(self._by_type(self.main, "g:main"))
        if self.context:
            name = Path(self.context[0].section.doc.name).name
            items.append(
                Item(
                    "group",
                    name,
                    key="g:context",
                    note=f"{len(self.context)} section" + ("" if len(self.context) == 1 else "s"),
                    children=self._context_items,
                    counts_of=self._sum(self.context),
                )
            )
        return items

    def _context_items(self) -> list[Item]:
        """pjsip_wizard.conf beside a pjsip.conf: by template; pjsip.conf: by object type."""
        if any(eff.is_wizard for eff in self.context):
            return [self.section_item(eff) for eff in self.context if not eff.parents]
        return self._by_type(self.context, "g:context")

    def _by_type(self, effs: list, key: str) -> list[Item]:
        groups: dict[str, list] = defaultdict(list)
        for eff in effs:
            groups[_kind(eff) or "no type"].append(eff)
        order = ["template", *sorted(k for k in groups if k not in ("template", "no type")), "no type"]
        items = []
        for kind in order:
            members = groups.get(kind)
            if not members:
                continue
            label = "templates" if kind == "template" else kind
            items.append(
                Item(
                    "group",
                    label,
                    key=f"{key}:{kind}",
                    note=str(len(members)),
                    children=lambda members=members: LazyItems(members, self.section_item),
                    counts_of=self._sum(members),
                )
            )
        return items

    def files(self, docs: list) -> Item | None:
        """The #included files, each with the sections written in it."""
        if len(docs) < 2:
            return None
        by_doc: dict[int, list] = defaultdict(list)
        for eff in self.main + self.context:
            by_doc[id(eff.section.doc)].append(eff)
        file_items = []
        for doc in docs[1:]:
            members = by_doc.get(id(doc), [])
            file_items.append(
                Item(
                    "file",
                    Path(doc.name).name,
                    key=f"f:{doc.name}",
                    note=f"{len(members)} sections",
                    children=(lambda members=members: LazyItems(members, self.section_item)) if members else None,
                    counts_of=self._sum(members),
                )
            )
        return Item(
            "group",
            "included files",
            key="g:files",
            note=str(len(file_items)),
            children=lambda: file_items,
        )

    def path_to(self, eff) -> list:
        """Ancestors of ``eff`` from the top (first parent each time), ``eff`` last."""
        chain = [eff]
        seen = {id(eff)}
        while chain[0].parents and id(chain[0].parents[0]) not in seen:
            chain.insert(0, chain[0].parents[0])
            seen.add(id(chain[0]))
        return chain


def _kind(eff) -> str | None:
    if eff.template:
        return "template"
    return eff.object_type


def _file_note(block, header) -> str:
    if block.doc is header.doc:
        return ""
    return " of " + Path(block.doc.name).name


def counts_text(counts: Counts | None) -> Text:
    """✔ clean, ⚠N warnings, ✖N errors: the glyph carries the meaning without colour."""
    if counts is None:
        return Text("")
    if not counts.errors and not counts.warnings:
        return Text("✔", style="green") if not counts.hints else Text(f"ℹ{counts.hints}", style="blue")
    text = Text()
    if counts.errors:
        text.append(f"✖{counts.errors}", style="bold red")
    if counts.warnings:
        if counts.errors:
            text.append(" ")
        text.append(f"⚠{counts.warnings}", style="yellow")
    return text


class SectionTree(Tree[Item]):
    """The tree widget over an :class:`Outline`."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="tree.filter"),
        Binding("n", "app.new_wizard", "New", id="tree.new"),
        Binding("c", "app.clone", "Clone", id="tree.clone", show=False),
        Binding("r", "app.rename", "Rename", id="tree.rename", show=False),
        Binding("t", "app.change_templates", "Templates", id="tree.templates", show=False),
        Binding("delete", "app.delete_section", "Delete", id="tree.delete", show=False),
        Binding("m", "app.toggle_mark", "Mark or unmark (for Extract template)", id="tree.mark", show=False),
        Binding("x", "app.extract_template", "Extract template: marked, else filtered, else children", id="tree.extract", show=False),
        Binding("o", "app.convert", "Convert wizard ⇄ plain objects", id="tree.convert", show=False),
        Binding("j", "cursor_down", "", show=False),
        Binding("k", "cursor_up", "", show=False),
        Binding("tab", "app.cycle_pane(1)", "", show=False),          # Tab: the next pane, as in most TUIs
        Binding("shift+tab", "app.cycle_pane(-1)", "", show=False),
    ]

    class SectionHighlighted(Message):
        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    class FilterRequested(Message):
        pass

    def __init__(self, **kwargs) -> None:
        super().__init__("sections", **kwargs)
        self.live: dict[str, str] = {}   # endpoint name (lower case) -> live state (pbx_flow)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False  # enter opens a section in the form; space expands
        self.outline: Outline | None = None
        self._filled_ids: set[int] = set()
        self._item_nodes: dict[str, list[TreeNode[Item]]] = defaultdict(list)
        self.filter_text = ""
        self.marked: set = set()  # section keys marked with m (pjtui/ui/refactor_actions.py)

    # -- filling -------------------------------------------------------------------

    def show_outline(self, outline: Outline, extra: list[Item] = (), keep_state: bool = True) -> None:
        """Rebuild from ``outline``, keeping open nodes and the cursor where they were."""
        opened = self._open_keys() if keep_state and self.outline is not None else None
        cursor = self.cursor_node.data.key if keep_state and self.cursor_node and self.cursor_node.data else None
        self.outline = outline
        self.clear()
        self._filled_ids.clear()
        self._item_nodes.clear()
        if self.filter_text:
            self._fill_filtered()
        else:
            small = len(outline.main) + len(outline.context) <= EXPAND_ALL_BELOW
            items = outline.top() + [item for item in extra if item is not None]
            self._add_items(self.root, items, opened, expand_default=small)
        if cursor:
            node = self._item_nodes.get(cursor)
            if node:
                self.select_line(node[0])

    def _open_keys(self) -> set[str]:
        keys = set()
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None:
                keys.add(node.data.key)
                stack.extend(node.children)
        return keys

    def _add_items(self, parent: TreeNode[Item], items: Sequence[Item], opened: set[str] | None, expand_default: bool) -> None:
        shown = items[:CHUNK]
        for item in shown:
            expandable = item.children is not None
            node = parent.add(self._label(item), item, allow_expand=expandable)
            self._item_nodes[item.key].append(node)
            if expandable:
                want = (item.key in opened) if opened is not None else (expand_default and item.kind != "file")
                if want:
                    self._fill(node, opened, expand_default)
                    node.expand()
        if len(items) > CHUNK:
            rest = items[CHUNK:]
            more = Item("more", f"… {len(rest)} more", key=f"m:{id(parent)}", rest=rest)
            parent.add_leaf(self._label(more), more)

    def _fill(self, node: TreeNode[Item], opened: set[str] | None = None, expand_default: bool = False) -> None:
        if id(node) in self._filled_ids or node.data is None or node.data.children is None:
            return
        self._filled_ids.add(id(node))
        self._add_items(node, node.data.children(), opened, expand_default)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Item]) -> None:
        self._fill(event.node)

    def _on_tree_node_selected(self, event: Tree.NodeSelected[Item]) -> None:
        item = event.node.data
        if item is not None and item.kind == "more":
            self._show_more(event.node)
        elif item is not None and item.kind in ("group", "file"):
            event.node.toggle()

    def _show_more(self, node: TreeNode[Item]) -> None:
        parent = node.parent
        rest = node.data.rest
        node.remove()
        self._add_items(parent, rest, None, False)

    def _on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Item]) -> None:
        # Refilling the tree moves the cursor through other lines first: only where it
        # ends counts.
        if event.node is not self.cursor_node:
            return
        if event.node.data is not None and event.node.data.kind in ("section", "append"):
            self.post_message(self.SectionHighlighted(event.node.data))

    # -- labels --------------------------------------------------------------------

    def _label(self, item: Item) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if item.kind == "more":
            text.append(item.text + " (enter shows them)", style="italic")
            return text
        style = "bold" if item.kind == "group" else ("italic" if item.eff is not None and item.eff.template else "")
        if self.marked and item.kind == "section" and self.outline.keys.get(id(item.section)) in self.marked:
            text.append("● ", style="bold")
        text.append(item.text, style=style)
        if item.note:
            text.append(f"  {item.note}", style="dim")
        if item.counts_of is not None:
            text.append("  ")
            text.append_text(counts_text(item.counts_of()))
        live = self.live.get(item.eff.name.lower()) if self.live and item.kind == "section" and item.eff is not None \
            and not item.eff.template and (item.eff.is_wizard or item.eff.object_type == "endpoint") else None
        if live is not None:
            words, style = LIVE_SHOWN.get(live, (live, "dim"))
            text.append(f"  {words}", style=style)
        return text

    def refresh_labels(self, changed: set | None = None) -> None:
        """Problem counts changed: relabel the nodes that exist (lazy ones get it when filled).

        ``changed``: the keys (analysis.SectionKey) whose counts changed, when known; only
        their nodes and the groups (which sum their members) are labelled again.  After an
        edit that is a handful of the thousands of nodes a revealed section leaves open.
        """
        for nodes in self._item_nodes.values():
            for node in nodes:
                if node.data is not None and (changed is None or self._counts_changed(node.data, changed)):
                    label = self._label(node.data)
                    if label.plain != node.label.plain:
                        node.set_label(label)

    def _counts_changed(self, item: Item, changed: set) -> bool:
        keys = self.outline.keys if self.outline is not None else {}
        if item.kind == "append":
            return keys.get(id(item.section)) in changed
        if item.kind == "section" and item.eff is not None:
            return any(keys.get(id(s)) in changed for s in item.eff.own_sections())
        return True  # groups and files: a sum over their members

    # -- finding -------------------------------------------------------------------

    def reveal(self, section) -> bool:
        """Open the path to ``section`` and put the cursor on it."""
        if self.outline is None:
            return False
        eff = self.outline.of(section)
        if eff is None:
            return False
        keys = [f"s:{id(section)}"] if section is not eff.section else []
        chain = self.outline.path_to(eff)
        parent_node = self.root
        for depth, step in enumerate(chain):
            node = self._find_child(parent_node, step, chain[depth - 1] if depth else None)
            if node is None:
                return False
            if depth < len(chain) - 1 or keys:
                self._fill(node)
                node.expand()
            parent_node = node
        if keys:
            for child in parent_node.children:
                if child.data is not None and child.data.section is section:
                    parent_node = child
                    break
        self.select_line(parent_node)
        return True

    def _find_child(self, parent: TreeNode[Item], eff, under) -> TreeNode[Item] | None:
        while True:
            groups = []
            for child in parent.children:
                data = child.data
                if data is None:
                    continue
                if data.kind == "section" and data.eff is eff:
                    return child
                if data.kind == "more" and data.rest.holds(eff):
                    self._show_more(child)
                    break
                if data.kind == "group":
                    groups.append(child)
            else:
                for group in groups:
                    self._fill(group)
                    found = self._find_child(group, eff, under)
                    if found is not None:
                        group.expand()
                        return found
                return None

    def select_line(self, node: TreeNode[Item]) -> None:
        lay_out_tree_lines(self)  # now: the cursor needs their line numbers
        self.cursor_line = node.line
        # Scroll once the tree has its size: before that any line looks out of view.
        self.call_after_refresh(lambda: node.line >= 0 and self.scroll_to_line(node.line, animate=False))

    # -- filter --------------------------------------------------------------------

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested())

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip()
        if self.outline is not None:
            self.show_outline(self.outline, keep_state=False)

    def _fill_filtered(self) -> None:
        needle = self.filter_text.lower()
        outline = self.outline
        matches = [eff for eff in outline.main + outline.context if needle in eff.name.lower()]
        self.root.add_leaf(Text(f"{len(matches)} match “{self.filter_text}” (esc clears)", style="dim italic"), None)
        # pjsip.conf names an endpoint, its aor and its auth alike: say which is which
        names = Counter(eff.name.lower() for eff in matches)

        def item(eff) -> Item:
            made = outline.section_item(eff)
            kind = _kind(eff)
            if names[eff.name.lower()] > 1 and kind:
                made.note = ", ".join(n for n in (kind, made.note) if n)
            return made

        self._add_items(self.root, LazyItems(matches, item), set(), False)
