"""Where discord.py connects: the REST base URL and the gateway, from settings.

discord.py keeps both as class attributes (``Route.BASE``,
``DiscordWebSocket.DEFAULT_GATEWAY``), so this is process-wide; it lets
newsdesk run against a Discord-compatible proxy or the test suite's fake.
"""
from __future__ import annotations

import discord.gateway
import discord.http
import yarl


def point_at(settings) -> None:
    """Send discord.py's REST calls to ``settings.discord_api_url`` and its gateway to ``discord_gateway_url``."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
