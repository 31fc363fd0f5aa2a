"""/sources: the indexed articles with outlet, date and story group; for an admin, the files not indexed and why.

The list of articles is frozen and depends only on the index, so it is built once per index generation;
the problems are read each time (a skipped file changes no article). An admin is a caller who may
manage the channel (``Caller.can_manage``), the console, or the command line (no caller).
"""
from __future__ import annotations

from bot import errors
from bot.commands.request import Request
from bot.models import Source, SourceProblem, SourcesAnswer
from bot.query.context import Context


def run(ctx: Context, req: Request):
    if req.options:
        raise errors.UserError(errors.NO_OPTIONS.format(name="sources", option=sorted(req.options)[0]))
    answer = _articles(ctx)
    caller = req.caller
    if caller is not None and not caller.can_manage and caller.platform not in ("console", "cli"):
        return answer
    problems = [SourceProblem(name=r["name"], reason=r["reason"], indexed=bool(r["indexed"]))
                for r in ctx.repo.problems()]
    return answer.model_copy(update={"problems": problems}) if problems else answer


def _articles(ctx: Context) -> SourcesAnswer:
    cached = ctx.__dict__.get("sources_answer")
    if cached is not None and cached[0] is ctx.articles:
        return cached[1]
    stories = ctx.stories
    articles = []
    for meta in sorted(ctx.articles.values(), key=lambda m: m.id):  # by id (a new article is last in the cache)
        articles.append(
            Source(
                article_id=meta.id,
                title=meta.title,
                outlet=meta.outlet,
                published=meta.published,
                published_inferred=meta.inferred and (meta.published or meta.earliest) is not None,
                published_range=[meta.earliest or "", meta.latest or ""] if meta.inferred and meta.earliest else None,
                story=meta.story,
                story_size=len(stories.get(meta.story, [meta.id])),
                url=meta.url,
            )
        )
    answer = SourcesAnswer(articles=articles)
    ctx.__dict__["sources_answer"] = (ctx.articles, answer)  # frozen, so one per index generation
    return answer
