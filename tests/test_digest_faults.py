"""Digests exactly once when the post goes wrong, through the real adapters against the fake platforms.

slack_sdk and discord.py post to the fake Slack and the fake Discord, which
answer late (beyond the client's timeout, configured short here), drop the
connection after or before acting on the post, or act and never answer. And
a bot process is killed with SIGKILL at chosen points of a post (before the
platform got the request, after it accepted it, after it answered but before
newsdesk recorded it) and another is started on the same index. Each case
asserts what the channel holds: the slot exactly once, its news not lost and
not a day late, and not repeated by the next digest.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
import time_machine
from digest_support import admin, desk, local, write_article
from fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord, endpoints_restored
from fake_slack import TEAM_ID, FakeSlack, newsdesk_settings
from test_discord_bot import connected, settings_for

from adapters.discord.digest import reference
from adapters.slack.commands import slash_commands
from adapters.slack.digest import EVENT_TYPE, deliverer
from adapters.slack.startup import build_client
from bot.digest.posting import post_key
from bot.store.digest_store import DigestStore

HERE = Path(__file__).resolve().parent
TIMEOUT = 0.4  # digest_post_timeout of these tests: a platform call slower than this has an unknown outcome
LATE = 2.0  # how late a slow platform answers
SLOT = "2026-02-02T09:00"
MESSAGES = rf"/channels/{CHANNEL_ID}/messages"
MODES = ["slow", "drop", "drop_before", "hang"]


def fault_desk(root: Path, **settings):
    """A desk whose one article ("harbour") was indexed at 07:00 Berlin time on 2 February 2026."""
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        nd = desk(root, digest_post_timeout=TIMEOUT, **settings)
        write_article(nd.corpus, "harbour")
        nd.index()
    return nd


def subscribe(nd, platform: str, channel: str, workspace: str) -> int:
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        caller = admin(channel=channel, workspace=workspace, name="#news", platform=platform)
        answer = nd.ask("/digest subscribe daily at:09:00 tz:Europe/Berlin", caller)
    assert answer.kind == "subscriptions", answer
    return answer.subscriptions[0].id


def statuses(nd, sub: int) -> dict[str, str]:
    return {p.slot: p.status for p in DigestStore(nd.repo).posts(sub)}


def key_of(nd, sub: int, slot: str = SLOT) -> str:
    row = DigestStore(nd.repo).get(sub)
    return post_key(row.id, row.created_at, slot)


def slack_titles(message: dict) -> str:
    return json.dumps(message.get("blocks"), ensure_ascii=False)


# ---- a post that goes wrong, in one process -------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_slack_slot_is_posted_exactly_once_when_the_post_goes_wrong(tmp_path, mode):
    nd = fault_desk(tmp_path)
    sub = subscribe(nd, "slack", "C0001", TEAM_ID)
    async with FakeSlack() as slack:
        nd.digests.register("slack", deliverer(build_client(newsdesk_settings(slack)), slash_commands(), TIMEOUT))
        slack.fault("chat.postMessage", mode, delay=LATE)
        with time_machine.travel(local(2026, 2, 2, 9, 0, 5), tick=True) as clock:
            assert [o.status for o in await nd.digests.tick()] == ["unknown"]  # never taken as a refusal
            assert statuses(nd, sub) == {SLOT: "unknown"}
            clock.shift(31)  # the first retry: looks in the channel first
            assert [o.status for o in await nd.digests.tick()] == ["sent"]
            clock.shift(3600)
            assert await nd.digests.tick() == []
        [message] = slack.messages_in("C0001")  # exactly once, whatever the platform did with the first call
        assert message["metadata"] == {"event_type": EVENT_TYPE,
                                       "event_payload": {"key": key_of(nd, sub), "subscription": sub}}
        assert "Port of Testhaven reopens" in slack_titles(message)
        [history] = slack.calls_to("conversations.history")
        assert str(history.body["include_all_metadata"]).lower() in ("true", "1")
        # the client never repeats a post by itself: one call per attempt, two only when the first did nothing
        assert slack.arrived["chat.postMessage"] == (2 if mode == "drop_before" else 1)
        assert statuses(nd, sub) == {SLOT: "sent"}


@pytest.fixture
async def fake_discord():
    with endpoints_restored():
        async with FakeDiscord() as fake:
            yield fake


@pytest.mark.parametrize("mode", MODES)
async def test_discord_slot_is_posted_exactly_once_when_the_post_goes_wrong(tmp_path, fake_discord, mode):
    nd = fault_desk(tmp_path)
    sub = subscribe(nd, "discord", str(CHANNEL_ID), str(GUILD_ID))
    fake_discord.fault("POST", MESSAGES, mode, delay=LATE)
    async with connected(nd, settings_for(fake_discord)):
        await asyncio.wait_for(fake_discord.ready.wait(), 5)
        with time_machine.travel(local(2026, 2, 2, 9, 0, 5), tick=True) as clock:
            assert [o.status for o in await nd.digests.tick()] == ["unknown"]
            clock.shift(31)
            assert [o.status for o in await nd.digests.tick()] == ["sent"]
            clock.shift(3600)
            assert await nd.digests.tick() == []
    [message] = fake_discord.in_channel()
    key = key_of(nd, sub)
    assert message["content"] == reference(key, 1, 1)
    assert any(f["name"] == "New articles (1)" and "Port of Testhaven reopens" in f["value"]
               for f in message["embeds"][0]["fields"])
    posts = fake_discord.matching("POST", MESSAGES)
    assert {(p.body["nonce"], p.body["enforce_nonce"]) for p in posts} == {(f"{key}.1", True)}
    assert len(fake_discord.matching("GET", MESSAGES)) == 1  # looked in the channel before posting again
    assert statuses(nd, sub) == {SLOT: "sent"}


async def test_discord_returns_the_message_already_created_for_a_repeated_nonce(tmp_path, fake_discord):
    """What the nonce buys: a repeated attempt within minutes (discord.py's own retry after a reset connection or
    a 5xx, or a retry whose look in the channel failed) creates nothing new."""
    nd = fault_desk(tmp_path)
    sub = subscribe(nd, "discord", str(CHANNEL_ID), str(GUILD_ID))
    async with connected(nd, settings_for(fake_discord)):
        await asyncio.wait_for(fake_discord.ready.wait(), 5)
        deliverer_ = nd.digests.deliverers["discord"]
        row = DigestStore(nd.repo).get(sub)
        digest = nd.ask("/digest now", admin(channel=str(CHANNEL_ID), workspace=str(GUILD_ID), platform="discord"))
        for _ in range(2):
            await deliverer_.post(row, digest, "nd0123456789abcdef")
        assert await deliverer_.find(row, "nd0123456789abcdef") is True
        assert await deliverer_.find(row, "nd00000000000000ff") is False
    assert len(fake_discord.matching("POST", MESSAGES)) == 2 and len(fake_discord.in_channel()) == 1


# ---- a process killed with SIGKILL in the middle of a post, and another started ----------------------


async def _start(tmp_path: Path, api_url: str, at: float, platform: str):
    env = {**os.environ, "NEWSDESK_DIGEST_POST_TIMEOUT": str(TIMEOUT), "PYTHONPATH": os.pathsep.join(sys.path)}
    return await asyncio.create_subprocess_exec(
        sys.executable, str(HERE / "digest_process.py"), str(tmp_path), api_url, str(at),
        str(tmp_path / "index.sqlite"), platform,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )


async def _until(condition, what: str, timeout: float = 60.0) -> None:
    async def poll():
        while not condition():
            await asyncio.sleep(0.02)
    try:
        await asyncio.wait_for(poll(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"no {what} within {timeout} s") from None


async def _kill(process) -> None:
    process.send_signal(signal.SIGKILL)
    await process.wait()


async def _run(tmp_path: Path, api_url: str, at: float, platform: str) -> list[str]:
    process = await _start(tmp_path, api_url, at, platform)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()[-3000:]
    return json.loads(out.decode().strip().splitlines()[-1])


class _WriteLock:
    """The index's write lock held by the test: the bot process cannot record what the platform answered."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)

    async def take(self) -> None:
        await asyncio.to_thread(self.conn.execute, "BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


POINTS = ["before-the-platform-got-it", "after-the-platform-accepted-it", "before-newsdesk-recorded-it"]


async def _killed_and_restarted(tmp_path, platform: str, point: str, fake, channel_messages, arrived, api_url: str):
    """Kill the first process at ``point`` of its post, start another after the dead one's lease (seconds here, with
    the short ``digest_post_timeout``); both at the slot."""
    nd = fault_desk(tmp_path)
    channel = "C0001" if platform == "slack" else str(CHANNEL_ID)
    workspace = TEAM_ID if platform == "slack" else str(GUILD_ID)
    sub = subscribe(nd, platform, channel, workspace)
    lease = nd.digests.post_lease
    nd.close()
    lock = _WriteLock(tmp_path / "index.sqlite")
    if point == "before-the-platform-got-it":
        fake.fault(*_post_of(platform), "hold")
    elif point == "after-the-platform-accepted-it":
        fake.fault(*_post_of(platform), "hang")
    else:
        fake.fault(*_post_of(platform), "slow", delay=0.0)
        _before_answer(fake, platform, lock.take)
    at = local(2026, 2, 2, 9, 0, 5).timestamp()
    first = await _start(tmp_path, api_url, at, platform)
    try:
        await _until(lambda: arrived() >= 1, "post reaching the platform")
        if point != "before-the-platform-got-it":
            await _until(lambda: len(channel_messages()) == 1, "message in the channel")
        if point == "before-newsdesk-recorded-it":
            assert lock.conn.in_transaction  # taken before the platform answered
            await asyncio.sleep(0.3)  # let the answer reach the bot, which now waits for the write lock
    finally:
        await _kill(first)
        if point == "before-newsdesk-recorded-it":
            lock.release()
            _before_answer(fake, platform, None)
    if point == "before-the-platform-got-it":
        await _until(lambda: fake_gone(fake, platform), "the held request's client to go away")
        assert channel_messages() == []

    nd = desk(tmp_path)
    assert statuses(nd, sub) == {SLOT: "posting"}
    nd.close()
    # started once the dead process's lease is over (its length is checked in test_digest_scheduler.py)
    assert await _run(tmp_path, api_url, at + lease + 1, platform) == ["sent"]  # at the slot, not a day late
    assert len(channel_messages()) == 1
    nd = desk(tmp_path)
    assert statuses(nd, sub) == {SLOT: "sent"}

    # the next day's digest has the next day's news only: the slot's news is neither lost nor repeated
    with time_machine.travel(local(2026, 2, 2, 12, 0), tick=False):
        write_article(nd.corpus, "bridge")
        nd.index()
    nd.close()
    assert await _run(tmp_path, api_url, local(2026, 2, 3, 9, 0, 5).timestamp(), platform) == ["sent"]
    assert len(channel_messages()) == 2
    return sub


def _post_of(platform: str) -> tuple:
    return ("chat.postMessage",) if platform == "slack" else ("POST", MESSAGES)


def _before_answer(fake, platform: str, hook) -> None:
    if platform == "discord":
        fake.before_answer = hook
    elif hook is None:
        fake.before_answer.pop("chat.postMessage", None)
    else:
        fake.before_answer["chat.postMessage"] = hook


def fake_gone(fake, platform: str) -> bool:
    if platform == "slack":
        return any(c.status == 499 for c in fake.calls_to("chat.postMessage", status=None))
    return any(r.status == 499 for r in fake.matching("POST", MESSAGES))


@pytest.mark.parametrize("point", POINTS)
async def test_slack_post_killed_at_any_point_is_posted_exactly_once_after_a_restart(tmp_path, point):
    async with FakeSlack() as slack:
        messages = lambda: slack.messages_in("C0001")  # noqa: E731
        await _killed_and_restarted(
            tmp_path, "slack", point, slack, messages, lambda: slack.arrived.get("chat.postMessage", 0), slack.api_url
        )
        first, second = slack.messages_in("C0001")
        assert "Port of Testhaven reopens" in slack_titles(first) and "Bridge talks resume" not in slack_titles(first)
        assert "Bridge talks resume" in slack_titles(second) and "Port of Testhaven" not in slack_titles(second)


@pytest.mark.parametrize("point", POINTS)
async def test_discord_post_killed_at_any_point_is_posted_exactly_once_after_a_restart(tmp_path, fake_discord, point):
    fake = fake_discord
    await _killed_and_restarted(
        tmp_path, "discord", point, fake, fake.in_channel, lambda: fake.arrivals.count(("POST", MESSAGES)),
        fake.api_url,
    )
    first, second = (json.dumps(m["embeds"]) for m in fake.in_channel())
    assert "Port of Testhaven reopens" in first and "Bridge talks resume" not in first
    assert "Bridge talks resume" in second and "Port of Testhaven" not in second
