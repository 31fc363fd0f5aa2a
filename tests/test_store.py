"""The index schema: versioned migrations keep what is stored, and a newer index is refused."""
from __future__ import annotations

import sqlite3

import pytest

from bot.store import db


def test_an_old_index_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in db._statements(db.MIGRATIONS[1]):
        conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
    conn.execute(
        "INSERT INTO articles(id, path, title, content_hash, extractor_version, text)"
        " VALUES ('a', '/a.txt', 'A', 'h', '1', 'Some text.')"
    )
    conn.close()
    upgraded = db.connect(path)
    assert db.schema_version(upgraded) == db.SCHEMA_VERSION
    row = upgraded.execute("SELECT title, file_size FROM articles WHERE id = 'a'").fetchone()
    assert (row["title"], row["file_size"]) == ("A", None)


def test_a_newer_index_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    db.connect(path).execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(db.StoreError, match="newer newsdesk"):
        db.connect(path)


def test_a_file_that_is_not_an_index_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(db.StoreError, match="cannot open the index"):
        db.connect(path)


def test_processes_opening_a_new_index_at_once_migrate_it_once(tmp_path):
    """Several bot instances starting together on one new index: each migration runs once, none fails."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "index.sqlite"
    with ThreadPoolExecutor(6) as pool:  # separate connections, as separate processes have
        conns = list(pool.map(lambda _: db.connect(path), range(6)))
    assert {db.schema_version(c) for c in conns} == {db.SCHEMA_VERSION}
