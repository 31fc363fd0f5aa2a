"""The embedded SQLite backend: one file, FTS5 for full text. The default, with nothing to start."""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.store.backend import Backend
from bot.store.sqlite.fulltext import SQLiteFulltext
from bot.store.sqlite.migrations import connect

__all__ = ["SQLiteBackend"]


class SQLiteBackend(Backend):
    name = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._conn: sqlite3.Connection = connect(path)
        self._lock = threading.RLock()
        self.fulltext = SQLiteFulltext(self)

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    def describe(self) -> str:
        return str(self.path)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()
