"""Articles for /search: every query word, else any; a phrase as a phrase, marked as one in the snippet.

A query without phrases is answered by the index alone (BM25, FTS5's
snippet or its port). A query with a phrase (``bot.query.phrases``) asks
the index for the rows holding the phrase's words, ranked the same way,
keeps those that hold the phrase, and cuts the snippet here with the same
algorithm, marking each phrase whole: the same on SQLite and PostgreSQL.
"""
from __future__ import annotations

from bot.query.context import Context
from bot.query.phrases import Lookup, token_spans
from bot.store.fulltext import SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_OPEN, SNIPPET_TOKENS, ArticleHit
from bot.store.postgres.snippets import snippet_of_marks

BATCH = 25  # article texts read at a time while looking for phrases


def find_articles(ctx: Context, lookup: Lookup, limit: int) -> list[ArticleHit]:
    """The best ``limit`` articles for the first attempt that finds any (``Lookup.attempts``)."""
    for mode, parts in lookup.attempts():
        match = lookup.match(mode, parts)
        if match is None:
            continue
        if not lookup.phrased:
            found = ctx.repo.fulltext.articles(match, limit)
        else:
            found = _with_phrases(ctx, lookup, mode, parts, limit)
        if found:
            return found
    return []


def _with_phrases(ctx: Context, lookup: Lookup, mode: str, parts, limit: int) -> list[ArticleHit]:
    match = lookup.match(mode, parts)
    sql, params = ctx.repo.fulltext.matching("articles", match, ranked=True)
    ranked = [r["id"] for r in ctx.repo.query(f"SELECT f.id FROM ({sql}) f ORDER BY f.rank, f.id", params)]
    hits: list[ArticleHit] = []
    for at in range(0, len(ranked), BATCH):
        chunk = ranked[at:at + BATCH]
        marks = ",".join("?" * len(chunk))
        texts = {r["id"]: (r["title"], r["text"])
                 for r in ctx.repo.query(f"SELECT id, title, text FROM articles WHERE id IN ({marks})", chunk)}
        for article_id in chunk:
            title, text = texts[article_id]
            if lookup.accepts(f"{title}\n{text}", mode, parts):
                snippet = snippet_of_marks(text, lookup.marks(text), SNIPPET_TOKENS, SNIPPET_OPEN, SNIPPET_CLOSE,
                                           SNIPPET_ELLIPSIS, token_spans(text))
                hits.append(ArticleHit(article_id, snippet))
                if len(hits) == limit:
                    return hits
    return hits
