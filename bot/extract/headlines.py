"""A headline that gives its source before a colon: "Graham: Trump's rhetoric is destroying the party".

News headlines attribute a view by naming its source and a colon. The
headline is the text's first line; the source is a short name (a person, a
body, "Poll") and not a kicker that only labels the story ("The Latest:",
"Breaking:", "Exclusive:", listed in ``bot/data/attribution.yaml``), nor a
speaker label in capitals as a transcript writes it ("TAPPER:"). The
headline's words are the newsroom's, not the source's, so it is an
attribution, never a quote.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from bot import wordlists
from bot.extract.types import QuoteSpan

__all__ = ["headline_attribution"]

_HEADLINE = re.compile(r"\s*(?P<source>[^\n:]{2,60}?)\s*:\s+(?P<content>[^\n]+)")
_MAX_SOURCE_WORDS = 6
_MIN_CONTENT_WORDS = 3
_MARKS = " \"'“”‘’«».…"


def _kickers() -> frozenset[str]:
    return frozenset(str(k).lower() for k in wordlists.load("attribution")["headline_kickers"])


def headline_attribution(doc: Doc) -> QuoteSpan | None:
    text = doc.text
    m = _HEADLINE.match(text)
    if m is None:
        return None
    source = m.group("source")
    words = source.split()
    if len(words) > _MAX_SOURCE_WORDS or not source[0].isupper() or source.isupper():
        return None
    if source.lower() in _kickers() or words[0].lower() in _kickers():
        return None
    span = doc.char_span(m.start("source"), m.end("source"), alignment_mode="expand")
    if span is None or not any(t.pos_ in {"PROPN", "NOUN"} for t in span) or any(t.pos_ in {"VERB", "AUX"} for t in span):
        return None
    start, end = m.start("content"), m.end("content")
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and text[end - 1] in _MARKS:
        end -= 1
    if len(text[start:end].split()) < _MIN_CONTENT_WORDS:
        return None
    return QuoteSpan(
        text=text[start:end],
        start=start,
        end=end,
        direct=False,
        speaker_start=m.start("source"),
        speaker_end=m.end("source"),
        cue=":",
        kind="attribution",
    )
