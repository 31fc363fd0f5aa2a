"""Index time per article and per-command latency (p50/p99) in a warm process.

    .venv/bin/python bench/bench_commands.py            # seeds and the ~1,500-article corpus
    .venv/bin/python bench/bench_commands.py --seeds    # seeds only
    .venv/bin/python bench/bench_commands.py --keep /tmp/nd-bench   # keep the large corpus and its index for reruns

Each command family runs a varied set of queries drawn from the index itself
(names of indexed people, words of indexed quotes, ...). /help, which goes
through the same router but reads nothing, is the baseline: every family's
median is also printed as a ratio to it, measured in the same run.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot import Newsdesk  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 200


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def queries(nd: Newsdesk, rng: random.Random) -> dict[str, list[str]]:
    persons = [r["name"] for r in nd.repo.query("SELECT name FROM persons WHERE is_org = 0 ORDER BY mentions DESC LIMIT 200")]
    surnames = [n.split()[-1] for n in persons]
    quote_words = [
        w
        for r in nd.repo.query("SELECT text FROM quotes ORDER BY id LIMIT 400")
        for w in r["text"].split()
        if len(w) > 6 and w.isalpha()
    ] or ["talks"]
    places = ["Moscow", "Kyiv", "Istanbul", "Alaska", "Geneva", "Riyadh", "Washington", "Abu Dhabi"]
    pick = lambda xs: xs[rng.randrange(len(xs))]  # noqa: E731
    return {
        "help": ["/help"],
        "who": [f"/who {pick(surnames)}" for _ in range(50)] + [f"/who {pick(persons)[:-1]}" for _ in range(20)],
        "quote": [f"/quote {pick(quote_words)}" for _ in range(50)]
        + [f"/quote {pick(quote_words)} by:{pick(surnames)}" for _ in range(20)],
        "timeline": ["/timeline"] + [f"/timeline {pick(places)}" for _ in range(30)] + [f"/timeline {pick(surnames)}" for _ in range(30)],
        "search": [f"/search {pick(quote_words)} {pick(places)}" for _ in range(50)],
        "sources": ["/sources"],
        "question": [f"What did {pick(surnames)} say about {pick(quote_words)}?" for _ in range(30)]
        + [f"When did {pick(surnames)} visit {pick(places)}?" for _ in range(20)]
        + [f"Who met {pick(surnames)} in {pick(places)}?" for _ in range(10)]
        + [f"How many {pick(quote_words)} were there in {pick(places)}?" for _ in range(10)]
        + _question_set(rng),
    }


def _question_set(rng: random.Random) -> list[str]:
    """The ukraine_talks questions of tests/data/questions (the benchmark corpus holds those articles)."""
    questions = [
        q["q"]
        for path in sorted((ROOT / "tests" / "data" / "questions").glob("*.yaml"))
        if (data := yaml.safe_load(path.read_text(encoding="utf-8"))).get("corpus") == "ukraine_talks"
        for q in data["questions"]
    ]
    rng.shuffle(questions)
    return questions[:100]


def bench(label: str, corpus: Path, db: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        nd = Newsdesk(corpus=corpus, db=db or Path(tmp) / "bench.sqlite")
        n_articles = len(list(corpus.glob("*.txt"))) + len(list(corpus.glob("*.md")))
        t0 = time.perf_counter()
        report = nd.index()
        index_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        nd.index()
        reindex_s = time.perf_counter() - t0
        print(f"\n== {label}: {n_articles} files, {len(report.skipped)} skipped")
        print(f"index: {index_s:.1f} s total, {1000 * index_s / max(1, n_articles):.1f} ms per article; "
              f"re-index with nothing changed: {reindex_s:.2f} s")
        rng = random.Random(7)
        families = queries(nd, rng)
        for texts in families.values():  # warm the caches once
            for t in texts[:3]:
                nd.ask(t)
        results: dict[str, list[float]] = {}
        for family, texts in families.items():
            timings = []
            for i in range(REPEATS):
                text = texts[i % len(texts)]
                t0 = time.perf_counter()
                nd.ask(text)
                timings.append((time.perf_counter() - t0) * 1000)
            results[family] = timings
        base = statistics.median(results["help"])
        print(f"{'family':<10} {'p50 ms':>8} {'p99 ms':>8} {'p50 / help':>11}")
        for family, timings in results.items():
            p50 = statistics.median(timings)
            print(f"{family:<10} {p50:8.2f} {percentile(timings, 99):8.2f} {p50 / base:11.1f}")
        nd.close()


def main(bench=bench, seeds_too: bool = True) -> None:
    """The command line of this benchmark and of bench_backends.py: ``bench(label, corpus)`` on the seeds and/or the
    large corpus, built in a temporary directory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", action="store_true", help="only the seeds")
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles in the large corpus")
    parser.add_argument("--keep", type=Path, default=None,
                        help="a folder to keep the large corpus and its index in: a second run reuses them (the index"
                             " is brought up to date, so 'index' then times an incremental run)")
    args = parser.parse_args()
    if seeds_too or args.seeds:
        bench("seeds", ROOT / "seeds")
    if args.seeds:
        return
    import corpus

    if not corpus.TALKS.is_dir():
        print("../shared/corpus is missing: large-corpus benchmark skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = (args.keep or Path(tmp)) / "corpus"
        if args.keep is None or not folder.is_dir():
            corpus.build(folder, args.limit)
        n = len(list(folder.glob("*.txt")))
        db = args.keep / "bench.sqlite" if args.keep else None
        bench(f"ukraine_talks + bulk ({n} articles)", folder, *([db] if db else []))


if __name__ == "__main__":
    main()
