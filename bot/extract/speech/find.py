"""Entry point for quotations: direct and indirect speech with speaker mentions.

``find_quotes`` merges what ``direct`` finds between quotation marks
and dialogue dashes with what ``reported`` reads from the parse, so
callers get one ordered list in which no statement is listed twice:

* a reported clause that is (nearly) all inside a direct quote is the same
  statement seen twice, and the direct quote, with its exact words, stays
  ('Dmitriev noted that "..."', '"...," he said');
* a direct quote that is only a fragment of a longer reported clause is a
  mixed quote ('... give guarantees that "this will not happen again," the
  politician said'); the reported clause stays, with the quoted words in
  it, and the fragment goes;
* reported clauses found twice (by the verb and by "as X said") are kept once,
  and one whose speaker stands inside a direct quote is that quote's words;
* the parts of a direct quote split around its attribution ('"...," he
  said. "..."'), or running over paragraphs, are one statement: one
  QuoteSpan whose ``parts`` are the content offsets of each part.

Once speakers are resolved, ``passed_on`` and ``reports_within`` settle
reports of reports: a body passing on a named speaker's words gives way to
that speaker's statement, and otherwise a report inside another report is
part of the outer statement, not a second one; ``unvoiced_views`` drops what
a writer says someone thinks ("He thinks he can be president") where the
text gives no words of theirs around it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc

from bot.extract.speech.cues import lexicon, speech_lemma, verb_lemma
from bot.extract.speech.direct import find_direct_quotes, sentence_ends
from bot.extract.speech.marks import paragraphs
from bot.extract.speech.reported import find_reported_speech
from bot.extract.types import QuoteSpan
from bot.extract.nlp import text_of

__all__ = ["find_quotes", "passed_on", "reports_within", "unvoiced_views"]

# Share of a reported clause that a direct quote must cover to be the same statement.
_SAME_STATEMENT = 0.6


def _overlap(a: QuoteSpan, b: QuoteSpan) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _inside_direct(q: QuoteSpan, direct: list[QuoteSpan]) -> bool:
    return any(_overlap(q, d) >= _SAME_STATEMENT * (q.end - q.start) for d in direct)


# Text that says nothing: quotation marks, punctuation, dashes, blanks.
_ONLY_MARKS = re.compile(r"[\s\"'“”‘’«»„‹›,.;:!?…—–-]*")
_SENTENCE_END = re.compile(r"[.!?…]$")
_SENTENCE_ENDS = re.compile(r"[.!?…][\s\"'”’»]+\S")


def _one_statement(a: QuoteSpan, b: QuoteSpan, text: str) -> bool:
    """Whether direct quote ``b`` goes on with ``a``: same attribution, nothing else between.

    Both were given the very same speaker mention and cue (a part with no
    attribution of its own borrows its neighbour's), and what separates them
    is that attribution ('"...," he said. "..."') or a paragraph break (a
    quote running over paragraphs). A quote reopened within its paragraph
    with nothing said between is not taken for the same statement.
    """
    if not (a.direct and b.direct and a.kind == b.kind == "speech") or a.speaker_start is None:
        return False
    if (a.speaker_start, a.speaker_end, a.cue) != (b.speaker_start, b.speaker_end, b.cue):
        return False
    # '"...," he said. "..."', not '"...," he said. The attack resumed. "..."' (two quotes of one speaker)
    speaker_between = (a.end <= a.speaker_start and (a.speaker_end or 0) <= b.start
                       and sentence_ends(text[a.speaker_end or 0 : b.start]) <= 1)
    gap = text[a.end : b.start]
    return speaker_between or ("\n" in gap and bool(_ONLY_MARKS.fullmatch(gap)))


def _joined(a: str, b: str) -> str:
    """The words of two parts as one statement ('We will win' + 'It is clear' -> 'We will win. It is clear')."""
    a = a.rstrip(" ,;:—–-")
    if not a or not b or _SENTENCE_END.search(a) or b[0].islower():
        return f"{a} {b}".strip()
    return f"{a}. {b}"


def _merge_parts(quotes: list[QuoteSpan], text: str) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    for q in quotes:
        prev = out[-1] if out else None
        if prev is not None and _one_statement(prev, q, text):
            parts = prev.parts or ((prev.start, prev.end),)
            prev.parts = parts + (q.parts or ((q.start, q.end),))
            prev.text = _joined(prev.text, q.text)
            prev.end = q.end
            continue
        out.append(q)
    return out


def _speaker_quoted(q: QuoteSpan, direct: list[QuoteSpan]) -> bool:
    """A reported clause whose speaker stands inside a direct quote is the quote's own words
    ('"Something tells me this is a mistake," the lawmaker said' is the lawmaker's, not "Something"'s)."""
    return q.speaker_start is not None and any(d.start <= q.speaker_start < d.end for d in direct)


def _continue_last_speaker(quotes: list[QuoteSpan], text: str) -> None:
    """A quote paragraph with no attribution of its own, right after a paragraph that ends
    with someone's statement, is that speaker's ('Trump suggested that ... \n "He wants to ..."')."""
    bounds = paragraphs(text)
    starts = [a for a, _ in bounds]
    for k, q in enumerate(quotes):
        if not q.direct or q.speaker_start is not None:
            continue
        para = bisect_right(starts, q.start) - 1
        if para < 1:
            continue
        a, b = bounds[para]
        if not (_ONLY_MARKS.fullmatch(text[a : q.start]) and _ONLY_MARKS.fullmatch(text[q.end : b])):
            continue  # not a paragraph of its own
        prev_a, prev_b = bounds[para - 1]
        before = [p for p in quotes[:k] if prev_a <= p.start < prev_b and p.kind == "speech"]
        if not before or before[-1].speaker_start is None:
            continue
        last = before[-1]
        if _SENTENCE_ENDS.search(text[last.end : prev_b].rstrip(" \"'”’»")):
            continue  # the paragraph went on to something else after the statement
        q.speaker_start, q.speaker_end, q.cue = last.speaker_start, last.speaker_end, last.cue


# Words between a statement and a quote that may still be its speaker's: pronouns that would
# name someone else as the one who speaks on.
_OTHER_SPEAKERS = {"he", "she", "they", "we", "i"}


def _continue_in_paragraph(quotes: list[QuoteSpan], doc: Doc) -> None:
    """A quote sentence with no attribution, ending its paragraph, one sentence after a statement
    of the same paragraph, is that speaker's when the sentence between names nobody and
    reports no speech ('"...," the spokesman said. In March the attack resumed. "It means ..."').
    """
    text = text_of(doc)
    bounds = paragraphs(text)
    starts = [a for a, _ in bounds]
    for k, q in enumerate(quotes):
        if not q.direct or q.speaker_start is not None:
            continue
        a, b = bounds[bisect_right(starts, q.start) - 1]
        if not _ONLY_MARKS.fullmatch(text[q.end : b]):
            continue
        before = [p for p in quotes[:k] if a <= p.start and p.kind == "speech"]
        if not before or before[-1].speaker_start is None or before[-1].speaker_end is None:
            continue
        last = before[-1]
        said = doc.char_span(last.speaker_start, last.speaker_end, alignment_mode="expand")
        opening = doc.char_span(q.start, q.end, alignment_mode="expand")
        if said is None or opening is None:
            continue
        stop = said[-1].sent.end  # the statement's attribution ends with its sentence
        while opening.start > stop and doc[opening.start - 1].is_quote:
            opening = doc[opening.start - 1 : opening.end]
        between = doc[stop : opening.start]
        if len(between) == 0 or len(list(between.sents)) > 1 or not _SENTENCE_END.search(between.text.strip()):
            continue
        if any(t.is_quote or (t.pos_ == "PROPN" and t.ent_type_ not in {"DATE", "TIME"})
               or t.lower_ in _OTHER_SPEAKERS or speech_lemma(t, opinion=True) for t in between):
            continue
        q.speaker_start, q.speaker_end, q.cue = last.speaker_start, last.speaker_end, last.cue


# What may stand before the inner speaker in a report of a report: nothing, or one phrase
# closed by a comma ("in a phone interview, Trump said ...").
_LEAD_PHRASE = re.compile(r"(?:that\s+)?(?:[^,.;:]*,\s*)?")


def passed_on(quotes: list[QuoteSpan], text: str, is_body: Callable[[int], bool]) -> list[QuoteSpan]:
    """Reported clauses by which a body only passes on someone else's words ('Putin told
    Michel that C, the Kremlin said'; 'NBC reported that, in an interview, Trump said C'):
    the clause opens with another speaker's speech verb, whose reported words run to its end,
    and who is known (``speaker_entity``, so call after speakers are resolved). The statement
    is C, by the inner speaker; the body (``is_body`` of its entity: an office, an outlet)
    only relays it. A person who says what another said makes a claim of their own, and is
    kept; so is a view ("Trump said he believed C"), a clause that goes on about something
    else first, and a source given by "according to" rather than a verb of saying."""
    words = lexicon().speech_verbs
    out = []
    for q in quotes:
        if q.direct or q.kind != "speech" or q.speaker_entity is None or not is_body(q.speaker_entity):
            continue
        if not q.cue or verb_lemma(q.cue.split()[0], words) is None:
            continue  # "according to X, Y said C": X is the authority for C, not its relay
        for r in quotes:
            if r is q or r.direct or r.kind != "speech" or r.speaker_entity is None or r.speaker_start is None:
                continue
            if not (q.start <= r.speaker_start < r.start and r.end == q.end) or not r.cue:
                continue
            if r.speaker_entity == q.speaker_entity:
                continue  # one speaker: the fuller report stays
            if _LEAD_PHRASE.fullmatch(text[q.start : r.speaker_start]) and verb_lemma(r.cue.split()[0], words):
                out.append(q)
                break
    return out


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    """Every attributed statement in ``doc``, sorted by start offset."""
    direct = find_direct_quotes(doc)
    reported: list[QuoteSpan] = []
    seen: set[tuple[int, int]] = set()
    for q in find_reported_speech(doc):
        if (q.start, q.end) in seen or _inside_direct(q, direct) or _speaker_quoted(q, direct):
            continue
        seen.add((q.start, q.end))
        reported.append(q)
    kept = [d for d in direct if not any(_overlap(d, r) > 0 for r in reported)]
    quotes = sorted(kept + reported, key=lambda q: (q.start, q.end))
    _continue_last_speaker(quotes, text_of(doc))
    _continue_in_paragraph(quotes, doc)
    return _merge_parts(quotes, text_of(doc))


def reports_within(quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """Reported clauses that stand inside another reported clause ('Clinton said she
    believes C'; 'He said the commission announced that C'): the outer report already
    carries those words, by the speaker who made the statement, so the inner one is not
    listed again. Call after ``passed_on``, which drops the outer report instead where a
    body only relays a named speaker."""
    reported = [q for q in quotes if not q.direct]
    return [
        q for q in reported
        if any(o is not q and o.start <= q.start and q.end <= o.end and (o.start, o.end) != (q.start, q.end) for o in reported)
    ]


def unvoiced_views(quotes: list[QuoteSpan], text: str,
                   named_by_tie: Callable[[int, int], bool] = lambda start, end: False) -> list[QuoteSpan]:
    """Views the writer ascribes to a known speaker with a verb of belief ("He thinks he
    can be president in 2029"), where that speaker says nothing in the paragraph or the
    ones beside it: no quote and no speech verb of theirs. Such a view is the writer's
    account of someone's mind, not their statement. Next to words of theirs ("Filippenko told
    DW ... She thought ...", "... if he thought it was Putin's fault. \n "...," he said")
    it is what they said, and stays. A view of someone named only by their tie to another
    ("Kushner's father-in-law thinks ...", ``named_by_tie`` of the speaker mention) is the
    writer's too. Call after speakers are resolved."""
    lex = lexicon()
    bounds = paragraphs(text)
    starts = [a for a, _ in bounds]

    def paragraph(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    def a_view(q: QuoteSpan) -> bool:
        word = q.cue.split()[0] if q.cue else ""
        return (not q.direct and verb_lemma(word, lex.opinion_verbs) is not None
                and verb_lemma(word, lex.speech_verbs) is None)

    out = []
    for q in quotes:
        if q.kind != "speech" or not a_view(q) or q.speaker_start is None or q.speaker_end is None:
            continue
        if q.speaker_entity is None:
            if named_by_tie(q.speaker_start, q.speaker_end):
                out.append(q)
            continue
        para = paragraph(q.start)
        voiced = any(
            r is not q and r.kind == "speech" and r.speaker_entity == q.speaker_entity and not a_view(r)
            and abs(paragraph(r.start) - para) <= 1
            for r in quotes
        )
        if not voiced:
            out.append(q)
    return out
