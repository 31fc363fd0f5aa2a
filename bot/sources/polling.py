"""Polling feeds: what is new is fetched, read and indexed; what failed is told, backed off and, in the end, stopped.

One poll of one feed, under its lease (``feed:<id>``: instances sharing one
PostgreSQL index never poll a feed at once):

1. a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the last
   good response): 304 costs nothing more; 301/308 store the new URL; 410
   stops the feed; an error is a failure;
2. a body identical to the last one (its hash) is not parsed again;
3. entries oldest first; an entry already seen in this feed (by key), a link
   already indexed (by canonical URL: two feeds, a tracking-parameter
   variant, a changed guid) or a title this feed already had is skipped;
4. each new entry's page is fetched (robots.txt asked) and read; a page that
   cannot be had falls back to the entry's own text when that is an article's
   worth; a text already indexed under another URL is not indexed again;
5. the articles are stored through the indexer's seam (``index_articles``),
   and the corpus-wide steps run once at the end of the poll.

The first poll of a new feed indexes its items (they are knowledge) but they
are not news: each counts as first seen at its publication, so a digest only
carries the ones published after the feed was added or inside its window.
Failures back off 5 min × 2^n (at most a day, never sooner than Retry-After);
after ``MAX_FAILURES`` in a row the feed is disabled with the reason, shown
by ``feeds list``, and the channel that added it is told. One feed's failure,
of any kind, never stops the others.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from bot.indexer import IndexReport, LEASE_SECONDS, default_owner, index_articles
from bot.ingest.files import Article
from bot.sources.syndication import FeedEntry, NotAFeed, ParsedFeed, parse_feed
from bot.sources.fetch import FetchError, Fetcher, Response
from bot.sources.pages import MIN_TEXT_CHARS, NoArticle, Timings, read_page, text_hash, to_article, Page
from bot.sources.urls import canonical
from bot.store.feed_store import FeedRow, FeedStore
from bot.store.heartbeat import Heartbeat
from bot.store.leases import Leases
from bot.store.repository import Repository

__all__ = ["Poller", "PollReport", "FeedOutcome", "FEED_ACCEPT", "fetch_feed", "FeedFailed"]

log = logging.getLogger(__name__)

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml,"
               " application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
BACKOFF_SECONDS = 300.0  # the first retry after a failure; doubled for each failure in a row
BACKOFF_MAX = 86_400.0
MAX_FAILURES = 8  # in a row (about 21 hours of trying): then the feed is disabled and its channel told
TRANSIENT = (408, 425, 429, 500, 502, 503, 504)


class FeedFailed(Exception):
    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None,
                 gone: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.status, self.retry_after, self.gone = reason, status, retry_after, gone


@dataclass
class FeedOutcome:
    feed_id: int
    url: str
    state: str  # "new", "not modified", "unchanged", "failed", "disabled", "held"
    new: int = 0
    error: str | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (link, why) entries not indexed

    def line(self) -> str:
        text = f"#{self.feed_id} {self.url}: {self.state}"
        if self.new:
            text += f", {self.new} new article{'s' if self.new != 1 else ''}"
        return text + (f" ({self.error})" if self.error else "")


@dataclass
class PollReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    index: IndexReport = field(default_factory=IndexReport)
    timings: Timings = field(default_factory=Timings)
    seconds: float = 0.0

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)


def fetch_feed(fetcher: Fetcher, url: str, etag: str | None = None, modified: str | None = None) -> Response:
    """One conditional GET of a feed; FeedFailed when there is no usable answer (410: ``gone``)."""
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        response = fetcher.get(url, headers)
    except FetchError as exc:
        raise FeedFailed(exc.reason, exc.status, exc.retry_after) from None
    if response.status == 410:
        raise FeedFailed("the feed is gone (HTTP 410)", 410, gone=True)
    if response.status >= 400 or response.status not in (200, 203, 304):
        raise FeedFailed(f"HTTP {response.status}", response.status)
    return response


Notify = Callable[[FeedRow, str], None]


@dataclass
class _Pending:
    """What one feed's poll found, stored with the whole poll's batch."""

    feed: FeedRow
    outcome: FeedOutcome
    articles: list[tuple[Article, FeedEntry, str]] = field(default_factory=list)  # (article, entry, canonical link)
    records: list[tuple] = field(default_factory=list)  # feed_entries rows
    state: dict = field(default_factory=dict)  # the feed's new HTTP state and health


@dataclass
class _Batch:
    feeds: list[_Pending] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # canonical link -> article id, this poll
    texts: dict[str, str] = field(default_factory=dict)  # text hash -> article id, this poll
    ids: set[str] = field(default_factory=set)


def _log_notice(feed: FeedRow, message: str) -> None:
    log.warning("feed %s: %s", feed.url, message)


class Poller:
    """``poll()``: every due feed once (``force``: every enabled feed, due or not)."""

    def __init__(self, repo: Repository, fetcher: Fetcher, interval_seconds: float = 900.0,
                 owner: str | None = None, notify: Notify = _log_notice, clock: Callable[[], float] = time.time) -> None:
        self.repo = repo
        self.store = FeedStore(repo)
        self.fetcher = fetcher
        self.interval = interval_seconds
        self.owner = owner or default_owner()
        self.notify = notify
        self.clock = clock

    def poll(self, force: bool = False, only: list[int] | None = None) -> PollReport:
        """Poll the due feeds (``force``: every enabled one), then store every new article in one batch."""
        started = time.perf_counter()
        report = PollReport()
        now = self.clock()
        feeds = [f for f in self.store.all() if f.disabled is None] if force else self.store.due(now)
        if only is not None:
            feeds = [f for f in feeds if f.id in only]
        leases = Leases(self.repo)
        batch = _Batch()
        for feed in feeds:
            name = f"feed:{feed.id}"
            holder = leases.take(name, self.owner, LEASE_SECONDS)
            if holder is not None:
                report.outcomes.append(FeedOutcome(feed.id, feed.url, "held", error=f"being polled by {holder}"))
                continue
            try:
                with Heartbeat(self.repo, self.owner, LEASE_SECONDS, leases=(name,)):
                    fresh = self.store.get(feed.id)  # as it is now that this process holds it
                    if fresh is None or fresh.disabled or (not force and fresh.next_poll > now):
                        continue
                    report.outcomes.append(self._poll_one(fresh, report, batch))
            except Exception as exc:  # a bug or a database error on one feed: reported, the others go on
                log.exception("polling feed %s failed", feed.url)
                report.outcomes.append(FeedOutcome(feed.id, feed.url, "failed", error=_reason(exc)))
            finally:
                leases.give_back(name, self.owner)
        self._store(batch, report)
        report.seconds = time.perf_counter() - started
        return report

    def _store(self, batch: "_Batch", report: PollReport) -> None:
        """Index the batch's articles at once (one run of the corpus-wide steps), then record what each feed saw
        and its new HTTP state: a process stopped before this polls those feeds again, nothing is lost."""
        articles = [a for pending in batch.feeds for a, _, _ in pending.articles]
        try:
            stored = index_articles(self.repo, articles, self.owner, finish=True) if articles else IndexReport()
        except Exception as exc:  # the database failed: every feed of the batch is polled again next time
            log.exception("storing the articles of %d feed(s) failed", len(batch.feeds))
            for pending in batch.feeds:
                pending.outcome.state, pending.outcome.error, pending.outcome.new = "failed", _reason(exc), 0
            return
        report.index = stored
        failed = {name: reason for name, reason in stored.skipped}
        for pending in batch.feeds:
            feed, outcome = pending.feed, pending.outcome
            for article, entry, link in pending.articles:
                if article.path.name in failed:
                    outcome.skipped.append((entry.link, failed[article.path.name]))
                    pending.records.append((entry.key, link, entry.title, None, failed[article.path.name]))
                    continue
                self.store.record_page(link, article.id, text_hash(article))
                pending.records.append((entry.key, link, entry.title, article.id, None))
                outcome.new += 1
                backlog = _backlog_time(entry, article, feed)
                if backlog is not None:
                    self.store.news_since(article.id, backlog)
            self.store.record_entries(feed.id, pending.records)
            self.store.update(feed.id, **pending.state)
            if outcome.state == "new" and not outcome.new:
                outcome.state = "no new items"

    # ---- one feed ----------------------------------------------------------

    def _poll_one(self, feed: FeedRow, report: PollReport, batch: "_Batch") -> FeedOutcome:
        now = self.clock()
        try:
            response = fetch_feed(self.fetcher, feed.url, feed.etag, feed.last_modified)
        except FeedFailed as failure:
            return self._failed(feed, failure)
        url = feed.url
        if response.moved_to and response.moved_to != feed.url:
            if self.store.move(feed.id, response.moved_to):
                log.info("feed %s moved permanently to %s", feed.url, response.moved_to)
                url = response.moved_to
        etag = response.headers.get("etag") or feed.etag
        modified = response.headers.get("last-modified") or feed.last_modified
        healthy = dict(last_success=now, last_attempt=now, last_status=response.status, last_error=None,
                       failures=0, next_poll=now + self.interval, etag=etag, last_modified=modified)
        if response.status == 304:
            self.store.update(feed.id, **healthy)
            return FeedOutcome(feed.id, url, "not modified")
        body_hash = hashlib.sha256(response.body).hexdigest()
        if body_hash == feed.body_hash:
            self.store.update(feed.id, **healthy)
            return FeedOutcome(feed.id, url, "unchanged")
        try:
            parsed = parse_feed(response.body, response.content_type, response.url)
        except NotAFeed as exc:
            return self._failed(feed, FeedFailed(exc.reason, response.status))
        outcome = FeedOutcome(feed.id, url, "new")
        pending = _Pending(feed, outcome)
        retry = self._entries(feed, parsed, pending, report, batch)
        if parsed.problem:
            healthy["last_error"] = f"feed read despite a problem: {parsed.problem}"
        pending.state = dict(healthy, body_hash=None if retry else body_hash, polls=feed.polls + 1,
                             title=feed.title or parsed.title)
        # not due again meanwhile (another instance skips it); its validators are stored with its articles
        self.store.update(feed.id, next_poll=healthy["next_poll"], last_attempt=now)
        batch.feeds.append(pending)
        return outcome

    def _entries(self, feed: FeedRow, parsed: ParsedFeed, pending: "_Pending", report: PollReport,
                 batch: "_Batch") -> bool:
        """Read the feed's new entries into ``pending``; True when some failed for a passing reason (tried
        again at the next poll)."""
        seen_keys = self.store.entry_keys(feed.id)
        seen_titles = self.store.entry_titles(feed.id)
        oldest_first = sorted(parsed.entries, key=lambda e: (e.published is None, e.published or _EPOCH))
        outcome, records = pending.outcome, pending.records
        retry = False
        for entry in oldest_first:
            if entry.key in seen_keys:
                continue
            link = canonical(entry.link)
            known = self.store.page(link)
            known_id = known["article_id"] if known is not None else batch.links.get(link)
            if known_id is not None or (entry.title and entry.title in seen_titles):
                records.append((entry.key, link, entry.title, known_id,
                                None if known_id else "the same title as an earlier item"))
                continue
            try:
                article = read_page(self.fetcher, entry.link, link, entry, parsed.title or feed.title, "feed",
                                    report.timings)
            except (FetchError, NoArticle) as exc:
                article = self._from_entry(entry, link, parsed.title or feed.title)
                if article is None:
                    reason = exc.reason
                    outcome.skipped.append((entry.link, reason))
                    if isinstance(exc, FetchError) and (exc.passing or exc.status in TRANSIENT):
                        retry = True  # not recorded: tried again at the next poll
                        continue
                    records.append((entry.key, link, entry.title, None, reason))
                    continue
            except Exception as exc:  # one hostile page never stops the feed
                log.exception("reading %s failed", entry.link)
                outcome.skipped.append((entry.link, _reason(exc)))
                records.append((entry.key, link, entry.title, None, _reason(exc)))
                continue
            digest = text_hash(article)
            same = self.store.article_with_text(digest) or batch.texts.get(digest)
            if same is not None:  # the same text under another URL: one article
                records.append((entry.key, link, entry.title, same, None))
                if same in batch.ids:
                    batch.links[link] = same
                else:
                    self.store.record_page(link, same, digest)
                continue
            pending.articles.append((article, entry, link))
            batch.links[link], batch.texts[digest] = article.id, article.id
            batch.ids.add(article.id)
            seen_titles.add(entry.title or "")
        return retry

    def _from_entry(self, entry: FeedEntry, link: str, feed_title: str | None) -> Article | None:
        """The entry's own text as the article, when its page cannot be read and the feed carries enough."""
        if len(entry.summary) < MIN_TEXT_CHARS:
            return None
        try:
            return to_article(Page(entry.summary, entry.title, None, entry.author, None), link, entry, feed_title, "feed")
        except NoArticle:
            return None

    def _failed(self, feed: FeedRow, failure: FeedFailed) -> FeedOutcome:
        now = self.clock()
        failures = feed.failures + 1
        reason = failure.reason
        if failure.gone or failures >= MAX_FAILURES:
            why = reason if failure.gone else f"failed {failures} times in a row, last: {reason}"
            self.store.update(feed.id, last_attempt=now, last_status=failure.status, last_error=reason,
                              failures=failures, disabled=why)
            self._tell(feed, f"newsdesk stopped following {feed.url}: {why}. Add it again once it works.")
            return FeedOutcome(feed.id, feed.url, "disabled", error=why)
        wait = min(BACKOFF_SECONDS * 2 ** (failures - 1), BACKOFF_MAX)
        if failure.retry_after:
            wait = max(wait, failure.retry_after)
        self.store.update(feed.id, last_attempt=now, last_status=failure.status, last_error=reason,
                          failures=failures, next_poll=now + max(wait, min(self.interval, BACKOFF_SECONDS)))
        return FeedOutcome(feed.id, feed.url, "failed", error=reason)

    def _tell(self, feed: FeedRow, message: str) -> None:
        try:
            self.notify(feed, message)
            self.store.update(feed.id, told=1)
        except Exception:
            log.exception("could not tell the channel of feed %s", feed.url)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _backlog_time(entry: FeedEntry, article: Article, feed: FeedRow) -> float | None:
    """When an item published before its feed was added counts as first seen, for digests: its publication (so
    it is news only to a digest whose window reaches back that far); an undated item of the first poll: never
    (0). None: the item is news now."""
    if entry.published is not None:
        moment = entry.published.timestamp()
    elif article.published is not None:
        moment = datetime(article.published.year, article.published.month, article.published.day,
                          tzinfo=timezone.utc).timestamp()
    else:
        return 0.0 if feed.polls == 0 else None
    return moment if moment < feed.added_at else None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:200]
