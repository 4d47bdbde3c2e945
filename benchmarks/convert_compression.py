#!/usr/bin/env python3
"""How much shorter ``pjtui convert --to-wizard`` makes the corpus's pjsip.conf files.

    .venv/bin/python benchmarks/convert_compression.py [CORPUS_DIR]

Counts lines (every line: blank and comment lines too) of each input against the lines of
the wizard plus the remainder pjsip.conf, for the files pjtui converts (a file Asterisk
rejects is skipped and counted), and prints the totals, overall and for the files where at
least one wizard was made.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pjtui.pjsip.convert import ConversionError, to_wizard


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    files = sorted(p for p in corpus.rglob("*pjsip.conf") if p.is_file())
    if not files:
        print(f"no pjsip.conf files under {corpus}", file=sys.stderr)
        return 2
    rows = {"all": [0, 0, 0], "with wizards": [0, 0, 0]}
    skipped = groups = kept = 0
    for f in files:
        data = f.read_bytes()
        try:
            r = to_wizard(data, f.name)
        except ConversionError:
            skipped += 1
            continue
        before = len(data.splitlines())
        after = len(r.wizard.splitlines()) + len(r.remainder.splitlines())
        groups += r.groups
        kept += len(r.kept)
        for key in ("all", "with wizards") if r.groups else ("all",):
            rows[key][0] += 1
            rows[key][1] += before
            rows[key][2] += after
    print(f"{len(files)} files, {skipped} rejected by Asterisk (skipped); {groups} wizards made, "
          f"{kept} endpoints kept as plain objects")
    for key, (n, before, after) in rows.items():
        print(f"{key:>13}: {n:4d} files  {before:6d} lines -> {after:6d} (wizard + remainder)  "
              f"= {after / before:.1%} of the input")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
