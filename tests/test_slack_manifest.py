"""slack/manifest.yml creates the app the adapter expects: the registry's commands, and the scopes and events."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from adapters.slack.commands import GATEWAY, manifest_commands, slash_commands
from bot.commands.registry import BY_NAME, COMMANDS

MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_commands_are_the_registry_s(manifest):
    """Description and usage hint of each command as the registry declares them; tools/slack_manifest.py writes them."""
    assert manifest["features"]["slash_commands"] == manifest_commands()


def test_every_registry_command_is_in_the_manifest(manifest):
    """A command added to the registry and not to the manifest would be one Slack never sends (help: via /newsdesk)."""
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert {f"/{c.name}" for c in COMMANDS if c.name != "help"} | {f"/{GATEWAY}"} == declared
    assert declared == set(slash_commands().values())  # and the adapter listens to each


def test_manifest_entries_follow_a_changed_registry(monkeypatch):
    words = replace(BY_NAME["who"], description="Who someone is.", usage="/who <someone>")
    monkeypatch.setitem(BY_NAME, "who", words)
    [who] = [e for e in manifest_commands() if e["command"] == "/who"]
    assert (who["description"], who["usage_hint"]) == ("Who someone is.", "<someone>")


def test_descriptions_fit_slack(manifest):
    for c in manifest["features"]["slash_commands"]:
        assert c["description"] and len(c["description"]) <= 100


def test_scopes_events_and_modes(manifest):
    assert manifest["oauth_config"]["scopes"]["bot"] == [
        "commands", "chat:write", "app_mentions:read", "im:history", "users:read",
        "channels:history", "groups:history",  # a digest whose post timed out is looked for in the channel
    ]
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True  # the "More" button
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True  # people can DM the bot
    assert manifest["features"]["bot_user"]["display_name"] == manifest["display_information"]["name"] == "newsdesk"
