"""Reading a feed: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed (``jsonfeed``), and the feeds an
HTML page advertises (``<link rel="alternate" type="application/rss+xml" href=...>``).

Each entry gets a key that identifies it inside its feed, as mature feed bots
choose it: the guid, else the link, else the title; a kind of key that
repeats inside one feed (a publisher that gives every item the same guid) is
not trusted, and the next kind is used. A malformed feed whose entries could
still be read is read, with its problem noted; one that yields nothing is
``NotAFeed`` with the parser's reason.
"""
from __future__ import annotations

import calendar
import email.utils
import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urljoin

import feedparser

from bot import wordlists
from bot.sources import jsonfeed

__all__ = ["FeedEntry", "ParsedFeed", "NotAFeed", "parse_feed", "advertised_feeds", "looks_like_html"]

MAX_ENTRIES = 500  # of one feed body; more is a hostile or broken feed


@dataclass(frozen=True)
class FeedEntry:
    key: str  # unique inside its feed: guid, else link, else title
    link: str | None
    title: str | None
    published: datetime | None  # aware, with the feed's own offset
    summary: str  # the entry's own text (content, else summary), as plain text
    author: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    link: str | None  # the site's home page
    entries: tuple[FeedEntry, ...]
    problem: str | None = None  # what was wrong with a feed that could still be read
    kind: str = ""  # "rss20", "atom10", "json" ...


class NotAFeed(Exception):
    def __init__(self, reason: str, advertised: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.advertised = advertised  # feeds an HTML page links to


@lru_cache(maxsize=1)
def feed_types() -> frozenset[str]:
    return frozenset(str(t) for t in wordlists.load("web")["feed_types"])


_XML_STARTS = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")


def looks_like_html(body: bytes, content_type: str) -> bool:
    """An HTML page, not a feed: by its start, else by its type (a feed served as text/html is still a feed)."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    return content_type in ("text/html", "application/xhtml+xml") and not head.startswith(_XML_STARTS)


def parse_feed(body: bytes, content_type: str, url: str) -> ParsedFeed:
    """The feed in ``body`` (fetched from ``url``), or NotAFeed saying why not."""
    stripped = body.lstrip()
    if "json" in content_type or stripped.startswith(b"{"):
        parsed = jsonfeed.parse(body, url)
        if parsed is None:
            raise NotAFeed("not a feed: JSON that is not a JSON Feed")
        title, link, raw = parsed
        return ParsedFeed(title, link, _keyed(raw), kind="json")
    if looks_like_html(body, content_type):
        found = advertised_feeds(body.decode("utf-8", errors="replace"), url)
        raise NotAFeed("an HTML page, not a feed" + ("" if found else ", and it advertises no feed"), found)
    data = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type or "application/xml"})
    problem = None
    if data.get("bozo"):
        problem = _short(data.get("bozo_exception"))
    if not data.entries and (problem or not data.get("version")):  # an empty feed is a feed; a broken one is not
        raise NotAFeed(f"not a readable feed ({problem or 'no feed elements'})")
    raw = []
    for entry in data.entries[:MAX_ENTRIES]:
        published = _moment(entry)
        content = entry.get("content") or []
        text = content[0].get("value", "") if content else entry.get("summary", "")
        link = entry.get("link") or None
        raw.append(
            jsonfeed.RawEntry(
                guid=entry.get("id") or None,
                link=urljoin(url, link) if link else None,
                title=_plain(entry.get("title", "")) or None,
                published=published,
                summary=_plain(text),
                author=entry.get("author") or None,
            )
        )
    feed = data.get("feed", {})
    entries = _keyed(raw)
    if problem and not entries:  # broken, and nothing with a link could be read from it
        raise NotAFeed(f"not a readable feed ({problem})")
    return ParsedFeed(
        title=_plain(feed.get("title", "")) or None,
        link=feed.get("link") or None,
        entries=entries,
        problem=problem,
        kind=data.get("version") or "",
    )


def _keyed(raw: list[jsonfeed.RawEntry]) -> tuple[FeedEntry, ...]:
    """Entries with their keys: the first kind of id (guid, link, title) that no two entries share."""
    kinds = ("guid", "link", "title")
    trusted = []
    for kind in kinds:
        values = [getattr(e, kind) for e in raw if getattr(e, kind)]
        if len(values) == len(set(values)):
            trusted.append(kind)
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for e in raw:
        key = next((f"{kind}:{getattr(e, kind)}" for kind in trusted if getattr(e, kind)), None)
        if key is None:
            key = next((f"{kind}:{getattr(e, kind)}" for kind in kinds if getattr(e, kind)), None)
        if key is None or key in seen or not e.link:
            continue  # nothing to tell it by, or nothing to read
        seen.add(key)
        out.append(FeedEntry(key[:1000], e.link, e.title, e.published, e.summary, e.author))
    return tuple(out)


_TAGS = re.compile(r"<[^>]*>")


def _moment(entry) -> datetime | None:
    """When an entry was published, with the offset the feed wrote (its date is the outlet's date), else in UTC."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"),
                                ("created", "created_parsed")):
        raw = entry.get(raw_key)
        if isinstance(raw, str) and raw.strip():
            try:
                moment = email.utils.parsedate_to_datetime(raw.strip())
            except (TypeError, ValueError, IndexError):
                try:
                    moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
                except ValueError:
                    moment = None
            if moment is not None and moment.tzinfo is not None:
                return moment
        parsed = entry.get(parsed_key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc)
    return None


def _plain(value: str) -> str:
    """Text of a feed field that may hold HTML: tags out, entities decoded, spaces collapsed."""
    text = html.unescape(_TAGS.sub(" ", value or ""))
    return " ".join(text.split())


def _short(exc) -> str | None:
    if exc is None:
        return None
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in feed_types() and values.get("href"):
            self.links.append((kind, values["href"].strip()))


def advertised_feeds(page: str, url: str) -> tuple[str, ...]:
    """The feeds an HTML page links to with ``<link rel="alternate" type=...>``, absolute, in page order."""
    finder = _LinkFinder()
    try:
        finder.feed(page[:2_000_000])
        finder.close()
    except Exception:  # html.parser is lenient; a page it still chokes on advertises nothing
        return ()
    out: list[str] = []
    for _, href in finder.links:
        absolute = urljoin(url, href)
        if absolute.startswith(("http://", "https://")) and absolute not in out:
            out.append(absolute)
    return tuple(out)
