"""Answer models to plain terminal text (one renderer per platform; this is the console's)."""
from __future__ import annotations

import textwrap

from adapters.wording import digest_notes, digest_title, published_label, speaker_label, story_line, subscription_line
from bot import models as m

WIDTH = 88


def render(answer) -> str:
    handler = _RENDERERS.get(type(answer))
    return handler(answer) if handler else str(answer)


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def _sources(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def _quote(q: m.Quote) -> str:
    who = speaker_label(q)
    marks = ("“", "”") if q.direct else ("", "")
    head = f"- {who}, {q.date or 'undated'} {_sources(q.sources or [q.article_id])}" + ("" if q.direct else " — reported")
    return head + "\n" + _wrap(f"{marks[0]}{q.text}{marks[1]}", "    ")


def _person(a: m.PersonAnswer) -> str:
    p = a.person
    lines = [p.name + (" (organisation)" if p.is_organisation else "")]
    if p.aliases:
        lines.append("  also: " + ", ".join(p.aliases))
    if p.roles:
        lines.append("  roles: " + "; ".join(p.roles[:6]))
    if p.affiliation:
        lines.append("  affiliation: " + p.affiliation)
    lines.append("  articles: " + ", ".join(p.articles))
    if p.related:
        lines.append("  appears with: " + ", ".join(p.related))
    if p.quotes:
        lines.append(f"  quotes ({len(p.quotes)}):")
        lines.extend("  " + line for q in p.quotes for line in _quote(q).splitlines())
    return "\n".join(lines)


def _choices(a: m.ChoicesAnswer) -> str:
    return a.message + "\n" + "\n".join(f"  - {c}" for c in a.choices)


def _not_found(a: m.NotFoundAnswer) -> str:
    text = a.message
    if a.suggestions:
        text += "\nDid you mean: " + ", ".join(a.suggestions) + "?"
    return text


def _quotes(a: m.QuotesAnswer) -> str:
    return "\n".join(_quote(q) for q in a.quotes)


def _timeline(a: m.TimelineAnswer) -> str:
    lines = []
    for e in a.events:
        when = e.date + (f"…{e.end_date}" if e.end_date else "")
        lines.append(f"{when:<12} {_sources(e.sources)}")
        lines.append(_wrap(e.text, "    "))
    return "\n".join(lines)


def _search(a: m.SearchAnswer) -> str:
    lines = []
    for i, h in enumerate(a.results, 1):
        lines.append(f"{i}. {h.title} — {h.outlet or 'unknown outlet'}, {h.published or 'undated'} [{h.article_id}]")
        lines.append(_wrap(h.snippet, "   "))
    return "\n".join(lines)


def _sources_list(a: m.SourcesAnswer) -> str:
    lines = []
    for s in a.articles:
        when = published_label(s)
        story = f" story {s.story}" if s.story_size > 1 else ""
        lines.append(f"{s.article_id}  {when:<22} {s.outlet or '-':<12} {s.title}{story}")
    return "\n".join(lines)


def _help(a: m.HelpAnswer) -> str:
    lines = ["Commands:"]
    for c in a.commands:
        lines.append(f"  {c.usage}\n      {c.summary}\n      e.g. {c.example}")
    return "\n".join(lines)


def _answer(a: m.TextAnswer) -> str:
    lines = [a.text]
    for i, c in enumerate(a.citations, 1):
        lines.append(f"  [{i}] {c.title} — {c.outlet or 'unknown outlet'}, {c.published or 'undated'} ({c.article_id})")
    return "\n".join(lines)


def _error(a: m.ErrorAnswer) -> str:
    return "error: " + a.message


def _digest(a: m.DigestAnswer) -> str:
    lines = [digest_title(a)] + ["  " + note for note in digest_notes(a)]
    if a.stories:
        lines.append(f"New articles ({sum(len(s.articles) for s in a.stories)}):")
        for s in a.stories:
            lines.append(textwrap.fill(story_line(s), WIDTH, initial_indent="  - ", subsequent_indent="    "))
            lines.append("      " + _sources([c.article_id for c in s.articles]))
    if a.events:
        lines.append("New on the timeline:")
        for e in a.events:
            when = e.date + (f"…{e.end_date}" if e.end_date else "")
            lines.append(f"  {when:<12} {_sources(e.sources)}")
            lines.append(_wrap(e.text, "      "))
    if a.quotes:
        lines.append("Quotes:")
        lines.extend("  " + line for q in a.quotes for line in _quote(q).splitlines())
    if a.people:
        lines.append("First seen:")
        for p in a.people:
            lines.append(f"  - {p.name}" + (f" ({p.role})" if p.role else "") + " " + _sources(p.articles))
    if a.more:
        lines.append("More: " + " · ".join(a.more))
    return "\n".join(lines)


def _subscriptions(a: m.SubscriptionsAnswer) -> str:
    return "\n".join([a.message] + ["  " + subscription_line(s) for s in a.subscriptions])


_RENDERERS = {
    m.PersonAnswer: _person,
    m.ChoicesAnswer: _choices,
    m.NotFoundAnswer: _not_found,
    m.QuotesAnswer: _quotes,
    m.TimelineAnswer: _timeline,
    m.SearchAnswer: _search,
    m.SourcesAnswer: _sources_list,
    m.HelpAnswer: _help,
    m.TextAnswer: _answer,
    m.ErrorAnswer: _error,
    m.DigestAnswer: _digest,
    m.SubscriptionsAnswer: _subscriptions,
}
