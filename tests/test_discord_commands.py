"""Discord's application commands are generated from the registry: what discord.py sends is what the registry says."""
from __future__ import annotations

import discord
import pytest

from adapters.discord import texts
from adapters.discord.commands import application_command, build_tree
from adapters.discord.sync import signature
from bot.commands.registry import COMMANDS
from bot.commands.spec import MANAGE_DIGESTS, Command, Param, Subcommand


def expected_option(p: Param) -> dict:
    low, high = p.limits
    option = {"name": p.name, "type": 4 if p.kind == "integer" else 3, "description": p.description,
              "required": p.required, "autocomplete": p.autocomplete is not None,
              "choices": [{"name": label, "value": value} for label, value in p.choices]}
    if p.kind == "integer":
        option.update(min_value=low, max_value=high)
    elif p.kind != "choice":
        option.update(min_length=low, max_length=high)
    return option


def expected_subcommand(s: Subcommand) -> dict:
    description = f"{s.description.removesuffix('.')} (needs Manage Channels)." if s.rights else s.description
    return {"name": s.name, "type": 1, "description": description, "options": [expected_option(p) for p in s.params]}


def expected_command(c: Command) -> dict:
    options = [expected_subcommand(s) for s in c.subcommands] or [expected_option(p) for p in c.params]
    return {"name": c.name, "type": 1, "description": c.description, "options": options,
            "contexts": [0, 1], "integration_types": [0]}


@pytest.fixture(scope="module")
def tree():
    return build_tree(discord.Client(intents=discord.Intents.default()))


def test_every_registry_command_is_a_discord_command_and_nothing_else(tree):
    assert sorted(c.name for c in tree.get_commands()) == sorted(c.name for c in COMMANDS)


def test_the_payloads_are_the_registry_s(tree):
    """Types, descriptions, required flags, bounds, choices and autocomplete, as discord.py will send them."""
    actual = [c.to_dict(tree) for c in tree.get_commands()]
    assert signature(actual) == signature([expected_command(c) for c in COMMANDS])


def test_descriptions_fit_discord(tree):
    for c in tree._get_all_commands():
        assert 1 <= len(c.description) <= 100
        for p in getattr(c, "parameters", ()):
            assert 1 <= len(p.description) <= 100


def test_a_new_command_is_generated_with_every_kind_of_parameter():
    """What a command added to the registry gets on Discord, without any Discord code for it."""
    command = Command(
        "brief", "A made-up command.", "/brief <words>", "/brief talks", lambda ctx, req: None, frozenset({"error"}),
        subcommands=(Subcommand("make", "Make one.", rights=MANAGE_DIGESTS, params=(
            Param("words", "text", "Words.", required=True),
            Param("who", "person", "Someone.", keyed=True, autocomplete="person"),
            Param("from", "date", "From.", keyed=True),
            Param("count", "integer", "How many.", bounds=(1, 9)),
            Param("tone", "choice", "Tone.", choices=(("Calm", "calm"), ("Loud", "loud"))),
        )),),
    )
    generated = application_command(command).to_dict(discord.app_commands.CommandTree(discord.Client(intents=discord.Intents.none())))
    assert signature([generated]) == signature([{**expected_command(command), "contexts": None, "integration_types": None}])
    assert texts.NEEDS_RIGHTS.format(description="Make one") == generated["options"][0]["description"]
