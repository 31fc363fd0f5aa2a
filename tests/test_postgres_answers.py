"""The commands answer the same on PostgreSQL as on SQLite: the seeds indexed into each, every answer compared.

Full-text matching, BM25 ranking and snippets are FTS5's on SQLite and
emulated on PostgreSQL (bot/store/postgres_fulltext.py); the terms are
FTS5's own tokenizer's (bot/store/tokens.py), checked here against SQLite.
"""
from __future__ import annotations

import random
import sqlite3

import pytest
import time_machine
from conftest import SEEDS, SEEDS_INDEXED_AT, at_asked
from test_golden import COMMANDS

from bot.store.postgres import snippets, tokens

QUESTIONS = COMMANDS + [
    "/who Witkof", "/who Putin", "/who Ushakov", "/who Angela Merkel", "/who Zelenskyy",
    "/quote negotiate by:Polishchuk", "/quote sincerely interested", "/quote territory", "/quote security guarantees",
    "/quote peace", "/quote war by:Putin",
    "/timeline", "/timeline Zelensky", "/timeline from:2025-01-01 to:2025-12-31", "/timeline Alaska", "/timeline talks",
    "/search peace talks", "/search ceasefire energy", "/search Kremlin", "/search delegation Istanbul",
    "/search sanctions oil", "/search zzzz nothing",
    '/search "political will"', '/search "political will" Abu Dhabi', "/search 2024 principles", "/search 28-point plan",
    '/quote "political will"', "/quote Kuleba", "/quote January 22-23", "/who the spokesman", "/who special envoy",
    "@newsdesk when did Putin and Trump meet in Alaska?", "What did Merz say about the Eurovision song contest?",
    "What did Rudenko say about preconditions?", "Who leads the Ukrainian delegation?",
    "Where did the delegations meet?", "What did Zelensky say about security guarantees?",
    "/digest preview", "/help who",
]


@pytest.fixture(scope="module")
def pg_desk(pg_cluster):
    from bot import Newsdesk

    nd = Newsdesk(corpus=SEEDS, db=pg_cluster.create_database("seeds_answers"))
    with time_machine.travel(SEEDS_INDEXED_AT, tick=False):
        nd.index()
    yield nd
    nd.close()


@pytest.mark.parametrize("question", QUESTIONS)
def test_postgres_answers_as_sqlite_does(pg_desk, seeds_desk, question):
    with at_asked():
        on_sqlite = seeds_desk.ask(question).model_dump(mode="json")
        on_postgres = pg_desk.ask(question).model_dump(mode="json")
    assert on_postgres == on_sqlite


def test_both_backends_hold_the_same_rows_and_vocabulary(pg_desk, seeds_desk):
    def rows(nd):
        q = nd.repo.query
        return {
            "articles": sorted((r["id"], r["story_id"], r["published"], r["anchor"]) for r in q("SELECT * FROM articles")),
            "quotes": sorted((r["article_id"], r["start"], r["text"], r["speaker_name"]) for r in q("SELECT * FROM quotes")),
            "persons": sorted((r["name"], r["mentions"]) for r in q("SELECT * FROM persons")),
            "events": sorted((r["article_id"], r["date"], r["text"]) for r in q("SELECT * FROM events")),
        }

    assert rows(pg_desk) == rows(seeds_desk)
    assert pg_desk.repo.fulltext.terms() == seeds_desk.repo.fulltext.terms()
    assert pg_desk.repo.fulltext.term_counts() == seeds_desk.repo.fulltext.term_counts()


def test_the_tokenizer_cuts_and_folds_as_fts5_does():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [
        "Zełenski's naïve café – ÅNGSTRÖM, İstanbul; ﬁnance 3.5% v2 e-mail: a.b@c.com x\u0301y 日本語 Привет мир",
        "as is us was assembly incredibly analogies relational hopping hoped generously",
        "بأشدّ وشؤون ️ emoji 👍🏽 done",
    ]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    db.executemany("INSERT INTO f(rowid, text) VALUES (?, ?)", list(enumerate(texts, 1)))
    for i, text in enumerate(texts, 1):
        expected = [r[0] for r in db.execute("SELECT term FROM v WHERE doc = ? ORDER BY offset", (i,))]
        assert tokens.terms(text) == expected


def test_snippets_are_fts5s():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row')")
    db.executemany("INSERT INTO f(rowid, text) VALUES (?, ?)", list(enumerate(texts, 1)))
    vocabulary = [r[0] for r in db.execute("SELECT term FROM v")]
    rng = random.Random(3)
    compared = 0
    for _ in range(150):
        phrases = [rng.choice(vocabulary) for _ in range(rng.randint(1, 5))]
        expression = " OR ".join(f'"{t}"' for t in phrases)
        for snip, text in db.execute("SELECT snippet(f, 0, '**', '**', '…', 24), text FROM f WHERE f MATCH ?", (expression,)):
            assert snippets.snippet(text, [tokens.fold(t) for t in phrases], 24, "**", "**", "…") == snip
            compared += 1
    assert compared > 150
