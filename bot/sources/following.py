"""Following a feed, and reading one pasted article link: what `newsdesk feeds add`, `newsdesk add`, `/feed add`
and `/add` do.

``follow`` checks a feed before it is stored: it is fetched once; an HTML page
is searched for the feed it advertises (``<link rel="alternate">``), and the
first one that reads as a feed is followed instead; a URL that gives no
feed (an error status, a malformed body with no entries, a refused address)
is refused with the reason and nothing is stored. Its items are indexed by
the next poll. ``add_page`` fetches one article page, reads it and indexes it
at once; a page already indexed (by canonical URL, or the same text under
another URL) is not indexed again.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.indexer import index_articles
from bot.ingest.files import Article
from bot.sources.syndication import NotAFeed, ParsedFeed, parse_feed
from bot.sources.fetch import FetchError, Fetcher
from bot.sources.pages import NoArticle, read_page, text_hash
from bot.sources.polling import FeedFailed, fetch_feed
from bot.sources.urls import canonical
from bot.store.feed_store import DuplicateFeed, FeedRow, FeedStore
from bot.store.repository import Repository

__all__ = ["Refused", "follow", "add_page", "Added", "feed_state"]

log = logging.getLogger(__name__)


def pasted(text: str) -> str:
    """A URL as chat delivers it: Slack wraps links as ``<https://…|label>``, others as ``<https://…>``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    return text.strip()


class Refused(Exception):
    """A feed or page that is not followed or indexed; ``reason`` is for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_feed(fetcher: Fetcher, url: str) -> tuple[str, ParsedFeed]:
    """(the URL to poll, the feed read there): ``url`` itself, where it moved for good, or the feed its page
    advertises."""
    try:
        response = fetch_feed(fetcher, url)
    except FeedFailed as exc:
        raise Refused(f"{url}: {exc.reason}") from None
    where = response.moved_to or url
    try:
        return where, parse_feed(response.body, response.content_type, response.url)
    except NotAFeed as exc:
        if not exc.advertised:
            raise Refused(f"{url}: {exc.reason}") from None
        problems = []
        for candidate in exc.advertised[:3]:
            try:
                found = fetch_feed(fetcher, candidate)
                return found.moved_to or candidate, parse_feed(found.body, found.content_type, found.url)
            except FeedFailed as failed:
                problems.append(f"{candidate}: {failed.reason}")
            except NotAFeed as bad:
                problems.append(f"{candidate}: {bad.reason}")
        raise Refused(f"{url} advertises feeds that cannot be read ({'; '.join(problems)})") from None


def follow(repo: Repository, fetcher: Fetcher, url: str, added_by: str | None = None, platform: str | None = None,
           workspace: str | None = None, channel: str | None = None) -> tuple[FeedRow, ParsedFeed]:
    """Check ``url`` and follow the feed it gives; Refused with the reason when it gives none or is followed."""
    url = pasted(url)
    store = FeedStore(repo)
    if store.by_url(url) is not None:
        raise Refused(f"{url} is already followed")
    where, parsed = _check_feed(fetcher, url)
    try:
        row = store.add(where, parsed.title, added_by, platform, workspace, channel)
    except DuplicateFeed:
        raise Refused(f"{where} is already followed") from None
    return row, parsed


@dataclass(frozen=True)
class Added:
    article_id: str
    title: str
    outlet: str | None
    published: str | None
    url: str
    new: bool  # False: it was indexed before


def add_page(repo: Repository, fetcher: Fetcher, url: str, owner: str | None = None) -> Added:
    """Fetch, read and index one article page; Refused with the reason when it cannot be."""
    url = pasted(url)
    link = canonical(url)
    store = FeedStore(repo)
    known = store.page(link)
    if known is not None:
        added = _indexed(repo, known["article_id"], link)
        if added is not None:
            return added
    try:
        article = read_page(fetcher, url, link)
    except FetchError as exc:
        raise Refused(f"{url}: {exc.reason}") from None
    except NoArticle as exc:
        raise Refused(f"{url}: {exc.reason}") from None
    same = store.article_with_text(text_hash(article))
    if same is not None:
        store.record_page(link, same, text_hash(article))
        added = _indexed(repo, same, link)
        if added is not None:
            return added
    report = index_articles(repo, [article], owner)
    if report.skipped:
        raise Refused(f"{url}: could not be indexed ({report.skipped[0][1]})")
    store.record_page(link, article.id, text_hash(article))
    repo.bump_generation()
    return _shown(article, new=True)


def _shown(article: Article, new: bool) -> Added:
    return Added(article.id, article.title, article.outlet,
                 article.published.isoformat() if article.published else None, article.url or "", new)


def _indexed(repo: Repository, article_id: str, link: str) -> Added | None:
    rows = repo.query("SELECT id, title, outlet, published, url FROM articles WHERE id = ?", (article_id,))
    if not rows:
        return None
    r = rows[0]
    return Added(r["id"], r["title"], r["outlet"], r["published"], r["url"] or link, new=False)


def feed_state(feed: FeedRow, now: float | None = None) -> str:
    """"ok", "failing", "disabled" or "new" (not polled yet)."""
    if feed.disabled:
        return "disabled"
    if feed.failures:
        return "failing"
    return "ok" if feed.last_success else "new"


def when(moment: float | None) -> str | None:
    """A unix time as people read it: "2026-12-07 21:40 UTC"."""
    if not moment:
        return None
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(moment))
