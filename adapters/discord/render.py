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
become fields, the same on every page. A long answer's compact form (its brief)
is the first page, its footer saying how many more; the rest follows on the
pages after. An article is named by its title, a masked link ``[title](url)``
when its address is a web address, with outlet and date; never by its file name.
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
SOURCES_SHOWN = 3  # articles named under an entry before "+N more"
SOURCES_LIMIT = 600  # characters of them: a field keeps room for its text
URL_LIMIT = 400  # a longer address is not linked under an entry (it would crowd the field out)
LINKED_TITLE_LIMIT = 150
_MORE_ROOM = 16  # room for " (+123 more)"
FOOTER_MORE = 200  # what a compact first page's footer says it leaves out: "121 more quotes and 45 more articles"
_FOOTER_ROOM = 32 + FOOTER_MORE  # room for the page footer, "Page 12/345 · …"
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
    brief: list[_Field] = []
    for node in doc.head:
        for part in BLOCKS[type(node)](node):
            (fields if isinstance(part, _Field) else lines).append(part)
    if doc.compact:
        brief, rest = _entries(doc.shown(), lines), _entries(doc.rest(), [])
        fields, brief = fields + rest, fields + brief
    else:
        fields += _entries(doc.items, lines)
    description = _joined(lines, DESCRIPTION_LIMIT, "\n") if lines else None
    title = next((fit(clean(h.text), TITLE_LIMIT) for h in doc.head if isinstance(h, n.Heading)), None)
    more = fit(markdown(doc.more, marks=False), FOOTER_MORE) if doc.compact else None
    return _pages(title, description, fields, per_page=PER_PAGE.get(doc.kind, FIELDS_LIMIT), colour=COLOURS[doc.tone],
                  brief=brief, more=more)


def _entries(nodes: Sequence[n.Block], lines: list[str]) -> list[_Field]:
    """The fields of a layout's entries; a section label among them names the fields under it ("Articles: …"),
    other lines go to ``lines``."""
    fields: list[_Field] = []
    label = ""
    for node in nodes:
        if isinstance(node, n.Section) and not node.children:
            label = _text(_label(node.label, node.count))
            continue
        for part in BLOCKS[type(node)](node):
            if isinstance(part, _Field):
                fields.append(_Field.of(f"{label}: {part.name}", part.value) if label else part)
            else:
                lines.append(part)
    return fields


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
    title: str | None, description: str | None, fields: Sequence[_Field], *, per_page: int, colour: int,
    brief: Sequence[_Field] = (), more: str | None = None,
) -> list[discord.Embed]:
    """One embed per page: the same title and description, the fields spread so each page fits.

    A compact answer's ``brief`` fields come first, on pages of their own (one, as a rule), and the
    footer of its first page says what ``more`` the pages after hold.
    A title (256) plus a description (4096) plus one field (1280) plus the footer
    stays under 6000, so every page holds at least one field.
    """
    description = fit(description, DESCRIPTION_LIMIT) if description else None
    base = len(title or "") + len(description or "") + _FOOTER_ROOM
    chunks = []
    if more is not None:
        chunks = split(brief, len, count=FIELDS_LIMIT, room=MESSAGE_LIMIT, first=(0, base))
    chunks += split(fields, len, count=min(per_page, FIELDS_LIMIT), room=MESSAGE_LIMIT, first=(0, base))
    pages = []
    for number, chunk in enumerate(chunks, 1):
        embed = discord.Embed(title=title, description=description, colour=colour)
        for field in chunk:
            embed.add_field(name=field.name, value=field.value, inline=False)
        if len(chunks) > 1:
            footer = texts.PAGE.format(number=number, total=len(chunks))
            embed.set_footer(text=footer + (f" · {more}" if more and number == 1 else ""))
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
        elif isinstance(part, n.Refs) and part.cited:
            pieces.append((_sources(part), "", "", True))
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


def _sources(r: n.Refs) -> str:
    """The articles behind an entry, escaped: "— [title](url) (Outlet, date); … (+2 more)"; a link is never cut."""
    shown: list[str] = []
    for c in r.cited[:SOURCES_SHOWN]:
        source = f"{_cited(c)} ({_text(_place(c))})"
        if shown and sum(len(x) + 2 for x in shown) + len(source) > SOURCES_LIMIT:
            break
        shown.append(source)
    hidden = len(r.ids) - len(shown)
    return "— " + "; ".join(shown) + (f" (+{hidden} more)" if hidden > 0 else "")


def _refs(r: n.Refs) -> str:
    return _sources(r) if r.cited else _ids(r.ids)


def _label(label: str, count: int | None = None) -> str:
    return label[:1].upper() + label[1:] + (f" ({count})" if count is not None else "")


def _with_sources(text: str, sources: str) -> str:
    """Escaped ``text``, then the sources line, together within one field value."""
    return f"{fit(text, FIELD_VALUE_LIMIT - len(sources) - 1)}\n{sources}"


def _place(c: n.Citation) -> str:
    """"Al Jazeera, 2025-03-14"; only the date when the outlet is not known."""
    return ", ".join(p for p in (c.outlet, c.published or "undated") if p)


def _where(c: n.Citation) -> str:
    return _text(_place(c))


def _linked(c: n.Citation) -> str:
    """``[title](url) — `` before the details when the article's address is a web address."""
    url = link_target(c.url)
    return f"[{_text(c.title)}]({url}) — " if url else ""


def _cited(c: n.Citation) -> str:
    """The title, a masked link when the article's address is a web address short enough to share a field."""
    url = link_target(c.url)
    title = fit(_text(c.title), LINKED_TITLE_LIMIT)
    return f"[{title}]({url})" if url and len(url) <= URL_LIMIT else title


# -- nodes ---------------------------------------------------------------------


def _quotation(q: n.Quotation) -> list[_Field]:
    name = markdown(q.attribution, marks=False) + ("" if q.direct else " — indirect")
    return [_Field.of(name, _with_sources(_text(f"“{q.text}”" if q.direct else q.text), _refs(q.refs)))]


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
    """The title as the field's name; the link, date, outlet, id and story group as its value."""
    url = link_target(r.url)
    value = (f"[link]({url}) · " if url else "") + _text(f"{r.when} · {r.outlet or '-'}") + f" · {_code(r.article_id)}"
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
    n.Event: lambda e: [_Field.of(_text(e.when, marks=False), _with_sources(_text(e.text), _refs(e.refs)))],
    n.Citation: lambda c: [_Field.of(f"[{c.number}] " + _text(c.title, marks=False), _linked(c) + _where(c))
                           if c.number is not None else _Field.of(_text(_place(c), marks=False), _cited(c))],
    n.Hit: lambda h: [_Field.of(
        f"{h.citation.number}. " + _text(h.citation.title, marks=False),
        _linked(h.citation) + _where(h.citation) + "\n" + markdown(h.snippet))],
    n.Story: _story,
    n.ArticleRow: _row,
    n.Usage: lambda u: [_Field.of(_code(u.usage), _text(u.summary) + f"\ne.g. {_code(u.example)}")],
}
