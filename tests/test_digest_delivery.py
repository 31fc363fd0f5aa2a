"""Digests through the real adapters: slack-bolt/slack_sdk against the fake Slack, discord.py against the fake Discord.

What is checked here is the platform side of the guarantees: a digest is a
valid message in the subscribed channel; a post the platform refuses is
retried and delivered once; two bot processes on one database post a slot
once; /digest is refused without the platform's admin rights and accepted
with them.
"""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
import time_machine
from digest_support import admin, desk, harbour_desk, index_target, local
from fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord, embed_problems, endpoints_restored
from fake_slack import TEAM_ID, USER_ID, block_problems, newsdesk_settings
from test_discord_bot import connected, settings_for
from test_slack_socket_mode import socket_mode_app

from adapters.slack.commands import slash_commands
from adapters.slack.digest import deliverer
from adapters.slack.startup import build_client
from bot.store.digest_store import DigestStore

HERE = Path(__file__).resolve().parent
MANAGE_CHANNELS = 1 << 4


def slack_subscription(nd, channel="C0001"):
    caller = admin(channel=channel, workspace=TEAM_ID, name="#news", platform="slack")
    answer = nd.ask("/digest subscribe daily at:09:00 tz:Europe/Berlin", caller)
    assert answer.kind == "subscriptions", answer
    return answer.subscriptions[0].id


@pytest.fixture(name="harbour_desk")
def harbour_desk_fixture(tmp_path):
    return harbour_desk(tmp_path)


async def test_slack_digest_is_posted_to_the_channel_and_a_refused_post_is_retried_once(harbour_desk):
    nd = harbour_desk
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        sub = slack_subscription(nd)
    async with socket_mode_app(nd) as slack:
        settings = newsdesk_settings(slack)
        nd.digests.register("slack", deliverer(build_client(settings), slash_commands()))
        slack.refuse("chat.postMessage", "not_in_channel", 1)
        with time_machine.travel(local(2026, 2, 2, 9, 0, 5), tick=True) as clock:
            assert [o.status for o in await nd.digests.tick()] == ["failed"]
            clock.shift(31)
            assert [o.status for o in await nd.digests.tick()] == ["sent"]
            assert await nd.digests.tick() == []
        posts = slack.calls_to("chat.postMessage")
        assert len(posts) == 2  # the refused one and the accepted one
        body = posts[-1].body
        blocks = json.loads(body["blocks"]) if isinstance(body["blocks"], str) else body["blocks"]
        assert body["channel"] == "C0001" and block_problems(blocks) == []
        assert blocks[0]["text"]["text"] == "Digest for #news"
        assert "Port of Testhaven reopens" in json.dumps(blocks)
        assert {p.status for p in DigestStore(nd.repo).posts(sub)} == {"sent"}


async def test_two_bot_processes_on_one_database_post_a_slot_once(db_backend, harbour_desk, tmp_path):
    """Both backends: on PostgreSQL the two processes share one database server."""
    nd = harbour_desk
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        slack_subscription(nd)
    nd.close()
    async with socket_mode_app(desk(tmp_path)) as slack:
        at = str(local(2026, 2, 2, 9, 0, 5).timestamp())
        script = str(HERE / "digest_process.py")
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable, script, str(tmp_path), slack.api_url, at, str(index_target(tmp_path)),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]
        results = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in processes)), 120)
        outcomes = sorted(json.loads(out.decode().strip().splitlines()[-1]) for out, _ in results)
        assert outcomes == [[], ["sent"]], [err.decode()[-2000:] for _, err in results]
        assert len(slack.calls_to("chat.postMessage")) == 1


async def test_slack_digest_changes_need_admin_rights(harbour_desk):
    nd = harbour_desk
    async with socket_mode_app(nd) as slack:
        _, refused = await slack.command("/digest", "subscribe daily at:08:30 tz:Europe/Berlin")
        assert refused.body["response_type"] == "ephemeral"
        assert "Only channel admins" in json.dumps(refused.body)
        assert DigestStore(nd.repo).subscriptions() == []

        slack.users[USER_ID] = {"is_admin": True}
        _, accepted = await slack.command("/digest", "subscribe daily at:08:30 tz:Europe/Berlin")
        assert "Subscribed #news" in json.dumps(accepted.body)
        [row] = DigestStore(nd.repo).subscriptions()
        assert (row.platform, row.workspace, row.channel, row.channel_name, row.cron, row.tz) == (
            "slack", TEAM_ID, "C0001", "#news", "30 8 * * *", "Europe/Berlin")

        _, preview = await slack.command("/digest", "now")
        assert preview.body["response_type"] == "ephemeral"  # a preview is for the asker only
        assert "Preview: next digest for #news" in json.dumps(preview.body)

        slack.users[USER_ID] = {"is_admin": False}
        _, refused = await slack.command("/digest", f"unsubscribe {row.id}")
        assert "Only channel admins" in json.dumps(refused.body)
        _, listed = await slack.command("/digest", "list")  # anyone may look
        assert f"#{row.id} #news: daily at 08:30 (Europe/Berlin)" in json.dumps(listed.body, ensure_ascii=False)


async def test_another_workspace_cannot_see_or_remove_a_subscription(harbour_desk):
    nd = harbour_desk
    sub = slack_subscription(nd)
    other = admin(channel="C9", workspace="T-OTHER", platform="slack")
    assert nd.ask("/digest list", other).subscriptions == []
    answer = nd.ask(f"/digest unsubscribe {sub}", other)
    assert answer.kind == "error" and "no digest subscription" in answer.message
    assert DigestStore(nd.repo).get(sub) is not None


@pytest.fixture
async def fake_discord():
    with endpoints_restored():
        async with FakeDiscord() as fake:
            yield fake


async def test_discord_digest_is_posted_to_the_channel(harbour_desk, fake_discord):
    nd = harbour_desk
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        caller = admin(channel=str(CHANNEL_ID), workspace=str(GUILD_ID), name="#news", platform="discord")
        assert nd.ask("/digest subscribe daily at:09:00 tz:Europe/Berlin", caller).kind == "subscriptions"
    async with connected(nd, settings_for(fake_discord)):
        await asyncio.wait_for(fake_discord.ready.wait(), 5)
        assert "discord" in nd.digests.deliverers  # registered on login
        with time_machine.travel(local(2026, 2, 2, 9, 0, 5), tick=True):
            assert [o.status for o in await nd.digests.tick()] == ["sent"]
            assert await nd.digests.tick() == []
    [message] = fake_discord.matching("POST", f"/channels/{CHANNEL_ID}/messages")
    embeds = message.body["embeds"]
    assert embed_problems(embeds) == [] and message.body["allowed_mentions"] == {"parse": []}
    assert embeds[0]["title"] == "Digest for #news"
    assert any(f["name"] == "New articles (1)" and f["value"] == "• Port of Testhaven reopens — Test Wire · 2026-02-01"
               for f in embeds[0]["fields"]), embeds[0]["fields"]
    assert "discord" not in nd.digests.deliverers  # unregistered when the client closed


async def test_discord_digest_subscribe_needs_manage_channels(harbour_desk, fake_discord):
    nd = harbour_desk
    async with connected(nd, settings_for(fake_discord)):
        await asyncio.wait_for(fake_discord.ready.wait(), 5)
        pushed = await fake_discord.push_command("digest", subcommand="subscribe", schedule="weekly", weekday="fri",
                                                 at="07:30", tz="Europe/Berlin")
        [callback] = await fake_discord.wait_for("POST", pushed.callback_path)
        [refusal] = await fake_discord.wait_for("PATCH", pushed.original_path)
        assert callback.body["data"]["flags"] & 64  # ephemeral: only the asker sees it
        assert "Only channel admins" in refusal.body["embeds"][0]["description"]

        pushed = await fake_discord.push_command("digest", subcommand="subscribe", schedule="weekly", weekday="fri",
                                                 at="07:30", tz="Europe/Berlin", permissions=MANAGE_CHANNELS)
        [accepted] = await fake_discord.wait_for("PATCH", pushed.original_path)
        assert "Subscribed #news" in accepted.body["embeds"][0]["description"]
        [row] = DigestStore(nd.repo).subscriptions()
        assert (row.platform, row.workspace, row.channel, row.cron, row.tz) == (
            "discord", str(GUILD_ID), str(CHANNEL_ID), "30 7 * * 5", "Europe/Berlin")

        pushed = await fake_discord.push_command("digest", subcommand="now")
        [preview] = await fake_discord.wait_for("PATCH", pushed.original_path)
        assert preview.body["embeds"][0]["title"].startswith("Preview: next digest for #news")
