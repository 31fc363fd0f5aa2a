"""Layouts of the answers that list entries: quotes, the timeline, search results, the indexed articles."""
from __future__ import annotations

import re

from bot import models as m

from adapters.layout.entries import cited, count, event, quotation
from adapters.layout.nodes import ArticleRow, Hit, Inline, Layout, ListItem, Mark, Section, Span, spans
from adapters.layout.people import more_of

# The core marks matched words in search snippets **like this** (a matched word holds no asterisk).
_HIGHLIGHT = re.compile(r"\*\*([^*]+)\*\*")


def highlighted(snippet: str) -> Inline:
    """A snippet as spans: the core's ``**match**`` marks become highlights, everything else stays text."""
    parts = _HIGHLIGHT.split(snippet)  # even indexes: text; odd: a matched word
    return tuple(Span(part, Mark.HIGHLIGHT if i % 2 else None) for i, part in enumerate(parts) if part)


def published_label(s: m.Source) -> str:
    """"2026-01-24", or "~2026-01-24 (inferred)" / ">=2025-11-08 (inferred)" for an undated article, else "undated"."""
    if not s.published_inferred:
        return s.published or "undated"
    if s.published:
        return f"~{s.published} (inferred)"
    return f">={s.published_range[0]} (inferred)" if s.published_range else "undated"


def quotes(a: m.QuotesAnswer) -> Layout:
    """The quotes in the order they were said; compact: the featured ones, in that order too."""
    return _compact(a.kind, (count(len(a.quotes), "quote", a.query),), tuple(quotation(q) for q in a.quotes),
                    a.featured, "quote", in_order=True)


def timeline(a: m.TimelineAnswer) -> Layout:
    """The events in date order; compact: the featured ones (chosen over the whole range), in date order."""
    return _compact(a.kind, (count(len(a.events), "event", a.query),), tuple(event(e) for e in a.events),
                    a.featured, "event", in_order=True, narrow=NARROW_TIMELINE)


def search(a: m.SearchAnswer) -> Layout:
    hits = tuple(Hit(cited(_hit_citation(h), number=i), highlighted(h.snippet)) for i, h in enumerate(a.results, 1))
    return _compact(a.kind, (count(len(a.results), "article", a.query),), hits, a.featured, "article",
                    in_order=False, narrow=NARROW_SEARCH)


NARROW_TIMELINE = "narrow with from:/to: or a topic"
NARROW_SEARCH = "add words to narrow"


def _hit_citation(h: m.SearchHit) -> m.Citation:
    return m.Citation(article_id=h.article_id, title=h.title, outlet=h.outlet, published=h.published, url=h.url)


def _compact(kind: str, head: tuple, items: tuple, featured: list[int], noun: str, *, in_order: bool,
             narrow: str = "") -> Layout:
    """A listing whose compact form shows the ``featured`` entries (in list order, or best first) and says how
    many more there are; without ``featured``, every entry."""
    chosen = [i for i in featured if 0 <= i < len(items)]
    if not chosen or len(chosen) >= len(items):
        return Layout(kind, head, items)
    hidden = len(items) - len(chosen)
    more = more_of(hidden, noun) + (f": {narrow}" if narrow else "")
    return Layout(kind, head, items, brief=tuple(sorted(chosen) if in_order else chosen), more=spans(more))


def sources(a: m.SourcesAnswer) -> Layout:
    rows = tuple(
        ArticleRow(s.article_id, s.title, s.outlet, published_label(s), s.story if s.story_size > 1 else None,
                   s.story_size, url=s.url)
        for s in a.articles
    )
    head = [count(len(a.articles), "article", after=" indexed")]
    skipped = [p for p in a.problems if not p.indexed]
    flagged = [p for p in a.problems if p.indexed]
    if skipped:
        head.append(Section("Not indexed", len(skipped),
                            tuple(ListItem(spans(Span(p.name, Mark.STRONG), f": {p.reason}")) for p in skipped)))
    if flagged:
        head.append(Section("Indexed with a warning", len(flagged),
                            tuple(ListItem(spans(Span(p.name, Mark.STRONG), f": {p.reason}")) for p in flagged)))
    return Layout(a.kind, tuple(head), rows)
