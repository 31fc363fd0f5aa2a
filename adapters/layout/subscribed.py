"""Layouts of what subscribed channels get: digests, and the list of subscriptions."""
from __future__ import annotations

from bot import models as m

from adapters.layout.entries import event, quotation
from adapters.layout.nodes import Citation, Field, Heading, Layout, Line, ListItem, Mark, Note, Refs, Section, Span, Story, Tone, spans


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
    """Everything in the head: a digest is posted as one message."""
    head: list = [Heading(_title(d)), *(Note(spans(n)) for n in _notes(d))]
    if d.stories:
        stories = tuple(
            Story(s.title, tuple(Citation(c.title, c.outlet, c.published, c.article_id) for c in s.articles), s.updated)
            for s in d.stories
        )
        head.append(Section("New articles", sum(len(s.articles) for s in d.stories), stories))
    if d.events:
        head.append(Section("New on the timeline", children=tuple(event(e) for e in d.events)))
    if d.quotes:
        head.append(Section("Quotes", children=tuple(quotation(q) for q in d.quotes)))
    if d.people:
        people = tuple(
            ListItem(spans(p.name, f" ({p.role})" if p.role else "", " ", Refs(tuple(p.articles)))) for p in d.people
        )
        head.append(Section("First seen", children=people))
    if d.more:
        commands: list = []
        for i, command in enumerate(d.more):
            commands += [" · "] * bool(i) + [Span(command, Mark.COMMAND)]
        head.append(Field("More", spans(*commands)))
    return Layout(d.kind, tuple(head), tone=Tone.MUTED if d.empty else Tone.NORMAL)


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
