"""The real bolt app in Socket Mode against the fake Slack: what reaches Slack, and when.

Each test connects ``build_app`` through bolt's own ``AsyncSocketModeHandler``
to ``tests/fake_slack.py``, pushes envelopes shaped as Slack sends them, and
asserts on the acks, messages and responses the fake recorded.
"""
from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from fake_slack import BOT_ID, BOT_USER_ID, FakeSlack, direct_message, mention, newsdesk_settings
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.http_retry import builtin_async_handlers
from waits import held_answers, recorded_sleeps

from adapters.slack.commands import slash_commands
from adapters.slack.paging import more_value
from adapters.slack.startup import build_app
from bot import Newsdesk

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@contextlib.asynccontextmanager
async def socket_mode_app(newsdesk, **settings):
    """A fake Slack and the real app connected to it through bolt's Socket Mode handler."""
    async with FakeSlack() as slack:
        handler = AsyncSocketModeHandler(build_app(newsdesk, newsdesk_settings(slack, **settings)), "xapp-test")
        await handler.connect_async()
        try:
            yield slack
        finally:
            await handler.close_async()


@pytest.fixture
async def slack(seeds_desk):
    async with socket_mode_app(seeds_desk) as fake:
        yield fake


async def command(slack: FakeSlack, name: str, text: str):
    """A slash command's (ack, response); that no ack waits for its answer: test_acks_do_not_wait_for_the_answer."""
    return await slack.command(name, text)


def section_texts(blocks: list[dict]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] in ("section", "header"))


async def test_slash_command_is_acked_then_answered_in_channel(slack):
    ack, response = await command(slack, "/who", "Witkoff")
    assert ack.payload is None  # an empty ack: the answer comes through response_url
    assert response.status == 200
    assert response.body["response_type"] == "in_channel"
    header = {"type": "plain_text", "text": "Steve Witkoff", "emoji": False}
    assert response.body["blocks"][0] == {"type": "header", "text": header}
    assert response.body["text"].startswith("Steve Witkoff\n")


async def test_ack_does_not_wait_for_a_slow_answer(tmp_path):
    """The first question of a fresh Newsdesk indexes the corpus first; Slack gets its ack meanwhile."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in SEEDS.iterdir():
        (corpus / article.name).write_bytes(article.read_bytes())
    with Newsdesk(corpus=corpus, db=tmp_path / "x.sqlite") as fresh:
        async with socket_mode_app(fresh) as slack:
            ack, response = await command(slack, "/who", "Witkoff")
    assert ack.at < response.at
    assert "Steve Witkoff" in response.body["text"]


@pytest.mark.parametrize("kind", ["slash command", "mention", "direct message", "More button"])
async def test_acks_do_not_wait_for_the_answer(slack, seeds_desk, kind):
    """Slack gives up on an envelope not acked within 3 s: every kind is acked while its answer is held back."""
    envelope = {
        "slash command": lambda: slack.slash_command("/who", "Witkoff"),
        "mention": lambda: slack.event(mention("who Witkoff", ts="1700000050.000001")),
        "direct message": lambda: slack.event(direct_message("who Witkoff", ts="1700000050.000002")),
        "More button": lambda: slack.block_action(more_value("/sources", 2) or "", channel="C0001",
                                                  message_ts="1700000050.000003"),
    }[kind]()

    def answered():
        return slack.calls_to("chat.postMessage") + slack.calls_to("response_url")

    with held_answers(seeds_desk) as answers:
        await slack.push(envelope)
        await slack.ack_of(envelope["envelope_id"])
        assert answers.held and answered() == []
    await slack.wait_for(answered, what="the answer once released")


@pytest.mark.parametrize(
    ("name", "text", "kind_marker", "response_type"),
    [
        ("/quote", "conditions by: Rudenko", "Andrey Rudenko", "in_channel"),
        ("/timeline", "Anchorage", "2025-08-15", "in_channel"),
        ("/search", "Abu Dhabi", "Abu", "in_channel"),
        ("/sources", "", "000_d9cb14a7106406d8", "in_channel"),
        ("/newsdesk", "who Witkoff", "Steve Witkoff", "in_channel"),
        ("/newsdesk", "when did Putin and Trump meet in Alaska?", "2025-08-15", "in_channel"),
        ("/newsdesk", "help", "/who &lt;name&gt;", "ephemeral"),
        ("/newsdesk", "", "/who &lt;name&gt;", "ephemeral"),
        ("/who", "", "/who needs a name", "ephemeral"),
        ("/who", "Vladimir", "Vladimir Putin", "ephemeral"),
        ("/who", "Nobody Atall", "No one called", "ephemeral"),
    ],
)
async def test_commands_answer_with_the_visibility_of_their_kind(slack, name, text, kind_marker, response_type):
    _, response = await command(slack, name, text)
    assert response.body["response_type"] == response_type
    assert kind_marker in section_texts(response.body["blocks"])


async def test_every_registered_command_is_answered(slack):
    """Bolt leaves an unregistered command unacknowledged: every name answers, none is missing."""
    for slash in slash_commands().values():
        _, response = await command(slack, slash, "")
        assert response.status == 200 and response.body["blocks"]


async def test_renamed_commands_are_the_ones_answered(seeds_desk):
    async with socket_mode_app(seeds_desk, slack_commands={"who": "/nd-who"}) as slack:
        _, response = await command(slack, "/nd-who", "Witkoff")
        assert "Steve Witkoff" in section_texts(response.body["blocks"])
        envelope = slack.slash_command("/who", "Witkoff")
        await slack.push(envelope)
        _, help_response = await command(slack, "/newsdesk", "help")
        assert "`/nd-who &lt;name&gt;`" in section_texts(help_response.body["blocks"])
        assert envelope["envelope_id"] not in slack.acks  # /who is no longer ours


async def test_mention_is_answered_in_its_thread_with_citations(slack):
    envelope = slack.event(mention("when did Putin and Trump meet in Alaska?", ts="1700000100.000100"))
    await slack.push(envelope)
    await slack.ack_of(envelope["envelope_id"])
    post = (await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), what="a reply"))[0]
    assert post.body["channel"] == "C0001"
    assert post.body["thread_ts"] == "1700000100.000100"
    assert post.body["link_names"] is False
    text = section_texts(post.body["blocks"])
    assert "2025-08-15" in text and "*[1]*" in text


async def test_mention_inside_a_thread_replies_to_that_thread(slack):
    envelope = slack.event(mention("who Witkoff", ts="1700000200.000200", thread_ts="1700000150.000001"))
    await slack.push(envelope)
    post = (await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), what="a reply"))[0]
    assert post.body["thread_ts"] == "1700000150.000001"


async def test_direct_message_is_answered_and_bot_messages_are_not(slack):
    ignored = [
        direct_message("/who Witkoff", ts="1700000300.000001", user=BOT_USER_ID, bot_id=BOT_ID),  # our own
        direct_message("/who Witkoff", ts="1700000300.000002", bot_id="BOTHER01", subtype="bot_message"),
        direct_message("/who Witkoff", ts="1700000300.000003", subtype="message_changed"),
        {**direct_message("/who Witkoff", ts="1700000300.000004"), "channel_type": "channel"},
    ]
    for event in ignored:
        envelope = slack.event(event)
        await slack.push(envelope)
        await slack.ack_of(envelope["envelope_id"])
    envelope = slack.event(direct_message("/who Witkoff", ts="1700000300.000009"))
    await slack.push(envelope)
    await slack.ack_of(envelope["envelope_id"])
    posts = await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), what="the DM reply")
    assert [(p.body["channel"], p.body["thread_ts"]) for p in posts] == [("D0001", "1700000300.000009")]
    assert "Steve Witkoff" in section_texts(posts[0].body["blocks"])


async def test_retried_event_is_answered_once(slack):
    event = mention("who Witkoff", ts="1700000400.000001")
    first = slack.event(event, event_id="Ev0RETRY01")
    await slack.push(first)
    await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), what="the first reply")
    retry = slack.event(event, event_id="Ev0RETRY01", retry_attempt=1)
    await slack.push(retry)
    await slack.ack_of(retry["envelope_id"])
    # a later, different event is answered: by then the retry would have been too
    await slack.push(slack.event(mention("who Witkoff", ts="1700000400.000002")))
    await slack.wait_for(lambda: len(slack.calls_to("chat.postMessage")) >= 2, what="the second reply")
    await asyncio.sleep(0.1)  # room for a late duplicate to show up
    posts = slack.calls_to("chat.postMessage")
    assert sorted(p.body["thread_ts"] for p in posts) == ["1700000400.000001", "1700000400.000002"]


async def test_rate_limited_post_is_retried_after_retry_after(slack, monkeypatch):
    sleeps = recorded_sleeps(monkeypatch, builtin_async_handlers,
                             lambda: [c.status for c in slack.calls_to("chat.postMessage", status=None)])
    slack.rate_limit("chat.postMessage", 1)
    await slack.push(slack.event(direct_message("who Witkoff", ts="1700000500.000001")))
    delivered = await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), timeout=8, what="the retried post")
    refused = slack.calls_to("chat.postMessage", status=429)
    assert len(refused) == 1 and len(delivered) == 1
    # Retry-After: 1 was honoured: one wait of 1 s and up (slack_sdk adds jitter), after the 429, before the retry
    [(wait, seen)] = sleeps
    assert 1 <= wait < 2 and seen == [429]
    assert refused[0].at < delivered[0].at
    assert delivered[0].body["blocks"] == refused[0].body["blocks"]


async def test_more_button_with_a_value_it_cannot_read_gets_an_apology(slack):
    envelope = slack.block_action("not-a-page", channel="C0001", message_ts="1700000600.000001")
    await slack.push(envelope)
    await slack.ack_of(envelope["envelope_id"])
    response = await slack.wait_for(lambda: slack.calls_to("response_url"), what="the apology")
    assert response[0].body["response_type"] == "ephemeral"
    assert "Sorry, something went wrong" in section_texts(response[0].body["blocks"])
