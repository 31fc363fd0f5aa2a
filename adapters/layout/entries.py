"""Entries that several layouts share: a quote, an event, a cited article, a count of what a list holds."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot import models as m

from adapters.layout.nodes import Caption, Citation, Event, Inline, Mark, Quotation, Refs, Span, spans


def quotation(q: m.Quote) -> Quotation:
    """"Vladimir Putin (President), said 2022-10-31 · reported 2022-11-08" and the words, or "unattributed"."""
    role = f" ({q.speaker_role})" if q.speaker_role else ""
    attribution = spans(Span(q.speaker or "unattributed", Mark.STRONG), f"{role}, {when(q)}")
    return Quotation(attribution, q.text, q.direct, refs(q.sources or [q.article_id], q.citations))


def when(q: m.Quote) -> str:
    """When the words were said and reported: "said 2022-10-31 · reported 2022-11-08" when the text dates
    them apart from the article, "said 2022-11-08" when on its day, "reported 2022-11-08" when the text
    does not say, "undated" when nothing does."""
    if not q.said_on:
        return f"reported {q.date}" if q.date else "undated"
    said = f"said week of {q.said_on}" if q.said_precision == "week" else f"said {q.said_on}"
    return said if not q.date or q.date == q.said_on else f"{said} · reported {q.date}"


def event(e: m.Event) -> Event:
    """An event's date at its precision ("2026-01-22", "week of 2026-01-19", "2026-01", "2026",
    "2025-12-14…2025-12-15"), marked "planned" when every source tells it as still to come."""
    when = f"week of {e.date}" if e.precision == "week" else e.date + (f"…{e.end_date}" if e.end_date else "")
    return Event(when + (" (planned)" if e.planned else ""), e.text, refs(e.sources, e.citations))


def cited(c: m.Citation, number: int | None = None) -> Citation:
    """An article an answer names, as a citation node: title, outlet, date and link."""
    return Citation(c.title, c.outlet, c.published, c.article_id, number=number, url=c.url)


def refs(ids: Sequence[str], citations: Iterable[m.Citation] = ()) -> Refs:
    """The articles behind an entry: their ids, and as citations the ones the answer describes, the first
    published first (the first report of it)."""
    known = {c.article_id: c for c in citations}
    first = sorted((known[i] for i in ids if i in known), key=lambda c: (c.published is None, c.published or "", c.article_id))
    return Refs(tuple(ids), cited=tuple(cited(c) for c in first))


def count(n: int, noun: str, query: str = "", after: str = "") -> Caption:
    """"3 quotes for “conditions”"."""
    about: Inline = spans(" for “", query, "”") if query else ()
    return Caption(spans(plural(n, noun) + after) + about)


def plural(n: int, noun: str) -> str:
    """"1 quote", "3 quotes"."""
    return f"{n} {noun}" + ("" if n == 1 else "s")
