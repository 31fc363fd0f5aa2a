"""``GET /healthz`` and ``GET /metrics`` for load balancers, orchestrators and Prometheus.

``/healthz`` answers 200 when the process is alive, the index and its
database answer a query, and every adapter that registered a check reports
itself connected; otherwise 503, with the failing checks named in the JSON
body. A database that does not answer is "database unreachable" there, never
its user, host, port or name (the log has the reason). ``/metrics`` is the
Prometheus text format of ``bot/service/metrics.py``.

``serve_health`` runs them on a small server of their own, on
``health_address(settings, ...)``: ``NEWSDESK_METRICS_HOST`` (loopback by
default) and ``NEWSDESK_METRICS_PORT``, never on Slack's public port.
"""
from __future__ import annotations

import asyncio
import inspect
import logging

from aiohttp import web

from bot.service.metrics import CONTENT_TYPE

__all__ = ["add_routes", "build_health_app", "serve_health", "health", "health_address", "UNREACHABLE"]

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 5.0  # seconds: a check that hangs counts as failed
UNREACHABLE = "database unreachable"


def health_address(settings, http_port_taken: bool) -> tuple[str, int]:
    """Where /healthz and /metrics listen: ``NEWSDESK_METRICS_HOST:NEWSDESK_METRICS_PORT``; without a metrics
    port, ``NEWSDESK_HTTP_PORT`` when no Slack HTTP server holds it, else the port after it."""
    port = settings.metrics_port
    if port is None:
        port = settings.http_port + 1 if http_port_taken else settings.http_port
    return settings.metrics_host, port


def _index_answers(newsdesk) -> None:
    newsdesk.repo.query("SELECT 1 FROM articles LIMIT 1")
    newsdesk.repo.generation()


async def health(newsdesk) -> tuple[bool, dict]:
    """(healthy, checks): ``{"index": "ok", "slack": "ok", "discord": "not connected"}``.

    An adapter's check (``newsdesk.health_checks[name]``) returns a bool, or an awaitable of one.
    """
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(asyncio.to_thread(_index_answers, newsdesk), CHECK_TIMEOUT)
        checks["index"] = "ok"
    except Exception as exc:  # the reason names the database: the log may have it, the probe's answer not
        log.warning("health: the index does not answer: %s: %s", type(exc).__name__, exc)
        checks["index"] = UNREACHABLE
    for name, check in sorted(newsdesk.health_checks.items()):
        try:
            result = check()
            if inspect.isawaitable(result):
                result = await asyncio.wait_for(result, CHECK_TIMEOUT)
            checks[name] = "ok" if result else "not connected"
        except Exception as exc:
            checks[name] = f"failed: {type(exc).__name__}: {exc}"
    return all(v == "ok" for v in checks.values()), checks


def add_routes(app: web.Application, newsdesk) -> None:
    async def healthz(request: web.Request) -> web.Response:
        healthy, checks = await health(newsdesk)
        return web.json_response({"status": "ok" if healthy else "unhealthy", "checks": checks},
                                 status=200 if healthy else 503)

    async def metrics(request: web.Request) -> web.Response:
        body = await asyncio.to_thread(newsdesk.metrics.render)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)


def build_health_app(newsdesk) -> web.Application:
    app = web.Application()
    add_routes(app, newsdesk)
    return app


async def serve_health(newsdesk, host: str, port: int) -> None:
    """Serve /healthz and /metrics until cancelled."""
    runner = web.AppRunner(build_health_app(newsdesk), access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:  # the chat adapters matter more than the probe: keep serving them
            log.error("cannot serve /healthz and /metrics on %s:%s: %s (set NEWSDESK_METRICS_PORT)", host, port, exc)
            return
        log.info("health and metrics on http://%s:%s/healthz and /metrics", host, port)
        await asyncio.Future()
    finally:
        await runner.cleanup()
