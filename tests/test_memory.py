"""The memory tricks (:data:`pjtui._memory.LEAN`) change what a large file costs, never a
result: documents, models, wizard readings, expansions and the checks' problems are the
same with the switch on and off.  And ``pjtui check`` stays within its memory budget
(issue 18): the benchmark reports the figure, a test here catches a regression."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from test_samples import load_bench

from pjtui import _memory
from pjtui.conf import edits, parse
from pjtui.conf.document import split_lines
from pjtui.pjsip.checks import Checker, check_paths
from pjtui.pjsip.model import build
from pjtui.pjsip.wizard import expand
from pjtui.pjsip.wizard.reading import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PJSIP = b"[udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n"

TEMPLATES = (
    "[phone](!)\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\ntransport = udp\n"
    "endpoint/allow = ulaw\nendpoint/context = internal\naor/max_contacts = 1\n",
    # ignored lines in a template: every child's two indexes must differ from the start
    "[odd](!)\ntype = wizard\nEndpoint/context = x\nendpoint/ = 1\nnonsense = 2\nremote_hosts = 192.0.2.7\n",
    "[trunk](!)\ntype = wizard\nsends_auth = yes\nsends_registrations = yes\nremote_hosts = 192.0.2.50\n"
    "outbound_auth/username = t\noutbound_auth/password = s\n",
)
CHILD_LINES = [
    "inbound_auth/username = u", "inbound_auth/password = p", "endpoint/context = c2",
    "Endpoint/context = ignored", "endpoint/ = nothing", "nonsense = 1", "aor/contact = sip:1.2.3.4",
    "identify/match = 192.0.2.9", "endpoint/timers_min_se = 10", "endpoint/transport = udp",
    "endpoint/identify_by = ip", "phoneprov/PROFILE = polycom", "has_hint = yes", "hint_exten = 100",
    "endpoint/allow += ,alaw", "outbound_auth/username = o", "type = wizard", "; a comment",
]
PARENTS = ["phone", "odd", "trunk", "phone,odd", "odd,phone"]


def render(kids) -> bytes:
    out = list(TEMPLATES)
    for i, (parents, lines) in enumerate(kids):
        head = f"[w{i}]({parents})" if parents else f"[w{i}]\ntype = wizard"
        out.append(head + "\n" + "".join(line + "\n" for line in lines))
    out.append("[w0](+)\nendpoint/language = fr\n" if len(kids) % 3 == 0 else "")
    return "\n".join(out).encode()


def queries(data: bytes) -> list[str]:
    """Every "prefix/name" the readers could be asked about the file, lower case."""
    found = {f"{p}/{name}" for p in PREFIXES for name in ("username", "match", "contact", "context", "bogus")}
    for raw in split_lines(data):
        key = raw.split(b"=")[0].strip().decode().lower()
        if "/" in key and key.split("/")[0] in PREFIXES:
            found.add(key)
    return sorted(found)


def where(entry):
    return None if entry is None else (entry.line, entry.key, entry.value)


def everything(data: bytes) -> dict:
    """What every layer says about ``data``: nodes, model, readings, expansion, problems."""
    doc = parse(data, "pjsip_wizard.conf")
    pdoc = parse(PJSIP, "pjsip.conf")
    model, pmodel = build(doc), build(pdoc)
    exp = expand(model, pjsip=pmodel)
    asks = queries(data)
    out = {
        "bytes": doc.to_bytes(),
        "diagnostics": [str(d) for d in doc.diagnostics],
        "sections": [(s.name, s.line, s.end_line, s.template, list(s.parents), s.append, s.header_gap,
                      list(s.directives), [(o.key, o.op, o.value, o.line, o.editable, o.append_text)
                                           for o in s.options]) for s in doc.sections],
        "directives": [(d.kind, d.argument, d.line) for d in doc.directives],
        "model": [(e.name, e.template, [p.name for p in e.parents], list(e.missing_parents),
                   [a.line for a in e.appends], [where(v) for v in e.vars]) for e in model.sections],
        "errors": [(e.line, e.message) for e in model.errors],
        "readings": [(w.name, [(q, where(w._plast.get(q)), q in w._plast, w.has(*q.split("/", 1)))
                               for q in asks], [(where(e), r) for e, r in w.ignored])
                     for w in exp.wizards],
        "objects": [(o.type, o.name, [(p.key, p.value) for p in o.all_params()]) for o in exp.objects],
        "log": [(x.level, x.message, x.wizard) for x in exp.log],
        "hints": [(h.exten, h.context) for h in exp.hints],
        "problems": [p.format() for p in Checker(model, pmodel, expansion=exp).run()],
        "lines": list(doc.lines),
    }
    # an edit after the lines were split lazily: same bytes and same reading both ways
    option = next((o for s in doc.sections for o in s.options if o.editable), None)
    if option is not None:
        doc.apply(edits.SetValue(option.line, "edited"))
        out["edited"] = (doc.to_bytes(), [(o.key, o.value, o.line) for s in doc.sections for o in s.options])
    return out


def both_ways(data: bytes, monkeypatch) -> None:
    lean = everything(data)
    with monkeypatch.context() as m:
        m.setattr(_memory, "LEAN", False)      # the memory tricks' one switch
        plain = everything(data)
    assert lean == plain


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PARENTS + [""]), st.lists(st.sampled_from(CHILD_LINES), max_size=4)),
                min_size=1, max_size=8))
def test_lean_and_plain_say_the_same_about_random_wizard_files(monkeypatch, kids):
    both_ways(render(kids), monkeypatch)


CASES = sorted(p for p in (SHARED / "golden").rglob("pjsip_wizard.conf"))[:40] \
    + sorted((ROOT / "samples").rglob("*wizard*.conf"))


def test_there_are_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_lean_and_plain_say_the_same_about_golden_and_sample_files(path, monkeypatch):
    both_ways(path.read_bytes(), monkeypatch)


def test_check_paths_reports_the_same_both_ways(tmp_path, monkeypatch):
    wizard = tmp_path / "pjsip_wizard.conf"
    wizard.write_bytes(render([(random.Random(n).choice(PARENTS), CHILD_LINES[n % 7:n % 7 + 3]) for n in range(30)]))
    (tmp_path / "pjsip.conf").write_bytes(PJSIP)
    lean = [p.format() for p in check_paths([str(wizard)]).problems]
    monkeypatch.setattr(_memory, "LEAN", False)
    assert [p.format() for p in check_paths([str(wizard)]).problems] == lean and lean


def test_a_configs_parents_are_the_same_looked_up_again(tmp_path, monkeypatch):
    from pjtui.conf import load

    (tmp_path / "more.conf").write_bytes(b"[late](!)\nx = 1\n[b](+)\ny = 2\n")
    (tmp_path / "main.conf").write_bytes(b"[t](!)\n[a](t,late)\n[b](t)\n#include more.conf\n"
                                         b"[c](late,t,nosuch)\n[b](+)\n[B](b,a)\n[t]\n[d](t)\n")
    lean = load(str(tmp_path / "main.conf"))
    assert lean._parents is None
    monkeypatch.setattr(_memory, "LEAN", False)
    plain = load(str(tmp_path / "main.conf"))
    assert [[(p.name, p.line) for p in lean.parents(s)] for s in lean.sections] == \
        [[(p.name, p.line) for p in plain.parents(s)] for s in plain.sections]
    assert [p.name for p in lean.parents(lean.sections[-1])] == ["t"]
    assert [str(d) for d in lean.diagnostics] == [str(d) for d in plain.diagnostics]


# -- what the tricks do -------------------------------------------------------------------

def test_a_parsed_document_keeps_its_bytes_and_splits_them_only_when_asked():
    data = b"[a]\r\nx = 1\n[b](a)\ny = 2"
    doc = parse(data, "f.conf")
    assert doc._lines is None and doc.to_bytes() is data
    assert [o.value for s in doc.sections for o in s.options] == ["1", "2"]
    assert doc.lines == [b"[a]\r\n", b"x = 1\n", b"[b](a)\n", b"y = 2"]
    assert doc._data is None and doc.lines is doc.lines      # one list from now on
    doc.apply(edits.SetValue(2, "3"))
    assert doc.to_bytes() == b"[a]\r\nx = 3\n[b](a)\ny = 2"


def test_without_the_switch_a_document_holds_its_lines_from_the_start(monkeypatch):
    monkeypatch.setattr(_memory, "LEAN", False)
    doc = parse(b"[a]\nx = 1\n", "f.conf")
    assert doc._lines == [b"[a]\n", b"x = 1\n"] and doc._data is None
    assert doc.sections[0].directives == [] and build(doc).sections[0].appends == []


def test_the_master_switch_turns_the_memory_tricks_off_too():
    from pjtui import speed

    assert _memory.lean()
    speed.set_plain(True)
    try:
        assert not _memory.lean()
        doc = parse(b"[a]\nx = 1\n", "f.conf")
        assert doc._lines == [b"[a]\n", b"x = 1\n"] and doc.sections[0].directives == []
    finally:
        speed.set_plain(False)


def test_shared_names_and_empty_containers():
    doc = parse(b"[base](!)\nx = 1\n[a](base)\n[b](base)\n[a](+)\ny = 2\n", "f.conf")
    a, b = doc.sections[1], doc.sections[2]
    assert a.parents[0] is b.parents[0]
    assert a.directives is b.directives == ()
    model = build(doc)
    ea, eb = model.sections[1], model.sections[2]
    assert eb.appends is eb.missing_parents == ()
    assert [s.line for s in ea.appends] == [5]           # the first (+) gets a list of its own
    assert eb.appends == ()                              # ... the shared one is untouched


def test_a_clean_reading_has_one_index_and_an_ignored_line_splits_it():
    data = (TEMPLATES[0] + "[a](phone)\ninbound_auth/username = a\n"
            "[b](phone)\nEndpoint/context = no\ninbound_auth/username = b\n").encode()
    exp = expand(build(parse(data, "pjsip_wizard.conf")))
    a, b = (next(w for w in exp.wizards if w.name == n) for n in "ab")
    assert a._plast is a._lower
    assert b._plast is not b._lower
    # the ignored line is the last "endpoint/context" Asterisk's wizard lists, not a pass-through
    assert b._lower["endpoint/context"].value == "no"
    assert b._plast["endpoint/context"].value == "internal" and b.has("endpoint", "context")


# -- the budget ----------------------------------------------------------------------------

def traced_peak(tmp_path: Path, count: int) -> tuple[int, int]:
    bench = load_bench()
    d = tmp_path / str(count)
    d.mkdir()
    data = bench.generate(count)
    (d / "pjsip_wizard.conf").write_bytes(data)
    (d / "pjsip.conf").write_bytes(bench.PJSIP_CONF)
    check_paths([str(d / "pjsip_wizard.conf")])         # imports and first-use tables outside the count
    tracemalloc.start()
    try:
        report = check_paths([str(d / "pjsip_wizard.conf")])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.files and report.errors == 0
    return len(data), peak


def test_check_stays_within_its_memory_budget(tmp_path):
    """What ``pjtui check`` allocates per byte of a file (the marginal figure, without the
    interpreter): 600 vs 3,000 generated wizards.  With ``LEAN`` off it is ~32.6 bytes per
    byte, with it ~27.6; the budget leaves room for noise, not for losing a trick (the lazy
    lines and the shared wizard index save ~2.5 each)."""
    small_size, small = traced_peak(tmp_path, 600)
    big_size, big = traced_peak(tmp_path, 3000)
    per_byte = (big - small) / (big_size - small_size)
    assert per_byte <= 29, f"pjtui check allocates {per_byte:.1f} bytes per byte of file"


def test_a_file_beyond_the_limit_is_refused_with_its_name_size_and_what_to_do(tmp_path, capsys):
    from pjtui.cli import main

    path = tmp_path / "pjsip_wizard.conf"
    with open(path, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)      # sparse: nothing is written or read
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "17.0 MB" in err and "limit of 16.0 MB" in err
    assert "split it into files of less than 16.0 MB" in err and "#include" in err
    assert "Traceback" not in err
