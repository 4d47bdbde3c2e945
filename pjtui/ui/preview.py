"""The Preview pane: what Asterisk builds from the selected section, with each value's origin."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from pjtui.io.secrets import is_secret_key
from pjtui.pjsip.model import Appended, lines_of
from pjtui.pjsip.wizard import Derived, format_value
from pjtui.ui.problems import GLYPH, STYLE, Problem

MASK = "••••••"


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


class PreviewRenderer:
    """Builds the preview text.  Kept apart from the widget so tests can read it."""

    def __init__(self, width: int = 80, reveal: bool = False) -> None:
        self.width = width
        self.reveal = reveal

    def _pair(self, text: Text, key: str, value: str, origin: str, dim: bool = False) -> None:
        shown = value if self.reveal or not is_secret_key(key) else MASK
        left = f"{key} = {format_value(shown)}"
        column = max(24, min(self.width - 18, 34))
        text.append(left, style="dim" if dim else "")
        pad = column - len(left)
        text.append(" " * pad if pad > 0 else "  ")
        room = self.width - max(column, len(left) + 2) - 3
        if room > 8 and len(origin) > room:
            origin = origin[: room - 1] + "…"
        text.append(f"; {origin}\n", style="dim italic")

    def wizard(self, eff, expansion, problems: list[Problem], pjsip_model=None) -> Text:
        text = Text()
        objects = [o for o in expansion.objects if o.wizard.eff is eff or o.wizard.name == eff.name]
        text.append(f"; wizard [{eff.name}] creates {len(objects)} object" + ("s" if len(objects) != 1 else ""), style="bold")
        text.append("\n")
        for problem in problems:
            text.append(f"; {GLYPH[problem.severity]} {problem.severity}: {problem.message}\n", style=STYLE[problem.severity])
        for obj in objects:
            text.append("\n")
            text.append(f"[{obj.name}]", style="bold")
            text.append(f"   ; {obj.type}\n", style="dim")
            text.append(f"type = {obj.type}\n")
            for param in obj.all_params():
                if param.key.startswith("@pjsip_wizard"):
                    continue
                self._pair(text, param.key, param.value, source_text(eff, param.source))
        hints = [h for h in expansion.hints if h.wizard == eff.name]
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
                for entry in ref_eff.vars:
                    self._pair(text, entry.key, entry.value, origin_of(ref_eff, entry), dim=True)
        if not objects and not problems:
            text.append("\n(nothing: this wizard creates no objects)\n", style="italic")
        return text

    def references(self, objects, pjsip_model) -> list:
        """pjsip.conf objects the generated ones name (transport, outbound auths, ...)."""
        if pjsip_model is None:
            return []
        names = []
        for obj in objects:
            for param in obj.all_params():
                if param.key.lower() in ("transport", "outbound_proxy_transport"):
                    names.append(param.value)
        found = []
        for name in dict.fromkeys(names):
            for ref in pjsip_model.named(name):
                if not ref.template and ref not in found:
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
        for problem in problems:
            text.append(f"; {GLYPH[problem.severity]} {problem.severity}: {problem.message}\n", style=STYLE[problem.severity])
        text.append(f"\n[{eff.name}]")
        if eff.template:
            text.append("(!)")
        text.append("\n")
        for index, entry in enumerate(eff.vars):
            overridden = eff.overridden(index)
            origin = origin_of(eff, entry) + ("  overridden" if overridden else "")
            self._pair(text, entry.key, entry.value, origin, dim=overridden)
        if not eff.vars:
            text.append("(no settings yet)\n", style="italic")
        return text


class PreviewPane(VerticalScroll):
    """Scrollable preview text."""

    DEFAULT_CSS = """
    PreviewPane { padding: 0 1; }
    PreviewPane > Static { width: auto; }
    """

    def compose(self):
        yield Static("", id="preview-text")

    def show(self, text: Text) -> None:
        self.query_one("#preview-text", Static).update(text)
