"""A question answered as an analyst would: the sentence that answers, the fact in one line, its sources.

The candidates (``candidates``) are weighed by what matched: the question's
words (rare ones more), the people it names (also through "he" and "the
diplomat"), its dates (the sentence's resolved dates, or the article's), its
places, and whether the sentence holds the kind of fact asked for (a person
for who, a date for when ...). The best sentence gives the short answer; the
same statement in other articles adds sources rather than lines. A confidence
from the same signals decides between an answer, "the closest I found", and
"the articles do not say" (thresholds in ``bot/data/qa.yaml``, chosen on the
development half of the question set).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot import errors, wordlists
from bot.models import Evidence, TextAnswer
from bot.qa.candidates import (
    SECOND_STAGE,
    Candidate,
    lede_stems,
    rare,
    QuoteRow,
    candidates,
    neighbours,
    speaker_candidates,
    with_details,
)
from bot.qa.facts import DURATION, FINDERS, counted, described, reason_strength, speaker_in
from bot.qa.intent import Intent, speech_stems
from bot.query.context import Context
from bot.query.terms import stem, words

__all__ = ["answer_question", "Scored"]

MAX_EVIDENCE = 2
LONG_QUOTE = 40  # words: a quote longer than this is shown by its sentence about the question
KEY_SHARE = 0.05  # a person or place of the question in fewer sentences than this must be named around the answer
_NEEDS_FACT = ("when", "how_many", "how_long", "where", "who")
_DETERMINERS = frozenset("the a an this that these those its their his her our".split())
# Nouns that only say what kind of answer is wanted ("what date", "which place")
_ASKING_NOUNS = frozenset("date day time year month place location venue number amount size length duration reason "
                          "way name person people".split())
_PRONOUN_START = re.compile(r"^\W*(he|she|they|it|his|her|their|its|this|that)\b", re.IGNORECASE)
# A sentence that goes on about what the one before told: "The parties positively assessed the meeting"
_GOES_ON = re.compile(
    r"^\W*(the|both) (parties|sides|two|meeting|talks|leaders|delegations|men|officials|discussions|negotiations)\b",
    re.IGNORECASE,
)
# A sentence that goes on listing who took part: "X and Y also participated in the negotiations"
_CONTINUES = re.compile(
    r"\b(also|too|as well)\b.*\b(participat\w*|join\w*|attend\w*|present|took part|accompan\w*|includ\w*)\b|"
    r"\b(participat\w*|join\w*|attend\w*|took part|accompan\w*)\b.*\b(also|too|as well)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    return {str(k): float(v) for k, v in wordlists.load("qa")["weights"].items()}


@dataclass
class Scored:
    candidate: Candidate
    fact: str | None
    people: float  # share of the question's people the sentence names
    dated: bool | None  # the sentence (or its article) has the date asked; None: no date asked
    placed: bool | None  # likewise for places
    score: float
    quote: QuoteRow | None = None


def answer_question(ctx: Context, question: str, intent: Intent) -> TextAnswer:
    found = candidates(ctx, intent)
    if intent.speaker is not None:
        known = {c.id for c in found}
        found += [c for c in speaker_candidates(ctx, intent) if c.id not in known]
    if not found:
        return _declined(question)
    first = sorted(found, key=lambda c: (-_first_score(intent, c), c.rank, c.id))[:SECOND_STAGE]
    scored = sorted(
        (_score(ctx, intent, c) for c in with_details(ctx, first, intent)),
        key=lambda s: (-s.score, s.candidate.rank, s.candidate.id),
    )
    best = scored[0]
    w = weights()
    held = best.candidate.coverage + w["context"] * best.candidate.context
    if (held < w["relevant"]) if intent.terms else best.people < 1.0:
        return _declined(question)
    agreeing = [s for s in scored[1:] if _same_statement(s, best)]
    confidence = best.score / _best_possible(intent) + w["agreement"] * min(len(agreeing), 2)
    confident = (
        confidence >= w["confident"] and not intent.unknown and not _counts_the_unknown(ctx, intent)
        and not _unknown_topic(ctx, intent) and _holds_what_it_must(ctx, intent, best)
    )
    return _compose(ctx, intent, best, agreeing, scored, confident)


def _first_score(intent: Intent, c: Candidate) -> float:
    """Cheap weight from the text alone, to choose the sentences worth reading in full: the question's words and
    names, its date, and a hint of the kind of fact asked for (a date for when, a number for how many ...)."""
    names = 1.0 if not intent.name_stems or intent.name_stems & c.stems else 0.0
    return c.coverage + 0.3 * names + 0.2 * _dated(intent, c.dates, None) + 0.2 * _may_hold(intent, c)


def _may_hold(intent: Intent, c: Candidate) -> bool:
    if intent.kind == "when":
        return any(re.match(r"^\d{4}", d) for d in c.dates)
    if intent.kind == "how_many":
        return bool(re.search(r"\d", c.text))
    if intent.kind == "how_long":
        return bool(DURATION.search(c.text))
    return False


def _score(ctx: Context, intent: Intent, c: Candidate) -> Scored:
    w = weights()
    people = _people_share(intent, c)
    dated = _date_fit(ctx, intent, c) if intent.dates else None
    placed = _place_fit(intent, c) if intent.places else None
    quote = _speaker_quote(intent, c)
    spoken = None
    if intent.kind == "said":
        fact = quote.text if quote is not None else None
    elif intent.wants_speaker:
        spoken = speaker_in(intent, c)  # who said it: the speaker of the words first
        fact = spoken or FINDERS["who"](intent, c)
    elif intent.kind in FINDERS:
        fact = FINDERS[intent.kind](intent, c)
    else:
        fact = None
    score = w["coverage"] * (c.coverage + w["context"] * c.context) if intent.terms else 0.0
    if intent.people:
        score += w["people"] * people
    if dated is not None:
        score += w["date"] * dated
    if placed is not None:
        score += w["place"] * placed
    if intent.kind in FINDERS or intent.kind == "said":
        strength = (
            1.0 if intent.wants_speaker and spoken else described(intent, c, intent.terms) if intent.kind == "who"
            else reason_strength(fact) if intent.kind == "why" and fact
            else counted(intent, fact) if intent.kind == "how_many" and fact else 1.0
        )
        score += w["fact"] * (strength if fact else 0.0)
        if fact is None and intent.kind in _NEEDS_FACT:
            score -= w["missing"]  # a when, who, where, how many or how long answered without one: no answer
    if quote is not None and quote.direct:
        score += w["direct"]  # the words as spoken over a paraphrase of them
    if intent.pairs:
        score += w["phrase"] * _phrases(intent, c) / len(intent.pairs)
    if _outlet_named(ctx, intent, c.article_id):
        score += w["outlet"]  # "according to the BBC": the BBC's article
    if _ordinal_clash(intent, c):
        score -= w["date"]  # "the first day" for "the second day": another happening, as another date would be
    if c.text.rstrip().endswith((":", "?")) or len(words(c.text)) < 5:
        score -= w["fragment"]  # a teaser line ("Here is what he said:"), a question or a heading answers nothing
    return Scored(c, fact, people, dated, placed, score, quote)


def _place_fit(intent: Intent, c: Candidate) -> float:
    """1 when the sentence names a place the question names, half that when only the two sentences before it or
    the title do ("Negotiations resumed in Istanbul. Head of the Russian delegation, Medinsky, said ...")."""
    orgs = [(m.start - c.start, m.end - c.start) for m in c.mentions if m.is_org]
    for place in intent.places:
        for at in (m.start() for m in re.finditer(re.escape(place), c.text)):
            named_thing = re.search(r"\bThe\s+$", c.text[max(0, at - 5):at]) and re.match(
                r"\s+[A-Z][a-z]", c.text[at + len(place):at + len(place) + 3])
            if not named_thing and not any(s <= at < e for s, e in orgs):
                return 1.0  # not inside a name: "The Jerusalem Post" is a newspaper, not Jerusalem
    if any({stem(x) for x in words(p)} <= c.context_stems for p in intent.places):
        return weights()["context"]
    return 0.0


def _phrases(intent: Intent, c: Candidate) -> int:
    """How many of the question's word pairs the sentence has side by side ("the energy ceasefire")."""
    sequence = [stem(w) for w in words(c.text)]
    adjacent = set(zip(sequence, sequence[1:]))
    return sum(1 for a, b in intent.pairs if any((x, y) in adjacent for x in a.stems for y in b.stems))


def _holds_what_it_must(ctx: Context, intent: Intent, best: Scored) -> bool:
    """No answer from a sentence that contradicts the question's date, that neither quotes nor names the speaker
    asked about, that gives no date, amount or length when one is asked for, or that lacks what the question names
    as the speaker ("what did the Pope say") or the thing asked for ("which hotel")."""
    if best.dated is not None and best.dated < 0:
        return False
    if intent.speaker is not None and best.quote is None and not _states(intent, best.candidate):
        return False  # "what did Macron say": his words, not someone else's nor a sentence that only names him
    if intent.kind in _NEEDS_FACT and best.fact is None:
        return False  # a date, an amount or a length asked for and none given: the sentence does not answer
    if not _entities_named(ctx, intent, best):
        return False  # "Where did Qatar host talks ...": a sentence that never names Qatar is about something else
    if _ordinal_clash(intent, best.candidate):
        return False  # "the second day" asked, "the first day" told
    if intent.kind == "who" and intent.must:
        return described(intent, best.candidate, intent.must) > 0  # "the defence minister": someone so described
    # "How many journalists": a count of them, unless the word is in most sentences ("how many countries voted")
    return all(t in best.candidate.matched or (intent.kind == "how_many" and not rare(ctx, t.word))
               for t in intent.must)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "final", "last", "next", "previous")


def _ordinal_clash(intent: Intent, c: Candidate) -> bool:
    """The question asks about "the second day" and the sentence tells of "the first day"."""
    asked = words(intent.text)
    wanted = {(a, stem(b)) for a, b in zip(asked, asked[1:]) if a in _ORDINALS}
    if not wanted:
        return False
    told = words(c.text)
    stated = {(a, stem(b)) for a, b in zip(told, told[1:]) if a in _ORDINALS}
    return any(n == m and a != b for a, n in wanted for b, m in stated) and not wanted & stated


def _states(intent: Intent, c: Candidate) -> bool:
    """The sentence tells what the speaker asked about said, in words no quote was found in: "Zelensky described
    Putin's response as manipulative", "Trump made unheard-of statements: ..."."""
    return intent.speaker.id in c.person_ids and bool(c.stems & speech_stems())


def _entities_named(ctx: Context, intent: Intent, best: Scored) -> bool:
    """Every rare person and place the question's main clause names (not a qualifier such as "after the Geneva
    meeting", nor a name in most articles, such as Ukraine in a corpus about Ukraine) is named by the sentence,
    the two before it, the title or the article's lede (its first sentences say what the article is about)."""
    c = best.candidate
    seen = c.stems | c.context_stems | lede_stems(ctx, c.article_id)
    for place in intent.places:
        name = {stem(w) for w in words(place)}
        if not set(words(place)) & intent.main:
            continue
        if not name <= seen and place not in c.text and rare(ctx, place, KEY_SHARE):
            return False
    for person in intent.people:
        if not {w for alias in (person.name, *person.aliases) for w in words(alias)} & intent.main:
            continue
        if person.id in c.person_ids or person.id in c.context_people or any(q.person_id == person.id for q in c.quotes):
            continue
        surname = words(person.name)[-1:]
        # not linked to the person: every word of the name ("Epic Games" is not "Enhanced Games")
        if not {stem(w) for w in words(person.name)} <= seen and rare(ctx, " ".join(surname), KEY_SHARE):
            return False
    return True


def _counts_the_unknown(ctx: Context, intent: Intent) -> bool:
    """ "How many journalists ...?" when no article ever mentions journalists: no count can answer it."""
    if intent.kind != "how_many" or not intent.terms:
        return False
    return not any(s in ctx.vocabulary for s in intent.terms[0].stems)


def _unknown_topic(ctx: Context, intent: Intent) -> bool:
    """Two words of the question's main clause that no article uses ("the energy ceasefire" in articles that
    mention neither): what is asked about is not in the articles. One such word may be only a way of putting it
    ("Who runs ...", "directly")."""
    unused = [
        t.word for t in intent.terms
        if t.word in intent.main and len(t.word) > 3 and not any(s in ctx.vocabulary for s in t.stems)
        and not ctx.vocabulary.knows(t.word)
    ]
    if len(unused) >= 2:
        return True
    if not unused:
        return False
    # one: a thing named ("the energy ceasefire", "a new treaty"), not a way of asking ("Who runs ...",
    # "what date", "say matters more", "negotiate directly")
    asking = {stem(n) for n in _ASKING_NOUNS}
    asked = words(intent.text)
    return any(
        w in unused and stem(w) not in asking
        and any(x in _DETERMINERS for x in asked[max(0, i - 2):i])
        for i, w in enumerate(asked)
    )


def _outlet_named(ctx: Context, intent: Intent, article_id: str) -> bool:
    outlet = ctx.articles[article_id].outlet
    if not outlet:
        return False
    stems = {stem(w) for w in words(outlet)}
    return any(t.stems & stems for t in intent.terms)


def _best_possible(intent: Intent) -> float:
    """The score of a sentence that holds everything the question asks for."""
    w = weights()
    return (
        (w["coverage"] if intent.terms else 0.0)
        + (w["people"] if intent.people else 0.0)
        + (w["date"] if intent.dates else 0.0)
        + (w["place"] if intent.places else 0.0)
        + (w["fact"] if intent.kind in FINDERS or intent.kind == "said" else 0.0)
    )


def _date_fit(ctx: Context, intent: Intent, c: Candidate) -> float:
    """1 when the sentence states the date asked, 0.5 when its article does (or was published then),
    0 when nothing says, -1 when the sentence states only other dates of the same precision."""
    if _dated(intent, c.dates, None):
        return 1.0
    published = ctx.articles[c.article_id].published
    if _dated(intent, list(c.article_dates), published):
        return 0.5
    as_precise = [d for d in c.dates if re.match(r"^\d{4}", d) and any(len(d) >= len(a) for a in intent.dates)]
    return -1.0 if as_precise else 0.0


def _people_share(intent: Intent, c: Candidate) -> float:
    """The share of the question's people the sentence names; for "what did X say about Y", X counts most."""
    if not intent.people:
        return 1.0

    def named(p) -> float:
        if (
            p.id in c.person_ids or any(q.person_id == p.id for q in c.quotes)
            or {stem(w) for w in words(p.name)[-1:]} <= c.stems
        ):
            return 1.0
        # named just before ("... Putin. He ...") or in the title ("Tommy Robinson charged ..."; "The 42-year-old
        # from Luton will appear ...")
        around = p.id in c.context_people or {stem(w) for w in words(p.name)[-1:]} <= c.context_stems
        return weights()["context"] if around else 0.0

    others = [p for p in intent.people if p is not intent.speaker]
    share = sum(named(p) for p in others) / len(others) if others else 1.0
    if intent.speaker is None:
        return share
    return 0.7 * named(intent.speaker) + 0.3 * share


def _dated(intent: Intent, stated: list[str], published: str | None) -> bool:
    """The sentence states a date the question names ("January 22" is any year's; "May 2025" any of its days)."""
    known = [*stated, *([published] if published else [])]
    return any(_same_date(asked, d) for asked in intent.dates for d in known)


def _same_date(asked: str, stated: str) -> bool:
    if len(stated) < len(asked):
        return False
    return all(a == "X" or a == s for a, s in zip(asked, stated))


def _speaker_quote(intent: Intent, c: Candidate) -> QuoteRow | None:
    """The quote in the sentence that the person the question names said (for "what did X say")."""
    speaker = intent.speaker
    if speaker is None:
        return None
    theirs = [q for q in c.quotes if q.person_id == speaker.id]
    if not theirs:
        return None

    def topical(q: QuoteRow) -> tuple[int, bool, int]:
        stems = {stem(w) for w in words(q.text)}
        return sum(1 for t in intent.terms if t.stems & stems), q.direct, len(q.text)

    return max(theirs, key=topical)


def _same_statement(other: Scored, best: Scored) -> bool:
    """Another article saying the same thing: the same fact, or nearly the same sentence, with a close score."""
    if other.candidate.article_id == best.candidate.article_id or other.score < best.score - 0.25:
        return False
    if best.fact and other.fact and _norm(best.fact) == _norm(other.fact):
        return True
    return _overlap(other.candidate.text, best.candidate.text) >= 0.6


def _compose(ctx: Context, intent: Intent, best: Scored, agreeing: list[Scored], scored: list[Scored],
             confident: bool) -> TextAnswer:
    c = best.candidate
    evidence_text = _sentence(c.text)
    narrative = intent.kind in ("happened", "what", "why", "yes_no")
    unquoted = intent.speaker is not None and best.quote is None  # "Guo responded with an unequivocal no."
    wanted = intent.kind == "who" or narrative or unquoted or _PRONOUN_START.match(c.text)
    before, after = neighbours(ctx, c) if wanted else (None, None)
    line = best.fact
    if intent.wants_speaker and line and not _names_in(line) & c.stems:
        # "Russia is not negotiating ... This was announced by Deputy Minister Rudenko.": the sentence that names them
        for other in (after, before):
            if other is not None and _names_in(line) & other.stems:
                joined = [other.text, c.text] if other is before else [c.text, other.text]
                evidence_text = " ".join(_sentence(t) for t in joined)
                break
    if unquoted and after is not None:
        said = _speaker_quote(intent, after)  # ... and the words follow: "“The report is false,” he said."
        if said is not None:
            best = Scored(c, said.text, best.people, best.dated, best.placed, best.score, said)
            line = said.text
            evidence_text += " " + _sentence(after.text)
    if before is not None and _PRONOUN_START.match(c.text) and before.person_ids & c.person_ids:
        evidence_text = _sentence(before.text) + " " + evidence_text
    if intent.kind == "who" and after is not None and _CONTINUES.search(after.text):
        more = FINDERS["who"](intent, after)
        if more and line:
            line = line + ", " + more
            evidence_text += " " + _sentence(after.text)
    goes_on = after is not None and (
        _PRONOUN_START.match(after.text) or _GOES_ON.match(after.text) or after.person_ids & c.person_ids
    )
    if narrative and goes_on:
        evidence_text += " " + _sentence(after.text)  # what happened is often told over two sentences
    sources = [c.article_id, *(s.candidate.article_id for s in agreeing)]
    evidence = [Evidence(text=evidence_text, article_ids=list(dict.fromkeys(sources)))]
    if confident:
        seen_stories = {ctx.articles[a].story for a in sources}
        for s in scored[1:]:
            if len(evidence) >= MAX_EVIDENCE:
                break
            story = ctx.articles[s.candidate.article_id].story
            if story in seen_stories or s.score < best.score - 0.1 or s in agreeing or not _entities_named(ctx, intent, s):
                continue  # another story's sentence only when it names what the question names, as the first does
            if not best.fact or (s.fact and _norm(s.fact) == _norm(best.fact)):
                evidence.append(Evidence(text=_sentence(s.candidate.text), article_ids=[s.candidate.article_id]))
                seen_stories.add(story)
    ids = list(dict.fromkeys(a for e in evidence for a in e.article_ids))
    citations = [ctx.articles[a].citation() for a in ids]
    if not confident:
        return TextAnswer(text=errors.NOT_SURE, confident=False, citations=citations, evidence=evidence[:1])
    return TextAnswer(text=_short_line(intent, best, line, evidence_text), confident=True,
                      citations=citations, evidence=evidence)


def _short_line(intent: Intent, best: Scored, fact: str | None, sentence: str) -> str:
    if fact is None:
        return sentence
    if intent.kind == "said" and best.quote is not None:
        who = best.quote.speaker or intent.speaker.name
        role = f" ({best.quote.role})" if best.quote.role else ""
        text = _topical_part(intent, " ".join(fact.split()))
        if not best.quote.direct and re.match(r"(The|A|An|It|This|That|There|These|Those|Its)\b", text):
            text = text[0].lower() + text[1:]
        if best.quote.direct:
            return f"{who}{role}: “{text}”"
        return f"{who}{role} said that {text}" + ("" if text.endswith((".", "!", "?", "”", '"')) else ".")
    fact = fact[0].upper() + fact[1:]
    return fact if fact.endswith((".", "”", "\"")) else fact + "."


def _topical_part(intent: Intent, quote: str) -> str:
    """A long quote cut to its sentences that hold the question's words ("What did Lavrov say about Macron?": the
    sentence naming Macron, not the four before it), with "…" where words were left out."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"'])", quote) if p]
    if len(words(quote)) <= LONG_QUOTE or len(parts) < 2:
        return quote
    speaker = {stem(w) for w in words(intent.speaker.name)} if intent.speaker is not None else set()
    names = intent.name_stems - speaker  # "about Macron": the other people named count as words to find
    held = [sum(1 for t in intent.terms if t.stems & {stem(w) for w in words(p)})
            + len(names & {stem(w) for w in words(p)}) for p in parts]
    best = max(range(len(parts)), key=lambda i: (held[i], -i))
    if held[best] == 0:
        best = 0
    out = parts[best]
    return ("… " if best > 0 else "") + out + (" …" if best < len(parts) - 1 else "")


def _names_in(line: str) -> set[str]:
    """The stems of the capitalised words of a short answer ("Andrey Rudenko (Deputy Foreign Minister)")."""
    return {stem(w) for w in re.findall(r"\b[A-Z][\w’'-]+", line.split("(")[0])}


def _declined(question: str) -> TextAnswer:
    return TextAnswer(text=errors.NO_ANSWER.format(question=question), confident=False)


def _sentence(text: str) -> str:
    return " ".join(text.split()).lstrip("—–-• ")


def _norm(text: str) -> str:
    return " ".join(words(text))


def _overlap(a: str, b: str) -> float:
    x, y = set(words(a)), set(words(b))
    return len(x & y) / len(x | y) if x | y else 0.0
