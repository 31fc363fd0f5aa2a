"""/sources: the indexed articles with outlet, date and story group."""
from __future__ import annotations

from bot.commands import errors
from bot.commands.context import Context
from bot.commands.request import Request
from bot.models import Source, SourcesAnswer


def run(ctx: Context, req: Request):
    if req.options:
        raise errors.UserError(errors.NO_OPTIONS.format(name="sources", option=sorted(req.options)[0]))
    stories = ctx.stories
    articles = []
    for meta in ctx.articles.values():
        articles.append(
            Source(
                article_id=meta.id,
                title=meta.title,
                outlet=meta.outlet,
                published=meta.published,
                published_inferred=meta.inferred and meta.published is not None,
                published_range=[meta.earliest or "", meta.latest or ""] if meta.inferred and meta.earliest else None,
                story=meta.story,
                story_size=len(stories.get(meta.story, [meta.id])),
            )
        )
    return SourcesAnswer(articles=articles)
