"""`newsdesk feeds add|list|remove|poll --once` and `newsdesk add URL` (registered by ``bot.cli``).

``feeds poll --once`` fetches every enabled feed now, indexes what is new and
exits 0 even when some feeds fail (each failure is a line on stderr and is
shown by ``feeds list``). Exit 2: a feed or page refused, with the reason.
"""
from __future__ import annotations

import sys

from bot.commands.request import Caller

__all__ = ["register"]

_CLI = Caller(platform="cli", user="cli", can_manage=True)


def register(sub, common, newsdesk, render) -> None:
    """Add the subcommands to ``sub``; ``common`` adds --corpus/--db, ``newsdesk(args)`` opens the index,
    ``render(answer)`` prints an answer for the console."""

    def run_feeds(args) -> int:
        nd = newsdesk(args)
        if args.feeds_command == "poll":
            return _poll(nd)
        from bot.commands.feed import listing, run
        from bot.commands.request import Request
        from bot.errors import UserError

        text = {"add": f"add {getattr(args, 'url', '')}", "remove": f"remove {getattr(args, 'feed', '')}",
                "list": "list"}[args.feeds_command]
        if args.feeds_command == "remove" and not str(args.feed).lstrip("#").isdigit():
            from bot.store.feed_store import FeedStore

            row = FeedStore(nd.repo).by_url(args.feed.strip())
            if row is None:
                print(f"newsdesk: no feed {args.feed!r} is followed; `newsdesk feeds list` shows them", file=sys.stderr)
                return 2
            text = f"remove {row.id}"
        try:
            answer = run(nd.context, Request("feed", text, caller=_CLI))
        except UserError as exc:
            print(f"newsdesk: {exc}", file=sys.stderr)
            return 2
        if args.feeds_command != "list":
            answer = answer if args.feeds_command == "add" else listing(nd.context, _CLI, answer.message)
        print(answer.model_dump_json(indent=2) if getattr(args, "json", False) else render(answer))
        return 0

    def run_add(args) -> int:
        from bot.commands.add import run
        from bot.commands.request import Request
        from bot.errors import UserError

        nd = newsdesk(args)
        try:
            answer = run(nd.context, Request("add", args.url.strip(), caller=_CLI))
        except UserError as exc:
            print(f"newsdesk: {exc}", file=sys.stderr)
            return 2
        print(answer.model_dump_json(indent=2) if args.json else render(answer))
        return 0

    p = sub.add_parser("feeds", help="feeds to follow: add, list, remove, poll --once")
    feeds_sub = p.add_subparsers(dest="feeds_command", required=True)
    q = feeds_sub.add_parser("add", help="follow a feed (RSS, Atom, JSON Feed, or a page that advertises one)")
    common(q)
    q.add_argument("url")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_feeds)
    q = feeds_sub.add_parser("list", help="the feeds followed, with their state")
    common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_feeds)
    q = feeds_sub.add_parser("remove", help="stop following a feed (by URL or number); its articles stay")
    common(q)
    q.add_argument("feed", help="the feed's URL or its number from `feeds list`")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_feeds)
    q = feeds_sub.add_parser("poll", help="fetch every feed now and index what is new")
    common(q)
    q.add_argument("--once", action="store_true", required=True, help="poll once and exit (the only mode)")
    q.set_defaults(func=run_feeds)
    p = sub.add_parser("add", help="index one article page from its URL")
    common(p)
    p.add_argument("url")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_add)


def _poll(nd) -> int:
    from bot.sources.fetch import Fetcher
    from bot.sources.polling import Poller

    fetcher = Fetcher.from_settings(nd.settings)
    try:
        report = Poller(nd.repo, fetcher, nd.settings.feed_poll_minutes * 60, owner=None).poll(force=True)
    finally:
        fetcher.close()
    if report.new:
        nd.repo.bump_generation()
    for outcome in report.outcomes:
        stream = sys.stderr if outcome.state in ("failed", "disabled") else sys.stdout
        print(outcome.line(), file=stream)
        for link, why in outcome.skipped:
            print(f"  skipped {link}: {why}", file=sys.stderr)
    feeds = len(report.outcomes)
    print(f"{feeds} feed{'s' if feeds != 1 else ''} polled, {report.new} new article{'s' if report.new != 1 else ''}"
          f" in {report.seconds:.1f} s")
    return 0
