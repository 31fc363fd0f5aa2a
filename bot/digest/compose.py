"""A digest: what the articles first seen in a time window add, as one ``DigestAnswer`` an editor reads in a minute.

- Stories: the new (or changed) articles grouped by story, ranked by how many
  outlets carry each, then by articles, then by date.
- The timeline: events all of whose reports are new (an event already on the
  timeline is not news again) and dated within the digest's window
  (``dated_window``), the most widely reported kept and shown in date order;
  planned ones are marked by the layouts (``Event.planned``).
- Quotes: one per speaker, the most quoted speakers first; an unattributed
  quote is left out (nobody to put it to).
- First seen: people all of whose articles are new.

The digest holds at most ``digest_max_chars`` characters of text (3,000 by
default): each section takes the entries that fit its share of what is left
(a share one section leaves goes to the next), long texts are cut at a word,
and every count of what there is in all is kept, so the layouts say "and 33
more" instead of cutting silently. Each entry names its outlets in one short
line (``bot.digest.outlets``), never its files.

A topic keeps only the articles that match it (full-text words, or a person
named by the topic) and what they carry.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bot.digest import outlets
from bot.extract.dates.resolve import value_end, value_start
from bot.models import Citation, DigestAnswer, DigestPerson, DigestStory, Event, Quote
from bot.query.context import Context
from bot.query.event_rows import told_by
from bot.query.person_match import index_for
from bot.query.quote_rows import QUOTE_SELECT, to_quotes
from bot.store.digest_store import DigestStore, NewsWindow
from bot.store.fulltext import Match

__all__ = ["compose", "compose_for", "topic_articles", "rank_stories", "dated_window", "period", "clip", "iso"]

# Each section's share of the room after the head; what they leave goes to the ones in GROW, in this order.
SHARES = {"stories": 0.36, "events": 0.30, "quotes": 0.24, "people": 0.10}
GROW = ("stories", "events", "quotes")
SECTION_CHARS = 1000  # a section stays a screenful (and one Discord field, 1024)
HEAD_CHARS = 150  # the title and the window under it, besides the channel, topic and schedule
PREVIEW_CHARS = 85  # "A preview: nothing is marked as sent, …"
MISSED_CHARS = 120  # "Catching up: the bot was offline for 3 scheduled digests; …"
MORE_CHARS = 100  # the "More: /who … · /timeline" line, besides the names
COUNT_CHARS = 40  # an "… and 33 more stories" line
# a section's label: "New articles (59):", "On the timeline, 2022-04-12 to 2026-02-26 (129):", "First seen: "
LABEL_CHARS = {"stories": 24, "events": 56, "quotes": 10, "people": 14}
LINE_CHARS = 8  # bullet, indent, separators and the line break of one entry
TITLE_CHARS = 110
EVENT_CHARS = 120
QUOTE_CHARS = 150
ROLE_CHARS = 40
_FINENESS = {"day": 0, "range": 1, "week": 2, "month": 3, "season": 4, "quarter": 5, "year": 6}


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds")


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut[limit // 2 :]:  # the cut falls inside a word: drop the word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


@dataclass
class _Section:
    """One section's entries, best first, and how many of them fit."""

    name: str
    entries: list
    cost: Callable[[Any], int]
    kept: int = 0
    used: int = 0
    opened: bool = False

    def take(self, room: int) -> int:
        """Keep more entries while they fit in ``room`` characters and the section stays a screenful; returns the
        characters this spent (the first call also pays for the label and the line that counts the rest)."""
        spent = 0 if self.opened else self.size()
        self.opened = True
        while self.kept < len(self.entries):
            cost = self.cost(self.entries[self.kept])
            grown = self.size(self.kept + 1, self.used + cost) - self.size()
            if self.size() + grown > SECTION_CHARS or spent + grown > room:
                break
            self.kept, self.used, spent = self.kept + 1, self.used + cost, spent + grown
        return spent

    def size(self, kept: int | None = None, used: int | None = None) -> int:
        """Its characters with ``kept`` entries of ``used`` characters: its label, the entries, and the line that
        counts what it left out."""
        kept, used = (self.kept, self.used) if kept is None else (kept, used)
        if not self.entries:
            return 0
        return LABEL_CHARS[self.name] + used + (COUNT_CHARS if kept < len(self.entries) else 0)

    def shown(self) -> list:
        return self.entries[: self.kept]


def _fit(budget: int, sections: list[_Section]) -> None:
    """Each section takes what fits in its share of ``budget``; then what is left goes, in order, to the sections
    that have more to show (the people seen first keep to their share: a line of names, not a list)."""
    left = budget
    for section in sections:
        left -= section.take(int(budget * SHARES[section.name]))
    for section in sections:
        if section.name in GROW:
            left -= section.take(left)


def compose(
    ctx: Context,
    window: NewsWindow,
    *,
    topic: str | None = None,
    channel: str | None = None,
    schedule: str | None = None,
    preview: bool = False,
    missed: int = 0,
) -> DigestAnswer:
    new, changed = list(window.new), list(window.changed)
    if topic:
        wanted = topic_articles(ctx, topic)
        new = [a for a in new if a in wanted]
        changed = [a for a in changed if a in wanted]
    new = [a for a in new if a in ctx.articles]
    changed = [a for a in changed if a in ctx.articles]
    first, last = dated_window(ctx, new + changed, window)
    stories = rank_stories(_stories(ctx, new, updated=False) + _stories(ctx, changed, updated=True))
    events = _events(ctx, set(new), set(changed), first, last)
    quotes = _quotes(ctx, new + changed)
    people = _people(ctx, set(new), window.since)

    events.sort(key=lambda e: _event_rank(ctx, e))
    sections = [
        _Section("stories", stories, _story_cost),
        _Section("events", events, lambda e: _event_cost(ctx, e)),
        _Section("quotes", quotes, lambda q: _quote_cost(ctx, q)),
        _Section("people", people, _person_cost),
    ]
    head = (HEAD_CHARS + MORE_CHARS + (PREVIEW_CHARS if preview else 0) + (MISSED_CHARS if missed else 0)
            + sum(len(x or "") for x in (channel, topic, schedule)))
    _fit(ctx.settings.digest_max_chars - head, sections)
    kept_stories, kept_events, kept_quotes, kept_people = (s.shown() for s in sections)
    kept_events = sorted(kept_events, key=lambda e: (e.date, e.end_date or "", e.sources[0]))
    cited = {a for e in kept_events for a in e.sources} | {a for q in kept_quotes for a in q.sources or [q.article_id]}
    return DigestAnswer(
        channel=channel,
        schedule=schedule,
        topic=topic,
        since=iso(window.since),
        until=iso(window.until),
        preview=preview,
        missed=missed,
        stories=kept_stories,
        events=kept_events,
        quotes=kept_quotes,
        people=kept_people,
        more=_more(kept_quotes, kept_people, topic),
        article_count=len(new) + len(changed),
        story_count=len(stories),
        event_count=len(events),
        quote_count=len(quotes),
        people_count=len(people),
        dated_from=first.isoformat(),
        dated_to=last.isoformat(),
        sources=[ctx.articles[a].citation() for a in sorted(cited) if a in ctx.articles],
    )


def compose_for(ctx: Context, store: DigestStore, since: float, **kwargs) -> tuple[DigestAnswer, NewsWindow]:
    window = store.news(since)
    return compose(ctx, window, **kwargs), window


def topic_articles(ctx: Context, topic: str) -> set[str]:
    """Articles about ``topic``: all its words (any indexed form), or a mention of the one person it names."""
    found: set[str] = set()
    match = Match.of(ctx.vocabulary.groups(topic), mode="AND")
    if match is not None:
        sql, params = ctx.repo.fulltext.matching("articles", match)
        found.update(r["id"] for r in ctx.repo.query(sql, params))
    match = index_for(ctx).match(topic)
    if len(match.found) == 1:
        rows = ctx.repo.query("SELECT DISTINCT article_id FROM article_people WHERE person_id = ?", (match.found[0].id,))
        found.update(r["article_id"] for r in rows)
    return found


# ---- the window in days ----------------------------------------------------------------------------------------


def dated_window(ctx: Context, article_ids: list[str], window: NewsWindow) -> tuple[date, date]:
    """The days a digest's timeline covers.

    It starts with the window (the day of ``since``), or with the earliest publication date among the articles
    when they were published before it (a corpus indexed after the fact), and ends with the latest publication
    date among them, never after the window's end: what is dated after the newest article is a forecast or a
    misreading, not news. An undated article counts with the date the index inferred for it (the one answers show).
    """
    start = datetime.fromtimestamp(window.since, timezone.utc).date()
    end = datetime.fromtimestamp(window.until, timezone.utc).date()
    published = sorted(
        day for a in article_ids
        if (meta := ctx.articles.get(a)) is not None and (day := _day(meta.published)) is not None
    )
    if not published:
        return start, end
    return min(start, published[0]), min(end, published[-1])


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def period(event: Event) -> tuple[date, date] | None:
    """The first and last day an event's date covers ("2026-02" is the whole month, a week its seven days)."""
    first = value_start(event.date)
    if first is None:
        return None
    if event.end_date:
        last = value_end(event.end_date)
    elif event.precision == "week":
        last = first + timedelta(days=6)
    else:
        last = value_end(event.date)
    return (first, last) if last is not None else None


# ---- sections --------------------------------------------------------------------------------------------------


def _stories(ctx: Context, ids: list[str], updated: bool) -> list[DigestStory]:
    by_story: dict[str, list[str]] = {}
    for article_id in ids:
        by_story.setdefault(ctx.articles[article_id].story, []).append(article_id)
    stories = []
    for members in by_story.values():
        metas = sorted((ctx.articles[a] for a in members), key=lambda m: (m.published or "", m.id))
        stories.append(
            DigestStory(title=clip(metas[0].title, TITLE_CHARS), articles=[m.citation() for m in metas], updated=updated)
        )
    return stories


def rank_stories(stories: list[DigestStory]) -> list[DigestStory]:
    """Most outlets first (an article of no known outlet counts as one), then most articles, then the latest
    (an undated story after the dated ones)."""
    def key(s: DigestStory):
        latest = max(c.published or "" for c in s.articles)
        return (-outlets.reach(s.articles), -len(s.articles), not latest, _desc(latest), s.title)

    return sorted(stories, key=key)


def _desc(text: str) -> tuple[int, ...]:
    """A key that sorts texts in reverse."""
    return tuple(-ord(ch) for ch in text)


def _events(ctx: Context, new: set[str], changed: set[str], first: date, last: date) -> list[Event]:
    """Events reported only by new or changed articles (one already on the timeline is not news), dated within
    ``first``..``last``."""
    fresh = new | changed
    found = []
    for g in told_by(ctx, fresh):
        sources = set(g.sources)
        if not (sources <= fresh and sources & fresh):
            continue
        event = g.cited(ctx.articles)
        days = period(event)
        if days is not None and first <= days[0] and days[1] <= last:
            found.append(event.model_copy(update={"text": clip(event.text, EVENT_CHARS)}))
    return found


def _event_rank(ctx: Context, e: Event):
    """Most outlets first, then most articles, then the finest date, then the latest."""
    return (-outlets.reach(_sources_of(ctx, e.sources)), -len(e.sources), _FINENESS.get(e.precision, 9), _desc(e.date), e.sources[0])


def _quotes(ctx: Context, ids: list[str]) -> list[Quote]:
    """One quote per speaker, the most quoted speakers first: direct words carried by most articles, of a length
    read at a glance, preferred."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = ctx.repo.query(
        QUOTE_SELECT + f" WHERE q.article_id IN ({marks}) ORDER BY q.article_id, q.start, q.id", ids
    )
    by_speaker: dict[str, list[Quote]] = {}
    for q in to_quotes(ctx, rows):
        if q.speaker:  # an unattributed quote is not shown in a digest: nobody to put it to
            by_speaker.setdefault(q.speaker, []).append(q)
    ranked = sorted(by_speaker.items(), key=lambda item: (-len(item[1]), item[0]))
    chosen = []
    for _, said in ranked:
        best = min(said, key=lambda q: (not q.direct, -len(q.sources), not 40 <= len(q.text) <= QUOTE_CHARS,
                                        -len(q.text), q.article_id))
        chosen.append(best.model_copy(update={"text": clip(best.text, QUOTE_CHARS),
                                              "speaker_role": clip(best.speaker_role, ROLE_CHARS) if best.speaker_role else None}))
    return chosen


def _people(ctx: Context, new: set[str], since: float) -> list[DigestPerson]:
    """People all of whose articles are new: seen for the first time in this window."""
    if not new:
        return []
    marks = ",".join("?" * len(new))
    rows = ctx.repo.query(  # every article of the people in the new ones, to see whether any is older
        "SELECT ap.person_id, ap.article_id, l.first_seen FROM article_people ap"
        " JOIN article_log l ON l.article_id = ap.article_id WHERE ap.person_id IN"
        f" (SELECT person_id FROM article_people WHERE article_id IN ({marks}) AND person_id IS NOT NULL)",
        sorted(new),
    )
    articles: dict[int, set[str]] = {}
    old: set[int] = set()
    for r in rows:
        articles.setdefault(r["person_id"], set()).add(r["article_id"])
        if r["first_seen"] <= since:
            old.add(r["person_id"])
    people = []
    for pid, seen_in in articles.items():
        person = ctx.persons_by_id.get(pid)
        if pid in old or person is None or person.is_org or not (seen_in & new):
            continue
        people.append((person, sorted(seen_in & new)))
    people.sort(key=lambda item: (-item[0].mentions, item[0].name))
    return [
        DigestPerson(name=p.name, role=clip(p.roles[0], ROLE_CHARS) if p.roles else None, articles=ids)
        for p, ids in people
    ]


def _more(quotes: list[Quote], people: list[DigestPerson], topic: str | None) -> list[str]:
    names: list[str] = []
    for name in [q.speaker for q in quotes if q.speaker] + [p.name for p in people]:
        if name not in names:
            names.append(name)
    more = [f"/who {name}" for name in names[:2]]
    more.append(f"/timeline {topic}" if topic else "/timeline")
    return more


# ---- what an entry takes ------------------------------------------------------------------------------------


def _sources_of(ctx: Context, ids: list[str]) -> list[Citation]:
    return [ctx.articles[a].citation() for a in ids if a in ctx.articles]


def _story_cost(s: DigestStory) -> int:
    return LINE_CHARS + len(s.title) + len(outlets.label(s.articles)) + 13 + (10 if s.updated else 0)


def _event_cost(ctx: Context, e: Event) -> int:
    when = len(e.date) + (len(e.end_date) + 1 if e.end_date else 0) + (8 if e.precision == "week" else 0)
    return LINE_CHARS + when + (10 if e.planned else 0) + len(e.text) + len(outlets.label(_sources_of(ctx, e.sources)))


def _quote_cost(ctx: Context, q: Quote) -> int:
    who = len(q.speaker or "") + (len(q.speaker_role) + 3 if q.speaker_role else 0)
    return LINE_CHARS + who + len(q.text) + 6 + len(outlets.label(_sources_of(ctx, q.sources or [q.article_id])))


def _person_cost(p: DigestPerson) -> int:
    return len(p.name) + (len(p.role) + 3 if p.role else 0) + 2
