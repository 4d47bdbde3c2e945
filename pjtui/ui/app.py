"""The pjtui application: the layout, the bindings, and actions that delegate.

Where each part lives: the bars (bars.py), the form (forms.py), what the form and preview
show for the selection (selected_view.py), the edit pipeline and undo (edit_flow.py),
when the file is checked (checking.py, no Textual), section actions (section_actions.py),
refactorings (refactor_actions.py), save, quit and the journal (save_flow.py), the keys
panel (keys.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Input, Static

from pjtui._gc import paused_gc, settle_heap, thaw_heap
from pjtui.conf import Section
from pjtui.ui import checking, themes
from pjtui.ui import keys as keys_panel
from pjtui.ui._textual_compat import close_messages_no_wait, is_closing
from pjtui.ui.analysis import Analysis, analyse, analyse_snapshot, find_by_key, key_of, section_keys
from pjtui.ui.bars import PANE_TITLES, PANES, KeysFooter, PaneBar, TitleBar
from pjtui.ui.checking import CheckScheduler
from pjtui.ui.commands import SectionCommands
from pjtui.ui.dialogs import KeysScreen
from pjtui.ui.edit_flow import EditFlow, index_in
from pjtui.ui.forms import SectionForm
from pjtui.ui.messages import CheckFinished, FieldChanged, FieldReset, OptionAdded, OptionEdited, OptionRemoved
from pjtui.ui.preview import PreviewPane
from pjtui.ui.problems import Counts, ProblemsList, summary, summary_text
from pjtui.ui.pbx_flow import PbxFlow
from pjtui.ui.refactor_actions import RefactorActions
from pjtui.ui.save_flow import SaveFlow
from pjtui.ui.section_actions import SectionActions
from pjtui.ui.selected_view import SelectedView
from pjtui.ui.session import EditSession
from pjtui.ui.settings import Settings, SettingsError, load_settings, save_theme, unknown_bindings
from pjtui.ui.tree import Outline, SectionTree
from pjtui.ui.workspace import Workspace

# Up to this many sections the analysis runs at once on the UI thread (tests see it
# finished); above, it runs in a thread so the first paint does not wait for it.
SYNC_ANALYSIS_BELOW = 400
# The first full check (a thread, ~0.5 s of CPU at 10,000 sections, holding the GIL much
# of the time) starts this long after the first frame is on the terminal: the frames that
# follow it at start (the layout for the terminal's size, the footer) and the first keys
# are not slowed by it.  The title says "checking…" meanwhile; problems came no later in
# benchmarks/bench.py (problems_ready_s 1.4-1.7 s with the delay, 1.2-1.8 s without).
FIRST_CHECK_DELAY = 0.3
# Wait this long after the last keystroke before re-checking the whole file.
RECHECK_DELAY = 0.3


class PjtuiApp(App[int]):
    """Edit a pjsip_wizard.conf (or pjsip.conf) with its meaning shown as you type."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "pjtui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    COMMANDS = App.COMMANDS | {SectionCommands, themes.ThemeCommands}
    NOTIFICATION_TIMEOUT = 6

    BINDINGS = [
        Binding("f1", "keys", "Keys", id="keys", tooltip="Show every key (this panel)"),
        Binding("f2", "pane('sections')", "Sections", show=False, id="pane_sections", tooltip="Show the sections tree"),
        Binding("f3", "pane('edit')", "Edit", show=False, id="pane_edit", tooltip="Show the form of the section"),
        Binding("f4", "pane('preview')", "Preview", show=False, id="pane_preview", tooltip="Show what Asterisk builds"),
        Binding("f5", "pane('problems')", "Problems", show=False, id="pane_problems", tooltip="Show every problem"),
        Binding("ctrl+right", "cycle_pane(1)", "Next pane", show=False, priority=True, id="pane_next", tooltip="Next pane"),
        Binding("ctrl+left", "cycle_pane(-1)", "Previous pane", show=False, priority=True, id="pane_previous", tooltip="Previous pane"),
        Binding("ctrl+s", "save", "Save", priority=True, id="save", tooltip="Show the changes, then save"),
        Binding("ctrl+z", "undo", "Undo", priority=True, id="undo", tooltip="Undo the last change"),
        Binding("ctrl+y", "redo", "Redo", show=False, priority=True, id="redo", tooltip="Redo"),
        Binding("ctrl+n", "new_wizard", "New wizard", show=False, id="new_wizard", tooltip="New wizard from a template"),
        Binding("f6", "live_state", "Live state", show=False, id="live_state",
                tooltip="Ask the running Asterisk which endpoints are registered"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Quit (asks when there are unsaved changes)"),
        # q too where nothing is being typed (an input takes the letter first)
        Binding("q", "quit", "", show=False, id="quit_q", tooltip="Quit (asks when there are unsaved changes)"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        settings: Settings | None = None,
        settings_problems: Iterable[str] = (),
        journal: bool = True,
    ) -> None:
        self.workspace = workspace
        self.session = EditSession(workspace.documents)
        if settings is None:
            settings, problems = load_settings()
            settings_problems = [*settings_problems, *problems]
        self.settings = settings
        self._startup_messages: list[str] = list(settings_problems)
        # None, not False: the ANSI theme then uses the terminal's own 16 colours
        super().__init__(ansi_color=True if themes.no_color_requested() else None)
        loaded = themes.register_themes(self)
        self._startup_messages.extend(loaded.problems)
        unknown = themes.unknown_theme_message(settings.theme, self, str(settings.path))
        if unknown:
            self._startup_messages.append(unknown)
        self.theme = themes.startup_theme(settings.theme, self)
        self.saving = SaveFlow(self, journal=journal)
        self.editing = EditFlow(self)
        self.view = SelectedView(self)
        self.section_actions = SectionActions(self)
        self.refactor = RefactorActions(self)
        self.pbx = PbxFlow(self)
        self.main_model = None
        self.context_model = None
        self.outline: Outline | None = None
        self.checks = CheckScheduler()
        self._selected: Section | None = None
        self.selected_key = None
        self.active_pane = "sections"
        self._model_generation = -1  # session generation the models were built for
        self.stale_by_key: dict = {}
        self.positions: dict[int, int] = {}
        self._recheck_timer = None
        self.problem_counts: Counts | None = None  # of the shown analysis

    @property
    def read_only(self) -> bool:
        return self.workspace.read_only_reason is not None

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(id="titlebar")
        yield Static("", id="banner", markup=False)  # names a path: plain text
        yield PaneBar(id="panebar")
        with Vertical(id="body"):
            with Horizontal(id="upper"):
                with Vertical(id="sections", classes="pane"):
                    yield Input(placeholder="filter sections (esc clears)", id="filter")
                    yield SectionTree(id="tree")
                with Vertical(id="edit", classes="pane"):
                    yield SectionForm(id="form", mask_secrets=self.settings.mask_secrets,
                                      read_only=self.workspace.read_only_reason)
                yield PreviewPane(id="preview", classes="pane")
            yield ProblemsList(id="problems", classes="pane")
        yield KeysFooter()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """pjtui's own variables, for themes that do not set them (Textual's built-in ones).

        Their defaults name other variables (``$text-primary``); a variable's value must
        be a colour, so they are looked up in the current theme first.
        """
        theme = self.current_theme
        known = {**theme.to_color_system().generate(), **theme.variables}
        defaults = {**super().get_theme_variable_defaults(), **themes.THEME_VARIABLE_DEFAULTS}
        for name, value in defaults.items():
            for _ in range(5):  # a chain of names, never a loop
                if not (isinstance(value, str) and value.startswith("$") and value[1:] in known):
                    break
                value = known[value[1:]]
            defaults[name] = value
        return defaults

    def on_mount(self) -> None:
        # The breakpoint class now, not after the first layout: the screen applies it on
        # its first Resize, after laying out and painting without it (a second full layout
        # and paint of the screen at start).
        width = self.size.width
        chosen = [name for threshold, name in self.HORIZONTAL_BREAKPOINTS if width >= threshold][-1:]
        self.screen.update_classes({name: name in chosen for _, name in self.HORIZONTAL_BREAKPOINTS})
        self.set_keymap(self.settings.keymap)
        self._startup_messages.extend(unknown_bindings(self.settings, self._binding_ids()))
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for pane, title in PANE_TITLES.items():
            self.query_one(f"#{pane}").border_title = title
        self.query_one("#filter", Input).display = False
        with paused_gc():
            self._rebuild(initial=True)
            settle_heap()
        self._show_pane("sections")
        self.query_one(SectionTree).focus()
        if self._startup_messages:
            self.notify("\n".join(self._startup_messages), title="Settings and themes", severity="warning", timeout=10)
        self.saving.offer_journal()

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """A toast.  Plain text by default: its words name sections and values (``[/x]``), never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_unmount(self) -> None:
        thaw_heap(closing=True)  # the editor is closing: what it kept may be collected again

    # -- panes ---------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("-narrow") if self.screen is not None else True

    def _show_pane(self, pane: str) -> None:
        self.active_pane = pane
        for name in PANES:
            self.query_one(f"#{name}").set_class(name == pane, "-active")
        self.query_one("#upper").set_class(pane == "problems", "-hidden-narrow")
        self.query_one(PaneBar).show_active(pane)

    def action_pane(self, pane: str) -> None:
        self._show_pane(pane)
        target = {
            "sections": lambda: self.query_one(SectionTree),
            "edit": lambda: self.query_one("#form-list"),
            "preview": lambda: self.query_one(PreviewPane),
            "problems": lambda: self.query_one(ProblemsList),
        }[pane]()
        target.focus()

    def action_cycle_pane(self, step: int) -> None:
        current = self._pane_of_focus() or self.active_pane
        index = (PANES.index(current) + step) % len(PANES)
        self.action_pane(PANES[index])

    def _pane_of_focus(self) -> str | None:
        if not self.screen_stack:
            return None  # closing with a dialog open: a focus event can come after the last screen
        node = self.focused
        while node is not None:
            if node.id in PANES:
                return node.id
            node = node.parent
        return None

    def on_descendant_focus(self, event) -> None:
        pane = self._pane_of_focus()
        if pane is not None and pane != self.active_pane:
            self._show_pane(pane)

    # -- building what is shown ------------------------------------------------------

    def _rebuild(self, initial: bool = False) -> None:
        """Re-read the structure of the documents, refill the tree, start the checks."""
        if not initial:
            thaw_heap()  # the models about to be replaced may hold cycles: let them be collected
            self.workspace.refresh()
        self.main_model, self.context_model = self.workspace.models()
        self._model_generation = self.session.generation
        if self.analysis is not None:  # its checker and expansion read the old models: let them go
            self.analysis.checker = self.analysis.expansion = None
        all_sections = [s for cfg in self._configs() for s in cfg.sections]
        keys = section_keys(all_sections)
        self.stale_by_key = {key: section for section in all_sections if (key := keys.get(id(section)))}
        self.positions = {id(section): index for index, section in enumerate(all_sections)}
        counts = self.analysis.counts if self.analysis is not None else None
        self.outline = Outline(self.main_model, self.context_model, counts, keys)
        tree = self.query_one(SectionTree)
        tree.show_outline(self.outline, extra=[self.outline.files(self.workspace.main_documents)])
        if self.selected is not None:
            self.selected = self.live_section(self.selected)
        if self.selected is None:
            first = self._first_section()
            if first is not None:
                self.selected = first
                tree.reveal(first)
        self.show_selected()
        self.update_title()
        self.update_banner()
        self._start_analysis()

    def update_banner(self) -> None:
        """The notes above the panes: a new file, read-only, a file with no section yet."""
        notes = []
        if self.workspace.new_file:
            notes.append(f"New file: {self.workspace.shown_path} does not exist yet; it is created when you save.")
        elif not self.workspace.main.sections:
            root = self.workspace.main.root
            name = Path(root.name).name
            if not any(line.strip() for line in root.lines):
                notes.append(f"{name} is empty: no sections yet. n (or ctrl+n) adds a wizard.")
            else:
                notes.append(f"{name} has only comments ({len(root.lines)} lines), no sections yet. "
                             "n (or ctrl+n) adds a wizard.")
        if self.read_only:
            notes.append(self.workspace.read_only_reason)
        banner = self.query_one("#banner", Static)
        text = "\n".join(notes)
        if str(banner.content) != text:
            banner.update(text)
        banner.display = bool(notes)

    def _configs(self):
        return [c for c in (self.workspace.main, self.workspace.context) if c is not None]

    def _first_section(self) -> Section | None:
        for eff in self.main_model.sections:
            if eff.is_wizard:
                return eff.section
        if self.outline is not None and not self.outline.wizard_mode:
            # pjsip.conf: the first member of the first group, where the tree opens (the
            # file's first section may be in the last group, scrolling the tree to the bottom)
            for item in self.outline.top():
                members = item.children() if item.kind == "group" and item.children else [item]
                if len(members) and members[0].section is not None:
                    return members[0].section
        if self.main_model.sections:
            return self.main_model.sections[0].section
        if self.context_model is not None and self.context_model.sections:
            return self.context_model.sections[0].section
        return None

    def live_section(self, section: Section) -> Section | None:
        """The live Section for one that an edit may have replaced (edits re-read the file)."""
        doc = section.doc
        if index_in(section) is not None:
            return section
        try:
            same = doc.section_at(section.line)
        except KeyError:
            same = None
        if same is not None and same.name == section.name:
            return same
        if self.selected_key is not None and self.selected_key[1] == section.name.lower():
            return find_by_key(self.workspace.documents, self.selected_key)
        return None

    @property
    def selected(self) -> Section | None:
        return self._selected

    @selected.setter
    def selected(self, section: Section | None) -> None:
        self._selected = section
        self.selected_key = key_of(section) if section is not None else None

    def section_key(self, section: Section) -> tuple:
        """key_of(section), without walking the document when it is the selected one."""
        if section is self._selected and self.selected_key is not None:
            return self.selected_key
        return key_of(section)

    def eff_of(self, section):
        for model in (self.main_model, self.context_model):
            if model is not None and section is not None:
                eff = model.of(section)
                if eff is not None:
                    return eff
        return None

    def show_selected(self) -> None:
        """Form and preview for the selected section (pjtui/ui/selected_view.py)."""
        self.view.show()

    @property
    def _last_preview_ms(self) -> float:
        return self.view.last_preview_ms

    def update_title(self) -> None:
        left = Text(" pjtui ", style="bold")
        name = self.workspace.shown_path if not self.narrow else Path(self.workspace.shown_path).name
        left.append(f" {name}")
        if self.session.modified:
            changes = self.session.changes
            left.append(f" ●{changes} change" + ("s" if changes != 1 else ""), style="bold yellow")
        if self.read_only:
            left.append("  [read-only]", style="bold")
        if self.analysis is None:
            right = Text("checking…", style="dim")
        else:
            right = summary_text(self.problem_counts)
        self.query_one(TitleBar).set_parts(left, right)
        self.sub_title = name

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_title)

    # -- analysis -----------------------------------------------------------------------

    @property
    def _large(self) -> bool:
        size = len(self.main_model.sections) + (len(self.context_model.sections) if self.context_model else 0)
        return size >= SYNC_ANALYSIS_BELOW

    @property
    def analysis(self) -> Analysis | None:
        """The problems and counts shown (pjtui.ui.checking decides when they are made)."""
        return self.checks.analysis

    @property
    def full_checks(self) -> int:
        return self.checks.full_checks

    @property
    def _checking(self) -> bool:
        return self.checks.checking

    def _start_analysis(self) -> None:
        """Check the whole file: at once when small, else in a thread after the screen is drawn."""
        step = self.checks.structure_read(self._large)
        if step == checking.NOW:
            self._apply_analysis(analyse(self.session.generation, self.workspace.main, self.main_model,
                                         self.workspace.context, self.context_model, self.workspace.wizard_file))
        elif step == checking.THREAD:
            self.call_after_refresh(self._start_background_check)

    def on_ready(self) -> None:
        if self.checks.frame_shown():
            self.set_timer(FIRST_CHECK_DELAY, self._start_background_check)

    def _start_background_check(self) -> None:
        generation = self.session.generation
        models_fresh = self._model_generation == generation
        if not self.checks.begin_thread(models_fresh):
            return  # one at a time: the next starts when this one ends
        if models_fresh:
            session = self.session
            self._check_in_thread(checking.live_check(
                generation, lambda: session.generation == generation, self.workspace.main, self.main_model,
                self.workspace.context, self.context_model, self.workspace.wizard_file))
        else:
            snapshot = self.workspace.snapshot()
            self._check_in_thread(lambda: analyse_snapshot(generation, snapshot))

    @work(thread=True, group="analysis", name="analysis", exit_on_error=False)
    def _check_in_thread(self, job) -> None:
        try:
            result = job()
        except Exception as error:
            self.post_message(CheckFinished(None, error))
        else:
            self.post_message(CheckFinished(result, None))

    def on_check_finished(self, message: CheckFinished) -> None:
        if self.checks.thread_ended(message.analysis, self.session.generation):
            self._forget_lookups()
        if message.analysis is not None:
            self._apply_analysis(message.analysis)
        elif message.error is not None:
            self.notify(f"Checking the file failed: {message.error}", severity="error")
        if self.checks.wants_another(self.session.generation):
            self._start_background_check()

    def _forget_lookups(self) -> None:
        """After a check thread raced with edits: lookup tables it may have filled from
        replaced variable lists are dropped, to be built again."""
        for model in (self.main_model, self.context_model):
            if model is not None:
                model.forget_lookups()
        if self.selected is not None and self.is_running:
            self.show_selected()

    def _apply_analysis(self, analysis: Analysis) -> None:
        before = self.outline.counts if self.outline is not None else None
        if not self.checks.accept(analysis, self.session.generation, self._reads_models):
            return  # edits came in meanwhile; a new analysis is scheduled
        if self.outline is not None:
            self.outline.counts = analysis.counts
            changed = None
            if before is not None:
                changed = {key for key in before.keys() | analysis.counts.keys()
                           if before.get(key) != analysis.counts.get(key)}
            self.query_one(SectionTree).refresh_labels(changed)
        problems = self.query_one(ProblemsList)
        problems.show(analysis.problems)
        count = self.problem_counts = summary(analysis.problems)
        self.query_one("#problems").border_title = f"Problems ✖{count.errors} ⚠{count.warnings} ℹ{count.hints}"
        self.update_title()
        if self.selected is not None:
            self.show_selected()

    def _reads_models(self, checker) -> bool:
        """Whether ``checker`` was run on the editor's current models."""
        wizard, pjsip = ((self.main_model, self.context_model) if self.workspace.wizard_file
                         else (self.context_model, self.main_model))
        return checker.wizard is wizard and checker.pjsip is pjsip

    def check_edits(self) -> None:
        """After edits: the incremental re-check, else the full one (after a typing pause)."""
        if not self.is_running or is_closing(self):
            return
        if self.checks.is_current(self.session.generation):
            return  # an earlier call re-checked these edits too
        fresh = self.checks.edit_recheck(
            self.session.generation, wizard_model=self.main_model if self.workspace.wizard_file else self.context_model,
            large=self._large, reads_models=self._reads_models, main_config=self.workspace.main,
            context_config=self.workspace.context, log=self.log.error)
        if fresh is not None:
            self._apply_analysis(fresh)
        else:
            self._schedule_recheck()

    def _schedule_recheck(self) -> None:
        if self._recheck_timer is not None:
            self._recheck_timer.stop()
        self.checks.recheck_due = True
        self._recheck_timer = self.set_timer(RECHECK_DELAY, self._recheck)

    def _recheck(self) -> None:
        """Typing stopped: check the whole file again (the tree's shape did not change)."""
        self._recheck_timer = None
        self.checks.recheck_due = False
        if not self.is_running or is_closing(self) or not self.query(SectionTree):
            return  # the app is closing: a timer left over from the last keystroke
        if self.checks.is_current(self.session.generation):
            return
        step = self.checks.after_pause(self._large, self._model_generation == self.session.generation)
        if step == checking.THREAD:
            self._start_background_check()  # no rebuild here: 10,000 sections take a while
        elif step == checking.NOW:
            self._start_analysis()  # the models were kept up to date edit by edit
        else:
            self._rebuild()

    # -- selection ----------------------------------------------------------------------

    @on(SectionTree.SectionHighlighted)
    def _highlighted(self, event: SectionTree.SectionHighlighted) -> None:
        section = event.item.section
        current = self.live_section(section) if section is not None else None
        if current is not None and current is not self.selected:
            self.selected = current
            self.show_selected()

    @on(SectionTree.NodeSelected)
    def _selected_node(self, event) -> None:
        item = event.node.data
        if item is not None and item.kind in ("section", "append"):
            self.action_pane("edit")  # enter on a section: edit it (arrows alone just look)

    def select_section(self, section: Section, field: str | None = None) -> None:
        """Jump: select ``section`` in the tree, show it, and focus ``field`` in the form."""
        self.selected = section
        if self.query_one(SectionTree).filter_text:
            self._clear_filter()
        self.query_one(SectionTree).reveal(section)
        self.show_selected()
        if field:
            self._show_pane("edit")
            self.query_one(SectionForm).focus_field(field)
        else:
            self.action_pane("edit" if self.narrow else "sections")

    @on(ProblemsList.Jump)
    def _jump_to_problem(self, event: ProblemsList.Jump) -> None:
        problem = event.problem
        if problem.section is None:
            self.notify(f"{problem.where}: not inside a section", severity="information")
            return
        section = find_by_key(self.workspace.documents, problem.section_key) if problem.section_key else None
        if section is None:
            section = self.live_section(problem.section)
        if section is None:
            return
        field = problem.key or (f"Raw:{problem.line}" if problem.line and problem.line != section.line else None)
        self.select_section(section, field)

    # -- filter -------------------------------------------------------------------------

    @on(SectionTree.FilterRequested)
    def action_filter(self) -> None:
        self._show_pane("sections")
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one(SectionTree).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        tree = self.query_one(SectionTree)
        tree.focus()
        if not event.value.strip():
            self._clear_filter()
        elif tree.last_line >= 1:
            tree.cursor_line = 1  # the first match, not the "N match" line: enter then opens it
            node = tree.cursor_node
            if node is not None and node.data is not None and node.data.kind in ("section", "append"):
                self._highlighted(SectionTree.SectionHighlighted(node.data))

    def _clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        with box.prevent(Input.Changed):
            box.value = ""
        box.display = False
        tree = self.query_one(SectionTree)
        tree.set_filter("")
        if self.selected is not None:
            tree.reveal(self.selected)
        tree.focus()

    def on_key(self, event) -> None:
        if event.key == "escape" and (self.focused is self.query_one("#filter") or self.query_one(SectionTree).filter_text):
            if self._pane_of_focus() == "sections":
                event.stop()
                self._clear_filter()

    # -- the edit pipeline ----------------------------------------------------------------

    def apply(self, label: str, changes: list, merge_key: tuple | None = None, structural: bool = False,
              select: tuple | None = None, section: Section | None = None, field: str | None = None) -> bool:
        """Apply document edits as one undo step, then show what they mean (pjtui/ui/edit_flow.py)."""
        return self.editing.apply(label, changes, merge_key, structural, select, section, field)

    def on_field_changed(self, message: FieldChanged) -> None:
        message.stop()
        self.editing.field_changed(message)

    def on_field_reset(self, message: FieldReset) -> None:
        message.stop()
        self.editing.field_reset(message)

    def on_option_added(self, message: OptionAdded) -> None:
        message.stop()
        self.editing.option_added(message)

    def on_option_edited(self, message: OptionEdited) -> None:
        message.stop()
        self.editing.option_edited(message)

    def on_option_removed(self, message: OptionRemoved) -> None:
        message.stop()
        self.editing.option_removed(message)

    def action_undo(self) -> None:
        self.editing.undo()

    def action_redo(self) -> None:
        self.editing.redo()

    # -- sections: new, clone, rename, delete, templates (pjtui/ui/section_actions.py) ----

    def action_new_wizard(self) -> None:
        self.section_actions.new_wizard()

    def action_clone(self) -> None:
        self.section_actions.clone()

    def action_rename(self) -> None:
        self.refactor.rename()  # references follow (pjtui/ui/refactor_actions.py)

    def action_toggle_mark(self) -> None:
        self.refactor.toggle_mark()

    def action_extract_template(self) -> None:
        self.refactor.extract()

    def action_convert(self, want: str = "") -> None:
        self.refactor.convert(want or None)

    def action_delete_section(self) -> None:
        self.section_actions.delete_section()

    def action_change_templates(self) -> None:
        self.section_actions.change_templates()

    def refuse_read_only(self) -> bool:
        if self.read_only:
            self.notify(self.workspace.read_only_reason or "Read-only", severity="warning")
            return True
        return False

    # -- saving, quitting, the journal (pjtui/ui/save_flow.py) ---------------------------

    def action_save(self) -> None:
        self.saving.save()

    async def action_quit(self) -> None:
        self.saving.quit()

    @property
    def last_save_advice(self) -> str | None:
        return self.saving.last_save_advice

    def flush_journals(self) -> bool:
        """SIGHUP / crash: write what is in the editor now, durably.  True if edits were kept."""
        return self.saving.flush_journals()

    def _secret_values(self) -> list[str]:
        """Every password in the open files (the crash report leaves them out)."""
        return self.saving.secret_values()

    def _fatal_error(self) -> None:  # Textual's private hook (listed in _textual_compat.PRIVATES)
        # No Textual traceback: it prints local variables, passwords among them.  The
        # launcher reports the crash through pjtui.io.handle_crash instead.
        self.bell()
        close_messages_no_wait(self)

    # -- the running Asterisk (pjtui/ui/pbx_flow.py) ---------------------------------------

    def action_live_state(self) -> None:
        self.pbx.refresh_live()

    def action_reload_asterisk(self) -> None:
        if not self.refuse_read_only():
            self.pbx.reload()

    def show_live(self, live: dict[str, str]) -> None:
        """Each endpoint's live state after its name in the tree."""
        tree = self.query_one(SectionTree)
        tree.live = live
        tree.refresh_labels(None)

    # -- keys, commands, theme -------------------------------------------------------------------

    def _binding_ids(self) -> list[str]:
        return keys_panel.binding_ids(self)

    def key_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, as the keymap has it now, for the F1 panel."""
        return keys_panel.key_groups(self)

    def action_keys(self) -> None:
        if isinstance(self.screen, KeysScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(KeysScreen(self.key_groups()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's "Keys" opens its help panel: "Keys panel" (F1) lists every key instead.
        # Textual's "Theme" lists its own themes and forgets the choice: "Themes…"
        # (ThemeCommands) lists pjtui's and saves it in config.toml.
        yield from (c for c in super().get_system_commands(screen) if c.title not in ("Keys", "Theme"))
        commands = [
            ("Save", "Show the changes, then write them (ctrl+s)", self.action_save),
            ("Undo", "Undo the last change (ctrl+z)", self.action_undo),
            ("Redo", "Redo (ctrl+y)", self.action_redo),
            ("New wizard", "Add a wizard that inherits a template (ctrl+n)", self.action_new_wizard),
            ("Clone section", "Copy the selected section under a new name", self.action_clone),
            ("Rename section", "Rename the selected section; parent lists and references follow (r)", self.action_rename),
            ("Mark section", "Mark or unmark the selected section for Extract template (m)", self.action_toggle_mark),
            ("Clear marks", "Unmark every section", self.refactor.clear_marks),
            ("Extract template", "What the marked (or filtered) sections share moves into a new template (x)",
             self.action_extract_template),
            ("Convert wizard to plain objects", "The selected wizard becomes objects in pjsip.conf (o)",
             lambda: self.action_convert("objects")),
            ("Convert endpoint to wizard", "The selected pjsip.conf endpoint and its objects become a wizard (o)",
             lambda: self.action_convert("wizard")),
            ("Delete section", "Delete the selected section", self.action_delete_section),
            ("Change templates", "Set the templates the selected section inherits", self.action_change_templates),
            ("Filter sections", "Show only sections whose name contains a text (/)", self.action_filter),
            ("Show sections", "The sections tree (F2)", lambda: self.action_pane("sections")),
            ("Show form", "The form of the selected section (F3)", lambda: self.action_pane("edit")),
            ("Show preview", "What Asterisk builds from the selected section (F4)", lambda: self.action_pane("preview")),
            ("Show problems", "Every problem of the files (F5)", lambda: self.action_pane("problems")),
            ("Keys panel", "Every key and what it does (F1)", self.action_keys),
            ("Reveal secrets", "Show or mask passwords in the preview", self.action_toggle_secrets),
            ("Refresh live state", "Ask the running Asterisk which endpoints are registered (F6)",
             self.action_live_state),
        ]
        if not self.read_only:
            commands.append(("Reload Asterisk", "Send module reload res_pjsip.so, then show what it loaded",
                             self.action_reload_asterisk))
        if self.last_save_advice:
            commands.append(("How to apply", escape(f"Run in Asterisk: {self.last_save_advice}"),
                             lambda: self.notify(self.last_save_advice or "", timeout=10)))
        for name, help_text, callback in commands:
            yield SystemCommand(name, help_text, callback)

    def action_toggle_secrets(self) -> None:
        self.settings.mask_secrets = not self.settings.mask_secrets
        self.query_one(SectionForm).mask_secrets = self.settings.mask_secrets
        self.show_selected()

    def _theme_changed(self, theme) -> None:
        if theme.name == self.settings.theme:
            return
        self.settings.theme = theme.name
        try:
            save_theme(self.settings.path, theme.name)
        except SettingsError as error:
            self.notify(str(error), severity="warning")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.read_only and action in {"save", "undo", "redo", "new_wizard", "clone", "rename",
                                         "delete_section", "change_templates",
                                         "toggle_mark", "extract_template", "convert", "reload_asterisk"}:
            return None  # shown dimmed: not available in read-only mode
        return True
