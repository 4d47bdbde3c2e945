"""The running Asterisk from the editor: "Reload now?" after a save, and live state.

Every call goes through :mod:`pjtui.pbx` (a fixed list of commands, argv lists, timeouts)
in a worker thread, so typing never waits for Asterisk; the results come back to the
UI thread.  ``--read-only`` never reloads (live state is only read).
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from rich.text import Text

from pjtui.ui._textual_compat import is_closing
from pjtui.ui.dialogs import ConfirmScreen, TextScreen
from pjtui.ui.problem_data import GLYPH, STYLE

if TYPE_CHECKING:
    from pjtui.pbx.apply import ApplyResult
    from pjtui.pbx.reload import Advice
    from pjtui.ui.app import PjtuiApp

def _failures() -> tuple[type[Exception], ...]:
    """The errors of a call to Asterisk, each with a message for the user (no traceback)."""
    from pjtui.conf.loader import LoadError
    from pjtui.pbx.asterisk import AsteriskError
    from pjtui.pbx.show import ShowError
    from pjtui.pjsip.export import ExportError

    return AsteriskError, ShowError, ExportError, LoadError, OSError


class PbxFlow:
    """The app's conversation with Asterisk, over its settings and workspace."""

    def __init__(self, app: "PjtuiApp") -> None:
        self.app = app
        self.live: dict[str, str] = {}      # endpoint name (lower case) -> state summary
        self.live_error: str | None = None

    def client(self):
        from pjtui.pbx.asterisk import Asterisk

        return Asterisk(self.app.settings.asterisk_command)

    def _prediction(self):
        from pjtui.pbx.apply import predict

        context = self.app.workspace.context
        pjsip = context.root.name if context is not None and self.app.workspace.wizard_file else None
        return predict(self.app.workspace.path, pjsip=pjsip)

    def _in_thread(self, job, done, name: str) -> None:
        """``done(result, error)`` on the UI thread after ``job()`` ran in a worker."""
        failures = _failures()

        def deliver(result, error) -> None:
            if self.app.is_running and not is_closing(self.app) and self.app.screen_stack:
                done(result, error)   # else the app closed while Asterisk answered: nobody to tell

        def run() -> None:
            try:
                result, error = job(), None
            except failures as err:
                result, error = None, str(err)
            if self.app.is_running:
                try:
                    self.app.call_from_thread(deliver, result, error)
                except RuntimeError:   # the app closed meanwhile
                    pass

        self.app.run_worker(run, thread=True, group="pbx", name=name, exit_on_error=False)

    # -- after a save: reload now? ---------------------------------------------------

    def after_save(self, advice: "Advice") -> None:
        """Asterisk answers: offer the reload, with the exact command.  Silent if it does not."""
        if self.app.read_only:
            return
        client = self.client()
        self._in_thread(client.version, lambda version, error: self._offer(client, advice, version, error),
                        "asterisk version")

    def _offer(self, client, advice: "Advice", version: str | None, error: str | None) -> None:
        if error is not None or version is None:
            return  # no Asterisk here (or not reachable): the save's toast says what to run
        from pjtui.pbx.asterisk import Command

        command = shlex.join(client.command_argv(Command.RELOAD_PJSIP))
        message = (f"Asterisk {version} is running. pjtui sends:\n\n  {command}\n\n"
                   "then reads back what it loaded and shows what differs from your files.")
        if advice.restart:
            message += ("\n\n" + "; ".join(advice.reasons) + ". Only a restart applies that "
                        f"({Command.RESTART_GRACEFULLY.value}); pjtui never restarts. The reload applies the rest.")
        self.app.push_screen(ConfirmScreen("Reload now?", message, yes="Reload"),
                             lambda yes: yes is True and self.reload(client))

    def reload(self, client=None) -> None:
        if self.app.read_only:
            self.app.notify("Read-only: pjtui does not reload Asterisk.", severity="warning")
            return
        from pjtui.pbx.apply import apply

        client = client or self.client()
        self.app.notify("Reloading Asterisk…", timeout=3)
        self._in_thread(lambda: apply(client, self._prediction()), self._show_result, "asterisk reload")

    def _show_result(self, result: "ApplyResult | None", error: str | None) -> None:
        if error is not None or result is None:
            self.app.notify(error or "The reload failed.", title="Reload", severity="error", timeout=15)
            return
        body, _worst = result_text(result)
        if result.ok:
            title = "Reloaded: Asterisk loaded what your files say"
        elif result.drift is not None and not result.drift.clean:
            title = "Reloaded: what Asterisk loaded differs from your files"
        else:
            title = "Reloaded, with problems"
        if any(line.level.upper() == "ERROR" for line in result.log):
            title += " (it logged errors)"
        self.app.push_screen(TextScreen(title, f"sent: {', '.join(result.sent)}"
                                        + (f"  →  {result.answer}" if result.answer else ""), [], body=body))
        self.refresh_live(quiet=True)

    # -- live state ----------------------------------------------------------------------

    def refresh_live(self, quiet: bool = False) -> None:
        """Read each endpoint's state (pjsip show endpoints/contacts) in a worker."""
        from pjtui.pbx.apply import status

        client = self.client()
        if not quiet:
            self.app.notify("Asking Asterisk for the live state…", timeout=2)
        self._in_thread(lambda: status(client, self._prediction()),
                        lambda st, error: self._apply_live(st, error, quiet), "asterisk status")

    def _apply_live(self, status, error: str | None, quiet: bool) -> None:
        if error is not None or status is None:
            self.live_error = error
            if not quiet:
                self.app.notify(error or "No live state.", title="Live state", severity="warning", timeout=10)
            return
        self.live_error = None
        self.live = {e.name.lower(): e.summary for e in status.endpoints}
        self.app.show_live(self.live)
        if not quiet:
            counts: dict[str, int] = {}
            for summary in self.live.values():
                counts[summary] = counts.get(summary, 0) + 1
            said = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "no endpoints"
            self.app.notify(f"Asterisk {status.version}: {said}.", title="Live state", timeout=6)


def result_text(result: "ApplyResult") -> tuple[Text, str | None]:
    """The reload's log lines and the drift, one row each as in the Problems pane; the worst severity."""
    text = Text()
    worst: str | None = None

    def row(severity: str, words: str) -> None:
        nonlocal worst
        if worst is None or ("error", "warning", "hint").index(severity) < ("error", "warning", "hint").index(worst):
            worst = severity
        text.append(f"{GLYPH[severity]} {severity:<7} ", style=STYLE[severity])
        text.append(words + "\n")

    if result.advice.restart:
        for reason in result.advice.reasons:
            row("warning", f"restart needed: {reason}")
    if result.restart_pending:
        row("warning", f"restart pending: {result.restart_pending}")
    if result.log:
        text.append(f"Asterisk logged {len(result.log)} warning/error line(s) during the reload:\n", style="bold")
        for line in result.log:
            row("error" if str(getattr(line, "level", "")).upper() == "ERROR" else "warning", str(line))
    for note in result.notes + ([result.log_problem] if result.log_problem else []):
        row("hint", note)
    if result.drift is not None:
        if result.drift.clean:
            text.append("✔ Asterisk loaded every object as pjtui expands your files.\n", style="green")
        for line in result.drift.lines():
            kind = line.split(":", 1)[0]
            row({"missing": "error", "extra": "warning", "differs": "warning"}.get(kind, "hint"), line)
    text.rstrip()
    return text, worst
