"""The slash commands, generated from the core's command registry.

Each registry command (and each /digest subcommand) becomes an application
command whose options are its typed parameters. The callback hands the
option values to the core as a typed request (``Command.request``), so a
value is never read as text: a query ``from: Moscow`` is searched for as it
is. Validation and every answer stay in the core.
"""
from __future__ import annotations

import asyncio
import inspect
import keyword
import logging
from typing import Optional

import discord
from discord import app_commands

from adapters.discord import texts
from adapters.discord.delivery import answer_interaction
from adapters.discord.render import render
from bot.commands.registry import COMMANDS
from bot.commands.request import Caller, Request
from bot.commands.spec import Command, Param, Subcommand
from bot.models import ErrorAnswer

log = logging.getLogger(__name__)

MAX_CHOICES = 25  # Discord's limit on autocomplete choices
CHOICE_LENGTH = 100  # Discord's limit on a choice's name and string value


async def person_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: people whose name starts with what is typed (answered at once; no deferral exists)."""
    names = await asyncio.to_thread(interaction.client.newsdesk.complete_person, current, MAX_CHOICES)
    return [
        app_commands.Choice(name=n[:CHOICE_LENGTH], value=n[:CHOICE_LENGTH]) for n in names[:MAX_CHOICES] if n
    ]


AUTOCOMPLETE = {"person": person_names}  # a parameter's autocomplete source → its callback


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


async def _answer(interaction: discord.Interaction, request: Request, ephemeral: bool) -> None:
    client = interaction.client  # a NewsdeskClient: it carries the Newsdesk and the page timeout
    await answer_interaction(
        interaction, client.newsdesk, request, client.page_timeout, caller=caller_of(interaction), ephemeral=ephemeral
    )


def _python_name(param: Param) -> str:
    """The callback's argument for ``param``: ``from`` is a Python keyword, so ``from_`` (renamed back for Discord)."""
    return f"{param.name}_" if keyword.iskeyword(param.name) else param.name


def _annotation(param: Param):
    """The discord.py annotation that gives the option its type, bounds and required flag."""
    low, high = param.limits
    if param.kind == "choice":
        annotation = app_commands.Choice[str]
    elif param.kind == "integer":
        annotation = app_commands.Range[int, low, high]
    else:
        annotation = app_commands.Range[str, low, high]
    return annotation if param.required else Optional[annotation]


def _callback(command: Command, sub: Subcommand | None):
    """An interaction callback whose signature declares the parameters of ``command`` (or of its ``sub``)."""
    params = sub.params if sub else command.params
    names = {_python_name(p): p.name for p in params}

    async def callback(interaction: discord.Interaction, **values) -> None:
        typed = {names[k]: v.value if isinstance(v, app_commands.Choice) else v for k, v in values.items()}
        request = command.request(typed, sub.name if sub else None)
        await _answer(interaction, request, ephemeral=command.audience == "asker")

    callback.__name__ = callback.__qualname__ = "_".join(filter(None, (command.name, sub and sub.name)))
    callback.__signature__ = inspect.Signature([
        inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction),
        *(
            inspect.Parameter(_python_name(p), inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(p),
                              default=inspect.Parameter.empty if p.required else None)
            for p in params
        ),
    ])
    app_commands.describe(**{_python_name(p): p.description for p in params})(callback)
    app_commands.rename(**{py: name for py, name in names.items() if py != name})(callback)
    app_commands.choices(**{
        _python_name(p): [app_commands.Choice(name=label, value=value) for label, value in p.choices]
        for p in params if p.choices
    })(callback)
    app_commands.autocomplete(**{_python_name(p): AUTOCOMPLETE[p.autocomplete] for p in params if p.autocomplete})(
        callback
    )
    return callback


def _description(sub: Subcommand) -> str:
    return texts.NEEDS_RIGHTS.format(description=sub.description.removesuffix(".")) if sub.rights else sub.description


def application_command(command: Command) -> app_commands.Command | app_commands.Group:
    """``command`` as a Discord application command: a group of subcommands, or a command with options."""
    if not command.subcommands:
        return app_commands.Command(name=command.name, description=command.description, callback=_callback(command, None))
    group = app_commands.Group(name=command.name, description=command.description)
    for sub in command.subcommands:
        group.add_command(
            app_commands.Command(name=sub.name, description=_description(sub), callback=_callback(command, sub), parent=group)
        )
    return group


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
    """A command tree holding every registry command, usable in servers and in DMs with the bot."""
    tree = NewsdeskTree(
        client,
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )
    for command in COMMANDS:
        tree.add_command(application_command(command))
    return tree
