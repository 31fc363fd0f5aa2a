"""Sentence units for people extraction: spaCy's sentences, also cut at line breaks.

The small model often runs a headline, a photo caption or a paragraph end
into the next sentence. A line break always ends a unit here, so a role or an
antecedent never reaches across a headline or a caption.
"""
from __future__ import annotations

from spacy.tokens import Doc

_INDEX, _BOUNDS = "newsdesk.sentence_index", "newsdesk.sentence_bounds"


def sentence_index(doc: Doc) -> list[int]:
    """For every token, the number of the sentence unit it belongs to (worked out once per Doc: read-only)."""
    cached = doc.user_data.get(_INDEX)
    if cached is not None:
        return cached
    index: list[int] = []
    n = -1
    for tok in doc:
        newline_before = tok.i > 0 and ("\n" in doc[tok.i - 1].whitespace_ or "\n" in doc[tok.i - 1].text)
        if tok.i == 0 or tok.is_sent_start or newline_before:
            n += 1
        index.append(n)
    doc.user_data[_INDEX] = index
    return index


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` of the sentence units, in order (worked out once per Doc: read-only)."""
    cached = doc.user_data.get(_BOUNDS)
    if cached is not None:
        return cached
    bounds: list[tuple[int, int]] = []
    for i, n in enumerate(sentence_index(doc)):
        if n == len(bounds):
            bounds.append((i, i + 1))
        else:
            bounds[n] = (bounds[n][0], i + 1)
    doc.user_data[_BOUNDS] = bounds
    return bounds
