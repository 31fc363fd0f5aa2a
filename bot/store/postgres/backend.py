"""The PostgreSQL backend (psycopg 3): one database shared by every ``newsdesk`` process.

SQL written for both backends uses ``?`` (and ``:name``) placeholders; they
are turned into psycopg's ``%s`` (``%(name)s``) here, outside string
literals. Rows are read by name or by index, as ``sqlite3.Row`` is. A write
transaction takes one advisory transaction lock first, so writers take turns
as they do on SQLite with ``BEGIN IMMEDIATE``: what a transaction read is
still true when it writes (a digest slot, a lease, an article claim).
Migrations run under the same lock, each in its own transaction, and re-read
the schema version first, so processes starting together migrate once.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.store.backend import SCHEMA_VERSION, Backend, StoreError, StoreUnavailable

__all__ = ["PostgresBackend", "PG_MIGRATIONS", "translate", "WRITE_LOCK"]

WRITE_LOCK = 0x6E657773_64657363  # "newsdesc": the advisory lock every write transaction takes
CONNECT_TIMEOUT = 10  # seconds
_DIR = Path(__file__).parent
PG_MIGRATIONS: dict[int, str] = {
    int(path.name.split("_", 1)[0]): path.read_text(encoding="utf-8") for path in sorted(_DIR.glob("*.sql"))
}
assert sorted(PG_MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1)), "a PostgreSQL migration per schema version"
assert len(PG_MIGRATIONS) == len(list(_DIR.glob("*.sql"))), "two PostgreSQL migrations with one number"

_PLACEHOLDER = re.compile(r"""'(?:[^']|'')*'|"[^"]*"|%|\?|(?<![:\w]):([A-Za-z_]\w*)""")


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` -> ``%s``, ``:name`` -> ``%(name)s``, ``%`` -> ``%%``; quoted text is left alone."""

    def one(m: re.Match) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if m.group(1):
            return f"%({m.group(1)})s"
        return token

    return _PLACEHOLDER.sub(one, sql)


class Row:
    """One result row: ``row["name"]`` or ``row[0]``, ``keys()``, iteration over the values."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: Sequence, index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[key] if isinstance(key, int) else self._values[self._index[key]]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values))!r})"


def _row_factory(cursor):
    names = [c.name for c in cursor.description or ()]
    index = {n: i for i, n in enumerate(names)}
    return lambda values: Row(values, index)


class _Cursor:
    def __init__(self, cursor) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount

    def fetchone(self):
        return self._cursor.fetchone()

    def fetchall(self):
        return self._cursor.fetchall()


class PgConnection:
    """The connection a write transaction hands out: ``execute``/``executemany`` with ``?`` placeholders."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence | Mapping = ()) -> _Cursor:
        return _Cursor(self._conn.execute(translate(sql), _params(params)))

    def executemany(self, sql: str, rows: Iterable[Sequence | Mapping]) -> _Cursor:
        cursor = self._conn.cursor()
        cursor.executemany(translate(sql), [_params(r) for r in rows])
        return _Cursor(cursor)


def _params(params):
    return params if isinstance(params, Mapping) else tuple(params)


def redact(url: str) -> str:
    """The URL without its password (and query), for messages."""
    scheme, _, rest = url.partition("://")
    netloc, _, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    user = userinfo.split(":", 1)[0] + "@" if at else ""
    return f"{scheme}://{user}{hostport}/{path.split('?', 1)[0]}"


def _reason(exc: Exception) -> str:
    """psycopg's message, shortened to its last line of substance."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = re.sub(r"^connection failed: ", "", text)
    text = re.sub(r'^connection to server at "[^"]*"(?: \([^)]*\))?, port \d+ failed: ', "", text)
    return re.sub(r"^FATAL:\s+", "", text)


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("NEWSDESK_DB is a PostgreSQL URL but psycopg is not installed (pip install 'psycopg[binary]')") from exc
        from bot.store.postgres.fulltext import PostgresFulltext

        self.url = url
        self._lock = threading.RLock()
        self._conn = self._connect()
        try:
            self._migrate()
        except Exception:
            self._conn.close()
            raise
        self.fulltext = PostgresFulltext(self)

    def describe(self) -> str:
        return redact(self.url)

    @property
    def conn(self):
        return self._conn

    def _connect(self):
        import psycopg

        try:
            parts = urlsplit(self.url)
            parts.port  # noqa: B018 - a port that is not a number raises here
            if not parts.path.strip("/"):
                raise StoreError(f"cannot open the index at {redact(self.url)}: the URL names no database")
            given = psycopg.conninfo.conninfo_to_dict(self.url).get("options") or ""
            return psycopg.connect(
                self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, row_factory=_row_factory,
                # JIT compiling costs more than these short queries take; random_page_cost as for SSDs, so that
                # full-text matches go through the GIN index rather than reading (and decompressing) every row;
                # options given in the URL come after, so they win
                options=f"-c jit=off -c random_page_cost=1.1 {given}".strip(),
            )
        except StoreError:
            raise
        except psycopg.OperationalError as exc:  # refused, timed out, shutting down: it may answer later
            raise StoreUnavailable(f"cannot open the index at {redact(self.url)}: {_reason(exc)}") from None
        except (psycopg.Error, ValueError) as exc:
            raise StoreError(f"cannot open the index at {redact(self.url)}: {_reason(exc)}") from None

    def _live(self):
        """The connection, opened again if the server dropped it (a restart, a failover)."""
        if self._conn.closed or self._conn.broken:
            self._conn = self._connect()
        return self._conn

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """A connection lost mid-call (the server stopped or restarted) as ``StoreUnavailable``; the next call reconnects."""
        import psycopg

        try:
            yield
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            if not (self._conn.closed or self._conn.broken):
                raise  # a query the server refused (a lock timeout, ...), not a lost connection
            raise StoreUnavailable(f"the index at {redact(self.url)} stopped answering: {_reason(exc)}") from None

    def query(self, sql: str, params: Iterable = ()) -> list[Row]:
        with self._lock, self._answering():
            return self._live().execute(translate(sql), _params(params)).fetchall()

    def raw_query(self, sql: str, params: Sequence | Mapping = ()) -> list[Row]:
        """A read in psycopg's own placeholders (``%s``), for SQL written for PostgreSQL only."""
        with self._lock, self._answering():
            return self._live().execute(sql, params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        with self._lock, self._answering():
            conn = self._live()
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield PgConnection(conn)

    # ---- migrations ------------------------------------------------------

    def schema_version(self) -> int:
        if self._conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0] is False:
            return 0
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        import psycopg

        try:
            while True:
                with self._conn.transaction():
                    self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    current = self.schema_version()
                    if current > SCHEMA_VERSION:
                        raise StoreError(
                            f"the index was written by a newer newsdesk (schema {current}, this one knows {SCHEMA_VERSION})"
                        )
                    if current == SCHEMA_VERSION:
                        return
                    version = current + 1
                    self._conn.execute(PG_MIGRATIONS[version])
                    self._conn.execute(
                        "INSERT INTO meta(key, value) VALUES ('schema_version', %s)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (str(version),),
                    )
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the index at {redact(self.url)}: {_reason(exc)}") from None
