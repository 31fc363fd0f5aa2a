"""/digest as typed: schedules read the way a user writes them, bad input answered plainly, the CLI preview."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone

import pytest
import time_machine
from digest_support import admin, harbour_desk, local

from bot import errors
from bot.commands.request import Caller
from bot.digest.cron import Schedule, parse_schedule


@pytest.mark.parametrize(("frequency", "at", "tz", "cron", "expected"), [
    (None, None, None, None, ("0 9 * * *", "UTC")),
    ("daily", "7:05", "Europe/Berlin", None, ("5 7 * * *", "Europe/Berlin")),
    ("weekly", None, None, None, ("0 9 * * 1", "UTC")),
    ("weekly friday", "18:00", "America/New_York", None, ("0 18 * * 5", "America/New_York")),
    ("weekly sun", "6", None, None, ("0 6 * * 0", "UTC")),
    (None, None, "Asia/Tokyo", '"0 9 * * 1-5"', ("0 9 * * 1-5", "Asia/Tokyo")),
])
def test_schedules_as_users_write_them(frequency, at, tz, cron, expected):
    schedule = parse_schedule(frequency, at, tz, cron, "UTC")
    assert (schedule.cron, schedule.tz) == expected


@pytest.mark.parametrize(("frequency", "at", "tz", "cron", "message"), [
    ("hourly", None, None, None, "is not a schedule"),
    ("weekly someday", None, None, None, "is not a schedule"),
    ("daily", "25:00", None, None, "is not a time of day"),
    ("daily", "9am", None, None, "is not a time of day"),
    (None, None, "Mars/Olympus", None, "is not a time zone"),
    (None, None, None, "0 9 * *", "is not a cron expression"),
    (None, None, None, "61 9 * * *", "is not a cron expression"),
    (None, "09:00", None, "0 9 * * *", "either cron: or at:"),
])
def test_bad_schedules_are_refused_with_a_reason(frequency, at, tz, cron, message):
    with pytest.raises(errors.UserError, match=message):
        parse_schedule(frequency, at, tz, cron, "UTC")


def test_slot_names_and_descriptions():
    schedule = Schedule("0 9 * * 1-5", "Europe/Berlin")
    slot = schedule.next_after(local(2026, 3, 27, 10, 0))  # a Friday: the next is Monday
    assert slot.key == "2026-03-30T09:00" and slot.at == datetime(2026, 3, 30, 7, 0, tzinfo=timezone.utc)
    assert schedule.describe() == "cron 0 9 * * 1-5 (Europe/Berlin)"
    assert Schedule("30 8 * * 5", "UTC").describe() == "weekly on Fri at 08:30 (UTC)"
    assert Schedule("0 9 * * *", "UTC").count_between(local(2026, 1, 1, tz=timezone.utc),
                                                     local(2026, 1, 11, 9, tz=timezone.utc)) == 11  # Jan 1 to 11, both ends


@pytest.fixture
def nd(tmp_path):
    return harbour_desk(tmp_path)


@pytest.mark.parametrize(("text", "message"), [
    ("/digest subscribe hourly", "is not a schedule"),
    ("/digest subscribe daily at:noon", "is not a time of day"),
    ("/digest subscribe daily tz:Nowhere/Town", "is not a time zone"),
    ('/digest subscribe cron:"every day"', "is not a cron expression"),
    ("/digest frobnicate", "/digest takes subscribe, list, unsubscribe or now"),
    ("/digest list topic:x", "takes no options"),
    ("/digest unsubscribe 99", "no digest subscription #99"),
    ("/digest unsubscribe", "has no digest subscription"),
])
def test_bad_digest_commands_get_a_short_error(nd, text, message):
    answer = nd.ask(text, admin())
    assert answer.kind == "error" and message in answer.message


def test_changing_subscriptions_needs_rights_and_a_channel(nd):
    no_rights = Caller(platform="test", workspace="T1", channel="C100", user="U2", can_manage=False)
    assert "Only channel admins" in nd.ask("/digest subscribe daily", no_rights).message
    assert "Digests are posted to a channel" in nd.ask("/digest subscribe daily").message  # the CLI has none
    assert nd.ask("/digest subscribe daily", admin()).kind == "subscriptions"
    assert "already has a digest" in nd.ask("/digest subscribe weekly", admin()).message
    assert nd.ask("/digest subscribe weekly topic:bridge", admin()).kind == "subscriptions"  # another topic
    assert "several digests" in nd.ask("/digest unsubscribe", admin()).message
    assert "Only channel admins" in nd.ask("/digest unsubscribe 1", no_rights).message


def test_digest_now_previews_without_marking_anything_sent(nd):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        sub = nd.ask("/digest subscribe daily", admin()).subscriptions[0]
        assert sub.next_at == "2026-02-02T09:00+00:00"
        for _ in range(2):  # a preview changes nothing: the same twice
            preview = nd.ask("/digest now", admin())
            assert preview.kind == "digest" and preview.preview
            assert [s.title for s in preview.stories] == ["Port of Testhaven reopens"]
            assert preview.more[-1] == "/timeline" and preview.more[0] == "/who Ingrid Holm"
    assert nd.ask("/digest list", admin()).subscriptions[0].last_slot is None


def _chat(nd, text: str) -> str:
    import io

    from adapters.console import chat

    out = io.StringIO()
    chat(nd, stdin=io.StringIO(text), stdout=out)
    return out.getvalue()


def test_the_console_is_a_channel_that_subscribes_lists_and_gets_its_digest(nd, tmp_path):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        text = _chat(nd, "/digest now\n/digest subscribe hourly\n/digest subscribe daily\n/digest subscribe weekly\n"
                         "/digest list\n")
    assert "Preview: next digest for console" in text and "Port of Testhaven reopens" in text
    assert "error: 'hourly' is not a schedule" in text  # checked as on the platforms
    assert "Subscribed console to a digest, daily at 09:00 (UTC)" in text
    assert "error: This channel already has a digest: #1, daily at 09:00 (UTC)." in text
    assert "1 digest subscription:\n  #1 console: daily at 09:00 (UTC); next 2026-02-02 09:00+00:00" in text
    nd.close()

    from digest_support import desk

    again = desk(tmp_path)  # a restart: the subscription is in the index
    with time_machine.travel(local(2026, 2, 2, 9, 30), tick=False):
        assert "#1 console: daily at 09:00 (UTC)" in _chat(again, "/digest list\n")
    with time_machine.travel(local(2026, 2, 2, 10, 5), tick=False):  # 09:05 UTC: the 09:00 digest is due
        first = _chat(again, "/who Ingrid Holm\n")
        second = _chat(again, "/who Ingrid Holm\n")
    assert first.index("Digest for console") < first.index("newsdesk> /who Ingrid Holm")
    assert "Port of Testhaven reopens" in first and "Preview" not in first
    assert "Digest for console" not in second  # printed once: the slot is sent
    assert again.ask("/digest list", admin()).subscriptions == []  # another workspace's channels are not listed


def test_cli_digest_preview_prints_what_a_channel_would_get(nd, tmp_path):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        nd.ask("/digest subscribe daily topic:harbour", admin(channel="C100", name="#harbour"))
    nd.close()
    base = [sys.executable, "-m", "bot", "digest"]
    where = ["--corpus", str(tmp_path / "corpus"), "--db", str(tmp_path / "index.sqlite")]
    run = subprocess.run([*base, "preview", "--channel", "#harbour", "--json", *where],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    digest = json.loads(run.stdout)
    assert digest["kind"] == "digest" and digest["preview"] and digest["topic"] == "harbour"
    assert digest["channel"] == "#harbour"
    text = subprocess.run([*base, "preview", "--channel", "C100", *where], capture_output=True, text=True, timeout=120)
    assert text.returncode == 0 and text.stdout.startswith("Preview: next digest for #harbour on “harbour”")
    missing = subprocess.run([*base, "preview", "--channel", "#nowhere", *where], capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode == 2 and "no digest subscription for channel '#nowhere'" in missing.stderr
    listed = subprocess.run([*base, "list", *where], capture_output=True, text=True, timeout=120)
    assert "#1 #harbour: daily at 09:00 (UTC), on “harbour”" in listed.stdout
    assert "channels with one: #harbour" in missing.stderr


def test_cli_digest_preview_of_the_console(nd, tmp_path):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        _chat(nd, "/digest subscribe daily at:07:30\n")
    nd.close()
    where = ["--corpus", str(tmp_path / "corpus"), "--db", str(tmp_path / "index.sqlite")]
    run = subprocess.run([sys.executable, "-m", "bot", "digest", "preview", "--channel", "console", *where],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Preview: next digest for console\n") and "Port of Testhaven reopens" in run.stdout
    asked = subprocess.run([sys.executable, "-m", "bot", "ask", "/digest list", *where], capture_output=True, text=True,
                           timeout=120)  # `newsdesk ask` is the console too
    assert asked.returncode == 0 and "#1 console: daily at 07:30 (UTC)" in asked.stdout, asked.stderr


# ---- schedules checked before they are stored; bad rows stored earlier listed, not fatal ----------------------

@pytest.mark.parametrize(("text", "message"), [
    ('/digest subscribe cron:"0 0 30 2 *"', "does not fire within a year"),  # 30 February never comes
    ('/digest subscribe cron:"0 0 29 2 *"', "does not fire within a year"),  # the next 29 February is in 2028
    ('/digest subscribe cron:"* * * * *"', "1 minute apart; digests are at most one every 1 hour"),
    ('/digest subscribe cron:"*/20 8-10 * * 1-5"', "20 minutes apart"),
    ('/digest subscribe cron:"0,30 9 * * *"', "30 minutes apart"),
    ("/digest subscribe daily tz:" + "A" * 300, "is not a time zone"),
    ("/digest subscribe daily tz:../../etc/passwd", "is not a time zone"),
    ("/digest subscribe daily tz:Europe/" + "x" * 420, "is not a time zone"),
    ("/digest subscribe cron:\"" + "1," * 150 + "2 9 * * *\"", "is not a cron expression"),
])
def test_invalid_schedules_are_refused_with_a_short_message_and_never_stored(nd, text, message):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        answer = nd.ask(text, admin())
    assert answer.kind == "error" and message in answer.message, answer
    assert len(answer.message) < 220  # a long value is cut in the message, not repeated whole
    assert nd.ask("/digest list", admin()).subscriptions == []


@pytest.mark.parametrize("text", [
    'cron:"0 * * * *"',  # hourly: exactly the minimum
    'cron:"30 1,2 * * *" tz:Europe/Berlin',  # an hour apart on the wall clock, also on the day clocks go forward
    'cron:"0 9 29 2 1"',  # day of month OR weekday, as cron reads it: every Monday
    "weekly fri at:17:00 tz:America/New_York",
])
def test_valid_schedules_are_accepted(nd, text):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        assert nd.ask(f"/digest subscribe {text}", admin()).kind == "subscriptions"


def test_an_admin_setting_allows_a_shorter_interval(tmp_path):
    from digest_support import desk

    nd = desk(tmp_path, digest_min_interval_minutes=15)
    assert "5 minutes apart" in nd.ask('/digest subscribe cron:"*/5 * * * *"', admin()).message
    assert nd.ask('/digest subscribe cron:"*/15 * * * *"', admin()).kind == "subscriptions"


def _store_bad_rows(nd):
    """Rows as an older newsdesk stored them, before schedules were checked."""
    from bot.store.digest_store import DigestStore

    store = DigestStore(nd.repo)
    for channel, cron, tz in (("C201", "0 0 30 2 *", "UTC"), ("C202", "0 9 * * *", "A" * 300),
                              ("C203", "not cron", "UTC")):
        store.subscribe(platform="test", workspace="T1", channel=channel, channel_name=f"#{channel.lower()}",
                        cron=cron, tz=tz, topic=None, created_by="U1", now=1.0e9, watermark=1.0e9)


def test_bad_rows_stored_earlier_are_listed_as_invalid_and_do_not_break_the_list(nd, caplog):
    import asyncio
    import logging

    from digest_support import Recorder

    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        nd.ask("/digest subscribe daily", admin())
        _store_bad_rows(nd)
        listed = nd.ask("/digest list", admin())
    assert listed.kind == "subscriptions" and len(listed.subscriptions) == 4
    good, *bad = listed.subscriptions
    assert good.invalid is None and good.next_at == "2026-02-02T09:00+00:00"
    assert [b.invalid for b in bad] == [
        "it does not fire within a year",
        "unknown time zone 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…'",
        "not a cron expression: 'not cron'",
    ]
    from adapters.console import render

    text = render(listed)
    assert "#2 #c201: cron 0 0 30 2 * (UTC): invalid, not posted (it does not fire within a year)" in text

    recorder = Recorder()  # the scheduler skips them with one warning each, and posts the good one
    nd.digests.register("test", recorder)
    caplog.set_level(logging.WARNING, logger="bot.digest.scheduler")
    with time_machine.travel(local(2026, 2, 2, 10, 0, 5), tick=False):  # 09:00 UTC
        for _ in range(3):
            asyncio.run(nd.digests.poll())
    assert [channel for channel, _, _ in recorder.posts] == ["C100"]
    warnings = [r.getMessage() for r in caplog.records if "schedule cannot run" in r.getMessage()]
    assert len(warnings) == 3 and not [r for r in caplog.records if r.exc_info]


def test_cli_digest_list_shows_bad_rows_as_invalid(nd, tmp_path):
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        _store_bad_rows(nd)
    nd.close()
    where = ["--corpus", str(tmp_path / "corpus"), "--db", str(tmp_path / "index.sqlite")]
    run = subprocess.run([sys.executable, "-m", "bot", "digest", "list", *where], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("invalid, not posted") == 3 and "Traceback" not in run.stderr
    as_json = subprocess.run([sys.executable, "-m", "bot", "digest", "list", "--json", *where], capture_output=True,
                             text=True, timeout=120)
    assert as_json.returncode == 0 and '"invalid": "not a cron expression' in as_json.stdout
