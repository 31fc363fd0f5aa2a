"""Extraction of one text: parse once, then dates, people, quotes, events.

The extractors run on one shared spaCy ``Doc``. Quote extraction finds the
mention a quote is attributed to; people analysis says who that mention is.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from bot.extract import nlp
from bot.extract.attributions.shapes import find_attributions
from bot.extract.dates.find import find_dates
from bot.extract.events import find_events
from bot.extract.people.analysis import PeopleAnalysis, analyze_people
from bot.extract.places import find_places
from bot.extract.speech.cues import several_speakers
from bot.extract.speech.find import find_quotes, passed_on, reports_within, unvoiced_views
from bot.extract.speech.said_on import statement_dates
from bot.extract.types import DateMention, EventSpan, PersonEntity, PersonMention, QuoteSpan

# Bump when extraction changes, so that the indexer re-extracts every article.
EXTRACTOR_VERSION = "21"  # 21: an outlet read from the text ("told Izvestia") when header and dateline name none


@dataclass
class Extraction:
    text: str
    people: PeopleAnalysis
    quotes: list[QuoteSpan]
    dates: list[DateMention]
    events: list[EventSpan]
    sentences: list[tuple[int, int]] = field(default_factory=list)
    places: list[tuple[int, int, str]] = field(default_factory=list)


def extract(text: str, published: date | None = None, *, attributions: bool = False) -> Extraction:
    """Everything the extractors find in ``text``; dates resolved against ``published``.

    ``attributions``: also the views and findings that are not speech (kind
    "attribution"), which the evaluation scores (it passes True) and the index
    never stores. Off by default: the served path neither needs nor pays for them.

    A text longer than ``nlp.PIECE_CHARS`` is extracted piece by piece (pieces end at a
    paragraph where they can) and the pieces' findings joined, so that time and memory grow
    with its length, not with its square: people with one name are one person across pieces.
    """
    bounds = nlp.pieces(text)
    if len(bounds) == 1:
        return _extract_doc(text, nlp.parse(text), published, attributions)
    whole = _Joined(text)
    for (start, end), doc in zip(bounds, nlp.parse_pieces(text, bounds)):
        whole.add(start, _extract_doc(text[start:end], doc, published, attributions))
    return whole.extraction()


def extract_many(jobs: Iterable[tuple[str, date | None]], batch_size: int = 8) -> Iterator[Extraction]:
    """``extract(text, published)`` of each job, in order, the texts parsed ``batch_size`` at a time
    (``nlp.parse_stream``); a text long enough to be parsed in pieces goes through ``extract`` alone. What
    extraction finds does not depend on how texts are batched."""
    jobs = list(jobs)
    short = [i for i, (text, _) in enumerate(jobs) if len(nlp.pieces(text)) == 1]
    docs = dict(zip(short, nlp.parse_stream((jobs[i][0] for i in short), batch_size)))
    for i, (text, published) in enumerate(jobs):
        if i in docs:
            yield _extract_doc(text, docs.pop(i), published, attributions=False)
        else:
            yield extract(text, published, attributions=False)


def _extract_doc(text: str, doc, published: date | None, attributions: bool) -> Extraction:
    people = analyze_people(doc)
    quotes = find_quotes(doc)
    # In reading order of the speakers, so that "it said" finds the body named before it.
    for quote in sorted(quotes, key=lambda q: q.speaker_start if q.speaker_start is not None else -1):
        if quote.speaker_start is None or quote.speaker_end is None:
            continue
        if several_speakers(doc, quote.speaker_start, quote.speaker_end):
            continue  # "Russia and Ukraine said": not one of them alone
        entity = people.resolve(quote.speaker_start, quote.speaker_end)
        if entity is None:
            continue
        quote.speaker_entity = entity
        person = people.entities[entity]
        quote.speaker = person.name
        quote.speaker_role = person.roles[0] if person.roles else None
    relayed = passed_on(quotes, text, lambda k: people.entities[k].is_org)
    quotes = [q for q in quotes if not any(q is r for r in relayed)]
    repeated = reports_within(quotes)
    quotes = [q for q in quotes if not any(q is r for r in repeated)]
    views = unvoiced_views(quotes, text, people.named_by_tie)
    quotes = [q for q in quotes if not any(q is r for r in views)]
    # Attributions only look their sources up among the mentions known by now: resolving
    # would add people to the text for what is never shown as a quote.
    found = find_attributions(doc, quotes) if attributions else []
    for att in found:
        if att.speaker_start is None or att.speaker_end is None:
            continue
        entity = people.entity_at(att.speaker_start, att.speaker_end)
        if entity is not None:
            att.speaker_entity = entity
            att.speaker = people.entities[entity].name
            att.speaker_role = people.entities[entity].roles[0] if people.entities[entity].roles else None
    quotes = sorted(quotes + found, key=lambda q: (q.start, q.end))
    dates = find_dates(text, published)
    first_named: dict[int, int] = {}
    for m in people.mentions:
        first_named[m.entity] = min(m.start, first_named.get(m.entity, m.start))
    statement_dates(doc, quotes, dates, published, people.entity_at, first_named.get)
    places = find_places(text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]

    def people_at(start: int, end: int) -> list[str]:
        names: list[str] = []
        for m in people.mentions:
            if m.start >= end:
                break
            if m.start >= start and m.end <= end:
                entity = people.entities[m.entity]
                if not entity.is_org and entity.name not in names:
                    names.append(entity.name)
        return names

    def places_at(start: int, end: int) -> list[str]:
        found: list[str] = []
        for p_start, p_end, name in places:
            if p_start >= start and p_end <= end and name not in found:
                found.append(name)
        return found

    events = find_events(doc, sentences, dates, people_at, places_at, published)
    return Extraction(text, people, quotes, dates, events, sentences, places)


class _Joined:
    """The extractions of consecutive pieces of one text as one: offsets moved, people merged by name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[PersonEntity] = []
        self.by_name: dict[tuple[str, bool], int] = {}
        self.mentions: list[PersonMention] = []
        self.quotes: list[QuoteSpan] = []
        self.dates: list[DateMention] = []
        self.events: list[EventSpan] = []
        self.sentences: list[tuple[int, int]] = []
        self.places: list[tuple[int, int, str]] = []

    def _entity(self, person: PersonEntity) -> int:
        key = (person.name.casefold(), person.is_org)
        if key not in self.by_name:
            self.by_name[key] = len(self.entities)
            self.entities.append(PersonEntity(name=person.name, is_org=person.is_org))
        merged = self.entities[self.by_name[key]]
        merged.aliases += [a for a in person.aliases if a not in merged.aliases and a != merged.name]
        merged.roles += [r for r in person.roles if r not in merged.roles]
        merged.affiliation = merged.affiliation or person.affiliation
        merged.gender = merged.gender or person.gender
        return self.by_name[key]

    def add(self, offset: int, ex: Extraction) -> None:
        local = [self._entity(p) for p in ex.people.entities]
        for m in ex.people.mentions:
            m.start, m.end, m.entity = m.start + offset, m.end + offset, local[m.entity]
            self.mentions.append(m)
        for q in ex.quotes:
            q.start, q.end = q.start + offset, q.end + offset
            if q.speaker_start is not None:
                q.speaker_start += offset
            if q.speaker_end is not None:
                q.speaker_end += offset
            if q.speaker_entity is not None:
                q.speaker_entity = local[q.speaker_entity]
            q.parts = tuple((a + offset, b + offset) for a, b in q.parts)
            self.quotes.append(q)
        for d in ex.dates:
            d.start, d.end = d.start + offset, d.end + offset
            self.dates.append(d)
        for e in ex.events:
            e.start, e.end = e.start + offset, e.end + offset
            self.events.append(e)
        self.sentences += [(a + offset, b + offset) for a, b in ex.sentences]
        self.places += [(a + offset, b + offset, name) for a, b, name in ex.places]

    def extraction(self) -> Extraction:
        people = PeopleAnalysis(self.entities, self.mentions)
        return Extraction(self.text, people, self.quotes, self.dates, self.events, self.sentences, self.places)


def extraction_json(ex: Extraction) -> dict:
    """The ``newsdesk extract --json`` shape: spans are offsets into the text as read."""
    ents = ex.people.entities
    return {
        "people": [
            {
                "name": ents[m.entity].name,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "kind": m.kind,
                "role": m.role or (ents[m.entity].roles[0] if ents[m.entity].roles else None),
                "organisation": ents[m.entity].is_org,
            }
            for m in ex.people.mentions
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "direct": q.direct,
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "cue": q.cue,
                "kind": q.kind,
                "parts": [list(part) for part in q.parts or ((q.start, q.end),)],
                "said_on": q.said_on,
                "said_precision": q.said_precision,
            }
            for q in ex.quotes
        ],
        "dates": [
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "type": d.type,
                "value": d.value,
                "precision": d.precision,
            }
            for d in ex.dates
        ],
        "events": [
            {
                "date": e.date,
                "precision": e.precision,
                "end_date": e.end_date,
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "people": e.people,
                "places": e.places,
                "planned": e.planned,
            }
            for e in ex.events
        ],
    }
