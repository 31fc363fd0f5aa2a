"""The command registry: name, usage, one example, handler and allowed options.

/help is generated from this table, and the router dispatches through it, so
a command exists in exactly one place.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.commands import digest, question, quote, search, sources, timeline, who
from bot.commands.request import Request
from bot.models import CommandHelp, HelpAnswer
from bot.query.context import Context


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    summary: str
    example: str
    handler: Callable[[Context, Request], object]
    options: frozenset[str] = frozenset()


def _help(ctx: Context, req: Request) -> HelpAnswer:
    return HelpAnswer(
        commands=[CommandHelp(name=c.name, usage=c.usage, summary=c.summary, example=c.example) for c in COMMANDS]
        + [
            CommandHelp(
                name="ask",
                usage="<question>",
                summary="Ask in plain words (or @mention the bot); the answer quotes and cites the articles.",
                example="What did Merz announce on January 16?",
            )
        ]
    )


COMMANDS: tuple[Command, ...] = (
    Command("who", "/who <name>", "A person: names and spellings, roles, articles, quotes, people seen with them.",
            "/who Witkoff", who.run),
    Command("quote", "/quote <topic> [by:<name>]", "Quotes on a topic, most relevant first, with speaker and source.",
            "/quote conditions by:Rudenko", quote.run, frozenset({"by"})),
    Command("timeline", "/timeline [topic or name] [from:YYYY-MM-DD] [to:YYYY-MM-DD]",
            "Dated events in order, each with every article that reports it.",
            "/timeline Anchorage", timeline.run, frozenset({"from", "to"})),
    Command("search", "/search <words>", "Articles that mention the words, best first, with a snippet.",
            "/search Abu Dhabi", search.run),
    Command("sources", "/sources", "The indexed articles with outlet, date and story group.", "/sources", sources.run),
    Command("digest", "/digest subscribe [daily|weekly|cron:\"0 9 * * 1-5\"] [at:09:00] [tz:Europe/Berlin] [topic:<words>]"
            " | list | unsubscribe [number] | now",
            "Scheduled digests of what is new, posted to this channel; now previews the next one to you.",
            "/digest subscribe daily at:09:00 tz:Europe/Berlin", digest.run, digest.OPTIONS),
    Command("help", "/help", "This list.", "/help", _help),
)

BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
QUESTION: Callable[[Context, Request], object] = question.run
ALL_OPTIONS = frozenset().union(*(c.options for c in COMMANDS))
