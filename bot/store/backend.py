"""The seam between the store and a database: SQLite (a file) or PostgreSQL (a ``postgresql://`` URL).

Everything above it writes one SQL dialect, the common ground of the two:
``?`` placeholders (``:name`` with a mapping), rows read by name or by
index, ``INSERT … ON CONFLICT``, ``RETURNING``. A backend gives

- ``query(sql, params)``: the rows of one read;
- ``transaction()``: one write transaction whose connection has
  ``execute``/``executemany`` (cursors with ``fetchone``, ``fetchall`` and
  ``rowcount``). Write transactions are serialised across processes: SQLite
  takes its write lock at ``BEGIN IMMEDIATE``, PostgreSQL an advisory
  transaction lock, so a read-then-write inside one (a digest slot claimed,
  a lease taken) sees no other writer between the two;
- ``fulltext``: matching, ranking, snippets and the vocabulary (``bot.store.fulltext``).

Which backend serves a target is ``bot.store.open_backend``'s choice.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

__all__ = ["Backend", "Connection", "Cursor", "Row", "StoreError", "StoreUnavailable", "SCHEMA_VERSION"]

# The schema version both backends migrate to (SQLite: sqlite/migrations.py; PostgreSQL: postgres/*.sql).
SCHEMA_VERSION = 12


class StoreError(RuntimeError):
    """The index cannot be opened or is not one newsdesk can use."""


class StoreUnavailable(StoreError):
    """The database does not answer right now (stopped, restarting, unreachable): worth trying again later.

    A backend raises it for a lost or refused connection, whichever call hit it; the next
    call connects again, so a service recovers by itself when the database is back.
    """


class Row(Protocol):
    def __getitem__(self, key: int | str) -> Any: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Row | None: ...

    def fetchall(self) -> list[Row]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence | Mapping = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Sequence | Mapping]) -> Cursor: ...


class Backend(ABC):
    name: str  # "sqlite" | "postgresql"
    fulltext: Any  # bot.store.fulltext.Fulltext

    @abstractmethod
    def query(self, sql: str, params: Iterable = ()) -> list[Row]: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Connection]: ...

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def conn(self) -> Any:
        """The driver's own connection (for health checks and tests)."""

    @abstractmethod
    def describe(self) -> str:
        """Where the index is, for messages (never a password)."""
