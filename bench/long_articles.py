"""How indexing time grows with the length of one article: 50 KB, 200 KB and 1 MB of real prose.

Each article is made at run time by joining the ukraine_talks articles of ../shared (their bodies, one after
another, cut at a paragraph) under one header; nothing is written into the repository. Each is indexed alone
into a new SQLite index (read, clean, extract in pieces, store, corpus-wide steps), after the spaCy model is
loaded, and the time per KB and its ratio to the 50 KB article's are printed, all from this one run.

    .venv/bin/python bench/long_articles.py [--sizes 50,200,1000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import TALKS  # noqa: E402
from bot import Newsdesk  # noqa: E402
from bot.extract import nlp  # noqa: E402
from bot.ingest.files import iter_corpus, read_article  # noqa: E402

HEADER = "title: All the talks in one file\noutlet: Bench Wire\npublished: 2026-01-24\n---\n"


def long_text(size: int) -> str:
    """At least ``size`` characters of article bodies, cut after the paragraph that reaches it."""
    bodies = [read_article(p).text for p in iter_corpus(TALKS)]
    parts: list[str] = []
    length = i = 0
    while length < size:
        parts.append(bodies[i % len(bodies)])
        length += len(parts[-1]) + 2
        i += 1
    text = "\n\n".join(parts)
    cut = text.find("\n", size)
    return text[: cut if cut >= 0 else len(text)]


def index_once(text: str) -> tuple[float, int, int]:
    """Seconds to index ``text`` as the only article of a corpus; with the people and quotes stored."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "long.txt").write_text(HEADER + text, encoding="utf-8")
        with Newsdesk(corpus=corpus, db=Path(tmp) / "index.sqlite") as nd:
            started = time.perf_counter()
            report = nd.index()
            seconds = time.perf_counter() - started
            assert report.added == ["long"], report.summary()
            persons = nd.repo.query("SELECT count(*) AS n FROM persons")[0]["n"]
            quotes = nd.repo.query("SELECT count(*) AS n FROM quotes")[0]["n"]
    return seconds, persons, quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,200,1000", help="article sizes in KB (1 KB = 1,000 characters)")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    nlp.pipeline()  # the model loaded before the clock starts
    base = None
    print(f"{'size':>8} {'chars':>9} {'pieces':>6} {'seconds':>8} {'ms/KB':>7} {'ratio':>6} {'persons':>8} {'quotes':>7}")
    for kb in sizes:
        text = long_text(kb * 1000)
        seconds, persons, quotes = index_once(text)
        per_kb = seconds * 1000 / (len(text) / 1000)
        base = base or per_kb
        print(f"{kb:>6}KB {len(text):>9,} {len(nlp.pieces(text)):>6} {seconds:>8.1f} {per_kb:>7.1f}"
              f" {per_kb / base:>6.2f} {persons:>8} {quotes:>7}", flush=True)


if __name__ == "__main__":
    main()
