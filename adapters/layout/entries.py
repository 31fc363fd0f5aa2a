"""Entries that several layouts share: a quote, an event, a count of what a list holds."""
from __future__ import annotations

from bot import models as m

from adapters.layout.nodes import Caption, Event, Inline, Mark, Quotation, Refs, Span, spans


def quotation(q: m.Quote) -> Quotation:
    """"Andrey Rudenko (Deputy Foreign Minister), 2022-11-08" and the words, or "unattributed"."""
    role = f" ({q.speaker_role})" if q.speaker_role else ""
    attribution = spans(Span(q.speaker or "unattributed", Mark.STRONG), f"{role}, {q.date or 'undated'}")
    return Quotation(attribution, q.text, q.direct, Refs(tuple(q.sources or [q.article_id])))


def event(e: m.Event) -> Event:
    return Event(e.date + (f"…{e.end_date}" if e.end_date else ""), e.text, Refs(tuple(e.sources)))


def count(n: int, noun: str, query: str = "", after: str = "") -> Caption:
    """"3 quotes for “conditions”"."""
    about: Inline = spans(" for “", query, "”") if query else ()
    return Caption(spans(f"{n} {noun}" + ("" if n == 1 else "s") + after) + about)
