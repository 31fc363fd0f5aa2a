"""/search <words>: articles ranked by full-text relevance, with a snippet each."""
from __future__ import annotations

from bot import errors
from bot.commands.request import Request
from bot.models import NotFoundAnswer, SearchAnswer, SearchHit
from bot.query import featured
from bot.query.context import Context
from bot.store.fulltext import Match

MAX_HITS = 50  # the answer holds them all; a compact rendering shows the first few


def run(ctx: Context, req: Request):
    if not req.text:
        raise errors.UserError(errors.NEEDS_ARGUMENT.format(name="search", what="some words", example="/search Abu Dhabi"))
    groups = ctx.vocabulary.groups(req.text)
    found = []
    for mode in ("AND", "OR"):
        match = Match.of(groups, mode=mode)
        if match is None:
            break
        found = ctx.repo.fulltext.articles(match, MAX_HITS)
        if found or len(groups) < 2:
            break
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
