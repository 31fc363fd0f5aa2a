"""Tuning aid: ``find_dates`` alone against TempEval-3, with every miss and wrong value listed.

Usage: python bench/dates_tempeval.py [te3-platinum|TBAQ-cleaned] [--errors]
The reported score is ``newsdesk eval dates`` (the same matching, on extract output).

Each .tml ``<TEXT>`` is stripped of its tags, ``find_dates`` runs on it with
the document creation time, and system spans are matched one-to-one to gold
spans: relaxed when they overlap, strict when they coincide. Value and type
scores count matched pairs whose attribute agrees (the TempEval-3 way:
P over system mentions, R over gold mentions). Tune on TBAQ-cleaned; report
te3-platinum.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bot.evaluation.tempeval import read_tml
from bot.extract.dates.find import find_dates

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tempeval3"


def score(split: str, show_errors: bool) -> None:
    files = sorted((DATA / split).rglob("*.tml"))
    n_sys = n_gold = relaxed = strict = value_ok = type_ok = 0
    for path in files:
        doc = read_tml(path)
        text, dct, golds = doc.text, doc.dct, doc.gold
        found = find_dates(text, dct)
        n_sys += len(found)
        n_gold += len(golds)
        used: set[int] = set()
        for g in golds:
            match = next((i for i, s in enumerate(found) if i not in used and s.start < g.end and g.start < s.end), None)
            if match is None:
                if show_errors:
                    print(f"MISS {path.name}: {text[g.start:g.end]!r} {g.type} {g.value}")
                continue
            used.add(match)
            s = found[match]
            relaxed += 1
            strict += (s.start, s.end) == (g.start, g.end)
            value_ok += s.value == g.value
            type_ok += s.type == g.type
            if show_errors and s.value != g.value:
                print(f"VALUE {path.name}: {s.text!r} {s.value} | gold {text[g.start:g.end]!r} {g.value}")
        if show_errors:
            for i, s in enumerate(found):
                if i not in used:
                    print(f"EXTRA {path.name}: {s.text!r} {s.type} {s.value} | {text[max(0, s.start - 40):s.end + 20]!r}")

    def f1(hit: int) -> str:
        p, r = hit / max(n_sys, 1), hit / max(n_gold, 1)
        return f"P {100 * p:5.1f} R {100 * r:5.1f} F1 {100 * (2 * p * r / (p + r) if p + r else 0):5.2f}"

    print(f"{split}: {len(files)} docs, {n_gold} gold, {n_sys} system")
    print(f"  relaxed span {f1(relaxed)}")
    print(f"  strict span  {f1(strict)}")
    print(f"  value        {f1(value_ok)}")
    print(f"  type         {f1(type_ok)}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not DATA.is_dir():
        sys.exit(f"no TempEval-3 data at {DATA}")
    score(args[0] if args else "TBAQ-cleaned", "--errors" in sys.argv)
