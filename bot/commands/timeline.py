"""/timeline [topic or name] [from:YYYY-MM-DD] [to:YYYY-MM-DD]: dated events in order.

Events are read grouped (one entry per event, every article that tells it as a
source). The grouped timeline is built once per index generation and cached;
a topic narrows it through the events' full-text index.
"""
from __future__ import annotations

import re
from datetime import date

from bot import errors
from bot.commands.request import Request
from bot.models import Event, NotFoundAnswer, TimelineAnswer
from bot.query import featured
from bot.query.context import Context
from bot.query.event_rows import groups_for, select
from bot.query.person_match import index_for
from bot.query.terms import content_words
from bot.store.fulltext import Match

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def run(ctx: Context, req: Request):
    start = _date_option(req, "from")
    end = _date_option(req, "to")
    if start and end and start > end:
        raise errors.UserError(errors.BAD_RANGE.format(start=start, end=end))
    if req.text:
        chosen = select(ctx, _matching_groups(ctx, req.text))
    else:
        chosen = list(groups_for(ctx))
    events = [e for e in (g.cited(ctx.articles) for g in chosen) if _in_range(e, start, end)]
    if not events:
        if req.text:
            return NotFoundAnswer(message=errors.NO_EVENTS.format(topic=req.text))
        return NotFoundAnswer(message=errors.NO_EVENTS_RANGE)
    chosen = featured.timeline(events, featured.shown("events"), start, end)
    return TimelineAnswer(query=req.text, events=events, featured=chosen)


def _matching_groups(ctx: Context, topic: str) -> set[int]:
    words = content_words(topic)
    alternatives = [ctx.vocabulary.expand(w) for w in words]
    match = index_for(ctx).match(topic)
    if len(match.found) == 1:
        person = match.found[0]
        # surnames only: a shared first name ("Vladimir") must not bring in another person's events
        names = {alias.split()[-1].lower() for alias in (person.name, *person.aliases) if alias.split()}
        alternatives = [sorted(set(a) | {n for n in names if n.isalpha()}) for a in alternatives]
    match = Match.of(alternatives, mode="AND")
    if match is None:
        return set()
    matching, params = ctx.repo.fulltext.matching("events", match)
    rows = ctx.repo.query(
        f"SELECT DISTINCT COALESCE(e.group_id, e.id) AS gid FROM ({matching}) f JOIN events e ON e.id = f.id", params
    )
    return {r["gid"] for r in rows}


def _date_option(req: Request, name: str) -> str | None:
    value = req.options.get(name)
    if value is None:
        return None
    if not _DATE.match(value) or not _valid(value):
        raise errors.UserError(errors.BAD_DATE.format(option=name, value=value))
    return value


def _valid(value: str) -> bool:
    padded = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    try:
        date.fromisoformat(padded)
    except ValueError:
        return False
    return True


def _in_range(event: Event, start: str | None, end: str | None) -> bool:
    if start and (event.end_date or event.date) < start[: len(event.date)]:
        return False
    if end and event.date[: len(end)] > end[: len(event.date)]:
        return False
    return True
