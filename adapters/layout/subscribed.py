"""Layouts of what subscribed channels get: digests, and the list of subscriptions."""
from __future__ import annotations

from bot import models as m
from bot.digest import outlets

from adapters.layout.entries import event
from adapters.layout.nodes import Field, Heading, Layout, Line, ListItem, Mark, Note, Section, Span, Tone, spans


def _when(iso: str) -> str:
    """"2026-11-20T14:13:17+00:00" → "2026-11-20 14:13 UTC"."""
    return iso[:16].replace("T", " ") + (" UTC" if iso.endswith("+00:00") else iso[19:])


def _title(d: m.DigestAnswer) -> str:
    """"Digest for #general on “Witkoff”"."""
    where = f" for {d.channel}" if d.channel else ""
    about = f" on “{d.topic}”" if d.topic else ""
    return ("Preview: next digest" if d.preview else "Digest") + where + about


def _notes(d: m.DigestAnswer) -> list[str]:
    """The lines under the heading: the window, a catch-up, the preview, or that nothing is new."""
    notes = [f"New since {_when(d.since)}" + (f" · {d.schedule}" if d.schedule else "")]
    if d.missed:
        notes.append(
            f"Catching up: the bot was offline for {d.missed} scheduled digest{'s' if d.missed > 1 else ''}; "
            "this one covers the whole gap."
        )
    if d.preview:
        notes.append("A preview: nothing is marked as sent, and the scheduled digest is not affected.")
    if d.empty:
        notes.append("Nothing new" + (f" on “{d.topic}”" if d.topic else "") + " in the articles since then.")
    return notes


def digest(d: m.DigestAnswer) -> Layout:
    """Everything in the head: a digest is posted as one message. One line per entry, its outlets at the end; what
    the digest left out is counted ("… and 33 more stories")."""
    head: list = [Heading(_title(d)), *(Note(spans(n)) for n in _notes(d))]
    cited = {c.article_id: c for c in d.sources}

    def carried(ids: list[str]) -> str:
        return outlets.label([cited[i] for i in ids if i in cited] or
                             [m.Citation(article_id=i, title="") for i in ids])

    if d.stories or d.story_count:
        items = [ListItem(spans(s.title, " — ", outlets.label(s.articles), _dated(s), " (updated)" if s.updated else ""))
                 for s in d.stories]
        rest = d.story_count - len(d.stories)
        if rest > 0:
            hidden = max(d.article_count - sum(len(s.articles) for s in d.stories), 0)
            items.append(_rest(f"and {rest} more stor{'y' if rest == 1 else 'ies'}"
                               + (f", {hidden} article{'' if hidden == 1 else 's'}" if hidden else "")))
        head.append(Section("New articles", max(d.article_count, sum(len(s.articles) for s in d.stories)), tuple(items)))
    if d.events or d.event_count:
        items = [ListItem(spans(Span(event(e).when, Mark.STRONG), " ", e.text, " — ", carried(e.sources)))
                 for e in d.events]
        rest = d.event_count - len(d.events)
        if rest > 0:
            items.append(_rest(f"and {rest} more", " (", Span("/timeline", Mark.COMMAND), ")"))
        head.append(Section(_timeline_label(d), max(d.event_count, len(d.events)), tuple(items)))
    if d.quotes or d.quote_count:
        items = [ListItem(spans(Span(q.speaker or "unattributed", Mark.STRONG),
                                f" ({q.speaker_role})" if q.speaker_role else "", ": ",
                                f"“{q.text}”" if q.direct else q.text, " — ", carried(q.sources or [q.article_id])))
                 for q in d.quotes]
        rest = d.quote_count - len(d.quotes)
        if rest > 0:
            items.append(_rest(f"and {rest} more speaker{'' if rest == 1 else 's'} quoted"))
        head.append(Section("Quotes", children=tuple(items)))
    if d.people or d.people_count:
        names = ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in d.people)
        rest = d.people_count - len(d.people)
        more = (" and " if names else "") + f"{rest} more" if rest > 0 else ""
        head.append(Field("First seen", spans(names + more)))
    if d.more:
        commands: list = []
        for i, command in enumerate(d.more):
            commands += [" · "] * bool(i) + [Span(command, Mark.COMMAND)]
        head.append(Field("More", spans(*commands)))
    return Layout(d.kind, tuple(head), tone=Tone.MUTED if d.empty else Tone.NORMAL)


def _rest(*parts) -> ListItem:
    """The line that counts what a section left out."""
    return ListItem(spans(*parts), number="…")


def _dated(s: m.DigestStory) -> str:
    latest = max((c.published for c in s.articles if c.published), default=None)
    return f" · {latest}" if latest else ""


def _timeline_label(d: m.DigestAnswer) -> str:
    """"On the timeline, 2026-02-04 to 2026-02-26": the days its events lie within."""
    if not d.dated_from or not d.dated_to:
        return "On the timeline"
    days = d.dated_from if d.dated_from == d.dated_to else f"{d.dated_from} to {d.dated_to}"
    return f"On the timeline, {days}"


def _subscription(s: m.Subscription) -> ListItem:
    """"#3 #general: daily at 09:00 (Europe/Berlin), on “Witkoff”; next 2026-11-22 09:00+01:00", or for a stored
    schedule that cannot run, "#4 #news: cron 0 0 30 2 * (UTC): invalid, not posted (…); unsubscribe it"."""
    about = f", on “{s.topic}”" if s.topic else ""
    if s.invalid:
        return ListItem(
            spans(f"{s.channel_name or s.channel}: {s.schedule}{about}: invalid, not posted ({s.invalid}); "
                  f"unsubscribe it and subscribe again"),
            number=f"#{s.id}",
        )
    nxt = f"; next {s.next_at.replace('T', ' ')}" if s.next_at else ""
    return ListItem(spans(f"{s.channel_name or s.channel}: {s.schedule}{about}{nxt}"), number=f"#{s.id}")


def subscriptions(a: m.SubscriptionsAnswer) -> Layout:
    return Layout(a.kind, (Line(spans(a.message)), *(_subscription(s) for s in a.subscriptions)))


def _feed(f: m.FeedInfo) -> ListItem:
    """"#2 Example News (https://example.com/feed.xml): failing; last error HTTP 404 …; next poll …"."""
    parts = [f"{f.title} ({f.url})" if f.title else f.url, f": {f.state}"]
    if f.articles:
        parts.append(f", {f.articles} article{'s' if f.articles != 1 else ''}")
    if f.last_success:
        parts.append(f"; last success {f.last_success}")
    if f.last_error:
        parts.append(f"; {'stopped' if f.state == 'disabled' else 'last error'}: {f.last_error}")
    if f.next_poll and f.state != "disabled":
        parts.append(f"; next poll {f.next_poll}")
    return ListItem(spans("".join(parts)), number=f"#{f.number}")


def feeds(a: m.FeedsAnswer) -> Layout:
    """/feed and /add: the message, the feeds, the article indexed."""
    blocks: list = [Line(spans(a.message))]
    blocks += [_feed(f) for f in a.feeds]
    blocks += [Field("Indexed as", spans(f"{c.article_id} · {c.url}" if c.url else c.article_id)) for c in a.articles]
    return Layout(a.kind, tuple(blocks))
