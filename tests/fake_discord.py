"""A fake Discord on loopback, for testing the real discord.py: REST API and gateway in one aiohttp server.

It answers what a bot needs (log in, command registration, interaction
callbacks, webhook follow-ups, channel messages) with payloads shaped as in
Discord's documentation, records every request with its arrival time, and
pushes gateway events (slash commands, autocomplete, button presses, messages)
that tests trigger. Like Discord, it:

- answers every JSON body with ``Content-Type: application/json`` exactly
  (discord.py reads anything else as text);
- refuses, with HTTP 400 / code 50035, messages whose embeds break Discord's
  limits and commands whose names or descriptions do;
- can answer a configured number of 429s first, with ``Via`` (without it
  discord.py takes a 429 for a Cloudflare ban) and ``Retry-After``, or any
  other error a test asks for;
- sends HELLO, answers heartbeats, sends READY then GUILD_CREATE after
  IDENTIFY, and echoes the bot's own channel messages back as MESSAGE_CREATE;
- honours a message's ``nonce`` with ``enforce_nonce``: the same nonce from the
  same author within ``NONCE_SECONDS`` returns the message already created
  instead of a second one; the nonce is in that answer only, never in the
  channel's history (``GET /channels/{id}/messages``, newest first, ``limit``
  and ``before``), as on Discord;
- can go wrong on purpose (``fault``): answer late, drop the connection after
  or before acting, act and never answer, or hold a request unacted until
  ``release``.

    async with FakeDiscord() as fake:
        ...  # point discord.py at fake.api_url and fake.gateway_url
        pushed = await fake.push_command("who", name="Witkoff")
        [callback] = await fake.wait_for("POST", pushed.callback_path)
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import discord.gateway
import discord.http
from aiohttp import WSMsgType, web

from fault_modes import after_acting, held_until

TOKEN = "fake-bot-token"
APPLICATION_ID = 1100000000000000001  # for a bot, the application id and the bot user id are the same
GUILD_ID = 1200000000000000001
CHANNEL_ID = 1300000000000000001
DM_CHANNEL_ID = 1300000000000000002
EVERYONE_PERMISSIONS = "274878024704"
NONCE_SECONDS = 300.0  # how long Discord remembers an enforced nonce ("the past few minutes")


@contextmanager
def endpoints_restored():
    """Put discord.py's REST base and gateway URL back afterwards: pointing it at the fake is process-wide."""
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


def user(user_id: int, name: str, *, bot: bool = False) -> dict:
    return {
        "id": str(user_id), "username": name, "discriminator": "0", "global_name": name.title(),
        "avatar": None, "bot": bot, "public_flags": 0,
    }


BOT = user(APPLICATION_ID, "newsdesk", bot=True)
ALICE = user(1400000000000000001, "alice")
BOB = user(1400000000000000002, "bob")
OTHER_BOT = user(1400000000000000003, "otherbot", bot=True)

# Discord's embed limits, written out independently of the renderer under test.
EMBED_LIMITS = {"title": 256, "description": 4096, "fields": 25, "field.name": 256, "field.value": 1024,
                "footer.text": 2048, "author.name": 256, "total": 6000, "embeds": 10}


def embed_problems(embeds: list[dict]) -> list[str]:
    """What in ``embeds`` (one message's) breaks Discord's limits; empty when Discord would accept them."""
    problems = [f"{len(embeds)} embeds"] if len(embeds) > EMBED_LIMITS["embeds"] else []
    total = 0
    for i, embed in enumerate(embeds):
        texts = [
            ("title", embed.get("title")),
            ("description", embed.get("description")),
            ("footer.text", (embed.get("footer") or {}).get("text")),
            ("author.name", (embed.get("author") or {}).get("name")),
        ]
        fields = embed.get("fields") or []
        if len(fields) > EMBED_LIMITS["fields"]:
            problems.append(f"embed {i}: {len(fields)} fields")
        for f in fields:
            if not f.get("name") or not f.get("value"):
                problems.append(f"embed {i}: a field without name or value")
            texts += [("field.name", f.get("name")), ("field.value", f.get("value"))]
        for key, text in texts:
            if len(text or "") > EMBED_LIMITS[key]:
                problems.append(f"embed {i}: {key} of {len(text)}")
            total += len(text or "")
    if total > EMBED_LIMITS["total"]:
        problems.append(f"{total} characters in all")
    return problems


def _command_problems(commands: list[dict]) -> list[str]:
    problems = []
    for c in commands:
        if not re.fullmatch(r"[-_\w]{1,32}", c.get("name", "")) or c["name"] != c["name"].lower():
            problems.append(f"command name {c.get('name')!r}")
        if not 1 <= len(c.get("description", "")) <= 100:
            problems.append(f"/{c.get('name')}: description of {len(c.get('description', ''))}")
        for o in c.get("options", []):
            if not 1 <= len(o.get("description", "")) <= 100:
                problems.append(f"/{c['name']} {o['name']}: description of {len(o.get('description', ''))}")
    return problems


@dataclass
class Recorded:
    """One request as it reached the fake: ``path`` is without the /api/v10 prefix, ``at`` is time.monotonic()."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    at: float
    status: int = 200
    response: Any = None


@dataclass
class Pushed:
    """An event the fake pushed: its ids, and when it left (time.monotonic())."""

    id: int
    at: float
    token: str = ""

    @property
    def callback_path(self) -> str:
        return f"/interactions/{self.id}/{self.token}/callback"

    @property
    def original_path(self) -> str:
        """Where the bot edits its response to this interaction (e.g. the answer in place of "thinking…")."""
        return f"/webhooks/{APPLICATION_ID}/{self.token}/messages/@original"


@dataclass
class _Failure:
    method: str
    pattern: str
    times: int
    status: int
    body: dict
    headers: dict[str, str]


@dataclass
class FakeDiscord:
    """Start with ``async with``; ``api_url`` and ``gateway_url`` are set once it listens."""

    token: str = TOKEN
    requests: list[Recorded] = field(default_factory=list)
    commands: dict[int | None, list[dict]] = field(default_factory=dict)  # guild id (None: global) -> commands
    messages: dict[int, dict] = field(default_factory=dict)  # every message the fake knows, by id
    identifies: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1500000000000000001)
        self._sequence = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._failures: list[_Failure] = []
        self._faults: list[list] = []  # [method, pattern, mode, delay, times]
        self._nonces: dict[tuple[str, str, str], tuple[int, float]] = {}  # (channel, author, nonce) -> (id, when)
        self.channel_messages: dict[int, list[int]] = {}  # channel id -> ids of messages created there, oldest first
        self.released = asyncio.Event()
        self.before_answer = None  # awaited between acting on a faulty request and answering it
        self.arrivals: list[tuple[str, str]] = []  # (method, path) of every request on arrival, answered or not
        self._interactions: dict[str, dict] = {}  # token -> interaction payload
        self._originals: dict[str, int] = {}  # token -> id of the interaction's response message
        self._channels = {CHANNEL_ID: GUILD_ID, DM_CHANNEL_ID: None}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.ready = asyncio.Event()
        self.api_url = self.gateway_url = ""
        self._route_table = self._routes()

    # life cycle

    async def __aenter__(self) -> "FakeDiscord":
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.api_url = f"http://127.0.0.1:{port}/api/v10"
        self.gateway_url = f"ws://127.0.0.1:{port}/"
        return self

    async def __aexit__(self, *exc) -> None:
        self.released.set()
        for ws in list(self._sockets):
            await ws.close()
        await self._runner.cleanup()

    # what tests configure and inspect

    def fail(self, method: str, pattern: str, *, status: int, body: dict, headers: dict[str, str] | None = None,
             times: int = 1) -> None:
        """Answer the next ``times`` requests matching ``method`` and the ``pattern`` regex with this error."""
        self._failures.append(_Failure(method, pattern, times, status, body, headers or {}))

    def fault(self, method: str, pattern: str, mode: str, *, times: int = 1, delay: float = 0.0) -> None:
        """The next ``times`` matching requests go wrong: ``slow`` (acts, answers ``delay`` s late), ``drop``
        (acts, closes the connection unanswered), ``drop_before`` (closes it without acting), ``hang`` (acts,
        never answers) or ``hold`` (neither acts nor answers until ``release()``; then acts only if the client
        is still there)."""
        assert mode in ("slow", "drop", "drop_before", "hang", "hold"), mode
        self._faults.append([method, pattern, mode, delay, times])

    def release(self) -> None:
        self.released.set()

    def in_channel(self, channel_id: int = CHANNEL_ID) -> list[dict]:
        """The messages created in a channel, oldest first (what its members see)."""
        return [self.messages[i] for i in self.channel_messages.get(channel_id, [])]

    def rate_limit(self, method: str, pattern: str, *, times: int = 1, retry_after: float = 0.2) -> None:
        """429 for the next ``times`` matching requests, as Discord sends it (``Via``: it is not Cloudflare)."""
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        headers = {"Via": "1.1 google", "Retry-After": str(retry_after), "X-RateLimit-Scope": "user"}
        self.fail(method, pattern, status=429, body=body, headers=headers, times=times)

    def matching(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]

    async def wait_for(self, method: str, pattern: str, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """The requests matching ``method`` and ``pattern`` (a regex on the path), once there are ``count``."""
        await self.wait_until(lambda: len(self.matching(method, pattern)) >= count, timeout)
        return self.matching(method, pattern)

    async def wait_until(self, predicate, timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds; it is checked at each request and each gateway disconnect."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    @property
    def connections(self) -> int:
        """Gateway connections open and identified."""
        return len(self._sockets)

    # gateway events

    async def push_command(self, name: str, /, *, who: dict = ALICE, in_guild: bool = True,
                           subcommand: str | None = None, permissions: int | None = None, **options) -> Pushed:
        """A slash command (interaction type 2) as Discord sends it when ``who`` runs ``/name option:value``.

        ``subcommand``: ``/name subcommand option:value`` (a SUB_COMMAND option, type 1, holding the options);
        ``permissions``: the member's resolved permission bits in the channel (default: @everyone's).
        """
        values = [{"name": k, "type": 4 if isinstance(v, int) else 3, "value": v} for k, v in options.items()]
        if subcommand is not None:
            values = [{"name": subcommand, "type": 1, "options": values}]
        data = self._command_data(name, in_guild, values)
        return await self._push_interaction(2, data, who, in_guild, permissions=permissions)

    async def push_autocomplete(self, name: str, focused: str, typed: str, /, *, who: dict = ALICE, **options: str) -> Pushed:
        """Autocomplete (type 4): ``who`` is typing ``typed`` into the option ``focused``."""
        values = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        values.append({"name": focused, "type": 3, "value": typed, "focused": True})
        return await self._push_interaction(4, self._command_data(name, True, values), who, True)

    async def push_button(self, message_id: int, custom_id: str, *, who: dict = ALICE) -> Pushed:
        """A button press (type 3) on a message the bot sent."""
        message = self.messages[message_id]
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._push_interaction(3, data, who, "guild_id" in message, message=message)

    async def push_message(self, content: str, *, author: dict = ALICE, mentions: tuple[dict, ...] = (),
                           in_guild: bool = True) -> Pushed:
        """MESSAGE_CREATE for a message ``author`` posts in the guild channel (or in a DM with the bot)."""
        message = self._message(
            CHANNEL_ID if in_guild else DM_CHANNEL_ID, author, content=content, mentions=list(mentions)
        )
        if in_guild:
            message["member"] = self._member(None)
        return Pushed(id=int(message["id"]), at=await self._dispatch("MESSAGE_CREATE", message))

    # payloads

    def _command_data(self, name: str, in_guild: bool, options: list[dict]) -> dict:
        scope = GUILD_ID if in_guild and name in {c["name"] for c in self.commands.get(GUILD_ID, [])} else None
        known = {c["name"]: c["id"] for c in self.commands.get(scope, [])}
        data = {"id": known.get(name, str(next(self._ids))), "name": name, "type": 1, "options": options}
        if scope:
            data["guild_id"] = str(scope)
        return data

    def _member(self, who: dict | None, permissions: int | None = None) -> dict:
        member = {"roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0, "nick": None}
        if who is not None:
            member["user"] = who
            member["permissions"] = str(permissions) if permissions is not None else EVERYONE_PERMISSIONS
        return member

    def _channel(self, channel_id: int, who: dict) -> dict:
        if self._channels.get(channel_id):
            return {"id": str(channel_id), "type": 0, "guild_id": str(GUILD_ID), "name": "news", "position": 0,
                    "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
                    "rate_limit_per_user": 0, "last_message_id": None, "flags": 0}
        return {"id": str(channel_id), "type": 1, "recipients": [who], "last_message_id": None, "flags": 0}

    def _message(self, channel_id: int, author: dict, **fields: Any) -> dict:
        message = {
            "id": str(next(self._ids)), "channel_id": str(channel_id), "author": author, "content": "",
            "timestamp": _now(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "components": [],
            "pinned": False, "type": 0, "flags": 0,
        }
        if self._channels.get(channel_id):
            message["guild_id"] = str(self._channels[channel_id])
        message.update(fields)
        self.messages[int(message["id"])] = message
        return message

    async def _push_interaction(self, type_: int, data: dict, who: dict, in_guild: bool,
                                message: dict | None = None, permissions: int | None = None) -> Pushed:
        interaction_id = next(self._ids)
        token = f"interaction-token-{interaction_id}"
        channel_id = CHANNEL_ID if in_guild else DM_CHANNEL_ID
        payload = {
            "id": str(interaction_id), "application_id": str(APPLICATION_ID), "type": type_, "data": data,
            "token": token, "version": 1, "locale": "en-US", "app_permissions": EVERYONE_PERMISSIONS,
            "entitlements": [], "attachment_size_limit": 10485760, "channel_id": str(channel_id),
            "channel": self._channel(channel_id, who),
            "authorizing_integration_owners": {"0": str(GUILD_ID)} if in_guild else {"1": who["id"]},
            "context": 0 if in_guild else 1,
        }
        if in_guild:
            payload.update(guild_id=str(GUILD_ID), guild_locale="en-US", member=self._member(who, permissions),
                           guild={"id": str(GUILD_ID), "locale": "en-US", "features": []})
        else:
            payload["user"] = who
        if message is not None:
            payload["message"] = message
        self._interactions[token] = payload
        at = await self._dispatch("INTERACTION_CREATE", payload)
        return Pushed(id=interaction_id, at=at, token=token)

    async def _dispatch(self, event: str, data: dict) -> float:
        """Send a DISPATCH (op 0) to every identified connection; the time it left."""
        frame = {"op": 0, "t": event, "s": next(self._sequence), "d": data}
        at = time.monotonic()
        for ws in list(self._sockets):
            await ws.send_str(json.dumps(frame))
        return at

    # gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                if frame["op"] == 1:
                    await ws.send_json({"op": 11})
                elif frame["op"] == 2:
                    self.identifies.append(frame["d"])
                    self._sockets.append(ws)
                    await self._ready(frame["d"])
                elif frame["op"] == 6:
                    self._sockets.append(ws)
                    await self._dispatch("RESUMED", {})
        finally:
            async with self._changed:
                if ws in self._sockets:
                    self._sockets.remove(ws)
                self._changed.notify_all()
        return ws

    async def _ready(self, identify: dict) -> None:
        ready = {
            "v": 10, "user": BOT, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APPLICATION_ID), "flags": 0}, "private_channels": [], "relationships": [],
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        await self._dispatch("READY", ready)
        await self._dispatch("GUILD_CREATE", {
            "id": str(GUILD_ID), "name": "Newsroom", "owner_id": ALICE["id"], "unavailable": False,
            "member_count": 3, "large": False, "joined_at": _now(), "preferred_locale": "en-US", "features": [],
            "roles": [{"id": str(GUILD_ID), "name": "@everyone", "permissions": EVERYONE_PERMISSIONS, "position": 0,
                       "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}],
            "channels": [self._channel(CHANNEL_ID, BOT)], "members": [self._member(BOT)], "threads": [],
            "emojis": [], "stickers": [], "presences": [], "voice_states": [], "stage_instances": [],
            "guild_scheduled_events": [],
        })
        self.ready.set()

    # REST

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        raw = await request.read()
        body: Any = None
        if raw and request.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(raw)
        record = Recorded(request.method, path, dict(request.query), body, dict(request.headers), time.monotonic())
        self.arrivals.append((request.method, path))
        fault = self._fault(record)
        if fault is not None:
            mode, delay = fault
            if mode == "hold":
                if not await held_until(request, self.released):
                    record.status = 499  # the client went away: Discord never acted
                    await self._note(record)
                    raise asyncio.CancelledError
            if mode == "drop_before":
                record.status = 0
                await self._note(record)
                request.transport.close()
                raise asyncio.CancelledError
            status, payload, headers = self._answer(record, request)  # Discord acts ...
            if self.before_answer is not None:
                await self.before_answer()
            record.status, record.response = (status if mode in ("slow", "hold") else 0), payload
            await self._note(record)
            await after_acting(request, mode, delay, self.released)
            return web.Response(status=status, body=json.dumps(payload).encode(),
                                headers={"Content-Type": "application/json", **headers})
        status, payload, headers = self._failure(record) or self._answer(record, request)
        record.status, record.response = status, payload
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        return web.Response(
            status=status, body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **headers},
        )

    async def _note(self, record: Recorded) -> None:
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()

    def _fault(self, record: Recorded):
        for fault in self._faults:
            method, pattern, mode, delay, times = fault
            if times and method == record.method and re.fullmatch(pattern, record.path):
                fault[4] -= 1
                return mode, delay
        return None

    def _failure(self, record: Recorded):
        for failure in self._failures:
            if failure.times and failure.method == record.method and re.fullmatch(failure.pattern, record.path):
                failure.times -= 1
                return failure.status, failure.body, failure.headers
        return None

    def _answer(self, record: Recorded, request: web.Request):
        if request.headers.get("Authorization") not in (f"Bot {self.token}", None):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        for method, pattern, handler in self._route_table:
            match = re.fullmatch(pattern, record.path)
            if method == record.method and match:
                result = handler(record, *match.groups())
                return result if isinstance(result, tuple) else (200, result, {})
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _routes(self):
        app, token, snowflake = r"(\d+)", r"([^/]+)", r"(\d+|@original)"
        return [
            ("GET", "/users/@me", lambda r: self._authorised(r, BOT)),
            ("GET", "/oauth2/applications/@me", lambda r: self._authorised(r, self._application())),
            ("GET", "/gateway", lambda r: {"url": self.gateway_url}),
            ("GET", "/gateway/bot", lambda r: self._authorised(r, {
                "url": self.gateway_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})),
            ("GET", f"/applications/{app}/commands", lambda r, a: self.commands.get(None, [])),
            ("PUT", f"/applications/{app}/commands", lambda r, a: self._put_commands(r, None)),
            ("GET", f"/applications/{app}/guilds/{app}/commands", lambda r, a, g: self.commands.get(int(g), [])),
            ("PUT", f"/applications/{app}/guilds/{app}/commands", lambda r, a, g: self._put_commands(r, int(g))),
            ("POST", f"/interactions/{app}/{token}/callback", self._callback),
            ("POST", f"/webhooks/{app}/{token}", self._follow_up),
            ("GET", f"/webhooks/{app}/{token}/messages/{snowflake}", self._webhook_message),
            ("PATCH", f"/webhooks/{app}/{token}/messages/{snowflake}", self._webhook_message),
            ("POST", f"/channels/{app}/messages", self._create_message),
            ("GET", f"/channels/{app}/messages", self._history),
            ("PATCH", f"/channels/{app}/messages/{app}", lambda r, c, m: self._edit(int(m), r.body)),
        ]

    def _authorised(self, record: Recorded, payload: dict):
        if record.headers.get("Authorization") != f"Bot {self.token}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        return payload

    def _application(self) -> dict:
        return {
            "id": str(APPLICATION_ID), "name": "newsdesk", "icon": None, "description": "", "bot_public": True,
            "bot_require_code_grant": False, "owner": ALICE, "verify_key": "0" * 64, "flags": 0, "bot": BOT,
            "team": None, "summary": "", "rpc_origins": [], "interactions_endpoint_url": None,
        }

    def _put_commands(self, record: Recorded, guild_id: int | None):
        problems = _command_problems(record.body)
        if problems:
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": problems}, {}
        before = {c["name"]: c["id"] for c in self.commands.get(guild_id, [])}
        stored = []
        for command in record.body:
            command = {**command, "id": before.get(command["name"], str(next(self._ids))),
                       "application_id": str(APPLICATION_ID), "version": str(next(self._ids))}
            if guild_id:
                command["guild_id"] = str(guild_id)
            stored.append(command)
        self.commands[guild_id] = stored
        return stored

    def _callback(self, record: Recorded, interaction_id: str, token: str):
        interaction = self._interactions.get(token)
        if interaction is None or interaction["id"] != interaction_id:
            return 404, {"message": "Unknown interaction", "code": 10062}, {}
        kind, data = record.body["type"], record.body.get("data") or {}
        problems = embed_problems(data.get("embeds") or [])
        if problems:
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": problems}, {}
        channel_id = int(interaction["channel_id"])
        resource: dict = {"type": kind}
        if kind in (4, 5):  # a message, or the "thinking…" message a deferral shows
            resource["message"] = self._message(
                channel_id, BOT, webhook_id=str(APPLICATION_ID), application_id=str(APPLICATION_ID),
                content=data.get("content") or "", embeds=data.get("embeds") or [],
                components=data.get("components") or [], flags=(data.get("flags") or 0) | (128 if kind == 5 else 0),
                type=20,
            )
            self._originals[token] = int(resource["message"]["id"])
        elif kind == 7:  # the message the button is on, updated: it is this interaction's response
            message_id = int(interaction["message"]["id"])
            resource["message"] = self._edit(message_id, data)
            self._originals[token] = message_id
        summary = {
            "id": interaction_id, "type": interaction["type"],
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
        }
        if "message" in resource:
            summary["response_message_id"] = resource["message"]["id"]
        return {"interaction": summary, "resource": resource}

    def _follow_up(self, record: Recorded, application_id: str, token: str):
        interaction = self._interactions.get(token)
        if interaction is None or application_id != str(APPLICATION_ID):
            return 404, {"message": "Unknown Webhook", "code": 10015}, {}
        problems = embed_problems(record.body.get("embeds") or [])
        if problems:
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": problems}, {}
        return self._message(
            int(interaction["channel_id"]), BOT, webhook_id=application_id, application_id=application_id,
            content=record.body.get("content") or "", embeds=record.body.get("embeds") or [],
            components=record.body.get("components") or [], flags=record.body.get("flags") or 0, type=20,
        )

    def _webhook_message(self, record: Recorded, application_id: str, token: str, message_id: str):
        if message_id == "@original":
            message_id = self._originals.get(token, 0)
        if int(message_id) not in self.messages:
            return 404, {"message": "Unknown Message", "code": 10008}, {}
        return self._edit(int(message_id), record.body) if record.method == "PATCH" else self.messages[int(message_id)]

    def _create_message(self, record: Recorded, channel_id: str):
        if int(channel_id) not in self._channels:
            return 404, {"message": "Unknown Channel", "code": 10003}, {}
        problems = embed_problems(record.body.get("embeds") or [])
        if problems:
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": problems}, {}
        nonce = record.body.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": ["nonce longer than 25"]}, {}
        remembered = (channel_id, BOT["id"], str(nonce))
        if nonce is not None and record.body.get("enforce_nonce") and remembered in self._nonces:
            message_id, when = self._nonces[remembered]
            if time.monotonic() - when < NONCE_SECONDS:  # the same nonce again: the message already created
                return {**self.messages[message_id], "nonce": str(nonce)}
        fields = {key: record.body[key] for key in ("content", "embeds", "components") if record.body.get(key)}
        reference = record.body.get("message_reference")
        if reference:
            fields.update(type=19, message_reference={**reference, "channel_id": channel_id})
        message = self._message(int(channel_id), BOT, **fields)
        self.channel_messages.setdefault(int(channel_id), []).append(int(message["id"]))
        if nonce is not None:
            self._nonces[remembered] = (int(message["id"]), time.monotonic())
        answer = {**message, "nonce": str(nonce)} if nonce is not None else message
        asyncio.get_running_loop().create_task(self._dispatch("MESSAGE_CREATE", answer))  # Discord echoes it
        return answer

    def _history(self, record: Recorded, channel_id: str):
        """A channel's messages, newest first: ``limit`` (at most 100) of them ``before`` an id; no nonces."""
        if int(channel_id) not in self._channels:
            return 404, {"message": "Unknown Channel", "code": 10003}, {}
        limit = min(int(record.query.get("limit", 50)), 100)
        before = int(record.query["before"]) if "before" in record.query else None
        ids = [i for i in reversed(self.channel_messages.get(int(channel_id), [])) if before is None or i < before]
        return [self.messages[i] for i in ids[:limit]]

    def _edit(self, message_id: int, changes: dict | None) -> dict:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if changes and key in changes:
                message[key] = changes[key]
        message["edited_timestamp"] = _now()
        message["flags"] &= ~128  # no longer "thinking…"
        return message


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()
