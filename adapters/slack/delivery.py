"""Getting a page of an answer to Slack, and knowing whether it got there.

Two roads: ``chat.postMessage`` (mention and DM replies, "More" pages in a
thread; scheduled digests have their own in ``adapters.slack.digest``) and an interaction's ``response_url``
(slash commands, which may be typed in channels the bot is not a member of).
Both return whether Slack accepted the message; failures are logged here
with what Slack said, so callers decide what to do, not how to find out.
"""
from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.paging import Message

__all__ = ["post_message", "respond_message"]

log = logging.getLogger(__name__)


async def post_message(client: AsyncWebClient, channel: str, message: Message, thread_ts: str | None = None) -> bool:
    """Post ``message`` to ``channel`` (as a reply in ``thread_ts`` if given); True if Slack accepted it.

    Rate limits (429) are waited out and retried by the client's retry
    handler; what still fails (``not_in_channel``, ``invalid_blocks``, a
    network error) is logged and gives False. ``link_names`` is off so that
    nothing in the text can be turned into a mention.
    """
    try:
        response = await client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks,
            link_names=False,
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackClientError as exc:
        error = getattr(exc, "response", None)
        log.warning("chat.postMessage to %s failed: %s", channel, error.get("error") if error is not None else exc)
        return False
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        log.warning("chat.postMessage to %s failed: %r", channel, exc)
        return False
    return bool(response.get("ok"))


async def respond_message(respond, message: Message) -> bool:
    """Send ``message`` through the interaction's ``response_url`` (bolt's ``respond``); True if accepted."""
    try:
        response = await respond(
            text=message.text,
            blocks=message.blocks,
            response_type=message.response_type,
            replace_original=False,
            unfurl_links=False,
            unfurl_media=False,
        )
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        log.warning("response_url failed: %r", exc)
        return False
    if response.status_code != 200:
        log.warning("response_url refused the answer: %s %s", response.status_code, response.body)
        return False
    return True
