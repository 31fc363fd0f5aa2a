"""Hand audit of quote attribution on real articles of the shared corpus.

Usage:
  .venv/bin/python bench/quote_audit.py dump  [--articles 07,10,...] > audit.txt
  .venv/bin/python bench/quote_audit.py tally --labels tests/data/quote_audit_labels.json [--articles ...]

``dump`` prints every quote the full pipeline outputs, with its key, its
speaker mention and resolved speaker, and the paragraph around it, for a
person to judge by reading the article. ``tally`` counts against a labels
file (``tests/data/quote_audit_labels.json``: the keys hold only article
number, offsets and speaker names, no publishers' text): ``{"<key>": "ok" | "wrong" | "nonstmt"}``,
where "wrong" is a real statement given to the wrong speaker and "nonstmt"
is a title, scare quote, headline or caption. Quotes without a speaker are
counted apart, and keys with no label are listed so that a re-run after a
change asks only about what changed.

Attribution precision = ok / quotes output with a speaker.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.extract.pipeline import extract  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ukraine_talks"
# Spread over outlets: Reuters, AP x2, BBC, Al Jazeera, TASS, Fox, DW, CBC, Guardian, ABC, NPR.
DEFAULT = "07,10,12,21,25,31,33,35,42,49,50,53"


def _article(prefix: str) -> tuple[str, str, date | None]:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    try:
        published = date.fromisoformat(fields.get("published", ""))
    except ValueError:
        published = None
    return path.name, body, published


def _quotes(prefix: str):
    name, body, published = _article(prefix)
    ex = extract(body, published)
    for q in ex.quotes:
        if q.kind != "speech":  # attributions are never shown, so not audited
            continue
        mention = body[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None
        key = f"{prefix}:{q.start}-{q.end}:{q.speaker}"
        yield key, q, mention, body


def dump(prefixes: list[str]) -> None:
    for prefix in prefixes:
        print(f"=== {_article(prefix)[0]}")
        for key, q, mention, body in _quotes(prefix):
            a = max(body.rfind("\n", 0, q.start) + 1, q.start - 400)
            b = body.find("\n", q.end)
            para = body[a : min(b if b >= 0 else len(body), q.end + 200)]
            print(f"--- {key}  {'D' if q.direct else 'I'}  mention={mention!r} -> {q.speaker!r}")
            print(f"    QUOTE: {q.text}")
            print(f"    CONTEXT: {para}")


def tally(prefixes: list[str], labels: dict[str, str]) -> None:
    counts: Counter[str] = Counter()
    missing: list[str] = []
    for prefix in prefixes:
        for key, q, _, _ in _quotes(prefix):
            counts["output"] += 1
            if q.speaker is None:
                counts["speaker None"] += 1
                continue
            counts["with speaker"] += 1
            label = labels.get(key)
            if label is None:
                missing.append(key)
            else:
                counts[label] += 1
    for k in ("output", "speaker None", "with speaker", "ok", "wrong", "nonstmt"):
        print(f"{k:>14}: {counts[k]}")
    if counts["with speaker"]:
        print(f"{'precision':>14}: {counts['ok'] / counts['with speaker']:.3f}")
    if missing:
        print(f"{len(missing)} unlabelled:", *missing, sep="\n  ")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["dump", "tally"])
    ap.add_argument("--articles", default=DEFAULT)
    ap.add_argument("--labels", type=Path)
    args = ap.parse_args()
    prefixes = args.articles.split(",")
    if args.mode == "dump":
        dump(prefixes)
    else:
        tally(prefixes, json.loads(args.labels.read_text()) if args.labels else {})


if __name__ == "__main__":
    main()
