"""Command palette: jump to any section by name."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

# The palette shows the best hits; scoring 10,000 names per keystroke stays fast.
MAX_HITS = 40


class SectionCommands(Provider):
    """``Go to [6001]``: every section of the open files (names are plain text, never markup)."""

    def _sections(self):
        app = self.app
        models = [m for m in (getattr(app, "main_model", None), getattr(app, "context_model", None)) if m]
        for model in models:
            for eff in model.sections:
                yield eff

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        hits = []
        for eff in self._sections():
            text = f"Go to {eff.name}"
            score = matcher.match(text)
            if score > 0:
                hits.append((score, eff, text))
        hits.sort(key=lambda h: -h[0])
        for score, eff, text in hits[:MAX_HITS]:
            yield Hit(score, matcher.highlight(escape(text)), partial(self.app.select_section, eff.section),
                      text=text, help=self._help(eff))

    async def discover(self) -> Hits:
        for n, eff in enumerate(self._sections()):
            if n >= MAX_HITS:
                break
            text = f"Go to {eff.name}"
            yield DiscoveryHit(escape(text), partial(self.app.select_section, eff.section),
                               text=text, help=self._help(eff))

    @staticmethod
    def _help(eff) -> str:
        kind = "template" if eff.template else ("wizard" if eff.is_wizard else (eff.object_type or "section"))
        # The palette reads help as markup; a file or type name is plain text.
        return escape(f"{kind}, {Path(eff.section.doc.name).name}:{eff.section.line}")
