"""Layouts as Block Kit: Slack's renderer.

Two rules hold for every block:

* every text node is escaped here (``mrkdwn.escape``, one line at a time,
  markup put in after: ``adapters.layout.markup``), and every mrkdwn object
  is ``verbatim``, so Slack neither links nor pings;
* blocks are built with ``slack_sdk.models.blocks``, whose ``to_dict()``
  refuses anything over Slack's limits, so a bad block fails here, not as
  ``invalid_blocks`` in a channel.

The result is a ``Rendered``: the blocks shown once on top (``head``), and the
``items`` (a quote, an event, a hit, an article) that ``paging`` spreads over
as many pages as they need. A long answer's compact form (its ``brief`` and
how many more) follows the head on the first page; the rest from the next.

An article is named by its title, a link ``<url|title>`` when its address is
a web address, with outlet and date; never by its file name.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, PlainTextObject, SectionBlock

from adapters.layout import layout
from adapters.layout import nodes as n
from adapters.layout.markup import Piece, assemble, link_target
from adapters.plain import render as console_text
from adapters.slack.commands import GATEWAY, slash_commands
from adapters.slack.mrkdwn import clip, escape

__all__ = ["Rendered", "render", "EPHEMERAL_KINDS"]

SECTION_MAX = 3000  # Slack: section text
HEADER_MAX = 150  # Slack: header text
FALLBACK_MAX = 3000  # the notification text; Slack cuts ``text`` at 40,000 but nobody reads that far
IDS_SHOWN = 8  # article ids listed before "+N more"
SOURCES_SHOWN = 3  # articles named under an entry before "+N more"

# Shown only to the person who asked: nothing in them is news for the channel.
# A digest answered to a command is /digest now's preview; scheduled digests are posted, not answered.
EPHEMERAL_KINDS = frozenset({"error", "help", "not_found", "choices", "digest"})


@dataclass(frozen=True)
class Rendered:
    """One answer as Block Kit: ``head`` blocks on the first page, then ``items`` paged."""

    kind: str
    fallback: str
    head: tuple[Block, ...]
    items: tuple[Block, ...] = ()
    brief: tuple[Block, ...] = ()  # a compact answer: what its first page shows; ``items`` on the pages after

    @property
    def ephemeral(self) -> bool:
        return self.kind in EPHEMERAL_KINDS


def render(answer, commands: Mapping[str, str] | None = None) -> Rendered:
    """``answer`` (any ``bot.models`` answer) as Block Kit; ``commands`` names the slash commands."""
    doc = layout(answer)
    names = slash_commands() if commands is None else commands
    head = _blocks(doc.head, names)
    if doc.tone is n.Tone.FAILURE and isinstance(head[0], SectionBlock):
        head[0] = _section(":warning: " + head[0].text.text)
    fallback = clip(escape(console_text(answer)), FALLBACK_MAX)
    if doc.compact:
        brief = _blocks(doc.shown(), names) + [_context(f"… {mrkdwn(doc.more, names)}")]
        return Rendered(kind=doc.kind, fallback=fallback, head=tuple(head), items=tuple(_blocks(doc.rest(), names)),
                        brief=tuple(brief))
    return Rendered(kind=doc.kind, fallback=fallback, head=tuple(head), items=tuple(_blocks(doc.items, names)))


def _blocks(nodes: Sequence[n.Block], names: Mapping[str, str]) -> list[Block]:
    """Blocks for ``nodes``; consecutive lines share one section, consecutive notes one context."""
    blocks: list[Block] = []
    run: list[str] = []
    run_type: type | None = None

    def flush() -> None:
        if run:
            blocks.append(_context(" · ".join(run)) if run_type is ContextBlock else _section("\n".join(run)))
            run.clear()

    for node in nodes:
        if type(node) in LINES:
            kind = ContextBlock if isinstance(node, n.Note) else SectionBlock
            if kind is not run_type:
                flush()
            run_type = kind
            run.append(LINES[type(node)](node, names))
        else:
            flush()
            run_type = None
            blocks.extend(BLOCKS[type(node)](node, names))
    flush()
    return blocks


# -- text ----------------------------------------------------------------------

_MARKUP = {n.Mark.STRONG: "*", n.Mark.EMPHASIS: "_", n.Mark.CODE: "`", n.Mark.COMMAND: "`", n.Mark.HIGHLIGHT: "*"}


def _pieces(content: n.Inline, names: Mapping[str, str] | None) -> list[Piece]:
    pieces: list[Piece] = []
    for part in content:
        if isinstance(part, n.Span):
            text = _slack_usage(part.text, names) if part.mark is n.Mark.COMMAND else part.text
            mark = _MARKUP.get(part.mark, "")
            pieces.append((text, mark, mark, False))
        elif isinstance(part, n.Refs) and part.cited:
            pieces.append((_sources(part), "", "", True))
        elif isinstance(part, n.Refs):
            pieces.append((_ids(part.ids), "", "", False))
        else:
            pieces.append((part.sep.join(part.values), "", "", False))
    return pieces


def mrkdwn(content: n.Inline, names: Mapping[str, str] | None = None) -> str:
    """Inline content as Slack mrkdwn, escaped as one text."""
    return assemble(_pieces(content, names), escape)


def _text(*parts: str | n.Span | n.Refs | n.Items) -> str:
    return mrkdwn(n.spans(*parts))


def _ids(ids: Sequence[str]) -> str:
    """``[a, b, c +5 more]``: the console's source list, kept short."""
    more = f" +{len(ids) - IDS_SHOWN} more" if len(ids) > IDS_SHOWN else ""
    return "[" + ", ".join(ids[:IDS_SHOWN]) + more + "]"


def _sources(r: n.Refs) -> str:
    """The articles behind an entry, escaped: "<url|title> (Outlet, date); … +2 more"."""
    shown = r.cited[:SOURCES_SHOWN]
    more = len(r.ids) - len(shown)
    return "; ".join(f"{_title(c)} ({_text(_where(c))})" for c in shown) + (f" +{more} more" if more > 0 else "")


def _slack_usage(text: str, names: Mapping[str, str] | None) -> str:
    """Core command text as typed in Slack: ``/who x`` → the /who command's Slack name; the rest via the gateway."""
    if not names:
        return text
    if text.startswith("/"):
        name, sep, rest = text[1:].partition(" ")
        if name in names:
            return names[name] + sep + rest
        text = text[1:]
    return f"{names[GATEWAY]} {text}"


def _strong(text: str) -> n.Span:
    return n.Span(text, n.Mark.STRONG)


def _label(s: n.Section) -> str:
    return _text(_strong(s.label[:1].upper() + s.label[1:] + (f" ({s.count})" if s.count is not None else "")))


# -- blocks --------------------------------------------------------------------


def _mrkdwn_object(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=clip(text, SECTION_MAX), verbatim=True)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=_mrkdwn_object(text))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[_mrkdwn_object(text)])


def _where(c: n.Citation) -> str:
    """"Al Jazeera, 2025-03-14"; only the date when the outlet is not known."""
    return ", ".join(p for p in (c.outlet, c.published or "undated") if p)


def _title(c: n.Citation) -> str:
    """The title, a link ``<url|title>`` when the article's address is a web address (never ``<!channel|…>``)."""
    title = _text(c.title)
    url = link_target(c.url)
    return f"<{url.replace('&', '&amp;')}|{title}>" if url else title


def _quotation(q: n.Quotation, names) -> list[Block]:
    refs = () if q.refs.cited else n.spans(" ", q.refs)
    head = mrkdwn(q.attribution + refs + (() if q.direct else n.spans(" — ", n.Span("indirect", n.Mark.EMPHASIS))))
    body = f">{_text(f'“{q.text}”' if q.direct else q.text)}"
    sources = "\n— " + _sources(q.refs) if q.refs.cited else ""
    return [_section(head + "\n" + " ".join(body.split()) + sources)]


def _event(e: n.Event, names) -> list[Block]:
    if e.refs.cited:
        return [_section(_text(_strong(e.when)) + "\n" + _text(e.text) + "\n— " + _sources(e.refs))]
    return [_section(_text(_strong(e.when), " ", e.refs, "\n") + _text(e.text))]


def _event_line(e: n.Event) -> str:
    if e.refs.cited:
        return _text(_strong(e.when), " ", e.text) + " — " + _sources(e.refs)
    return _text(_strong(e.when), " ", e.text, " ", e.refs)


def _story_line(s: n.Story) -> str:
    outlets = ", ".join(f"{c.outlet or 'unknown outlet'} {c.published or 'undated'}" for c in s.articles)
    refs = n.Refs(tuple(c.article_id for c in s.articles))
    return _text(f"{s.title} — {outlets}" + (" (updated)" if s.updated else ""), " ", refs)


_COMPACT: dict[type, Callable[..., str]] = {  # a section's entries, one line each, in one block
    n.ListItem: lambda li, names: _list_item(li, names),
    n.Event: lambda e, names: "• " + _event_line(e),
    n.Story: lambda s, names: "• " + _story_line(s),
}


def _section_blocks(s: n.Section, names) -> list[Block]:
    if s.children and all(type(c) in _COMPACT for c in s.children):
        return [_section("\n".join([_label(s)] + [_COMPACT[type(c)](c, names) for c in s.children]))]
    return [_context(_label(s))] + _blocks(s.children, names)


def _list_item(li: n.ListItem, names) -> str:
    return "• " + (f"{escape(li.number)} " if li.number else "") + mrkdwn(li.content, names)


def _usage(u: n.Usage, names) -> list[Block]:
    usage, example = (mrkdwn((n.Span(t, n.Mark.COMMAND),), names) for t in (u.usage, u.example))
    return [_section(f"{usage}\n{_text(u.summary)}\n_e.g._ {example}")]


def _row(r: n.ArticleRow, names) -> list[Block]:
    """The title (a link when the article has a web address), then date, outlet, id and story group."""
    story = f" · story {r.story}" if r.story else ""
    title = _title(n.Citation(r.title, r.outlet, None, r.article_id, url=r.url))
    return [_section(f"*{title}*\n" + _text(f"{r.when} · {r.outlet or '-'} · {r.article_id}{story}"))]


LINES: dict[type, Callable[..., str]] = {  # nodes that are one line of a section (a context, for notes)
    n.Field: lambda f, names: _text(_strong(f"{f.label[:1].upper()}{f.label[1:]}:"), " ") + mrkdwn(f.content, names),
    n.Line: lambda line, names: mrkdwn(line.content, names),
    n.ListItem: _list_item,
    n.Note: lambda note, names: mrkdwn(note.content, names),
}

BLOCKS: dict[type, Callable[..., list[Block]]] = {
    n.Heading: lambda h, names: [HeaderBlock(text=PlainTextObject(text=clip(escape(h.text), HEADER_MAX), emoji=False))],
    n.Caption: lambda c, names: [_context(mrkdwn(c.content, names))],
    n.Section: _section_blocks,
    n.Quotation: _quotation,
    n.Event: _event,
    n.Citation: lambda c, names: [_section((f"*[{c.number}]* " if c.number is not None else "• ")
                                           + f"{_title(c)} — " + _text(_where(c)))],
    n.Hit: lambda h, names: [_section(
        f"*{h.citation.number}. {_title(h.citation)}* — " + _text(_where(h.citation)) + "\n" + mrkdwn(h.snippet, names))],
    n.Story: lambda s, names: [_section(_story_line(s))],
    n.ArticleRow: _row,
    n.Usage: _usage,
}
