"""The discord.py client that serves newsdesk: slash commands, @mentions and DMs.

The behaviour lives in ``NewsdeskHandlers``, a mixin, so the same handlers can
run on ``discord.Client`` (one gateway connection, ``NewsdeskClient``) or, for
a bot in many servers, on ``discord.AutoShardedClient`` with ``shard_ids`` and
``shard_count`` passed through as keyword options.
"""
from __future__ import annotations

import logging
import re

import discord

from adapters.discord.commands import build_tree
from adapters.discord.delivery import answer_message
from adapters.discord.digest import DiscordDigests
from adapters.discord.paging import PAGE_TIMEOUT
from adapters.discord.render import NO_MENTIONS
from adapters.discord.sync import sync_commands
from bot.commands.request import Caller

log = logging.getLogger(__name__)


def question_in(message: discord.Message, bot_id: int) -> str | None:
    """The question a message puts to the bot, without the bot's mention; None when it is not for the bot.

    A message is for the bot when it mentions the bot or is a DM. Discord
    delivers the content of exactly those messages without the privileged
    message-content intent, so default intents suffice.
    """
    direct = isinstance(message.channel, discord.DMChannel)
    mentioned = any(user.id == bot_id for user in message.mentions)
    if not (direct or mentioned):
        return None
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", message.content).split())


def message_caller(message: discord.Message) -> Caller:
    """Where a mention or DM came from; rights as for /digest (Manage Server or Manage Channels in that channel)."""
    guild = message.guild
    can_manage = False
    if guild is not None and isinstance(message.author, discord.Member):
        perms = message.channel.permissions_for(message.author)
        can_manage = perms.manage_guild or perms.manage_channels
    name = getattr(message.channel, "name", None) if guild else None
    return Caller(
        platform="discord", workspace=str(guild.id) if guild else None,
        channel=str(message.channel.id) if guild else None, channel_name=f"#{name}" if name else None,
        user=str(message.author.id), can_manage=can_manage,
    )


class NewsdeskHandlers:
    """newsdesk on Discord: mix in before a discord.py client class (see the module docstring)."""

    def __init__(self, newsdesk, settings, *, page_timeout: float = PAGE_TIMEOUT, **options) -> None:
        options.setdefault("intents", discord.Intents.default())
        # newsdesk never joins voice: skip discord.py's start-up warnings about missing voice libraries
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(allowed_mentions=NO_MENTIONS, **options)
        self.newsdesk = newsdesk
        self.settings = settings
        self.page_timeout = page_timeout
        self.tree = build_tree(self)

    async def setup_hook(self) -> None:
        """After login, before the gateway: take on digest posts, register the commands (when changed)."""
        self.newsdesk.digests.register("discord", DiscordDigests(self, self.newsdesk.settings.digest_post_timeout))
        self.newsdesk.health_checks["discord"] = lambda: self.gateway_connected and not self.is_closed()
        try:
            await sync_commands(self.tree, self.settings.discord_guild_id)
        except discord.HTTPException as exc:
            log.error(
                "could not register the slash commands: %s. Was the bot invited with the applications.commands "
                "scope (newsdesk discord invite)? @mentions and DMs still work.",
                exc,
            )

    async def close(self) -> None:
        self.newsdesk.digests.unregister("discord")
        self.newsdesk.health_checks.pop("discord", None)
        await super().close()

    gateway_connected = False  # for /healthz: set on connect and resume, cleared on disconnect

    async def on_connect(self) -> None:
        self.gateway_connected = True

    async def on_resumed(self) -> None:
        self.gateway_connected = True

    async def on_disconnect(self) -> None:
        self.gateway_connected = False

    async def on_ready(self) -> None:
        log.info("logged in to Discord as %s (%s)", self.user, self.user.id if self.user else "?")

    async def on_message(self, message: discord.Message) -> None:
        if self.user is None or message.author.bot or message.author.id == self.user.id:
            return
        question = question_in(message, self.user.id)
        if question is not None:
            await answer_message(message, self.newsdesk, question, self.page_timeout, caller=message_caller(message))


class NewsdeskClient(NewsdeskHandlers, discord.Client):
    """The client ``serve`` runs: newsdesk over one gateway connection."""


class ShardedNewsdeskClient(NewsdeskHandlers, discord.AutoShardedClient):
    """newsdesk over several gateway shards (``NEWSDESK_DISCORD_SHARD_COUNT`` / ``_SHARD_IDS``), one instance each."""


def build_client(newsdesk, settings) -> NewsdeskHandlers:
    """The plain client, or the sharded one when shards are set; ValueError naming a bad shard setting."""
    count, ids = settings.discord_shard_count, settings.discord_shard_ids
    if count is None and ids is None:
        return NewsdeskClient(newsdesk, settings)
    if count is None or count < 1:
        raise ValueError("NEWSDESK_DISCORD_SHARD_IDS needs NEWSDESK_DISCORD_SHARD_COUNT (the total, at least 1)")
    ids = list(range(count)) if ids is None else ids
    bad = [i for i in ids if not 0 <= i < count]
    if bad or not ids:
        raise ValueError(f"NEWSDESK_DISCORD_SHARD_IDS={ids}: each must be from 0 to {count - 1}")
    return ShardedNewsdeskClient(newsdesk, settings, shard_ids=sorted(set(ids)), shard_count=count)
