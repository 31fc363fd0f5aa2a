"""Score ``find_dates`` against TempEval-3 TIMEX3 gold (read in place, never copied).

Usage: python bench/dates_tempeval.py [te3-platinum|TBAQ-cleaned] [--errors]

Each .tml ``<TEXT>`` is stripped of its tags, ``find_dates`` runs on it with
the document creation time, and system spans are matched one-to-one to gold
spans: relaxed when they overlap, strict when they coincide. Value and type
scores count matched pairs whose attribute agrees (the TempEval-3 way:
P over system mentions, R over gold mentions). Tune on TBAQ-cleaned; report
te3-platinum.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.extract.dates import find_dates

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tempeval3"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


def read_tml(path: Path) -> tuple[str, date, list[Gold]]:
    """Plain text of <TEXT>, the DCT, and the gold TIMEX3 spans in that text."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    assert dct and body, path
    out: list[str] = []
    golds: list[Gold] = []
    open_timex: tuple[int, str] | None = None
    pos = 0
    src = body[1]
    for m in _TAG.finditer(src):
        out.append(src[pos:m.start()])
        pos = m.end()
        if m[2] != "TIMEX3":
            continue
        here = sum(map(len, out))
        if m[1] == "":
            open_timex = (here, m[3])
        elif open_timex:
            start, attrs = open_timex
            get = lambda k: (re.search(rf'\b{k}="([^"]*)"', attrs) or [None, ""])[1]  # noqa: E731
            golds.append(Gold(start, here, get("type"), get("value"), ""))
            open_timex = None
    out.append(src[pos:])
    text = "".join(out)  # entities stay escaped so gold offsets stay valid
    for g in golds:
        g.text = text[g.start:g.end]
    return text, date.fromisoformat(dct[1]), golds


def score(split: str, show_errors: bool) -> None:
    files = sorted((DATA / split).rglob("*.tml"))
    n_sys = n_gold = relaxed = strict = value_ok = type_ok = 0
    for path in files:
        text, dct, golds = read_tml(path)
        found = find_dates(text, dct)
        n_sys += len(found)
        n_gold += len(golds)
        used: set[int] = set()
        for g in golds:
            match = next((i for i, s in enumerate(found) if i not in used and s.start < g.end and g.start < s.end), None)
            if match is None:
                if show_errors:
                    print(f"MISS {path.name}: {g.text!r} {g.type} {g.value}")
                continue
            used.add(match)
            s = found[match]
            relaxed += 1
            strict += (s.start, s.end) == (g.start, g.end)
            value_ok += s.value == g.value
            type_ok += s.type == g.type
            if show_errors and s.value != g.value:
                print(f"VALUE {path.name}: {s.text!r} {s.value} | gold {g.text!r} {g.value}")
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
