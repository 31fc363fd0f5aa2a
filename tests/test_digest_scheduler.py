"""The digest guarantees, on the core scheduler with a recording deliverer and a clock moved by time-machine.

Exactly once per (channel, slot), also across a restart in the middle of
posting and with two schedulers on one database; one catch-up digest after
downtime; retries with backoff, logged; time zones and DST; a first digest
without the backlog; subscriptions that survive a restart.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
import time_machine
from digest_support import UTC, Recorder, admin, desk, local, write_article

from bot.store.digest_store import DigestStore

pytestmark = pytest.mark.usefixtures("db_backend")  # every guarantee on SQLite and on PostgreSQL


def subscribe(nd, text="daily at:09:00 tz:Europe/Berlin", caller=None):
    answer = nd.ask(f"/digest subscribe {text}", caller or admin())
    assert answer.kind == "subscriptions", answer
    return answer.subscriptions[0].id


def subscribed(tmp_path, articles=("harbour",), schedule="daily at:09:00 tz:Europe/Berlin", **settings):
    """A desk with ``articles`` indexed, one subscription, and a Recorder registered as the deliverer."""
    nd = desk(tmp_path, **settings)
    for name in articles:
        write_article(nd.corpus, name)
    if articles:
        nd.index()
    sub = subscribe(nd, schedule)
    recorder = Recorder()
    nd.digests.register("test", recorder)
    return nd, sub, recorder


def statuses(nd, sub_id):
    return {p.slot: p.status for p in DigestStore(nd.repo).posts(sub_id)}


@pytest.fixture
def clock():
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False) as traveller:
        yield traveller


async def test_a_slot_is_posted_once_and_then_only_what_is_new(tmp_path, clock):
    nd, sub, recorder = subscribed(tmp_path)

    clock.move_to(local(2026, 2, 2, 8, 59))
    assert await nd.digests.tick() == []  # not due yet
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    [outcome] = await nd.digests.tick()
    assert (outcome.slot, outcome.status) == ("2026-02-02T09:00", "sent")
    assert recorder.titles() == ["Port of Testhaven reopens"]
    assert [q.speaker for q in recorder.posts[0][1].quotes] == ["Ingrid Holm"]
    for _ in range(3):  # the same slot again, later in the hour: nothing
        clock.shift(600)
        assert await nd.digests.tick() == []
    assert len(recorder.posts) == 1

    clock.move_to(local(2026, 2, 3, 9, 0, 5))  # nothing new: no post
    [outcome] = await nd.digests.tick()
    assert outcome.status == "empty" and len(recorder.posts) == 1

    clock.move_to(local(2026, 2, 3, 12, 0))
    write_article(nd.corpus, "bridge")
    nd.index()
    clock.move_to(local(2026, 2, 4, 9, 0, 5))
    await nd.digests.tick()
    assert recorder.titles() == ["Bridge talks resume"]  # only what is new since the last digest
    assert statuses(nd, sub) == {"2026-02-02T09:00": "sent", "2026-02-03T09:00": "empty", "2026-02-04T09:00": "sent"}


async def test_nothing_new_is_posted_when_the_setting_says_so(tmp_path, clock):
    nd, _, recorder = subscribed(tmp_path, articles=(), digest_post_empty=True)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    await nd.digests.tick()
    assert len(recorder.posts) == 1 and recorder.posts[0][1].empty


async def test_a_new_subscription_does_not_post_the_backlog(tmp_path, clock):
    nd = desk(tmp_path)
    clock.move_to(local(2026, 1, 20, 12, 0))
    write_article(nd.corpus, "harbour")
    nd.index()  # indexed two weeks before the subscription
    clock.move_to(local(2026, 2, 2, 7, 0))
    subscribe(nd)
    write_article(nd.corpus, "bridge")
    nd.index()
    recorder = Recorder()
    nd.digests.register("test", recorder)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    await nd.digests.tick()
    assert recorder.titles() == ["Bridge talks resume"]


async def test_after_downtime_one_catch_up_digest_covers_the_whole_gap(tmp_path, clock):
    nd, sub, recorder = subscribed(tmp_path)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    await nd.digests.tick()
    # the bot is down from here; articles keep arriving (indexed by another process, or on restart)
    clock.move_to(local(2026, 2, 3, 10, 0))
    write_article(nd.corpus, "bridge")
    nd.index()
    clock.move_to(local(2026, 2, 5, 10, 0))
    write_article(nd.corpus, "envoy")
    nd.index()
    clock.move_to(local(2026, 2, 7, 15, 30))  # back up: slots of Feb 3, 4, 5, 6 and 7 have passed
    [outcome] = await nd.digests.tick()
    assert (outcome.slot, outcome.status, outcome.missed) == ("2026-02-07T09:00", "sent", 4)
    digest = recorder.posts[-1][1]
    assert digest.missed == 4 and sorted(recorder.titles()) == ["Bridge talks resume", "Envoy Witkoff visits Testville"]
    assert len(recorder.posts) == 2
    assert await nd.digests.tick() == []
    assert list(statuses(nd, sub)) == ["2026-02-02T09:00", "2026-02-07T09:00"]  # no row per missed slot


async def test_a_refused_post_is_retried_with_backoff_and_logged(tmp_path, clock, caplog):
    nd, sub, recorder = subscribed(tmp_path)
    recorder.refuse = 2
    caplog.set_level(logging.WARNING, logger="bot.digest.scheduler")

    clock.move_to(local(2026, 2, 2, 9, 0, 0))
    assert [o.status for o in await nd.digests.tick()] == ["failed"]
    clock.shift(20)
    assert await nd.digests.tick() == []  # first retry waits 30 s
    clock.shift(11)
    assert [o.status for o in await nd.digests.tick()] == ["failed"]
    clock.shift(50)
    assert await nd.digests.tick() == []  # second retry waits 60 s
    clock.shift(11)
    assert [o.status for o in await nd.digests.tick()] == ["sent"]
    assert recorder.attempts == 3 and len(recorder.posts) == 1
    assert statuses(nd, sub) == {"2026-02-02T09:00": "sent"}
    retries = [r.getMessage() for r in caplog.records if "post failed" in r.getMessage()]
    assert len(retries) == 2 and "retrying in 30 s" in retries[0] and "retrying in 60 s" in retries[1]


async def test_a_post_given_up_is_logged_and_its_news_goes_into_the_next_digest(tmp_path, clock, caplog):
    nd, sub, recorder = subscribed(tmp_path, digest_retry_attempts=2)
    recorder.refuse = 2
    caplog.set_level(logging.WARNING, logger="bot.digest.scheduler")
    clock.move_to(local(2026, 2, 2, 9, 0, 0))
    await nd.digests.tick()
    clock.shift(31)
    assert [o.status for o in await nd.digests.tick()] == ["abandoned"]
    assert any(r.levelno == logging.ERROR and "given up after 2 attempts" in r.getMessage() for r in caplog.records)
    clock.move_to(local(2026, 2, 3, 9, 0, 5))
    await nd.digests.tick()
    assert recorder.titles() == ["Port of Testhaven reopens"]  # carried over, not lost
    assert statuses(nd, sub) == {"2026-02-02T09:00": "abandoned", "2026-02-03T09:00": "sent"}


async def _killed_mid_post(tmp_path, clock, channel: Recorder):
    """A desk whose process dies while ``channel`` is being posted to (``hang`` or ``hang_after`` set)."""
    first = desk(tmp_path)
    write_article(first.corpus, "harbour")
    first.index()
    sub = subscribe(first)
    first.digests.register("test", channel)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    task = asyncio.ensure_future(first.digests.tick())
    await asyncio.wait_for(channel.started.wait(), 10)
    task.cancel()  # the process is killed mid-post
    with pytest.raises(asyncio.CancelledError):
        await task
    lease = first.digests.post_lease
    first.close()
    assert statuses(desk(tmp_path), sub) == {"2026-02-02T09:00": "posting"}
    channel.hang = channel.hang_after = False
    return sub, lease


@pytest.mark.parametrize("reached", [False, True], ids=["before-the-platform-got-it", "after-the-platform-got-it"])
async def test_a_process_killed_while_posting_leaves_the_slot_posted_exactly_once(tmp_path, clock, caplog, reached):
    channel = Recorder()
    channel.hang_after, channel.hang = reached, not reached
    sub, lease = await _killed_mid_post(tmp_path, clock, channel)

    second = desk(tmp_path)  # the restarted bot, on the same index and the same channel
    second.digests.register("test", channel)
    caplog.set_level(logging.WARNING)
    clock.shift(5)
    assert await second.digests.tick() == []  # the dead process's lease still holds
    clock.shift(lease + 1)
    assert [o.status for o in await second.digests.tick()] == ["sent"]  # looked for first, then posted if absent
    assert channel.finds == 1 and len(channel.posts) == 1
    assert channel.titles() == ["Port of Testhaven reopens"]
    assert statuses(second, sub) == {"2026-02-02T09:00": "sent"}
    assert any("stopped while posting" in r.getMessage() for r in caplog.records)
    assert await second.digests.tick() == []

    clock.move_to(local(2026, 2, 2, 12, 0))
    write_article(second.corpus, "bridge")
    second.index()
    clock.move_to(local(2026, 2, 3, 9, 0, 5))
    await second.digests.tick()
    assert channel.titles() == ["Bridge talks resume"]  # the harbour news is not repeated
    assert len(channel.posts) == 2


async def test_a_lost_answer_is_looked_for_in_the_channel_not_posted_again(tmp_path, clock, caplog):
    nd, sub, channel = subscribed(tmp_path)
    channel.lose = 1
    caplog.set_level(logging.WARNING, logger="bot.digest.scheduler")
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    assert [o.status for o in await nd.digests.tick()] == ["unknown"]
    assert statuses(nd, sub) == {"2026-02-02T09:00": "unknown"}
    clock.shift(31)
    assert [o.status for o in await nd.digests.tick()] == ["sent"]
    assert channel.attempts == 1 and channel.finds == 1 and len(channel.posts) == 1
    assert any("may be in the channel" in r.getMessage() and "ConnectionResetError" in r.getMessage()
               for r in caplog.records)


async def test_an_attempt_without_an_answer_in_time_is_never_taken_as_a_refusal(tmp_path, clock):
    nd, sub, channel = subscribed(tmp_path, digest_post_timeout=0.05)
    channel.hang_after = True  # accepted, then no answer: the scheduler stops waiting after the timeout
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    assert [o.status for o in await nd.digests.tick()] == ["unknown"]
    channel.hang_after = False
    clock.shift(31)
    assert [o.status for o in await nd.digests.tick()] == ["sent"]
    assert len(channel.posts) == 1 and channel.finds == 1


async def test_a_slot_in_doubt_is_settled_before_the_next_one_and_its_news_is_neither_lost_nor_repeated(tmp_path, clock):
    nd, sub, channel = subscribed(tmp_path, digest_retry_seconds=86400 * 3)  # no retry before the next slot
    channel.lose = 1
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    assert [o.status for o in await nd.digests.tick()] == ["unknown"]
    clock.move_to(local(2026, 2, 2, 12, 0))
    write_article(nd.corpus, "bridge")
    nd.index()
    clock.move_to(local(2026, 2, 3, 9, 0, 5))
    assert [o.status for o in await nd.digests.tick()] == ["sent"]  # the new slot; the earlier one was found
    assert statuses(nd, sub) == {"2026-02-02T09:00": "sent", "2026-02-03T09:00": "sent"}
    assert [channel.titles(i) for i in range(len(channel.posts))] == [["Port of Testhaven reopens"],
                                                                      ["Bridge talks resume"]]


async def test_a_slot_in_doubt_that_never_reached_the_channel_gives_its_news_to_the_next_one(tmp_path, clock):
    nd, sub, channel = subscribed(tmp_path, digest_retry_seconds=86400 * 3, digest_post_timeout=0.05)
    channel.hang = True  # no answer, and nothing reached the channel
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    assert [o.status for o in await nd.digests.tick()] == ["unknown"]
    channel.hang = False
    clock.move_to(local(2026, 2, 3, 9, 0, 5))
    await nd.digests.tick()
    assert statuses(nd, sub) == {"2026-02-02T09:00": "abandoned", "2026-02-03T09:00": "sent"}
    assert len(channel.posts) == 1 and channel.titles() == ["Port of Testhaven reopens"]  # carried over, once


async def test_a_slot_claimed_by_a_process_that_died_before_posting_is_posted_once(tmp_path, clock):
    nd = desk(tmp_path)
    write_article(nd.corpus, "harbour")
    nd.index()
    sub = subscribe(nd)
    store = DigestStore(nd.repo)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    row = store.get(sub)
    now = local(2026, 2, 2, 9, 0, 5).timestamp()
    slot_at = local(2026, 2, 2, 9, 0).timestamp()
    assert store.claim(row, "2026-02-02T09:00", slot_at, 0, "dead-process", now + 120, now) is not None
    recorder = Recorder()
    nd.digests.register("test", recorder)
    assert await nd.digests.tick() == []  # claimed by someone else, lease running
    clock.shift(121)
    assert [o.status for o in await nd.digests.tick()] == ["sent"]
    assert await nd.digests.tick() == []
    assert len(recorder.posts) == 1


async def test_two_schedulers_on_one_database_post_each_slot_once(tmp_path, clock):
    one = desk(tmp_path)
    write_article(one.corpus, "harbour")
    one.index()
    subscribe(one)
    subscribe(one, "daily at:09:00 tz:Europe/Berlin", admin(channel="C200", name="#desk"))
    two = desk(tmp_path)  # a second bot process: its own connection to the same file
    recorder = Recorder()
    one.digests.register("test", recorder)
    two.digests.register("test", recorder)
    for day in (2, 3, 4):
        clock.move_to(local(2026, 2, day, 9, 0, 5))
        if day == 3:
            write_article(one.corpus, "bridge")
            one.index()
        outcomes = await asyncio.gather(one.digests.tick(), two.digests.tick(), one.digests.tick())
        assert sorted(o.status for batch in outcomes for o in batch) in (["sent", "sent"], ["empty", "empty"])
    assert sorted(channel for channel, _, _ in recorder.posts) == ["C100", "C100", "C200", "C200"]


async def test_a_digest_at_nine_berlin_time_posts_at_nine_on_both_sides_of_the_dst_change(tmp_path):
    with time_machine.travel(local(2026, 3, 27, 12, 0), tick=False) as clock:
        nd, _, recorder = subscribed(tmp_path, articles=(), digest_post_empty=True)
        posted_at = []
        moment = local(2026, 3, 27, 12, 0)
        while moment < local(2026, 3, 31, 12, 0):  # a poll every 10 minutes over four days
            moment += timedelta(minutes=10)
            clock.move_to(moment)
            if [o for o in await nd.digests.tick() if o.status == "sent"]:
                posted_at.append(moment)
        assert [m.astimezone(local(2026, 1, 1).tzinfo).strftime("%m-%d %H:%M") for m in posted_at] == [
            "03-28 09:00", "03-29 09:00", "03-30 09:00", "03-31 09:00"]
        assert [m.astimezone(UTC).strftime("%H:%M") for m in posted_at] == ["08:00", "07:00", "07:00", "07:00"]


async def test_the_hour_that_happens_twice_when_clocks_go_back_is_one_slot(tmp_path):
    with time_machine.travel(local(2026, 10, 24, 12, 0), tick=False) as clock:
        nd, _, recorder = subscribed(tmp_path, articles=(), schedule="daily at:02:30 tz:Europe/Berlin",
                                     digest_post_empty=True)
        moment = local(2026, 10, 24, 12, 0).astimezone(UTC)
        while moment < local(2026, 10, 26, 12, 0).astimezone(UTC):
            moment += timedelta(minutes=15)
            clock.move_to(moment)
            await nd.digests.tick()
        assert len(recorder.posts) == 2  # 25 and 26 October, once each


async def test_a_topic_subscription_gets_only_matching_news(tmp_path, clock):
    nd = desk(tmp_path)
    for name in ("harbour", "envoy", "budget"):
        write_article(nd.corpus, name)
    nd.index()
    subscribe(nd, "daily topic:Witkoff")
    subscribe(nd, "daily topic:school budget", admin(channel="C200", name="#city"))
    recorder = Recorder()
    nd.digests.register("test", recorder)
    clock.move_to(local(2026, 2, 2, 10, 0, 5))  # 09:00 UTC
    await nd.digests.tick()
    posts = {channel: digest for channel, digest, _ in recorder.posts}
    assert [s.title for s in posts["C100"].stories] == ["Envoy Witkoff visits Testville"]
    assert posts["C100"].topic == "Witkoff"
    assert [s.title for s in posts["C200"].stories] == ["City budget approved"]


async def test_subscriptions_and_watermarks_survive_a_restart(tmp_path, clock):
    nd = desk(tmp_path)
    write_article(nd.corpus, "harbour")
    nd.index()
    subscribe(nd)
    recorder = Recorder()
    nd.digests.register("test", recorder)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    await nd.digests.tick()
    nd.close()

    again = desk(tmp_path)
    listed = again.ask("/digest list", admin())
    assert [s.schedule for s in listed.subscriptions] == ["daily at 09:00 (Europe/Berlin)"]
    again.digests.register("test", recorder)
    assert await again.digests.tick() == []  # the slot is known to be sent
    clock.move_to(local(2026, 2, 2, 12, 0))
    write_article(again.corpus, "bridge")
    again.index()
    clock.move_to(local(2026, 2, 3, 9, 0, 5))
    await again.digests.tick()
    assert recorder.titles() == ["Bridge talks resume"]


async def test_only_registered_platforms_are_posted_and_others_wait_for_their_adapter(tmp_path, clock):
    nd = desk(tmp_path)
    write_article(nd.corpus, "harbour")
    nd.index()
    subscribe(nd)
    clock.move_to(local(2026, 2, 2, 9, 0, 5))
    assert await nd.digests.tick() == []  # no deliverer for the platform: nothing claimed
    recorder = Recorder()
    nd.digests.register("test", recorder)
    clock.move_to(local(2026, 2, 2, 9, 30))
    assert [o.status for o in await nd.digests.tick()] == ["sent"]
