"""Each answer model laid out once as format-neutral nodes (``nodes``), for every platform to render.

``layout(answer)`` picks the layout of the answer's kind; ``LAYOUTS`` lists
them, and a test checks that every kind of ``bot.models.Answer`` has one.
"""
from __future__ import annotations

from collections.abc import Callable

from bot import models as m

from adapters.layout import listings, people, replies, subscribed
from adapters.layout.nodes import Layout

__all__ = ["LAYOUTS", "layout"]

LAYOUTS: dict[str, Callable[..., Layout]] = {
    "person": people.person,
    "choices": people.choices,
    "not_found": people.not_found,
    "quotes": listings.quotes,
    "timeline": listings.timeline,
    "search": listings.search,
    "sources": listings.sources,
    "help": replies.help_,
    "answer": replies.answer,
    "error": replies.error,
    "digest": subscribed.digest,
    "subscriptions": subscribed.subscriptions,
    "feeds": subscribed.feeds,
}


def layout(answer: m.BaseModel) -> Layout:
    """The layout of any ``bot.models`` answer; KeyError for a kind without one (a test rules that out)."""
    return LAYOUTS[answer.kind](answer)
