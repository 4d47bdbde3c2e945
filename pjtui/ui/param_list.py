"""The form's list of parameters, drawn with the line API (only visible lines render)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pjtui.pjsip.catalogue import is_true
from pjtui.ui.form_data import Row, is_bool
from pjtui.ui.session import MASK, on_screen

if TYPE_CHECKING:
    from pjtui.ui.forms import SectionForm


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
        Binding("j", "cursor(1)", "", show=False),
        Binding("k", "cursor(-1)", "", show=False),
        Binding("tab", "app.cycle_pane(1)", "", show=False),          # Tab: the next pane, as in most TUIs
        Binding("shift+tab", "app.cycle_pane(-1)", "", show=False),
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
        # v and h: not in the footer (it is full at 80 columns); the form's help line names them
        Binding("v", "form('toggle_reveal')", "Reveal", show=False, id="form.reveal", tooltip="Show or mask passwords"),
        Binding("h", "form('toggle_full_help')", "Help", show=False, id="form.help",
                tooltip="Show the full Asterisk documentation"),
        Binding("left,left_square_bracket", "form('cycle_tab', -1)", "Prev tab", show=False, id="form.prev_tab"),
        Binding("right,right_square_bracket", "form('cycle_tab', 1)", "Next tab", show=False, id="form.next_tab"),
        Binding("d,delete", "form('remove_current')", "Remove", id="form.remove",
                tooltip="Remove this line (Raw tab)"),
        # The footer shows r on the value tabs and d on the Raw tab (check_action); these
        # twins keep both keys answering everywhere, with a word on where they apply.
        # (no description: the F1 panel lists each key once)
        Binding("r", "form('reset_anywhere')", "", show=False),
        Binding("d,delete", "form('remove_anywhere')", "", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, form: "SectionForm | None" = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.form = form                # the keys of the list act on it
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
            form.row_highlighted(self.row)

    def scroll_to_region_if_needed(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _form(self) -> "SectionForm | None":
        return self.form

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
        text.append(fit(row.label, name_width), name_style)
        text.append(" ")
        shown = self._shown_value(row)
        text.append(fit(shown, value_width), self._style(row.origin))
        text.append(" ")
        text.append(origin_text.rjust(origin_width), self._style(row.origin))
        return text

    def _shown_value(self, row: Row) -> str:
        if row.value is None:
            value = row.reset_value if row.origin == "default" else None
            if value in (None, ""):
                return "[ ] no" if is_bool(row.param) else "(none)"
        else:
            value = row.value
        if is_bool(row.param) and row.option is None:
            return ("[x] " if is_true(value) else "[ ] ") + value
        if row.secret and not self.revealed and value:
            return MASK
        return on_screen(value)

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


def fit(text: str, width: int) -> str:
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
