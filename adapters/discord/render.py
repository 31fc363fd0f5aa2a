"""Layouts as Discord embeds: Discord's renderer.

``render(answer)`` returns the answer as pages, one ``discord.Embed`` per page.
Two guarantees hold for any corpus, because Discord refuses the whole message
(HTTP 400, and the user gets nothing) when one is broken:

- every page is within Discord's embed limits (title 256, description 4096,
  25 fields of 256/1024, footer 2048, 6000 characters per message), long
  lists being spread over pages (``adapters.layout.pages``) rather than cut;
- every text node is escaped here, one line at a time with the markup put in
  after (``adapters.layout.markup``): markdown is escaped and no mention,
  channel, command or timestamp token (``@everyone``, ``<@id>``, ``<t:1:R>``)
  and no masked link can form, so article text never pings anyone, hides a
  link or breaks the layout.

The head of a layout becomes the embed's title and description; its entries
become fields, the same on every page.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import discord
from discord.utils import escape_markdown, escape_mentions

from adapters.discord import texts
from adapters.layout import layout
from adapters.layout import nodes as n
from adapters.layout.markup import URL_SCHEME, Piece, assemble, link_target
from adapters.layout.pages import split

__all__ = ["render", "clean", "batches", "NO_MENTIONS", "MESSAGE_LIMIT", "EMBEDS_PER_MESSAGE"]

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
MESSAGE_LIMIT = 6000  # characters across every embed of one message
EMBEDS_PER_MESSAGE = 10
LIST_LIMIT = 600  # one list in a card (articles, aliases): the rest is counted, not shown
IDS_LIMIT = 300  # the article ids of one entry
_MORE_ROOM = 16  # room for " (+123 more)"
_FOOTER_ROOM = 32  # room for the page footer, "Page 12/345"
# Fields per page for the answers whose entries are long: a page stays readable on a phone.
PER_PAGE = {"person": 5, "quotes": 5, "timeline": 8, "search": 5, "sources": 10, "answer": 10}

COLOURS = {n.Tone.NORMAL: 0x5865F2, n.Tone.WARNING: 0xFEE75C, n.Tone.FAILURE: 0xED4245, n.Tone.MUTED: 0x99AAB5}

# Sent with every message that carries article text (on the wire: {"parse": []}): even text that
# escaped ``clean`` cannot ping anyone.
NO_MENTIONS = discord.AllowedMentions.none()

# A "<" that could open a Discord token gets a zero-width space after it: <@id>, <@!id>, <@&id>, <#id>, </cmd:id>,
# <:emoji:id>, <a:emoji:id>, <t:timestamp:style>, <id:browse>, an autolink <https://…>; a placeholder for markup
# may stand inside.
_TOKEN_START = re.compile(r"<(?=[\ue000-\uf8ff]*(?:[@#/:]|[A-Za-z][\w+.-]*[\ue000-\uf8ff]*:))")
_BROADCAST = re.compile(r"@(?=[\ue000-\uf8ff]+(?:everyone|here))")  # escape_mentions sees "@everyone" only whole


def render(answer) -> list[discord.Embed]:
    """The pages of one answer model, each a complete embed within Discord's limits."""
    doc = layout(answer)
    lines: list[str] = []
    fields: list[_Field] = []
    for node in (*doc.head, *doc.items):
        for part in BLOCKS[type(node)](node):
            (fields if isinstance(part, _Field) else lines).append(part)
    description = _joined(lines, DESCRIPTION_LIMIT, "\n") if lines else None
    title = next((fit(clean(h.text), TITLE_LIMIT) for h in doc.head if isinstance(h, n.Heading)), None)
    return _pages(title, description, fields, per_page=PER_PAGE.get(doc.kind, FIELDS_LIMIT), colour=COLOURS[doc.tone])


def clean(text: str) -> str:
    """Article or user text made inert: markdown escaped, no mention, token, masked link or bare link can form.

    A backslash of the text is escaped too (``escape_markdown`` does), so it cannot escape markup put in after;
    the ":" of "https://" is escaped, so an address is shown, not linked (Discord links only a scheme it sees
    whole).
    """
    text = escape_mentions(escape_markdown(text, ignore_links=False))
    text = _BROADCAST.sub("@\u200b", _TOKEN_START.sub("<\u200b", text))
    text = URL_SCHEME.sub("\\:", text)
    return text.replace("](", "]\\(")  # what is left of a masked link cannot close: "[a](b)" is escaped already


def fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, never ending on a lone escape."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip().rstrip("\\") + "…"


def batches(pages: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Pages grouped into as few messages as Discord accepts (10 embeds, 6000 characters each)."""
    return split(pages, len, count=EMBEDS_PER_MESSAGE, room=MESSAGE_LIMIT) if pages else []


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
    description = fit(description, DESCRIPTION_LIMIT) if description else None
    base = len(title or "") + len(description or "") + _FOOTER_ROOM
    chunks = split(fields, len, count=min(per_page, FIELDS_LIMIT), room=MESSAGE_LIMIT, first=(0, base))
    pages = []
    for number, chunk in enumerate(chunks, 1):
        embed = discord.Embed(title=title, description=description, colour=colour)
        for field in chunk:
            embed.add_field(name=field.name, value=field.value, inline=False)
        if len(chunks) > 1:
            embed.set_footer(text=texts.PAGE.format(number=number, total=len(chunks)))
        pages.append(embed)
    return pages


# -- text ----------------------------------------------------------------------

_MARKUP = {n.Mark.STRONG: "**", n.Mark.EMPHASIS: "*", n.Mark.HIGHLIGHT: "**"}


def _code(text: str) -> str:
    """An identifier (article id, command) shown verbatim: inside a code span nothing is markup."""
    return "`" + text.replace("`", "'") + "`"


def _pieces(content: n.Inline, marks: bool) -> list[Piece]:
    pieces: list[Piece] = []
    for part in content:
        if isinstance(part, n.Span):
            if part.mark in (n.Mark.CODE, n.Mark.COMMAND):
                pieces.append((_code(part.text), "", "", True))
            else:
                mark = _MARKUP.get(part.mark, "") if marks else ""
                pieces.append((part.text, mark, mark, False))
        elif isinstance(part, n.Refs):
            pieces.append((_ids(part.ids), "", "", True))
        else:
            pieces.append((_joined(part.values, LIST_LIMIT, part.sep, escape=clean), "", "", True))
    return pieces


def markdown(content: n.Inline, marks: bool = True) -> str:
    """Inline content as Discord markdown, escaped as one text; without ``marks`` (a field name is bold already)."""
    return assemble(_pieces(content, marks), clean)


def _text(*parts: str | n.Span | n.Refs | n.Items, marks: bool = True) -> str:
    return markdown(n.spans(*parts), marks)


def _joined(items: Sequence[str], limit: int, sep: str = ", ", escape: Callable[[str], str] = str) -> str:
    """Items joined up to ``limit`` characters, then escaped as one text; the rest is counted ("+3 more")."""
    shown: list[str] = []
    size = 0
    for item in items:
        size += len(item) + (len(sep) if shown else 0)
        if shown and size > limit - _MORE_ROOM:
            break
        shown.append(fit(item, limit - _MORE_ROOM))
    hidden = len(items) - len(shown)
    return escape(sep.join(shown)) + (f" (+{hidden} more)" if hidden else "")


def _ids(article_ids: Sequence[str]) -> str:
    return _joined([_code(i) for i in article_ids], IDS_LIMIT)


def _label(label: str, count: int | None = None) -> str:
    return label[:1].upper() + label[1:] + (f" ({count})" if count is not None else "")


def _with_sources(text: str, sources: str) -> str:
    """Escaped ``text``, then the sources line, together within one field value."""
    return f"{fit(text, FIELD_VALUE_LIMIT - len(sources) - 1)}\n{sources}"


def _where(c: n.Citation) -> str:
    return _text(f"{c.outlet or 'unknown outlet'}, {c.published or 'undated'}") + " · " + _code(c.article_id)


def _linked(c: n.Citation) -> str:
    """``[title](url) — `` before the details when the article's address is a web address."""
    url = link_target(c.url)
    return f"[{_text(c.title)}]({url}) — " if url else ""


# -- nodes ---------------------------------------------------------------------


def _quotation(q: n.Quotation) -> list[_Field]:
    name = markdown(q.attribution, marks=False) + ("" if q.direct else " — indirect")
    return [_Field.of(name, _with_sources(_text(f"“{q.text}”" if q.direct else q.text), _ids(q.refs.ids)))]


def _story(s: n.Story) -> list[_Field]:
    outlets = ", ".join(f"{c.outlet or 'unknown outlet'} {c.published or 'undated'}" for c in s.articles)
    value = _text(outlets + (" (updated)" if s.updated else "")) + "\n" + _ids([c.article_id for c in s.articles])
    return [_Field.of(_text(s.title, marks=False), value)]


def _section(s: n.Section) -> list[_Field]:
    """Its list items as one field; its entries as fields of their own, named with the section's label."""
    items = [_list_item(c) for c in s.children if isinstance(c, n.ListItem)]
    fields = [_Field.of(_text(_label(s.label, s.count)), _joined(items, FIELD_VALUE_LIMIT, "\n"))] if items else []
    for child in s.children:
        if not isinstance(child, n.ListItem):
            fields += [_Field.of(f"{_text(_label(s.label))}: {f.name}", f.value) for f in BLOCKS[type(child)](child)]
    return fields


def _row(r: n.ArticleRow) -> list[_Field]:
    value = f"{_code(r.article_id)} · " + _text(f"{r.when} · {r.outlet or '-'}")
    if r.story:
        value += f" · story {_code(r.story)} ({r.story_size} articles)"
    return [_Field.of(_text(r.title, marks=False), value)]


def _list_item(li: n.ListItem) -> str:
    return "• " + (f"{clean(li.number)} " if li.number else "") + markdown(li.content)


BLOCKS: dict[type, Callable[..., list]] = {  # each node as lines of the description (str) and fields
    n.Heading: lambda h: [],  # the title: see render()
    n.Line: lambda line: [markdown(line.content)],
    n.Note: lambda note: [markdown(note.content)],
    n.Caption: lambda caption: [markdown(caption.content)],
    n.Field: lambda f: [f"**{_text(_label(f.label))}:** " + fit(markdown(f.content), LIST_LIMIT)],
    n.ListItem: lambda li: [_list_item(li)],
    n.Section: lambda s: _section(s) if s.children else [f"**{_text(_label(s.label, s.count))}**"],
    n.Quotation: _quotation,
    n.Event: lambda e: [_Field.of(_text(e.when, marks=False), _with_sources(_text(e.text), _ids(e.refs.ids)))],
    n.Citation: lambda c: [_Field.of(f"[{c.number}] " + _text(c.title, marks=False), _linked(c) + _where(c))],
    n.Hit: lambda h: [_Field.of(
        f"{h.citation.number}. " + _text(h.citation.title, marks=False),
        _linked(h.citation) + _where(h.citation) + "\n" + markdown(h.snippet))],
    n.Story: _story,
    n.ArticleRow: _row,
    n.Usage: lambda u: [_Field.of(_code(u.usage), _text(u.summary) + f"\ne.g. {_code(u.example)}")],
}
