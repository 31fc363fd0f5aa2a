"""What Discord and Slack would make live in a text we send: links, mentions, timestamps.

A reader of each platform's markup, written from the platforms' documented
syntax (Discord's markdown and message formatting; Slack's mrkdwn control
sequences), stricter than the platforms where in doubt: the tests assert
that article text makes nothing here, and that our own markup (citation
links, highlights) still does.
"""
from __future__ import annotations

import re

__all__ = ["discord_live", "slack_live", "discord_shown", "slack_shown"]

_ESCAPED = "\x01"  # stands for a character a backslash made literal

# Discord: https://discord.com/developers/docs/reference#message-formatting, and its markdown's links.
_DISCORD_TOKENS = re.compile(
    r"<@!?\d+>|<@&\d+>|<#\d+>|</[-_\w ]+:\d+>|<a?:\w+:\d+>|<t:-?\d+(?::[a-zA-Z])?>|<id:\w+>"
)
_DISCORD_BROADCAST = re.compile(r"@(?:everyone|here)")
# simple-markdown's link rule, as Discord uses it: the target is group 1
_DISCORD_MASKED = re.compile(
    r"\[(?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*\]\(\s*<?((?:\([^)]*\)|[^\s\\])*?)>?(?:\s+['\"][\s\S]*?['\"])?\s*\)"
)
_DISCORD_AUTOLINK = re.compile(r"(?:https?|steam|discord)://[^\s<]+", re.IGNORECASE)


def _discord_plain(text: str) -> str:
    """``text`` as Discord reads it before looking for links and tokens: escapes and code spans made inert."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and not text[i + 1].isalnum() and not text[i + 1].isspace():
            out.append(_ESCAPED)
            i += 2
        elif char == "`":
            end = text.find("`", i + 1)
            if end < 0:
                out.append(char)
                i += 1
            else:
                out.append(_ESCAPED * (end - i + 1))
                i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def discord_live(text: str) -> dict[str, list[str]]:
    """The links (their targets), mentions and timestamps Discord would render in ``text``."""
    plain = _discord_plain(text)
    tokens = _DISCORD_TOKENS.findall(plain)
    masked = [m.group(1) for m in _DISCORD_MASKED.finditer(plain)]
    bare = _DISCORD_AUTOLINK.findall(_DISCORD_MASKED.sub("", plain))
    return {
        "links": masked + bare,
        "mentions": [t for t in tokens if not t.startswith("<t:")] + _DISCORD_BROADCAST.findall(plain),
        "timestamps": [t for t in tokens if t.startswith("<t:")],
    }


# Slack: https://api.slack.com/reference/surfaces/formatting (control sequences between < and >).
_SLACK_CONTROL = re.compile(r"<([^<>|]*)(?:\|[^<>]*)?>")
_SLACK_BROADCAST = re.compile(r"(?<![\w\u2060])@(?:channel|here|everyone)\b", re.IGNORECASE)
_SLACK_AUTOLINK = re.compile(r"(?:https?|ftp|slack)://[^\s<>|]+|mailto:[^\s<>|]+", re.IGNORECASE)


def slack_live(text: str) -> dict[str, list[str]]:
    """The links (their targets), mentions and dates Slack would render in mrkdwn ``text``."""
    targets = _SLACK_CONTROL.findall(text)
    links = [t for t in targets if not t.startswith(("@", "#", "!"))]
    outside = _SLACK_CONTROL.sub(" ", text)
    return {
        "links": links + _SLACK_AUTOLINK.findall(outside),
        "mentions": [t for t in targets if t.startswith(("@", "#", "!")) and not t.startswith("!date")]
        + _SLACK_BROADCAST.findall(outside),
        "timestamps": [t for t in targets if t.startswith("!date")],
    }


_INVISIBLE = re.compile("[\u200b\u2060]")


def discord_shown(text: str) -> str:
    """What a reader sees of escaped Discord text (outside code spans): escapes consumed, zero-width spaces unseen."""
    return _INVISIBLE.sub("", re.sub(r"\\([^0-9A-Za-z\s])", r"\1", text))


def slack_shown(text: str) -> str:
    """What a reader sees of escaped Slack text: entities read, word joiners unseen."""
    return _INVISIBLE.sub("", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
