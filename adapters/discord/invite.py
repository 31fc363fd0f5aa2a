"""The link that adds the bot to a server, asking for no more permissions than it uses.

The bot reads channels and message history (to reply to a mention), sends
messages, also in threads, with embeds; nothing else. ``applications.commands``
lets the server show its slash commands.
"""
from __future__ import annotations

import aiohttp
import discord

from adapters.discord.endpoints import point_at

PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
SCOPES = ("bot", "applications.commands")


class ApplicationLookupError(Exception):
    """The application id could not be had from Discord; the message says why, for the user."""


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


async def fetch_application_id(settings) -> int:
    """The application id behind ``DISCORD_TOKEN`` (``GET /oauth2/applications/@me``, via a login)."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        raise ApplicationLookupError("DISCORD_TOKEN is not set")
    point_at(settings)
    client = discord.Client(intents=discord.Intents.none())
    try:
        async with client:
            await client.login(settings.discord_token.get_secret_value())
            return client.application_id
    except discord.LoginFailure:
        raise ApplicationLookupError("Discord refused DISCORD_TOKEN (401 Unauthorized)") from None
    except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
        raise ApplicationLookupError(f"could not ask {settings.discord_api_url} for the application: {exc}") from None
