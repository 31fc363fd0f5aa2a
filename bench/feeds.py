"""Polling many feeds: the time of a poll cycle and per new article, with page extraction as its own figure.

A news site on loopback (tests/feed_server.py) serves ``--feeds`` RSS feeds of ``--items`` items each; every item's
page is built from an article of ../shared/corpus/ukraine_talks (tests/web_fixtures.py) with a line of its own, so
no two pages carry the same text. Three cycles run through the real poller (bot/sources/polling.py) on an SQLite
index:

1. every item is new: feeds fetched, pages fetched (robots.txt once per site), pages extracted (trafilatura),
   articles extracted and stored (spaCy), then the corpus-wide steps once;
2. nothing changed: one conditional request per feed, each answered 304;
3. one new item in every feed.

``NEWSDESK_FETCH_DELAY`` spacing is off here (delay 0): all feeds share one host, which a real deployment spaces
apart; the figures are the work newsdesk does, not the waiting. Run: ``PYTHONPATH=. python bench/feeds.py``
(``--feeds 20 --items 5`` for a quick look).
"""
from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.sources.fetch import Fetcher  # noqa: E402
from bot.sources.polling import Poller  # noqa: E402
from bot.store.feed_store import FeedStore  # noqa: E402
from bot.store.repository import Repository  # noqa: E402
from feed_server import Site  # noqa: E402
from web_fixtures import page, rss, stories  # noqa: E402


def serve(site: Site, feeds: int, items: int, extra: int = 0) -> None:
    pool = stories()
    for f in range(feeds):
        entries = []
        for i in range(items + extra):
            base = pool[(f * 7 + i) % len(pool)]
            own = replace(base, paragraphs=(f"Desk {f} filed this as item {i} of its feed.", *base.paragraphs))
            path = f"/f{f}/{i}.html"
            site.route(path, page(own, site.url(path)))
            entries.append((own, site.url(path), f"f{f}-{i}"))
        site.route(f"/feed{f}.xml", rss(f"Desk {f}", site.url("/"), entries), "application/rss+xml")


def cycle(poller: Poller, label: str) -> dict:
    report = poller.poll(force=True)
    t = report.timings
    states: dict[str, int] = {}
    for o in report.outcomes:
        states[o.state] = states.get(o.state, 0) + 1
    row = {"cycle": label, "seconds": report.seconds, "new": report.new, "pages": t.pages,
           "fetch_s": t.fetch_seconds, "extract_s": t.extract_seconds, "states": states}
    per = f"{report.seconds / report.new:.3f} s per new article" if report.new else "no new article"
    extract = f"{t.extract_seconds / t.pages * 1000:.1f} ms per page" if t.pages else "-"
    print(f"{label}: {report.seconds:.1f} s for {len(report.outcomes)} feeds ({states}); {report.new} new, {per};"
          f" pages fetched {t.pages} in {t.fetch_seconds:.1f} s; page extraction (trafilatura) {t.extract_seconds:.1f} s"
          f" ({extract}); the rest (feeds, article extraction and storage, corpus-wide steps)"
          f" {report.seconds - t.fetch_seconds - t.extract_seconds:.1f} s", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with Site() as site, tempfile.TemporaryDirectory() as tmp:
        site.route("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        serve(site, args.feeds, args.items)
        repo = Repository(Path(tmp) / "bench.sqlite")
        store = FeedStore(repo)
        for f in range(args.feeds):
            store.add(site.url(f"/feed{f}.xml"), f"Desk {f}")
        fetcher = Fetcher("newsdesk-bench", delay=0, allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
        poller = Poller(repo, fetcher, owner="bench:1")
        print(f"{args.feeds} feeds of {args.items} items on loopback", flush=True)
        cycle(poller, "cycle 1 (all new)")
        site.clear()
        cycle(poller, "cycle 2 (nothing changed)")
        paths = {r.path for r in site.requests()}
        print(f"  requests in cycle 2: {len(site.requests())}, pages among them: "
              f"{sum(1 for p in paths if p.endswith('.html'))}")
        serve(site, args.feeds, args.items, extra=1)
        started = time.perf_counter()
        cycle(poller, "cycle 3 (one new item per feed)")
        print(f"  total {time.perf_counter() - started:.1f} s")
        print(f"articles in the index: {len(repo.query('SELECT id FROM articles'))}")
        repo.close()


if __name__ == "__main__":
    main()
