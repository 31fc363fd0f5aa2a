"""Questions in plain words (an @mention): the sentences that answer them, cited.

Candidate sentences come from the full-text index; each is scored by how many
of the question's content words it contains (every word form counts), and it
must contain every proper name of the question and, when the question names a
date, carry that date. When no sentence passes, the answer says the articles
do not say, rather than guess.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot import errors
from bot.commands.request import Request
from bot.extract.dates.find import find_dates
from bot.extract.speech.cues import lexicon as speech_lexicon
from bot.extract.speech.cues import verb_lemma
from bot.models import Citation, TextAnswer
from bot.query.context import Context
from bot.query.person_match import fold, index_for
from bot.query.quote_rows import QUOTE_SELECT, to_quotes
from bot.query.terms import WORD, content_words, stem, word_forms, words
from bot.store.fulltext import Match

CANDIDATES = 200
MAX_SENTENCES = 2


def required_coverage(plain_terms: int) -> float:
    """Share of the question's other content words a sentence must contain.

    With one or two such words, all of them: "Who leads the delegation?" is not
    answered by a sentence that only mentions a delegation. With more, two thirds.
    """
    return 1.0 if plain_terms <= 2 else 2 / 3


@dataclass
class Term:
    word: str
    alternatives: set[str]  # porter stems that count as this word
    proper: bool  # a name: it must appear


def run(ctx: Context, req: Request):
    question = req.text
    terms, date_values = _terms(ctx, question)
    if not terms:
        return TextAnswer(text=errors.NO_ANSWER.format(question=question), confident=False)
    if not date_values:
        quoted = _from_quotes(ctx, terms)
        if quoted is not None:
            return quoted
    groups = [sorted(t.alternatives) for t in terms]
    asks_for_person = question.lower().split()[0] in ("who", "whom", "whose")
    matching, params = ctx.repo.fulltext.matching("sentences", Match.of(groups, mode="OR"), ranked=True)
    rows = ctx.repo.query(
        "SELECT s.article_id, s.start, s.\"end\", s.text, s.dates, f.rank FROM"
        f" ({matching}) f JOIN sentences s ON s.id = f.id ORDER BY f.rank, f.id LIMIT ?",
        [*params, CANDIDATES],
    )
    scored = []
    for r in rows:
        stems = {stem(w) for w in words(r["text"])}
        matched = [t for t in terms if t.alternatives & stems]
        if any(t.proper and t not in matched for t in terms):
            continue
        plain = [t for t in terms if not t.proper]
        coverage = (sum(1 for t in plain if t in matched) / len(plain)) if plain else 1.0
        sentence_dates = json.loads(r["dates"])
        if date_values and not any(_same_date(v, d) for v in date_values for d in sentence_dates):
            continue
        if coverage < required_coverage(len(plain)):
            continue
        if asks_for_person and not _names_someone(ctx, r):
            continue
        scored.append((coverage, -r["rank"], r))
    if not scored:
        return TextAnswer(text=errors.NO_ANSWER.format(question=question), confident=False)
    scored.sort(key=lambda item: (-item[0], -item[1]))
    chosen, stories = [], set()
    for coverage, _, r in scored:
        story = ctx.articles[r["article_id"]].story
        if story in stories or coverage < scored[0][0] - 0.2:
            continue
        stories.add(story)
        chosen.append(r)
        if len(chosen) == MAX_SENTENCES:
            break
    lines = []
    for r in chosen:
        sentence = " ".join(r["text"].split()).lstrip("—–- ")
        when = _calendar(json.loads(r["dates"])) if question.lower().startswith("when") else None
        lines.append(f"{when}: {sentence}" if when else sentence)
    citations = [_citation(ctx, r["article_id"], r["text"]) for r in chosen]
    return TextAnswer(text="\n".join(lines), confident=True, citations=citations)


def _terms(ctx: Context, question: str) -> tuple[list[Term], list[str]]:
    found = find_dates(question, None)
    date_values = [d.value for d in found if d.type == "DATE"]
    date_words = {w for d in found for w in words(d.text)}
    index = index_for(ctx)
    terms: list[Term] = []
    for match in WORD.finditer(question):
        w = match.group(0)
        lower = w.lower()
        if lower in date_words or lower not in content_words(w, kind="question"):
            continue
        if any(t.word == lower for t in terms):
            continue
        proper = w[0].isupper() and match.start() > 0
        alternatives = set(ctx.vocabulary.expand(lower)) | {stem(f) for f in word_forms(lower)}
        if proper:
            for pid in set().union(*(index.by_word.get(f, set()) for f in fold(w))) if fold(w) else set():
                person = index.persons[pid]
                for alias in (person.name, *person.aliases):
                    for part in words(alias):
                        if fold(part) == fold(w):
                            alternatives.add(stem(part))
        terms.append(Term(lower, alternatives, proper))
    return terms, date_values


def _from_quotes(ctx: Context, terms: list[Term]) -> TextAnswer | None:
    """"What did Rudenko say about preconditions?": the person's own quotes answer it.

    A quote is attributed through "the senior diplomat said" as well, where the
    sentence itself never names the speaker, so quotes are searched before sentences.
    """
    index = index_for(ctx)
    people = []
    for t in terms:
        if t.proper:
            folded = fold(t.word)
            ids = set.intersection(*(index.by_word.get(f, set()) for f in folded)) if folded else set()
            if len(ids) == 1:
                people.append((t, next(iter(ids))))
    if len(people) != 1:
        return None
    speaker_term, person_id = people[0]
    speech = speech_lexicon().speech_verbs
    rest = [t for t in terms if t is not speaker_term and not verb_lemma(t.word, speech)]
    if not rest:
        return None
    plain = [t for t in rest if not t.proper]
    rows = ctx.repo.query(QUOTE_SELECT + " WHERE ap.person_id = ? ORDER BY q.article_id, q.start, q.id", (person_id,))
    scored = []
    for r in rows:
        stems = {stem(w) for w in words(r["text"])}
        if any(t.proper and not (t.alternatives & stems) for t in rest):
            continue
        coverage = (sum(1 for t in plain if t.alternatives & stems) / len(plain)) if plain else 1.0
        if coverage >= required_coverage(len(plain)):
            scored.append((coverage, r))
    if not scored:
        return None
    scored.sort(key=lambda item: -item[0])
    quotes = to_quotes(ctx, [r for _, r in scored], limit=MAX_SENTENCES)
    lines = []
    for q in quotes:
        who = q.speaker + (f" ({q.speaker_role})" if q.speaker_role else "")
        lines.append(f"{who}: “{q.text}”" if q.direct else f"{who} said that {q.text}")
    citations = []
    for q in quotes:
        if all(c.article_id != q.article_id for c in citations):
            citations.append(_citation(ctx, q.article_id, q.text))
    return TextAnswer(text="\n".join(lines), confident=True, citations=citations)


def _citation(ctx: Context, article_id: str, snippet: str) -> Citation:
    meta = ctx.articles[article_id]
    return Citation(
        article_id=article_id, title=meta.title, outlet=meta.outlet, published=meta.published,
        snippet=" ".join(snippet.split()),
    )


def _names_someone(ctx: Context, row) -> bool:
    """The sentence names a person (for "who" questions)."""
    return bool(
        ctx.repo.query(
            "SELECT 1 FROM mentions m JOIN article_people p ON p.article_id = m.article_id AND p.local_id = m.local_id"
            " WHERE m.article_id = ? AND m.start >= ? AND m.\"end\" <= ? AND m.kind = 'name' AND p.is_org = 0 LIMIT 1",
            (row["article_id"], row["start"], row["end"]),
        )
    )


def _same_date(asked: str, stated: str) -> bool:
    """XXXX-01-16 asked matches 2026-01-16 stated; a month asked matches its days."""
    if len(stated) < len(asked):
        return False
    return all(a == "X" or a == s for a, s in zip(asked, stated))


def _calendar(values: list[str]) -> str | None:
    for v in values:
        if re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", v):
            return v
    return None
