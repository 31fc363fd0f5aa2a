"""Text across the Slack boundary, command names, event dedupe and page buttons: plain values in, values out."""
from __future__ import annotations

import pytest

from adapters.slack.commands import core_text, slash_commands
from adapters.slack.dedupe import SeenEvents
from adapters.slack.mrkdwn import WORD_JOINER, clip, escape, to_plain
from adapters.slack.paging import more_value, read_more_value
from bot.store.deliveries import DeliveryLog
from bot.store.repository import Repository


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Tom & Jerry <b>", "Tom &amp; Jerry &lt;b&gt;"),
        ("<!channel> <!here|here> <@U123> <#C1|news>", "&lt;!channel&gt; &lt;!here|here&gt; &lt;@U123&gt; &lt;#C1|news&gt;"),
        ("ping @channel, @Here and @everyone now", f"ping @{WORD_JOINER}channel, @{WORD_JOINER}Here and @{WORD_JOINER}everyone now"),
        ("mail ann@here.org or @hereford", "mail ann@here.org or @hereford"),
        ("&amp; stays visible as typed", "&amp;amp; stays visible as typed"),
    ],
)
def test_escape(raw, safe):
    assert escape(raw) == safe


def test_clip_never_cuts_an_entity():
    assert clip("abcdef", 6) == "abcdef"
    assert clip("abc&amp;def", 6) == "abc…"
    assert clip("abcd &lt;x", 8) == "abcd…"
    assert len(clip("x" * 5000, 3000)) == 3000


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("<@UBOT> when did Putin and Trump meet?", "when did Putin and Trump meet?"),
        ("what did <@U42|ann> say to <@UBOT>?", "what did @ann say to ?"),
        ("news in <#C1|general> from <https://x.example/a|this page> or <https://x.example/b>",
         "news in #general from this page or https://x.example/b"),
        ("Abu Dhabi &amp; Moscow: 1 &lt; 2 &gt; 0 &amp;lt;", "Abu Dhabi & Moscow: 1 < 2 > 0 &lt;"),
        ("<!here> who  is\nthere", "@here who is there"),
        ("<!subteam^S1|@editors> and <|odd>", "@editors and odd"),
    ],
)
def test_to_plain(typed, plain):
    assert to_plain(typed, bot_user_id="UBOT") == plain


@pytest.mark.parametrize(
    ("command", "text", "core"),
    [
        ("who", "Witkoff", "/who Witkoff"),
        ("quote", "conditions  by: Rudenko", "/quote conditions by: Rudenko"),
        ("sources", "", "/sources"),
        ("newsdesk", "", "/help"),
        ("newsdesk", "help", "/help"),
        ("newsdesk", "who Witkoff", "/who Witkoff"),
        ("newsdesk", "/timeline Anchorage", "/timeline Anchorage"),
        ("newsdesk", "who is Witkoff?", "who is Witkoff?"),
        ("newsdesk", "What did Merz announce?", "What did Merz announce?"),
    ],
)
def test_core_text(command, text, core):
    assert core_text(command, text) == core


def test_slash_command_names_and_overrides():
    assert slash_commands() == {"who": "/who", "quote": "/quote", "timeline": "/timeline", "search": "/search",
                                "sources": "/sources", "digest": "/digest", "feed": "/feed", "add": "/add",
                                "newsdesk": "/newsdesk"}
    assert slash_commands({"who": "/nd-who"})["who"] == "/nd-who"
    with pytest.raises(ValueError, match="unknown command 'help'"):
        slash_commands({"help": "/nd-help"})
    with pytest.raises(ValueError, match="not a slash command"):
        slash_commands({"who": "nd who"})
    with pytest.raises(ValueError, match="share one name"):
        slash_commands({"who": "/quote"})


def test_seen_events_remembers_a_bounded_number():
    seen = SeenEvents(size=2)
    assert [seen.first_time(e) for e in ("E1", "E2", "E1", "E3", "E2", "E1")] == [True, True, False, True, True, True]
    with pytest.raises(ValueError, match="at least 1"):
        SeenEvents(size=0)


async def test_two_instances_on_one_database_handle_a_retried_event_once(index_db):
    """HTTP mode behind a load balancer: the retry reaches the other instance, which must not answer it again."""
    first = SeenEvents(shared=DeliveryLog(Repository(index_db)))
    second = SeenEvents(shared=DeliveryLog(Repository(index_db)))  # another process's connection
    handled = []

    async def handle():
        handled.append(1)

    event = {"type": "event_callback", "event_id": "Ev0123"}
    assert await first.middleware(event, handle) is None
    retry = await second.middleware(event, handle)
    assert retry.status == 200 and handled == [1]  # acknowledged, not handled again
    await second.middleware({"type": "event_callback", "event_id": "Ev0456"}, handle)
    assert handled == [1, 1]


def test_more_value_round_trip_and_refusals():
    assert read_more_value(more_value("/quote «x» by: Ann", 3)) == ("/quote «x» by: Ann", 3)
    assert more_value("x" * 2000, 2) is None  # too long for a button value: no button rather than a broken one
    for bad in ("", "[]", '{"q": "x"}', '{"q": 1, "p": 2}', '{"q": "x", "p": 0}'):
        with pytest.raises(ValueError, match="not a newsdesk page button value"):
            read_more_value(bad)
