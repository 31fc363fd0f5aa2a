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


def test_console_chat_previews_the_digest(nd):
    import io

    from adapters.console import chat

    out = io.StringIO()
    with time_machine.travel(local(2026, 2, 2, 8, 0), tick=False):
        chat(nd, stdin=io.StringIO("/digest now\n/digest subscribe daily\n"), stdout=out)
    text = out.getvalue()
    assert "Preview: next digest" in text and "Port of Testhaven reopens" in text and "Ingrid Holm" in text
    assert "error: Digests are posted to a channel" in text


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
