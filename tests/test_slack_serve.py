"""``serve(newsdesk, settings)``, the code path of ``newsdesk run``, in both modes against the fake Slack.

Socket Mode: it must dial the websocket URL that ``apps.connections.open``
handed out. HTTP mode: its aiohttp server must answer correctly signed
requests and refuse a bad signature or a stale timestamp with 401.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from urllib.parse import urlencode, urlsplit

import aiohttp
import pytest
from fake_slack import FakeSlack, mention, newsdesk_settings
from slack_sdk.signature import SignatureVerifier
from waits import held_answers

from adapters.slack.startup import EVENTS_PATH, configured, serve, socket_mode

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@contextlib.asynccontextmanager
async def serving(newsdesk, settings):
    """``serve`` as ``newsdesk run`` runs it: a task, stopped by cancelling it."""
    task = asyncio.create_task(serve(newsdesk, settings))
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_serve_in_socket_mode_dials_the_url_slack_hands_out(seeds_desk):
    async with FakeSlack() as slack, serving(seeds_desk, newsdesk_settings(slack)):
        await slack.wait_for(lambda: slack.socket_paths, what="a websocket connection")
        _, response = await slack.command("/who", "Witkoff")
    opened = slack.calls_to("apps.connections.open")
    assert [c.token for c in opened] == ["xapp-test"]
    handed_out = urlsplit(slack.socket_urls[0])
    assert slack.socket_paths == [f"{handed_out.path}?{handed_out.query}"]
    assert response.body["response_type"] == "in_channel" and "Steve Witkoff" in response.body["text"]


def signed(body: str, timestamp: int, secret: str = SECRET) -> dict:
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


@pytest.fixture
async def http_mode(seeds_desk):
    """A fake Slack, and ``serve`` in HTTP mode on a free loopback port; yields (slack, events URL)."""
    port = free_port()
    async with FakeSlack() as slack:
        settings = newsdesk_settings(slack, SLACK_APP_TOKEN=None, SLACK_SIGNING_SECRET=SECRET,
                                     http_host="127.0.0.1", http_port=port)
        async with serving(seeds_desk, settings), aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
            await slack.wait_for(lambda: _listening(port), what="the HTTP server")
            yield slack, url, http


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def slash_form(slack: FakeSlack, command: str, text: str) -> str:
    return urlencode(slack.slash_command(command, text)["payload"])


async def test_http_mode_answers_a_signed_slash_command(http_mode, seeds_desk):
    slack, url, http = http_mode
    body = slash_form(slack, "/who", "Witkoff")
    headers = signed(body, int(time.time())) | {"Content-Type": "application/x-www-form-urlencoded"}
    with held_answers(seeds_desk) as answers:  # the ack must not wait for the answer
        async with http.post(url, data=body, headers=headers) as reply:
            assert reply.status == 200
            assert await reply.text() == ""
        assert answers.held and slack.calls_to("response_url") == []
    response = (await slack.wait_for(lambda: slack.calls_to("response_url"), what="the answer"))[0]
    assert response.body["response_type"] == "in_channel" and "Steve Witkoff" in response.body["text"]


@pytest.mark.parametrize(
    ("case", "age", "secret"),
    [("bad signature", 0, "not-the-secret"), ("timestamp 6 minutes old", 6 * 60, SECRET)],
)
async def test_http_mode_refuses_unsigned_or_stale_requests(http_mode, case, age, secret):
    slack, url, http = http_mode
    body = slash_form(slack, "/who", "Witkoff")
    headers = signed(body, int(time.time()) - age, secret) | {"Content-Type": "application/x-www-form-urlencoded"}
    async with http.post(url, data=body, headers=headers) as reply:
        assert reply.status == 401, case
    await asyncio.sleep(0.1)
    assert slack.calls_to("response_url") == []


async def test_http_mode_answers_a_retried_event_once(http_mode):
    slack, url, http = http_mode
    envelope = slack.event(mention("who Witkoff", ts="1700000900.000001"), event_id="Ev0HTTP001")
    body = json.dumps(envelope["payload"])
    for retry in (None, "1"):
        headers = signed(body, int(time.time())) | {"Content-Type": "application/json"}
        if retry:
            headers |= {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"}
        async with http.post(url, data=body, headers=headers) as reply:
            assert reply.status == 200
    await slack.wait_for(lambda: slack.calls_to("chat.postMessage"), what="the reply")
    await asyncio.sleep(0.2)
    posts = slack.calls_to("chat.postMessage")
    assert [(p.body["channel"], p.body["thread_ts"], p.token) for p in posts] == [("C0001", "1700000900.000001", "xoxb-test")]


def test_configured_needs_a_bot_token_and_one_way_in():
    assert configured(newsdesk_settings(SLACK_SIGNING_SECRET=None))
    assert configured(newsdesk_settings(SLACK_APP_TOKEN=None, SLACK_SIGNING_SECRET=SECRET))
    assert not configured(newsdesk_settings(SLACK_APP_TOKEN=None))
    assert not configured(newsdesk_settings(SLACK_BOT_TOKEN=None))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"slack_mode": "auto"}, True),
        ({"slack_mode": "auto", "SLACK_APP_TOKEN": None, "SLACK_SIGNING_SECRET": SECRET}, False),
        ({"slack_mode": "http", "SLACK_SIGNING_SECRET": SECRET}, False),
        ({"slack_mode": "Socket"}, True),
        ({"slack_mode": "socket", "SLACK_APP_TOKEN": None, "SLACK_SIGNING_SECRET": SECRET}, "SLACK_APP_TOKEN"),
        ({"slack_mode": "http"}, "SLACK_SIGNING_SECRET"),
        ({"slack_mode": "webhook"}, "socket, http or auto"),
    ],
)
def test_mode_choice_and_what_is_missing(values, expected):
    settings = newsdesk_settings(**values)
    if isinstance(expected, bool):
        assert socket_mode(settings) is expected
    else:
        with pytest.raises(ValueError, match=expected):
            socket_mode(settings)


async def test_http_mode_answers_slacks_url_check(http_mode):
    """Saving the Request URL in Slack's settings sends this challenge; it must come back."""
    _, url, http = http_mode
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    headers = signed(body, int(time.time())) | {"Content-Type": "application/json"}
    async with http.post(url, data=body, headers=headers) as reply:
        assert reply.status == 200
        assert (await reply.json())["challenge"].startswith("3eZbrw1aBm2")


@pytest.mark.parametrize("metrics_port", ["chosen", "default"])
async def test_http_mode_keeps_healthz_and_metrics_off_the_public_port(seeds_desk, metrics_port):
    """``newsdesk run`` in HTTP mode: Slack's port answers only /slack/events; the probes have their own port,
    NEWSDESK_METRICS_PORT, or the one after NEWSDESK_HTTP_PORT, on loopback."""
    from bot import cli

    from adapters.slack import startup

    public = free_port()
    private = free_port() if metrics_port == "chosen" else public + 1
    async with FakeSlack() as slack:
        settings = newsdesk_settings(slack, SLACK_APP_TOKEN=None, SLACK_SIGNING_SECRET=SECRET, http_host="127.0.0.1",
                                     http_port=public, **({"metrics_port": private} if metrics_port == "chosen" else {}))
        task = asyncio.create_task(cli._serve_all(seeds_desk, settings, [("slack", startup)]))
        try:
            await slack.wait_for(lambda: _listening(public) and _listening(private), what="both servers")
            async with aiohttp.ClientSession() as http:
                for path in ("/healthz", "/metrics"):
                    async with http.get(f"http://127.0.0.1:{public}{path}") as response:
                        assert response.status == 404, path
                async with http.get(f"http://127.0.0.1:{private}/healthz") as response:
                    assert response.status == 200
                    assert await response.json() == {"status": "ok", "checks": {"index": "ok", "slack": "ok"}}
                async with http.get(f"http://127.0.0.1:{private}/metrics") as response:
                    assert response.status == 200 and response.content_type == "text/plain"
                    assert "newsdesk_articles_indexed 5.0" in await response.text()
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
