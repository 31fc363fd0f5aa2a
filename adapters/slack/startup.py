"""The Slack adapter: ``newsdesk run`` serves it when Slack credentials are set.

The contract with ``bot.cli`` is ``configured(settings)`` and
``serve(newsdesk, settings)``. The pieces are built by separate functions
so that tests, and later features, use the same ones: ``build_app`` (the
bolt app with its listeners), ``build_client`` (the Web API client) and
``build_web_app`` (the aiohttp application of HTTP mode: ``/slack/events``
only, every request checked by ``gate`` before bolt sees it; ``/healthz``
and ``/metrics`` have a server of their own, ``bot.service.health``).

Socket Mode needs no public address (the bot dials out to Slack), so it is
the default whenever the app-level token is there; HTTP mode is for hosts
that Slack can reach.
"""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.commands import slash_commands
from adapters.slack.dedupe import SeenEvents
from adapters.slack.digest import deliverer
from adapters.slack.gate import Refused, parse, verify
from adapters.slack.listeners import SlackListeners
from bot.store.deliveries import DeliveryLog

__all__ = [
    "EVENTS_PATH",
    "build_app",
    "build_client",
    "build_web_app",
    "configured",
    "serve",
    "serves_http",
    "socket_mode",
]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # HTTP mode: the Request URL of commands, events and interactivity
RATE_LIMIT_RETRIES = 3


def _secret(value) -> str | None:
    return value.get_secret_value() if value is not None else None


def configured(settings) -> bool:
    """A bot token, and an app token (Socket Mode) or a signing secret (HTTP mode)."""
    return bool(
        _secret(settings.slack_bot_token)
        and (_secret(settings.slack_app_token) or _secret(settings.slack_signing_secret))
    )


def socket_mode(settings) -> bool:
    """True for Socket Mode, False for HTTP mode; ValueError naming what is missing."""
    mode = settings.slack_mode.strip().lower()
    if mode not in ("socket", "http", "auto"):
        raise ValueError(f"NEWSDESK_SLACK_MODE={settings.slack_mode!r}: use socket, http or auto")
    if mode == "auto":
        mode = "socket" if _secret(settings.slack_app_token) else "http"
    if mode == "socket" and not _secret(settings.slack_app_token):
        raise ValueError("Slack Socket Mode needs SLACK_APP_TOKEN (an app-level xapp- token with connections:write)")
    if mode == "http" and not _secret(settings.slack_signing_secret):
        raise ValueError("Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information > App Credentials)")
    return mode == "socket"


def build_client(settings) -> AsyncWebClient:
    """The Web API client: ``settings.slack_api_url``, and 429s waited out (``Retry-After``) and retried."""
    token = _secret(settings.slack_bot_token)
    if not token:
        raise ValueError("SLACK_BOT_TOKEN is not set (OAuth & Permissions > Bot User OAuth Token, xoxb-...)")
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url,
        logger=log,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def build_app(newsdesk, settings) -> AsyncApp:
    """The bolt app answering from ``newsdesk``: slash commands, mentions, DMs and "More" buttons."""
    app = AsyncApp(
        name="newsdesk",
        client=build_client(settings),
        signing_secret=_secret(settings.slack_signing_secret) or "",
        logger=log,
        raise_error_for_unhandled_request=True,  # to ``_malformed``: one line, not bolt's page of suggestions
    )
    app.middleware(SeenEvents(shared=DeliveryLog(newsdesk.repo)).middleware)
    SlackListeners(newsdesk, slash_commands(settings.slack_commands), settings.slack_admins).register(app)
    app.error(_malformed)
    return app


# What a request that bolt could not read raises from inside bolt: a field missing or of another type.
_SHAPE_ERRORS = (KeyError, IndexError, TypeError, AttributeError, ValueError, RecursionError)


async def _malformed(error: Exception, body, response) -> BoltResponse | None:
    """Bolt's error handler. A request no listener takes or of an unexpected shape (400) is one log line;
    anything else is ours to fix and keeps bolt's answer (500) and its traceback."""
    kind = (body.get("type") or body.get("command")) if isinstance(body, dict) else None
    if isinstance(error, BoltUnhandledRequestError):
        # An event of a type no listener takes is acknowledged (Slack would retry it); anything else is not ours.
        status = 200 if kind == "event_callback" else 400
        log.warning("slack: no listener for a %s request; answered %d", str(kind or "untyped")[:40], status)
    elif isinstance(error, _SHAPE_ERRORS):
        log.warning("slack: refused a malformed %s request: %s %s",
                    str(kind or "untyped")[:40], type(error).__name__, str(error)[:200])
        status = 400
    else:
        log.error("slack: failed to handle a request", exc_info=error)
        return None
    # After the ack (an event's listener runs once Slack has its 200) there is no response to change.
    return BoltResponse(status=status, body="") if response is not None else None


def serves_http(settings) -> bool:
    """True in HTTP mode: this adapter's web server then holds ``NEWSDESK_HTTP_PORT``."""
    return configured(settings) and not socket_mode(settings)


def build_web_app(app: AsyncApp, signing_secret: str) -> web.Application:
    """HTTP mode: an aiohttp application that hands ``POST /slack/events`` to ``app`` once ``gate`` has
    checked its signature and its shape; a refused request is 401 or 400 and one log line."""

    async def slack_events(request: web.Request) -> web.Response:
        raw = await request.read()  # over aiohttp's client_max_size (1 MiB): 413, before this line
        try:
            verify(raw, request.headers, signing_secret)
            bolt_request = parse(raw, request.query_string, request.headers)
        except Refused as refused:
            log.warning("slack: refused a request from %s: %s (%d)", request.remote, refused.reason, refused.status)
            return web.Response(status=refused.status, text="")
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, slack_events)
    return web_app


async def serve(newsdesk, settings) -> None:
    """Answer Slack until cancelled: Socket Mode, or an HTTP server on ``http_host:http_port``."""
    use_socket = socket_mode(settings)
    app = build_app(newsdesk, settings)
    newsdesk.digests.register(
        "slack", deliverer(app.client, slash_commands(settings.slack_commands), newsdesk.settings.digest_post_timeout)
    )
    try:
        if use_socket:
            await _serve_socket_mode(app, _secret(settings.slack_app_token), newsdesk)
        else:
            web_app = build_web_app(app, _secret(settings.slack_signing_secret))
            await _serve_http(web_app, settings.http_host, settings.http_port, newsdesk)
    finally:
        newsdesk.health_checks.pop("slack", None)
        newsdesk.digests.unregister("slack")


async def _serve_socket_mode(app: AsyncApp, app_token: str, newsdesk) -> None:
    handler = AsyncSocketModeHandler(app, app_token)
    newsdesk.health_checks["slack"] = handler.client.is_connected
    try:
        await handler.connect_async()
        log.info("slack: connected in Socket Mode")
        await asyncio.Future()  # until cancelled
    finally:
        await handler.close_async()


async def _serve_http(web_app: web.Application, host: str, port: int, newsdesk) -> None:
    runner = web.AppRunner(web_app, access_log=None)  # a refused request is one line of ours, not two
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        newsdesk.health_checks["slack"] = lambda: True  # listening: Slack's requests can arrive
        log.info("slack: HTTP mode on http://%s:%s%s", host, port, EVENTS_PATH)
        await asyncio.Future()  # until cancelled
    finally:
        await runner.cleanup()
