"""/healthz and /metrics: what they report, and that a failing part turns the probe red."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

import aiohttp
import pytest
from aiohttp import web

from bot import Newsdesk
from bot.commands.request import Caller
from bot.service.health import build_health_app, serve_health


@contextlib.asynccontextmanager
async def running(newsdesk):
    runner = web.AppRunner(build_health_app(newsdesk))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            yield http
    finally:
        await runner.cleanup()


@pytest.fixture
def nd(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(
        "title: Test\noutlet: Wire\npublished: 2026-02-02\n---\nMayor John Smith opened the bridge on Monday.\n",
        encoding="utf-8",
    )
    desk = Newsdesk(corpus=tmp_path / "corpus", db=tmp_path / "index.sqlite")
    desk.index()
    yield desk
    with contextlib.suppress(Exception):
        desk.close()


async def probe(http) -> tuple[int, dict]:
    async with http.get("/healthz") as response:
        return response.status, await response.json()


async def test_healthz_is_green_when_the_index_and_every_adapter_answer(nd):
    async def connected():
        return True

    nd.health_checks["slack"] = connected  # an awaitable check, as Socket Mode's
    nd.health_checks["discord"] = lambda: True
    async with running(nd) as http:
        assert await probe(http) == (200, {"status": "ok", "checks": {"index": "ok", "discord": "ok", "slack": "ok"}})


async def test_healthz_names_what_is_down(nd):
    def broken():
        raise RuntimeError("socket gone")

    nd.health_checks["discord"] = lambda: False
    nd.health_checks["slack"] = broken
    async with running(nd) as http:
        status, body = await probe(http)
    assert status == 503 and body["status"] == "unhealthy"
    assert body["checks"] == {"index": "ok", "discord": "not connected", "slack": "failed: RuntimeError: socket gone"}


async def test_healthz_is_red_when_the_database_does_not_answer(nd, caplog):
    nd.repo.conn.close()
    caplog.set_level(logging.WARNING)
    async with running(nd) as http:
        status, body = await probe(http)
    assert status == 503 and body["checks"]["index"] == "database unreachable"
    assert "ProgrammingError" in caplog.text  # the reason is the log's, not the probe's


async def test_healthz_names_no_database_detail_when_postgres_is_down(pg_url, tmp_path):
    """The user, host, port and database name of a PostgreSQL index never reach the probe's answer."""
    from urllib.parse import urlsplit

    (tmp_path / "corpus").mkdir()
    desk = Newsdesk(corpus=tmp_path / "corpus", db=pg_url)
    parts = urlsplit(pg_url)
    desk.repo.backend.url = pg_url.replace(f":{parts.port}/", f":{_closed_port()}/")  # reconnects go nowhere
    desk.repo.conn.close()
    try:
        async with running(desk) as http:
            status, body = await probe(http)
    finally:
        desk.close()
    assert status == 503 and body["checks"]["index"] == "database unreachable"
    shown = str(body)
    for detail in (parts.username, parts.hostname, str(parts.port), parts.path.strip("/"), "postgresql"):
        assert detail not in shown, detail


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_metrics_count_commands_by_kind_and_platform_and_digests(nd):
    slack = Caller(platform="slack", workspace="T1", channel="C1")
    for text in ("/who Smith", "/who Smith", "/quote bridge", "when did the bridge open?", "/nonsense"):
        nd.ask(text, slack)
    nd.ask("/sources")
    nd.metrics.digest("sent", "slack")
    async with running(nd) as http:
        async with http.get("/metrics") as response:
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            text = await response.text()
    for line in (
        'newsdesk_commands_total{kind="who",platform="slack"} 2.0',
        'newsdesk_commands_total{kind="quote",platform="slack"} 1.0',
        'newsdesk_commands_total{kind="question",platform="slack"} 1.0',
        'newsdesk_commands_total{kind="invalid",platform="slack"} 1.0',
        'newsdesk_commands_total{kind="sources",platform="cli"} 1.0',
        'newsdesk_command_seconds_count{platform="slack"} 5.0',
        'newsdesk_digests_total{outcome="sent",platform="slack"} 1.0',
        "newsdesk_articles_indexed 1.0",
    ):
        assert line in text, line


async def test_a_busy_port_is_logged_and_the_bot_keeps_serving(nd, caplog):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        caplog.set_level(logging.ERROR)
        await asyncio.wait_for(serve_health(nd, "127.0.0.1", port), 5)  # returns instead of raising
    assert any("cannot serve /healthz" in r.getMessage() for r in caplog.records)


def test_health_listens_on_its_own_port_loopback_by_default():
    from bot.service.health import health_address
    from bot.settings import Settings

    default = Settings(_env_file=None)
    assert health_address(default, http_port_taken=False) == ("127.0.0.1", default.http_port)
    assert health_address(default, http_port_taken=True) == ("127.0.0.1", default.http_port + 1)  # never Slack's port
    chosen = Settings(_env_file=None, metrics_host="0.0.0.0", metrics_port=9100)
    assert health_address(chosen, http_port_taken=True) == ("0.0.0.0", 9100)
