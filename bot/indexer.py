"""Incremental indexing of a corpus directory into the store.

Unchanged files (same content hash, same extractor version) are skipped,
changed ones re-extracted, deleted ones removed. An unreadable file is
reported by name and skipped; the rest still index. After the per-article
work, the corpus-wide steps run: story groups, publication dates of undated
articles, people merged across articles, and events merged across outlets.
"""
from __future__ import annotations

import hashlib
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bot import event_groups, people_registry
from bot.extract.pipeline import EXTRACTOR_VERSION, extract
from bot.ingest.pubdate import InferredDate, infer_publication
from bot.ingest.reader import Article, UnreadableArticle, iter_corpus, read_article
from bot.ingest.stories import Fingerprint, fingerprint, group_stories
from bot.store.repository import FileState, Repository

log = logging.getLogger(__name__)
MAX_INFERENCE_ROUNDS = 3
REWRITE_WINDOW_DAYS = 31


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    seconds: float = 0.0
    busy: str | None = None  # another process was indexing this index (its name); nothing was done here

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        if self.busy:
            return f"not indexed here: another process ({self.busy}) is indexing this index"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and total >= 20 and sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def is_stale(repo: Repository, corpus: Path) -> bool:
    """True when files were added, changed or removed since the last index run."""
    _require(corpus)
    known = repo.article_states()
    paths = iter_corpus(corpus)
    if len(paths) != len(known):
        return True
    return any(not _unchanged(repo, path, known.get(path.stem)) for path in paths)


def _unchanged(repo: Repository, path: Path, state: FileState | None) -> bool:
    """Same extractor and same content; the size and mtime spare reading an untouched file."""
    if state is None or state.extractor_version != EXTRACTOR_VERSION:
        return False
    stat = path.stat()
    if (state.size, state.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return True
    if state.content_hash != _hash(path):
        return False
    repo.set_file_stat(path.stem, stat.st_size, stat.st_mtime_ns)  # touched, not changed
    return True


def index_corpus(repo: Repository, corpus: Path, progress: bool = False) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    _require(corpus)
    known = repo.article_states()
    paths = iter_corpus(corpus)
    present = {p.stem for p in paths}

    for article_id in sorted(set(known) - present):
        repo.delete_article(article_id)
        report.removed.append(article_id)

    fresh: list[Article] = []
    for path in paths:
        state = known.get(path.stem)
        if _unchanged(repo, path, state):
            report.unchanged += 1
            continue
        try:
            fresh.append(read_article(path))
        except UnreadableArticle as exc:
            log.warning("skipped %s: %s", path.name, exc.reason)
            report.skipped.append((path.name, exc.reason))
            if state:
                repo.delete_article(path.stem)
                report.removed.append(path.stem)
            continue
        (report.updated if state else report.added).append(path.stem)

    if not fresh and not report.removed and repo.has_persons():
        report.seconds = time.perf_counter() - started
        return report  # nothing changed: stories, dates, people and events stand as they are

    bar = Progress(len(fresh), progress)
    fingerprints = repo.fingerprints()
    for article in fresh:
        fingerprints[article.id] = fingerprint(article.text).to_bytes()
    stories = group_stories({k: _fp(v) for k, v in fingerprints.items()})

    dated = [a for a in fresh if a.published]
    undated = [a for a in fresh if not a.published]
    for article in dated:
        _store(repo, article, article.published, None, stories, fingerprints[article.id])
        bar.step()
    story_dates = repo.story_dates(stories)
    known_events = repo.dated_events()
    for article in undated:
        inferred = _infer(article.text, article.id, stories, story_dates, known_events)
        _store(repo, article, None, inferred, stories, fingerprints[article.id])
        bar.step()
    # Undated articles date each other too (one states "March 29, 2022", another only "March 29"):
    # infer again with everything now known, until no anchor moves.
    fresh_ids = {a.id for a in fresh}
    for _ in range(MAX_INFERENCE_ROUNDS):
        known_events = repo.dated_events()
        moved = False
        for row in repo.undated_articles():
            inferred = _infer(row["text"], row["id"], stories, story_dates, known_events)
            anchor = resolution_anchor(None, inferred)
            if (anchor.isoformat() if anchor else None) == row["anchor"]:
                continue
            _store(repo, read_article(Path(row["path"])), None, inferred, stories, fingerprints[row["id"]])
            moved = True
            if row["id"] not in fresh_ids and row["id"] not in report.updated:
                report.updated.append(row["id"])
        if not moved:
            break

    repo.set_stories(stories)
    if report.changed or report.skipped or not repo.has_persons():
        people_registry.rebuild(repo)
        event_groups.rebuild(repo)
    report.seconds = time.perf_counter() - started
    return report


def resolution_anchor(published: date | None, inferred: InferredDate | None) -> date | None:
    """The date partial and relative dates are resolved against, if any can be trusted.

    A stated date always; an inferred one only when its range is bounded on both
    sides. "On or after 2018" alone would put "next week" in 2018, so such an
    article keeps only its fully written dates (precision first).
    """
    if published:
        return published
    if inferred and inferred.latest is not None:
        return inferred.anchor
    return None


def _store(
    repo: Repository,
    article: Article,
    published: date | None,
    inferred: InferredDate | None,
    stories: dict[str, str],
    fingerprint_bytes: bytes,
) -> None:
    anchor = resolution_anchor(published, inferred)
    extraction = extract(article.text, anchor)
    extraction.quotes = [q for q in extraction.quotes if q.kind == "speech"]  # attributions are never shown
    repo.replace_article(
        article,
        extraction,
        anchor=anchor,
        extractor_version=EXTRACTOR_VERSION,
        fingerprint=fingerprint_bytes,
        inferred=inferred,
        story_id=stories.get(article.id, article.id),
    )
    # the stat taken before the file was read: a later edit shows as a new mtime
    repo.set_file_stat(article.id, article.stat[0], article.stat[1])


def _infer(text: str, article_id: str, stories, story_dates, known_events) -> InferredDate | None:
    """Publication date of an undated article: a dated article of its story wins, else its content."""
    story = stories.get(article_id, article_id)
    partner = story_dates.get(story)
    inferred = infer_publication(text, known_events)
    if partner is not None:
        earliest = max(partner, inferred.earliest) if inferred else partner
        latest = earliest + timedelta(days=REWRITE_WINDOW_DAYS)
        if inferred and inferred.latest and earliest <= inferred.latest < latest:
            latest = inferred.latest
        return InferredDate(
            earliest=earliest,
            latest=latest,
            anchor=earliest,
            reason=f"a rewrite of an article of {partner.isoformat()} in the same story,"
            f" taken to be published within {REWRITE_WINDOW_DAYS} days of it",
        )
    return inferred


def _require(corpus: Path) -> None:
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {corpus}")


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fp(raw: bytes) -> Fingerprint:
    return Fingerprint.from_bytes(raw)
