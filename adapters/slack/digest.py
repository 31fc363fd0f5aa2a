"""Posting a scheduled digest to a Slack channel: the Slack deliverer of ``bot.digest.scheduler``.

The digest is rendered like any answer and posted with ``chat.postMessage``,
its slot's key in the message ``metadata`` (event type ``newsdesk_digest``).
Slack has no idempotency key of its own, so exactly once rests on two things:

- the post is never repeated blindly: this client has no connection-error
  retry (slack_sdk's would post again after a dropped connection, which Slack
  may have acted on), only the 429 retry (a rate-limited call posted nothing),
  and a call slower than ``digest_post_timeout`` raises, which the scheduler
  records as an unknown outcome, never as a refusal;
- after an unknown outcome the scheduler calls ``find``: the channel's recent
  history (``conversations.history`` with ``include_all_metadata``, needing
  ``channels:history`` / ``groups:history``) is searched for the key, and
  the slot is posted again only when it is not there.

``{"ok": false}`` from Slack is a refusal (``Refused``): nothing was posted; a 5xx is an unknown outcome.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.paging import page
from adapters.slack.render import render
from bot.digest.posting import Refused

__all__ = ["SlackDigests", "deliverer", "EVENT_TYPE"]

log = logging.getLogger(__name__)

EVENT_TYPE = "newsdesk_digest"
HISTORY_PAGE = 200  # messages per conversations.history call
HISTORY_PAGES = 3  # how far back a post is looked for: the slot was posted minutes or hours ago, not 600 messages
RATE_LIMIT_RETRIES = 2


class SlackDigests:
    """``find`` and ``post`` (bot.digest.posting) on Slack, through a client of their own (see the module)."""

    def __init__(self, client: AsyncWebClient, commands: Mapping[str, str], timeout: float = 30.0) -> None:
        self.commands = commands
        self.client = AsyncWebClient(
            token=client.token,
            base_url=client.base_url,
            timeout=timeout,  # type: ignore[arg-type]  (aiohttp takes seconds as a float)
            logger=client.logger,
            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
        )

    async def post(self, subscription, digest, key: str) -> None:
        message = page(render(digest, self.commands), "", 1)
        try:
            response = await self.client.chat_postMessage(
                channel=subscription.channel,
                text=message.text,
                blocks=message.blocks,
                link_names=False,
                unfurl_links=False,
                unfurl_media=False,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key, "subscription": subscription.id}},
            )
        except SlackApiError as exc:
            if getattr(exc.response, "status_code", 200) >= 500:
                raise  # Slack failed on its side: it may have posted; an unknown outcome
            raise Refused(_error(exc)) from None  # Slack answered {"ok": false}: not posted
        if not response.get("ok"):
            raise Refused(str(response.get("error") or "not ok"))

    async def find(self, subscription, key: str) -> bool:
        cursor = None
        for _ in range(HISTORY_PAGES):
            try:
                response = await self.client.conversations_history(
                    channel=subscription.channel, limit=HISTORY_PAGE, include_all_metadata=True, cursor=cursor
                )
            except SlackApiError as exc:
                error = _error(exc)
                if error == "missing_scope":
                    log.error(
                        "conversations.history in %s: missing_scope; a digest whose post timed out cannot be checked "
                        "in the channel until the app has channels:history (and groups:history for private channels)",
                        subscription.channel,
                    )
                raise Refused(f"conversations.history: {error}") from None
            for message in response.get("messages") or []:
                metadata = message.get("metadata") or {}
                if metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key:
                    return True
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not response.get("has_more") or not cursor:
                return False
        return False


def _error(exc: SlackApiError) -> str:
    response = getattr(exc, "response", None)
    return str(response.get("error")) if response is not None else str(exc)


def deliverer(client: AsyncWebClient, commands: Mapping[str, str], timeout: float = 30.0) -> SlackDigests:
    """The Slack deliverer for ``newsdesk.digests.register("slack", ...)``; ``timeout``: seconds per Slack call."""
    return SlackDigests(client, commands, timeout)
