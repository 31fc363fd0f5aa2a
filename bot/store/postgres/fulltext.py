"""Full-text search on PostgreSQL: tsvector columns with GIN indexes, BM25 and snippets as FTS5 makes them.

Rows are indexed by the terms of ``bot.store.postgres.tokens`` (FTS5's tokenizer), so a
``Match`` finds the rows SQLite finds. PostgreSQL's own ranking (``ts_rank``)
and snippets (``ts_headline``) would answer differently, so ranking is FTS5's
BM25 formula written in SQL, with the same constants, the same per-phrase
IDF, and the terms summed in the same order; snippets are FTS5's algorithm
(``bot.store.postgres.snippets``) over the few articles shown.
"""
from __future__ import annotations

from collections.abc import Sequence

from bot.store.fulltext import (
    COLUMNS,
    SNIPPET_CLOSE,
    SNIPPET_ELLIPSIS,
    SNIPPET_OPEN,
    SNIPPET_TOKENS,
    WEIGHTS,
    ArticleHit,
    Fulltext,
    Match,
)
from bot.store.postgres.snippets import snippet
from bot.store.postgres.tokens import query_form, terms

__all__ = ["PostgresFulltext", "tsvector_text", "tsquery_text"]

LETTERS = "ABC"
MAX_POSITIONS = 256  # a tsvector keeps at most this many positions of one term in a row
MAX_LEXEME_BYTES = 2046
# the rows whose term counts fulltext_terms keeps, by (table, column letter or '' for any column)
COUNTED = {("articles", ""), ("sentences", ""), ("events", ""), ("quotes", "A")}


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_text(texts: Sequence[str | None]) -> tuple[str, int]:
    """The tsvector of a row's indexed columns (first A, then B, C) and its number of tokens."""
    occurrences: dict[str, list[str]] = {}
    size = 0
    for letter, text in zip(LETTERS, texts):
        for term in terms(text or ""):
            size += 1
            occurrences.setdefault(term, []).append(letter)
    parts = []
    for term, letters in occurrences.items():
        if len(term.encode("utf-8")) > MAX_LEXEME_BYTES:
            continue  # longer than PostgreSQL indexes; no query word is that long
        positions = ",".join(f"{i}{letter}" for i, letter in enumerate(letters[:MAX_POSITIONS], 1))
        parts.append(f"{_lexeme(term)}:{positions}")
    return " ".join(parts), size


def _phrase(term: str) -> list[str]:
    """A query alternative as FTS5 reads it: each term in its ``query_form``, tokenized and folded again."""
    return [t for part in (term.split() or [term]) for t in terms(query_form(part))]


def tsquery_text(match: Match, letter: str = "") -> str:
    """``('a' | 'b') & 'c'``; ``letter`` restricts every term to one column's weight."""
    groups = []
    for group in match.groups:
        alternatives = []
        for term in group:
            parts = [_lexeme(t) + (":" + letter if letter else "") for t in _phrase(term)]
            if parts:
                alternatives.append(parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")")
        if alternatives:
            groups.append("(" + " | ".join(alternatives) + ")")
        elif match.mode == "AND":
            return ""  # a word that matches nothing: no row has every word
    return f" {'&' if match.mode == 'AND' else '|'} ".join(groups)


class PostgresFulltext(Fulltext):
    def __init__(self, backend) -> None:
        self.backend = backend

    def terms(self) -> list[str]:
        rows = self.backend.raw_query(
            "SELECT term FROM fulltext_terms WHERE tbl = 'sentences' AND col = '' ORDER BY term"
        )
        return [r[0] for r in rows]

    def term_counts(self, terms=None) -> dict[str, int]:
        if terms is None:
            rows = self.backend.raw_query(
                "SELECT term, docs FROM fulltext_terms WHERE tbl = 'sentences' AND col = '' ORDER BY term"
            )
        else:
            rows = self.backend.raw_query(
                "SELECT term, docs FROM fulltext_terms WHERE tbl = 'sentences' AND col = '' AND term = ANY(%s)"
                " AND docs > 0 ORDER BY term",
                (sorted(set(terms)),),
            )
        return {r[0]: r[1] for r in rows}

    def documents(self, table, columns, rows):
        names = list(columns)
        indexed = [names.index(c) if c in names else None for c in COLUMNS[table]]  # a column left out is NULL
        out = []
        for row in rows:
            vector, size = tsvector_text([None if i is None else row[i] for i in indexed])
            out.append((*row, vector, size))
        return (*columns, "fts", "fts_size"), out

    def articles(self, match: Match, limit: int) -> list[ArticleHit]:
        sql, params = self.matching("articles", match, ranked=True)
        rows = self.backend.query(
            f"SELECT a.id, a.text FROM ({sql}) f JOIN articles a ON a.id = f.id ORDER BY f.rank, a.seq LIMIT ?",
            [*params, limit],
        )
        phrases = [t for term in match.phrases() for t in _phrase(term)]
        return [
            ArticleHit(r["id"], snippet(r["text"], phrases, SNIPPET_TOKENS, SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS))
            for r in rows
        ]

    def matching(self, table: str, match: Match, ranked: bool = False, column: str | None = None) -> tuple[str, list]:
        if table not in COLUMNS or (column is not None and column not in COLUMNS[table]):
            raise ValueError(f"no full-text index on {table}.{column}")
        letter = LETTERS[COLUMNS[table].index(column)] if column else ""
        query = tsquery_text(match, letter)
        if not query:
            return f"SELECT id{', 0.0 AS rank' if ranked else ''} FROM {table} WHERE false", []
        if not ranked:
            return f"SELECT id FROM {table} WHERE fts @@ CAST(? AS tsquery)", [query]
        return self._bm25(table, query, match, letter)

    def _bm25(self, table: str, query: str, match: Match, letter: str) -> tuple[str, list]:
        """BM25 as FTS5's bm25(): per phrase IDF from the rows holding it, column weights, k1 1.2, b 0.75."""
        phrases = [p for t in match.phrases() for p in (_phrase(t) or [""])]
        weights = WEIGHTS[table]
        if letter:  # a match restricted to one column counts hits in that column only
            weights = tuple(w if LETTERS[i] == letter else 0.0 for i, w in enumerate(weights))
        weight_of = " ".join(f"WHEN '{LETTERS[i]}' THEN CAST({w!r} AS float8)" for i, w in enumerate(weights))
        if (table, letter) in COUNTED:
            hits = (
                "SELECT COALESCE((SELECT docs FROM fulltext_terms t WHERE t.tbl = ? AND t.col = ? AND t.term = p.term), 0)"
            )
            hits_params = [table, letter]
        else:  # no kept count for this column: count the rows
            hits = (
                f"SELECT count(*) FROM {table} WHERE fts @@ CAST(quote_literal(p.term)"
                + (f" || ':{letter}'" if letter else "") + " AS tsquery)"
            )
            hits_params = []
        sql = (
            "WITH phrase AS (SELECT p.term, p.i FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS p(term, i)),"
            " totals AS (SELECT CAST(rows AS float8) AS n, CAST(tokens AS float8) / CAST(greatest(rows, 1) AS float8)"
            f" AS avgdl FROM fulltext_totals WHERE tbl = '{table}'),"
            " idf AS MATERIALIZED (SELECT p.term, p.i, CASE WHEN x.v > 0 THEN x.v ELSE CAST(1e-6 AS float8) END AS idf"
            f" FROM phrase p CROSS JOIN totals t CROSS JOIN LATERAL (SELECT CAST(({hits}) AS float8) AS hits) h"
            " CROSS JOIN LATERAL (SELECT ln((t.n - h.hits + CAST(0.5 AS float8)) / (h.hits + CAST(0.5 AS float8))) AS v) x),"
            f" hit AS (SELECT d.id, d.fts, d.fts_size FROM {table} d WHERE d.fts @@ CAST(? AS tsquery)),"
            " freq AS (SELECT h.id, u.lexeme,"
            f" (SELECT sum(CASE w {weight_of} ELSE CAST(0 AS float8) END) FROM unnest(u.weights) w) AS f"
            # the row's vector cut down to the phrases' terms (two deletions in C), then unnested
            " FROM hit h CROSS JOIN LATERAL unnest(ts_delete(h.fts, tsvector_to_array(ts_delete(h.fts,"
            " CAST(? AS text[]))))) u)"
            " SELECT h.id, CAST(-1.0 AS float8) * COALESCE(sum(idf.idf * ((f.f * (CAST(1.2 AS float8) + CAST(1.0 AS float8)))"
            " / (f.f + CAST(1.2 AS float8) * (CAST(1 AS float8) - CAST(0.75 AS float8)"
            " + CAST(0.75 AS float8) * h.fts_size / t.avgdl))) ORDER BY idf.i), 0) AS rank"
            " FROM hit h CROSS JOIN totals t LEFT JOIN freq f ON f.id = h.id LEFT JOIN idf ON idf.term = f.lexeme"
            " GROUP BY h.id"
        )
        return sql, [phrases, *hits_params, query, phrases]
