"""What the scheduler asks of a platform to post a digest exactly once: the slot's key, ``find`` and ``post``.

Every attempt at one slot carries the same idempotency key (``post_key``).
An adapter posts with it where the platform can see it (Discord: the
message ``nonce`` with ``enforce_nonce``, and the key in the embed footer;
Slack: the message ``metadata``), and finds it again in the channel's recent
history. The scheduler asks ``find`` before posting again whenever an
earlier attempt may have reached the channel (a timeout, a dropped
connection, a process that stopped while posting), so a post whose answer
was lost is recorded as sent, not posted twice.

``post`` returns when the platform accepted every message, raises
``Refused`` when the platform said no (nothing was posted, a retry may post)
and raises anything else when the outcome is unknown (the next attempt looks
first). ``find`` returns whether the slot is in the channel and raises when it
cannot tell.
"""
from __future__ import annotations

import hashlib
from typing import Protocol

__all__ = ["Deliverer", "Refused", "post_key", "KEY_LENGTH"]

KEY_LENGTH = 18  # "nd" and 16 hex digits: leaves room for a part number in Discord's 25-character nonce


class Refused(Exception):
    """The platform refused the post (an error answer, not a lost one): nothing reached the channel."""


class Deliverer(Protocol):
    async def find(self, subscription, key: str) -> bool:
        """Whether the post with ``key`` is in the subscription's channel; raises when it cannot tell."""
        ...

    async def post(self, subscription, digest, key: str) -> None:
        """Post ``digest`` marked with ``key``; returns once accepted, raises ``Refused`` or an unknown outcome."""
        ...


def post_key(subscription_id: int, created_at: float, slot: str) -> str:
    """The idempotency key of one slot of one subscription: the same for every attempt, by every process.

    ``created_at`` tells a subscription apart from a later one that reuses its id.
    """
    digest = hashlib.blake2b(f"{subscription_id}|{created_at!r}|{slot}".encode(), digest_size=8).hexdigest()
    return "nd" + digest
