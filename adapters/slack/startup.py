"""The Slack adapter: ``newsdesk run`` serves it when Slack credentials are set.

The contract with ``bot.cli`` is ``configured(settings)`` and
``serve(newsdesk, settings)``. The pieces are built by separate functions
so that tests, and later features, use the same ones: ``build_app`` (the
bolt app with its listeners), ``build_client`` (the Web API client) and
``build_web_app`` (the aiohttp application of HTTP mode, where ``/healthz``
or ``/metrics`` can be added).

Socket Mode needs no public address (the bot dials out to Slack), so it is
the default whenever the app-level token is there; HTTP mode is for hosts
that Slack can reach.
"""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.commands import slash_commands
from adapters.slack.dedupe import SeenEvents
from adapters.slack.digest import deliverer
from adapters.slack.listeners import SlackListeners
from bot.service.health import add_routes
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
    )
    app.middleware(SeenEvents(shared=DeliveryLog(newsdesk.repo)).middleware)
    SlackListeners(newsdesk, slash_commands(settings.slack_commands), settings.slack_admins).register(app)
    return app


def serves_http(settings) -> bool:
    """True in HTTP mode: this adapter's web server then also answers /healthz and /metrics."""
    return configured(settings) and not socket_mode(settings)


def build_web_app(app: AsyncApp, newsdesk=None) -> web.Application:
    """HTTP mode: an aiohttp application that hands ``POST /slack/events`` to ``app`` (bolt checks signatures),
    and answers ``/healthz`` and ``/metrics`` for ``newsdesk`` when given."""

    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, slack_events)
    if newsdesk is not None:
        add_routes(web_app, newsdesk)
    return web_app


async def serve(newsdesk, settings) -> None:
    """Answer Slack until cancelled: Socket Mode, or an HTTP server on ``http_host:http_port``."""
    use_socket = socket_mode(settings)
    app = build_app(newsdesk, settings)
    newsdesk.digests.register("slack", deliverer(app.client, slash_commands(settings.slack_commands)))
    try:
        if use_socket:
            await _serve_socket_mode(app, _secret(settings.slack_app_token), newsdesk)
        else:
            newsdesk.health_checks["slack"] = lambda: True  # answering /healthz on the same server proves it
            await _serve_http(build_web_app(app, newsdesk), settings.http_host, settings.http_port)
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


async def _serve_http(web_app: web.Application, host: str, port: int) -> None:
    runner = web.AppRunner(web_app)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("slack: HTTP mode on http://%s:%s%s", host, port, EVENTS_PATH)
        await asyncio.Future()  # until cancelled
    finally:
        await runner.cleanup()
