"""Posting a scheduled digest to a Discord channel: the Discord deliverer of ``bot.digest.scheduler``.

Each message of a digest is sent with a ``nonce`` made of the slot's key and
the message's number; discord.py sends ``enforce_nonce`` with it, so Discord
itself returns the message already created, rather than a second one, when
the same nonce comes again within a few minutes (discord.py's own retries on
a reset connection or a 5xx, or the scheduler's next attempt). Discord keeps
a nonce only that long and does not return it with the channel's history,
so the key is also written into the message, as small print under the
digest (``-# digest ref …``), where ``find`` looks for it in the channel's
recent messages after an unknown outcome.

A 4xx answer is a refusal (``Refused``: nothing was created); a 5xx after
discord.py's retries, a dropped connection or a call slower than
``digest_post_timeout`` is an unknown outcome, and raises as such.
"""
from __future__ import annotations

import asyncio
import logging
import re

import discord

from adapters.discord.render import NO_MENTIONS, batches, render
from bot.digest.posting import Refused

__all__ = ["DiscordDigests", "reference"]

log = logging.getLogger(__name__)

HISTORY_PAGE = 100  # Discord's maximum per call
HISTORY_PAGES = 3
_REFERENCE = re.compile(r"digest ref (nd[0-9a-f]+) \((\d+)/(\d+)\)")


def reference(key: str, number: int, total: int) -> str:
    """The line under message ``number`` of ``total`` of a digest: Discord's small print (``-#``)."""
    return f"-# digest ref {key} ({number}/{total})"


class DiscordDigests:
    """``find`` and ``post`` (bot.digest.posting) for a connected ``discord.Client``."""

    def __init__(self, client: discord.Client, timeout: float = 30.0) -> None:
        self.client = client
        self.timeout = timeout
        self._present: dict[str, set[int]] = {}  # key -> message numbers ``find`` saw in the channel

    async def post(self, subscription, digest, key: str) -> None:
        channel = self.client.get_partial_messageable(int(subscription.channel))
        messages = batches(render(digest))
        present = self._present.pop(key, set())
        for number, embeds in enumerate(messages, 1):
            if number in present:  # an earlier attempt got this one into the channel
                continue
            try:
                await asyncio.wait_for(
                    channel.send(
                        content=reference(key, number, len(messages)), embeds=embeds, allowed_mentions=NO_MENTIONS,
                        nonce=f"{key}.{number}",
                    ),
                    self.timeout,
                )
            except discord.DiscordServerError:
                raise  # a 5xx: Discord may have created it
            except discord.HTTPException as exc:  # 4xx: refused, nothing created
                raise Refused(f"{exc.status} {exc.text or ''}".strip()) from None

    async def find(self, subscription, key: str) -> bool:
        """Whether every message of the digest with ``key`` is among the channel's recent messages by this bot."""
        me = self.client.user.id if self.client.user else None
        seen: set[int] = set()
        total = 0
        before = None
        for _ in range(HISTORY_PAGES):
            try:
                page = await asyncio.wait_for(
                    self.client.http.logs_from(int(subscription.channel), HISTORY_PAGE, before=before), self.timeout
                )
            except discord.DiscordServerError:
                raise
            except discord.HTTPException as exc:
                raise Refused(f"reading the channel: {exc.status} {exc.text or ''}".strip()) from None
            for message in page:
                if me is not None and str((message.get("author") or {}).get("id")) != str(me):
                    continue
                for found_key, number, of in _REFERENCE.findall(message.get("content") or ""):
                    if found_key == key:
                        seen.add(int(number))
                        total = int(of)
            if total and len(seen) >= total:
                self._present.pop(key, None)
                return True
            if len(page) < HISTORY_PAGE:
                break
            before = page[-1]["id"]
        if seen:  # some of its messages are there: the next post sends only the others
            self._present[key] = seen
        return False
