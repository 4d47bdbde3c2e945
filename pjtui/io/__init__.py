"""pjtui's file I/O: never lose a byte. Pure standard library (no Textual, no tomlkit).

Open:    loaded = read_file(path)            -> Loaded(.data .hash .real_path ...) | ReadError
         banner = writable(path)             -> Writability(.ok, .reason)
         entry  = find_journal(path)         -> JournalEntry | None (.restorable .message .data)
Edit:    journal = Journal(path, base_hash=loaded.hash); journal.write(new_bytes)
Edit:    every pjtui.conf edit is read back as Asterisk reads it when applied (or refused
         with EditError saying why), so the document never holds an edit Asterisk would
         read differently
Save:    new_bytes = verify_document(doc)   # pjtui.conf Document; or verify_roundtrip(...)
         result = save_file(path, new_bytes, expected_hash=loaded.hash, backup="one")
             -> SaveResult(.hash = next expected_hash, .backup_path, .warnings)
             | ExternalChange(.current_bytes, .current_hash) : reload / overwrite / cancel
               (also when another program wrote into the file during the save: its
               version was put back; .current_bytes is it)
             | SaveError (file unchanged; str(err) is the message)
         journal.rebase(result.hash)
Resolve: r = pjtui.io.resolver.system_resolver() | hosts_file_resolver(path); r(host, port) -> [addr] | None
Signals: install_hangup_handler(flush=journal.flush, on_terminate=app.exit)
Crash:   print(handle_crash(exc, flush=journal.flush, secret_values=[...]))
Secrets: mask_document_lines(doc) -> text lines, masked by what Asterisk reads;
         masked_value(v) -> a fixed-width mask
"""

from pjtui.io.crash import format_crash_report, handle_crash, write_crash_report
from pjtui.io.errors import (ExternalChange, FileError, ReadError, RoundTripError, SaveError,
                             describe_oserror)
from pjtui.io.files import MAX_FILE_BYTES, Loaded, Writability, content_hash, read_file, writable
from pjtui.io.journal import Journal, JournalEntry, JournalError, find_journal, state_dir
from pjtui.io.save import BACKUP_MODES, SaveResult, planned_backup, save_file
from pjtui.io.secrets import SECRET_KEYS, is_secret_key, mask_document_lines, mask_secrets, masked_value
from pjtui.io.signals import install_hangup_handler
from pjtui.io.verify import conf_meaning, verify_document, verify_roundtrip

__all__ = [
    "BACKUP_MODES", "ExternalChange", "FileError", "Journal", "JournalEntry", "JournalError",
    "Loaded", "MAX_FILE_BYTES", "ReadError", "RoundTripError", "SECRET_KEYS", "SaveError",
    "SaveResult", "Writability", "conf_meaning", "content_hash", "describe_oserror", "find_journal",
    "format_crash_report", "handle_crash", "install_hangup_handler", "is_secret_key",
    "mask_document_lines", "mask_secrets", "masked_value", "planned_backup", "read_file", "save_file", "state_dir", "verify_roundtrip",
    "verify_document", "write_crash_report", "writable",
]
