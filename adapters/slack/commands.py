"""Which slash commands the Slack app answers, the core text each one stands for, and their manifest entries.

Slack command names are a workspace-wide namespace (another app, or Slack
itself, may already own ``/who`` or ``/search``), so every name can be
changed with ``NEWSDESK_SLACK_COMMANDS``. The core only ever sees its own
command text (``/who Witkoff``): the adapter builds it, the core parses it.
"""
from __future__ import annotations

from collections.abc import Mapping

from bot.commands.registry import BY_NAME

__all__ = ["GATEWAY", "slash_commands", "core_text", "manifest_commands"]

GATEWAY = "newsdesk"  # the catch-all command: help, any command by name, or a question
GATEWAY_DESCRIPTION = "Help, any command by name, or a question"
GATEWAY_USAGE = "help | who <name> | <question>"
_OWN_COMMANDS = tuple(name for name in BY_NAME if name != "help")  # help goes through the gateway
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def slash_commands(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Core command name → Slack slash command, e.g. ``{"who": "/who", ..., "newsdesk": "/newsdesk"}``.

    ``overrides`` (``settings.slack_commands``) renames some; a key that is
    not a command, a name Slack would refuse, or two commands under one name
    is a configuration error, named here rather than found at the first
    slash command that goes unanswered.
    """
    names = {name: f"/{name}" for name in (*_OWN_COMMANDS, GATEWAY)}
    for key, slash in (overrides or {}).items():
        if key not in names:
            raise ValueError(f"slack_commands: unknown command {key!r} (known: {', '.join(names)})")
        if not (slash.startswith("/") and 1 < len(slash) <= 32 and set(slash[1:]) <= _NAME_CHARS):
            raise ValueError(f"slack_commands: {key!r} → {slash!r} is not a slash command name like '/nd-{key}'")
        names[key] = slash
    if len(set(names.values())) != len(names):
        raise ValueError(f"slack_commands: two commands share one name in {names}")
    return names


def core_text(command: str, text: str) -> str:
    """The core's text for ``command`` (a core name or ``GATEWAY``) typed with ``text``.

    ``/who Witkoff`` → ``/who Witkoff``. Through the gateway: nothing or
    ``help`` → ``/help``; ``who Witkoff`` or ``/who Witkoff`` → ``/who Witkoff``;
    anything else is a question, passed as it is. Text that ends with ``?`` is
    a question even when it opens with a command word (``who is Witkoff?``).
    """
    text = " ".join(text.split())
    if command != GATEWAY:
        return f"/{command} {text}".rstrip()
    if not text:
        return "/help"
    first = text.split(" ", 1)[0].lower()
    if first in BY_NAME and not text.endswith("?"):
        return "/" + text
    return text


def manifest_commands(overrides: Mapping[str, str] | None = None) -> list[dict]:
    """The manifest's ``features.slash_commands``: each command's description and usage from the registry.

    Slash command text is free text, read by the core's parser, so the usage
    hint is the registry's usage without the command's own name.
    """
    entries = []
    for name, slash in slash_commands(overrides).items():
        if name == GATEWAY:
            description, usage = GATEWAY_DESCRIPTION, GATEWAY_USAGE
        else:
            description, usage = BY_NAME[name].description, BY_NAME[name].usage.removeprefix(f"/{name}").strip()
        entry = {"command": slash, "description": description}
        if usage:
            entry["usage_hint"] = usage
        entries.append({**entry, "should_escape": False})  # mentions arrive as typed; the adapter reads either form
    return entries
