"""/feed add URL | list | remove N: the feeds newsdesk follows (bot/sources/).

Adding or removing a feed needs the same rights as changing digests
(``Caller.can_manage``); a workspace or guild sees and removes only the feeds
added in it (the console and the command line see all). A feed is checked
when it is added (``bot.sources.following.follow``) and refused with the
reason when it gives no feed; its items are indexed by the next poll.
"""
from __future__ import annotations

from bot import errors
from bot.commands.request import Caller, Request
from bot.models import FeedInfo, FeedsAnswer
from bot.query.context import Context
from bot.store.feed_store import FeedRow, FeedStore

_CLI = Caller(platform="cli")
_EVERYWHERE = ("console", "cli")


def run(ctx: Context, req: Request):
    caller = req.caller or _CLI
    action, _, rest = req.text.partition(" ")
    action, rest = action.lower() or "list", rest.strip()
    if req.options:
        raise errors.UserError(errors.NO_OPTIONS.format(name=f"feed {action}", option=sorted(req.options)[0]))
    if action == "list":
        return listing(ctx, caller)
    if action == "add":
        return _add(ctx, caller, rest)
    if action == "remove":
        return _remove(ctx, caller, rest)
    raise errors.UserError(errors.FEED_USAGE)


def _workspace(caller: Caller) -> str | None:
    return None if caller.platform in _EVERYWHERE else (caller.workspace or "")


def info(store: FeedStore, feed: FeedRow) -> FeedInfo:
    from bot.sources.following import feed_state, when

    state = feed_state(feed)
    return FeedInfo(
        number=feed.id,
        url=feed.url,
        title=feed.title,
        state=state,
        last_success=when(feed.last_success),
        last_error=feed.disabled or feed.last_error,
        next_poll=None if state == "disabled" else (when(feed.next_poll) if feed.next_poll else "due now"),
        articles=store.articles_of(feed.id),
    )


def listing(ctx: Context, caller: Caller, message: str | None = None) -> FeedsAnswer:
    store = FeedStore(ctx.repo)
    feeds = [info(store, f) for f in store.all(_workspace(caller))]
    if message is None:
        message = (f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''} followed:" if feeds
                   else "No feed is followed. Add one with /feed add https://example.com/rss.xml")
    return FeedsAnswer(message=message, feeds=feeds)


def _require_rights(caller: Caller) -> None:
    if not caller.can_manage and caller.platform not in _EVERYWHERE:
        raise errors.UserError(errors.FEED_NOT_ALLOWED)


def _add(ctx: Context, caller: Caller, url: str) -> FeedsAnswer:
    from bot.sources.fetch import shared_fetcher
    from bot.sources.following import Refused, follow

    _require_rights(caller)
    if not url:
        raise errors.UserError(errors.FEED_NO_URL)
    who = caller.user or caller.platform
    where = caller.channel_name or caller.channel
    try:
        row, parsed = follow(ctx.repo, shared_fetcher(ctx.settings), url.split()[0],
                             added_by=f"{who} in {where}" if where else who, platform=caller.platform,
                             workspace=_workspace(caller), channel=caller.channel)
    except Refused as exc:
        raise errors.UserError(errors.FEED_REFUSED.format(reason=exc.reason)) from None
    store = FeedStore(ctx.repo)
    items = len(parsed.entries)
    message = (f"Following #{row.id} {row.title or row.url}: {items} item{'s' if items != 1 else ''} now,"
               " indexed at the next poll (they are not news in digests; what is published from now on is).")
    return FeedsAnswer(message=message, feeds=[info(store, row)])


def _remove(ctx: Context, caller: Caller, number: str) -> FeedsAnswer:
    _require_rights(caller)
    token = number.split()[0].lstrip("#") if number else ""
    if not token.isdigit():
        raise errors.UserError(errors.FEED_NO_NUMBER)
    store = FeedStore(ctx.repo)
    feed = store.get(int(token))
    if feed is None or (_workspace(caller) is not None and feed.workspace != _workspace(caller)):
        raise errors.UserError(errors.FEED_UNKNOWN.format(number=token))
    store.remove(feed.id)
    return listing(ctx, caller, f"No longer following #{feed.id} {feed.title or feed.url}; its articles stay indexed.")
