"""Opening the embedded SQLite index and keeping its schema current (PostgreSQL: ``bot.store.postgres.backend``).

Migrations are numbered; ``meta.schema_version`` records the last one that
ran, so an index written by an older newsdesk is upgraded on open, and one
written by a newer newsdesk is refused with a clear message.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bot.store.backend import SCHEMA_VERSION, StoreError

_SCHEMA = Path(__file__).with_name("schema.sql")
_DIGESTS = Path(__file__).with_name("digests.sql")
_FEEDS = Path(__file__).with_name("feeds.sql")
_CORPUS_STEPS = Path(__file__).with_name("corpus_steps.sql")

# version -> SQL that upgrades an index from version-1 to version
MIGRATIONS: dict[int, str] = {
    1: _SCHEMA.read_text(encoding="utf-8"),
    # file size and modification time: an unchanged file is recognised without reading it
    2: "ALTER TABLE articles ADD COLUMN file_size INTEGER;\n"
    "ALTER TABLE articles ADD COLUMN file_mtime_ns INTEGER;\n",
    # when each article was first seen; digest subscriptions and their posts
    3: _DIGESTS.read_text(encoding="utf-8"),
    # platform delivery ids already handled (Slack event retries), shared by every process (bot/store/deliveries.py)
    4: "CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, seen_at REAL NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS deliveries_seen ON deliveries(seen_at);\n",
    # named leases between processes on one index, e.g. "index": one indexing run at a time (bot/store/leases.py)
    5: "CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until REAL NOT NULL);\n",
    # per-article claims of the processes indexing one corpus together (bot/store/claims.py)
    6: "CREATE TABLE IF NOT EXISTS article_claims (article_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
    " owner TEXT NOT NULL, until REAL NOT NULL);\n",
    # when each quote was said, as its text says it (bot/extract/speech/said_on.py); NULL: the text does not say.
    # Rows indexed before stay NULL until re-extraction (EXTRACTOR_VERSION changed with this) fills them.
    7: "ALTER TABLE quotes ADD COLUMN said_on TEXT;\n"
    "ALTER TABLE quotes ADD COLUMN said_precision TEXT;\n",
    # events the text tells as planned or expected, not as having happened (bot/extract/events.py); rows indexed
    # before read 0 until re-extraction (EXTRACTOR_VERSION changed with this) sets them.
    8: "ALTER TABLE events ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;\n",
    # corpus entries not indexed, or indexed with a caveat, and why (shown by newsdesk index and to admins in /sources);
    # a failed article's size, mtime and extractor version: it is not tried again until one of them changes
    9: "CREATE TABLE IF NOT EXISTS index_problems (name TEXT PRIMARY KEY, reason TEXT NOT NULL,"
    " indexed INTEGER NOT NULL, file_size INTEGER, file_mtime_ns INTEGER, extractor_version TEXT,"
    " seen_at REAL NOT NULL);\n",
    # live sources (bot/sources/): each article's source (folder, feed, page), the feeds followed with their
    # HTTP state, the entries seen in each, and the web pages indexed by canonical URL
    10: _FEEDS.read_text(encoding="utf-8"),
    # what the corpus-wide steps update in place rather than rebuild, and the quotes' folded text looked up by
    # /who and /quote (bot/query/quote_rows.py) without reading the whole table
    11: _CORPUS_STEPS.read_text(encoding="utf-8"),
    # what event grouping compares of each event (bot/corpus/event_groups.py), computed once: JSON; and what each
    # index run compares with the folder's files (the articles of one source), read from an index alone (the table's rows hold every article's text)
    12: "ALTER TABLE events ADD COLUMN features TEXT;\n"
    "DROP INDEX IF EXISTS articles_state;\n"
    "CREATE INDEX IF NOT EXISTS articles_source_state ON articles(source, id, content_hash, extractor_version,"
    " file_size, file_mtime_ns);\n",
}


def connect(path: Path | str) -> sqlite3.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        _wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open the index at {path}: {exc}") from exc
    return conn


_WAL_ATTEMPTS = 100
_WAL_PAUSE = 0.05


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to write-ahead logging. When several processes open a new index at once, SQLite may refuse
    the switch with "database is locked" at once, without waiting out the busy timeout: try again."""
    for attempt in range(_WAL_ATTEMPTS):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(_WAL_PAUSE)


def schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection) -> None:
    """Run the migrations this index lacks, each in one write transaction.

    The version is read again inside each transaction (``BEGIN IMMEDIATE``
    holds the write lock), so two processes opening a new index at once do
    not both run a migration: the second finds it done.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"the index was written by a newer newsdesk (schema {current}, this one knows {SCHEMA_VERSION})"
                )
            if current == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            version = current + 1
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(version),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
