"""The command registry: every command declared once, for every platform.

/help, the router, Discord's application commands and the Slack manifest are
all generated from this table, so a command exists in exactly one place.
"""
from __future__ import annotations

from collections.abc import Callable

from bot.commands import add, digest, feed, question, quote, search, sources, timeline, who
from bot.commands.request import Request
from bot.commands.spec import MANAGE_DIGESTS, Command, Param, Subcommand
from bot.models import CommandHelp, HelpAnswer
from bot.query.context import Context

__all__ = ["COMMANDS", "BY_NAME", "QUESTION", "QUESTION_KINDS", "ALL_OPTIONS"]


def _help(ctx: Context, req: Request) -> HelpAnswer:
    return HelpAnswer(
        commands=[CommandHelp(name=c.name, usage=c.usage, summary=c.description, example=c.example) for c in COMMANDS]
        + [
            CommandHelp(
                name="ask",
                usage="<question>",
                summary="Ask in plain words (or @mention the bot); the answer quotes and cites the articles.",
                example="What did Merz announce on January 16?",
            )
        ]
    )


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE = "YYYY-MM-DD (or YYYY-MM, YYYY)."

COMMANDS: tuple[Command, ...] = (
    Command(
        "who", "A person: names and spellings, roles, articles, quotes, people seen with them.",
        "/who <name>", "/who Witkoff", who.run, frozenset({"person", "choices", "not_found", "error"}),
        params=(Param("name", "person", "The person's name (any spelling).", required=True, autocomplete="person"),),
    ),
    Command(
        "quote", "Quotes on a topic, most relevant first, with speaker and source.",
        "/quote <topic> [by:<name>]", "/quote conditions by:Rudenko", quote.run,
        frozenset({"quotes", "choices", "not_found", "error"}),
        params=(
            Param("topic", "text", "What the quotes are about."),
            Param("by", "person", "Only quotes by this person.", keyed=True, autocomplete="person"),
        ),
    ),
    Command(
        "timeline", "Dated events in order, each with every article that reports it.",
        "/timeline [topic or name] [from:YYYY-MM-DD] [to:YYYY-MM-DD]", "/timeline Anchorage", timeline.run,
        frozenset({"timeline", "not_found", "error"}),
        params=(
            Param("topic", "text", "A topic, place or name (leave empty for every event)."),
            Param("from", "date", f"Earliest date, {_DATE}", keyed=True),
            Param("to", "date", f"Latest date, {_DATE}", keyed=True),
        ),
    ),
    Command(
        "search", "Articles that mention the words, best first, with a snippet.",
        "/search <words>", "/search Abu Dhabi", search.run, frozenset({"search", "not_found", "error"}),
        params=(Param("query", "text", "The words to look for.", required=True),),
    ),
    Command(
        "sources", "The indexed articles with outlet, date and story group.",
        "/sources", "/sources", sources.run, frozenset({"sources", "error"}),
    ),
    Command(
        "digest", "Scheduled digests of what is new, posted to this channel; now previews the next one to you.",
        "/digest subscribe [daily|weekly|cron:\"0 9 * * 1-5\"] [at:09:00] [tz:Europe/Berlin] [topic:<words>]"
        " | list | unsubscribe [number] | now",
        "/digest subscribe daily at:09:00 tz:Europe/Berlin", digest.run,
        frozenset({"subscriptions", "digest", "error"}),
        subcommands=(
            Subcommand(
                "subscribe", "Post a digest of what is new to this channel on a schedule.",
                params=(
                    Param("schedule", "choice", "daily (default) or weekly.",
                          choices=(("daily", "daily"), ("weekly", "weekly"))),
                    Param("weekday", "choice", "For weekly digests: the day (default Monday).",
                          choices=tuple((day, day[:3].lower()) for day in _WEEKDAYS)),
                    Param("at", "text", "Time of day, HH:MM (default 09:00).", keyed=True, bounds=(1, 5)),
                    Param("tz", "text", "Time zone, e.g. Europe/Berlin (default UTC).", keyed=True, bounds=(1, 64)),
                    Param("topic", "text", "Only news on these words or this person.", keyed=True),
                    Param("cron", "text", "Instead of schedule and at: a cron expression, e.g. 0 9 * * 1-5.",
                          keyed=True, bounds=(9, 100)),
                ),
                rights=MANAGE_DIGESTS,
            ),
            Subcommand("list", "This server's digest subscriptions."),
            Subcommand(
                "unsubscribe", "Stop a digest.",
                params=(Param("number", "integer",
                              "The subscription's number from /digest list (default: this channel's only one)."),),
                rights=MANAGE_DIGESTS,
            ),
            Subcommand("now", "Preview the next digest of this channel; only you see it."),
        ),
        audience="asker",
    ),
    Command(
        "feed", "Feeds (RSS, Atom, JSON Feed) newsdesk follows: their articles are indexed as they appear.",
        "/feed add <URL> | list | remove <number>", "/feed add https://example.com/rss.xml", feed.run,
        frozenset({"feeds", "error"}),
        subcommands=(
            Subcommand(
                "add", "Follow a feed (or the feed a page advertises); its articles are indexed.",
                params=(Param("url", "text", "The feed's or the site's address.", required=True, bounds=(8, 2000)),),
                rights=MANAGE_DIGESTS,
            ),
            Subcommand("list", "The feeds followed, each with its state, last success or error, next poll."),
            Subcommand(
                "remove", "Stop following a feed (its articles stay indexed).",
                params=(Param("number", "integer", "The feed's number from /feed list.", required=True),),
                rights=MANAGE_DIGESTS,
            ),
        ),
    ),
    Command(
        "add", "Index one article from its address; the reply names its title, outlet and date.",
        "/add <URL>", "/add https://example.com/news/article.html", add.run, frozenset({"feeds", "error"}),
        params=(Param("url", "text", "The article's address (http or https).", required=True, bounds=(8, 2000)),),
    ),
    Command(
        "help", "What newsdesk can answer, with an example of each command.",
        "/help", "/help", _help, frozenset({"help", "error"}),
    ),
)

BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
QUESTION: Callable[[Context, Request], object] = question.run
QUESTION_KINDS = frozenset({"answer", "error"})  # what a question in plain words may be answered with
ALL_OPTIONS = frozenset().union(*(c.options for c in COMMANDS))
