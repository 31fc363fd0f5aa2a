"""Posting a scheduled digest to a Slack channel: the Slack deliverer of ``bot.digest.scheduler``.

The digest is rendered like any answer and posted with ``chat.postMessage``;
the scheduler is told True only when Slack accepted it (429s are waited out
by the client first), so a refused post is retried, never counted as sent.
"""
from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.delivery import post_message
from adapters.slack.paging import page
from adapters.slack.render import render

__all__ = ["deliverer"]


def deliverer(client: AsyncWebClient, commands: Mapping[str, str]):
    async def deliver(subscription, digest) -> bool:
        message = page(render(digest, commands), "", 1)
        return await post_message(client, subscription.channel, message)

    return deliver
