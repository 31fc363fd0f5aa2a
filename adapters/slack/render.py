"""Answer models to Block Kit (one renderer per platform; this is Slack's).

It shows what the console renderer shows for each answer kind, laid out for
Slack. Two rules hold for every block:

* all text from an article or a user goes through ``slack_text.escape``, and
  every mrkdwn object is ``verbatim``, so Slack neither links nor pings;
* blocks are built with ``slack_sdk.models.blocks``, whose ``to_dict()``
  refuses anything over Slack's limits, so a bad block fails here, not as
  ``invalid_blocks`` in a channel.

The result is a ``Rendered``: the blocks shown once on top (``head``), and the
``items`` (a quote, an event, a hit, an article) that ``slack_paging`` spreads
over as many pages as they need.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, PlainTextObject, SectionBlock

from adapters.plain import render as console_text
from adapters.slack.commands import GATEWAY, slash_commands
from adapters.slack.mrkdwn import clip, escape
from adapters.wording import digest_notes, digest_title, published_label, story_line, subscription_line
from bot import models as m

__all__ = ["Rendered", "render", "EPHEMERAL_KINDS"]

SECTION_MAX = 3000  # Slack: section text
HEADER_MAX = 150  # Slack: header text
FALLBACK_MAX = 3000  # the notification text; Slack cuts ``text`` at 40,000 but nobody reads that far
IDS_SHOWN = 8  # article ids listed before "+N more"
ROLES_SHOWN = 6  # as the console

# Shown only to the person who asked: nothing in them is news for the channel.
# A digest answered to a command is /digest now's preview; scheduled digests are posted, not answered.
EPHEMERAL_KINDS = frozenset({"error", "help", "not_found", "choices", "digest"})

_SNIPPET_MARK = re.compile(r"\*\*(.+?)\*\*")  # the core's search highlight, Markdown bold


@dataclass(frozen=True)
class Rendered:
    """One answer as Block Kit: ``head`` blocks on the first page, then ``items`` paged."""

    kind: str
    fallback: str
    head: tuple[Block, ...]
    items: tuple[Block, ...] = ()

    @property
    def ephemeral(self) -> bool:
        return self.kind in EPHEMERAL_KINDS


def render(answer, commands: Mapping[str, str] | None = None) -> Rendered:
    """``answer`` (any ``bot.models`` answer) as Block Kit; ``commands`` names the slash commands for /help."""
    names = slash_commands() if commands is None else commands
    if isinstance(answer, m.HelpAnswer):  # the kinds that name commands, and Slack's names differ
        head, items = _help(answer, names)
    elif isinstance(answer, m.DigestAnswer):
        head, items = _digest(answer, names)
    else:
        head, items = _RENDERERS[type(answer)](answer)
    fallback = clip(escape(console_text(answer)), FALLBACK_MAX)
    return Rendered(kind=answer.kind, fallback=fallback, head=tuple(head), items=tuple(items))


# -- building blocks ---------------------------------------------------------


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=clip(text, SECTION_MAX), verbatim=True)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=_mrkdwn(text))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[_mrkdwn(text)])


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(escape(text), HEADER_MAX), emoji=False))


def _ids(ids: list[str]) -> str:
    """``[a, b, c +5 more]``: the console's source list, kept short."""
    shown = ", ".join(ids[:IDS_SHOWN])
    more = f" +{len(ids) - IDS_SHOWN} more" if len(ids) > IDS_SHOWN else ""
    return escape(f"[{shown}{more}]")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _about(query: str) -> str:
    return f" for “{escape(query)}”" if query else ""


def _quote(q: m.Quote) -> SectionBlock:
    who = escape(q.speaker or "unattributed")
    role = f" ({escape(q.speaker_role)})" if q.speaker_role else ""
    head = f"*{who}*{role}, {escape(q.date or 'undated')} {_ids(q.sources or [q.article_id])}"
    if q.direct:
        body = f">“{escape(q.text)}”"
    else:
        head += " — _reported_"
        body = f">{escape(q.text)}"
    return _section(head + "\n" + " ".join(body.split()))


# -- one function per answer kind: (head blocks, item blocks) ----------------

Parts = tuple[list[Block], list[Block]]


def _person(a: m.PersonAnswer) -> Parts:
    p = a.person
    lines = []
    if p.aliases:
        lines.append("*Also:* " + escape(", ".join(p.aliases)))
    if p.roles:
        lines.append("*Roles:* " + escape("; ".join(p.roles[:ROLES_SHOWN])))
    if p.affiliation:
        lines.append("*Affiliation:* " + escape(p.affiliation))
    lines.append("*Articles:* " + _ids(p.articles))
    if p.related:
        lines.append("*Appears with:* " + escape(", ".join(p.related)))
    head: list[Block] = [_header(p.name + (" (organisation)" if p.is_organisation else "")), _section("\n".join(lines))]
    if p.quotes:
        head.append(_context(f"*{_count(len(p.quotes), 'quote')}*"))
    return head, [_quote(q) for q in p.quotes]


def _choices(a: m.ChoicesAnswer) -> Parts:
    return [_section(escape(a.message) + "\n" + "\n".join(f"• {escape(c)}" for c in a.choices))], []


def _not_found(a: m.NotFoundAnswer) -> Parts:
    text = escape(a.message)
    if a.suggestions:
        text += "\nDid you mean: " + escape(", ".join(a.suggestions)) + "?"
    return [_section(text)], []


def _quotes(a: m.QuotesAnswer) -> Parts:
    return [_context(_count(len(a.quotes), "quote") + _about(a.query))], [_quote(q) for q in a.quotes]


def _event(e: m.Event) -> SectionBlock:
    when = escape(e.date + (f"…{e.end_date}" if e.end_date else ""))
    return _section(f"*{when}* {_ids(e.sources)}\n{escape(e.text)}")


def _timeline(a: m.TimelineAnswer) -> Parts:
    return [_context(_count(len(a.events), "event") + _about(a.query))], [_event(e) for e in a.events]


def _hit(i: int, h: m.SearchHit) -> SectionBlock:
    where = escape(f"{h.outlet or 'unknown outlet'}, {h.published or 'undated'} [{h.article_id}]")
    snippet = _SNIPPET_MARK.sub(r"*\1*", escape(h.snippet))
    return _section(f"*{i}. {escape(h.title)}* — {where}\n{snippet}")


def _search(a: m.SearchAnswer) -> Parts:
    head = _context(_count(len(a.results), "article") + _about(a.query))
    return [head], [_hit(i, h) for i, h in enumerate(a.results, 1)]


def _source(s: m.Source) -> SectionBlock:
    when = published_label(s)
    story = f" · story {s.story}" if s.story_size > 1 else ""
    return _section(f"*{escape(s.title)}*\n" + escape(f"{s.article_id} · {when} · {s.outlet or '-'}{story}"))


def _sources(a: m.SourcesAnswer) -> Parts:
    return [_context(_count(len(a.articles), "article") + " indexed")], [_source(s) for s in a.articles]


def _slack_usage(text: str, names: Mapping[str, str]) -> str:
    """Core command text as typed in Slack: ``/who x`` → the /who command's Slack name; the rest via the gateway."""
    if text.startswith("/"):
        name, sep, rest = text[1:].partition(" ")
        if name in names:
            return names[name] + sep + rest
        text = text[1:]
    return f"{names[GATEWAY]} {text}"


def _help(a: m.HelpAnswer, names: Mapping[str, str]) -> Parts:
    items: list[Block] = []
    for c in a.commands:
        usage, example = _slack_usage(c.usage, names), _slack_usage(c.example, names)
        items.append(_section(f"`{escape(usage)}`\n{escape(c.summary)}\n_e.g._ `{escape(example)}`"))
    items.append(_context("Or mention the bot with a question, in a channel or in a direct message."))
    return [_header("newsdesk commands")], items


def _citation(i: int, c: m.Citation) -> SectionBlock:
    where = escape(f"{c.outlet or 'unknown outlet'}, {c.published or 'undated'} ({c.article_id})")
    return _section(f"*[{i}]* {escape(c.title)} — {where}")


def _answer(a: m.TextAnswer) -> Parts:
    head: list[Block] = [_section(escape(a.text))]
    if a.citations:
        head.append(_context("*Sources*"))
    return head, [_citation(i, c) for i, c in enumerate(a.citations, 1)]


def _error(a: m.ErrorAnswer) -> Parts:
    return [_section(":warning: " + escape(a.message))], []


def _lines(title: str, lines: list[str]) -> SectionBlock:
    """One section for a list: a digest stays one message (Slack allows 50 blocks, sections 3000 characters)."""
    return _section(f"*{title}*\n" + "\n".join(lines))


def _digest(a: m.DigestAnswer, names: Mapping[str, str]) -> Parts:
    head: list[Block] = [_header(digest_title(a)), _context(escape(" · ".join(digest_notes(a))))]
    if a.stories:
        head.append(
            _lines(
                f"New articles ({sum(len(s.articles) for s in a.stories)})",
                [f"• {escape(story_line(s))} {_ids([c.article_id for c in s.articles])}" for s in a.stories],
            )
        )
    if a.events:
        head.append(
            _lines(
                "New on the timeline",
                [f"• *{escape(e.date + (f'…{e.end_date}' if e.end_date else ''))}* {escape(e.text)} {_ids(e.sources)}"
                 for e in a.events],
            )
        )
    if a.quotes:
        head.append(_context("*Quotes*"))
        head.extend(_quote(q) for q in a.quotes)
    if a.people:
        head.append(
            _lines(
                "First seen",
                [f"• {escape(p.name)}" + (f" ({escape(p.role)})" if p.role else "") + f" {_ids(p.articles)}"
                 for p in a.people],
            )
        )
    if a.more:
        head.append(_context("More: " + " · ".join(f"`{escape(_slack_usage(c, names))}`" for c in a.more)))
    return head, []


def _subscriptions(a: m.SubscriptionsAnswer) -> Parts:
    text = escape(a.message)
    if a.subscriptions:
        text += "\n" + "\n".join("• " + escape(subscription_line(s)) for s in a.subscriptions)
    return [_section(text)], []


_RENDERERS: dict[type, Callable[..., Parts]] = {  # HelpAnswer, DigestAnswer: see render()
    m.PersonAnswer: _person,
    m.ChoicesAnswer: _choices,
    m.NotFoundAnswer: _not_found,
    m.QuotesAnswer: _quotes,
    m.TimelineAnswer: _timeline,
    m.SearchAnswer: _search,
    m.SourcesAnswer: _sources,
    m.TextAnswer: _answer,
    m.ErrorAnswer: _error,
    m.SubscriptionsAnswer: _subscriptions,
}
