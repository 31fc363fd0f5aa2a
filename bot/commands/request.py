"""A chat message parsed into a frozen value before it is dispatched; a typed request held to the same limits."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import errors

MAX_LENGTH = 500
_OPTION = re.compile(r"(?<!\S)([a-z]+):", re.IGNORECASE)


@dataclass(frozen=True)
class Caller:
    """Who asked, and where: what /digest needs to know; other commands ignore it."""

    platform: str  # "slack" | "discord" | "console" | "cli"
    workspace: str | None = None  # Slack team id, Discord guild id
    channel: str | None = None  # channel id; None in a DM without a channel
    channel_name: str | None = None  # "#general", for people to read
    user: str | None = None
    can_manage: bool = False  # may change this channel's digest subscriptions


@dataclass(frozen=True)
class Request:
    command: str | None  # "who", "quote", ...; None for a question
    text: str  # the argument text without options, or the whole question
    options: dict[str, str] = field(default_factory=dict)
    caller: Caller | None = None


def parse(message: str, known_options: frozenset[str] = frozenset({"by", "from", "to"})) -> Request:
    """``/quote conditions by: Rudenko`` → Request("quote", "conditions", {"by": "Rudenko"})."""
    text = " ".join(message.split())
    if not text:
        raise errors.UserError(errors.EMPTY)
    if len(text) > MAX_LENGTH:
        raise errors.UserError(errors.TOO_LONG.format(limit=MAX_LENGTH))
    if not text.startswith("/"):
        return Request(None, text)
    head, _, rest = text[1:].partition(" ")
    name = head.lower()
    options: dict[str, str] = {}
    matches = [m for m in _OPTION.finditer(rest) if m.group(1).lower() in known_options]
    argument = rest[: matches[0].start()] if matches else rest
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(rest)
        options[m.group(1).lower()] = rest[m.end() : end].strip()
    return Request(name, argument.strip(), options)


def check(req: Request) -> Request:
    """A typed request (not parsed from text) held to ``parse``'s limits: no empty question, nothing too long."""
    if req.command is None and not req.text.strip():
        raise errors.UserError(errors.EMPTY)
    size = len(req.text) + sum(len(key) + len(value) + 2 for key, value in req.options.items())
    if size > MAX_LENGTH:
        raise errors.UserError(errors.TOO_LONG.format(limit=MAX_LENGTH))
    return req
