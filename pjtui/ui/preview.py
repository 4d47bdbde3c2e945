"""The Preview pane: what Asterisk builds from the selected section, with each value's origin."""

from __future__ import annotations

import textwrap
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from pjtui.io.secrets import is_secret_key
from pjtui.pjsip.catalogue import catalogue
from pjtui.pjsip.model import Appended, lines_of
from pjtui.pjsip.wizard import Derived, format_value
from pjtui.pjsip.wizard.exported import IGNORED, REPEATED, REPLACED, export_lines
from pjtui.ui.problem_data import GLYPH, STYLE, Problem
from pjtui.ui.session import MASK, on_screen


def origin_of(eff, entry) -> str:
    """``own:12``, ``user:5`` (template user, line 5), ``(+):40`` - where a value was written."""
    origin = eff.origin(entry)
    line = entry.line
    where = origin.where
    if origin.kind == "own":
        text = f"own:{line}"
    elif origin.kind == "append":
        text = f"(+):{line}"
    else:
        text = f"{where.name}:{line}" if where is not None else f"line {line}"
    if isinstance(entry, Appended):
        text += " +=" + ",".join(str(o.line) for o in lines_of(entry)[1:])
    if entry.section is not None and where is not None and entry.section.doc is not eff.section.doc:
        text += " " + Path(entry.section.doc.name).name
    return text


def source_text(eff, source) -> str:
    if isinstance(source, Derived):
        if source.default is not None and not source.entries:
            return f"wizard default ({source.rule})"
        if source.entries:
            first = source.entries[-1]
            return f"wizard: {source.rule} ← {origin_of(eff, first)}"
        return "wizard"
    return origin_of(eff, source)


#: what the preview says of a line Asterisk's export does not have
_NOTES = {REPLACED: ", overridden", IGNORED: ", overridden", REPEATED: ", the same contact again"}


class PreviewRenderer:
    """Builds the preview text.  Kept apart from the widget so tests can read it."""

    def __init__(self, width: int = 80, reveal: bool = False) -> None:
        self.width = width
        self.reveal = reveal

    def _pairs(self, text: Text, rows: list[tuple[str, str, str, bool]]) -> None:
        """``key = value`` lines with ``; origin`` in a column, or on the next line when narrow."""
        lefts = []
        for key, value, _origin, _dim in rows:
            shown = value if self.reveal or not is_secret_key(key) else MASK
            lefts.append(on_screen(f"{key} = {format_value(shown)}"))
        column = min(max((len(left) for left in lefts), default=0) + 2, max(20, self.width * 3 // 5))
        for left, (_key, _value, origin, dim) in zip(lefts, rows, strict=True):
            text.append(left, style="dim" if dim else "")
            note = f"; {origin}"
            if len(left) + 2 <= column and column + len(note) <= self.width:
                text.append(" " * (column - len(left)) + note + "\n", style="dim italic")
            elif len(left) + 2 + len(note) <= self.width:
                text.append("  " + note + "\n", style="dim italic")
            else:
                indent = max(2, self.width - len(note))
                text.append("\n" + " " * indent + note[: self.width - 2] + "\n", style="dim italic")

    def _problems(self, text: Text, problems: list[Problem]) -> None:
        """Each problem as ``;`` comment lines, wrapped, so the preview stays a valid file."""
        for problem in problems:
            line = f"{GLYPH[problem.severity]} {problem.severity}: {problem.message}"
            for part in textwrap.wrap(line, max(20, self.width - 2)) or [line]:
                text.append(f"; {part}\n", style=STYLE[problem.severity])

    def wizard(self, eff, expansion, problems: list[Problem], pjsip_model=None) -> Text:
        text = Text()
        objects = expansion.of_wizard(eff.name)     # what the wizards of this name made, export order
        text.append(f"; wizard [{eff.name}] creates {len(objects)} object" + ("s" if len(objects) != 1 else ""), style="bold")
        text.append("\n")
        self._problems(text, problems)
        for obj in objects:
            text.append("\n")
            text.append(f"[{obj.name}]", style="bold")
            text.append(f"   ; {obj.type}\n", style="dim")
            text.append(f"type = {obj.type}\n")
            rows = []
            for line in export_lines(obj):      # as pjtui expand prints it (one reading)
                if line.key.startswith("@pjsip_wizard"):
                    continue
                note = _NOTES.get(line.state, "")
                rows.append((line.key, line.value, source_text(eff, line.param.source) + note, not line.shown))
            self._pairs(text, rows)
        hints = expansion.hints_of(eff.name)
        if hints:
            text.append("\n; dialplan hints\n", style="bold")
            for hint in hints:
                for line in hint.lines():
                    text.append(f"; hint {line}\n")
        refs = self.references(objects, pjsip_model)
        if refs:
            text.append("\n; referenced objects in pjsip.conf\n", style="bold")
            for ref_eff in refs:
                text.append(f"[{ref_eff.name}]", style="bold")
                text.append(f"   ; {Path(ref_eff.section.doc.name).name}:{ref_eff.section.line}\n", style="dim")
                self._pairs(text, [(e.key, e.value, origin_of(ref_eff, e), True) for e in ref_eff.vars])
        if not objects and not problems:
            text.append("\n(nothing: this wizard creates no objects)\n", style="italic")
        return text

    def references(self, objects, pjsip_model) -> list:
        """pjsip.conf objects the generated ones name (transport, auths, aors, endpoints…),
        as the catalogue says which parameters reference which object type."""
        if pjsip_model is None:
            return []
        cat = catalogue()
        own = {(obj.type, obj.name) for obj in objects}
        wanted: list[tuple[str, str]] = []
        for obj in objects:
            object_type = cat.type(obj.type) if obj.type != "phoneprov" else None
            for param in obj.all_params():
                spec = object_type.param(param.key) if object_type is not None else None
                for ref in getattr(spec, "references", ()) or ():
                    if ref.object is None:
                        continue
                    for name in (n.strip() for n in param.value.split(",")):
                        if name and (ref.object, name) not in own:
                            wanted.append((ref.object, name))
        found = []
        for object_type, name in dict.fromkeys(wanted):
            for ref in pjsip_model.named(name):
                if not ref.template and ref.object_type == object_type and ref not in found:
                    found.append(ref)
        return found

    def section(self, eff, problems: list[Problem], children: int = 0) -> Text:
        """A template or a pjsip.conf object: its effective variables with origins."""
        text = Text()
        kind = "template" if eff.template else (eff.object_type or "section")
        text.append(f"; [{eff.name}] {kind}", style="bold")
        if eff.template:
            text.append(f", inherited by {children} section" + ("s" if children != 1 else ""), style="bold")
        text.append("\n")
        self._problems(text, problems)
        text.append(f"\n[{eff.name}]")
        if eff.template:
            text.append("(!)")
        text.append("\n")
        rows = []
        for index, entry in enumerate(eff.vars):
            overridden = eff.overridden(index)
            rows.append((entry.key, entry.value, origin_of(eff, entry) + (", overridden" if overridden else ""), overridden))
        self._pairs(text, rows)
        if not eff.vars:
            text.append("(no settings yet)\n", style="italic")
        return text


class PreviewPane(VerticalScroll):
    """Scrollable preview text; drawn again for the new width when resized."""

    BINDINGS = [
        Binding("j", "scroll_down", "", show=False),
        Binding("k", "scroll_up", "", show=False),
        Binding("tab", "app.cycle_pane(1)", "", show=False),          # Tab: the next pane, as in most TUIs
        Binding("shift+tab", "app.cycle_pane(-1)", "", show=False),
    ]

    DEFAULT_CSS = """
    PreviewPane { padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._draw = None
        self._width = 0

    def compose(self):
        yield Static("", id="preview-text")

    @property
    def text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1) if self.size.width else 80

    def show(self, draw) -> None:
        """``draw(width) -> Text``: called now and whenever the width changes."""
        self._draw = draw
        self._width = self.text_width
        _update_in_place(self.query_one("#preview-text", Static), draw(self._width))

    def on_resize(self) -> None:
        if self._draw is not None and self.text_width != self._width:
            self.show(self._draw)


def _update_in_place(static: Static, text: Text) -> None:
    """Show ``text``; lay the screen out again only when its height changed.

    A layout of the whole screen per keystroke (Static.update's default) was most of the
    time from a keystroke to the repainted preview; while the preview keeps its number of
    lines (most edits change a value on one line) a repaint of the pane is enough.
    """
    width = static.content_size.width
    old_height = static.content_size.height
    static.update(text, layout=False)
    if not (width and old_height and static.visual.get_height(static.styles, width) == old_height):
        static.refresh(layout=True)
