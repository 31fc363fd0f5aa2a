"""The baseline the question scores are compared with: plain BM25 over single sentences.

An in-memory SQLite FTS5 table holds every indexed sentence (same tokenizer as
the index: porter, unicode61, diacritics removed). A question becomes its
content words OR'ed: lowercase runs of letters or digits, 3 characters or
more, minus the project's stop words for questions (``bot/data/stopwords.yaml``,
english + question). Sentences are ranked by ``bm25()`` (ties by insertion
order). The baseline always answers with its top sentences: it never declines.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from bot.query.terms import stop_words

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def query_words(question: str) -> list[str]:
    stop = stop_words("question")
    out: list[str] = []
    for w in _TOKEN.findall(question.lower()):
        if len(w) >= 3 and w not in stop and w not in out:
            out.append(w)
    return out


class SentenceBM25:
    """``SentenceBM25(rows)`` with rows of (article_id, text); ``top(question, k)`` → [(article_id, text), ...]."""

    def __init__(self, rows: Iterable[tuple[str, str]]) -> None:
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE s USING fts5(article_id UNINDEXED, text,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
        self._db.executemany("INSERT INTO s (article_id, text) VALUES (?, ?)", [(a, t) for a, t in rows])

    def top(self, question: str, k: int = 3) -> list[tuple[str, str]]:
        words = query_words(question)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        return self._db.execute(
            "SELECT article_id, text FROM s WHERE s MATCH ? ORDER BY bm25(s), rowid LIMIT ?", (match, k)
        ).fetchall()

    def close(self) -> None:
        self._db.close()
