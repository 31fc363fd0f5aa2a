"""Build the benchmark corpus in a temporary directory, read from ../shared at run time.

The ukraine_talks articles are used as they are; the bulk JSONL records
(deduplicated on their link without its query string) are written as article
files with the same header block. Nothing is copied into the repository.
"""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
TALKS = SHARED / "corpus" / "ukraine_talks"
BULK = SHARED / "corpus" / "bulk"


def build(target: Path, limit: int | None = None) -> int:
    """Write the corpus into ``target``; returns the number of articles."""
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(TALKS.glob("*.txt")):
        shutil.copyfile(path, target / path.name)
        count += 1
    seen: set[str] = set()
    for gz in sorted(BULK.glob("*.jsonl.gz")):
        with gzip.open(gz, "rt", encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and count >= limit:
                    return count
                record = json.loads(line)
                link = (record.get("link") or "").split("?")[0]
                text = (record.get("text") or "").strip()
                if not link or link in seen or len(text) < 200:
                    continue
                seen.add(link)
                published = record.get("published_parsed")
                day = f"{published[0]:04d}-{published[1]:02d}-{published[2]:02d}" if published else "unknown"
                header = (
                    f"title: {' '.join((record.get('title') or '').split())}\n"
                    f"outlet: {record.get('source') or ''}\n"
                    f"published: {day}\nurl: {link}\n---\n"
                )
                (target / f"bulk_{gz.name.split('.')[0]}_{record['id']:05d}.txt").write_text(
                    header + text + "\n", encoding="utf-8"
                )
                count += 1
    return count
