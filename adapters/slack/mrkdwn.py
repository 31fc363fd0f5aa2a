"""Text crossing the Slack boundary: made safe on the way out, made plain on the way in.

Out: Slack reads ``&``, ``<`` and ``>`` as control characters in every text
object, so ``<!channel>``, ``<@U123>``, ``<#C1>`` or ``<https://x|here>``
quoted in an article would ping people or hide a link. Everything that comes
from an article or a user is escaped, and the bare words ``@channel``,
``@here`` and ``@everyone`` get an invisible word joiner after the ``@``, so
no client-side or ``link_names`` parsing can turn them into a ping either;
an address (``https://…``) gets one after its ``:``, so it is shown, not
linked.

In: Slack delivers typed text with its own markup (``<@U123|ann>``,
``<#C1|news>``, ``<https://x|label>``) and with ``&``, ``<``, ``>`` escaped.
The core wants plain words, so the markup is turned back into what the user
saw, and the bot's own mention is dropped.
"""
from __future__ import annotations

import re

from adapters.layout.markup import URL_SCHEME

__all__ = ["escape", "clip", "to_plain"]

WORD_JOINER = "\u2060"
ELLIPSIS = "…"

# A placeholder for markup (adapters.layout.markup) may stand between the @ and the word: "@*here*".
_BROADCAST = re.compile(r"(?<![\w.+-])@(?=[\ue000-\uf8ff]*(?:channel|here|everyone)\b)", re.IGNORECASE)
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")
_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def escape(text: str) -> str:
    """``text`` as literal Slack text: control characters escaped, broadcast words defused."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return URL_SCHEME.sub(":" + WORD_JOINER, _BROADCAST.sub("@" + WORD_JOINER, text))


def clip(text: str, limit: int) -> str:
    """``text`` (already escaped) cut to ``limit`` characters with an ellipsis, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = _PARTIAL_ENTITY.sub("", text[: limit - len(ELLIPSIS)])
    return cut.rstrip() + ELLIPSIS


def _markup(match: re.Match[str], bot_user_id: str | None) -> str:
    target, _, label = match.group(1).partition("|")
    if bot_user_id and target == f"@{bot_user_id}":
        return ""
    if label:  # <@U1|ann> → @ann, <#C1|news> → #news, <https://x|this> → this
        sigil = target[:1] if target[:1] in ("@", "#") and label[:1] not in ("@", "#") else ""
        return sigil + label
    if target.startswith("!"):
        return "@" + target[1:].split("^")[0]
    return target


def to_plain(text: str, bot_user_id: str | None = None) -> str:
    """Slack message markup to the plain text a user typed, without the bot's own mention."""
    plain = _MARKUP.sub(lambda m: _markup(m, bot_user_id), text or "")
    for entity, char in _ENTITIES:
        plain = plain.replace(entity, char)
    return " ".join(plain.split())
