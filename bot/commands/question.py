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

from bot.commands import errors
from bot.commands.context import Context
from bot.commands.person_match import fold, index_for
from bot.commands.request import Request
from bot.extract.dates import find_dates
from bot.models import Citation, TextAnswer
from bot.terms import content_words, fts_query, stem, word_forms, words

CANDIDATES = 200
MIN_COVERAGE = 0.5
MAX_SENTENCES = 2


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
    groups = [sorted(t.alternatives) for t in terms]
    rows = ctx.repo.query(
        "SELECT s.article_id, s.text, s.dates, bm25(sentences_fts) AS rank FROM sentences_fts"
        " JOIN sentences s ON s.id = sentences_fts.rowid WHERE sentences_fts MATCH ?"
        " ORDER BY rank LIMIT ?",
        (fts_query(groups, mode="OR"), CANDIDATES),
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
        if coverage < MIN_COVERAGE:
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
    citations = [
        Citation(
            article_id=r["article_id"],
            title=ctx.articles[r["article_id"]].title,
            outlet=ctx.articles[r["article_id"]].outlet,
            published=ctx.articles[r["article_id"]].published,
            snippet=" ".join(r["text"].split()),
        )
        for r in chosen
    ]
    return TextAnswer(text="\n".join(lines), confident=True, citations=citations)


def _terms(ctx: Context, question: str) -> tuple[list[Term], list[str]]:
    found = find_dates(question, None)
    date_values = [d.value for d in found if d.type == "DATE"]
    date_words = {w for d in found for w in words(d.text)}
    index = index_for(ctx)
    terms: list[Term] = []
    for match in re.finditer(r"[^\W_]+(?:['’][^\W_]+)?", question):
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
