"""``pjtui expand``'s stderr (issue 11): every line Asterisk would log, prefixed with the
file:line that causes it as ``pjtui check`` does, Asterisk's wording after it; a rejected
file prints no objects; an include loop is what config.c makes of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pjtui.cli import main
from test_wizard_golden import CASES, GOLDEN, ORACLE_PJSIP, PROFILES, _log_key

WIZARD = b"[6001]\ntype = wizard\naccepts_registrations = yes\n"
PREFIX = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (ERROR|WARNING): \S+: ")


def beside_golden(case: Path) -> None:
    """The rest of what Asterisk read for a golden case (its README), beside the file."""
    if not (case / "pjsip.conf").exists():
        (case / "pjsip.conf").write_bytes(ORACLE_PJSIP)
    (case / "phoneprov.conf").write_text("".join(f"[{p}]\n" for p in sorted(PROFILES)))


def expand(capsys, path, *argv):
    rc = main(["expand", str(path), *map(str, argv)])
    out, err = capsys.readouterr()
    return rc, out, err.splitlines()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_missing_include_rejects_the_file_prints_nothing_and_says_where(tmp_path, capsys):
    f = write(tmp_path / "pjsip_wizard.conf", WIZARD + b"#include nothere.conf\n")
    rc, out, err = expand(capsys, f)
    assert rc == 1 and out == ""
    assert err[0].startswith(f"{f}:4: ERROR: config.c: 'nothere.conf' is listed as a #include but it does not exist")
    assert err[1] == (f"{f}:4: ERROR: res_pjsip_config_wizard.c: Contents of config file 'pjsip_wizard.conf' "
                      "are invalid and cannot be parsed")


def test_unterminated_block_comment_names_its_line(tmp_path, capsys):
    f = write(tmp_path / "pjsip_wizard.conf", WIZARD + b";-- never closed\n")
    rc, out, err = expand(capsys, f)
    assert rc == 0 and "type = endpoint" in out
    assert err == [f"{f}:4: WARNING: config.c: Unterminated comment detected beginning on line 4"]


def test_line_over_asterisks_limit_names_its_line(tmp_path, capsys):
    f = write(tmp_path / "pjsip_wizard.conf", WIZARD + b"endpoint/callerid = " + b"x" * 9000 + b"\n")
    rc, out, err = expand(capsys, f)
    assert err == [f"{f}:4: WARNING: config.c: Line 4 too long, skipping"]
    assert "callerid" not in out


def test_error_in_an_included_file_names_that_file(tmp_path, capsys):
    f = write(tmp_path / "pjsip_wizard.conf", b"[6001]\ntype = wizard\n#include inc.conf\n")
    inc = write(tmp_path / "inc.conf", b"accepts_registrations = yes\n#include nothere.conf\n")
    rc, out, err = expand(capsys, f)
    assert rc == 1 and "type = aor" in out      # only the included file is cut short (spec §7.2)
    assert len(err) == 1 and err[0].startswith(f"{inc}:2: ERROR: config.c: 'nothere.conf' is listed as a #include")
    rc = main(["check", str(f)])
    said = [line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{inc}:2: error syntax:")]
    assert rc == 1 and len(said) == 1 and "reject" not in said[0]
    assert "stops reading this included file here" in said[0]


def test_include_loop_loads_the_files_and_says_what_config_c_logs(tmp_path, capsys):
    """config.c reads a loop again and again until the level limit; the copy there fails as
    a missing include, which cuts only that copy short: the top file still loads (spec
    §7.3; config.c ast_config_internal_load / process_text_line).  expand and check agree."""
    a = write(tmp_path / "pjsip_wizard.conf", WIZARD + b"#include b.conf\n")
    b = write(tmp_path / "b.conf", b"[6002]\ntype = wizard\naccepts_registrations = yes\n#include pjsip_wizard.conf\n")
    rc, out, err = expand(capsys, a)
    assert rc == 1
    assert re.findall(r"^\[(\S+)\]", out, re.M) == ["6001", "6002", "6001", "6002"]
    assert f"{b}:4: WARNING: config.c: Maximum Include level (10) exceeded" in err
    assert f"{b}:4: ERROR: config.c: The file 'pjsip_wizard.conf' was listed as a #include but it does not exist." in err
    rc = main(["check", str(a)])
    said = [line for line in capsys.readouterr().out.splitlines() if "include-loop" in line]
    assert rc == 1 and len(said) == 1 and said[0].startswith(f"{b}:4: error include-loop:")
    assert "reject" not in said[0]


def test_a_file_including_itself_is_not_rejected(tmp_path, capsys):
    f = write(tmp_path / "pjsip_wizard.conf", WIZARD + b"#include pjsip_wizard.conf\n")
    rc, out, err = expand(capsys, f)
    assert rc == 1 and "[6001]\ntype = endpoint" in out
    assert not any("invalid and cannot be parsed" in line for line in err)


@pytest.mark.parametrize("name", CASES)
def test_every_golden_message_names_a_file_and_line_of_the_case(name, tmp_path, capsys):
    case = tmp_path / name
    shutil.copytree(GOLDEN / name, case)
    beside_golden(case)
    f = case / "pjsip_wizard.conf"
    hosts = case / "hosts.txt"
    rc, out, err = expand(capsys, f, *(("--hosts", hosts) if hosts.exists() else ("--no-resolve",)))
    logged = {_log_key(line.replace("etc/pjsip_wizard.conf", str(f)))
              for line in (case / "log.txt").read_text().splitlines() if line.strip()}
    assert rc == (1 if logged else 0)
    # after file:line, Asterisk's words: the lines of its log (README: as a set)
    assert {_log_key(line.split(": ", 1)[1]) for line in err if not line.startswith("pjtui expand: note:")} == logged
    for line in err:
        if line.startswith("pjtui expand: note: host names were resolved by"):
            continue            # pjtui's own note on who answered, not a line Asterisk logs
        m = PREFIX.match(line)
        assert m, line
        assert Path(m["file"]).parent == case and 1 <= int(m["line"]) <= len(f.read_bytes().splitlines()), line


def test_json_errors_are_the_stderr_lines_with_file_and_line(tmp_path, capsys):
    import json

    f = write(tmp_path / "pjsip_wizard.conf", b"[x]\ntype = wizard\nendpoint/context = internal\n;--\n")
    assert main(["expand", "--json", str(f)]) == 1
    out, err = capsys.readouterr()
    errors = json.loads(out)["errors"]
    assert [f"{e['file']}:{e['line']}: {e['level']}: {e['source']}: {e['message']}" for e in errors] == err.splitlines()
    assert [(e["line"], e["level"]) for e in errors] == [(4, "WARNING"), (1, "ERROR"), (1, "ERROR")]
