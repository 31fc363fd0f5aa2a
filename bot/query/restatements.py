"""One statement reported twice in an article, as a paraphrase and in the speaker's own words, is shown once.

News copy often gives a statement first in the writer's words and then
quotes it ("Russia has never rejected talks ..., Polishchuk said. 'We have
never refused to negotiate ...'"). A paraphrase is folded into a direct quote
of the same speaker in the same article when they share enough rare words:
the weighted share of the shorter one's content words (each word weighted by
how rare it is in the indexed sentences) that the other holds, with fewer
shared words asked of a pair that stands side by side than of a pair
further apart. Several paraphrases may fold into one direct quote; a
paraphrase folds into the one it is most like. A paraphrase with no direct
quote to fold into folds, by the same rule, into one that quotes some of
the speaker's words between quotation marks. Nothing is re-extracted: this
is read from the stored quotes.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.query.terms import content_words, index_term

# (largest gap in characters between the two, fewest shared words, least weighted share)
RULES: tuple[tuple[float, int, float], ...] = (
    (10, 2, 0.40),  # side by side: "..., he said. “...”"
    (200, 3, 0.38),  # within a sentence or two
    (math.inf, 4, 0.45),  # anywhere in the article
)


_MARKS = re.compile(r'["“”«»].{3,}?["“”«»]')  # words in quotation marks


@dataclass(frozen=True)
class Said:
    """What pairing needs of a quote row."""

    id: int
    article_id: str
    speaker: object  # the person id, else the speaker's name as written
    direct: bool
    start: int
    end: int
    text: str


def pairs(quotes: Sequence[Said], weight: Callable[[str], float]) -> dict[int, int]:
    """Paraphrase id -> the id of the direct quote it restates (same article, same speaker)."""
    groups: dict[tuple[str, object], list[Said]] = {}
    for q in quotes:
        if q.speaker is not None:
            groups.setdefault((q.article_id, q.speaker), []).append(q)
    bags: dict[int, frozenset[str]] = {}
    found: dict[int, int] = {}
    for members in groups.values():
        indirect = [q for q in members if not q.direct]
        found.update(_fold(indirect, [q for q in members if q.direct], bags, weight))
        # a paraphrase that quotes some of the words ('Moscow is set to "continue the dialogue ..."') leads the others
        left = [q for q in indirect if q.id not in found]
        partial = [q for q in left if _MARKS.search(q.text)]
        found.update(_fold([q for q in left if q not in partial], partial, bags, weight))
    return found


def _fold(paraphrases: list[Said], leads: list[Said], bags: dict[int, frozenset[str]],
          weight: Callable[[str], float]) -> dict[int, int]:
    found: dict[int, int] = {}
    for para in paraphrases:
        best: tuple[float, int] | None = None
        for lead in leads:
            score = _alike(_bag(para, bags), _bag(lead, bags), _gap(para, lead), weight)
            if score is not None and (best is None or score > best[0]):
                best = (score, lead.id)
        if best is not None:
            found[para.id] = best[1]
    return found


def _bag(q: Said, bags: dict[int, frozenset[str]]) -> frozenset[str]:
    if q.id not in bags:
        bags[q.id] = _words(q.text)
    return bags[q.id]


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(index_term(w) for w in content_words(text))


def _gap(a: Said, b: Said) -> int:
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def _alike(a: frozenset[str], b: frozenset[str], gap: int, weight: Callable[[str], float]) -> float | None:
    """The weighted share of the smaller bag held by the other, when the pair passes the rule for its gap."""
    shared = a & b
    if not shared:
        return None
    smaller = min(sum(map(weight, a)), sum(map(weight, b)))
    score = sum(map(weight, shared)) / smaller if smaller > 0 else 0.0
    for most_gap, fewest, least in RULES:
        if gap <= most_gap:
            return score if len(shared) >= fewest and score >= least else None
    return None


def rarity(counts: dict[str, int], sentences: int) -> Callable[[str], float]:
    """A word's weight: its inverse document frequency over the indexed sentences."""
    total = max(sentences, 1)

    def weight(term: str) -> float:
        return math.log((total + 1) / (counts.get(term, 0) + 0.5))

    return weight
