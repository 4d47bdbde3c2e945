"""A stand-in for the ``asterisk`` program: ``asterisk [options] -rx "<command>"`` replays the
transcripts in tests/data/asterisk (see the README there).  The tests copy this file into
tmp_path as an executable named ``asterisk`` (fixture ``fake_asterisk`` in test_pbx_cli.py).

Environment (all optional but FAKE_ASTERISK_STATE and FAKE_ASTERISK_DATA, the transcripts):
  FAKE_ASTERISK_STATE    a directory: every call's argv is appended to calls.jsonl there
  FAKE_ASTERISK_MODE     not-running | permission | hang | no-export | unwritten-export
  FAKE_ASTERISK_VARIANT  suffix of the transcripts to prefer (-unregistered, -qualified)
  FAKE_ASTERISK_EXPORT   the export file to write (default: the transcript); after a reload,
                         FAKE_ASTERISK_EXPORT_AFTER when set (Asterisk loaded the new file)
  FAKE_ASTERISK_LOG      the messages log; a reload appends FAKE_ASTERISK_RELOAD_LOG's lines
  FAKE_ASTERISK_SOCKET   the control socket path the not-running message names
"""

import json
import os
import sys
import time

DATA = os.environ.get("FAKE_ASTERISK_DATA", "")        # the transcripts folder
EXPORT = "pjsip export config_wizard primitives to "
TRANSCRIPTS = {
    "core show version": "core_show_version.txt",
    "core show uptime seconds": "core_show_uptime_seconds.txt",
    "pjsip show endpoints": "pjsip_show_endpoints.txt",
    "pjsip show contacts": "pjsip_show_contacts.txt",
    "pjsip show aors": "pjsip_show_aors.txt",
    "pjsip show transports": "pjsip_show_transports.txt",
    "module reload res_pjsip.so": "module_reload_res_pjsip.so.txt",
    "core restart gracefully": "core_restart_gracefully.txt",
}


def transcript(name: str) -> str:
    variant = os.environ.get("FAKE_ASTERISK_VARIANT", "")
    stem, ext = os.path.splitext(name)
    for candidate in (f"{stem}{variant}{ext}", name):
        path = os.path.join(DATA, candidate)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                return fh.read()
    raise SystemExit(f"fake asterisk: no transcript {name} in {DATA}")


def main(argv: list[str]) -> int:
    state = os.environ["FAKE_ASTERISK_STATE"]
    with open(os.path.join(state, "calls.jsonl"), "a", encoding="utf-8") as fh:
        fh.write(json.dumps(argv) + "\n")
    mode = os.environ.get("FAKE_ASTERISK_MODE", "")
    if "-rx" not in argv or argv.index("-rx") + 1 >= len(argv):
        sys.stderr.write("fake asterisk: only -rx \"<command>\" is replayed\n")
        return 2
    command = argv[argv.index("-rx") + 1]
    if mode in ("not-running", "permission"):
        socket = os.environ.get("FAKE_ASTERISK_SOCKET", "/var/run/asterisk/asterisk.ctl")
        text = transcript("not-running.stderr").replace("/var/run/asterisk/asterisk.ctl", socket)
        sys.stderr.write(text)
        return 1
    if mode == "hang":
        time.sleep(30)
        return 0
    if command.startswith(EXPORT):
        path = command[len(EXPORT):]
        if mode == "no-export":
            sys.stdout.write(transcript("no-such-command.txt").replace("{path}", path))
            return 0
        if mode != "unwritten-export":        # Asterisk could not fopen() it: logs, prints nothing
            source = os.environ.get("FAKE_ASTERISK_EXPORT") or os.path.join(
                DATA, "pjsip_export_config_wizard_primitives.conf")
            after = os.environ.get("FAKE_ASTERISK_EXPORT_AFTER")
            if after and os.path.exists(os.path.join(state, "reloaded")):
                source = after
            with open(source, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
                dst.write(src.read())
            sys.stdout.write(transcript("pjsip_export_config_wizard_primitives_to.txt").replace("{path}", path))
        return 0
    if command not in TRANSCRIPTS:
        sys.stdout.write(f"No such command '{command}' (type 'core show help {command.split()[0]}' for "
                         "other possible commands)\n")
        return 0
    if command == "core restart gracefully":
        open(os.path.join(state, "restarted"), "w").close()
    if command == "core show uptime seconds" and os.path.exists(os.path.join(state, "restarted")):
        sys.stdout.write(transcript("core_show_uptime_seconds-restarted.txt"))
        return 0
    if command == "module reload res_pjsip.so":
        open(os.path.join(state, "reloaded"), "w").close()
        log, lines = os.environ.get("FAKE_ASTERISK_LOG"), os.environ.get("FAKE_ASTERISK_RELOAD_LOG")
        if log and lines:
            with open(lines, encoding="utf-8") as src, open(log, "a", encoding="utf-8") as dst:
                dst.write(src.read())
    sys.stdout.write(transcript(TRANSCRIPTS[command]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
