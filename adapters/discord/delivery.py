"""Getting an answer to Discord: as a slash-command follow-up, as a reply to a mention, or into a channel.

Slash commands ask with a typed request, mentions with their text. All three
ask the core off the event loop (``Newsdesk.ask`` is synchronous and may take
a second or two), render with ``render`` and send with
``AllowedMentions.none()``, because answers carry article text.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import discord

from adapters.discord import texts
from adapters.discord.paging import Pager
from adapters.discord.render import NO_MENTIONS, batches, render
from bot.commands.request import Caller, Request
from bot.models import ErrorAnswer

log = logging.getLogger(__name__)


async def answer_pages(newsdesk, asked: str | Request, caller: Caller | None = None) -> list[discord.Embed]:
    """The rendered answer to ``asked`` (text, or a typed request); on any failure the traceback is logged and the
    user gets an apology."""
    try:
        return render(await asyncio.to_thread(newsdesk.ask, asked, caller))
    except Exception:
        log.exception("failed to answer %r", asked)
        return render(ErrorAnswer(message=texts.APOLOGY))


def _pager(pages: Sequence[discord.Embed], owner: discord.abc.User, timeout: float) -> Pager | None:
    """Previous/Next buttons for an answer longer than one page."""
    return Pager(pages, owner, timeout) if len(pages) > 1 else None


async def answer_interaction(
    interaction: discord.Interaction, newsdesk, request: Request, page_timeout: float,
    caller: Caller | None = None, ephemeral: bool = False,
) -> None:
    """Defer at once (Discord wants a response within 3 s), then put the answer to ``request`` in place of "thinking…".

    ``ephemeral``: only the user who asked sees the answer (chosen at the deferral, as Discord requires).
    """
    await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    pages = await answer_pages(newsdesk, request, caller)
    pager = _pager(pages, interaction.user, page_timeout)
    if pager:
        pager.shown_by = interaction
    await interaction.edit_original_response(embed=pages[0], view=pager, allowed_mentions=NO_MENTIONS)


async def answer_message(
    message: discord.Message, newsdesk, text: str, page_timeout: float, caller: Caller | None = None
) -> None:
    """Reply to ``message`` (a message reference, so the answer sits under the question)."""
    pages = await answer_pages(newsdesk, text, caller)
    pager = _pager(pages, message.author, page_timeout)
    reply = await message.reply(embed=pages[0], view=pager, allowed_mentions=NO_MENTIONS)
    if pager:
        pager.shown_by = reply


async def deliver(client: discord.Client, channel_id: int, pages: Sequence[discord.Embed]) -> bool:
    """Post rendered pages to a channel, in as few messages as Discord allows; True when Discord accepted all.

    For answers nobody is waiting on (scheduled digests): there is no one to
    page for, so every page is sent. A refusal (unknown channel, missing
    permission, rate limit beyond discord.py's retries) is logged, not raised.
    """
    channel = client.get_partial_messageable(channel_id)
    try:
        for embeds in batches(pages):
            await channel.send(embeds=embeds, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning("Discord refused a message to channel %s: %s", channel_id, exc)
        return False
    return True
