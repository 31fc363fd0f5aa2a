"""Impressions the writer gives without naming a source: "the mayor's backers seemed
unworried", "the race appears closer in the north", "Ms. Lind seemed certain to leave".

The content is the subject and what it seems to be, in two parts ("the mayor's backers"
+ "unworried"); the verbs are ``impression_verbs`` of
``bot/data/attribution.yaml``. "Seems to prefer" is an infinitive cue of
``shapes`` instead, and "it seems that ..." has no subject to describe. Like every
attribution, an impression is measured but never shown as a quote.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from bot import wordlists
from bot.extract.people.coref import quote_regions, region_of
from bot.extract.speech.cues import verb_lemma
from bot.extract.speech.marks import strip_edges
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of

__all__ = ["impressions"]

_EDGES = " ,;:.—–-\n"
# Subjects that describe nothing: "it seems unlikely", "this appears odd".
_EMPTY_SUBJECTS = {"it", "this", "that", "there", "what", "which", "who"}


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(str(v).lower() for v in wordlists.load("attribution")["impression_verbs"])


def _complement(verb: Token) -> Token | None:
    """What the subject seems to be: an adjective or noun ("unperturbed", "a winner"),
    or a participle ("paralyzed"); not "to" and a verb."""
    for c in verb.children:
        if c.dep_ in {"acomp", "oprd", "attr"} and c.i > verb.i:
            return c
        if c.dep_ == "xcomp" and c.tag_ in {"VBN", "JJ"} and c.i > verb.i:
            return c
    return None


def _edges(doc: Doc, tok: Token) -> tuple[int, int] | None:
    start, end = strip_edges(text_of(doc), tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge), _EDGES)
    return (start, end) if end > start else None


def impressions(doc: Doc) -> list[QuoteSpan]:
    """Each impression of ``doc`` outside quotation marks, in text order."""
    regions = quote_regions(text_of(doc))
    out: list[QuoteSpan] = []
    for verb in doc:
        if not verb.tag_.startswith("VB") or verb_lemma(verb.text, _verbs()) is None:
            continue
        if region_of(regions, verb.idx) is not None:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        complement = _complement(verb)
        if subject is None or complement is None or subject.lower_ in _EMPTY_SUBJECTS:
            continue
        described, seems = _edges(doc, subject), _edges(doc, complement)
        if described is None or seems is None or described[1] > seems[0]:
            continue
        out.append(QuoteSpan(
            text=f"{text_of(doc)[described[0] : described[1]]} {text_of(doc)[seems[0] : seems[1]]}",
            start=described[0], end=seems[1], direct=False, cue=verb.text, kind="attribution",
            parts=(described, seems),
        ))
    return out
