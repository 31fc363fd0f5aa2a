"""Layouts of the answers that list entries: quotes, the timeline, search results, the indexed articles."""
from __future__ import annotations

import re

from bot import models as m

from adapters.layout.entries import count, event, quotation
from adapters.layout.nodes import ArticleRow, Citation, Hit, Inline, Layout, ListItem, Mark, Section, Span, spans

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
    return Layout(a.kind, (count(len(a.quotes), "quote", a.query),), tuple(quotation(q) for q in a.quotes))


def timeline(a: m.TimelineAnswer) -> Layout:
    return Layout(a.kind, (count(len(a.events), "event", a.query),), tuple(event(e) for e in a.events))


def search(a: m.SearchAnswer) -> Layout:
    hits = tuple(
        Hit(Citation(h.title, h.outlet, h.published, h.article_id, number=i), highlighted(h.snippet))
        for i, h in enumerate(a.results, 1)
    )
    return Layout(a.kind, (count(len(a.results), "article", a.query),), hits)


def sources(a: m.SourcesAnswer) -> Layout:
    rows = tuple(
        ArticleRow(s.article_id, s.title, s.outlet, published_label(s), s.story if s.story_size > 1 else None, s.story_size)
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
