"""The timeline's events, read grouped: one entry per event, every article that tells it as a source.

The grouped timeline is built once per index generation and cached on the
context; ``/timeline`` narrows it, the digests take what is new from it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from bot.models import Event
from bot.query.context import Context


# the dates of one happening told at several precisions: the finest leads the entry
_FINENESS = {"day": 0, "range": 1, "week": 2, "month": 3, "season": 4, "quarter": 5, "year": 6}


@dataclass(frozen=True)
class Group:
    id: int
    event: Event


def groups_for(ctx: Context) -> list[Group]:
    cached = ctx.__dict__.get("timeline_groups")
    if cached is not None and cached[0] is ctx.articles:
        return cached[1]
    rows = ctx.repo.query(
        "SELECT e.id, e.article_id, e.date, e.precision, e.end_date, e.text, e.people, e.places, e.planned,"
        " COALESCE(e.group_id, e.id) AS gid FROM events e ORDER BY e.date, e.article_id, e.start, e.id"
    )
    members: dict[int, list] = {}
    for r in rows:
        members.setdefault(r["gid"], []).append(r)
    groups: list[Group] = []
    for gid, items in members.items():
        # the finest date told as having happened, from a dated article, in a statement of some length
        lead = min(items, key=lambda r: (_FINENESS.get(r["precision"], len(_FINENESS)), bool(r["planned"]),
                                         _inferred(ctx, r["article_id"]), len(r["text"]) < 40, r["article_id"]))
        people: list[str] = []
        places: list[str] = []
        for r in items:
            for name in json.loads(r["people"]):
                if name not in people and not any(name in p for p in people):
                    people.append(name)
            for place in json.loads(r["places"]):
                if place not in places:
                    places.append(place)
        groups.append(
            Group(
                gid,
                Event(
                    date=lead["date"],
                    precision=lead["precision"],
                    end_date=lead["end_date"],
                    text=lead["text"],
                    people=people,
                    places=places,
                    sources=sorted({r["article_id"] for r in items}),
                    planned=all(r["planned"] for r in items),
                    citations=[ctx.articles[a].citation() for a in sorted({r["article_id"] for r in items})
                               if a in ctx.articles],
                ),
            )
        )
    groups.sort(key=lambda g: (g.event.date, g.event.sources[0], g.id))
    ctx.__dict__["timeline_groups"] = (ctx.articles, groups)
    return groups


def _inferred(ctx: Context, article_id: str) -> bool:
    meta = ctx.articles.get(article_id)
    return bool(meta and meta.inferred)
