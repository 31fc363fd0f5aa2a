"""An article page → an ``Article``: main text and metadata by trafilatura (dates by htmldate).

trafilatura keeps the article's own text and leaves the page furniture
(navigation, cookie banners, "most read", comments, footers) out; what is
left goes through the same cleaning as a corpus file (``bot.ingest.clean``),
which drops furniture lines that slip through. The page's own title, date
(the first publication, not an update), author and site name win; the feed
entry's title and date stand in when the page lacks them, and the feed's
title (else the host) when it names no site. Scripts are never run: the page
is parsed as data.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from bot.ingest.clean import clean
from bot.ingest.files import Article, lead_title
from bot.sources.syndication import FeedEntry

__all__ = ["Page", "NoArticle", "extract_page", "to_article", "article_id"]

log = logging.getLogger(__name__)
MIN_TEXT_CHARS = 200  # less than this is no article (a paywall stub, an index page, an error page)


class NoArticle(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: date | None
    author: str | None
    sitename: str | None


def article_id(canonical_url: str) -> str:
    """The index id of a web article: stable for its canonical URL."""
    return "web-" + hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def extract_page(html: str | bytes, url: str) -> Page:
    """The main text and metadata of an article page, or NoArticle when it holds none."""
    import trafilatura  # heavy: loaded on the first page

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": datetime.now(timezone.utc).date().isoformat()},
        )
    except Exception as exc:  # a page trafilatura cannot parse is no article; never the bot's fault
        log.warning("extraction failed for %s: %s", url, exc)
        raise NoArticle(f"the page could not be read ({type(exc).__name__})") from None
    if doc is None:
        raise NoArticle("no article text found on the page")
    text = (getattr(doc, "text", None) or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        raise NoArticle(f"no article text found on the page ({len(text)} characters)")
    return Page(
        text=text,
        title=_clean(getattr(doc, "title", None)),
        published=_day(getattr(doc, "date", None)),
        author=_clean(getattr(doc, "author", None)),
        sitename=_clean(getattr(doc, "sitename", None)),
    )


def _clean(value) -> str | None:
    return " ".join(str(value).split()) or None if value else None


def _day(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def to_article(
    page: Page,
    canonical_url: str,
    entry: FeedEntry | None = None,
    feed_title: str | None = None,
    source: str = "page",
) -> Article:
    """The ``Article`` the indexer stores for a page (``source``: "feed" or "page")."""
    title = page.title or (entry.title if entry else None)
    cleaned = clean(page.text, title_hint=title)
    if len(cleaned.text) < MIN_TEXT_CHARS:
        raise NoArticle("no article text left after removing page furniture")
    published = page.published or (entry.published.date() if entry and entry.published else None) or cleaned.published
    outlet = page.sitename or cleaned.outlet or feed_title or urlsplit(canonical_url).hostname
    title = title or cleaned.title or lead_title(cleaned.text) or canonical_url
    digest = hashlib.sha256(f"{title}\n{cleaned.text}".encode("utf-8")).hexdigest()
    ident = article_id(canonical_url)
    return Article(
        id=ident,
        path=Path(ident),
        title=title,
        outlet=outlet,
        url=canonical_url,
        published=published,
        published_source=("header" if page.published or (entry and entry.published) else "text") if published else None,
        text=cleaned.text,
        content_hash=digest,
        removed=cleaned.removed,
        source=source,
    )


def text_hash(article: Article) -> str:
    """The hash that finds one text under two URLs (an AMP copy, a syndicated duplicate)."""
    return hashlib.sha256(" ".join(article.text.split()).encode("utf-8")).hexdigest()


ARTICLE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class Timings:
    """Where a poll's time went (bench/feeds.py reports extraction separately)."""

    pages: int = 0
    fetch_seconds: float = 0.0
    extract_seconds: float = 0.0


def read_page(fetcher, url: str, canonical_url: str, entry: FeedEntry | None = None, feed_title: str | None = None,
              source: str = "page", timings: Timings | None = None) -> Article:
    """Fetch an article page (robots.txt asked first) and make it an ``Article``.

    FetchError when it cannot be had (``status`` set when the server answered with an error), NoArticle when
    it holds no article text."""
    import time

    from bot.sources.fetch import FetchError

    timings = timings if timings is not None else Timings()
    started = time.perf_counter()
    try:
        response = fetcher.page(url, {"Accept": ARTICLE_ACCEPT})
    finally:
        timings.fetch_seconds += time.perf_counter() - started
        timings.pages += 1
    if response.status != 200:
        raise FetchError(f"HTTP {response.status}", response.status)
    if response.content_type not in HTML_TYPES:
        raise NoArticle(f"not an article page ({response.content_type})")
    started = time.perf_counter()
    try:
        # without a charset in its headers, the page's bytes go to trafilatura, which reads <meta charset>
        markup = response.text() if "charset=" in response.headers.get("content-type", "").lower() else response.body
        page = extract_page(markup, response.url)
        if page.title and page.sitename and page.title == page.sitename:
            page = Page(page.text, None, page.published, page.author, page.sitename)  # <title> was only the site
        return to_article(page, canonical_url, entry, feed_title, source)
    finally:
        timings.extract_seconds += time.perf_counter() - started
