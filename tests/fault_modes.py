"""How a fake platform server (tests/fake_slack.py, tests/fake_discord.py) goes wrong on purpose: once it has acted
on a call, drop the connection before the answer, hang until the test releases it, or answer late; or hold a call
until released."""
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


async def held_until(request, released: asyncio.Event) -> bool:
    """Hold a request until ``released`` (True) or until its client goes away (False)."""
    while not released.is_set():
        if request.transport is None or request.transport.is_closing():
            return False
        await asyncio.sleep(0.01)
    return not (request.transport is None or request.transport.is_closing())
