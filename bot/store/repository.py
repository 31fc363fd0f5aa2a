"""Every read and write of the index goes through this class.

The indexer writes whole articles (one transaction each); the commands read.
The database behind it is a backend (``bot.store.backend``): an SQLite file
or a PostgreSQL URL; the SQL here is the dialect both speak.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.store.backend import Backend, Connection, Row
from bot.store.fulltext import Fulltext
from bot.store.open_backend import open_backend


# values bound in one IN list (SQLite allows 32,766 parameters in a statement, PostgreSQL 65,535)
IN_BATCH = 400
# how many generations' changes are kept for serving processes to catch up with (one further behind reloads)
CHANGES_KEPT = 200


@dataclass(frozen=True)
class FileState:
    """What the index knows of an article file: its hash, extractor version and stat."""

    content_hash: str
    extractor_version: str
    size: int | None
    mtime_ns: int | None


def fold_quote(text: str) -> str:
    """A quote's text folded so that the same words count once whatever the marks and spacing."""
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def _insert(c: Connection, fulltext: Fulltext, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert rows, with whatever the backend indexes them by for full-text search."""
    if not rows:
        return
    columns, rows = fulltext.documents(table, columns, rows)
    names = ", ".join(f'"{c}"' if c == "end" else c for c in columns)
    c.executemany(f"INSERT INTO {table}({names}) VALUES ({','.join('?' * len(columns))})", rows)


class Repository:
    def __init__(self, target: Path | str) -> None:
        """``target``: an SQLite file path, or a ``postgresql://`` URL."""
        self.path = target
        self.backend: Backend = open_backend(target)
        self.fulltext: Fulltext = self.backend.fulltext

    @property
    def conn(self):
        """The driver's connection (health checks and tests)."""
        return self.backend.conn

    def describe(self) -> str:
        return self.backend.describe()

    def close(self) -> None:
        self.backend.close()

    def transaction(self) -> AbstractContextManager[Connection]:
        """One write transaction; writers of every process on the index take turns."""
        return self.backend.transaction()

    def query(self, sql: str, params: Iterable = ()) -> list[Row]:
        return self.backend.query(sql, params)

    def query_in(self, sql: str, values: Iterable, params: Sequence = (), after: Sequence = ()) -> list[Row]:
        """``sql`` with ``{marks}`` for an IN list over ``values``, run ``IN_BATCH`` values at a time (``params``
        are bound before the list's values, ``after`` behind them)."""
        values = list(values)
        rows: list[Row] = []
        for start in range(0, len(values), IN_BATCH):
            batch = values[start:start + IN_BATCH]
            rows.extend(self.query(sql.format(marks=",".join("?" * len(batch))), (*params, *batch, *after)))
        return rows

    def generation(self) -> int:
        """A number that changes whenever an indexing run changed the index, in any process."""
        rows = self.query("SELECT value FROM meta WHERE key = 'generation'")
        return int(rows[0]["value"]) if rows else 0

    def bump_generation(self, changes: Mapping[str, Iterable[str]] | None = None) -> int:
        """Count the generation up, with what it changed (kind -> keys, see ``changes_between``); returns it."""
        with self.transaction() as c:
            _count_up(c, "generation")
            generation = int(c.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
            if changes is not None:
                rows = [(generation, kind, str(key)) for kind, keys in changes.items() for key in set(keys)]
                c.executemany("INSERT INTO index_changes(generation, kind, key) VALUES (?, ?, ?)"
                              " ON CONFLICT DO NOTHING", [(generation, "generation", ""), *rows])
            c.execute("DELETE FROM index_changes WHERE generation < ?", (generation - CHANGES_KEPT,))
        return generation

    def changes_between(self, old: int, new: int) -> dict[str, set[str]] | None:
        """What the generations after ``old`` up to ``new`` changed (kind -> keys), or None when one of them did not
        say (written by other code, or no longer kept)."""
        if new - old > CHANGES_KEPT:
            return None
        changes: dict[str, set[str]] = {}
        seen = set()
        for r in self.query("SELECT generation, kind, key FROM index_changes WHERE generation > ? AND generation <= ?",
                            (old, new)):
            if r["kind"] == "generation":
                seen.add(r["generation"])
            else:
                changes.setdefault(r["kind"], set()).add(r["key"])
        return changes if seen == set(range(old + 1, new + 1)) else None

    def _meta_int(self, key: str) -> int:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return int(rows[0]["value"]) if rows else 0

    def articles_revision(self) -> int:
        """A number that changes whenever any process stores or removes an article."""
        return self._meta_int("articles_revision")

    def finished_revision(self, steps: str) -> int:
        """The articles revision the corpus-wide steps (stories, people, event groups) last ran on, when the code
        that ran them was ``steps`` (its version); -1 when other code ran them, so that they run again."""
        rows = self.query("SELECT value FROM meta WHERE key = 'corpus_steps'")
        if (rows[0]["value"] if rows else None) != steps:
            return -1
        return self._meta_int("finished_revision")

    def set_finished_revision(self, revision: int, steps: str) -> None:
        with self.transaction() as c:
            for key, value in (("finished_revision", str(revision)), ("corpus_steps", steps)):
                c.execute(
                    "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    # ---- indexer side -------------------------------------------------

    def article_states(self, source: str | None = None) -> dict[str, FileState]:
        """What is known of each article (``source``: only those from there, e.g. "folder")."""
        where, params = (" WHERE source = ?", (source,)) if source else ("", ())
        rows = self.query(
            "SELECT id, content_hash, extractor_version, file_size, file_mtime_ns FROM articles" + where, params
        )
        return {
            r["id"]: FileState(r["content_hash"], r["extractor_version"], r["file_size"], r["file_mtime_ns"])
            for r in rows
        }

    def set_file_stat(self, article_id: str, size: int, mtime_ns: int) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE articles SET file_size = ?, file_mtime_ns = ? WHERE id = ?", (size, mtime_ns, article_id)
            )

    def delete_article(self, article_id: str) -> int:
        """Remove an article; returns the articles revision of the change (its ``corpus_pending`` seq)."""
        with self.transaction() as c:
            _count_up(c, "articles_revision")
            seq = _note_pending(c, article_id)
            c.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return seq

    # ---- what could not be indexed ----------------------------------------

    def record_problem(
        self, name: str, reason: str, *, indexed: bool, stat: tuple[int, int] | None = None,
        extractor_version: str | None = None,
    ) -> None:
        """Record why the corpus entry ``name`` (a file name) was not indexed, or was with a caveat.

        ``stat`` and ``extractor_version`` (an article whose extraction failed): the same file
        is not tried again by the same extractor."""
        size, mtime_ns = stat if stat else (None, None)
        with self.transaction() as c:
            c.execute(
                "INSERT INTO index_problems(name, reason, indexed, file_size, file_mtime_ns, extractor_version,"
                " seen_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET reason = excluded.reason,"
                " indexed = excluded.indexed, file_size = excluded.file_size,"
                " file_mtime_ns = excluded.file_mtime_ns, extractor_version = excluded.extractor_version,"
                " seen_at = excluded.seen_at",
                (name, reason, int(indexed), size, mtime_ns, extractor_version, time.time()),
            )

    def clear_problems(self, names: Iterable[str]) -> None:
        names = list(names)
        if names:
            with self.transaction() as c:
                c.executemany("DELETE FROM index_problems WHERE name = ?", [(n,) for n in names])

    def problems(self) -> list[Row]:
        """Every recorded problem, by file name."""
        return self.query("SELECT * FROM index_problems ORDER BY name")

    def replace_article(
        self, article, extraction, *, anchor, extractor_version, fingerprint, inferred, story_id
    ) -> int:
        """Store an article and what was extracted from it, in place of what was stored under its id; returns the
        articles revision of the change (its ``corpus_pending`` seq)."""
        published = article.published.isoformat() if article.published else None
        with self.transaction() as c:
            _count_up(c, "articles_revision")
            seq = _note_pending(c, article.id)
            c.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            _insert(
                c, self.fulltext, "articles",
                ("id", "path", "title", "outlet", "url", "published", "published_source", "published_earliest",
                 "published_latest", "anchor", "inferred_reason", "content_hash", "extractor_version", "text",
                 "fingerprint", "story_id", "source"),
                [(
                    article.id,
                    str(article.path),
                    article.title,
                    article.outlet,
                    article.url,
                    published,
                    article.published_source if published else ("inferred" if inferred else None),
                    inferred.earliest.isoformat() if inferred else None,
                    inferred.latest.isoformat() if inferred and inferred.latest else None,
                    anchor.isoformat() if anchor else None,
                    inferred.reason if inferred else None,
                    article.content_hash,
                    extractor_version,
                    article.text,
                    fingerprint,
                    story_id,
                    getattr(article, "source", "folder"),
                )],
            )
            now = time.time()
            c.execute(
                "INSERT INTO article_log(article_id, content_hash, first_seen, changed) VALUES (?,?,?,?)"
                " ON CONFLICT(article_id) DO UPDATE SET"
                " changed = CASE WHEN article_log.content_hash = excluded.content_hash THEN article_log.changed"
                " ELSE excluded.changed END,"
                " content_hash = excluded.content_hash",
                (article.id, article.content_hash, now, now),
            )
            text = extraction.text
            date_rows = extraction.dates
            _insert(
                c, self.fulltext, "sentences", ("article_id", "start", "end", "text", "dates"),
                [
                    (
                        article.id,
                        s,
                        e,
                        text[s:e],
                        json.dumps([d.value for d in date_rows if d.start >= s and d.end <= e]),
                    )
                    for s, e in extraction.sentences
                ],
            )
            people = extraction.people
            counts = [0] * len(people.entities)
            for m in people.mentions:
                counts[m.entity] += 1
            for q in extraction.quotes:
                if q.speaker_entity is not None and q.speaker_entity < len(counts):
                    counts[q.speaker_entity] += 1
            c.executemany(
                "INSERT INTO article_people(article_id, local_id, name, aliases, roles, affiliation, is_org, mentions)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        article.id,
                        i,
                        p.name,
                        json.dumps(p.aliases),
                        json.dumps(p.roles),
                        p.affiliation,
                        int(p.is_org),
                        counts[i] if i < len(counts) else 0,
                    )
                    for i, p in enumerate(people.entities)
                ],
            )
            c.executemany(
                "INSERT INTO mentions(article_id, local_id, start, \"end\", text, kind) VALUES (?,?,?,?,?,?)",
                [(article.id, m.entity, m.start, m.end, m.text, m.kind) for m in people.mentions],
            )
            _insert(
                c, self.fulltext, "quotes",
                ("article_id", "start", "end", "text", "direct", "speaker_local", "speaker_name", "speaker_role",
                 "speaker_start", "speaker_end", "cue", "norm", "said_on", "said_precision"),
                [
                    (
                        article.id,
                        q.start,
                        q.end,
                        q.text,
                        int(q.direct),
                        q.speaker_entity,
                        q.speaker,
                        q.speaker_role,
                        q.speaker_start,
                        q.speaker_end,
                        q.cue,
                        fold_quote(q.text),
                        q.said_on,
                        q.said_precision,
                    )
                    for q in extraction.quotes
                ],
            )
            c.executemany(
                "INSERT INTO dates(article_id, start, \"end\", text, type, value, precision) VALUES (?,?,?,?,?,?,?)",
                [(article.id, d.start, d.end, d.text, d.type, d.value, d.precision) for d in date_rows],
            )
            _insert(
                c, self.fulltext, "events",
                ("article_id", "date", "precision", "end_date", "date_text", "text", "start", "end", "people", "places",
                 "planned"),
                [
                    (
                        article.id,
                        e.date,
                        e.precision,
                        e.end_date,
                        e.date_text,
                        e.text,
                        e.start,
                        e.end,
                        json.dumps(e.people),
                        json.dumps(e.places),
                        int(e.planned),
                    )
                    for e in extraction.events
                ],
            )
        return seq

    def set_inferred(self, article_id: str, inferred) -> None:
        """A new inferred publication range (and its reason) of an undated article whose anchor stays."""
        with self.transaction() as c:
            c.execute(
                "UPDATE articles SET published_source = ?, published_earliest = ?, published_latest = ?,"
                " inferred_reason = ? WHERE id = ? AND published IS NULL",
                (
                    "inferred" if inferred else None,
                    inferred.earliest.isoformat() if inferred else None,
                    inferred.latest.isoformat() if inferred and inferred.latest else None,
                    inferred.reason if inferred else None,
                    article_id,
                ),
            )

    def has_persons(self) -> bool:
        return bool(self.query("SELECT 1 FROM persons LIMIT 1"))

    def steps_due(self, steps: str) -> bool:
        """The corpus-wide steps have work: articles stored or removed since they last ran (by any process) are
        still pending, or they last ran with other code (``steps``: their version)."""
        return (self.finished_revision(steps) != self.articles_revision()
                or bool(self.query("SELECT 1 FROM corpus_pending LIMIT 1")))


# What an article being stored or removed was part of, for the corpus-wide steps to look at again (kind, key):
# itself, its story, its people's name groups, its events' groups and date buckets, the month-days of its day events.
_UPSERT = " ON CONFLICT(kind, key) DO UPDATE SET seq = excluded.seq"
_FOOTPRINT = tuple(
    f"INSERT INTO corpus_pending(kind, key, seq) SELECT DISTINCT {select}{_UPSERT}"
    for select in (
        "'story', story_id, :seq FROM articles WHERE id = :id AND story_id IS NOT NULL",
        "'people', group_key, :seq FROM article_people WHERE article_id = :id AND group_key IS NOT NULL",
        "'event_group', CAST(group_id AS TEXT), :seq FROM events WHERE article_id = :id AND group_id IS NOT NULL",
        "'date_group', CAST(date_group AS TEXT), :seq FROM events WHERE article_id = :id AND date_group IS NOT NULL",
        "'bucket', date || '|' || precision, :seq FROM events WHERE article_id = :id",
        "'day', substr(date, 6), :seq FROM events WHERE article_id = :id AND precision = 'day'",
    )
)


def _note_pending(c, article_id: str) -> int:
    """Record, inside the caller's transaction and before the article's rows go, that ``article_id`` changed and
    what it was part of (``corpus_pending``, at the articles revision the caller has just counted up)."""
    seq = int(c.execute("SELECT value FROM meta WHERE key = 'articles_revision'").fetchone()[0])
    c.execute("INSERT INTO corpus_pending(kind, key, seq) VALUES ('article', :id, :seq)" + _UPSERT,
              {"id": article_id, "seq": seq})
    for statement in _FOOTPRINT:
        c.execute(statement, {"id": article_id, "seq": seq})
    return seq


def _count_up(c, key: str) -> None:
    """Add one to the counter ``key`` in ``meta``, inside the caller's transaction."""
    c.execute(
        "INSERT INTO meta(key, value) VALUES (?, '1')"
        " ON CONFLICT(key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1",
        (key,),
    )
