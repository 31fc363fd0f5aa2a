"""Headlines that attribute: "Graham: Trump's rhetoric is destroying the party",
"Conservative Icon Morton Blackwell Endorses Ted Cruz".

News headlines attribute a view by naming its source and a colon, or in
title case with a cue verb in the present tense ("Says", "Praises",
"Calls"), which the parser reads poorly because every word is capitalised:
here the cue is any word of the attribution and speech verb lists in its
"-s" form, with its source before it and what it gives after it. The
headline is the text's first line; the source is a short name (a person, a
body, "Poll") and not a kicker that only labels the story ("The Latest:",
"Breaking:", "Exclusive:", listed in ``bot/data/attribution.yaml``), nor a
speaker label in capitals as a transcript writes it ("TAPPER:"). The
headline's words are the newsroom's, not the source's, so it is an
attribution, never a quote.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from bot import wordlists
from bot.extract.speech.cues import verb_lemma
from bot.extract.speech.marks import strip_edges
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of

__all__ = ["headline_attribution", "is_kicker"]

_HEADLINE = re.compile(r"\s*(?P<source>[^\n:]{2,60}?)\s*:\s+(?P<content>[^\n]+)")
_MAX_SOURCE_WORDS = 6
_MIN_CONTENT_WORDS = 3
_MARKS = " \"'“”‘’«».…"


@lru_cache(maxsize=1)
def _kickers() -> frozenset[str]:
    return frozenset(str(k).lower() for k in wordlists.load("attribution")["headline_kickers"])


def is_kicker(label: str) -> bool:
    """Whether ``label`` (the words before a colon) only labels a story ("The Latest", "Breaking News")."""
    words = label.split()
    return bool(words) and (label.lower() in _kickers() or words[0].lower() in _kickers())


def headline_attribution(doc: Doc, cue_verbs: frozenset[str]) -> QuoteSpan | None:
    """The headline's attribution, if it makes one; ``cue_verbs``: the lemmas a title-case headline's cue may have."""
    m = _HEADLINE.match(text_of(doc))
    if m is None:
        return _title_case_attribution(doc, cue_verbs)
    return _colon_attribution(doc, m)


_LINE = re.compile(r"\s*(?P<line>[^\n]+)")
_WORD_RE = re.compile(r"[\w’'-]+")
_MAX_SOURCE_WORDS_TITLE = 8
_TITLE_CASE_SHARE = 0.6


def _title_case_attribution(doc: Doc, known: frozenset[str]) -> QuoteSpan | None:
    """'Conservative Icon Morton Blackwell Endorses Ted Cruz': a title-case headline whose cue is a verb in "-s"."""
    text = text_of(doc)
    m = _LINE.match(text)
    if m is None:
        return None
    line, base = m.group("line"), m.start("line")
    words = list(_WORD_RE.finditer(line))
    if len(words) < 4 or sum(w.group()[:1].isupper() for w in words) < _TITLE_CASE_SHARE * len(words):
        return None
    for k, w in enumerate(words[1 : _MAX_SOURCE_WORDS_TITLE + 1], 1):
        word = w.group()
        low = word.lower()
        if not word[:1].isupper() or not low.endswith("s") or low.endswith("ss") or not verb_lemma(low, known):
            continue
        if len(words) - k - 1 < _MIN_CONTENT_WORDS - 1:
            return None
        start, end = _trimmed(text, base + words[k + 1].start(), base + len(line.rstrip()))
        return QuoteSpan(text=text[start:end], start=start, end=end, direct=False,
                         speaker_start=base + words[0].start(), speaker_end=base + words[k - 1].end(),
                         cue=word, kind="attribution")
    return None


def _colon_attribution(doc: Doc, m: re.Match[str]) -> QuoteSpan | None:
    text = text_of(doc)
    source = m.group("source")
    words = source.split()
    if len(words) > _MAX_SOURCE_WORDS or not source[0].isupper() or source.isupper():
        return None
    if is_kicker(source):
        return None
    span = doc.char_span(m.start("source"), m.end("source"), alignment_mode="expand")
    if span is None or not any(t.pos_ in {"PROPN", "NOUN"} for t in span) or any(t.pos_ in {"VERB", "AUX"} for t in span):
        return None
    start, end = _trimmed(text, m.start("content"), m.end("content"))
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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotation marks, stops and blanks at its edges."""
    return strip_edges(text, start, end, _MARKS)
