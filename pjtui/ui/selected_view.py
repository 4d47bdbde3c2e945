"""What the form and the preview show for the selected section, fresh as you type.

The selected section is expanded from its own chain of templates (cheap in a file of any
size); what needs the whole file (name collisions, overlapping identifies) comes from the
last full check.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import TYPE_CHECKING

from rich.text import Text

from pjtui.conf import Section
from pjtui.pjsip.model import build
from pjtui.pjsip.loaded import section_expansion
from pjtui.ui.analysis import WHOLE_FILE_CODES, local_problems
from pjtui.ui.forms import SectionForm
from pjtui.ui.preview import PreviewPane, PreviewRenderer

if TYPE_CHECKING:
    from pjtui.ui.app import PjtuiApp


class SelectedView:
    """Builds the form's and the preview's content for the app's selected section."""

    def __init__(self, app: "PjtuiApp") -> None:
        self.app = app
        self.last_preview_ms = 0.0  # how long the last show() took (benchmarks/bench.py reads it)

    def model_for(self, section: Section):
        """A model that knows ``section`` as it is now.

        Usually the full model, kept up to date edit by edit.  When it could not be (a
        file with ``(+)`` sections), the section is built with its ancestors only
        (parents are defined before their children, so an edit below them cannot change
        them) until the whole file is rebuilt a moment after the typing stops.
        """
        fresh = self.app._model_generation == self.app.session.generation
        stale = self.app.stale_by_key.get(self.app.section_key(section))
        stale_eff = self.app.eff_of(stale) if stale is not None else None
        if stale_eff is None and not fresh:
            self.app._rebuild()
            return self.model_for(section)
        if stale_eff is None:
            return self.app.main_model
        needs_full = stale_eff.appends or (stale_eff.template and self.app.outline.children.get(id(stale_eff)))
        if needs_full:
            if not fresh:
                self.app._rebuild()
            return self.app.main_model if self.app.main_model.of(self.app.live_section(section) or section) else self.app.context_model
        return self.chain_model(stale_eff.parents, [section])

    def show(self) -> None:
        """Form and preview for the selected section."""
        started = time.perf_counter()
        section = self.app.selected
        form = self.app.query_one(SectionForm)
        pane = self.app.query_one(PreviewPane)
        if section is None:
            form.show(None, None)
            pane.show(lambda width: Text("Nothing selected. Press ctrl+n to add a wizard from a template.", style="italic"))
            return
        model = self.model_for(section)
        eff = model.of(section)
        local, expansion = self._expand(section, eff, model)
        problems = self._shown_problems(section, eff, local, expansion)
        form.show(section, model, expansion, problems)
        pane.show(lambda width: self._preview_text(section, eff, local, expansion, problems, width))
        self.last_preview_ms = (time.perf_counter() - started) * 1000

    def _expand(self, section: Section, eff, model):
        """The wizard expansion of the selected section alone, from its own chain.

        Fresh as you type whatever the file size; what needs the whole file (name
        collisions, overlapping identifies) comes from the last full check.
        """
        if eff is None:
            return model, None
        local = model
        if model is self.app.main_model or model is self.app.context_model:
            local = self.chain_model(eff.parents, eff.own_sections())
        in_main = any(section.doc is d for d in self.app.workspace.main_documents)
        local_eff = local.of(eff.section)
        if not (in_main and self.app.workspace.wizard_file and local_eff is not None and local_eff.is_wizard):
            return local, None
        return local, section_expansion(model, local, eff.name, self.app.context_model)

    def problems_of(self, section: Section, whole_file_only: bool = False) -> list:
        """Problems of ``section`` from the last full analysis."""
        if self.app.analysis is None:
            return []
        key = self.app.section_key(section)
        return [p for p in self.app.analysis.problems
                if p.section_key == key and (not whole_file_only or p.code in WHOLE_FILE_CODES)]

    def _shown_problems(self, section: Section, eff, local, expansion) -> list:
        """The problems of the selected section as the form and the preview show them."""
        if eff is None:
            return []
        local_eff = local.of(eff.section) or eff
        if any(section.doc is d for d in self.app.workspace.main_documents):
            problems = local_problems(local_eff, local, self.app.context_model, expansion, self.app.workspace.wizard_file)
            return problems + self.problems_of(eff.section, whole_file_only=True)
        return self.problems_of(eff.section)

    def _preview_text(self, section: Section, eff, local, expansion, problems, width: int) -> Text:
        renderer = PreviewRenderer(width=width, reveal=not self.app.settings.mask_secrets)
        if eff is None:
            return Text(f"[{section.name}]: not part of the configuration Asterisk reads.", style="italic")
        local_eff = local.of(eff.section) or eff
        if expansion is not None:
            return renderer.wizard(local_eff, expansion, problems, self.app.context_model)
        children = len(self.app.outline.children.get(id(eff), [])) if self.app.outline else 0
        return renderer.section(local_eff, problems, children)

    def chain_model(self, parents, own_sections):
        """A model of ``own_sections`` and their ancestors only: cheap in a file of any size."""
        ancestors: dict[int, object] = {}
        stack = list(parents)
        while stack:
            parent = stack.pop()
            if id(parent) not in ancestors:
                ancestors[id(parent)] = parent
                stack.extend(parent.parents)
        sections = [s for p in ancestors.values() for s in p.own_sections()]
        sections.sort(key=lambda s: self.app.positions.get(id(s), 0))
        sections.extend(own_sections)
        return build(SimpleNamespace(sections=sections))
