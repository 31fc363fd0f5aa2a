"""/search <words>: articles ranked by full-text relevance, with a snippet each."""
from __future__ import annotations

from bot.commands import errors
from bot.commands.context import Context
from bot.commands.request import Request
from bot.models import NotFoundAnswer, SearchAnswer, SearchHit
from bot.terms import fts_query

MAX_HITS = 10


def run(ctx: Context, req: Request):
    if not req.text:
        raise errors.UserError(errors.NEEDS_ARGUMENT.format(name="search", what="some words", example="/search Abu Dhabi"))
    groups = ctx.vocabulary.groups(req.text)
    rows = []
    for mode in ("AND", "OR"):
        expression = fts_query(groups, mode=mode)
        if not expression:
            break
        rows = ctx.repo.query(
            "SELECT a.id, snippet(articles_fts, 1, '**', '**', '…', 24) AS snip"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ?",
            (expression, MAX_HITS),
        )
        if rows or len(groups) < 2:
            break
    if not rows:
        return NotFoundAnswer(message=errors.NO_RESULTS.format(query=req.text))
    hits = []
    for r in rows:
        meta = ctx.articles[r["id"]]
        hits.append(
            SearchHit(
                article_id=meta.id,
                title=meta.title,
                outlet=meta.outlet,
                published=meta.published,
                snippet=" ".join(r["snip"].split()),
                story=meta.story,
            )
        )
    return SearchAnswer(query=req.text, results=hits)
