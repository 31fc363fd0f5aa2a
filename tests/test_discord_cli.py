"""``newsdesk discord invite``: the link that adds the bot, with the application id given or asked of Discord."""
from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.cli import main
from fake_discord import APPLICATION_ID, FakeDiscord, endpoints_restored

# Discord's permission bits (developer documentation, "Permissions"): what the bot needs, nothing more.
PERMISSION_BITS = {"VIEW_CHANNEL": 10, "SEND_MESSAGES": 11, "EMBED_LINKS": 14, "READ_MESSAGE_HISTORY": 16,
                   "SEND_MESSAGES_IN_THREADS": 38}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No token from the environment or from a developer's .env (Settings reads .env in the working directory)."""
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "NEWSDESK_DISCORD_TOKEN", "NEWSDESK_DISCORD_API_URL"):
        monkeypatch.delenv(name, raising=False)


def test_invite_with_an_application_id(capsys):
    assert main(["discord", "invite", "--application-id", "123"]) == 0
    url = urlsplit(capsys.readouterr().out.strip())
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert query["client_id"] == ["123"]
    assert query["scope"] == ["bot applications.commands"]
    assert int(query["permissions"][0]) == sum(1 << bit for bit in PERMISSION_BITS.values()) == 274877991936


async def test_invite_asks_discord_for_the_application_id(monkeypatch, capsys):
    with endpoints_restored():
        async with FakeDiscord() as fake:
            monkeypatch.setenv("DISCORD_TOKEN", fake.token)
            monkeypatch.setenv("NEWSDESK_DISCORD_API_URL", fake.api_url)
            code = await asyncio.to_thread(main, ["discord", "invite"])  # main runs its own event loop
    assert code == 0
    assert f"client_id={APPLICATION_ID}&" in capsys.readouterr().out
    assert [r.path for r in fake.requests] == ["/users/@me", "/oauth2/applications/@me"]


async def test_invite_with_a_refused_token_says_so(monkeypatch, capsys):
    with endpoints_restored():
        async with FakeDiscord() as fake:
            monkeypatch.setenv("DISCORD_TOKEN", "not-the-token")
            monkeypatch.setenv("NEWSDESK_DISCORD_API_URL", fake.api_url)
            code = await asyncio.to_thread(main, ["discord", "invite"])
    assert code == 2
    err = capsys.readouterr().err
    assert "Discord refused DISCORD_TOKEN" in err and "--application-id" in err


def test_invite_with_discord_unreachable_says_so(monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.setenv("NEWSDESK_DISCORD_API_URL", "http://127.0.0.1:9/api/v10")  # the discard port: refused
    with endpoints_restored():
        assert main(["discord", "invite"]) == 2
    assert "could not ask http://127.0.0.1:9/api/v10" in capsys.readouterr().err


def test_invite_without_token_or_id_says_what_to_do(capsys):
    assert main(["discord", "invite"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN is not set" in err and "--application-id" in err
