"""An SQLite index as an older release left it: the migrations up to ``version`` applied, nothing after."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store.sqlite import migrations as db


def at_version(path: Path, version: int, *statements: str) -> Path:
    """Write an index at schema ``version`` to ``path``, then run ``statements`` on it (its rows); returns ``path``."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in range(1, version + 1):
        for statement in db._statements(db.MIGRATIONS[step]):
            conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(version),))
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return path
