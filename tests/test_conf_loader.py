"""load(): includes as Asterisk follows them, each file kept as its own document."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pjtui.conf import LoadError, load


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_include_section_context_and_documents(tmp_path):
    main = write(tmp_path / "pjsip.conf", b"[a]\nx = 1\n#include more.conf\nw = 4\n")
    write(tmp_path / "more.conf", b"y = 2\n[b]\nz = 3\n")
    config = load(str(main))
    a, b = config.sections
    assert [(o.key, os.path.basename(o.file)) for o in config.options(a)] == [
        ("x", "pjsip.conf"), ("y", "more.conf"), ("w", "pjsip.conf")]
    assert [o.key for o in config.options(b)] == ["z"]
    assert sorted(os.path.basename(p) for p in config.documents) == ["more.conf", "pjsip.conf"]
    assert not config.rejected


def test_relative_includes_use_the_config_dir_not_the_includer_dir(tmp_path):
    main = write(tmp_path / "etc" / "pjsip.conf", b"#include sub/one.conf\n")
    write(tmp_path / "etc" / "sub" / "one.conf", b"#include two.conf\n")
    write(tmp_path / "etc" / "two.conf", b"[two]\n")
    write(tmp_path / "etc" / "sub" / "two.conf", b"[wrong]\n")
    assert [s.name for s in load(str(main)).sections] == ["two"]


def test_glob_and_braces_in_sorted_order(tmp_path):
    main = write(tmp_path / "pjsip.conf", b'#include "pjsip.d/*.conf"\n#include {x,y}.conf\n')
    write(tmp_path / "pjsip.d" / "b.conf", b"[b]\n")
    write(tmp_path / "pjsip.d" / "a.conf", b"[a]\n")
    write(tmp_path / "x.conf", b"[x]\n")
    write(tmp_path / "y.conf", b"[y]\n")
    assert [s.name for s in load(str(main)).sections] == ["a", "b", "x", "y"]


def test_missing_include_rejects_file_but_tryinclude_does_not(tmp_path):
    main = write(tmp_path / "pjsip.conf", b"[a]\n#tryinclude nothere.conf\n")
    assert not load(str(main)).rejected
    main.write_bytes(b"[a]\n#include nothere.conf\n")
    config = load(str(main))
    assert config.rejected
    assert [(d.line, d.code) for d in config.diagnostics] == [(2, "include-missing")]


def test_include_loop_is_reported_not_followed_forever(tmp_path):
    main = write(tmp_path / "a.conf", b"[a]\n#include b.conf\n")
    write(tmp_path / "b.conf", b"[b]\n#include a.conf\n")
    config = load(str(main))
    assert [s.name for s in config.sections] == ["a", "b"]
    assert any(d.code == "include-loop" for d in config.diagnostics)


def test_error_inside_included_file_truncates_only_that_file(tmp_path):
    main = write(tmp_path / "main.conf", b"[a]\n#include bad.conf\n[c]\n")
    write(tmp_path / "bad.conf", b"[b]\nx = 1\n[broken\n[never]\n")
    config = load(str(main))
    assert [s.name for s in config.sections] == ["a", "b", "c"]
    assert not config.rejected


def test_exec_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    main = write(tmp_path / "main.conf", f"[a]\n#exec touch {marker}\n".encode())
    config = load(str(main))
    assert not marker.exists()
    assert config.incomplete and any(d.code == "exec-not-run" for d in config.diagnostics)


def test_parent_from_included_file_is_found(tmp_path):
    main = write(tmp_path / "w.conf", b"#include tpl.conf\n[6001](user)\n[6002](ghost)\n")
    write(tmp_path / "tpl.conf", b"[user](!)\ntype = wizard\n")
    config = load(str(main))
    phone = config.sections[1]
    assert [p.name for p in config.parents(phone)] == ["user"]
    assert [(d.line, d.code) for d in config.diagnostics] == [(3, "parent-missing")]


@pytest.mark.parametrize("make, words", [
    (lambda p: p, "no such file"),
    (lambda p: (p.mkdir(), p)[1], "is a directory"),
])
def test_unreadable_top_file_raises_load_error_with_a_sentence(tmp_path, make, words):
    path = make(tmp_path / "x.conf")
    with pytest.raises(LoadError, match=words):
        load(str(path))


def test_unreadable_include_is_a_diagnostic(tmp_path):
    main = write(tmp_path / "main.conf", b"[a]\n#include sub\n")
    (tmp_path / "sub").mkdir()
    config = load(str(main))
    assert [d.code for d in config.diagnostics] == ["include-not-file"]


def test_conf_and_pjsip_layers_never_import_textual_or_tomlkit():
    code = ("import sys, pjtui.conf, pjtui.pjsip, pjtui.cli; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tomlkit', 'rich')); "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pjsip.conf"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        load(str(fifo))


def test_refresh_sees_edits_in_any_document_without_reading_disk(tmp_path):
    from pjtui.conf.edits import AddSection, SetTemplates

    main = write(tmp_path / "w.conf", b"#include tpl.conf\n[6001](user)\n")
    tpl = write(tmp_path / "tpl.conf", b"[user](!)\ntype = wizard\n")
    config = load(str(main))
    included = config.documents[str(tpl)]
    included.apply(AddSection(1, "phone", template=True))
    config.root.apply(SetTemplates(2, False, ("phone",)))
    tpl.write_bytes(b"garbage that must not be read\n")
    fresh = config.refresh()
    assert [s.name for s in fresh.sections] == ["user", "phone", "6001"]
    assert [p.name for p in fresh.parents(fresh.sections[2])] == ["phone"]
    assert fresh.documents[str(tpl)] is included and not fresh.diagnostics
