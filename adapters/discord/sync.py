"""Register the slash commands with Discord, only when they changed.

Discord rate-limits command registration (and global changes take a while to
reach every client), so syncing at every start is wasteful. The check is
stateless: the tree's payload is compared with what Discord already has, after
both are brought to one form (Discord omits what is empty or false, and adds
ids and versions). With a guild id, commands go to that one guild, where they
update at once (for development); otherwise they are global.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

import discord
from discord import app_commands

log = logging.getLogger(__name__)

_COMMAND_KEYS = (
    "name", "type", "description", "options", "nsfw", "default_member_permissions", "contexts", "integration_types",
)
_OPTION_KEYS = (
    "name", "type", "description", "required", "autocomplete", "choices", "options",
    "min_length", "max_length", "min_value", "max_value", "channel_types",
)


def _empty(value) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, dict)) and not value)


def _canonical(payload: dict, keys: tuple[str, ...]) -> dict:
    out = {}
    for key in keys:
        value = payload.get(key)
        if _empty(value):
            continue
        if key == "options":
            value = [_canonical(option, _OPTION_KEYS) for option in value]
        elif key in ("contexts", "integration_types"):
            value = sorted(value)
        out[key] = value
    return out


def signature(payloads: Iterable[dict]) -> list[dict]:
    """Command payloads in one comparable form: empty values dropped, server fields ignored, sorted."""
    return sorted((_canonical(p, _COMMAND_KEYS) for p in payloads), key=lambda c: (c.get("type", 1), c["name"]))


async def sync_commands(tree: app_commands.CommandTree, guild_id: int | None) -> bool:
    """Sync the tree to the guild (or globally) when Discord's copy differs; True when it synced."""
    guild = discord.Object(id=guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    client = tree.client
    local = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    if guild is None:
        remote = await client.http.get_global_commands(client.application_id)
    else:
        remote = await client.http.get_guild_commands(client.application_id, guild.id)
    where = f"guild {guild.id}" if guild else "global"
    if signature(local) == signature(remote):
        log.info("slash commands unchanged (%s); not syncing", where)
        return False
    await tree.sync(guild=guild)
    log.info("synced %d slash commands (%s)", len(local), where)
    return True
