"""robots.txt for article pages: read once per site and hour, asked before every page (and redirect).

As RFC 9309 says: a robots.txt that is missing (any 4xx) allows everything;
one that cannot be had (5xx, no connection) allows nothing for now. Its
``Crawl-delay`` for newsdesk, when longer than NEWSDESK_FETCH_DELAY, spaces
requests to that site.
"""
from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

__all__ = ["Robots"]

ROBOTS_MAX_BYTES = 500_000
ROBOTS_TTL = 3600.0
PRODUCT = "newsdesk"


class Robots:
    def __init__(self, fetcher, user_agent: str, ttl: float = ROBOTS_TTL) -> None:
        self._fetcher = fetcher
        self._agent = PRODUCT if PRODUCT in user_agent.lower() else user_agent
        self._ttl = ttl
        self._sites: dict[str, tuple[float, RobotFileParser]] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(self._agent, url)

    def crawl_delay(self, url: str) -> float | None:
        delay = self._parser(url).crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    def _parser(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            cached = self._sites.get(site)
            if cached and time.monotonic() - cached[0] < self._ttl:
                return cached[1]
        parser = RobotFileParser(site + "/robots.txt")
        from bot.sources.fetch import FetchError  # the fetcher imports this module

        try:
            response = self._fetcher.get(site + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES)
        except FetchError:
            parser.disallow_all = True
        else:
            if response.status >= 500 or (300 <= response.status < 400):
                parser.disallow_all = True
            elif response.status >= 400:
                parser.allow_all = True
            else:
                parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        parser.modified()
        with self._lock:
            self._sites[site] = (time.monotonic(), parser)
        return parser
