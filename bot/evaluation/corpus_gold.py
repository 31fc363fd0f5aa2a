"""The corpus at hand: hand-made gold for articles of ../shared/corpus/ukraine_talks.

The gold (``tests/data/gold/NN.json``, format in its README) holds people with
roles, quotes with speakers and dated events, by offsets into the article body
and by names: no article text. Scores:

* people: gold names found among the system's people (same person by name
  folding and first-name compatibility), and the role of found people (a gold
  role and a system role share their title words);
* quotes: content spans of speech quotes (not those of kind "attribution",
  which are never shown) matched one-to-one by overlap; the gold gives one
  entry per quoted stretch, so a direct quote split around its attribution
  counts by its ``parts``; speaker accuracy over
  found quotes whose gold speaker is known (an unattributed quote counts as
  wrong), and over those the system attributes ("speakers when named": how
  often a name shown with a quote is the right one);
* not statements: the writer's own words a gold file marks as no statement of anyone
  (``not_statements``: an evaluation, a belief the writer ascribes, a pull quote): how many
  of them a speech quote with a speaker overlaps (lower is better);
* statement dates: over found quotes whose gold gives ``said_on`` (a date, or null when the
  text gives none): the share of dated ones given the same date, the share of undated ones
  given null, and how many dates given are right; each also for the gold files marked
  ``"said_on_split": "dev"`` (the rules were tuned on them) and ``"test"`` (never tuned on);
* events: a gold event is found by a system event that overlaps its span and
  carries the same date; "dates of found events" (event-date accuracy) is the
  share of span-matched events whose date is right; "day events after
  publication, not planned" is the share of the system's day-precise events
  dated after their article's publication that the text does not tell as
  planned (each document is the only source of its events here);
* one happening, one entry: the system's events of every document are grouped
  as the timeline groups them (``bot.corpus.event_groups.assign``). Gold events
  that share a ``happening`` label are one happening (every other gold event is
  a happening of its own): "duplicate entries" counts the timeline entries a
  labelled happening is split into beyond its first, over the found events of
  happenings told more than once; "happenings merged" counts pairs of found
  day-precise gold events of different happenings that land in one entry.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.corpus.event_groups import assign
from bot.evaluation.matching import Score, accuracy, match
from bot.extract.dates.resolve import value_start
from bot.extract.people.organisations import org_name
from bot.extract.people.spellings import same_person_names, split_name

SPLITS = ("ukraine_talks",)
GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold"


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    published: date | None
    gold: dict


def documents(data: Path, split: str, gold_dir: Path = GOLD) -> Iterator[Document]:
    corpus = data.parent / "corpus" / split
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = corpus / gold["file"]
        body = article.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        published = date.fromisoformat(gold["published"]) if gold.get("published") else None
        yield Document(path.stem, body, published, gold)


def same_person(a: str | None, b: str | None) -> bool:
    """Two written names of one person: full names that agree, or a surname that agrees."""
    if not a or not b:
        return False
    if same_person_names(a, b) or org_name(a).lower() == org_name(b).lower():
        return True  # (a body's name is compared as one name: "Russia's Defense Ministry")
    pa, pb = split_name(a), split_name(b)
    return bool(pa.surname) and pa.surname == pb.surname and (not pa.first or not pb.first)


def _title_words(role: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", role.lower()) if w not in {"the", "of", "a", "an", "for", "and"}}


def _day(value: str) -> str:
    """A week written as an ISO week ("2026-W06") counts as its Monday, as timeline events write it."""
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        return date.fromisocalendar(int(week[1]), int(week[2]), 1).isoformat()
    return value


def score(docs: list[Document], extract: Callable[[Document], dict]) -> dict:
    people = [0, 0, 0]  # found gold, system, gold
    roles = [0, 0]  # right, found gold people with a role
    quotes = [0, 0, 0]
    speakers = [0, 0]
    attributed = [0, 0]  # right, found quotes with a gold speaker that the system attributes
    events = [0, 0, 0]
    event_dates = [0, 0]  # right date, gold events found by span
    said = {half: [0, 0, 0, 0, 0, 0] for half in ("all", "dev", "test")}
    late = [0, 0]  # day-precise system events after publication and not planned, day-precise system events
    timeline: list[dict] = []  # every system event of every document, for grouping
    found: list[tuple[str, dict, int]] = []  # (document, gold event, index into timeline) of date-matched events
    unsaid = [0, 0]  # gold "not_statements" shown as a speaker's quote, gold "not_statements"
    for doc in docs:
        out = extract(doc)
        system_people: dict[str, set[str]] = {}
        for m in out["people"]:
            if not m.get("organisation"):
                system_people.setdefault(m["name"], set()).update([m["role"]] if m.get("role") else [])
        gold_people = doc.gold.get("people", [])
        people[1] += len(system_people) if "people" in doc.gold else 0  # events-only gold: people not scored
        people[2] += len(gold_people)
        for g in gold_people:
            hit = next((n for n in system_people if same_person(g["name"], n)), None)
            if hit is None:
                continue
            people[0] += 1
            if g.get("roles"):
                roles[1] += 1
                gold_words = [_title_words(r) for r in g["roles"]]
                roles[0] += any(gw & _title_words(s) for gw in gold_words for s in system_people[hit])
        # the gold holds speech only: attributions (views, aims, stances) are not quotes
        gq = doc.gold.get("quotes", [])
        sq = [
            {**q, "start": a, "end": b}
            for q in out["quotes"]
            if q.get("kind", "speech") == "speech"
            for a, b in q.get("parts") or [(q["start"], q["end"])]
        ]
        pairs = match([[(q["start"], q["end"])] for q in gq], [[(q["start"], q["end"])] for q in sq])
        quotes[0] += len(pairs)
        quotes[1] += len(sq) if "quotes" in doc.gold else 0  # events-only gold: quotes not scored
        quotes[2] += len(gq)
        for gi, si in pairs:
            if gq[gi].get("speaker"):
                right = same_person(gq[gi]["speaker"], sq[si].get("speaker"))
                speakers[1] += 1
                speakers[0] += right
                if sq[si].get("speaker"):
                    attributed[1] += 1
                    attributed[0] += right
        for ns in doc.gold.get("not_statements", []):
            unsaid[1] += 1
            unsaid[0] += any(q.get("speaker") and q["start"] < ns["end"] and ns["start"] < q["end"] for q in sq)
        halves = ("all", doc.gold["said_on_split"]) if doc.gold.get("said_on_split") in said else ("all",)
        for gi, si in pairs:
            if "said_on" in gq[gi]:
                for half in halves:
                    _count_said(said[half], gq[gi]["said_on"], sq[si].get("said_on"))
        ge, se = doc.gold.get("events", []), out["events"]
        pairs = match([[(e["start"], e["end"])] for e in ge], [[(e["start"], e["end"])] for e in se],
                      agree=lambda gi, si: _day(ge[gi]["date"]) == _day(se[si]["date"]))
        same_date = sum(1 for gi, si in pairs if _day(ge[gi]["date"]) == _day(se[si]["date"]))
        for gi, si in pairs:
            if _day(ge[gi]["date"]) == _day(se[si]["date"]):
                found.append((doc.name, ge[gi], len(timeline) + si))
        for e in se:
            timeline.append({"article_id": doc.name, "end_date": None, **e})
            if e["precision"] == "day":
                late[1] += 1
                first = value_start(e["date"])
                late[0] += bool(doc.published and first and first > doc.published and not e.get("planned"))
        events[0] += same_date
        event_dates[0] += same_date
        event_dates[1] += len(pairs)
        events[1] += len(se)
        events[2] += len(ge)
    return {
        "documents": len(docs),
        "people": Score(*people).as_dict(),
        "roles of found people": accuracy(*roles),
        "quotes": Score(*quotes).as_dict(),
        "quote speakers": accuracy(*speakers),
        "speakers when named": accuracy(*attributed),
        **({"not statements given a speaker": accuracy(*unsaid)} if unsaid[1] else {}),
        "events (same date)": Score(*events).as_dict(),
        "dates of found events": accuracy(*event_dates),
        "day events after publication, not planned": accuracy(*late),
        **_entries(found, assign(timeline) if timeline else []),
        **{f"statement {name}{'' if half == 'all' else f' ({half})'}": value
           for half, counts in said.items() if counts[1] + counts[3]
           for name, value in _said_scores(counts).items()},
    }


def _entries(found: list[tuple[str, dict, int]], leads: list[int]) -> dict:
    """Duplicate timeline entries of labelled happenings, and different day-precise happenings merged."""
    def happening(doc: str, gold: dict) -> str:
        return gold.get("happening") or f"{doc}:{gold['start']}:{gold['date']}"

    entries: dict[str, set[int]] = {}
    for doc, gold, si in found:
        entries.setdefault(happening(doc, gold), set()).add(leads[si])
    told_often = {h for h in entries if sum(1 for d, g, _ in found if happening(d, g) == h) > 1}
    duplicates = sum(len(entries[h]) - 1 for h in told_often)
    days = [(happening(doc, gold), leads[si]) for doc, gold, si in found if gold["precision"] == "day"]
    merged = sum(1 for i, (h1, l1) in enumerate(days) for h2, l2 in days[i + 1:] if l1 == l2 and h1 != h2)
    return {
        "duplicate entries": {"count": duplicates, "note": f"over {len(told_often)} happenings told more than once"},
        "happenings merged": {"count": merged, "note": "pairs of different day-precise happenings in one entry"},
    }


def _count_said(counts: list[int], gold: str | None, system: str | None) -> None:
    """counts: right, dated in gold, null, undated in gold, dates given right, dates given."""
    if gold:
        counts[0] += system == gold
        counts[1] += 1
    else:
        counts[2] += system is None
        counts[3] += 1
    if system:
        counts[4] += system == gold
        counts[5] += 1


def _said_scores(counts: list[int]) -> dict:
    return {
        "dates right": accuracy(counts[0], counts[1]),
        "null when none": accuracy(counts[2], counts[3]),
        "dates given right": accuracy(counts[4], counts[5]),
    }
