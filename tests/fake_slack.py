"""A fake Slack on 127.0.0.1 for the Slack tests: Web API, response_url and Socket Mode.

The real slack-bolt and slack-sdk talk to it: ``slack_api_url`` points the
Web API client here, ``apps.connections.open`` hands out this server's
websocket, and envelopes carry this server's ``response_url``. Everything
that reaches it is recorded with its arrival time, so tests assert on what
Slack would have received, not on our own functions.

Like Slack, it refuses messages whose blocks break Block Kit's limits
(``invalid_blocks``), and it can answer a method with 429 + ``Retry-After``
a given number of times before it lets a call through. Messages posted with
``chat.postMessage`` are kept per channel, with their ``metadata``, and
``conversations.history`` returns them newest first (the metadata only with
``include_all_metadata``), paged by ``cursor``.

Faults for the exactly-once tests (``fault``): a method can answer late
(``slow``: it acts, then answers after a delay longer than the client's
timeout), act and drop the connection without an answer (``drop``), drop it
before acting (``drop_before``), act and never answer (``hang``), or hold
the request without acting until the client goes away or ``release`` is
called (``hold``: for killing the client before Slack got the post).

Payload shapes follow Slack's documentation of Socket Mode envelopes
(``slash_commands``, ``events_api``, ``interactive``) and of the
``app_mention``, ``message.im`` and ``block_actions`` payloads.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from fault_modes import after_acting, held_until

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0001"
APP_ID = "A0001"
USER_ID = "U0001"
MAX_BLOCKS = 50


@dataclass
class Call:
    """One request that reached the fake: a Web API method, or a post to a response_url."""

    method: str  # "chat.postMessage", "auth.test", ... or "response_url"
    path: str
    body: dict
    status: int
    at: float  # time.monotonic() on arrival
    token: str = ""  # from the Authorization header


@dataclass
class Ack:
    envelope_id: str
    payload: dict | None
    at: float


def block_problems(blocks) -> list[str]:
    """What Slack would refuse in ``blocks``: Block Kit limits, checked by slack_sdk's own models."""
    if blocks is None:
        return []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    problems = [f"{len(blocks)} blocks (max {MAX_BLOCKS})"] if len(blocks) > MAX_BLOCKS else []
    for i, raw in enumerate(blocks):
        block = Block.parse(raw)
        if block is None or block.type != raw.get("type"):
            problems.append(f"block {i}: unknown type {raw.get('type')!r}")
            continue
        try:
            block.validate_json()
        except SlackObjectFormationError as exc:
            problems.append(f"block {i} ({raw['type']}): {exc}")
    return problems


class FakeSlack:
    """Start with ``async with FakeSlack() as slack:``; read ``calls``, ``acks``; ``push`` envelopes."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.acks: dict[str, Ack] = {}
        self.pushed: dict[str, float] = {}
        self.socket_urls: list[str] = []  # handed out by apps.connections.open
        self.socket_paths: list[str] = []  # connected to
        self._rate_limits: dict[str, int] = {}
        self._refusals: dict[str, list[str]] = {}
        self.users: dict[str, dict] = {}  # users.info answers: user id -> {"is_admin": True, ...}
        self.channels: dict[str, list[dict]] = {}  # channel id -> messages posted there, oldest first
        self._faults: dict[str, list[tuple[str, float]]] = {}  # method -> [(mode, delay)] for the next calls
        self.arrived: dict[str, int] = {}  # method -> calls that reached the fake (answered or not)
        self.released = asyncio.Event()  # hanging and held calls return (too late) when set
        self.before_answer: dict[str, Callable[[], Awaitable[None]]] = {}  # method -> awaited between acting and answering
        self._sockets: list[web.WebSocketResponse] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------

    async def __aenter__(self) -> "FakeSlack":
        app = web.Application()
        app.router.add_post("/api/{method}", self._web_api)
        app.router.add_get("/api/{method}", self._web_api)
        app.router.add_post("/response/{id}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc) -> None:
        self.released.set()
        for ws in self._sockets:
            await ws.close()
        await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def refuse(self, method: str, error: str, times: int) -> None:
        """Answer the next ``times`` calls of ``method`` with ``{"ok": false, "error": error}``."""
        self._refusals[method] = [error] * times

    def fault(self, method: str, mode: str, times: int = 1, delay: float = 0.0) -> None:
        """The next ``times`` calls of ``method`` go wrong: ``slow`` (acts, answers ``delay`` s late), ``drop``
        (acts, closes the connection unanswered), ``drop_before`` (closes it without acting), ``hang`` (acts,
        never answers) or ``hold`` (neither acts nor answers until ``release()``; then acts if the client is
        still there)."""
        assert mode in ("slow", "drop", "drop_before", "hang", "hold"), mode
        self._faults.setdefault(method, []).extend([(mode, delay)] * times)

    def release(self) -> None:
        self.released.set()

    def messages_in(self, channel: str) -> list[dict]:
        return list(self.channels.get(channel, []))

    def rate_limit(self, method: str, times: int) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and ``Retry-After: 1``."""
        self._rate_limits[method] = times

    # -- the Web API and response_url -------------------------------------------

    async def _body(self, request: web.Request) -> dict:
        raw = await request.text()
        if raw.startswith("{"):
            return json.loads(raw)
        return dict(parse_qsl(raw)) | dict(request.query)

    def _record(self, method: str, request: web.Request, body: dict, status: int) -> None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.calls.append(Call(method, request.path_qs, body, status, time.monotonic(), token))

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await self._body(request)
        self.arrived[method] = self.arrived.get(method, 0) + 1
        faults = self._faults.get(method)
        if faults:
            mode, delay = faults.pop(0)
            return await self._faulty(method, request, body, mode, delay)
        if self._rate_limits.get(method, 0) > 0:
            self._rate_limits[method] -= 1
            self._record(method, request, body, 429)
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        if not request.headers.get("Authorization", "").startswith("Bearer x"):
            result = {"ok": False, "error": "not_authed"}
        elif self._refusals.get(method):
            result = {"ok": False, "error": self._refusals[method].pop()}
        else:
            result = self._answer(method, body)
            if method in self.before_answer:
                await self.before_answer[method]()
        self._record(method, request, body, 200)
        return web.json_response(result)

    async def _faulty(self, method: str, request: web.Request, body: dict, mode: str, delay: float) -> web.Response:
        if mode == "hold":
            if not await held_until(request, self.released):
                self._record(method, request, body, 499)  # the client went away: Slack never acted
                raise asyncio.CancelledError
        if mode == "drop_before":
            self._record(method, request, body, 0)
            request.transport.close()
            raise asyncio.CancelledError
        result = self._answer(method, body)  # Slack acts on the call ...
        if method in self.before_answer:
            await self.before_answer[method]()
        self._record(method, request, body, 200 if mode in ("slow", "hold") else 0)
        await after_acting(request, mode, delay, self.released)
        return web.json_response(result)

    def _answer(self, method: str, body: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "newsdesk",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "apps.connections.open":
            self.socket_urls.append(f"ws://127.0.0.1:{self.port}/socket?ticket=t{next(self._ids)}")
            return {"ok": True, "url": self.socket_urls[-1]}
        if method == "users.info":
            if body.get("user") not in self.users:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": body["user"], "team_id": TEAM_ID, "name": "someone", "deleted": False,
                                         "is_admin": False, "is_owner": False, "is_primary_owner": False,
                                         "is_bot": False, **self.users[body["user"]]}}
        if method == "chat.postMessage":
            problems = block_problems(body.get("blocks"))
            if problems:
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            if not body.get("channel"):
                return {"ok": False, "error": "channel_not_found"}
            ts = f"1700000000.{next(self._ids):06d}"
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID,
                       "text": body.get("text"), "ts": ts}
            if body.get("blocks"):
                blocks = body["blocks"]
                message["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
            if body.get("metadata"):
                metadata = body["metadata"]
                message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
            self.channels.setdefault(body["channel"], []).append(message)
            public = {k: v for k, v in message.items() if k != "metadata"}
            return {"ok": True, "channel": body["channel"], "ts": ts, "message": public}
        if method == "conversations.history":
            return self._history(body)
        return {"ok": False, "error": "unknown_method"}

    def _history(self, body: dict) -> dict:
        """conversations.history as Slack pages it: newest first, ``limit`` per page, ``next_cursor`` onwards."""
        channel = body.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        newest_first = list(reversed(self.channels.get(channel, [])))
        start = int(body.get("cursor") or 0)
        limit = int(body.get("limit") or 100)
        page = newest_first[start:start + limit]
        with_metadata = str(body.get("include_all_metadata")).lower() in ("true", "1")
        messages = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page]
        more = start + limit < len(newest_first)
        return {"ok": True, "messages": messages, "has_more": more, "pin_count": 0,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        problems = block_problems(body.get("blocks"))
        self._record("response_url", request, body, 400 if problems else 200)
        return web.Response(status=400, text="invalid_blocks") if problems else web.Response(text="ok")

    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/response/{next(self._ids)}"

    # -- Socket Mode --------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.socket_paths.append(request.path_qs)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP_ID},
                            "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if "envelope_id" in data:
                    self.acks[data["envelope_id"]] = Ack(data["envelope_id"], data.get("payload"), time.monotonic())
        return ws

    async def push(self, envelope: dict) -> str:
        """Send ``envelope`` to the connected app; returns its envelope_id."""
        await self.wait_for(lambda: self._sockets, what="a Socket Mode connection")
        await self._sockets[-1].send_json(envelope)
        self.pushed[envelope["envelope_id"]] = time.monotonic()
        return envelope["envelope_id"]

    # -- envelopes shaped as Slack sends them ----------------------------------------

    def slash_command(self, command: str, text: str, channel: str = "C0001") -> dict:
        return _envelope("slash_commands", {
            "token": "legacy", "team_id": TEAM_ID, "team_domain": "fake", "channel_id": channel,
            "channel_name": "news", "user_id": USER_ID, "user_name": "ann", "command": command, "text": text,
            "api_app_id": APP_ID, "is_enterprise_install": "false", "response_url": self.response_url(),
            "trigger_id": trigger_id(),
        }, accepts_response_payload=True)

    def event(self, event: dict, event_id: str | None = None, retry_attempt: int = 0) -> dict:
        envelope = _envelope("events_api", {
            "token": "legacy", "team_id": TEAM_ID, "api_app_id": APP_ID, "event": event, "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}", "event_time": 1700000000,
            "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
        })
        envelope["retry_attempt"] = retry_attempt
        envelope["retry_reason"] = "timeout" if retry_attempt else ""
        return envelope

    def block_action(self, value: str, channel: str, message_ts: str, thread_ts: str | None = None,
                     is_ephemeral: bool = False, action_id: str = "newsdesk_more") -> dict:
        container = {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": is_ephemeral}
        message = {"type": "message", "bot_id": BOT_ID, "ts": message_ts, "text": "…"}
        if thread_ts:
            container["thread_ts"] = message["thread_ts"] = thread_ts
        payload = {
            "type": "block_actions", "user": {"id": USER_ID, "username": "ann", "team_id": TEAM_ID},
            "api_app_id": APP_ID, "token": "legacy", "container": container, "trigger_id": trigger_id(),
            "team": {"id": TEAM_ID, "domain": "fake"}, "channel": {"id": channel, "name": "news"},
            "response_url": self.response_url(),
            "actions": [{"action_id": action_id, "block_id": "more", "type": "button", "value": value,
                         "text": {"type": "plain_text", "text": "More"}, "action_ts": "1700000001.000001"}],
        }
        if not is_ephemeral:
            payload["message"] = message
        return _envelope("interactive", payload)

    # -- what arrived -------------------------------------------------------------------

    def calls_to(self, method: str, status: int | None = 200) -> list[Call]:
        return [c for c in self.calls if c.method == method and (status is None or c.status == status)]

    async def wait_for(self, condition: Callable[[], object], timeout: float = 5.0, what: str = "a condition"):
        """Poll ``condition`` until it is truthy and return its value; AssertionError after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"fake Slack: no {what} within {timeout} s; calls: "
                                     f"{[(c.method, c.status) for c in self.calls]}")
            await asyncio.sleep(0.01)

    async def ack_of(self, envelope_id: str) -> Ack:
        return await self.wait_for(lambda: self.acks.get(envelope_id), what=f"ack of {envelope_id}")

    async def command(self, command: str, text: str) -> tuple[Ack, Call]:
        """Push a slash command; wait for its ack and for the response posted to its response_url."""
        envelope = self.slash_command(command, text)
        path = envelope["payload"]["response_url"].split(str(self.port), 1)[1]
        await self.push(envelope)
        ack = await self.ack_of(envelope["envelope_id"])
        response = await self.wait_for(
            lambda: next((c for c in self.calls if c.method == "response_url" and c.path == path), None),
            what=f"response to {command} {text}",
        )
        return ack, response


def trigger_id() -> str:
    """A new trigger_id, shaped as Slack's: Slack makes one per invocation, and a repeated one is a copy."""
    return f"{uuid.uuid4().int % 10**11}.{uuid.uuid4().int % 10**9}.{uuid.uuid4().hex[:31]}"


def mention(text: str, ts: str, channel: str = "C0001", thread_ts: str | None = None, **extra) -> dict:
    """An ``app_mention`` event: ``<@bot> text`` typed by a person in a channel."""
    event = {"type": "app_mention", "user": USER_ID, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
             "channel": channel, "event_ts": ts, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, ts: str, channel: str = "D0001", **extra) -> dict:
    """A ``message`` event in the bot's DM (``message.im``); ``extra`` adds ``bot_id``, ``subtype``..."""
    return {"type": "message", "user": USER_ID, "text": text, "ts": ts, "channel": channel,
            "event_ts": ts, "channel_type": "im", **extra}


def _envelope(kind: str, payload: dict, accepts_response_payload: bool = False) -> dict:
    return {"envelope_id": str(uuid.uuid4()), "type": kind, "payload": payload,
            "accepts_response_payload": accepts_response_payload}


def newsdesk_settings(slack: FakeSlack | None = None, **values):
    """Settings for tests: Slack credentials given here only (never the developer's env or .env)."""
    from bot.settings import Settings

    defaults = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_SIGNING_SECRET": None,
                "slack_mode": "auto", "slack_commands": {}}
    if slack is not None:
        defaults["slack_api_url"] = slack.api_url
    return Settings(_env_file=None, **(defaults | values))
