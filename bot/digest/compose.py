"""A digest: what the articles first seen in a time window add, as one ``DigestAnswer``.

New articles are grouped by story; events are those whose every report is
new (an event already on the timeline is not news again); quotes are grouped
by speaker, named speakers first; people are those seen for the first time.
A topic keeps only the articles that match it (full-text words, or a person
named by the topic) and what they carry.
"""
from __future__ import annotations

from datetime import datetime, timezone

from bot.models import DigestAnswer, DigestPerson, DigestStory, Quote
from bot.query.context import Context
from bot.query.event_rows import groups_for
from bot.query.person_match import index_for
from bot.query.quote_rows import QUOTE_SELECT, to_quotes
from bot.store.digest_store import DigestStore, NewsWindow
from bot.store.fulltext import Match

MAX_STORIES = 10
MAX_EVENTS = 8
MAX_SPEAKERS = 5
QUOTES_PER_SPEAKER = 2
MAX_PEOPLE = 10


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds")


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
    quotes = _quotes(ctx, new + changed)
    people = _people(ctx, set(new), window.since)
    return DigestAnswer(
        channel=channel,
        schedule=schedule,
        topic=topic,
        since=iso(window.since),
        until=iso(window.until),
        preview=preview,
        missed=missed,
        stories=_stories(ctx, new, updated=False) + _stories(ctx, changed, updated=True),
        events=_events(ctx, set(new), set(changed)),
        quotes=quotes,
        people=people,
        more=_more(quotes, people, topic),
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


def _stories(ctx: Context, ids: list[str], updated: bool) -> list[DigestStory]:
    by_story: dict[str, list[str]] = {}
    for article_id in ids:
        by_story.setdefault(ctx.articles[article_id].story, []).append(article_id)
    stories = []
    for members in by_story.values():
        metas = sorted((ctx.articles[a] for a in members), key=lambda m: (m.published or "", m.id))
        stories.append(
            DigestStory(
                title=metas[0].title,
                articles=[m.citation() for m in metas],
                updated=updated,
            )
        )
    stories.sort(key=lambda s: (len(s.articles), max(c.published or "" for c in s.articles)), reverse=True)
    return stories[:MAX_STORIES]


def _events(ctx: Context, new: set[str], changed: set[str]):
    """Events reported only by new or changed articles: one already on the timeline is not news."""
    fresh = new | changed
    events = [g.event for g in groups_for(ctx) if set(g.event.sources) <= fresh and set(g.event.sources) & fresh]
    events.sort(key=lambda e: (e.date, e.sources[0]))
    return events[-MAX_EVENTS:]


def _quotes(ctx: Context, ids: list[str]) -> list[Quote]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = ctx.repo.query(
        QUOTE_SELECT + f" WHERE q.article_id IN ({marks}) ORDER BY q.article_id, q.start, q.id", ids
    )
    quotes = to_quotes(ctx, rows)
    by_speaker: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.speaker:  # an unattributed quote is not shown in a digest: nobody to put it to
            by_speaker.setdefault(q.speaker, []).append(q)
    ranked = sorted(by_speaker.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_SPEAKERS]
    chosen: list[Quote] = []
    for _, said in ranked:
        said = sorted(said, key=lambda q: (not q.direct, -len(q.sources), -len(q.text)))
        chosen.extend(said[:QUOTES_PER_SPEAKER])
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
        DigestPerson(name=p.name, role=p.roles[0] if p.roles else None, articles=ids) for p, ids in people[:MAX_PEOPLE]
    ]


def _more(quotes: list[Quote], people: list[DigestPerson], topic: str | None) -> list[str]:
    names: list[str] = []
    for name in [q.speaker for q in quotes if q.speaker] + [p.name for p in people]:
        if name not in names:
            names.append(name)
    more = [f"/who {name}" for name in names[:2]]
    more.append(f"/timeline {topic}" if topic else "/timeline")
    return more
