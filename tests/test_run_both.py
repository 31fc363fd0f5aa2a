"""``newsdesk run`` with Slack and Discord credentials serves both, side by side, in one event loop.

The CLI's own path (entry points → ``configured`` → ``_serve_all``) runs
against the fake Slack and the fake Discord; a command on each platform is
answered, and cancelling stops both.
"""
from __future__ import annotations

import asyncio
import socket
import contextlib

import aiohttp

from fake_discord import FakeDiscord, endpoints_restored
from fake_slack import FakeSlack, newsdesk_settings

from bot import cli


async def test_run_serves_slack_and_discord_together(seeds_desk):
    with endpoints_restored():
        async with FakeSlack() as slack, FakeDiscord() as discord_fake:
            settings = newsdesk_settings(
                slack, DISCORD_TOKEN=discord_fake.token, DISCORD_GUILD_ID=1,
                discord_api_url=discord_fake.api_url, discord_gateway_url=discord_fake.gateway_url,
                http_host="127.0.0.1", http_port=free_port(),
            )
            modules = [(name, ep.load()) for name, ep in cli._adapters().items() if name != "console"]
            started = [(name, module) for name, module in modules if module.configured(settings)]
            assert sorted(name for name, _ in started) == ["discord", "slack"]
            before = {platform: counted(seeds_desk, platform) for platform in ("slack", "discord")}
            task = asyncio.create_task(cli._serve_all(seeds_desk, settings, started))
            try:
                await slack.wait_for(lambda: slack.socket_paths, what="a websocket connection")
                await asyncio.wait_for(discord_fake.ready.wait(), 10)
                _, response = await slack.command("/who", "Witkoff")
                pushed = await discord_fake.push_command("who", name="Witkoff")
                [answer] = await discord_fake.wait_for("PATCH", pushed.original_path)
                async with aiohttp.ClientSession(f"http://127.0.0.1:{settings.http_port}") as http:
                    async with http.get("/healthz") as r:
                        health = (r.status, await r.json())
                    async with http.get("/metrics") as r:
                        metrics = await r.text()
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    assert "Steve Witkoff" in response.body["text"]
    assert answer.body["embeds"][0]["title"] == "Steve Witkoff"
    # Socket Mode and the gateway have no web server of their own: the small one answers the probes
    assert health == (200, {"status": "ok", "checks": {"discord": "ok", "index": "ok", "slack": "ok"}})
    for platform in ("slack", "discord"):  # the session's desk has answered other tests too: count this one's
        assert f'newsdesk_commands_total{{kind="who",platform="{platform}"}} {before[platform] + 1:.1f}' in metrics
    assert "newsdesk_articles_indexed 5.0" in metrics


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def counted(newsdesk, platform: str) -> float:
    value = newsdesk.metrics.registry.get_sample_value("newsdesk_commands_total", {"kind": "who", "platform": platform})
    return value or 0.0
