"""What the corpus-wide steps read and write (stories, people, event groups, inferred dates): a few rows at a time.

Reads go by key through indexes (an article's shingles, the holders of a shingle, a name group's people, a date
bucket's events); the changes the steps make are collected in ``CorpusWrites`` and written in one transaction,
so that answers never see stories, people and timeline entries half updated, and rows that did not change are
not written at all.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from bot.store.backend import Row
from bot.store.repository import Repository

_BATCH = 400
_SIGN = 1 << 63


def signed(value: int) -> int:
    """A 64-bit hash as the signed integer both databases store."""
    return value - (1 << 64) if value >= _SIGN else value


def unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def _chunks(values: Iterable, size: int = _BATCH) -> Iterator[list]:
    batch: list = []
    for v in values:
        batch.append(v)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


@dataclass
class CorpusWrites:
    """Every change the corpus-wide steps make, written together by ``CorpusRows.write``."""

    stories: dict[str, str] = field(default_factory=dict)  # article id -> story id (changed ones only)
    group_keys: list[tuple[str, str, int]] = field(default_factory=list)  # (group key, article id, local id)
    persons_removed: set[int] = field(default_factory=set)
    persons: list[dict] = field(default_factory=list)  # rows to insert or replace
    person_links: list[tuple[int | None, str, int]] = field(default_factory=list)  # (person id, article, local id)
    event_groups: list[tuple[int, int, int]] = field(default_factory=list)  # (date group, group, event id)
    common_names: dict | None = None  # {"names": [...], "limit": n}: the names common to the index's events
    undated_days: dict[str, set[str]] = field(default_factory=dict)  # article id -> month-days (replaced)
    pending_done: list[tuple[str, str, int]] = field(default_factory=list)

    def count(self) -> int:
        return (len(self.stories) + len(self.group_keys) + len(self.persons_removed) + len(self.persons)
                + len(self.person_links) + len(self.event_groups) + len(self.undated_days))


class CorpusRows:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def _in(self, sql: str, values: Iterable, params: Sequence = ()) -> list[Row]:
        """``sql`` with ``{marks}`` for an IN list, run over ``values`` in batches."""
        return self.repo.query_in(sql, values, params)

    # ---- what changed --------------------------------------------------------

    def pending(self) -> list[tuple[str, str, int]]:
        return [(r["kind"], r["key"], r["seq"]) for r in self.repo.query("SELECT kind, key, seq FROM corpus_pending")]

    def add_pending(self, kind: str, keys: Iterable[str]) -> None:
        seq = self.repo.articles_revision()
        with self.repo.transaction() as c:
            c.executemany(
                "INSERT INTO corpus_pending(kind, key, seq) VALUES (?, ?, ?)"
                " ON CONFLICT(kind, key) DO UPDATE SET seq = excluded.seq",
                [(kind, k, seq) for k in keys],
            )

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self.repo.query("SELECT id FROM articles ORDER BY id")]

    def existing(self, ids: Iterable[str]) -> set[str]:
        return {r["id"] for r in self._in("SELECT id FROM articles WHERE id IN ({marks})", ids)}

    # ---- stories ---------------------------------------------------------------

    def fingerprints(self, ids: Iterable[str]) -> dict[str, tuple[bytes | None, str]]:
        """(fingerprint bytes, text) of each article (the text, to compute a missing or outdated fingerprint)."""
        return {
            r["id"]: (bytes(r["fingerprint"]) if r["fingerprint"] is not None else None, r["text"])
            for r in self._in("SELECT id, fingerprint, text FROM articles WHERE id IN ({marks})", ids)
        }

    def fingerprint_bytes(self, ids: Iterable[str]) -> dict[str, bytes | None]:
        return {
            r["id"]: bytes(r["fingerprint"]) if r["fingerprint"] is not None else None
            for r in self._in("SELECT id, fingerprint FROM articles WHERE id IN ({marks})", ids)
        }

    def shingles_of(self, ids: Iterable[str]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for r in self._in("SELECT article_id, shingle FROM story_shingles WHERE article_id IN ({marks})", ids):
            found[r["article_id"]].append(unsigned(r["shingle"]))
        return found

    def holders(self, shingles: Iterable[int], cap: int) -> dict[int, list[str]]:
        """The articles holding each shingle, at most ``cap`` of them (one more than wanted says "too many")."""
        found: dict[int, list[str]] = {}
        for batch in _chunks(shingles, 200):
            sql = " UNION ALL ".join(
                f"SELECT * FROM (SELECT shingle, article_id FROM story_shingles WHERE shingle = ? LIMIT {cap}) h{i}"
                for i in range(len(batch))
            )
            for s in batch:
                found[s] = []
            for r in self.repo.query(sql, [signed(s) for s in batch]):
                found[unsigned(r["shingle"])].append(r["article_id"])
        return found

    def replace_shingles(self, removed: Iterable[str], added: dict[str, Sequence[int]],
                         fingerprints: dict[str, bytes], seeds: Iterable[str]) -> None:
        """The postings of changed and removed articles replaced, outdated fingerprints stored again, and the
        articles whose stories the change can move noted as pending, in one transaction."""
        removed = list(removed)
        seq = self.repo.articles_revision()
        with self.repo.transaction() as c:
            c.executemany("INSERT INTO corpus_pending(kind, key, seq) VALUES ('story_seed', ?, ?)"
                          " ON CONFLICT(kind, key) DO NOTHING", [(s, seq) for s in seeds])
            for batch in _chunks(removed):
                c.execute(f"DELETE FROM story_shingles WHERE article_id IN ({_marks(batch)})", batch)
            c.executemany("INSERT INTO story_shingles(shingle, article_id) VALUES (?, ?)",
                          [(signed(s), a) for a, shingles in added.items() for s in shingles])
            c.executemany("UPDATE articles SET fingerprint = ? WHERE id = ?", [(b, a) for a, b in fingerprints.items()])

    def shared_shingles(self, most: int) -> Iterator[tuple[int, str]]:
        """(shingle, article) for every shingle held by 2 to ``most`` articles."""
        rows = self.repo.query(
            "SELECT shingle, article_id FROM story_shingles WHERE shingle IN"
            " (SELECT shingle FROM story_shingles GROUP BY shingle HAVING COUNT(*) BETWEEN 2 AND ?)",
            (most,),
        )
        return ((unsigned(r["shingle"]), r["article_id"]) for r in rows)

    def stories_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r["id"]: r["story_id"] for r in self._in("SELECT id, story_id FROM articles WHERE id IN ({marks})", ids)}

    def members(self, story_ids: Iterable[str]) -> set[str]:
        return {r["id"] for r in self._in("SELECT id FROM articles WHERE story_id IN ({marks})", story_ids)}

    def published(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r["id"]: r["published"] for r in self._in("SELECT id, published FROM articles WHERE id IN ({marks})", ids)}

    # ---- people ------------------------------------------------------------------

    def people_of(self, article_ids: Iterable[str]) -> list[Row]:
        return self._in("SELECT * FROM article_people WHERE article_id IN ({marks})", article_ids)

    def people_in(self, group_keys: Iterable[str]) -> list[Row]:
        rows = self._in("SELECT * FROM article_people WHERE group_key IN ({marks})", group_keys)
        return sorted(rows, key=lambda r: (r["article_id"], r["local_id"]))

    def persons_in(self, group_keys: Iterable[str]) -> list[Row]:
        return self._in("SELECT * FROM persons WHERE group_key IN ({marks})", group_keys)

    def person_ids(self, ids: Iterable[int]) -> set[int]:
        return {r["id"] for r in self._in("SELECT id FROM persons WHERE id IN ({marks})", ids)}

    def all_group_keys(self) -> set[str]:
        keys = {r["group_key"] for r in self.repo.query("SELECT DISTINCT group_key FROM article_people")}
        keys |= {r["group_key"] for r in self.repo.query("SELECT DISTINCT group_key FROM persons")}
        return {k for k in keys if k is not None} | ({None} if None in keys else set())

    # ---- events ----------------------------------------------------------------------

    _EVENT = ("SELECT e.id, e.article_id, e.date, e.precision, e.end_date, e.text, e.start, e.\"end\", e.people,"
              " e.places, e.date_group, e.group_id, e.features FROM events e")

    def events_of(self, article_ids: Iterable[str]) -> list[Row]:
        return self._in(self._EVENT + " WHERE e.article_id IN ({marks})", article_ids)

    def events_in_bucket(self, key: tuple[str, str]) -> list[Row]:
        return self.repo.query(self._EVENT + " WHERE e.date = ? AND e.precision = ?", key)

    def events_by_ids(self, ids: Iterable[int]) -> list[Row]:
        return self._in(self._EVENT + " WHERE e.id IN ({marks})", ids)

    def events_in_groups(self, column: str, groups: Iterable[int]) -> list[Row]:
        assert column in ("group_id", "date_group")
        return self._in(self._EVENT + f" WHERE e.{column} IN ({{marks}})", groups)

    def events_naming(self, names: Iterable[str]) -> list[int]:
        return [r["event_id"] for r in self._in("SELECT event_id FROM event_names WHERE name IN ({marks})", names)]

    def fine_buckets(self, first: str, last: str, reach: str) -> list[Row]:
        """The fine date buckets (day, week, range) whose dates can overlap [first, last]: days in it, weeks starting
        in [reach, last], ranges starting by ``last`` and ending on or after ``first``."""
        found = self.repo.query(
            "SELECT DISTINCT date, precision, end_date FROM events WHERE precision = 'day' AND date >= ? AND date <= ?",
            (first, last),
        )
        found += self.repo.query(
            "SELECT DISTINCT date, precision, end_date FROM events WHERE precision = 'week' AND date >= ? AND date <= ?",
            (reach, last),
        )
        return found + [
            r for r in self.repo.query(
                "SELECT DISTINCT date, precision, end_date FROM events WHERE precision = 'range' AND date <= ?", (last,)
            )
            if (r["end_date"] or r["date"]) >= first
        ]

    def event_count(self) -> int:
        return int(self.repo.query("SELECT COUNT(*) AS n FROM events")[0]["n"])

    def name_counts(self, names: Iterable[str]) -> dict[str, int]:
        return {r["name"]: r["n"] for r in self._in(
            "SELECT name, COUNT(*) AS n FROM event_names WHERE name IN ({marks}) GROUP BY name", names)}

    def names_counted(self, low: int, high: int | None = None) -> dict[str, int]:
        """Names of more than ``low`` events (and at most ``high``)."""
        sql = "SELECT name, COUNT(*) AS n FROM event_names GROUP BY name HAVING COUNT(*) > ?"
        params: tuple = (low,)
        if high is not None:
            sql += " AND COUNT(*) <= ?"
            params = (low, high)
        return {r["name"]: r["n"] for r in self.repo.query(sql, params)}

    def common_names(self) -> tuple[list[str], int] | None:
        rows = self.repo.query("SELECT value FROM meta WHERE key = 'event_common'")
        if not rows:
            return None
        stored = json.loads(rows[0]["value"])
        return stored["names"], stored["limit"]

    def add_event_names(self, names: list[tuple[str, int]], features: list[tuple[str, int]] = ()) -> None:
        """The people and places each event names, and (``features``: (JSON, id)) what grouping compares of it."""
        with self.repo.transaction() as c:
            c.executemany("INSERT INTO event_names(name, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING", names)
            c.executemany("UPDATE events SET features = ? WHERE id = ?", features)

    def named_events(self, ids: Iterable[int]) -> set[int]:
        return {r["event_id"] for r in self._in("SELECT DISTINCT event_id FROM event_names WHERE event_id IN ({marks})", ids)}

    def clear_event_names(self) -> None:
        with self.repo.transaction() as c:
            c.execute("DELETE FROM event_names")

    # ---- dates of undated articles -----------------------------------------------

    def undated(self, ids: Iterable[str] | None = None) -> list[Row]:
        sql = ("SELECT id, path, text, anchor, published_earliest, published_latest, inferred_reason, story_id,"
               " source, title, outlet, url, published, published_source, content_hash"  # to read it again (reread.py)
               " FROM articles WHERE published IS NULL")
        if ids is None:
            return self.repo.query(sql + " ORDER BY id")
        return sorted(self._in(sql + " AND id IN ({marks})", ids), key=lambda r: r["id"])

    def undated_on(self, month_days: Iterable[str]) -> set[str]:
        return {r["article_id"] for r in self._in("SELECT article_id FROM undated_days WHERE month_day IN ({marks})",
                                                   month_days)}

    def undated_in(self, story_ids: Iterable[str]) -> set[str]:
        return {r["id"] for r in self._in("SELECT id FROM articles WHERE published IS NULL AND story_id IN ({marks})",
                                          story_ids)}

    def day_range(self) -> tuple[int, int] | None:
        row = self.repo.query("SELECT MIN(date) AS lo, MAX(date) AS hi FROM events WHERE precision = 'day'")[0]
        if not row["lo"]:
            return None
        return int(row["lo"][:4]), int(row["hi"][:4])

    def day_events(self, dates: Iterable[str]) -> list[Row]:
        """Day events on these dates, with their article's stated date, in an order that does not depend on when
        they were stored."""
        rows = self._in(
            "SELECT e.article_id, e.start, e.date, e.text, e.date_text, a.published, a.content_hash FROM events e"
            " JOIN articles a ON a.id = e.article_id WHERE e.precision = 'day' AND e.date IN ({marks})",
            dates,
        )
        return sorted(rows, key=lambda r: (r["date"], r["article_id"], r["start"], r["text"]))

    # ---- the writes ------------------------------------------------------------------------

    def write(self, writes: CorpusWrites, finished: tuple[int, str] | None) -> None:
        """Every change of one run of the steps, the pending changes they dealt with cleared, and (``finished``:
        the articles revision and the steps' version) the steps marked done, in one transaction."""
        with self.repo.transaction() as c:
            c.executemany("UPDATE articles SET story_id = ? WHERE id = ?",
                          [(story, a) for a, story in writes.stories.items()])
            c.executemany("UPDATE article_people SET group_key = ? WHERE article_id = ? AND local_id = ?",
                          writes.group_keys)
            for batch in _chunks(sorted(writes.persons_removed | {p["id"] for p in writes.persons})):
                c.execute(f"DELETE FROM persons WHERE id IN ({_marks(batch)})", batch)
            c.executemany(
                "INSERT INTO persons(id, name, aliases, roles, affiliation, is_org, keys, mentions, group_key)"
                " VALUES (:id, :name, :aliases, :roles, :affiliation, :is_org, :keys, :mentions, :group_key)",
                writes.persons,
            )
            c.executemany("UPDATE article_people SET person_id = ? WHERE article_id = ? AND local_id = ?",
                          writes.person_links)
            c.executemany("UPDATE events SET date_group = ?, group_id = ? WHERE id = ?", writes.event_groups)
            if writes.common_names is not None:
                c.execute(
                    "INSERT INTO meta(key, value) VALUES ('event_common', ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (json.dumps(writes.common_names),),
                )
            for article_id, days in writes.undated_days.items():
                c.execute("DELETE FROM undated_days WHERE article_id = ?", (article_id,))
                c.executemany("INSERT INTO undated_days(month_day, article_id) SELECT ?, id FROM articles WHERE id = ?"
                              " ON CONFLICT DO NOTHING", [(d, article_id) for d in sorted(days)])
            c.executemany("DELETE FROM corpus_pending WHERE kind = ? AND key = ? AND seq = ?", writes.pending_done)
            if finished is not None:
                for key, value in (("finished_revision", str(finished[0])), ("corpus_steps", finished[1])):
                    c.execute(
                        "INSERT INTO meta(key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value),
                    )
