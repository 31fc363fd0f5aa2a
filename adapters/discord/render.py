"""Answer models to Discord embeds: the Discord counterpart of ``console_render``.

``render(answer)`` returns the answer as pages, one ``discord.Embed`` per page,
showing what the console shows for each answer kind. Two guarantees hold for
any corpus, because Discord refuses the whole message (HTTP 400, and the user
gets nothing) when one is broken:

- every page is within Discord's embed limits (title 256, description 4096,
  25 fields of 256/1024, footer 2048, 6000 characters per message), long
  lists being spread over pages rather than cut;
- every string that comes from an article or from the user goes through
  ``clean``: markdown is escaped and no mention (``@everyone``, ``<@id>``)
  can form, so article text never pings anyone or breaks the layout.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord
from discord.utils import escape_markdown, escape_mentions

from adapters.discord import texts
from adapters.wording import digest_notes, digest_title, published_label, speaker_label, story_line, subscription_line
from bot import models as m

__all__ = ["render", "clean", "batches", "NO_MENTIONS", "MESSAGE_LIMIT", "EMBEDS_PER_MESSAGE"]

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
MESSAGE_LIMIT = 6000  # characters across every embed of one message
EMBEDS_PER_MESSAGE = 10
LIST_LIMIT = 600  # one list in a card (articles, aliases): the rest is counted, not shown
_MORE_ROOM = 16  # room for " (+123 more)"
_FOOTER_ROOM = 32  # room for the page footer, "Page 12/345"

BRAND = 0x5865F2
WARNING = 0xFEE75C
FAILURE = 0xED4245
MUTED = 0x99AAB5

# Sent with every message that carries article text (on the wire: {"parse": []}): even text that
# escaped ``clean`` cannot ping anyone.
NO_MENTIONS = discord.AllowedMentions.none()

# What would still form a Discord token after escaping: <@id>, <@!id>, <@&id>, <#id>, </cmd:id>, <:emoji:id>
_TOKEN_START = re.compile(r"<(?=[@#/:]|a:)")
# The core marks matched words in search snippets **like this** (a matched word holds no asterisk).
_HIGHLIGHT = re.compile(r"\*\*([^*]+)\*\*")


def render(answer) -> list[discord.Embed]:
    """The pages of one answer model, each a complete embed within Discord's limits."""
    renderer = _RENDERERS.get(type(answer))
    if renderer is None:
        raise TypeError(f"no Discord renderer for {type(answer).__name__}")
    return renderer(answer)


def clean(text: str) -> str:
    """Article or user text made inert: markdown escaped, no mention or channel token can form."""
    return _TOKEN_START.sub("<\u200b", escape_mentions(escape_markdown(text)))


def fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, never ending on a lone escape."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip().rstrip("\\") + "…"


def batches(pages: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Pages grouped into as few messages as Discord accepts (10 embeds, 6000 characters each)."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for page in pages:
        if not messages or len(messages[-1]) == EMBEDS_PER_MESSAGE or size + len(page) > MESSAGE_LIMIT:
            messages.append([])
            size = 0
        messages[-1].append(page)
        size += len(page)
    return messages


@dataclass(frozen=True)
class _Field:
    name: str
    value: str

    @classmethod
    def of(cls, name: str, value: str) -> "_Field":
        return cls(fit(name, FIELD_NAME_LIMIT) or "-", fit(value, FIELD_VALUE_LIMIT) or "-")

    def __len__(self) -> int:
        return len(self.name) + len(self.value)


def _pages(
    title: str | None, description: str | None, fields: Sequence[_Field], *, per_page: int, colour: int
) -> list[discord.Embed]:
    """One embed per page: the same title and description, the fields spread so each page fits.

    A title (256) plus a description (4096) plus one field (1280) plus the footer
    stays under 6000, so every page holds at least one field.
    """
    title = fit(title, TITLE_LIMIT) if title else None
    description = fit(description, DESCRIPTION_LIMIT) if description else None
    base = len(title or "") + len(description or "") + _FOOTER_ROOM
    per_page = min(per_page, FIELDS_LIMIT)
    chunks: list[list[_Field]] = [[]]
    size = base
    for field in fields:
        if chunks[-1] and (len(chunks[-1]) == per_page or size + len(field) > MESSAGE_LIMIT):
            chunks.append([])
            size = base
        chunks[-1].append(field)
        size += len(field)
    pages = []
    for number, chunk in enumerate(chunks, 1):
        embed = discord.Embed(title=title, description=description, colour=colour)
        for field in chunk:
            embed.add_field(name=field.name, value=field.value, inline=False)
        if len(chunks) > 1:
            embed.set_footer(text=texts.PAGE.format(number=number, total=len(chunks)))
        pages.append(embed)
    return pages


def _code(text: str) -> str:
    """An identifier (article id) shown verbatim: inside a code span nothing is markup."""
    return "`" + text.replace("`", "'") + "`"


def _joined(items: Sequence[str], limit: int, sep: str = ", ") -> str:
    """Items joined up to ``limit`` characters; the rest is counted, so a 300-article card stays readable."""
    shown: list[str] = []
    size = 0
    for item in items:
        size += len(item) + (len(sep) if shown else 0)
        if shown and size > limit - _MORE_ROOM:
            break
        shown.append(fit(item, limit - _MORE_ROOM))
    hidden = len(items) - len(shown)
    return sep.join(shown) + (f" (+{hidden} more)" if hidden else "")


def _ids(article_ids: Sequence[str]) -> str:
    return _joined([_code(i) for i in article_ids], 300)


def _with_sources(text: str, sources: str, marks: tuple[str, str] = ("", "")) -> str:
    """Cleaned ``text`` in its quote marks, then the sources line, together within one field value."""
    room = FIELD_VALUE_LIMIT - len(sources) - 1 - len(marks[0]) - len(marks[1])
    return f"{marks[0]}{fit(text, room)}{marks[1]}\n{sources}"


def _quote_field(q: m.Quote) -> _Field:
    who = clean(speaker_label(q))
    name = f"{who}, {q.date or 'undated'}" + ("" if q.direct else " — reported")
    marks = ("“", "”") if q.direct else ("", "")
    return _Field.of(name, _with_sources(clean(q.text), _ids(q.sources or [q.article_id]), marks))


def _titled(label: str, query: str) -> str:
    return f"{label}: {clean(query)}" if query else label


def _person(a: m.PersonAnswer) -> list[discord.Embed]:
    p = a.person
    lines = []
    if p.aliases:
        lines.append("**Also:** " + _joined([clean(x) for x in p.aliases], LIST_LIMIT))
    if p.roles:
        lines.append("**Roles:** " + _joined([clean(x) for x in p.roles[:6]], LIST_LIMIT, "; "))
    if p.affiliation:
        lines.append("**Affiliation:** " + fit(clean(p.affiliation), LIST_LIMIT))
    lines.append("**Articles:** " + _ids(p.articles))
    if p.related:
        lines.append("**Appears with:** " + _joined([clean(x) for x in p.related], LIST_LIMIT))
    if p.quotes:
        lines.append(f"**Quotes:** {len(p.quotes)}")
    title = clean(p.name) + (" (organisation)" if p.is_organisation else "")
    return _pages(title, "\n".join(lines), [_quote_field(q) for q in p.quotes], per_page=5, colour=BRAND)


def _choices(a: m.ChoicesAnswer) -> list[discord.Embed]:
    listing = _joined([f"• {clean(c)}" for c in a.choices], DESCRIPTION_LIMIT - 100, "\n")
    return _pages(clean(a.message), f"{listing}\n\n{texts.PICK_ONE}", [], per_page=1, colour=WARNING)


def _not_found(a: m.NotFoundAnswer) -> list[discord.Embed]:
    fields = []
    if a.suggestions:
        fields.append(_Field.of("Did you mean", _joined([clean(s) for s in a.suggestions], FIELD_VALUE_LIMIT)))
    return _pages(None, clean(a.message), fields, per_page=1, colour=WARNING)


def _quotes(a: m.QuotesAnswer) -> list[discord.Embed]:
    count = f"{len(a.quotes)} quote" + ("" if len(a.quotes) == 1 else "s")
    return _pages(_titled("Quotes", a.query), count, [_quote_field(q) for q in a.quotes], per_page=5, colour=BRAND)


def _timeline(a: m.TimelineAnswer) -> list[discord.Embed]:
    fields = [
        _Field.of(e.date + (f"…{e.end_date}" if e.end_date else ""), _with_sources(clean(e.text), _ids(e.sources)))
        for e in a.events
    ]
    count = f"{len(a.events)} event" + ("" if len(a.events) == 1 else "s")
    return _pages(_titled("Timeline", a.query), count, fields, per_page=8, colour=BRAND)


def _highlighted(snippet: str) -> str:
    """A search snippet with the core's ``**match**`` marks kept bold and everything else cleaned."""
    parts = _HIGHLIGHT.split(snippet)  # even indexes: plain text; odd: a matched word
    return "".join(f"**{clean(part)}**" if i % 2 else clean(part) for i, part in enumerate(parts) if part)


def _search(a: m.SearchAnswer) -> list[discord.Embed]:
    fields = [
        _Field.of(
            f"{i}. {clean(h.title)}",
            f"{clean(h.outlet) if h.outlet else 'unknown outlet'}, {h.published or 'undated'} · {_code(h.article_id)}\n"
            + _highlighted(h.snippet),
        )
        for i, h in enumerate(a.results, 1)
    ]
    count = f"{len(a.results)} article" + ("" if len(a.results) == 1 else "s")
    return _pages(_titled("Search", a.query), count, fields, per_page=5, colour=BRAND)


def _sources(a: m.SourcesAnswer) -> list[discord.Embed]:
    fields = []
    for s in a.articles:
        value = f"{_code(s.article_id)} · {published_label(s)} · {clean(s.outlet) if s.outlet else '-'}"
        if s.story_size > 1:
            value += f" · story {_code(s.story)} ({s.story_size} articles)"
        fields.append(_Field.of(clean(s.title), value))
    count = f"{len(a.articles)} article" + ("" if len(a.articles) == 1 else "s")
    return _pages("Sources", count, fields, per_page=10, colour=BRAND)


def _help(a: m.HelpAnswer) -> list[discord.Embed]:
    fields = [_Field.of(_code(c.usage), f"{c.summary}\ne.g. {_code(c.example)}") for c in a.commands]
    return _pages("Commands", None, fields, per_page=FIELDS_LIMIT, colour=BRAND)


def _answer(a: m.TextAnswer) -> list[discord.Embed]:
    fields = [
        _Field.of(
            f"[{i}] {clean(c.title)}",
            f"{clean(c.outlet) if c.outlet else 'unknown outlet'}, {c.published or 'undated'} · {_code(c.article_id)}",
        )
        for i, c in enumerate(a.citations, 1)
    ]
    return _pages(None, clean(a.text), fields, per_page=10, colour=BRAND if a.confident else MUTED)


def _error(a: m.ErrorAnswer) -> list[discord.Embed]:
    return _pages(None, clean(a.message), [], per_page=1, colour=FAILURE)


def _digest(a: m.DigestAnswer) -> list[discord.Embed]:
    fields = [
        _Field.of("New: " + clean(s.title), clean(story_line(s).removeprefix(s.title + " — ")) + "\n" + _ids([c.article_id for c in s.articles]))
        for s in a.stories
    ]
    fields += [
        _Field.of(
            "Timeline: " + e.date + (f"…{e.end_date}" if e.end_date else ""), _with_sources(clean(e.text), _ids(e.sources))
        )
        for e in a.events
    ]
    fields += [_quote_field(q) for q in a.quotes]
    if a.people:
        fields.append(
            _Field.of(
                "First seen",
                _joined([clean(p.name) + (f" ({clean(p.role)})" if p.role else "") for p in a.people], FIELD_VALUE_LIMIT, "\n"),
            )
        )
    if a.more:
        fields.append(_Field.of("More", " · ".join(_code(c) for c in a.more)))
    notes = "\n".join(clean(n) for n in digest_notes(a))
    return _pages(clean(digest_title(a)), notes, fields, per_page=FIELDS_LIMIT, colour=MUTED if a.empty else BRAND)


def _subscriptions(a: m.SubscriptionsAnswer) -> list[discord.Embed]:
    lines = [clean(a.message)] + ["• " + clean(subscription_line(s)) for s in a.subscriptions]
    return _pages(None, fit("\n".join(lines), DESCRIPTION_LIMIT), [], per_page=1, colour=BRAND)


_RENDERERS = {
    m.PersonAnswer: _person,
    m.ChoicesAnswer: _choices,
    m.NotFoundAnswer: _not_found,
    m.QuotesAnswer: _quotes,
    m.TimelineAnswer: _timeline,
    m.SearchAnswer: _search,
    m.SourcesAnswer: _sources,
    m.HelpAnswer: _help,
    m.TextAnswer: _answer,
    m.ErrorAnswer: _error,
    m.DigestAnswer: _digest,
    m.SubscriptionsAnswer: _subscriptions,
}
