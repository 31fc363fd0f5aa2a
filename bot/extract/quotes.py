"""Entry point for quotations: direct and indirect speech with speaker mentions.

``find_quotes`` merges what ``direct_quotes`` finds between quotation marks
and dialogue dashes with what ``reported_speech`` reads from the parse, so
callers get one ordered list in which no statement is listed twice:

* a reported clause that is (nearly) all inside a direct quote is the same
  statement seen twice, and the direct quote, with its exact words, stays
  ('Dmitriev noted that "..."', '"...," he said');
* a direct quote that is only a fragment of a longer reported clause is a
  mixed quote ('... give guarantees that "this will not happen again," the
  politician said'); the reported clause stays, with the quoted words in
  it, and the fragment goes;
* reported clauses found twice (by the verb and by "as X said") are kept once.
"""
from __future__ import annotations

from spacy.tokens import Doc

from bot.extract.direct_quotes import find_direct_quotes
from bot.extract.reported_speech import find_reported_speech
from bot.extract.types import QuoteSpan

__all__ = ["find_quotes"]

# Share of a reported clause that a direct quote must cover to be the same statement.
_SAME_STATEMENT = 0.6


def _overlap(a: QuoteSpan, b: QuoteSpan) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _inside_direct(q: QuoteSpan, direct: list[QuoteSpan]) -> bool:
    return any(_overlap(q, d) >= _SAME_STATEMENT * (q.end - q.start) for d in direct)


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    """Every attributed statement in ``doc``, sorted by start offset.

    A direct quote split around its attribution comes as one QuoteSpan per
    part, each with the real offsets of its content.
    """
    direct = find_direct_quotes(doc)
    reported: list[QuoteSpan] = []
    seen: set[tuple[int, int]] = set()
    for q in find_reported_speech(doc):
        if (q.start, q.end) in seen or _inside_direct(q, direct):
            continue
        seen.add((q.start, q.end))
        reported.append(q)
    kept = [d for d in direct if not any(_overlap(d, r) > 0 for r in reported)]
    return sorted(kept + reported, key=lambda q: (q.start, q.end))
