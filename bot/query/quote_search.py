"""Quotes for /quote <topic>: the topic in what was said first, then in the sentence around it.

Reported speech often leaves its topic outside the words reported ("Russia
has never renounced dialogue, ..., the spokesman told journalists,
commenting on Kuleba's remarks"). So quotes whose own words hold the topic
come first, best first by BM25 over the quote's text; then quotes whose
sentence holds it, best first by BM25 over that sentence. Every word is
asked first; when no quote or sentence holds them all, quotes holding some
in articles that hold them all; then the quoted phrases alone, or else any
word (``Lookup.attempts``). Phrases are checked in the text they were found
in (``bot.query.phrases``). Only quotes with a known speaker are answers.
"""
from __future__ import annotations

from bot.query.context import Context
from bot.query.phrases import Lookup, Part
from bot.query.quote_rows import QUOTE_COLUMNS, QUOTE_FROM, QUOTE_SELECT
from bot.store.backend import Row
from bot.store.fulltext import Match

MAX_ROWS = 200  # of each kind, before phrases are checked and quotes folded
MAX_PHRASED_ROWS = 1000  # when phrases are checked here, fewer of the rows the index finds are answers
AROUND_FIRST = 2000  # sentences read first, the best ranked, before every sentence holding the words (_around)


def quote_rows(ctx: Context, lookup: Lookup, person_id: int | None = None, wanted: int = 20) -> list[Row]:
    """The quote rows about ``lookup``, by ``person_id`` when given: in the quote's words, then in its sentence.

    ``wanted``: how many quotes will be shown; when the quotes' own words give surely that many, the
    sentences are not asked.
    """
    for number, (mode, parts) in enumerate(lookup.attempts()):
        match = lookup.match(mode, parts)
        if match is None:
            continue
        said = _said(ctx, lookup, match, mode, parts, person_id)
        if len({r["norm"] for r in said}) >= 2 * wanted:  # distinct texts, even with paraphrases folded in
            return said
        around = _around(ctx, lookup, match, mode, parts, person_id, {r["id"] for r in said})
        if said or around:
            return [*said, *around]
        if number == 0 and len(parts) > 1:
            within = _within(ctx, lookup, match, parts, person_id)
            if within:
                return within
    return []


def _within(ctx: Context, lookup: Lookup, match: Match, parts: list[Part], person_id: int | None) -> list[Row]:
    """No quote or sentence holds every word: quotes holding some of them in articles that hold them all
    ("/quote 28-point plan": "the U.S. had authored the plan" in an article about the 28-point plan)."""
    sql, params = ctx.repo.fulltext.matching("articles", match)
    ids = [r["id"] for r in ctx.repo.query(sql, params)]
    if lookup.phrased and ids:
        marks = ",".join("?" * len(ids))
        texts = ctx.repo.query(f"SELECT id, title, text FROM articles WHERE id IN ({marks})", ids)
        ids = [r["id"] for r in texts if lookup.accepts(f"{r['title']}\n{r['text']}", "AND", parts)]
    if not ids:
        return []
    return _said(ctx, lookup, lookup.match("OR", parts), "OR", parts, person_id, ids)


def _speaker(person_id: int | None) -> tuple[str, tuple]:
    return (" AND ap.person_id = ?", (person_id,)) if person_id else ("", ())


def _limit(lookup: Lookup) -> int:
    return MAX_PHRASED_ROWS if lookup.phrased else MAX_ROWS


def _said(ctx: Context, lookup: Lookup, match: Match, mode: str, parts: list[Part],
          person_id: int | None, articles: list[str] | None = None) -> list[Row]:
    matching, params = ctx.repo.fulltext.matching("quotes", match, ranked=True, column="text")
    speaker, speaker_params = _speaker(person_id)
    within = f" AND q.article_id IN ({','.join('?' * len(articles))})" if articles else ""
    rows = ctx.repo.query(
        QUOTE_SELECT + f" JOIN ({matching}) f ON f.id = q.id WHERE ap.person_id IS NOT NULL{speaker}{within}"
        " ORDER BY f.rank, q.direct DESC, q.article_id, q.id LIMIT ?",
        [*params, *speaker_params, *(articles or ()), _limit(lookup)],
    )
    return [r for r in rows if lookup.accepts(r["text"], mode, parts)]


def _around(ctx: Context, lookup: Lookup, match: Match, mode: str, parts: list[Part], person_id: int | None,
            shown: set[int]) -> list[Row]:
    matching, params = ctx.repo.fulltext.matching("sentences", match, ranked=True)
    speaker, speaker_params = _speaker(person_id)
    limit = _limit(lookup)
    # The best-ranked sentences first (a common word is in tens of thousands at 100,000 articles, and reading the
    # quotes around every one of them to keep a few hundred is most of a second): their quotes are the answer
    # when those ranked strictly above the last sentence read are enough; else every sentence is read.
    top = ctx.repo.query(f"SELECT id, rank FROM ({matching}) f ORDER BY rank LIMIT {AROUND_FIRST + 1}", params)
    rank = {r["id"]: r["rank"] for r in top[:AROUND_FIRST]}
    rows = ctx.repo.query_in(
        f"SELECT {QUOTE_COLUMNS}, s.text AS context, s.id AS sentence{QUOTE_FROM}"
        ' JOIN sentences s ON s.article_id = q.article_id AND s.start < q."end" AND s."end" > q.start'
        f" WHERE s.id IN ({{marks}}) AND ap.person_id IS NOT NULL{speaker}",
        sorted(rank), after=speaker_params,
    )
    rows.sort(key=lambda r: (rank[r["sentence"]], not r["direct"], r["article_id"], r["id"]))
    last = top[AROUND_FIRST - 1]["rank"] if len(top) > AROUND_FIRST else None
    if last is not None and sum(1 for r in rows[:limit] if rank[r["sentence"]] < last) < limit:
        rows = ctx.repo.query(
            f"SELECT {QUOTE_COLUMNS}, s.text AS context{QUOTE_FROM}"
            ' JOIN sentences s ON s.article_id = q.article_id AND s.start < q."end" AND s."end" > q.start'
            f" JOIN ({matching}) f ON f.id = s.id WHERE ap.person_id IS NOT NULL{speaker}"
            " ORDER BY f.rank, q.direct DESC, q.article_id, q.id LIMIT ?",
            [*params, *speaker_params, limit],
        )
    rows = rows[:limit]
    out = []
    for r in rows:
        if r["id"] not in shown and lookup.accepts(r["context"], mode, parts):
            shown.add(r["id"])
            out.append(r)
    return out
