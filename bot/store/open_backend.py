"""Which backend serves an index: a ``postgresql://`` URL or an SQLite file path."""
from __future__ import annotations

from pathlib import Path

from bot.store.backend import Backend

__all__ = ["is_database_url", "open_backend"]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def open_backend(target: str | Path) -> Backend:
    """A backend for a ``postgresql://`` URL or an SQLite file path (``:memory:`` too)."""
    if is_database_url(target):
        from bot.store.postgres.backend import PostgresBackend

        return PostgresBackend(str(target))
    from bot.store.sqlite.backend import SQLiteBackend

    return SQLiteBackend(target)

