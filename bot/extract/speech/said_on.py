"""When a statement was made, as the text says it: ``said_on`` and ``said_precision``.

An article's date is when the words were reported. The day they were spoken
is only taken from a date expression tied to the statement's speech verb in
the parse:

* a date hanging on the verb, directly or through an allowed preposition
  ("On October 31, Putin stated", "said on Wednesday", "said Monday"),
  through the words' occasion or audience ("in a speech last month",
  "told reporters Friday", ``occasion_nouns``) or through an occasion verb
  ("Speaking on Friday, he said", ``occasion_verbs``);
* for a verb that only goes on from another speech verb ("said on Friday ...,
  adding that"), a date of that verb;
* with none in the statement's own sentence, a sentence right before it whose
  main verb is dated and is a verb of saying or of its occasion ("On Tuesday
  Zelensky addressed parliament.") and whose subject is the statement's
  speaker.

A date that hangs on another verb or noun ("Putin, who met Trump on August
15, said ...", "said after the talks on Friday") dates that, not the words,
and a statement the text gives no date for gets None: the renderers then show
only the date it was reported. The dates themselves are the ones
``bot.extract.dates.find_dates`` resolved against the publication date; this
module only chooses among them. The rule words are in ``bot/data/speech.yaml``
(``statement_dates``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from bot import wordlists
from bot.extract.dates.resolve import value_start
from bot.extract.nlp import text_of
from bot.extract.speech.cues import has_subject, is_audience, lexicon, speech_lemma, verb_lemma
from bot.extract.types import DateMention, QuoteSpan

__all__ = ["statement_dates"]

# How many tokens up from a date's head the verb it dates may stand.
_MAX_HOPS = 6
_PRECISIONS = {"day", "week", "month", "year"}
_TIME_VALUE = re.compile(r"(\d{4}-\d{2}-\d{2})T")
_WEEK_VALUE = re.compile(r"\d{4}-W\d{2}(?:-WE)?")
_CALENDAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# labels by which a date or a phrase holding it hangs on a verb or a noun
_ATTACH_DEPS = {"prep", "npadvmod", "advmod", "tmod", "obl", "pobj", "nmod", "compound", "appos", "dobj", "dative",
                "attr", "amod", "nummod", "quantmod", "det", "poss", "pcomp", "advcl", "acl"}
# labels by which a speech verb goes on from another ("said ..., adding that"; "said ... and added")
_GOES_ON_DEPS = {"advcl", "conj", "xcomp"}


@dataclass(frozen=True, slots=True)
class _Rules:
    prepositions: frozenset[str]
    occasion_nouns: frozenset[str]
    occasion_verbs: frozenset[str]
    occasion_objects: dict[str, frozenset[str]]
    publication_verbs: frozenset[str]
    other_occasion_adverbs: frozenset[str]
    other_speaker_words: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = wordlists.load("speech")["statement_dates"]
    low = lambda items: frozenset(str(x).lower() for x in items)  # noqa: E731
    return _Rules(
        prepositions=low(data["prepositions"]),
        occasion_nouns=low(data["occasion_nouns"]),
        occasion_verbs=low(data["occasion_verbs"]),
        occasion_objects={str(k).lower(): low(v) for k, v in data["occasion_objects"].items()},
        publication_verbs=low(data["publication_verbs"]),
        other_occasion_adverbs=low(data["other_occasion_adverbs"]),
        other_speaker_words=low(data["other_speaker_words"]),
    )


def _said_value(mention: DateMention, published: date | None) -> tuple[str, str] | None:
    """(said_on, precision) from a resolved date mention; None when it gives no calendar date
    the words could have been said on (a duration, a placeholder, a date after publication)."""
    if mention.type not in {"DATE", "TIME"} or mention.end_value:
        return None
    value, precision = mention.value, mention.precision
    if mention.type == "TIME":
        clock = _TIME_VALUE.match(value)
        if clock is None:
            return None
        value, precision = clock[1], "day"
    if precision not in _PRECISIONS:
        return None  # "unknown": a year the story contradicts, an anaphor with nothing to count from
    start = value_start(value)
    if start is None or not (_CALENDAR.fullmatch(value) or _WEEK_VALUE.fullmatch(value)):
        return None
    if published is not None and start > published:
        return None  # words are not reported before they are said
    if precision == "week":
        return start.isoformat(), "week"
    return value, precision


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB")


def _lemma(tok: Token, words: frozenset[str]) -> str | None:
    return verb_lemma(tok.text, words)


def _occasion_noun(tok: Token) -> bool:
    """The words' occasion ("speech", "briefing") or audience ("reporters", "told Izvestia")."""
    if tok.lower_ in _rules().occasion_nouns or tok.lower_ in lexicon().audiences:
        return True
    return tok.dep_ in {"dobj", "dative"} and is_audience(tok)


def _subject_before(noun: Token, date_root: Token, verb: Token) -> bool:
    """The verb's subject, with the date right after it and before the verb ("X on Friday said")."""
    return noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.i == verb.i and noun.i < date_root.i < verb.i


def _hangs_on(date_root: Token, verb: Token) -> bool:
    """Whether the date headed by ``date_root`` is tied to ``verb``: the way up from it passes
    only allowed prepositions, occasion or audience nouns, adverbs and occasion verbs."""
    rules = _rules()
    tok = date_root
    for _ in range(_MAX_HOPS):
        head = tok.head
        if head.i == tok.i or tok.dep_ not in _ATTACH_DEPS:
            return False  # a subject, a clause of its own: "the talks on Friday were ..."
        if head.i == verb.i:
            return True
        if head.pos_ == "ADP":
            if head.lower_ not in rules.prepositions:
                return False  # "after the talks on Friday", "since 2022"
        elif _is_verb(head):
            occasion = head.dep_ in {"advcl", "prep", "pcomp"} and _lemma(head, rules.occasion_verbs) is not None
            made_public = (head.dep_ == "acl" and _lemma(head, rules.publication_verbs) is not None
                           and _occasion_noun(head.head))  # "in remarks published on Monday"
            if not (occasion or made_public):
                return False  # "who met Trump on August 15": that meeting's date
        elif head.pos_ in {"NOUN", "PROPN", "PRON"}:
            if _subject_before(head, date_root, verb):
                return True  # "Russia and Ukraine on Saturday said": between the speaker and the verb
            if not _occasion_noun(head):
                return False  # "said of the meeting in August": the meeting's date
        elif head.pos_ not in {"ADV", "ADJ", "NUM", "DET"}:
            return False
        tok = head
    return False


def _cue_token(doc: Doc, q: QuoteSpan) -> Token | None:
    """The speech verb (or word) that names the quote's speaker: the token reading as the cue's
    first word in the speaker's sentence, the nearest to the speaker."""
    if not q.cue or q.speaker_start is None or q.speaker_end is None:
        return None
    speaker = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
    if speaker is None or len(speaker) == 0:
        return None
    first = q.cue.split()[0].lower() if q.cue.split() else q.cue
    sent = speaker[0].sent
    hits = [t for t in sent if t.lower_ == first and not _inside(q, t.idx, t.idx + len(t))]
    if not hits:
        return None
    governing = [t for t in hits if speaker.root.head.i == t.i and speaker.root.dep_ in {"nsubj", "nsubjpass"}]
    if governing:
        return governing[0]  # "Trump, who has repeatedly said ..., said on Sunday": the verb the speaker is subject of
    return min(hits, key=lambda t: min(abs(t.i - speaker.start), abs(t.i - (speaker.end - 1))))


def _inside(q: QuoteSpan, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in q.parts or ((q.start, q.end),))


def _tied(verb: Token, roots: list[tuple[Token, DateMention]], q: QuoteSpan | None) -> list[DateMention]:
    return [m for root, m in roots if (q is None or not _inside(q, m.start, m.end)) and _hangs_on(root, verb)]


def _verbs_of(cue: Token) -> list[Token]:
    """The cue and the speech verbs it goes on from ("said on Friday ..., adding that")."""
    verbs = [cue]
    tok = cue
    for _ in range(3):
        if tok.dep_ not in _GOES_ON_DEPS or tok.head.i == tok.i or has_subject(tok):
            break  # "after Trump said ...": a verb with a subject of its own is another statement
        head = tok.head
        if speech_lemma(head, opinion=True, quoted=True) is None:
            break
        verbs.append(head)
        tok = head
    return verbs


def _introduces(verb: Token) -> bool:
    """Whether a sentence's main verb introduces words: a verb of saying or of its occasion
    ("addressed parliament", "spoke to reporters", "held a briefing")."""
    rules = _rules()
    if speech_lemma(verb, opinion=False, quoted=False) is not None or _lemma(verb, rules.occasion_verbs):
        return True
    lemma = _lemma(verb, frozenset(rules.occasion_objects))
    if lemma is None:
        return False
    wanted = rules.occasion_objects[lemma]
    for c in verb.children:
        if c.dep_ == "dobj":
            phrase = f" {' '.join(t.lower_ for t in c.subtree)} "
            if any(f" {w} " in phrase for w in wanted):
                return True  # "held a news conference", "gave an interview"
    return False


_LINE_BREAKS = re.compile(r"\n\s*")


def _same_occasion(cue: Token) -> bool:
    """Whether a statement with no date of its own may be the one a dated sentence before it
    tells of: its verb is a plain past ("he said", "added"), not "has repeatedly said", "had
    said", "says", "will say"."""
    rules = _rules()
    if cue.tag_ != "VBD":
        return False
    return not any(c.dep_ in {"aux", "auxpass", "neg"} or c.dep_ == "advmod" and c.lower_ in rules.other_occasion_adverbs
                   for c in cue.children)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _introduction(doc: Doc, before: Span, roots: list[tuple[Token, DateMention]],
                  entity_of: Callable[[int, int], int | None]) -> tuple[int | None, Token, DateMention] | None:
    """(subject entity, subject, date) of a sentence whose dated main verb introduces words
    ("On Tuesday Zelensky addressed parliament."); None for any other sentence."""
    verb = before.root
    if not _is_verb(verb) or not _introduces(verb) or any(c.dep_ == "neg" for c in verb.children):
        return None  # "Peskov didn't address the criticism on Sunday": no words on that occasion
    tied = _tied(verb, roots, None)
    if len(tied) != 1:
        return None
    subject = _subject(verb)
    if subject is None or any(c.dep_ == "conj" for c in subject.children):
        return None  # "Trump and Putin spoke on Monday": a talk between them, not words to us
    entity = entity_of(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
    return entity, subject, tied[0]


def _description(subject: Token | None) -> bool:
    """Whether a speaker is one the text has not named, introduced by what they are: a
    singular common noun with "a" or "an" ("a senior Kremlin official", "a military blog
    run by ..."), not a name, a pronoun, "officials" or "the spokesman"."""
    return (subject is not None and subject.pos_ == "NOUN" and subject.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in subject.children))


def _describes(description: Token, speaker: Span) -> bool:
    """Whether the words naming a speaker share a noun with a description of someone before
    its head and at it ("a senior Kremlin official" / "Kremlin spokesman Dmitry Peskov"; "a
    military blog run by ..." / "the blog known as Rybar"); "another official" is someone else."""
    rules = _rules()
    if any(t.lower_ in rules.other_speaker_words for t in speaker):
        return False
    described = {t.lower_ for t in description.subtree if t.i <= description.i and t.pos_ in {"NOUN", "PROPN"}}
    return bool(described & {t.lower_ for t in speaker if t.pos_ in {"NOUN", "PROPN"}})


def _named_here(cue: Token, q: QuoteSpan, first_named: Callable[[int], int | None] | None) -> Span | None:
    """The words naming the statement's speaker (the speech verb's subject with all it holds,
    else the speaker's span) when the text names that speaker for the first time in the
    statement's own sentence; None otherwise."""
    if first_named is None or q.speaker_entity is None or q.speaker_start is None or q.speaker_end is None:
        return None
    first = first_named(q.speaker_entity)
    sent = cue.sent
    if first is None or not sent.start_char <= first < sent.end_char:
        return None
    doc = cue.doc
    speaker = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
    if speaker is None or len(speaker) == 0:
        return None
    subjects = [c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subjects and speaker.end <= cue.i and all(c.i < cue.i for c in subjects):
        # "Kremlin spokesman Dmitry Peskov told"; "the blog known as Rybar said" (at times two subjects)
        return doc[min(speaker.start, *(c.left_edge.i for c in subjects)):
                   max(speaker.end, *(c.right_edge.i + 1 for c in subjects))]
    for subject in subjects:
        if subject.left_edge.i <= speaker.start and speaker.end <= subject.right_edge.i + 1:
            return doc[subject.left_edge.i: subject.right_edge.i + 1]  # "said the blog known as Rybar"
    return speaker


def statement_dates(doc: Doc, quotes: list[QuoteSpan], dates: list[DateMention], published: date | None,
                    entity_of: Callable[[int, int], int | None],
                    first_named: Callable[[int], int | None] | None = None) -> None:
    """Set ``said_on`` and ``said_precision`` of every speech quote the text dates; None elsewhere.

    ``entity_of(start, end)``: the entity of a known mention at that span (to tell whether a
    dated sentence before a statement is about its speaker). ``first_named(entity)``: where the
    text first mentions that entity (to tell a source named after a description of it).
    """
    usable = [m for m in dates if _said_value(m, published) is not None]
    roots: list[tuple[Token, DateMention]] = []
    for m in usable:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            roots.append((span.root, m))
    cues: list[tuple[QuoteSpan, Token]] = []
    for q in quotes:
        q.said_on, q.said_precision = None, None
        if q.kind != "speech" or not roots:
            continue
        cue = _cue_token(doc, q)
        if cue is not None:
            cues.append((q, cue))
    # a sentence's start -> (speaker entity, the speech verb's subject, date) of the statements it dates
    dated: dict[int, list[tuple[int | None, Token | None, DateMention]]] = {}
    by_verb: dict[int, DateMention] = {}  # a speech verb's index -> the date found for its words
    for q, cue in sorted(cues, key=lambda qc: qc[1].i):
        found: DateMention | None = None
        for verb in _verbs_of(cue):
            tied = _tied(verb, roots, q)
            if tied:
                found = min(tied, key=lambda m: abs(m.start - verb.idx))
                break
            if verb.i != cue.i and verb.i in by_verb:
                found = by_verb[verb.i]  # "..., X said, adding that": the date that verb's words have
                break
        if found is None and _is_verb(cue):
            found = _from_before(doc, q, cue, roots, dates, dated, entity_of, first_named)
        if found is not None:
            q.said_on, q.said_precision = _said_value(found, published)
            by_verb[cue.i] = found
            dated.setdefault(cue.sent.start, []).append((q.speaker_entity, _subject(cue), found))


def _from_before(doc: Doc, q: QuoteSpan, cue: Token, roots: list[tuple[Token, DateMention]],
                 dates: list[DateMention], dated: dict[int, list[tuple[int | None, Token | None, DateMention]]],
                 entity_of: Callable[[int, int], int | None],
                 first_named: Callable[[int], int | None] | None) -> DateMention | None:
    """The date of the sentence right before the statement's, when that sentence introduces
    its speaker's words or dates a statement of the same speaker ('Trump said on Sunday that
    ... . "We are making progress," Trump said.') or of an unnamed one whom the statement's
    sentence names ('..., a senior official said Monday. ..., spokesman Ivan Petrov told
    journalists.'), and the statement's own sentence has no date and its verb no sign of
    another occasion."""
    sent = cue.sent
    if q.speaker_entity is None or sent.start == 0 or not _same_occasion(cue):
        return None
    if any(sent.start_char <= m.start < sent.end_char and not _inside(q, m.start, m.end) for m in dates):
        return None  # the statement's sentence has a date of its own, tied to something else
    before: Span = doc[sent.start - 1].sent
    if len(_LINE_BREAKS.findall(text_of(doc), before.end_char, sent.start_char)) > 1:
        return None  # the sentence before ends the paragraph before, at the most
    earlier = dated.get(before.start, [])
    same = [m for entity, _, m in earlier if entity == q.speaker_entity]
    if same:
        return same[-1]
    intro = _introduction(doc, before, roots, entity_of)
    if intro is not None and intro[0] is not None and intro[0] == q.speaker_entity:
        return intro[2]
    # the lead's unnamed source, named in this sentence
    described = [(s, m) for entity, s, m in earlier if _description(s)]
    if intro is not None and _description(intro[1]):
        described.append((intro[1], intro[2]))
    if len({m.value for _, m in described}) != 1:
        return None
    naming = _named_here(cue, q, first_named)
    if naming is None or not any(_describes(s, naming) for s, _ in described):
        return None
    return described[-1][1]
