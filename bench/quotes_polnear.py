"""Tuning aid: ``find_quotes`` and ``find_attributions`` against PolNeAR, with misses and false alarms listed (-v).

The reported score is ``newsdesk eval quotes`` (the same matching, on extract output,
with speakers also judged by the resolved name).

Usage: .venv/bin/python bench/quotes_polnear.py [--split dev] [--limit 100] [-v]

Reads /work/shared/datasets/polnear in place (never copied). Per article the
first annotator's file (by name) is the gold. Reported:

* content P/R/F1: a gold Content is found when a system quote overlaps it;
  pairs are matched one-to-one, largest overlap first;
* speaker accuracy: of the found relations that have a gold Source, the
  share whose system speaker span overlaps that Source.

Tune on dev; the test split is for one final report.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.evaluation.matching import match, overlap  # noqa: E402
from bot.evaluation.polnear import Relation, read_relations  # noqa: E402
from bot.extract.attributions.shapes import find_attributions  # noqa: E402
from bot.extract.nlp import parse_many  # noqa: E402
from bot.extract.speech.find import find_quotes  # noqa: E402
from bot.extract.types import QuoteSpan  # noqa: E402

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear"



def score(gold: list[Relation], system: list[QuoteSpan]) -> tuple[int, int, int, int, list[tuple[int, int]]]:
    """(matched, speaker_total, speaker_correct, gold_count, pairs) for one article, on speaker spans only."""
    pairs = match([r.content for r in gold], [[(q.start, q.end)] for q in system])
    spk_total = spk_ok = 0
    for gi, si in pairs:
        if gold[gi].source:
            spk_total += 1
            q = system[si]
            spk_ok += q.speaker_start is not None and overlap(gold[gi].source, [(q.speaker_start, q.speaker_end)]) > 0
    return len(pairs), spk_total, spk_ok, len(gold), pairs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=100, help="number of articles (0 = all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print misses and false alarms")
    args = ap.parse_args()
    root = POLNEAR / args.split
    if not root.is_dir():
        print(f"PolNeAR not found at {root}; nothing to score")
        return 0
    texts = sorted((root / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    anns = sorted((root / "attributions").glob("*.ann"))
    items = []
    for t in texts:
        ann = next((a for a in anns if a.stem.rsplit("_", 1)[0] == t.stem), None)
        if ann is not None:
            items.append((t, ann))
    bodies = [t.read_text(encoding="utf-8") for t, _ in items]
    docs = parse_many(bodies)
    n_sys = n_gold = n_match = spk_total = spk_ok = 0
    by_kind = {True: [0, 0], False: [0, 0]}  # direct -> [system, matched]
    for (t, ann), body, doc in zip(items, bodies, docs):
        gold = read_relations(ann)
        speech = find_quotes(doc)
        system = sorted(speech + find_attributions(doc, speech), key=lambda q: (q.start, q.end))
        matched, st, so, ng, pairs = score(gold, system)
        n_sys += len(system)
        n_gold += ng
        n_match += matched
        spk_total += st
        spk_ok += so
        hit_s = {si for _, si in pairs}
        for si, q in enumerate(system):
            by_kind[q.direct][0] += 1
            by_kind[q.direct][1] += si in hit_s
        if args.verbose:
            hit_g = {gi for gi, _ in pairs}
            print(f"== {t.name}")
            for si, q in enumerate(system):
                if si not in hit_s:
                    print(f"  FA  {q.text[:100]!r}")
            for gi, rel in enumerate(gold):
                if gi not in hit_g:
                    s, e = rel.content[0]
                    print(f"  MISS {body[s:e][:100]!r}")
    p = n_match / n_sys if n_sys else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = spk_ok / spk_total if spk_total else 0.0
    print(f"PolNeAR {args.split}: {len(items)} articles, {n_gold} gold relations, {n_sys} system quotes")
    print(f"content  P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print(f"speaker  accuracy={acc:.3f} ({spk_ok}/{spk_total} found relations with a Source)")
    for direct, (ns, nm) in by_kind.items():
        kind = "direct" if direct else "indirect"
        print(f"  {kind:8} system={ns} precision={nm / ns if ns else 0.0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
