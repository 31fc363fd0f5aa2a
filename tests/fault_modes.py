"""What a fake platform server (tests/fake_slack.py, tests/fake_discord.py) does once it has acted on a call, to go
wrong on purpose: drop the connection before the answer, hang until the test releases it, or answer late."""
from __future__ import annotations

import asyncio


async def after_acting(request, mode: str | None, delay: float, released: asyncio.Event) -> None:
    if mode == "drop":  # the platform acted, and the connection drops before the answer
        request.transport.close()
        raise asyncio.CancelledError
    if mode == "hang":
        await released.wait()
    elif mode == "slow":
        await asyncio.sleep(delay)
