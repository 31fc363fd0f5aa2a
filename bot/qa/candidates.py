"""Candidate sentences for a question, and what extraction knows about each.

Stage one asks the sentences' full-text index for any of the question's words
(every indexed form, the named people's name words, the places), best BM25
first, and weighs each sentence by the share of the question's words it holds,
each word weighted by how rare it is in the index. Stage two reads, for the
best few, the people mentioned in the sentence (names, surnames, titles and
pronouns resolved to the person) and the quotes that overlap it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from bot.qa.intent import Intent, Term
from bot.query.context import Context
from bot.query.terms import stem, words
from bot.store.fulltext import Match

__all__ = ["rare", "lede_stems", "Candidate", "Mention", "QuoteRow", "candidates", "speaker_candidates", "with_details", "neighbours"]

FIRST_STAGE = 200  # sentences read from the full-text index
SECOND_STAGE = 40  # sentences whose people and quotes are read
STEM_CACHE = 200_000  # sentences whose stems are kept
COMMON = math.log(1 + 1 / 0.01)  # the weight of a word in 1% of the sentences: more common ones find nothing
LARGE = 20_000  # ... in an index of more sentences than this (a small one is read in full quickly)
MAIN = 2.0  # how much more a word of the question's main clause weighs than one of its qualifiers
LEDE = 3  # the first sentences of an article that say what it is about


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    person_id: int | None
    name: str
    role: str | None
    is_org: bool
    kind: str  # name | surname | title | pronoun
    affiliation: str | None = None


@dataclass(frozen=True)
class QuoteRow:
    start: int
    end: int
    text: str
    direct: bool
    person_id: int | None
    speaker: str | None
    role: str | None


@dataclass
class Candidate:
    id: int
    article_id: str
    start: int
    end: int
    text: str
    dates: list[str]
    rank: float  # BM25 as the index gives it (lower is better)
    stems: frozenset[str]
    matched: tuple[Term, ...] = ()
    coverage: float = 0.0  # share of the question's word weight the sentence holds
    context: float = 0.0  # share of the word weight that only the two sentences before it or the title hold
    mentions: list[Mention] = field(default_factory=list)
    context_start: int | None = None  # where the two sentences before it start (its own start when none)
    context_people: frozenset[int] = frozenset()  # people those sentences name (through pronouns too)
    context_stems: frozenset[str] = frozenset()  # the stems of those sentences and of the article's title
    quotes: list[QuoteRow] = field(default_factory=list)
    article_dates: frozenset[str] = frozenset()  # every date its article states

    @property
    def person_ids(self) -> set[int]:
        return {m.person_id for m in self.mentions if m.person_id is not None}


def _dates(stored: str) -> list[str]:
    return [] if stored == "[]" else json.loads(stored)  # most sentences state no date: no JSON to read


def sentence_stems(ctx: Context, sentence_id: int | str, text: str) -> frozenset[str]:
    """The stems of a sentence's words, kept per index generation (questions read the same sentences again)."""
    cache = ctx.__dict__.setdefault("qa_stems", {})
    if cache.get("_articles") is not ctx.articles or len(cache) > STEM_CACHE:
        cache.clear()
        cache["_articles"] = ctx.articles
    found = cache.get(sentence_id)
    if found is None:
        found = cache[sentence_id] = frozenset(stem(w) for w in words(text))
    return found


def _covered(intent: Intent, weights: dict[str, float], stems: frozenset[str]) -> tuple[tuple[Term, ...], float]:
    """The question's words among ``stems``, and the share of the question's word weight they carry."""
    total = sum(weights.values())
    matched = tuple(t for t in intent.terms if t.stems & stems)
    return matched, (sum(weights[t.word] for t in matched) / total if total else 0.0)


def _weights(ctx: Context, intent: Intent) -> dict[str, float]:
    """Each word's weight: rarer words more, and the words of the question's main clause more than those of its
    qualifiers ("Which German foreign minister, speaking after the barrage, ...")."""
    return {t.word: _weight(ctx, t) * (MAIN if t.word in intent.main else 1.0) for t in intent.terms}


def candidates(ctx: Context, intent: Intent) -> list[Candidate]:
    """Sentences holding any word of the question, weighed by the rare words they share with it."""
    weights = _weights(ctx, intent)
    # Words in most sentences ("talks", "said") weigh the sentences found, but are not worth finding them by
    large = _sentence_count(ctx) > LARGE
    rare = [t for t in intent.terms if not large or _weight(ctx, t) >= COMMON] or list(intent.terms)
    groups = [sorted(s for s in t.stems if s in ctx.vocabulary) for t in rare]
    groups.append(sorted(s for s in intent.name_stems if s in ctx.vocabulary))
    for place in intent.places:
        groups.append(sorted(s for s in (stem(w) for w in words(place)) if s in ctx.vocabulary))
    match = Match.of([g for g in groups if g], mode="OR")
    if match is None:
        return []
    matching, params = ctx.repo.fulltext.matching("sentences", match, ranked=True)
    rows = ctx.repo.query(
        'SELECT s.id, s.article_id, s.start, s."end", s.text, s.dates, f.rank FROM'
        f" ({matching}) f JOIN sentences s ON s.id = f.id ORDER BY f.rank, f.id LIMIT ?",
        [*params, FIRST_STAGE],
    )
    out = []
    for r in rows:
        stems = sentence_stems(ctx, r["id"], r["text"])
        matched, coverage = _covered(intent, weights, stems)
        out.append(
            Candidate(r["id"], r["article_id"], r["start"], r["end"], r["text"], _dates(r["dates"]), r["rank"],
                      stems, matched, coverage)
        )
    return out


def speaker_candidates(ctx: Context, intent: Intent) -> list[Candidate]:
    """For "what did X say about Y": the sentences where X's statements start, weighed by Y in the statement
    or in its sentence (the quote may run over several sentences; "he said" names X through a pronoun)."""
    speaker = intent.speaker
    if speaker is None:
        return []
    rows = ctx.repo.query(
        'SELECT s.id, s.article_id, s.start, s."end", s.text, s.dates, q.id AS quote_id, q.text AS quote FROM quotes q'
        " JOIN article_people p ON p.article_id = q.article_id AND p.local_id = q.speaker_local"
        ' JOIN sentences s ON s.article_id = q.article_id AND s.start <= q.start AND s."end" > q.start'
        " WHERE p.person_id = ? ORDER BY s.id",
        (speaker.id,),
    )
    weights = _weights(ctx, intent)
    out: dict[int, Candidate] = {}
    for r in rows:
        stems = sentence_stems(ctx, r["id"], r["text"]) | sentence_stems(ctx, f"quote:{r['quote_id']}", r["quote"])
        matched, coverage = _covered(intent, weights, stems)
        if r["id"] not in out or out[r["id"]].coverage < coverage:
            out[r["id"]] = Candidate(r["id"], r["article_id"], r["start"], r["end"], r["text"], _dates(r["dates"]),
                                     0.0, stems, matched, coverage)
    return list(out.values())


def with_details(ctx: Context, chosen: list[Candidate], intent: Intent | None = None) -> list[Candidate]:
    """``chosen`` with the people each sentence mentions, the quotes that overlap it, its article's dates and
    (given the question) the words of the question that only the sentences before it or the title hold."""
    if not chosen:
        return chosen
    if intent is not None:
        _context_coverage(ctx, intent, chosen)
    articles = sorted({c.article_id for c in chosen})
    marks = ",".join("?" * len(articles))
    spans = ",".join("(?, ?, ?)" for _ in chosen)
    bounds = [v for c in chosen for v in (c.article_id, min(c.start, c.context_start or c.start), c.end)]
    mention_rows = ctx.repo.query(
        f"WITH c(aid, s, e) AS (VALUES {spans})"
        ' SELECT DISTINCT m.article_id, m.start, m."end", m.kind, p.person_id, p.name, p.roles, p.is_org FROM c'
        ' JOIN mentions m ON m.article_id = c.aid AND m.start >= c.s AND m."end" <= c.e'
        " JOIN article_people p ON p.article_id = m.article_id AND p.local_id = m.local_id"
        " ORDER BY m.article_id, m.start",
        bounds,
    )
    quote_rows = ctx.repo.query(
        f"WITH c(aid, s, e) AS (VALUES {spans})"
        ' SELECT DISTINCT q.article_id, q.start, q."end", q.text, q.direct, p.person_id, q.speaker_name,'
        " q.speaker_role FROM c JOIN quotes q ON q.article_id = c.aid AND q.start < c.e AND q.\"end\" > c.s"
        " LEFT JOIN article_people p ON p.article_id = q.article_id AND p.local_id = q.speaker_local"
        " ORDER BY q.article_id, q.start",
        [v for c in chosen for v in (c.article_id, c.start, c.end)],
    )
    # the article's dates weigh only a question that names a date
    date_rows = ctx.repo.query(
        f"SELECT article_id, value FROM dates WHERE article_id IN ({marks})", articles
    ) if intent is not None and intent.dates else []
    by_article_dates: dict[str, set[str]] = {}
    for r in date_rows:
        by_article_dates.setdefault(r["article_id"], set()).add(r["value"])
    by_article_mentions: dict[str, list] = {}
    for r in mention_rows:
        by_article_mentions.setdefault(r["article_id"], []).append(r)
    by_article_quotes: dict[str, list] = {}
    for r in quote_rows:
        by_article_quotes.setdefault(r["article_id"], []).append(r)
    for c in chosen:
        c.article_dates = frozenset(by_article_dates.get(c.article_id, ()))
        c.mentions = [
            Mention(r["start"], r["end"], r["person_id"], r["name"], (json.loads(r["roles"]) or [None])[0],
                    bool(r["is_org"]), r["kind"], _affiliation(ctx, r["person_id"]))
            for r in by_article_mentions.get(c.article_id, ())
            if r["start"] >= c.start and r["end"] <= c.end
        ]
        if c.context_start is not None:
            c.context_people = frozenset(
                r["person_id"] for r in by_article_mentions.get(c.article_id, ())
                if c.context_start <= r["start"] < c.start and r["person_id"] is not None
            )
        c.quotes = [
            QuoteRow(r["start"], r["end"], r["text"], bool(r["direct"]), r["person_id"], r["speaker_name"],
                     r["speaker_role"])
            for r in by_article_quotes.get(c.article_id, ())
            if r["start"] < c.end and r["end"] > c.start
        ]
    return chosen


def _affiliation(ctx: Context, person_id: int | None) -> str | None:
    person = ctx.persons_by_id.get(person_id) if person_id is not None else None
    return person.affiliation if person is not None else None


def neighbours(ctx: Context, c: Candidate) -> tuple[Candidate | None, Candidate | None]:
    """The sentences before and after ``c`` in its article, with their details."""
    rows = ctx.repo.query(
        'SELECT id, article_id, start, "end", text, dates FROM sentences WHERE article_id = ? AND id IN (?, ?)',
        (c.article_id, c.id - 1, c.id + 1),
    )
    found = {
        r["id"]: Candidate(r["id"], r["article_id"], r["start"], r["end"], r["text"], _dates(r["dates"]), 0.0,
                           sentence_stems(ctx, r["id"], r["text"]))
        for r in rows
    }
    with_details(ctx, list(found.values()))
    return found.get(c.id - 1), found.get(c.id + 1)


def _context_coverage(ctx: Context, intent: Intent, chosen: list[Candidate]) -> None:
    """"...which lasted about four hours": the talks and the Kremlin were named in the sentences before."""
    ids = sorted({c.id - k for c in chosen for k in (1, 2)})
    rows = ctx.repo.query(
        f"SELECT id, article_id, start, text FROM sentences WHERE id IN ({','.join('?' * len(ids))})", ids)
    before = {r["id"]: (r["article_id"], r["text"], r["start"]) for r in rows}
    weights = _weights(ctx, intent)
    for c in chosen:
        stems = _title_stems(ctx, c.article_id)
        for i in (c.id - 1, c.id - 2):
            if i in before and before[i][0] == c.article_id:
                stems |= sentence_stems(ctx, i, before[i][1])
                c.context_start = before[i][2]
        c.context_stems = stems
        total = sum(weights.values()) or 1.0
        c.context = sum(weights[t.word] for t in intent.terms if t not in c.matched and t.stems & stems) / total


def lede_stems(ctx: Context, article_id: str) -> frozenset[str]:
    """The stems of an article's first sentences (LEDE of them): what the article is about."""
    cache = ctx.__dict__.setdefault("qa_ledes", {})
    if cache.get("_articles") is not ctx.articles:
        cache.clear()
        cache["_articles"] = ctx.articles
    if article_id not in cache:
        rows = ctx.repo.query("SELECT text FROM sentences WHERE article_id = ? ORDER BY start LIMIT ?", (article_id, LEDE))
        cache[article_id] = frozenset(stem(w) for r in rows for w in words(r["text"]))
    return cache[article_id]


def _title_stems(ctx: Context, article_id: str) -> frozenset[str]:
    return sentence_stems(ctx, f"title:{article_id}", ctx.articles[article_id].title)


def rare(ctx: Context, name: str, share: float = 0.01) -> bool:
    """``name`` is in few sentences of the index (fewer than ``share`` of them): a name that tells sentences apart."""
    found = [_weight(ctx, Term(w, frozenset({stem(w)}) | frozenset(ctx.vocabulary.expand(w)))) for w in words(name)]
    unused = any(not ctx.vocabulary.knows(w) for w in words(name))  # in no sentence at all
    return unused or (bool(found) and max(found) >= math.log(1 + 1 / share))


def _sentence_count(ctx: Context) -> int:
    return ctx.sentence_count  # counted once per index change, for every command


def _weight(ctx: Context, term: Term) -> float:
    """How much a word of the question counts: rare words more (inverse sentence frequency)."""
    cache = ctx.__dict__.setdefault("qa_weights", {})
    if cache.get("_articles") is not ctx.articles:
        cache.clear()
        cache["_articles"] = ctx.articles
    if term.word not in cache:
        counts = [ctx.vocabulary.counts[s] for s in term.stems if s in ctx.vocabulary]
        if not counts:
            cache[term.word] = 0.5  # a word the articles never use still counts, a little
        else:
            # the sentences holding any form: at least the commonest form's, at most all the forms' together
            total = _sentence_count(ctx)
            n = min(total, max(counts) + (sum(counts) - max(counts)) // 2)
            cache[term.word] = math.log(1 + total / (1 + n))
    return cache[term.word]
