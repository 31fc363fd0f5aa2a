"""``newsdesk run`` with Slack and Discord credentials serves both, side by side, in one event loop.

The CLI's own path (entry points → ``configured`` → ``_serve_all``) runs
against the fake Slack and the fake Discord; a command on each platform is
answered, and cancelling stops both.
"""
from __future__ import annotations

import asyncio
import contextlib

from fake_discord import FakeDiscord, endpoints_restored
from fake_slack import FakeSlack, newsdesk_settings

from bot import cli


async def test_run_serves_slack_and_discord_together(seeds_desk):
    with endpoints_restored():
        async with FakeSlack() as slack, FakeDiscord() as discord_fake:
            settings = newsdesk_settings(
                slack, DISCORD_TOKEN=discord_fake.token, DISCORD_GUILD_ID=1,
                discord_api_url=discord_fake.api_url, discord_gateway_url=discord_fake.gateway_url,
            )
            modules = [(name, ep.load()) for name, ep in cli._adapters().items() if name != "console"]
            started = [(name, module) for name, module in modules if module.configured(settings)]
            assert sorted(name for name, _ in started) == ["discord", "slack"]
            task = asyncio.create_task(cli._serve_all(seeds_desk, settings, started))
            try:
                await slack.wait_for(lambda: slack.socket_paths, what="a websocket connection")
                await asyncio.wait_for(discord_fake.ready.wait(), 10)
                _, response = await slack.command("/who", "Witkoff")
                pushed = await discord_fake.push_command("who", name="Witkoff")
                [answer] = await discord_fake.wait_for("PATCH", pushed.original_path)
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    assert "Steve Witkoff" in response.body["text"]
    assert answer.body["embeds"][0]["title"] == "Steve Witkoff"
