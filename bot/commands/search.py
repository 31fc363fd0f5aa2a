"""/search <words>: articles ranked by full-text relevance, with a snippet each; "quoted words" as a phrase."""
from __future__ import annotations

from bot import errors
from bot.commands.request import Request
from bot.models import NotFoundAnswer, SearchAnswer, SearchHit
from bot.query import featured
from bot.query.article_search import find_articles
from bot.query.context import Context
from bot.query.phrases import read

MAX_HITS = 50  # the answer holds them all; a compact rendering shows the first few


def run(ctx: Context, req: Request):
    if not req.text:
        raise errors.UserError(errors.NEEDS_ARGUMENT.format(name="search", what="some words", example="/search Abu Dhabi"))
    found = find_articles(ctx, read(req.text, ctx.vocabulary), MAX_HITS)
    if not found:
        return NotFoundAnswer(message=errors.NO_RESULTS.format(query=req.text))
    hits = []
    for hit in found:
        meta = ctx.articles[hit.id]
        hits.append(
            SearchHit(
                article_id=meta.id,
                title=meta.title,
                outlet=meta.outlet,
                published=meta.published,
                snippet=" ".join(hit.snippet.split()),
                story=meta.story,
                url=meta.url,
            )
        )
    return SearchAnswer(query=req.text, results=hits, featured=featured.first(len(hits), featured.shown("results")))
