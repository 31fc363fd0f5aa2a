"""slack/manifest.yml creates the app the adapter expects: same commands, scopes and events."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from adapters.slack.commands import GATEWAY, slash_commands
from bot.commands.registry import BY_NAME

MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_commands_are_the_ones_the_adapter_registers(manifest):
    declared = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert sorted(declared) == sorted(slash_commands().values())
    for c in manifest["features"]["slash_commands"]:
        assert c["description"] and len(c["description"]) <= 100
        assert c["should_escape"] is False  # mentions arrive as typed; the adapter reads either form


def test_usage_hints_follow_the_core_usage(manifest):
    for c in manifest["features"]["slash_commands"]:
        name = c["command"].lstrip("/")
        if name == GATEWAY:
            assert c["usage_hint"].startswith("help")
            continue
        expected = BY_NAME[name].usage.removeprefix(f"/{name}").strip()
        assert c.get("usage_hint", "") == expected


def test_scopes_events_and_modes(manifest):
    assert manifest["oauth_config"]["scopes"]["bot"] == ["commands", "chat:write", "app_mentions:read", "im:history", "users:read"]
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True  # the "More" button
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True  # people can DM the bot
    assert manifest["features"]["bot_user"]["display_name"] == manifest["display_information"]["name"] == "newsdesk"
