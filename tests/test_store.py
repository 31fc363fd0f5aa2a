"""The index schema: versioned migrations keep what is stored, and a newer index is refused."""
from __future__ import annotations

import pytest
from old_index import at_version

from bot.store.sqlite import migrations as db


def test_an_old_index_is_upgraded_in_place(tmp_path):
    path = at_version(
        tmp_path / "old.sqlite", 1,
        "INSERT INTO articles(id, path, title, content_hash, extractor_version, text)"
        " VALUES ('a', '/a.txt', 'A', 'h', '1', 'Some text.')",
    )
    upgraded = db.connect(path)
    assert db.schema_version(upgraded) == db.SCHEMA_VERSION
    row = upgraded.execute("SELECT title, file_size FROM articles WHERE id = 'a'").fetchone()
    assert (row["title"], row["file_size"]) == ("A", None)


def test_quotes_indexed_before_statement_dates_are_kept_with_none(tmp_path):
    path = at_version(
        tmp_path / "v6.sqlite", 6,
        "INSERT INTO articles(id, path, title, content_hash, extractor_version, text)"
        " VALUES ('a', '/a.txt', 'A', 'h', '14', 'X said so.')",
        "INSERT INTO quotes(article_id, start, \"end\", text, direct, norm) VALUES ('a', 0, 9, 'so', 0, 'so')",
    )
    upgraded = db.connect(path)
    assert db.schema_version(upgraded) == db.SCHEMA_VERSION
    row = upgraded.execute("SELECT text, said_on, said_precision FROM quotes WHERE article_id = 'a'").fetchone()
    assert (row["text"], row["said_on"], row["said_precision"]) == ("so", None, None)


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


# ---- PostgreSQL -------------------------------------------------------------

def test_postgres_migrations_reach_the_schema_version_and_a_newer_database_is_refused(pg_url):
    from bot.store.postgres.backend import PostgresBackend

    backend = PostgresBackend(pg_url)
    assert backend.schema_version() == db.SCHEMA_VERSION
    with backend.transaction() as c:
        c.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    backend.close()
    with pytest.raises(db.StoreError, match="newer newsdesk"):
        PostgresBackend(pg_url)


def test_processes_opening_a_new_postgres_database_at_once_migrate_it_once(pg_url):
    """Several instances starting together on one empty database: the advisory lock lets one migrate."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.store.postgres.backend import PostgresBackend

    with ThreadPoolExecutor(6) as pool:  # one connection each, as processes have
        backends = list(pool.map(lambda _: PostgresBackend(pg_url), range(6)))
    assert {b.schema_version() for b in backends} == {db.SCHEMA_VERSION}
    rows = backends[0].query("SELECT value FROM meta WHERE key = 'schema_version'")
    assert [r["value"] for r in rows] == [str(db.SCHEMA_VERSION)]
    for b in backends:
        b.close()


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda c, u: c.url(u.rsplit("/", 1)[1], password="wrong"), "password authentication failed"),
        (lambda c, u: u.replace(f":{c.port}/", ":1/"), "Connection refused"),
        (lambda c, u: u.replace(f":{c.port}/", ":notaport/"), "cannot open the index"),
        (lambda c, u: u.rsplit("/", 1)[0] + "/", "names no database"),
        (lambda c, u: u.rsplit("/", 1)[0] + "/no_such_database", 'database "no_such_database" does not exist'),
    ],
    ids=["wrong password", "nothing listening", "bad port", "no database", "missing database"],
)
def test_a_postgres_url_that_cannot_be_opened_is_one_short_store_error(pg_cluster, pg_url, mangle, message):
    from bot.store.repository import Repository

    url = mangle(pg_cluster, pg_url)
    with pytest.raises(db.StoreError) as caught:
        Repository(url)
    text = str(caught.value)
    assert message in text and pg_cluster.password not in text and "wrong" not in text, text
    assert text.startswith("cannot open the index at postgresql://newsdesk@") and "\n" not in text


def test_placeholders_are_translated_outside_quoted_text():
    from bot.store.postgres.backend import translate

    assert translate("SELECT * FROM t WHERE a = ? AND b = 'x?y' AND c LIKE '5%' AND d = :name") == (
        "SELECT * FROM t WHERE a = %s AND b = 'x?y' AND c LIKE '5%' AND d = %(name)s"
    )
    assert translate("SELECT CAST(x AS text), y::int FROM \"q?\"") == "SELECT CAST(x AS text), y::int FROM \"q?\""


def test_a_lease_is_held_by_one_owner_until_given_back_or_run_out(index_db):
    from bot.store.leases import Leases
    from bot.store.repository import Repository

    first, second = Leases(Repository(index_db)), Leases(Repository(index_db))  # two processes' connections
    assert first.take("index", "a", ttl=60) is None
    assert second.take("index", "b", ttl=60) == "a"
    assert first.take("index", "a", ttl=60) is None  # the holder renews it
    first.give_back("index", "a")
    assert second.take("index", "b", ttl=-1) is None  # taken, and already run out
    assert first.take("index", "a", ttl=60) is None


def test_a_delivery_id_is_first_for_one_connection_only(index_db):
    from concurrent.futures import ThreadPoolExecutor

    from bot.store.deliveries import DeliveryLog
    from bot.store.repository import Repository

    logs = [DeliveryLog(Repository(index_db)) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        firsts = list(pool.map(lambda log: log.first_time("Ev42"), logs))
    assert sorted(firsts) == [False, False, False, True]


def test_long_texts_and_giant_words_are_stored_and_found(index_db):
    """A quote longer than a btree entry, a 'word' longer than PostgreSQL indexes, a term seen 300 times."""
    from bot.store.fulltext import Match
    from bot.store.repository import Repository, _insert

    repo = Repository(index_db)
    text = ("ceasefire " * 300) + "x" * 3000 + " talks"
    with repo.transaction() as c:
        _insert(c, repo.fulltext, "articles",
                ("id", "path", "title", "content_hash", "extractor_version", "text"),
                [("a1", "/a1.txt", "Long", "h", "1", text)])
        _insert(c, repo.fulltext, "quotes", ("article_id", "start", "end", "text", "direct", "norm"),
                [("a1", 0, len(text), text, 1, text)])
    found = repo.query("SELECT article_id FROM quotes WHERE norm IN (?)", (text,))
    assert [r["article_id"] for r in found] == ["a1"]
    sql, params = repo.fulltext.matching("quotes", Match.of([["ceasefir"], ["talk"]], "AND"), ranked=True, column="text")
    assert [r["id"] for r in repo.query(sql, params)] != []
    hits = repo.fulltext.articles(Match.of([["ceasefir"]]), 5)
    assert [h.id for h in hits] == ["a1"] and hits[0].snippet.startswith("**ceasefire**")


@pytest.mark.parametrize("term", ["guarante", "decis", "defens", "compromis", "agre", "polit", "1000"])
def test_a_query_term_is_written_so_that_the_tokenizer_gives_it_back(term):
    from bot.store.postgres.tokens import query_form, terms

    # Porter is not idempotent: asked "guarante", FTS5 stems it again to "guarant", which no row holds
    assert terms(query_form(term)) == [term]


def test_every_indexed_term_is_found_and_a_phrase_needs_all_its_words(index_db):
    """Terms the stemmer changes again ("guarante", "decis") are found; "1 000" needs both words (both backends)."""
    from bot.store.fulltext import Match
    from bot.store.postgres.snippets import snippet_of_marks
    from bot.store.repository import Repository, _insert

    repo = Repository(index_db)
    texts = {"a1": "Security guarantees: no decision yet on the 1,000 prisoners.", "a2": "A 1000 word essay on 000."}
    with repo.transaction() as c:
        _insert(c, repo.fulltext, "articles", ("id", "path", "title", "content_hash", "extractor_version", "text"),
                [(k, f"/{k}.txt", k, "h", "1", v) for k, v in texts.items()])
    for word in ("guarante", "decis"):
        assert [h.id for h in repo.fulltext.articles(Match.of([[word]]), 5)] == ["a1"], word
    sql, params = repo.fulltext.matching("articles", Match.of([["1 000"], ["prison"]], "AND"), ranked=True)
    assert [r["id"] for r in repo.query(sql, params)] == ["a1"]
    sql, params = repo.fulltext.matching("articles", Match.of([["1 000", "1000"]]), ranked=True)
    assert sorted(r["id"] for r in repo.query(sql, params)) == ["a1", "a2"]
    text = texts["a1"]
    marked = snippet_of_marks(text, [(text.index("1,000"), text.index("1,000") + 5, 0)], 24, "**", "**", "…")
    assert "the **1,000** prisoners" in marked
    at = text.index("no decision")
    assert "**no decision** yet" in snippet_of_marks(text, [(at, at + len("no decision"), 0)], 24, "**", "**", "…")
