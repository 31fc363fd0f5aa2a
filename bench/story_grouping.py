"""Story grouping on the bulk corpus: how long it takes and how many pairs it compares.

Usage: .venv/bin/python bench/story_grouping.py

The tests guard the grouping's complexity by counting pairs
(tests/test_stories.py); the seconds are measured here, where a busy machine
makes a slow figure, not a failed test. Reads ../shared/corpus/bulk in place.
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.corpus.stories import GroupingCounts, fingerprint, group_stories  # noqa: E402
from bot.ingest.clean import clean  # noqa: E402

BULK = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bulk"


def main() -> None:
    texts: dict[str, str] = {}
    for path in sorted(BULK.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                texts[f"{path.name[:12]}-{record['id']:05d}"] = clean(record["text"]).text
    started = time.perf_counter()
    fps = {k: fingerprint(v) for k, v in texts.items()}
    fingerprinted = time.perf_counter()
    counts = GroupingCounts()
    stories = group_stories(fps, counts=counts)
    grouped = time.perf_counter()
    all_pairs = len(fps) * (len(fps) - 1) // 2
    print(f"{len(fps)} articles, {len(set(stories.values()))} stories")
    print(f"fingerprints: {fingerprinted - started:.2f} s; grouping: {grouped - fingerprinted:.2f} s")
    print(f"pairs: {counts.candidate_pairs} met, {counts.scored_pairs} scored, of {all_pairs}")


if __name__ == "__main__":
    main()
