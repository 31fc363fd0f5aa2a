"""Full-text search on SQLite: the FTS5 tables of schema.sql, kept in step by triggers."""
from __future__ import annotations

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
from bot.store.postgres.tokens import query_form

__all__ = ["SQLiteFulltext", "fts5_expression"]


def _alternative(term: str) -> str:
    """One alternative: ``"a"``, or ``("a" AND "b")`` for terms that must all be there (a phrase's words).

    Each term is written as a word FTS5 tokenizes into that term (``query_form``): FTS5 stems what it is given.
    """
    parts = [f'"{query_form(p)}"' for p in term.split()] or [f'"{term}"']
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def fts5_expression(match: Match, column: str | None = None) -> str:
    """The FTS5 MATCH string: ``("a" OR "b") AND ("c")``, optionally ``column : (…)``."""
    expression = f" {match.mode} ".join("(" + " OR ".join(map(_alternative, group)) + ")" for group in match.groups)
    return f"{column} : ({expression})" if column else expression


def _bm25(table: str) -> str:
    weights = WEIGHTS[table]
    return f"bm25({table}_fts" + ("" if weights == (1.0,) else ", " + ", ".join(map(str, weights))) + ")"


class SQLiteFulltext(Fulltext):
    def __init__(self, backend) -> None:
        self.backend = backend

    def terms(self) -> list[str]:
        return [r["term"] for r in self.backend.query("SELECT term FROM vocab")]

    def term_counts(self, terms=None) -> dict[str, int]:
        if terms is None:
            return {r["term"]: r["doc"] for r in self.backend.query("SELECT term, doc FROM vocab")}
        wanted, found = sorted(set(terms)), {}
        for start in range(0, len(wanted), 400):
            batch = wanted[start:start + 400]
            rows = self.backend.query(f"SELECT term, doc FROM vocab WHERE term IN ({','.join('?' * len(batch))})", batch)
            found.update((r["term"], r["doc"]) for r in rows)
        return dict(sorted(found.items()))

    def articles(self, match: Match, limit: int) -> list[ArticleHit]:
        rows = self.backend.query(
            f"SELECT a.id, snippet(articles_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '{SNIPPET_ELLIPSIS}',"
            f" {SNIPPET_TOKENS}) AS snip FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? ORDER BY {_bm25('articles')} LIMIT ?",
            (fts5_expression(match), limit),
        )
        return [ArticleHit(r["id"], r["snip"]) for r in rows]

    def matching(self, table: str, match: Match, ranked: bool = False, column: str | None = None) -> tuple[str, list]:
        if table not in COLUMNS or (column is not None and column not in COLUMNS[table]):
            raise ValueError(f"no full-text index on {table}.{column}")
        rank = f", {_bm25(table)} AS rank" if ranked else ""
        if table == "articles":  # articles have a text key; FTS5 rows follow their rowid
            sql = f"SELECT a.id AS id{rank} FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        else:
            sql = f"SELECT {table}_fts.rowid AS id{rank} FROM {table}_fts"
        return f"{sql} WHERE {table}_fts MATCH ?", [fts5_expression(match, column)]
