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

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events, on
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.suggester import SuggestFromList, Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch

from pjtui.pjsip.catalogue import CODEC_NAMES, DEFAULT_DOCS_DIR, WIZARD_PREFIXES, Param, catalogue, doc_text, is_true
from pjtui.ui.form_data import (  # re-exported: the form's data is imported from here too
    RAW_TAB, WIZARD_TABS, FormData, Row, TabSpec, affected_sections, build_rows, form_data, is_bool, tab_of,
)
from pjtui.ui.form_tabs import FormTabs
from pjtui.ui.inputs import FieldInput, ListItemSuggester, NameSuggester
from pjtui.ui.messages import FieldChanged, FieldReset, OptionAdded, OptionEdited, OptionRemoved
from pjtui.ui.param_list import ParamList
from pjtui.ui.session import MASK, is_secret, on_screen

if TYPE_CHECKING:
    from pjtui.conf import Section
    from pjtui.pjsip.model import Model
    from pjtui.pjsip.wizard import Expansion

__all__ = [
    "RAW_TAB", "WIZARD_TABS", "FieldInput", "FormData", "FormTabs", "ListItemSuggester", "NameSuggester",
    "ParamList", "Row", "SectionForm", "TabSpec", "affected_sections", "build_rows", "form_data",
]


def set_text(widget: Static, text: str) -> None:
    """Update only when the text changes: each update costs a layout pass of the screen.

    Moving through the list changes the status and help lines on every key; while the
    old and the new text each fit on one line the height stays, so no layout is needed.
    """
    text = on_screen(text)
    old = getattr(widget, "_pjtui_text", None)
    if old != text:
        widget._pjtui_text = text
        width = widget.content_size.width
        auto_width = widget.styles.width is not None and widget.styles.width.is_auto
        same_height = (old is not None and width > 0 and not auto_width and "\n" not in old and "\n" not in text
                       and 0 < cell_len(old) <= width and 0 < cell_len(text) <= width)
        widget.update(text, layout=not same_height)


def set_display(widget: Widget, shown: bool) -> None:
    if widget.display != shown:
        widget.display = shown


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
    /* typing goes here: a bar each side and the accent, visible without colour too */
    SectionForm > #form-editor > Input:focus { border-left: outer $accent !important;
        border-right: outer $accent !important; padding: 0; background: $boost; }
    SectionForm > #form-editor > Switch:focus { border-left: outer $accent; border-right: outer $accent; }
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
        yield ParamList(id="form-list", form=self)
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
        data = form_data(section, model, expansion, problems)
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
            tab = tab_of(key, self.data.tabs) or (self.data.tabs[0].key if self.data.tabs else "")
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

    @on(FormTabs.Clicked)
    def _tab_clicked(self, event: FormTabs.Clicked) -> None:
        event.stop()
        self.select_tab(event.key)

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
        set_text(self.query_one("#form-title", Static), data.title)
        affects = self.query_one("#form-affects", Static)
        if data.affects:
            names = ", ".join(data.affects[:6]) + (", …" if len(data.affects) > 6 else "")
            count = len(data.affects)
            plural = "s" if count != 1 else ""
            set_text(affects, f"⚠ an edit here changes {count} section{plural}: {names}")
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

    def row_highlighted(self, row: Row | None) -> None:
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
        if is_bool(row.param):
            return "bool"
        if kind == "enum" and row.param is not None and row.param.enum:
            return "enum"
        return "text"

    def _show_editor(self, kind: str) -> None:
        self._editor_kind = kind
        for widget_id, kinds in (("#form-edit-bool", ("bool",)), ("#form-edit-enum", ("enum",)),
                                 ("#form-edit-text", ("text", "add-name", "add-value"))):
            set_display(self.query_one(widget_id), kind in kinds)
        # The switch is drawn with colour only: say yes/no in words beside it (NO_COLOR).
        set_display(self.query_one("#form-edit-note"), kind in ("", "bool"))

    def _load_editor(self, row: Row | None, keep_text: bool = False) -> None:
        kind = self._editor_for(row)
        self._show_editor(kind)
        label = self.query_one("#form-edit-label", Label)
        note = self.query_one("#form-edit-note", Static)
        if row is None or not kind:
            set_text(label, "")
            if row is not None and row.origin == "add":
                set_text(note, "enter: add a parameter by name")
            else:
                set_text(note, "")
            return
        set_text(label, row.label)
        value = row.value if row.value is not None else (row.reset_value or "")
        if kind == "bool":
            switch = self.query_one("#form-edit-bool", Switch)
            with switch.prevent(Switch.Changed):
                switch.value = is_true(value)
            set_text(note, ("yes" if is_true(value) else "no") + "  (space or enter switches)")
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
        set_text(status, message or "")

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
            set_text(help_, "a: add a parameter   r: reset   v: reveal passwords   h: full help"
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
        set_text(help_, "\n".join(parts))

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
            editor = self.query_one(target)
            editor.focus()
            if kind == "text":
                editor.select_all()   # typing replaces the value, as in most editors; → or home to keep it

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
        set_text(self.query_one("#form-edit-label", Label), "add")
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
        set_text(self.query_one("#form-edit-label", Label), self._add_name)
        text = self.query_one("#form-edit-text", Input)
        with text.prevent(Input.Changed):
            text.suggester = self._suggester_for(param)
            text.password = is_secret(name) and self.mask_secrets
            text.placeholder = (param.default or "value") if param is not None else "value"
            text.value = ""
        set_text(self.query_one("#form-help", Static),
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
        if (event.key in ("tab", "shift+tab") and self._editor_kind in ("add-name", "add-value")
                and self._editor_has_focus()):
            # Tab completes, as in a shell; leaving would drop the name typed so far and
            # let the next letters run as the list's commands.
            event.stop()
            event.prevent_default()
            text = self.query_one("#form-edit-text", Input)
            text.action_end()
            text.action_cursor_right()   # takes the suggestion shown, if any
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
            self.row_highlighted(list_.row)
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
            self.row_highlighted(list_.row)
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
