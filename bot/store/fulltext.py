"""Full-text search as the commands use it, whatever the database.

Four things are indexed: articles (title, text), sentences (text), quotes
(text, speaker name) and events (text, people, places). Terms are the words
of SQLite's FTS5 ``porter unicode61 remove_diacritics 2`` tokenizer; a query
is a ``Match``: groups of indexed terms (one group per query word, its
alternatives), all groups required (``AND``) or any (``OR``); an alternative
of several space-separated terms needs them all (the words of a phrase, whose
order ``bot.query.phrases`` checks, since only SQLite keeps word positions). Ranking is
BM25 as FTS5 computes it (lower is better), with the column weights below,
and an article hit carries FTS5's snippet of its text. Each backend
implements ``Fulltext``: SQLite with FTS5 itself (``sqlite_fulltext``),
PostgreSQL with tsvector columns and GIN indexes (``postgres_fulltext``).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Match", "ArticleHit", "Fulltext", "COLUMNS", "WEIGHTS", "MAX_ALTERNATIVES"]

# the indexed columns of each table, in FTS5's column order
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("title", "text"),
    "sentences": ("text",),
    "quotes": ("text", "speaker_name"),
    "events": ("text", "people", "places"),
}
# BM25 weight of each column where a command ranks by relevance
WEIGHTS: dict[str, tuple[float, ...]] = {
    "articles": (3.0, 1.0),  # a word in the title counts three times
    "sentences": (1.0,),
    "quotes": (1.0, 0.0),  # quotes are matched and ranked by what was said
    "events": (1.0, 1.0, 1.0),
}
MAX_ALTERNATIVES = 40  # terms of one query word that take part in a match
SNIPPET_TOKENS = 24
SNIPPET_OPEN = SNIPPET_CLOSE = "**"
SNIPPET_ELLIPSIS = "…"


@dataclass(frozen=True)
class Match:
    """Indexed terms to look for: each group is one query word's alternatives."""

    groups: tuple[tuple[str, ...], ...]
    mode: str = "OR"  # AND: every group must match; OR: any

    @classmethod
    def of(cls, groups: Iterable[Sequence[str]], mode: str = "OR") -> "Match | None":
        """None when no group has a term (nothing to look for)."""
        kept = tuple(tuple(g[:MAX_ALTERNATIVES]) for g in groups if g)
        if mode not in ("AND", "OR"):
            raise ValueError(f"mode must be AND or OR, not {mode!r}")
        return cls(kept, mode) if kept else None

    def phrases(self) -> list[str]:
        """Every alternative of the match in order, one per occurrence: BM25 sums over their terms.

        An alternative of several space-separated terms (a phrase's words) matches a row holding them all.
        """
        return [t for g in self.groups for t in g]


@dataclass(frozen=True)
class ArticleHit:
    id: str
    snippet: str  # a window of the article's text, matched words between ** marks


class Fulltext(ABC):
    @abstractmethod
    def terms(self) -> list[str]:
        """Every term indexed in sentences, sorted bytewise (what the query words widen to)."""

    @abstractmethod
    def term_counts(self, terms: Iterable[str] | None = None) -> dict[str, int]:
        """Every term indexed in sentences (or those of ``terms`` that are) and the number of sentences holding
        it (how rare a word is), in term order."""

    @abstractmethod
    def articles(self, match: Match, limit: int) -> list[ArticleHit]:
        """Articles matching, best first (BM25, title weighted 3), each with a snippet of its text."""

    @abstractmethod
    def matching(self, table: str, match: Match, ranked: bool = False, column: str | None = None) -> tuple[str, list]:
        """A subquery of the rows of ``table`` that match, as ``(sql, params)``, to join on ``id``.

        Its columns: ``id`` and, when ``ranked``, ``rank`` (BM25 with ``WEIGHTS``, lower is
        better). ``column`` restricts the match to one indexed column.
        """

    def documents(self, table: str, columns: Sequence[str], rows: list[tuple]) -> tuple[Sequence[str], list[tuple]]:
        """The columns and rows to insert into ``table``, with whatever the backend indexes them by.

        SQLite keeps FTS5 in step with triggers, so rows go in as they are.
        """
        return columns, rows
