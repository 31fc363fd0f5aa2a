"""Slack HTTP mode against what anyone who reaches the port can send.

The real slack-bolt app is served by ``serve`` (the code path of ``newsdesk
run``) on loopback, twice, as two instances on one index behind one Request
URL. A signed slash command replayed as it is, to the same or to the other
instance, is answered once (its ``trigger_id``); malformed requests, signed
or not, get 400 or 401 and one short log line, never a 500 or a traceback.
"""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import socket
import time
from urllib.parse import urlencode

import aiohttp
import pytest
from conftest import SEEDS
from fake_slack import FakeSlack, newsdesk_settings

from adapters.slack.startup import EVENTS_PATH, serve
from bot import Newsdesk

SECRET = "d1c3e0a6b0f84c2e9a7b5c3d1e2f4a6b"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def sign(body: bytes, timestamp: str | None = None, secret: str = SECRET) -> dict:
    """Slack's headers for ``body``, computed over the raw bytes as Slack does."""
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + digest}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
async def two_instances(seeds_desk):
    """One fake Slack; two ``serve`` tasks in HTTP mode on one index (two Newsdesk objects, one database)."""
    other = Newsdesk(corpus=SEEDS, db=seeds_desk.repo.path)
    ports = [free_port(), free_port()]
    tasks = []
    try:
        async with FakeSlack() as slack:
            for desk, port in zip((seeds_desk, other), ports):
                settings = newsdesk_settings(slack, SLACK_APP_TOKEN=None, SLACK_SIGNING_SECRET=SECRET,
                                             http_host="127.0.0.1", http_port=port)
                tasks.append(asyncio.create_task(serve(desk, settings)))
            await slack.wait_for(lambda: all(_listening(p) for p in ports), what="both HTTP servers")
            async with aiohttp.ClientSession() as http:
                yield slack, [f"http://127.0.0.1:{p}{EVENTS_PATH}" for p in ports], http
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        other.close()


async def test_a_replayed_slash_command_is_answered_once_across_instances(two_instances):
    slack, urls, http = two_instances
    body = urlencode(slack.slash_command("/who", "Witkoff")["payload"]).encode()
    headers = sign(body) | {"Content-Type": FORM}  # the same body and signature, well inside five minutes
    for url in (urls[0], urls[0], urls[1]):
        async with http.post(url, data=body, headers=headers) as reply:
            assert reply.status == 200  # a copy is acknowledged, so a retrying sender stops
    await slack.wait_for(lambda: slack.calls_to("response_url"), what="the answer")
    await asyncio.sleep(0.5)  # time for a second answer, were there one
    answers = slack.calls_to("response_url")
    assert len(answers) == 1 and "Steve Witkoff" in answers[0].body["text"]

    fresh = urlencode(slack.slash_command("/who", "Witkoff")["payload"]).encode()  # a new trigger_id: a new command
    async with http.post(urls[1], data=fresh, headers=sign(fresh) | {"Content-Type": FORM}) as reply:
        assert reply.status == 200
    await slack.wait_for(lambda: len(slack.calls_to("response_url")) == 2, what="the second command's answer")


def _payload(value: str) -> bytes:
    return b"payload=" + value.encode()


DEEP = "[" * 50_000 + "]" * 50_000
MALFORMED = [  # (case, body, content type)
    ("invalid UTF-8", b"command=%2Fwho&text=\xff\xfe&trigger_id=1.2.3", FORM),
    ("payload not JSON", _payload("{not json"), FORM),
    ("payload nested 50,000 deep", _payload(DEEP), FORM),
    ("payload a JSON list", _payload("[1, 2]"), FORM),
    ("payload a JSON string", _payload('"x"'), FORM),
    ("JSON nested 50,000 deep", DEEP.encode(), JSON),
    ("JSON cut short", b'{"type": "event_callback", "event": {', JSON),
    ("JSON a list", b"[]", JSON),
    ("NUL bytes", b"\x00\x00", JSON),
    ("event not an object", json.dumps({"type": "event_callback", "event_id": "EvX1", "event": "x"}).encode(), JSON),
    ("authorizations a string", json.dumps({"type": "event_callback", "authorizations": "abc",
                                            "event": {"type": "app_mention"}}).encode(), JSON),
    ("unknown type", json.dumps({"type": 5}).encode(), JSON),
    ("form without a command", b"text=hello", FORM),
    ("unknown command", b"command=%2Fnope&text=x&trigger_id=9.9.9", FORM),
    ("actions not a list of objects", _payload(json.dumps({"type": "block_actions", "actions": "x"})), FORM),
    ("empty body", b"", FORM),
]


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
@pytest.mark.parametrize(("case", "body", "content_type"), MALFORMED, ids=[c[0] for c in MALFORMED])
async def test_a_malformed_request_gets_4xx_and_one_short_log_line(two_instances, caplog, signed, case, body,
                                                                   content_type):
    slack, urls, http = two_instances
    headers = {"Content-Type": content_type} | (sign(body) if signed else {})
    caplog.set_level(logging.INFO)
    caplog.clear()
    async with http.post(urls[0], data=body, headers=headers) as reply:
        status = reply.status
    await asyncio.sleep(0.1)  # a listener that ran after the ack would log by now
    assert status == 401 if not signed else status in (400, 401), (case, status)
    _assert_one_short_line(caplog.records, case)
    assert slack.calls_to("response_url") == [] and slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("timestamp", ["abc", "1e9", "-1", " 1", "9" * 30, str(int(time.time()) - 400)])
async def test_a_bad_timestamp_is_401_whatever_the_signature(two_instances, caplog, timestamp):
    slack, urls, http = two_instances
    body = urlencode(slack.slash_command("/who", "Witkoff")["payload"]).encode()
    caplog.set_level(logging.INFO)
    caplog.clear()
    async with http.post(urls[0], data=body, headers=sign(body, timestamp) | {"Content-Type": FORM}) as reply:
        assert reply.status == 401
    _assert_one_short_line(caplog.records, timestamp)


async def test_an_oversized_body_is_refused_before_it_is_read(two_instances, caplog):
    slack, urls, http = two_instances
    body = b"text=" + b"x" * (2 * 1024 * 1024)
    caplog.set_level(logging.INFO)
    caplog.clear()
    async with http.post(urls[0], data=body, headers=sign(body) | {"Content-Type": FORM}) as reply:
        assert reply.status == 413
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def _assert_one_short_line(records, case) -> None:
    ours = [r for r in records if r.name.startswith(("adapters", "slack_bolt", "aiohttp", "asyncio", "bot"))]
    assert not [r for r in ours if r.exc_info or r.levelno >= logging.ERROR], (case, [r.getMessage() for r in ours])
    noted = [r.getMessage() for r in ours if r.levelno >= logging.WARNING]
    assert len(noted) == 1 and "\n" not in noted[0] and len(noted[0]) < 200, (case, noted)
