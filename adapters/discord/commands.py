"""The slash commands: Discord options in, the core's command text out.

Each command only turns its options into the text the core parses
(``/quote conditions by: Rudenko``) and hands it to ``answer_interaction``;
parsing, validation and every answer stay in the core, so the console, Slack
and Discord answer the same text the same way.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Optional

import discord
from discord import app_commands

from adapters.discord import texts
from adapters.discord.delivery import answer_interaction
from adapters.discord.render import render
from bot.commands.request import Caller
from bot.models import ErrorAnswer

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord's limit on autocomplete choices
CHOICE_LENGTH = 100  # Discord's limit on a choice's name and string value

Name = app_commands.Range[str, 1, 100]
Words = app_commands.Range[str, 1, 200]
Date = app_commands.Range[str, 4, 10]


def command_text(name: str, argument: str | None = None, **options: str | None) -> str:
    """``command_text("quote", "conditions", by="Rudenko")`` → ``/quote conditions by: Rudenko``."""
    parts = [f"/{name}"]
    if argument and argument.strip():
        parts.append(argument.strip())
    parts += [f"{key}: {value.strip()}" for key, value in options.items() if value and value.strip()]
    return " ".join(parts)


async def _answer(interaction: discord.Interaction, text: str) -> None:
    client = interaction.client  # a NewsdeskClient: it carries the Newsdesk and the page timeout
    await answer_interaction(interaction, client.newsdesk, text, client.page_timeout, caller=caller_of(interaction))


async def person_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: people whose name starts with what is typed (answered at once; no deferral exists)."""
    names = await asyncio.to_thread(interaction.client.newsdesk.complete_person, current, MAX_CHOICES)
    return [
        app_commands.Choice(name=n[:CHOICE_LENGTH], value=n[:CHOICE_LENGTH]) for n in names[:MAX_CHOICES] if n
    ]


@app_commands.command(name="who", description=texts.WHO)
@app_commands.describe(name=texts.WHO_NAME)
@app_commands.autocomplete(name=person_names)
async def who(interaction: discord.Interaction, name: Name) -> None:
    await _answer(interaction, command_text("who", name))


@app_commands.command(name="quote", description=texts.QUOTE)
@app_commands.describe(topic=texts.QUOTE_TOPIC, by=texts.QUOTE_BY)
@app_commands.autocomplete(by=person_names)
async def quote(interaction: discord.Interaction, topic: Optional[Words] = None, by: Optional[Name] = None) -> None:
    await _answer(interaction, command_text("quote", topic, by=by))


@app_commands.command(name="timeline", description=texts.TIMELINE)
@app_commands.describe(topic=texts.TIMELINE_TOPIC, from_=texts.TIMELINE_FROM, to=texts.TIMELINE_TO)
@app_commands.rename(from_="from")
async def timeline(
    interaction: discord.Interaction,
    topic: Optional[Words] = None,
    from_: Optional[Date] = None,
    to: Optional[Date] = None,
) -> None:
    await _answer(interaction, command_text("timeline", topic, **{"from": from_, "to": to}))


@app_commands.command(name="search", description=texts.SEARCH)
@app_commands.describe(query=texts.SEARCH_QUERY)
async def search(interaction: discord.Interaction, query: Words) -> None:
    await _answer(interaction, command_text("search", query))


@app_commands.command(name="sources", description=texts.SOURCES)
async def sources(interaction: discord.Interaction) -> None:
    await _answer(interaction, command_text("sources"))


@app_commands.command(name="help", description=texts.HELP)
async def help_(interaction: discord.Interaction) -> None:
    await _answer(interaction, command_text("help"))


def caller_of(interaction: discord.Interaction) -> Caller:
    """Where a command came from, and whether the user may change digests there (Manage Server or Manage Channels).

    ``interaction.permissions`` are the member's resolved permissions in that
    channel, sent by Discord with the interaction. In a DM there is no
    channel to post to, and no rights.
    """
    guild = interaction.guild_id
    name = getattr(interaction.channel, "name", None) if guild else None
    perms = interaction.permissions
    return Caller(
        platform="discord",
        workspace=str(guild) if guild else None,
        channel=str(interaction.channel_id) if guild and interaction.channel_id else None,
        channel_name=f"#{name}" if name else None,
        user=str(interaction.user.id),
        can_manage=bool(guild and (perms.manage_guild or perms.manage_channels)),
    )


async def _answer_digest(interaction: discord.Interaction, text: str) -> None:
    """/digest answers go only to the user who asked: a preview, a list, a confirmation or a refusal."""
    client = interaction.client
    await answer_interaction(
        interaction, client.newsdesk, text, client.page_timeout, caller=caller_of(interaction), ephemeral=True
    )


digest = app_commands.Group(name="digest", description=texts.DIGEST)


@digest.command(name="subscribe", description=texts.DIGEST_SUBSCRIBE)
@app_commands.describe(
    schedule=texts.DIGEST_SCHEDULE, weekday=texts.DIGEST_WEEKDAY, at=texts.DIGEST_AT, tz=texts.DIGEST_TZ,
    topic=texts.DIGEST_TOPIC, cron=texts.DIGEST_CRON,
)
@app_commands.choices(
    schedule=[app_commands.Choice(name=n, value=n) for n in ("daily", "weekly")],
    weekday=[app_commands.Choice(name=d, value=d[:3].lower()) for d in
             ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")],
)
async def digest_subscribe(
    interaction: discord.Interaction,
    schedule: Optional[app_commands.Choice[str]] = None,
    weekday: Optional[app_commands.Choice[str]] = None,
    at: Optional[app_commands.Range[str, 1, 5]] = None,
    tz: Optional[app_commands.Range[str, 1, 64]] = None,
    topic: Optional[Words] = None,
    cron: Optional[app_commands.Range[str, 9, 100]] = None,
) -> None:
    frequency = " ".join(x.value for x in (schedule, weekday) if x is not None)
    if weekday is not None and schedule is None:
        frequency = f"weekly {weekday.value}"
    await _answer_digest(
        interaction, command_text("digest", f"subscribe {frequency}", at=at, tz=tz, topic=topic, cron=cron)
    )


@digest.command(name="list", description=texts.DIGEST_LIST)
async def digest_list(interaction: discord.Interaction) -> None:
    await _answer_digest(interaction, command_text("digest", "list"))


@digest.command(name="unsubscribe", description=texts.DIGEST_UNSUBSCRIBE)
@app_commands.describe(number=texts.DIGEST_NUMBER)
async def digest_unsubscribe(interaction: discord.Interaction, number: Optional[app_commands.Range[int, 1]] = None) -> None:
    await _answer_digest(interaction, command_text("digest", f"unsubscribe {number or ''}"))


@digest.command(name="now", description=texts.DIGEST_NOW)
async def digest_now(interaction: discord.Interaction) -> None:
    await _answer_digest(interaction, command_text("digest", "now"))


COMMANDS = (who, quote, timeline, search, sources, help_, digest)


class NewsdeskTree(app_commands.CommandTree):
    """The command tree; a failure inside a command is logged and answered with an apology, never silent."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        name = interaction.command.name if interaction.command else "?"
        log.error("/%s failed", name, exc_info=error)
        apology = render(ErrorAnswer(message=texts.APOLOGY))[0]
        try:
            if interaction.response.is_done():
                await interaction.followup.send(embed=apology, ephemeral=True)
            else:
                await interaction.response.send_message(embed=apology, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not apologise for /%s either", name)


def build_tree(client: discord.Client) -> NewsdeskTree:
    """A command tree holding the commands, usable in servers and in DMs with the bot."""
    tree = NewsdeskTree(
        client,
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )
    for command in COMMANDS:
        tree.add_command(command)
    return tree
