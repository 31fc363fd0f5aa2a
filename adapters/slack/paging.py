"""Long answers as pages that fit in one Slack message, with a stateless "More" button.

Slack takes at most 50 blocks per message and rejects very large payloads,
so a long answer (every article in /sources, all quotes of a busy person) is
cut into pages. The button on a page carries the text that was asked and
the number of the next page, nothing else: whichever instance of the bot
receives the press asks again and renders that page. Nothing is stored, so
it works across restarts and several instances, as long as the index has not
changed in between (then the next page is simply that of the new answer).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject

from adapters.layout.pages import split
from adapters.slack.render import Rendered

__all__ = ["MORE_ACTION", "Message", "page", "read_more_value"]

MORE_ACTION = "newsdesk_more"
PAGE_BLOCKS = 45  # of Slack's 50, leaving room for the page footer
PAGE_CHARS = 12_000  # JSON characters of blocks per page: well under what Slack accepts in one message
VALUE_MAX = 2000  # Slack: button value


@dataclass(frozen=True)
class Message:
    """One page of an answer, ready for ``chat.postMessage`` or ``respond()``."""

    text: str  # the plain fallback: notifications, screen readers, old clients
    blocks: list[dict]
    ephemeral: bool
    number: int
    pages: int

    @property
    def response_type(self) -> str:
        return "ephemeral" if self.ephemeral else "in_channel"


def _size(block: Block) -> int:
    return len(json.dumps(block.to_dict(), ensure_ascii=False))


def _split(rendered: Rendered) -> list[list[Block]]:
    """The items of each page: as many as fit after the head (page 1) or the "page n of m" line; always one page.
    A compact answer's brief comes first (one page, as a rule), and its other items start on a page of their own."""
    head = (len(rendered.head), sum(_size(b) for b in rendered.head))
    if rendered.brief:
        brief = split(rendered.brief, _size, count=PAGE_BLOCKS, room=PAGE_CHARS, first=head, later=(1, 0))
        rest = split(rendered.items, _size, count=PAGE_BLOCKS, room=PAGE_CHARS, first=(1, 0)) if rendered.items else []
        return brief + rest
    return split(rendered.items, _size, count=PAGE_BLOCKS, room=PAGE_CHARS, first=head, later=(1, 0))


def more_value(asked: str, number: int) -> str | None:
    """The button value that brings page ``number`` of the answer to ``asked``; None if it cannot fit."""
    value = json.dumps({"q": asked, "p": number}, ensure_ascii=False, separators=(",", ":"))
    return value if len(value) <= VALUE_MAX else None


def read_more_value(value: str) -> tuple[str, int]:
    """``(asked, page number)`` from a button value; ValueError if this is not one of ours."""
    try:
        data = json.loads(value)
        asked, number = data["q"], data["p"]
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"not a newsdesk page button value: {value[:100]!r}") from exc
    if not isinstance(asked, str) or not isinstance(number, int) or number < 1:
        raise ValueError(f"not a newsdesk page button value: {value[:100]!r}")
    return asked, number


def page(rendered: Rendered, asked: str, number: int = 1) -> Message:
    """Page ``number`` of ``rendered`` (the answer to ``asked``), with a "More" button if more follow.

    A number past the end gives the last page: the answer may have shrunk
    since the button was drawn.
    """
    pages = _split(rendered)
    number = min(max(number, 1), len(pages))
    blocks: list[Block] = list(rendered.head) if number == 1 else [_page_line(number, len(pages))]
    blocks.extend(pages[number - 1])
    text = rendered.fallback if number == 1 else f"(page {number} of {len(pages)}) {rendered.fallback}"
    value = more_value(asked, number + 1) if number < len(pages) else None
    if value is not None:
        label = f"More ({number + 1} of {len(pages)})"
        blocks.append(ActionsBlock(elements=[ButtonElement(text=label, action_id=MORE_ACTION, value=value)]))
    return Message(
        text=text,
        blocks=[b.to_dict() for b in blocks],
        ephemeral=rendered.ephemeral,
        number=number,
        pages=len(pages),
    )


def _page_line(number: int, pages: int) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=f"page {number} of {pages}", verbatim=True)])
