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

from adapters.discord_commands import build_tree
from adapters.discord_delivery import answer_message, deliver
from adapters.discord_paging import PAGE_TIMEOUT
from adapters.discord_render import NO_MENTIONS, render
from adapters.discord_sync import sync_commands

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
        self.newsdesk.digests.register("discord", self.deliver_digest)
        try:
            await sync_commands(self.tree, self.settings.discord_guild_id)
        except discord.HTTPException as exc:
            log.error(
                "could not register the slash commands: %s. Was the bot invited with the applications.commands "
                "scope (newsdesk discord invite)? @mentions and DMs still work.",
                exc,
            )

    async def deliver_digest(self, subscription, digest) -> bool:
        """The Discord deliverer of ``bot.digest.scheduler``: True once Discord accepted every message."""
        return await deliver(self, int(subscription.channel), render(digest))

    async def close(self) -> None:
        self.newsdesk.digests.unregister("discord")
        await super().close()

    async def on_ready(self) -> None:
        log.info("logged in to Discord as %s (%s)", self.user, self.user.id if self.user else "?")

    async def on_message(self, message: discord.Message) -> None:
        if self.user is None or message.author.bot or message.author.id == self.user.id:
            return
        question = question_in(message, self.user.id)
        if question is not None:
            await answer_message(message, self.newsdesk, question, self.page_timeout)


class NewsdeskClient(NewsdeskHandlers, discord.Client):
    """The client ``serve`` runs: newsdesk over one gateway connection."""
