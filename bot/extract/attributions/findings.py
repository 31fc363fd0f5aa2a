"""Statements set in a poll: "In a state poll released Monday, Holt led by six
points", "Holt has a clear lead in the polls".

The finding is the clause the "in" phrase hangs on, without the phrase, and
its source is the poll (``finding_nouns`` in ``bot/data/attribution.yaml``).
A clause whose verb reports words itself ("In the poll, 60 percent said
...") is left to that verb: those who said it are its speakers. "Better than
in other polls" compares and gives no source. Like every
attribution, a finding is measured but never shown as a quote.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from bot import wordlists
from bot.extract.speech.cues import has_clause_subject, speaker_span, speech_lemma
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of

__all__ = ["findings"]

_MIN_WORDS = 3
# Clauses of their own inside the one the phrase hangs on: the poll does not cover them
# ("Holt came third in March surveys, although Ames rose to second in a later survey").
_OTHER_CLAUSES = {"advcl", "conj", "ccomp", "parataxis", "relcl"}


@lru_cache(maxsize=1)
def _nouns() -> frozenset[str]:
    return frozenset(str(n).lower() for n in wordlists.load("attribution")["finding_nouns"])


def _finding_noun(tok: Token) -> bool:
    word = tok.lower_
    nouns = _nouns()
    return tok.pos_ == "NOUN" and (word in nouns or word.endswith("s") and word[:-1] in nouns)


def findings(doc: Doc) -> list[QuoteSpan]:
    """Each clause of ``doc`` set "in" a poll, as an attribution to the poll, in text order."""
    out: list[QuoteSpan] = []
    for tok in doc:
        if tok.dep_ != "pobj" or tok.head.lower_ != "in" or not _finding_noun(tok):
            continue
        phrase = tok.head
        if phrase.i > 0 and doc[phrase.i - 1].lower_ == "than":
            continue  # "better than in other polls": a comparison, not the source
        verb = phrase.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i and verb.dep_ not in _OTHER_CLAUSES:
            verb = verb.head  # "a clear lead in the polls": the clause of "lead"
        if verb.pos_ not in {"VERB", "AUX"} or not has_clause_subject(verb) or speech_lemma(verb, opinion=True):
            continue
        if verb.dep_ in {"relcl", "acl"}:
            continue  # "Holt, who leads in the polls, ...": a description, not the poll's finding
        quote = _finding(doc, verb, phrase, tok)
        if quote is not None:
            out.append(quote)
    return out


def _finding(doc: Doc, verb: Token, phrase: Token, poll: Token) -> QuoteSpan | None:
    """The words of ``verb``'s clause but ``phrase`` and clauses of their own, in one or two parts."""
    left_out = {t.i for t in phrase.subtree}
    for child in verb.children:
        if child.dep_ in _OTHER_CLAUSES and child.i > verb.i:
            left_out |= {t.i for t in child.subtree}
    sent = verb.sent
    kept = [t for t in verb.subtree if t.i not in left_out and sent.start <= t.i < sent.end]
    runs: list[list[Token]] = []
    for t in kept:
        if runs and runs[-1][-1].i + 1 == t.i:
            runs[-1].append(t)
        else:
            runs.append([t])
    parts = []
    for run in runs:
        while run and (run[0].is_punct or run[0].is_space or run[0].dep_ in {"cc", "mark"}):
            run = run[1:]
        while run and (run[-1].is_punct or run[-1].is_space or run[-1].dep_ in {"cc", "mark"}):
            run = run[:-1]
        if run:
            parts.append((run[0].idx, run[-1].idx + len(run[-1])))
    words = sum(1 for t in kept if t.is_alpha or t.like_num)
    if not parts or len(parts) > 2 or words < _MIN_WORDS:
        return None
    s_start, s_end = speaker_span(poll)
    text = " ".join(text_of(doc)[a:b] for a, b in parts)
    return QuoteSpan(
        text=text, start=parts[0][0], end=parts[-1][1], direct=False,
        speaker_start=s_start, speaker_end=s_end, cue=phrase.text, kind="attribution",
        parts=tuple(parts) if len(parts) > 1 else (),
    )
