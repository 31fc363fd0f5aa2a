"""The Discord adapter, loaded by ``newsdesk run`` (entry point ``discord``) when DISCORD_TOKEN is set.

This module is the adapter's contract and nothing more: ``configured``,
``serve``, ``deliver`` (a rendered answer to a channel, for callers with no
interaction to answer, such as scheduled digests) and the invite link. The
work is in the modules beside it: ``client`` (events), ``commands`` (slash
commands), ``render`` (embeds), ``paging``, ``delivery``, ``sync``, ``invite``.
"""
from __future__ import annotations

import logging

import discord

from adapters.discord.client import NewsdeskClient, ShardedNewsdeskClient, build_client
from adapters.discord.delivery import deliver
from adapters.discord.endpoints import point_at
from adapters.discord.invite import ApplicationLookupError, fetch_application_id, invite_url
from adapters.discord.render import render

__all__ = [
    "configured", "serve", "deliver", "render", "invite_url", "fetch_application_id", "ApplicationLookupError",
    "NewsdeskClient", "ShardedNewsdeskClient",
]

log = logging.getLogger(__name__)


def configured(settings) -> bool:
    """True when a Discord bot token is set (DISCORD_TOKEN)."""
    return settings.discord_token is not None and bool(settings.discord_token.get_secret_value().strip())


async def serve(newsdesk, settings) -> None:
    """Log in, register the commands when changed, and answer until cancelled; the connection is closed on the way out.

    A refused token is logged and ends only this adapter, so other platforms
    served beside it keep running.
    """
    point_at(settings)
    try:
        client = build_client(newsdesk, settings)
    except ValueError as exc:
        log.error("Discord not started: %s", exc)
        return
    async with client:
        try:
            await client.start(settings.discord_token.get_secret_value())
        except discord.LoginFailure:
            log.error("Discord refused DISCORD_TOKEN; check the bot token on the developer portal (Bot > Reset Token)")
