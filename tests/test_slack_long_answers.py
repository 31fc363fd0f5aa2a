"""Untrusted and long answers: article text never pings, and long answers page with "More".

The corpus is written here: 60 short articles whose titles, outlets and
quotes are full of Slack mention markup (``<!channel>``, ``<@U…>``, bare
``@here``...), so /sources runs over one page and every answer kind carries
text that would ping if it reached Slack unescaped.
"""
from __future__ import annotations

import re

import pytest
from fake_slack import FakeSlack, block_problems, direct_message, newsdesk_settings
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from waits import held_answers

from adapters.slack.paging import MORE_ACTION, page, read_more_value
from adapters.slack.render import render
from adapters.slack.startup import build_app
from bot import Newsdesk

ARTICLES = 60
LIVE_MARKUP = re.compile(r"<[^>]*>")  # any Slack control sequence: <!here>, <@U1>, <#C1>, <http://x|y>
BARE_BROADCAST = re.compile(r"(?<![\w.+-])@(channel|here|everyone)\b", re.IGNORECASE)
ASKED = [
    "/who Anna Berg",
    "/quote harbour",
    "/timeline harbour",
    "/search harbour",
    "/sources",
    "when did Anna Berg open the harbour wing 7?",
    "/who Nobody @here",  # the user's own text, echoed in not_found
]


@pytest.fixture(scope="module")
def pinging_desk(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("pinging")
    for i in range(ARTICLES):
        day = i % 28 + 1
        (corpus / f"harbour_{i:03d}.txt").write_text(
            f"title: Harbour wing {i} opens <!channel> & @here\n"
            f"outlet: Gazette <@U0123ABC>\n"
            f"published: 2024-03-{day:02d}\n"
            "---\n"
            f"Mayor Anna Berg opened harbour wing {i} on March {day}, 2024, with <!everyone> from <#C0123ABC|general>.\n"
            f'"The harbour <!here> is open to <@U0999XYZ> and @everyone, see <https://evil.example|this>," Berg said.\n',
            encoding="utf-8",
        )
    with Newsdesk(corpus=corpus, db=corpus / "x.sqlite") as desk:
        desk.index()
        yield desk


def texts(message_body: dict) -> list[tuple[dict | None, str]]:
    """Every text a Slack client shows for a message: (its text object or None for ``text``, the text)."""
    found = [(None, message_body.get("text") or "")]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append((node, node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message_body.get("blocks") or [])
    return found


def assert_nothing_pings(message_body: dict) -> None:
    for obj, text in texts(message_body):
        assert not LIVE_MARKUP.search(text), f"live Slack markup in {text!r}"
        assert not BARE_BROADCAST.search(text), f"bare broadcast word in {text!r}"
        if obj is not None and obj["type"] == "mrkdwn":
            assert obj.get("verbatim") is True, f"mrkdwn parsed by Slack: {text!r}"


def all_pages(desk, asked: str) -> list:
    rendered = render(desk.ask(asked))
    first = page(rendered, asked)
    return [first] + [page(rendered, asked, n) for n in range(2, first.pages + 1)]


@pytest.mark.parametrize("asked", ASKED)
def test_article_text_never_pings(pinging_desk, asked):
    answer = pinging_desk.ask(asked)
    assert "<!" in answer.model_dump_json() or "@here" in answer.model_dump_json()  # the danger is really there
    for message in all_pages(pinging_desk, asked):
        assert_nothing_pings({"text": message.text, "blocks": message.blocks})
        assert block_problems(message.blocks) == []


def test_escaped_text_still_reads_as_written(pinging_desk):
    message = page(render(pinging_desk.ask("/quote harbour")), "/quote harbour")
    quote = message.blocks[1]["text"]["text"]
    assert "The harbour &lt;!here&gt; is open to &lt;@U0999XYZ&gt; and @\u2060everyone" in quote


def _article_ids(blocks: list[dict]) -> list[str]:
    # an article's own id, not the story it is grouped in ("· story harbour_027": two openings on one day read alike)
    return re.findall(r"(?<!story )harbour_\d{3}", "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section"))


def test_long_answer_pages_cover_every_item_once(pinging_desk):
    pages = all_pages(pinging_desk, "/sources")
    assert len(pages) > 1
    ids = [i for p in pages for i in _article_ids(p.blocks)]
    assert ids == [f"harbour_{i:03d}" for i in range(ARTICLES)]
    for number, p in enumerate(pages, 1):
        assert p.number == number and len(p.blocks) <= 50
        buttons = [b for b in p.blocks if b["type"] == "actions"]
        if number < len(pages):
            assert read_more_value(buttons[0]["elements"][0]["value"]) == ("/sources", number + 1)
        else:
            assert buttons == []


def test_more_past_the_end_gives_the_last_page(pinging_desk):
    rendered = render(pinging_desk.ask("/sources"))
    last = page(rendered, "/sources", 99)
    assert last.number == last.pages and not [b for b in last.blocks if b["type"] == "actions"]


async def _connected(desk, slack):
    handler = AsyncSocketModeHandler(build_app(desk, newsdesk_settings(slack)), "xapp-test")
    await handler.connect_async()
    return handler


def _more_value(body: dict) -> str | None:
    for block in body["blocks"]:
        if block["type"] == "actions" and block["elements"][0]["action_id"] == MORE_ACTION:
            return block["elements"][0]["value"]
    return None


async def test_more_button_pages_a_slash_command_answer(pinging_desk):
    async with FakeSlack() as slack:
        handler = await _connected(pinging_desk, slack)
        try:
            await slack.push(slack.slash_command("/sources", ""))
            bodies = [(await slack.wait_for(lambda: slack.calls_to("response_url"), what="page 1"))[0].body]
            while (value := _more_value(bodies[-1])) is not None:
                press = slack.block_action(value, channel="C0001", message_ts=f"1700000700.{len(bodies):06d}")
                with held_answers(pinging_desk) as answers:  # the ack must not wait for the next page
                    await slack.push(press)
                    await slack.ack_of(press["envelope_id"])
                    assert answers.held and len(slack.calls_to("response_url")) == len(bodies)
                count = len(bodies) + 1
                bodies.append((await slack.wait_for(lambda: len(slack.calls_to("response_url")) >= count
                                                   and slack.calls_to("response_url"), what="next page"))[-1].body)
        finally:
            await handler.close_async()
    assert len(bodies) > 1
    assert all(b["response_type"] == "in_channel" and b["replace_original"] is False for b in bodies)
    assert [i for b in bodies for i in _article_ids(b["blocks"])] == [f"harbour_{i:03d}" for i in range(ARTICLES)]
    for body in bodies:
        assert_nothing_pings(body)


async def test_more_button_pages_a_thread_reply_in_its_thread(pinging_desk):
    async with FakeSlack() as slack:
        handler = await _connected(pinging_desk, slack)
        try:
            await slack.push(slack.event(direct_message("sources", ts="1700000800.000001")))
            first = (await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), what="page 1"))[0]
            press = slack.block_action(_more_value(first.body), channel="D0001", message_ts="1700000800.000002",
                                       thread_ts="1700000800.000001")
            await slack.push(press)
            posts = await slack.wait_for(lambda: len(slack.calls_to("chat.postMessage")) == 2
                                         and slack.calls_to("chat.postMessage"), what="page 2")
        finally:
            await handler.close_async()
    assert [(p.body["channel"], p.body["thread_ts"]) for p in posts] == [("D0001", "1700000800.000001")] * 2
    assert posts[1].body["blocks"][0]["elements"][0]["text"].startswith("page 2 of ")
    for post in posts:
        assert_nothing_pings(post.body)
