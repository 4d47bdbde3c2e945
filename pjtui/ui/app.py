"""The pjtui application: panes, the edit pipeline, undo/redo, save and quit."""

from __future__ import annotations

import time
from bisect import bisect_right
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from pjtui._gc import paused_gc, settle_heap, thaw_heap
from pjtui.conf import Section, edits
from pjtui.conf.document import split_lines
from pjtui.io import (
    ExternalChange,
    FileError,
    Journal,
    JournalError,
    find_journal,
    save_file,
)
from pjtui.io.verify import verify_document
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand
from pjtui.ui import checking, themes
from pjtui.ui._textual_compat import close_messages_no_wait, is_closing
from pjtui.ui._textual_compat import keymap as textual_keymap
from pjtui.ui.analysis import (
    WHOLE_FILE_CODES,
    Analysis,
    analyse,
    analyse_snapshot,
    find_by_key,
    key_of,
    local_problems,
    section_keys,
)
from pjtui.ui.bars import PANE_TITLES, PANES, KeysFooter, PaneBar, TitleBar
from pjtui.ui.checking import CheckScheduler
from pjtui.ui.commands import SectionCommands
from pjtui.ui.dialogs import (
    ConfirmScreen,
    FileDiff,
    KeysScreen,
    PickScreen,
    PromptScreen,
    SaveDiffScreen,
    UnsavedChangesScreen,
)
from pjtui.ui.forms import SectionForm
from pjtui.ui.messages import (
    CheckFinished,
    FieldChanged,
    FieldReset,
    OptionAdded,
    OptionEdited,
    OptionRemoved,
)
from pjtui.ui.param_list import ParamList
from pjtui.ui.preview import PreviewPane, PreviewRenderer
from pjtui.ui.problems import ProblemsList, summary, summary_text
from pjtui.ui.reload import reload_advice
from pjtui.ui.session import EditError, EditSession
from pjtui.ui.settings import (
    Settings,
    SettingsError,
    load_settings,
    save_theme,
    unknown_bindings,
)
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
# Edits of option lines are re-checked incrementally this long after the keystroke.
CHECK_AFTER_PAINT = 0.02
JOURNAL_DELAY = 1.0


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
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Quit (asks when there are unsaved changes)"),
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
        self._use_journal = journal
        self.journals: dict[str, Journal] = {}
        self.main_model = None
        self.context_model = None
        self.outline: Outline | None = None
        self.checks = CheckScheduler()
        self._selected: Section | None = None
        self.selected_key = None
        self.active_pane = "sections"
        self._model_generation = -1  # session generation the models were built for
        self._stale_by_key: dict = {}
        self._positions: dict[int, int] = {}
        self._recheck_timer = None
        self._journal_timer = None
        self._summary = None
        self._last_preview_ms = 0.0
        self.last_save_advice: str | None = None

    @property
    def read_only(self) -> bool:
        return self.workspace.read_only_reason is not None

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(id="titlebar")
        yield Static("", id="banner")
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
        banner = self.query_one("#banner", Static)
        notes = []
        if self.workspace.new_file:
            notes.append(f"New file: {self.workspace.shown_path} does not exist yet; it is created when you save.")
        if self.read_only:
            notes.append(self.workspace.read_only_reason)
        banner.update("\n".join(notes))
        banner.display = bool(notes)
        self.query_one("#filter", Input).display = False
        with paused_gc():
            self._rebuild(initial=True)
            settle_heap()
        self._show_pane("sections")
        self.query_one(SectionTree).focus()
        if self._startup_messages:
            self.notify("\n".join(self._startup_messages), title="Settings and themes", severity="warning", timeout=10)
        self._offer_journal()

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
        self._stale_by_key = {key: section for section in all_sections if (key := keys.get(id(section)))}
        self._positions = {id(section): index for index, section in enumerate(all_sections)}
        counts = self.analysis.counts if self.analysis is not None else None
        self.outline = Outline(self.main_model, self.context_model, counts, keys)
        tree = self.query_one(SectionTree)
        tree.show_outline(self.outline, extra=[self.outline.files(self.workspace.main_documents)])
        if self.selected is not None:
            self.selected = self._current(self.selected)
        if self.selected is None:
            first = self._first_section()
            if first is not None:
                self.selected = first
                tree.reveal(first)
        self._show_selected()
        self._update_title()
        self._start_analysis()

    def _configs(self):
        return [c for c in (self.workspace.main, self.workspace.context) if c is not None]

    def _first_section(self) -> Section | None:
        for eff in self.main_model.sections:
            if eff.is_wizard:
                return eff.section
        if self.main_model.sections:
            return self.main_model.sections[0].section
        if self.context_model is not None and self.context_model.sections:
            return self.context_model.sections[0].section
        return None

    def _current(self, section: Section) -> Section | None:
        """The live Section for one that an edit may have replaced (edits re-read the file)."""
        doc = section.doc
        if _index_in(section) is not None:
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

    def _key(self, section: Section) -> tuple:
        """key_of(section), without walking the document when it is the selected one."""
        if section is self._selected and self.selected_key is not None:
            return self.selected_key
        return key_of(section)

    def _eff_of(self, section):
        for model in (self.main_model, self.context_model):
            if model is not None and section is not None:
                eff = model.of(section)
                if eff is not None:
                    return eff
        return None

    def _model_for(self, section: Section):
        """A model that knows ``section`` as it is now.

        Usually the full model, kept up to date edit by edit.  When it could not be (a
        file with ``(+)`` sections), the section is built with its ancestors only
        (parents are defined before their children, so an edit below them cannot change
        them) until the whole file is rebuilt a moment after the typing stops.
        """
        fresh = self._model_generation == self.session.generation
        stale = self._stale_by_key.get(self._key(section))
        stale_eff = self._eff_of(stale) if stale is not None else None
        if stale_eff is None and not fresh:
            self._rebuild()
            return self._model_for(section)
        if stale_eff is None:
            return self.main_model
        needs_full = stale_eff.appends or (stale_eff.template and self.outline.children.get(id(stale_eff)))
        if needs_full:
            if not fresh:
                self._rebuild()
            return self.main_model if self.main_model.of(self._current(section) or section) else self.context_model
        return self._chain_model(stale_eff.parents, [section])

    def _show_selected(self) -> None:
        """Form and preview for the selected section."""
        started = time.perf_counter()
        section = self.selected
        form = self.query_one(SectionForm)
        pane = self.query_one(PreviewPane)
        if section is None:
            form.show(None, None)
            pane.show(lambda width: Text("Nothing selected. Press ctrl+n to add a wizard from a template.", style="italic"))
            return
        model = self._model_for(section)
        eff = model.of(section)
        local, expansion = self._expand_selected(section, eff, model)
        problems = self._shown_problems(section, eff, local, expansion)
        form.show(section, model, expansion, problems)
        pane.show(lambda width: self._preview_text(section, eff, local, expansion, problems, width))
        self._last_preview_ms = (time.perf_counter() - started) * 1000

    def _expand_selected(self, section: Section, eff, model):
        """The wizard expansion of the selected section alone, from its own chain.

        Fresh as you type whatever the file size; what needs the whole file (name
        collisions, overlapping identifies) comes from the last full check.
        """
        if eff is None:
            return model, None
        local = model
        if model is self.main_model or model is self.context_model:
            local = self._chain_model(eff.parents, eff.own_sections())
        in_main = any(section.doc is d for d in self.workspace.main_documents)
        local_eff = local.of(eff.section)
        if not (in_main and self.workspace.wizard_file and local_eff is not None and local_eff.is_wizard):
            return local, None
        return local, expand(local, pjsip=self.context_model, filename=Path(self.workspace.path).name)

    def _problems_of(self, section: Section, whole_file_only: bool = False) -> list:
        """Problems of ``section`` from the last full analysis."""
        if self.analysis is None:
            return []
        key = self._key(section)
        return [p for p in self.analysis.problems
                if p.section_key == key and (not whole_file_only or p.code in WHOLE_FILE_CODES)]

    def _shown_problems(self, section: Section, eff, local, expansion) -> list:
        """The problems of the selected section as the form and the preview show them."""
        if eff is None:
            return []
        local_eff = local.of(eff.section) or eff
        if any(section.doc is d for d in self.workspace.main_documents):
            problems = local_problems(local_eff, local, self.context_model, expansion, self.workspace.wizard_file)
            return problems + self._problems_of(eff.section, whole_file_only=True)
        return self._problems_of(eff.section)

    def _preview_text(self, section: Section, eff, local, expansion, problems, width: int) -> Text:
        renderer = PreviewRenderer(width=width, reveal=not self.settings.mask_secrets)
        if eff is None:
            return Text(f"[{section.name}]: not part of the configuration Asterisk reads.", style="italic")
        local_eff = local.of(eff.section) or eff
        if expansion is not None:
            return renderer.wizard(local_eff, expansion, problems, self.context_model)
        children = len(self.outline.children.get(id(eff), [])) if self.outline else 0
        return renderer.section(local_eff, problems, children)

    def _chain_model(self, parents, own_sections):
        """A model of ``own_sections`` and their ancestors only: cheap in a file of any size."""
        ancestors: dict[int, object] = {}
        stack = list(parents)
        while stack:
            parent = stack.pop()
            if id(parent) not in ancestors:
                ancestors[id(parent)] = parent
                stack.extend(parent.parents)
        sections = [s for p in ancestors.values() for s in p.own_sections()]
        sections.sort(key=lambda s: self._positions.get(id(s), 0))
        sections.extend(own_sections)
        return build(SimpleNamespace(sections=sections))

    def _update_title(self) -> None:
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
            right = summary_text(self._summary)
        self.query_one(TitleBar).set_parts(left, right)
        self.sub_title = name

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_title)

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
            self._show_selected()

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
        count = self._summary = summary(analysis.problems)
        self.query_one("#problems").border_title = f"Problems ✖{count.errors} ⚠{count.warnings} ℹ{count.hints}"
        self._update_title()
        if self.selected is not None:
            self._show_selected()

    def _reads_models(self, checker) -> bool:
        """Whether ``checker`` was run on the editor's current models."""
        wizard, pjsip = ((self.main_model, self.context_model) if self.workspace.wizard_file
                         else (self.context_model, self.main_model))
        return checker.wizard is wizard and checker.pjsip is pjsip

    def _check_edits(self) -> None:
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
        current = self._current(section) if section is not None else None
        if current is not None and current is not self.selected:
            self.selected = current
            self._show_selected()

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
        self._show_selected()
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
            section = self._current(problem.section)
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
        """Apply document edits as one undo step, then show what they mean.

        ``section``: for edits of one section's option lines (not its header), the models
        are brought up to date incrementally instead of being rebuilt.
        """
        if self.read_only:
            self.notify(self.workspace.read_only_reason or "Read-only", severity="warning")
            self._show_selected()  # put the form back to what the file says
            return False
        selected_key = self.selected_key if self.selected is not None else None
        before = self.session.generation
        models_fresh = self._model_generation == before
        place = _place_of(self.selected) if self.selected is not None and not structural else None
        try:
            self.session.apply(label, changes, merge_key, before=selected_key, after=select or selected_key,
                               edited=self._key(section) if section is not None and not structural else None,
                               field=field)
        except EditError as error:
            self.notify(str(error), title="Not changed", severity="error")
            self._show_selected()
            return False
        if section is not None and models_fresh and not structural:
            self._refresh_models(section, before)
        self._after_change(structural, select or selected_key, place)
        return True

    def _refresh_models(self, section: Section, before: int) -> None:
        """Recompute the edited section and what inherits from it; the rest of the model stays."""
        for model in (self.main_model, self.context_model):
            if model is not None and model.of(section) is not None:
                effs = model.refresh([section])
                if effs is not None:
                    self._model_generation = self.session.generation
                    self.checks.models_refreshed(model, effs, before, self.session.generation)
                return

    def _after_change(self, structural: bool, select_key, place=None) -> None:
        """``place``: where the selected section was before edits of option lines only
        (:func:`_place_of`); its replacement is found there instead of by a walk of the file."""
        previous_key = self.selected_key
        same = None
        if place is not None and select_key is not None and select_key == previous_key:
            doc, index, count = place
            same = doc.sections[index] if len(doc.sections) == count else None
            if same is not None and same.name.lower() != select_key[1]:
                same = None
        if same is not None:
            self._selected = same  # names and order unchanged: so is its key
        else:
            self.selected = find_by_key(self.workspace.documents, select_key) if select_key else None
        self._schedule_journal()
        if structural or self.selected is None:
            self._rebuild()
            if self.selected is not None:
                self.query_one(SectionTree).reveal(self.selected)
        else:
            if self.selected_key != previous_key:
                self.query_one(SectionTree).reveal(self.selected)
            self._show_selected()
            self._update_title()
            # after the form and preview are painted: a keystroke shows at once, and the
            # edits typed meanwhile are re-checked together.  call_after_refresh alone can
            # run before the paint (the widgets have not told the screen yet); a frame
            # later they have, and it waits for the paint if it is still to come.
            self.set_timer(CHECK_AFTER_PAINT, lambda: self.call_after_refresh(self._check_edits))

    def _section_edit(self, section: Section, key: str, value: str, label: str):
        """The edit that sets ``key`` in ``section``: change its last own line or add one."""
        own = [o for o in section.options if o.key.lower() == key.lower()]
        if own:
            return edits.SetValue(own[-1].line, value)
        return edits.AddOption(section.line, key, value)

    def on_field_changed(self, message: FieldChanged) -> None:
        message.stop()
        section = self._current(message.section)
        if section is None:
            return
        edit = self._section_edit(section, message.key, message.value, "")
        self.apply(f"set {message.key} in [{section.name}]", [(section.doc, edit)],
                   merge_key=("field", self._key(section), message.key.lower()), section=section,
                   field=message.key)

    def on_field_reset(self, message: FieldReset) -> None:
        message.stop()
        section = self._current(message.section)
        if section is None:
            return
        own = [o for o in section.options if o.key.lower() == message.key.lower()]
        if not own:
            return
        # Remove from the bottom so the line numbers of the others stay valid.
        changes = [(section.doc, edits.RemoveOption(o.line)) for o in reversed(own)]
        self.apply(f"reset {message.key} in [{section.name}]", changes, section=section, field=message.key)

    def on_option_added(self, message: OptionAdded) -> None:
        message.stop()
        section = self._current(message.section)
        if section is None:
            return
        self.apply(f"add {message.key} to [{section.name}]",
                   [(section.doc, edits.AddOption(section.line, message.key, message.value))], section=section)

    def on_option_edited(self, message: OptionEdited) -> None:
        message.stop()
        section = self._current(message.section)
        if section is None:
            return
        option = next((o for o in section.options if o.line == message.option_line), None)
        if option is None:
            return
        self.apply(f"set {option.key} in [{section.name}]", [(section.doc, edits.SetValue(option.line, message.value))],
                   merge_key=("field", self._key(section), option.key.lower()), section=section)

    def on_option_removed(self, message: OptionRemoved) -> None:
        message.stop()
        section = self._current(message.section)
        if section is None:
            return
        self.apply(f"remove line {message.option_line} of [{section.name}]",
                   [(section.doc, edits.RemoveOption(message.option_line))], section=section)

    def action_undo(self) -> None:
        self._history(self.session.undo, "Undo", "Nothing to undo", "before")

    def action_redo(self) -> None:
        self._history(self.session.redo, "Redo", "Nothing to redo", "after")

    def _history(self, step_fn, word: str, nothing: str, which: str) -> None:
        if self.read_only:
            return
        selected_key = key_of(self.selected) if self.selected is not None else None
        before = self.session.generation
        models_fresh = self._model_generation == before
        try:
            step = step_fn()
        except Exception as error:  # an inverse that no longer fits: say so, keep going
            self.notify(f"{word} failed: {error}", severity="error")
            return
        if step is None:
            self.notify(nothing, timeout=2)
            return
        self.notify(f"{word}: {step.label}", timeout=2)
        target = getattr(step, which) or selected_key
        if find_by_key(self.workspace.documents, target) is None:
            target = selected_key
        edited = find_by_key(self.workspace.documents, step.edited) if step.edited else None
        if edited is not None and models_fresh:
            self._refresh_models(edited, before)  # option lines of one section: no rebuild needed
        self._after_change(self._model_generation != self.session.generation, target)
        if step.field and self.active_pane == "edit" and self.selected is not None:
            self.query_one(SectionForm).focus_field(step.field)  # the row the step changed

    # -- sections: new, clone, rename, delete, templates ---------------------------------

    def _templates(self) -> list:
        return [eff for eff in self.main_model.sections if eff.template]

    def _name_problem(self, name: str, allow: Section | None = None) -> str | None:
        if not name:
            return "Give a name."
        try:
            edits.check_section_name(name)
        except edits.EditError as error:
            return str(error)
        clash = [s for s in self.workspace.main.root.sections if s.name.lower() == name.lower() and s is not allow]
        if clash:
            return f"[{clash[0].name}] already exists (line {clash[0].line}); pick another name."
        return None

    def action_new_wizard(self) -> None:
        if self._refuse_read_only():
            return
        templates = self._templates()
        choices = [(str(i), f"{eff.name}  ({_count(len(self.outline.children.get(id(eff), [])), 'section')} use it)")
                   for i, eff in enumerate(templates)]
        choices.append(("", "(no template: empty wizard)"))

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            template = templates[int(choice)] if choice else None
            self.push_screen(
                PromptScreen("New wizard", f"Name of the new section{' (inherits ' + template.name + ')' if template else ''}:",
                             check=self._name_problem, placeholder="e.g. 6002"),
                lambda name: self._create(name, template),
            )

        self.push_screen(PickScreen("New wizard", "Which template does it inherit from?", choices), picked)

    def _create(self, name: str | None, template) -> None:
        if not name:
            return
        doc = self.workspace.main.root
        parents = (template.name,) if template is not None else ()
        after = self._last_of_family(template) if template is not None else None
        options = () if template is not None else (("type", "wizard"),)
        edit = edits.AddSection(after, name, False, parents, options)
        if self.apply(f"new [{name}]", [(doc, edit)], structural=True, select=(doc.name, name.lower(), self._count_named(doc, name))):
            self.action_pane("edit")

    def _count_named(self, doc, name: str) -> int:
        return sum(1 for s in doc.sections if s.name.lower() == name.lower())

    def _last_of_family(self, template) -> int | None:
        """Header line of the last section in the root file that inherits ``template``."""
        doc = self.workspace.main.root
        last = template.section if template.section.doc is doc else None
        for child in self.outline.children.get(id(template), []):
            if child.section.doc is doc and (last is None or child.section.line > last.line):
                last = child.section
        return last.line if last is not None else None

    def _selected_eff(self):
        if self.selected is None:
            return None
        model = self._model_for(self.selected)
        return model.of(self.selected)

    def action_clone(self) -> None:
        if self._refuse_read_only() or self.selected is None:
            return
        source = self.selected

        def done(name: str | None) -> None:
            if not name:
                return
            options = tuple((o.key, o.value) for o in source.options if o.op == "=")
            edit = edits.AddSection(source.line, name, source.template, tuple(source.parents), options)
            self.apply(f"clone [{source.name}] as [{name}]", [(source.doc, edit)], structural=True,
                       select=(source.doc.name, name.lower(), self._count_named(source.doc, name)))

        self.push_screen(PromptScreen(f"Clone [{source.name}]", "Name of the copy (its own lines are copied):",
                                      value=f"{source.name}-copy", check=self._name_problem), done)

    def action_rename(self) -> None:
        if self._refuse_read_only() or self.selected is None:
            return
        section = self.selected
        children = self.outline.children.get(id(self.outline.of(section)), []) if self.outline else []

        def done(name: str | None) -> None:
            if not name or name == section.name:
                return
            changes = [(section.doc, edits.RenameSection(section.line, name))]
            # Children name their parent: rename it there too, or they would lose it.
            for child in children:
                parents = tuple(name if p.lower() == section.name.lower() else p for p in child.section.parents)
                changes.append((child.section.doc, edits.SetTemplates(child.section.line, child.section.template, parents)))
            n = sum(1 for s in section.doc.sections if s.name.lower() == name.lower() and s.line < section.line)
            self.apply(f"rename [{section.name}] to [{name}]", changes, structural=True, select=(section.doc.name, name.lower(), n))

        note = f" {len(children)} sections inherit from it and are updated too." if children else ""
        self.push_screen(PromptScreen(f"Rename [{section.name}]", "New name:" + note, value=section.name,
                                      check=lambda n: self._name_problem(n, allow=section)), done)

    def action_delete_section(self) -> None:
        if self._refuse_read_only() or self.selected is None:
            return
        section = self.selected
        eff = self.outline.of(section) if self.outline else None
        children = self.outline.children.get(id(eff), []) if eff is not None else []
        if children:
            names = ", ".join(c.name for c in children[:5]) + (" …" if len(children) > 5 else "")
            self.notify(f"[{section.name}] can't be deleted: {len(children)} sections inherit from it ({names}). "
                        "Change their templates first (t).", severity="warning", timeout=8)
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            index = section.doc.sections.index(section)
            neighbours = section.doc.sections[index + 1:index + 2] or section.doc.sections[max(0, index - 1):index]
            nxt = key_of(neighbours[0]) if neighbours else None
            self.apply(f"delete [{section.name}]", [(section.doc, edits.DeleteSection(section.line))],
                       structural=True, select=nxt)

        comments, above = 0, section.line - 1   # the comment block right above goes with it
        while above >= 1 and section.doc.lines[above - 1].lstrip().startswith(b";"):
            comments, above = comments + 1, above - 1
        with_comment = f" and the {comments} comment line{'s' if comments != 1 else ''} above it" if comments else ""
        self.push_screen(ConfirmScreen(f"Delete [{section.name}]?",
                                       f"Delete [{section.name}] (line {section.line}){with_comment}? "
                                       "ctrl+z brings it back.", yes="Delete"), done)

    def action_change_templates(self) -> None:
        if self._refuse_read_only() or self.selected is None:
            return
        section = self.selected

        def check(text: str) -> str | None:
            names = [p.strip() for p in text.split(",") if p.strip()]
            earlier = {s.name.lower() for s in section.doc.sections if s.line < section.line}
            missing = [n for n in names if n.lower() not in earlier and n != "!"]
            if missing:
                return (f"Not defined above [{section.name}]: {', '.join(missing)}. "
                        "Asterisk needs a parent defined before its child.")
            return None

        def done(text: str | None) -> None:
            if text is None:
                return
            names = [p.strip() for p in text.split(",") if p.strip()]
            template = "!" in names
            parents = tuple(n for n in names if n != "!")
            self.apply(f"templates of [{section.name}]", [(section.doc, edits.SetTemplates(section.line, template, parents))],
                       structural=True, select=key_of(section))

        current = ",".join((["!"] if section.template else []) + section.parents)
        self.push_screen(PromptScreen(f"Templates of [{section.name}]",
                                      "Parents, comma separated (add ! to make it a template itself):",
                                      value=current, check=check), done)

    def _refuse_read_only(self) -> bool:
        if self.read_only:
            self.notify(self.workspace.read_only_reason or "Read-only", severity="warning")
            return True
        return False

    # -- saving ---------------------------------------------------------------------------

    def _secret_values(self) -> list[str]:
        from pjtui.io import is_secret_key

        values = []
        for doc in self.session.documents:
            for section in doc.sections:
                values.extend(o.value for o in section.options if is_secret_key(o.key) and o.value)
        return values

    def _changed_documents(self) -> list:
        docs = self.session.changed_documents()
        root = self.workspace.main.root
        if self.workspace.new_file and root not in docs and self.session.modified:
            docs.append(root)
        return docs

    def action_save(self) -> None:
        if self._refuse_read_only():
            return
        docs = self._changed_documents()
        if not docs:
            self.notify("No changes to save.", timeout=3)
            return
        # Masked by key only: masking every occurrence of a password would hide a username equal to it.
        diffs = [FileDiff(doc.name, self.session.diff(doc), self.session.diff(doc, reveal=True)) for doc in docs]
        advice = reload_advice(self.session, docs)
        backup = {"none": "no backup", "one": "backup: NAME.bak", "numbered": "backup: NAME.bak.N"}.get(self.settings.backups, "")
        names = ", ".join(Path(d.name).name for d in docs)
        after = f"{backup.replace('NAME', names)}    then run: {advice}"
        errors = self._summary.errors if self._summary is not None else 0
        if errors:  # saving is allowed (a half-done edit is worth keeping), but say it first
            after = (f"✖ {errors} error{'s' if errors != 1 else ''} still in the configuration "
                     f"(F5 lists {'them' if errors != 1 else 'it'}); you can save anyway\n{after}")
        self.push_screen(SaveDiffScreen(f"Save {names}?", diffs, after), lambda ok: ok and self._write(docs))

    def _write(self, docs: list) -> bool:
        advice = reload_advice(self.session, docs)  # before: it compares with what is on disk
        saved = []
        for index, doc in enumerate(docs):
            try:
                data = verify_document(doc)
                result = save_file(doc.name, data, expected_hash=self.workspace.disk_hash.get(doc.name),
                                   backup=self.settings.backups)
            except ExternalChange as change:
                self._external_change(docs[index:], change)
                return False
            except FileError as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=15)
                return False
            self.workspace.disk_hash[doc.name] = result.hash
            self.session.mark_saved([doc])
            journal = self.journals.pop(doc.name, None)
            if journal is not None:
                journal.discard()
            saved.append((doc, result))
            for warning in result.warnings:
                self.notify(warning, severity="warning")
        if self.workspace.new_file and any(d is self.workspace.main.root for d, _ in saved):
            self.workspace.new_file = False
            self.query_one("#banner").display = bool(self.read_only)
        self.last_save_advice = advice
        names = ", ".join(Path(d.name).name for d, _ in saved)
        backups = [r.backup_path for _, r in saved if r.backup_path]
        extra = f" (previous version kept as {', '.join(Path(b).name for b in backups)})" if backups else ""
        self.notify(f"Saved {names}{extra}. To apply it, run in Asterisk:  {advice}", timeout=8)
        self._update_title()
        return True

    def _external_change(self, docs: list, change: ExternalChange) -> None:
        def decided(choice: bool | None) -> None:
            if choice:
                self.workspace.disk_hash[docs[0].name] = change.current_hash
                self._write(docs)

        self.push_screen(ConfirmScreen("File changed on disk", str(change) + "\n\nOverwrite it with your version?",
                                       yes="Overwrite"), decided)

    # -- quitting ---------------------------------------------------------------------------

    async def action_quit(self) -> None:
        if isinstance(self.screen, UnsavedChangesScreen):
            return  # already asking
        if not self.session.modified:
            self._discard_journals()
            self.exit(0)
            return
        names = [Path(d.name).name for d in self._changed_documents()]

        def decided(choice: str | None) -> None:
            if choice == "save":
                docs = self._changed_documents()
                secrets_ok = True
                if secrets_ok and self._write(docs):
                    self.exit(0)
            elif choice == "discard":
                self._discard_journals()
                self.exit(0)

        self.push_screen(UnsavedChangesScreen(self.session.changes, names), decided)

    # -- journal ------------------------------------------------------------------------------

    def _schedule_journal(self) -> None:
        """Journal a moment after the last keystroke (a write copies the whole file)."""
        if self._journal_timer is not None:
            self._journal_timer.stop()
        self._journal_timer = self.set_timer(JOURNAL_DELAY, self._journal)

    def _journal(self) -> None:
        self._journal_timer = None
        if not self._use_journal:
            return
        for doc in self.session.documents:
            changed = doc.to_bytes() != self.session.saved_bytes(doc)
            journal = self.journals.get(doc.name)
            if not changed:
                if journal is not None:
                    journal.discard()
                continue
            if journal is None:
                journal = self.journals[doc.name] = Journal(doc.name, base_hash=self.workspace.disk_hash.get(doc.name))
            try:
                journal.write(doc.to_bytes())
            except JournalError as error:
                self.notify(str(error), severity="warning")

    def _discard_journals(self) -> None:
        for journal in self.journals.values():
            journal.discard()
        self.journals.clear()

    def flush_journals(self) -> bool:
        """SIGHUP / crash: write what is in the editor now, durably.  True if edits were kept."""
        try:
            self._journal()
        except Exception:  # the terminal is gone: keep what the journal already has
            pass
        for journal in self.journals.values():
            journal.flush()
        return bool(self.journals)

    def _fatal_error(self) -> None:  # Textual's private hook (listed in _textual_compat.PRIVATES)
        # No Textual traceback: it prints local variables, passwords among them.  The
        # launcher reports the crash through pjtui.io.handle_crash instead.
        self.bell()
        close_messages_no_wait(self)

    def _offer_journal(self) -> None:
        """Edits a dropped session left in the journal (any of the open files): offer them back."""
        if not self._use_journal or self.read_only:
            return
        found = []
        for doc in self.session.documents:
            entry = find_journal(doc.name)
            if entry is None:
                continue
            if entry.other_session_alive or not entry.restorable:
                self.notify(entry.message, severity="warning", timeout=15)  # says where they are
                continue
            found.append((doc, entry))
        if not found:
            return
        if len(found) == 1:
            message = found[0][1].message
        else:
            names = ", ".join(Path(doc.name).name for doc, _ in found)
            message = f"Unsaved edits to {names} were kept by an earlier session. Restore them?"

        def decided(yes: bool | None) -> None:
            if not yes:
                for doc, entry in found:
                    Journal(doc.name, base_hash=entry.base_hash).discard()
                return
            changes = [(doc, edits.Splice(0, tuple(doc.lines), tuple(split_lines(entry.data)))) for doc, entry in found]
            self.apply("restore unsaved edits", changes, structural=True)

        self.push_screen(ConfirmScreen("Unsaved edits found", message, yes="Restore"), decided)

    # -- keys, commands, theme -------------------------------------------------------------------

    def _binding_ids(self) -> list[str]:
        ids = []
        for owner in (self, SectionTree, ProblemsList, SectionForm, ParamList):
            ids.extend(b.id for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding) and b.id)
        return sorted(set(ids))

    def key_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key, as the keymap has it now, for the F1 panel."""
        keymap = textual_keymap(self)

        def rows(bindings) -> list[tuple[str, str]]:
            out = []
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
                shown = ", ".join(self.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                out.append((shown, binding.description))
            return out

        form_bindings = [*ParamList.BINDINGS, *SectionForm.BINDINGS]
        return [
            ("Everywhere", rows(self.BINDINGS) + [("ctrl+p", "Command palette: every action, jump to a section"), ("esc", "Close a dialog, clear the filter")]),
            ("Sections tree", rows(SectionTree.BINDINGS) + [
                ("↑ ↓", "Move; the form and preview follow"),
                ("enter", "Edit the section (on a group: open or close it)"),
                ("space", "Expand or collapse"),
            ]),
            ("Edit (form)", rows(form_bindings)),
            ("Problems", rows(ProblemsList.BINDINGS)),
            ("Save dialog", rows(SaveDiffScreen.BINDINGS)),
        ]

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
            ("Rename section", "Rename the selected section (and its children's parent lists)", self.action_rename),
            ("Delete section", "Delete the selected section", self.action_delete_section),
            ("Change templates", "Set the templates the selected section inherits", self.action_change_templates),
            ("Filter sections", "Show only sections whose name contains a text (/)", self.action_filter),
            ("Show sections", "The sections tree (F2)", lambda: self.action_pane("sections")),
            ("Show form", "The form of the selected section (F3)", lambda: self.action_pane("edit")),
            ("Show preview", "What Asterisk builds from the selected section (F4)", lambda: self.action_pane("preview")),
            ("Show problems", "Every problem of the files (F5)", lambda: self.action_pane("problems")),
            ("Keys panel", "Every key and what it does (F1)", self.action_keys),
            ("Reveal secrets", "Show or mask passwords in the preview", self.action_toggle_secrets),
        ]
        if self.last_save_advice:
            commands.append(("How to apply", f"Run in Asterisk: {self.last_save_advice}",
                             lambda: self.notify(self.last_save_advice or "", timeout=10)))
        for name, help_text, callback in commands:
            yield SystemCommand(name, help_text, callback)

    def action_toggle_secrets(self) -> None:
        self.settings.mask_secrets = not self.settings.mask_secrets
        self.query_one(SectionForm).mask_secrets = self.settings.mask_secrets
        self._show_selected()

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
                                         "delete_section", "change_templates"}:
            return None  # shown dimmed: not available in read-only mode
        return True


def _index_in(section: Section) -> int | None:
    """Index of ``section`` in its document's sections (by header line), None if replaced."""
    sections = section.doc.sections
    index = bisect_right(sections, section.line, key=_line_of) - 1
    return index if index >= 0 and sections[index] is section else None


def _line_of(section: Section) -> int:
    return section.line


def _place_of(section: Section):
    """(document, index, number of sections): where to find ``section``'s replacement after
    edits of option lines, which keep every header's name and order."""
    index = _index_in(section)
    return None if index is None else (section.doc, index, len(section.doc.sections))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
