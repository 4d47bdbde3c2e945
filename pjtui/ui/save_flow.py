"""Saving, quitting and the journal of unsaved edits.

Save shows the diff of every changed file, then writes each (verified, atomically, with
the backup setting) and says how to apply it in Asterisk.  The journal keeps unsaved
edits on disk a moment after the last keystroke, and the next start offers them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pjtui.conf import edits
from pjtui.conf.document import split_lines
from pjtui.io import ExternalChange, FileError, Journal, JournalError, find_journal, is_secret_key, save_file
from pjtui.io.verify import verify_document
from pjtui.io.secrets import mask_secrets
from pjtui.ui.dialogs import ConfirmScreen, FileDiff, SaveDiffScreen, TextScreen, UnsavedChangesScreen
from pjtui.ui.rebase import reapply
from pjtui.ui.reload import reload_advice, reload_plan

if TYPE_CHECKING:
    from pjtui.ui.app import PjtuiApp

JOURNAL_DELAY = 1.0


class SaveFlow:
    """The app's save, quit and journal, over its session and workspace."""

    def __init__(self, app: "PjtuiApp", *, journal: bool = True) -> None:
        self.app = app
        self._use_journal = journal
        self.journals: dict[str, Journal] = {}
        self._journal_timer = None
        self.last_save_advice: str | None = None  # the Asterisk command the last save needs
        self.kept: set[str] = set()  # files whose kept journal the user left for later: not journaled

    def secret_values(self) -> list[str]:
        values = []
        for doc in self.app.session.documents:
            for section in doc.sections:
                values.extend(o.value for o in section.options if is_secret_key(o.key) and o.value)
        return values

    def changed_documents(self) -> list:
        docs = self.app.session.changed_documents()
        root = self.app.workspace.main.root
        if self.app.workspace.new_file and root not in docs and self.app.session.modified:
            docs.append(root)
        return docs

    def save(self) -> None:
        if self.app.refuse_read_only():
            return
        if isinstance(self.app.screen, SaveDiffScreen):
            self.app.screen.action_save()  # ctrl+s in the Save dialog confirms it (the app's key has priority)
            return
        docs = self.changed_documents()
        if not docs:
            self.app.notify("No changes to save.", timeout=3)
            return
        # Masked by key only: masking every occurrence of a password would hide a username equal to it.
        diffs = [FileDiff(doc.name, self.app.session.diff(doc), self.app.session.diff(doc, reveal=True)) for doc in docs]
        advice = reload_advice(self.app.session, docs)
        backup = {"none": "no backup", "one": "backup: NAME.bak", "numbered": "backup: NAME.bak.N"}.get(self.app.settings.backups, "")
        names = ", ".join(Path(d.name).name for d in docs)
        after = f"{backup.replace('NAME', names)}    then run: {advice}"
        errors = self.app.problem_counts.errors if self.app.problem_counts is not None else 0
        if errors:  # saving is allowed (a half-done edit is worth keeping), but say it first
            after = (f"✖ {errors} error{'s' if errors != 1 else ''} still in the configuration "
                     f"(F5 lists {'them' if errors != 1 else 'it'}); you can save anyway\n{after}")
        self.app.push_screen(SaveDiffScreen(f"Save {names}?", diffs, after, default="cancel" if errors else "save"),
                             lambda ok: ok and self.write(docs))

    def write(self, docs: list, offer_reload: bool = True) -> bool:
        plan = reload_plan(self.app.session, docs)  # before: it compares with what is on disk
        advice = str(plan)
        saved = []
        for index, doc in enumerate(docs):
            try:
                data = verify_document(doc)
                result = save_file(doc.name, data, expected_hash=self.app.workspace.disk_hash.get(doc.name),
                                   backup=self.app.settings.backups)
            except ExternalChange as change:
                self._external_change(docs[index:], change)
                return False
            except FileError as error:
                self.app.notify(str(error), title="Not saved", severity="error", timeout=15)
                return False
            self.app.workspace.disk_hash[doc.name] = result.hash
            self.app.session.mark_saved([doc])
            journal = self.journals.pop(doc.name, None)
            if journal is not None:
                journal.discard()
            saved.append((doc, result))
            for warning in result.warnings:
                self.app.notify(warning, severity="warning")
        if self.app.workspace.new_file and any(d is self.app.workspace.main.root for d, _ in saved):
            self.app.workspace.new_file = False
            self.app.update_banner()
        self.last_save_advice = advice
        names = ", ".join(Path(d.name).name for d, _ in saved)
        backups = [r.backup_path for _, r in saved if r.backup_path]
        extra = f" (previous version kept as {', '.join(Path(b).name for b in backups)})" if backups else ""
        self.app.notify(f"Saved {names}{extra}. To apply it, run in Asterisk:  {advice}", timeout=8)
        self.app.update_title()
        if offer_reload:
            self.app.pbx.after_save(plan)   # an Asterisk answers here: "Reload now?"
        return True

    def _external_change(self, docs: list, change: ExternalChange) -> None:
        def decided(choice: bool | str | None) -> None:
            if choice is True:
                self.app.workspace.disk_hash[docs[0].name] = change.current_hash
                self.write(docs)
            elif choice == "reload":
                self.reload_changed(docs[0], change)

        others = [("reload", "Reload")] if change.current_bytes is not None else []
        question = ("Reload it (your unsaved edits are put back where they still fit), "
                    "overwrite it with your version, or cancel?" if others else "Save it again with your version?")
        self.app.push_screen(ConfirmScreen("File changed on disk", f"{change}\n\n{question}", yes="Overwrite",
                                           others=others), decided)

    def reload_changed(self, doc, change: ExternalChange) -> None:
        """Reload: the file as on disk now, with the unsaved edits that still apply on it.

        The edits that no longer fit (the other program changed their lines) are listed;
        nothing is saved until the user saves again and sees the diff.
        """
        session = self.app.session
        base = split_lines(session.saved_bytes(doc))
        rebased = reapply(base, list(doc.lines), split_lines(change.current_bytes))
        session.load_from_disk(doc, change.current_bytes)
        self.app.workspace.disk_hash[doc.name] = change.current_hash
        journal = self.journals.pop(doc.name, None)
        if journal is not None:
            journal.discard()
        name = Path(doc.name).name
        if rebased.applied:
            self.app.apply(f"your edits on the reloaded {name}",
                           [(doc, edits.Splice(0, tuple(doc.lines), tuple(rebased.lines)))], structural=True)
        else:
            self.app.apply(f"reload {name}", [], structural=True)
        done = f"Reloaded {name}: {_count(len(rebased.applied), 'unsaved edit')} put back."
        if not rebased.left_out:
            self.app.notify(done, timeout=8)
            return
        lines = [mask_secrets(line) for hunk in rebased.left_out for line in hunk.describe()]
        self.app.push_screen(TextScreen(
            f"{_count(len(rebased.left_out), 'edit')} did not fit the new {name}",
            f"{done} The other program changed the lines of these, so they were left out "
            "(make them again if you still want them):", lines))

    # -- quitting -------------------------------------------------------------------

    def quit(self) -> None:
        if isinstance(self.app.screen, UnsavedChangesScreen):
            return  # already asking
        if not self.app.session.modified:
            self.discard_journals()
            self.app.exit(0)
            return
        names = [Path(d.name).name for d in self.changed_documents()]

        def decided(choice: str | None) -> None:
            if choice == "save":
                docs = self.changed_documents()
                if self.write(docs, offer_reload=False):   # quitting: no question after
                    self.app.exit(0)
            elif choice == "discard":
                self.discard_journals()
                self.app.exit(0)

        self.app.push_screen(UnsavedChangesScreen(self.app.session.changes, names), decided)

    # -- journal --------------------------------------------------------------------

    def schedule_journal(self) -> None:
        """Journal a moment after the last keystroke (a write copies the whole file)."""
        if self._journal_timer is not None:
            self._journal_timer.stop()
        self._journal_timer = self.app.set_timer(JOURNAL_DELAY, self.journal)

    def journal(self) -> None:
        self._journal_timer = None
        if not self._use_journal:
            return
        for doc in self.app.session.documents:
            if doc.name in self.kept:
                continue
            changed = doc.to_bytes() != self.app.session.saved_bytes(doc)
            journal = self.journals.get(doc.name)
            if not changed:
                if journal is not None:
                    journal.discard()
                continue
            if journal is None:
                journal = self.journals[doc.name] = Journal(doc.name, base_hash=self.app.workspace.disk_hash.get(doc.name))
            try:
                journal.write(doc.to_bytes())
            except JournalError as error:
                self.app.notify(str(error), severity="warning")

    def discard_journals(self) -> None:
        for journal in self.journals.values():
            journal.discard()
        self.journals.clear()

    def flush_journals(self) -> bool:
        """SIGHUP / crash: write what is in the editor now, durably.  True if edits were kept."""
        try:
            self.journal()
        except Exception:  # the terminal is gone: keep what the journal already has
            pass
        for journal in self.journals.values():
            journal.flush()
        return bool(self.journals)

    def offer_journal(self) -> None:
        """Edits a dropped session left in the journal (any of the open files): offer them back."""
        if not self._use_journal or self.app.read_only:
            return
        found = []
        for doc in self.app.session.documents:
            entry = find_journal(doc.name)
            if entry is None:
                continue
            if entry.other_session_alive or not entry.restorable:
                self.app.notify(entry.message, severity="warning", timeout=15)  # says where they are
                continue
            found.append((doc, entry))
        if not found:
            return
        if len(found) == 1:
            message = found[0][1].message
        else:
            names = ", ".join(Path(doc.name).name for doc, _ in found)
            message = f"Unsaved edits to {names} were kept by an earlier session. Restore them?"

        def decided(choice: bool | str | None) -> None:
            if choice == "discard":
                self._confirm_discard(found)
            elif choice is True:
                changes = [(doc, edits.Splice(0, tuple(doc.lines), tuple(split_lines(entry.data)))) for doc, entry in found]
                self.app.apply("restore unsaved edits", changes, structural=True)
            else:
                self._keep_kept(found)

        self.app.push_screen(ConfirmScreen("Unsaved edits found", message, yes="Restore",
                                           others=[("discard", "Discard…")]), decided)

    def _keep_kept(self, found: list) -> None:
        """Cancel: the kept edits stay where they are, offered again at the next start.

        This session does not journal those files meanwhile: its journal would replace them.
        """
        for doc, _ in found:
            self.kept.add(doc.name)
        where = ", ".join(entry.journal_path for _, entry in found)
        self.app.notify(f"The kept edits stay in {where}; pjtui offers them again next time. "
                        "Until then, edits to that file here are not journaled.", severity="warning", timeout=10)

    def _confirm_discard(self, found: list) -> None:
        names = ", ".join(Path(doc.name).name for doc, _ in found)

        def decided(yes: bool | str | None) -> None:
            if yes is True:
                for doc, entry in found:
                    Journal(doc.name, base_hash=entry.base_hash).discard()
                self.app.notify(f"Discarded the kept edits to {names}.", timeout=4)
            else:
                self._keep_kept(found)

        self.app.push_screen(ConfirmScreen("Discard the kept edits?",
                                           f"Delete the unsaved edits to {names} for good? They cannot be brought back.",
                                           yes="Discard"), decided)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
