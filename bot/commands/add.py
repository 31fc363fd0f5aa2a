"""/add URL: read one article page and index it; the reply names its title, outlet and date.

The address is untrusted input: it is checked (scheme, every address it
resolves to, on every redirect) and fetched with size and time caps by
``bot.sources.fetch``; robots.txt is honoured.
"""
from __future__ import annotations

from bot import errors
from bot.commands.request import Request
from bot.models import Citation, FeedsAnswer
from bot.query.context import Context


def run(ctx: Context, req: Request):
    from bot.sources.fetch import shared_fetcher
    from bot.sources.following import Refused, add_page

    if req.options:
        raise errors.UserError(errors.NO_OPTIONS.format(name="add", option=sorted(req.options)[0]))
    url = req.text.strip()
    if not url or " " in url:
        raise errors.UserError(errors.ADD_USAGE)
    try:
        added = add_page(ctx.repo, shared_fetcher(ctx.settings), url)
    except Refused as exc:
        raise errors.UserError(errors.ADD_REFUSED.format(reason=exc.reason)) from None
    ctx.invalidate()
    shown = f"{added.title} — {added.outlet or 'unknown outlet'}, {added.published or 'undated'}"
    message = f"Indexed: {shown}" if added.new else f"Already indexed: {shown}"
    return FeedsAnswer(
        message=message,
        articles=[Citation(article_id=added.article_id, title=added.title, outlet=added.outlet,
                           published=added.published, url=added.url)],
    )
