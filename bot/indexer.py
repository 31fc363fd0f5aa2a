"""Incremental indexing of a corpus directory into the store.

Unchanged files (same content hash, same extractor version) are skipped,
changed ones re-extracted, deleted ones removed. One bad article never stops
the others: an entry that cannot be read (``bot.ingest.files.list_corpus``
and ``read_article`` say why), or whose cleaning, extraction, date inference
or storage fails, is reported by name with a one-line reason (the report, the
log with its traceback, ``index_problems`` for /sources), and the same file
is not tried again until it changes. Articles are parsed in batches, in
worker processes on several cores (``bot.workers``). After the per-article
work, the corpus-wide steps run: story groups, publication dates of undated
articles, people merged across articles, and events merged across outlets.
They redo only what the stored and removed articles can reach (each store
or removal records what the article was part of, ``corpus_pending``), so
their cost follows the change, not the corpus; what they change is written
in one transaction at their end, with the index marked done
(``finished_revision``), so a run killed anywhere in them is noticed and
finished by the next.

Several processes may index one corpus into one index at once: each claims
an article before extracting it (``bot.store.claims``) and skips those
another process holds, then waits until those are stored (or their claim
runs out, and takes them over), first for the dated articles, then for the
undated ones, whose dates are inferred from the dated. The corpus-wide steps
run under the "index" lease, one process at a time, once every article is
in. Claims and the lease are renewed by a heartbeat (``bot.store.heartbeat``)
and live ``LEASE_SECONDS`` without it. The log says what was extracted here
and what was left to another process, so "no article extracted twice" can be
checked.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tqdm import tqdm

from bot.corpus import event_index, people_registry, story_index
from bot.corpus.pubdate import InferredDate, infer_publication, yearless_days
from bot.corpus.stories import fingerprint
from bot.extract.pipeline import EXTRACTOR_VERSION, extract
from bot import halts
from bot.ingest.files import ARTICLE_SUFFIXES, Article, UnreadableArticle, list_corpus, read_article
from bot.sources.reread import FOLDER, read_again
from bot.store.backend import Row
from bot.store.claims import DONE, HELD, ArticleClaims
from bot.store.postgres.tokens import terms as index_terms
from bot.workers import ExtractionFailed, Extractor
from bot.store.corpus_rows import CorpusRows, CorpusWrites
from bot.store.heartbeat import Heartbeat
from bot.store.leases import Leases
from bot.store.repository import FileState, Repository

log = logging.getLogger(__name__)
# Bump when the corpus-wide steps change (stories, people across articles, event grouping): every index runs them
# again once, without extracting its articles again (EXTRACTOR_VERSION is for extraction).
CORPUS_STEPS = "2"
MAX_INFERENCE_ROUNDS = 3
REWRITE_WINDOW_DAYS = 31
# Claims and the "index" lease live this long unless renewed: a heartbeat renews them every quarter of it while
# their process works, so a process that died (on another host; on this one, at once) holds the others up this long.
LEASE_SECONDS = 20.0
DEFAULT_MAX_ARTICLE_BYTES = 4_000_000  # a larger file is skipped and reported (NEWSDESK_MAX_ARTICLE_BYTES)
WAIT_POLL_SECONDS = 0.25


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason): not indexed
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason): indexed with a caveat
    elsewhere: list[str] = field(default_factory=list)  # changed articles another process extracted
    recovered: bool = False  # the corpus-wide steps a stopped run left undone were finished
    seconds: float = 0.0
    # what the run changed, for serving caches (bot/query/context.py): article, person, entry (a timeline entry's
    # id) and term (an indexed term whose count may have moved) -> keys
    changes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.recovered)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.warnings:
            parts.append(f"{len(self.warnings)} with a warning")
        if self.elsewhere:
            parts.append(f"{len(self.elsewhere)} extracted by another process")
        if self.recovered:
            parts.append("the corpus-wide steps of a run that stopped finished")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append((name, reason))


class Progress:
    """A progress bar (tqdm) on standard error while it is a terminal; nothing at all otherwise (a pipe, a log file)."""

    def __init__(self, total: int, enabled: bool) -> None:
        shown = enabled and total > 0 and sys.stderr.isatty()
        sized = shown and min(_size(sys.stderr)) > 0  # a terminal that reports no size (0 x 0) is taken as 80 x 24
        self.bar = tqdm(total=total, desc="indexing", unit="article", file=sys.stderr, disable=not shown,
                        dynamic_ncols=sized, ncols=None if sized else 80, nrows=None if sized else 24, leave=True)

    def step(self) -> None:
        self.bar.update(1)

    def phase(self, what: str) -> None:
        """What runs now that every article is in (the corpus-wide steps)."""
        self.bar.set_description_str(what)

    def close(self) -> None:
        self.bar.close()


def _size(stream) -> tuple[int, int]:
    try:
        return tuple(os.get_terminal_size(stream.fileno()))
    except (OSError, ValueError):
        return 0, 0


@dataclass
class CorpusSnapshot:
    """The corpus folder as last found in line with the index: each article-like entry's (kind, size, mtime),
    and the index's (articles, finished) revisions then. A poll that finds both the same costs a ``stat`` of
    each file and two reads of ``meta``, nothing else (``is_stale``)."""

    entries: dict[str, tuple] | None = None
    revision: tuple[int, int] | None = None

    def forget(self) -> None:
        self.entries = self.revision = None


def _entries(corpus: Path) -> dict[str, tuple]:
    """What a change to the folder's article files changes: per entry with an article suffix, its kind, size and
    modification time (through a symbolic link: the target's, and where the link points)."""
    found: dict[str, tuple] = {}
    with os.scandir(corpus) as listing:
        for entry in listing:
            if not entry.name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            try:
                info = entry.stat()
                link = os.readlink(entry.path) if entry.is_symlink() else None
                found[entry.name] = (info.st_mode, info.st_size, info.st_mtime_ns, link)
            except OSError as exc:
                found[entry.name] = ("unreadable", exc.errno)
    return found


def is_stale(
    repo: Repository, corpus: Path, max_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
    snapshot: CorpusSnapshot | None = None,
) -> bool:
    """True when files were added, changed or removed since the last index run, or it stopped half-way.

    With a ``snapshot`` of an earlier check that found the index in line, an unchanged folder and index
    are recognised from the files' stats alone; otherwise (and when either changed) every file is compared
    with what the index holds, and a folder found in line is remembered in the snapshot."""
    _require(corpus)
    revision = (repo.articles_revision(), repo.finished_revision(CORPUS_STEPS))
    entries = _entries(corpus) if snapshot is not None else None
    if snapshot is not None and snapshot.revision == revision and snapshot.entries == entries:
        return False
    stale = _stale(repo, corpus, max_bytes)
    if snapshot is not None:
        if stale:
            snapshot.forget()
        else:
            snapshot.entries, snapshot.revision = entries, revision
    return stale


def _stale(repo: Repository, corpus: Path, max_bytes: int | None) -> bool:
    if repo.steps_due(CORPUS_STEPS):
        return True
    known = repo.article_states(FOLDER)
    listed, skipped = list_corpus(corpus, max_bytes)
    failed = _failed(repo)
    if set(known) - {_stem(name) for name, _ in listed}:
        return True
    if any(s.name not in failed for s in skipped):
        return True
    for name, info in listed:
        state = known.get(_stem(name))
        if _same_file(state, info):
            continue
        path = Path(corpus) / name
        if not _unchanged(repo, path, state, info) and not _failed_before(path, failed):
            return True
    return False


def _stem(name: str) -> str:
    """An article's id: its file name without the suffix (as ``Path.stem``)."""
    return name.rpartition(".")[0]


def _same_file(state: FileState | None, info) -> bool:
    """The file as indexed: same extractor, size and mtime (``info``: its stat as listed), told without a path."""
    return (state is not None and info is not None and state.extractor_version == EXTRACTOR_VERSION
            and (state.size, state.mtime_ns) == (info.st_size, info.st_mtime_ns))


def _unchanged(repo: Repository, path: Path, state: FileState | None, stat=None) -> bool:
    """Same extractor and same content; the size and mtime (``stat``: as the file was listed) spare reading an
    untouched file."""
    if state is None or state.extractor_version != EXTRACTOR_VERSION:
        return False
    stat = stat or path.stat()
    if _same_file(state, stat):
        return True
    if state.content_hash != _hash(path):
        return False
    repo.set_file_stat(path.stem, stat.st_size, stat.st_mtime_ns)  # touched, not changed
    return True


def _failed(repo: Repository) -> dict[str, Row]:
    """Recorded problems of entries that were not indexed, by file name."""
    return {r["name"]: r for r in repo.problems() if not r["indexed"]}


def _failed_before(path: Path, failed: dict[str, Row]) -> str | None:
    """The reason this very file (same size, mtime and extractor) failed before, if it did: not tried again."""
    row = failed.get(path.name)
    if row is None or row["extractor_version"] != EXTRACTOR_VERSION:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return row["reason"] if (row["file_size"], row["file_mtime_ns"]) == (info.st_size, info.st_mtime_ns) else None


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _reason(exc: BaseException) -> str:
    """One line for a report: the exception's type and the first line of its message, shortened."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def index_corpus(
    repo: Repository,
    corpus: Path,
    progress: bool = False,
    owner: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_ARTICLE_BYTES,
    workers: int | None = None,
) -> IndexReport:
    """Bring the index in line with ``corpus``; one bad article is reported, never stops the others.
    ``workers``: processes that extract articles (``bot.workers``; default one per core)."""
    owner = owner or default_owner()
    with Heartbeat(repo, owner, LEASE_SECONDS, leases=("index",)):
        return _index(repo, corpus, progress, owner, max_bytes, workers)


def _index(repo: Repository, corpus: Path, progress: bool, owner: str, max_bytes: int | None,
           workers: int | None = None) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    _require(corpus)
    unfinished = repo.steps_due(CORPUS_STEPS)  # a run stopped before its corpus-wide steps, or their code changed
    known = repo.article_states(FOLDER)  # articles of other sources (feeds, pasted pages) are theirs to remove
    listed, refused = list_corpus(corpus, max_bytes)
    present = {_stem(name) for name, _ in listed}
    failed = _failed(repo)
    names = {name for name, _ in listed} | {s.name for s in refused}
    repo.clear_problems(name for name in _problem_names(repo) if name not in names)

    for entry in refused:
        log.warning("skipped %s: %s", entry.name, entry.reason)
        report.skip(entry.name, entry.reason)
        repo.record_problem(entry.name, entry.reason, indexed=False)

    for article_id in sorted(set(known) - present):
        _changing(repo, report, article_id)
        repo.delete_article(article_id)
        report.removed.append(article_id)
        halts.point("removed")

    fresh: list[Article] = []
    for name, info in listed:
        state = known.get(_stem(name))
        if _same_file(state, info):
            report.unchanged += 1
            continue
        path = Path(corpus) / name
        if _unchanged(repo, path, state, info):
            report.unchanged += 1
            continue
        before = _failed_before(path, failed) if state is None else None
        if before is not None:  # this very file failed before: not tried again until it changes
            report.skip(path.name, before)
            continue
        try:
            fresh.append(read_article(path, max_bytes))
        except Exception as exc:
            reason = exc.reason if isinstance(exc, UnreadableArticle) else _reason(exc)
            if isinstance(exc, UnreadableArticle):
                log.warning("skipped %s: %s", path.name, reason)
            else:
                log.exception("skipped %s: %s", path.name, reason)
            _failed_here(repo, report, path, reason, again=isinstance(exc, UnreadableArticle) and exc.passing)
            if state:
                _changing(repo, report, path.stem)
                repo.delete_article(path.stem)
                report.removed.append(path.stem)

    if not fresh and not report.removed and not unfinished:
        report.seconds = time.perf_counter() - started
        return report  # nothing changed: stories, dates, people and events stand as they are

    _store_fresh(repo, report, fresh, known, owner, progress, unfinished, workers)
    report.seconds = time.perf_counter() - started
    return report


def index_articles(repo: Repository, articles: list[Article], owner: str | None = None,
                   finish: bool = True, workers: int | None = None) -> IndexReport:
    """The seam for sources other than the folder (``bot.sources``: feeds, pasted pages): store ``articles``,
    already read and cleaned by their source, with the same claims and fault isolation as files; then, with
    ``finish``, the corpus-wide steps (once per call: a poll stores all its feeds' articles in one call).
    Nothing else in the index is touched: no folder article is removed."""
    owner = owner or default_owner()
    started = time.perf_counter()
    report = IndexReport()
    with Heartbeat(repo, owner, LEASE_SECONDS, leases=("index",)):
        known = repo.article_states()
        fresh = [a for a in articles if not _unchanged_text(known.get(a.id), a)]
        report.unchanged = len(articles) - len(fresh)
        if fresh:
            _store_fresh(repo, report, fresh, known, owner, False, unfinished=False, workers=workers, finish=False)
        if finish and repo.steps_due(CORPUS_STEPS):
            _finish(repo, report, owner, fresh_ids={a.id for a in fresh}, unfinished=False)
    report.seconds = time.perf_counter() - started
    return report


def _unchanged_text(state: FileState | None, article: Article) -> bool:
    return state is not None and state.extractor_version == EXTRACTOR_VERSION and state.content_hash == article.content_hash


def _store_fresh(repo: Repository, report: IndexReport, fresh: list[Article], known: dict[str, FileState], owner: str,
                 progress: bool, unfinished: bool, workers: int | None = None, finish: bool = True) -> None:
    """Extract and store ``fresh`` articles (claimed one by one), then (``finish``) the corpus-wide steps."""
    claims = ArticleClaims(repo, owner, LEASE_SECONDS)
    bar = Progress(len(fresh), progress)
    rows = CorpusRows(repo)
    fingerprints = {article.id: fingerprint(article.text) for article in fresh}

    def store_here(article: Article, plan: tuple, result) -> None:
        """Store what was extracted from ``article`` (``plan``: its stated date, inferred date and story)."""
        published, inferred, story = plan
        log.info("extracting %s (claimed by %s)", article.id, owner)
        try:
            halts.point("extracting")
            if isinstance(result, BaseException):
                if isinstance(result, ExtractionFailed):
                    log.error("extracting %s failed in a worker process:\n%s", article.id, result.trace)
                raise result
            _changing(repo, report, article.id, article.text)
            _save(repo, article, published, inferred, story, fingerprints[article.id].to_bytes(), result)
        except Exception as exc:
            stored = isinstance(exc, StorageFailed)  # the database's fault, maybe passing: tried again next run
            reason = _reason(exc.__cause__ if stored else exc)
            if isinstance(exc, ExtractionFailed):
                reason = f"{exc.kind}: {exc}" if str(exc) else exc.kind
            log.exception("skipped %s: %s", article.path.name, reason)
            _failed_here(repo, report, article.path, reason, article.stat, again=stored)
            if article.id in known:
                _changing(repo, report, article.id)
                repo.delete_article(article.id)  # its stored text is no longer the file's
                report.removed.append(article.id)
            return
        finally:
            claims.release(article.id)
            bar.step()
        (report.updated if article.id in known else report.added).append(article.id)
        for problem in article.problems:
            log.warning("%s: %s", article.path.name, problem)
            report.warnings.append((article.path.name, problem))
        if article.problems:
            repo.record_problem(article.path.name, "; ".join(article.problems), indexed=True)
        else:
            repo.clear_problems([article.path.name])
        halts.point("stored")

    def claimed(articles: list[Article], plan_of) -> None:
        """Extract and store each article this process can claim (claimed as it goes to be extracted); then wait
        for the others' to be stored. ``plan_of(article)``: (stated date, inferred date, story)."""
        waiting: dict[str, Article] = {}

        def mine() -> Iterator[tuple[tuple[Article, tuple], str, date | None]]:
            for article in articles:
                claim = claims.take(article.id, article.content_hash, EXTRACTOR_VERSION)
                if claim.outcome == DONE:
                    _elsewhere(report, article.id, "stored by another process")
                elif claim.outcome == HELD:
                    log.info("skipping %s: claimed by %s", article.id, claim.owner)
                    waiting[article.id] = article
                else:
                    yield _job(article, plan_of(article))

        for (article, plan), result in extractor.run(mine(), expected=len(articles)):
            store_here(article, plan, result)
        # every article claimed here is stored (none held while waiting: the others may be waiting for them)
        while waiting:
            time.sleep(WAIT_POLL_SECONDS)
            for article_id, article in list(waiting.items()):
                claim = claims.take(article_id, article.content_hash, EXTRACTOR_VERSION)
                if claim.outcome == HELD:
                    continue
                del waiting[article_id]
                if claim.outcome == DONE:
                    _elsewhere(report, article_id, "extracted by another process")
                else:  # its claim ran out without it being stored: that process stopped
                    log.warning("taking over %s: the process that claimed it did not finish it", article_id)
                    for (taken, plan), result in extractor.run([_job(article, plan_of(article))], expected=1):
                        store_here(taken, plan, result)

    dated = [a for a in fresh if a.published]
    undated = [a for a in fresh if not a.published]
    # events as known before any undated article of this run is stored (another process may have stored some already)
    exclude = {a.id: a.content_hash for a in undated}

    def undated_plan(article: Article) -> tuple:
        """An undated article's story is looked up first, as its story may date it (the corpus-wide steps settle
        both, and extract it again if its date moves)."""
        story = story_index.provisional(rows, fingerprints[article.id]) or article.id
        return None, _infer_safely(rows, article, report, story, {}, exclude), story

    try:
        with Extractor(workers) as extractor:
            # a dated article's story is settled by the corpus-wide steps
            claimed(dated, lambda a: (a.published, None, a.id))
            claimed(undated, undated_plan)
        if finish:
            bar.phase("stories, people, events")
            _finish(repo, report, owner, fresh_ids={a.id for a in fresh}, unfinished=unfinished and not fresh)
        bar.phase("indexed")
    finally:
        bar.close()


def _job(article: Article, plan: tuple) -> tuple[tuple[Article, tuple], str, date | None]:
    """What the extractor takes: the article and its plan, its text, and the date to resolve its dates against."""
    return (article, plan), article.text, resolution_anchor(plan[0], plan[1])


def _changing(repo: Repository, report: IndexReport, article_id: str, text: str | None = None) -> None:
    """Note, for serving caches, an article about to be stored (its new ``text``) or removed, with the indexed terms
    of its old and new text (their counts may move)."""
    report.changes["article"].add(article_id)
    old = repo.query("SELECT text FROM articles WHERE id = ?", (article_id,))
    for body in ([old[0]["text"]] if old else []) + ([text] if text is not None else []):
        report.changes["term"].update(index_terms(body))


def _problem_names(repo: Repository) -> list[str]:
    return [r["name"] for r in repo.problems()]


def _failed_here(repo: Repository, report: IndexReport, path: Path, reason: str,
                 stat: tuple[int, int] | None = None, again: bool = False) -> None:
    """An article this run could not read, extract or store: reported, and not tried again while it is the
    same, unless ``again`` (its storage failed: the next run tries it again)."""
    report.skip(path.name, reason)
    if again:
        repo.record_problem(path.name, reason, indexed=False)
        return
    if stat is None:
        try:
            info = path.stat()
            stat = (info.st_size, info.st_mtime_ns)
        except OSError:
            stat = None
    repo.record_problem(path.name, reason, indexed=False, stat=stat, extractor_version=EXTRACTOR_VERSION)


def _range(inferred: InferredDate | None) -> tuple[str | None, str | None, str | None]:
    """An inferred date as the index stores it: (earliest, latest, reason)."""
    if inferred is None:
        return None, None, None
    return inferred.earliest.isoformat(), inferred.latest.isoformat() if inferred.latest else None, inferred.reason


class StorageFailed(Exception):
    """Storing an extracted article failed (its cause is the database's error)."""


def _elsewhere(report: IndexReport, article_id: str, how: str) -> None:
    report.elsewhere.append(article_id)
    log.info("not extracting %s: %s", article_id, how)


def _finish(repo: Repository, report: IndexReport, owner: str, fresh_ids: set[str], unfinished: bool) -> None:
    """The corpus-wide steps, under the "index" lease: one process at a time, with every article stored.

    They take what changed since they last ran (``corpus_pending``, written with each article stored or
    removed) and redo only what that can reach: stories, dates of undated articles, people, timeline entries
    (each step's module says how it finds its part). With other code than last time (``CORPUS_STEPS``), or on
    a new index, they redo everything. What they change is written in one transaction at their end, with the
    pending changes they dealt with cleared and the index marked done, so a run stopped anywhere in them leaves
    its changes pending, and the next run does them.
    """
    leases = Leases(repo)
    while (holder := leases.take("index", owner, LEASE_SECONDS)) is not None:
        log.info("waiting for %s to finish its corpus-wide steps", holder)
        time.sleep(WAIT_POLL_SECONDS)
    try:
        if not repo.steps_due(CORPUS_STEPS):
            # another process ran these steps after the last article was stored: they stand
            log.info("corpus-wide steps: already done on the articles as stored now")
            return
        if unfinished:
            log.warning("corpus-wide steps: a run stopped before finishing them; finishing them now")
            report.recovered = True
        log.info("corpus-wide steps: running them (%s)", owner)
        halts.point("finish")
        _steps(repo, report, fresh_ids)
    finally:
        leases.give_back("index", owner)


def _steps(repo: Repository, report: IndexReport, fresh_ids: set[str]) -> None:
    rows = CorpusRows(repo)
    full = repo.finished_revision(CORPUS_STEPS) == -1
    revision = repo.articles_revision()
    pending = [p for p in rows.pending() if p[2] <= revision]  # later ones: another process's, for the next run
    keys: dict[str, set[str]] = defaultdict(set)
    for kind, key, _ in pending:
        keys[kind].add(key)
    stored = rows.existing(keys["article"])
    removed = keys["article"] - stored
    writes = CorpusWrites()
    stories = story_index.refresh(rows, stored, removed, keys["story_seed"] | rows.members(keys["story"]), full)
    before = rows.stories_of(stories)
    writes.stories = {a: s for a, s in stories.items() if a in before and before[a] != s}
    # the seeds the story step noted (for a run stopped after it changed the shingle index) are dealt with
    known = set(pending)
    pending += [p for p in rows.pending() if p[0] == "story_seed" and p[2] <= revision and p not in known]
    halts.point("stories")
    again = _dates(repo, rows, report, writes, keys, stories, stored, fresh_ids, full)
    if again:  # extracted again: their own pending changes (old people and events) are this run's too
        for kind, key, seq in rows.pending():
            if seq in again.values():
                pending.append((kind, key, seq))
                keys[kind].add(key)
    changed = stored | set(again)
    report.changes["person"].update(map(str, people_registry.refresh(rows, writes, changed, keys["people"], full)))
    halts.point("people")
    report.changes["entry"].update(map(str, event_index.refresh(rows, writes, changed, keys, full)))
    halts.point("events")
    report.changes["article"].update(set(writes.stories) | set(again) | changed)
    writes.pending_done = pending
    rows.write(writes, finished=(max(revision, *again.values()) if again else revision, CORPUS_STEPS))


def _dates(repo: Repository, rows: CorpusRows, report: IndexReport, writes: CorpusWrites, keys: dict[str, set[str]],
           stories: dict[str, str], stored: set[str], fresh_ids: set[str], full: bool) -> dict[str, int]:
    """Infer again the publication dates the changes can move, and extract again each article whose date moved;
    returns those articles with the articles revision of their new extraction.

    An undated article's date depends on its story (the first stated date among its articles) and on the day
    events whose month-day its yearless dates name (``undated_days``). Undated articles infer each other's
    dates too, so this goes round again over what the re-extracted articles changed, until no date moves."""
    if full:
        candidates = {r["id"] for r in rows.undated()}
    else:
        story_ids = keys["story"] | {stories[a] for a in stories} | set(rows.stories_of(stored).values())
        days = keys["day"] | {r["date"][5:] for r in rows.events_of(stored) if r["precision"] == "day"}
        candidates = {r["id"] for r in rows.undated(stored | set(stories))}  # stored, or in a story regrouped
        candidates |= rows.undated_in(story_ids) | rows.undated_on(days)
    again: dict[str, int] = {}
    for _ in range(MAX_INFERENCE_ROUNDS):
        moved_days: set[str] = set()
        for row in rows.undated(candidates):
            story = stories.get(row["id"]) or row["story_id"] or row["id"]
            try:
                inferred = _infer(rows, row["text"], story, stories, None)
            except Exception as exc:
                log.exception("%s: date inference failed (%s)", row["id"], _reason(exc))
                inferred = None
            writes.undated_days[row["id"]] = yearless_days(row["text"])
            anchor = resolution_anchor(None, inferred)
            if (anchor.isoformat() if anchor else None) == row["anchor"]:
                if _range(inferred) != (row["published_earliest"], row["published_latest"], row["inferred_reason"]):
                    repo.set_inferred(row["id"], inferred)  # the same anchor, another range or reason
                    report.changes["article"].add(row["id"])
                continue
            log.info("extracting %s again: its inferred date moved", row["id"])
            old_days = {r["date"][5:] for r in rows.events_of([row["id"]]) if r["precision"] == "day"}
            try:
                fp = rows.fingerprint_bytes([row["id"]]).get(row["id"])
                again[row["id"]] = _store(repo, read_again(row), None, inferred, story, fp)
            except Exception as exc:  # the file went away or broke meanwhile: the next run sees it
                log.exception("%s: could not be extracted again (%s)", row["id"], _reason(exc))
                continue
            moved_days |= old_days | {r["date"][5:] for r in rows.events_of([row["id"]]) if r["precision"] == "day"}
            if row["id"] not in fresh_ids and row["id"] not in report.updated:
                report.updated.append(row["id"])
        if not moved_days:
            break
        candidates = rows.undated_on(moved_days)
    return again


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
    story_id: str,
    fingerprint_bytes: bytes | None,
) -> int:
    """Extract and store one article; returns the articles revision of the change."""
    anchor = resolution_anchor(published, inferred)
    extraction = extract(article.text, anchor, attributions=False)  # attributions are never shown
    return _save(repo, article, published, inferred, story_id, fingerprint_bytes, extraction)


def _save(repo: Repository, article: Article, published: date | None, inferred: InferredDate | None, story_id: str,
          fingerprint_bytes: bytes | None, extraction) -> int:
    """Store an article with what was extracted from it; returns the articles revision of the change."""
    anchor = resolution_anchor(published, inferred)
    try:
        seq = repo.replace_article(
            article,
            extraction,
            anchor=anchor,
            extractor_version=EXTRACTOR_VERSION,
            fingerprint=fingerprint_bytes,
            inferred=inferred,
            story_id=story_id,
        )
    except Exception as exc:
        raise StorageFailed(exc) from exc
    # the stat taken before the file was read: a later edit shows as a new mtime
    repo.set_file_stat(article.id, article.stat[0], article.stat[1])
    return seq


def _infer_safely(rows: CorpusRows, article: Article, report: IndexReport, story: str, stories: dict[str, str],
                  exclude: dict[str, str]) -> InferredDate | None:
    """``_infer``, with a failure reported and the article kept, undated."""
    try:
        return _infer(rows, article.text, story, stories, exclude)
    except Exception as exc:
        reason = f"publication date not inferred ({_reason(exc)}): indexed as undated"
        log.exception("%s: %s", article.path.name, reason)
        report.warnings.append((article.path.name, reason))
        return None


def _infer(rows: CorpusRows, text: str, story: str, stories: dict[str, str],
           exclude: dict[str, str] | None) -> InferredDate | None:
    """Publication date of an undated article: a dated article of its story wins, else its content.
    ``stories``: stories just found and not yet stored (article id -> story id); ``exclude``: articles whose
    events do not count (article id -> content hash)."""
    partner = _story_date(rows, story, stories)
    inferred = infer_publication(text, _known_events(rows, text, exclude or {}))
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


def _story_date(rows: CorpusRows, story: str, stories: dict[str, str]) -> date | None:
    """The earliest stated publication date among the articles of ``story``, as ``stories`` has just grouped them
    (the stored story of the others)."""
    members = {a for a in rows.members([story]) if stories.get(a, story) == story}
    members |= {a for a, s in stories.items() if s == story}
    dates = [d for d in rows.published(members).values() if d]
    return date.fromisoformat(min(dates)) if dates else None


def _known_events(rows: CorpusRows, text: str, exclude: dict[str, str]) -> list[tuple[str, str]]:
    """(date, sentence) of the day events whose year is certain (their article's date is stated, or they write
    the year), on the month-days the text's yearless dates name: all ``infer_publication`` reads of them."""
    days = yearless_days(text)
    years = rows.day_range() if days else None
    if not years:
        return []
    dates = [f"{y:04d}-{d}" for y in range(years[0], years[1] + 1) for d in sorted(days)]
    return [
        (r["date"], r["text"])
        for r in rows.day_events(dates)
        if (r["published"] is not None or re.search(r"\b\d{4}\b", r["date_text"]))
        and exclude.get(r["article_id"]) != r["content_hash"]
    ]


def _require(corpus: Path) -> None:
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {corpus}")


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
