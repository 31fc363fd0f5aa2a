"""Layouts as plain terminal text: the console's renderer.

Nothing is escaped (a terminal shows text as it is); marks are dropped except
search highlights, which keep the core's ``**match**``. The outline has two
levels: a heading's fields are indented under it, and the entries of a
section are indented under its label.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable

from adapters.layout import layout
from adapters.layout import nodes as n

__all__ = ["render", "WIDTH"]

WIDTH = 88
INDENT = "  "


def render(answer) -> str:
    """Any ``bot.models`` answer as terminal text."""
    doc = layout(answer)
    lines: list[str] = []
    card = False  # after a heading: its fields and item count are indented under it
    items_indent = ""
    for block in doc.head:
        indent = INDENT if card and isinstance(block, (n.Field, n.Section)) and not getattr(block, "children", ()) else ""
        if isinstance(block, n.Heading):
            card = True
        elif isinstance(block, n.Section):
            card = card and not block.children
            items_indent = INDENT if not block.children else items_indent
        text = BLOCKS[type(block)](block, indent)
        if text is not None:
            lines.append(text)
    lines.extend(text for block in doc.items if (text := BLOCKS[type(block)](block, items_indent)) is not None)
    out = "\n".join(lines)
    return "error: " + out if doc.tone is n.Tone.FAILURE else out


def inline(content: n.Inline) -> str:
    return "".join(INLINES[type(part)](part) for part in content)


def _span(s: n.Span) -> str:
    return f"**{s.text}**" if s.mark is n.Mark.HIGHLIGHT else s.text


def _refs(r: n.Refs) -> str:
    ids = ", ".join(r.ids)
    return f"[{ids}]" if r.bracketed else ids


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def _section(s: n.Section, indent: str) -> str:
    label = f"{indent}{s.label}" + (f" ({s.count})" if s.count is not None else "") + ":"
    return "\n".join([label] + [text for c in s.children if (text := BLOCKS[type(c)](c, INDENT)) is not None])


def _quotation(q: n.Quotation, indent: str) -> str:
    """The words wrap at the width of a quote of their own, then move in with ``indent``."""
    head = f"- {inline(q.attribution)} {_refs(q.refs)}" + ("" if q.direct else " — indirect")
    body = _wrap(f"“{q.text}”" if q.direct else q.text, "    ")
    return "\n".join(indent + line for line in (head + "\n" + body).splitlines())


def _event(e: n.Event, indent: str) -> str:
    return f"{indent}{e.when:<12} {_refs(e.refs)}\n" + _wrap(e.text, indent + "    ")


def _where(c: n.Citation) -> str:
    return f"{c.outlet or 'unknown outlet'}, {c.published or 'undated'}"


def _link(c: n.Citation) -> str:
    return f" <{c.url}>" if c.url else ""


def _citation(c: n.Citation, indent: str) -> str:
    return f"{indent}  [{c.number}] {c.title} — {_where(c)} ({c.article_id}){_link(c)}"


def _hit(h: n.Hit, indent: str) -> str:
    c = h.citation
    return f"{indent}{c.number}. {c.title} — {_where(c)} [{c.article_id}]{_link(c)}\n" + _wrap(inline(h.snippet), indent + "   ")


def _story(s: n.Story, indent: str) -> str:
    outlets = ", ".join(f"{c.outlet or 'unknown outlet'} {c.published or 'undated'}" for c in s.articles)
    line = f"{s.title} — {outlets}" + (" (updated)" if s.updated else "")
    wrapped = textwrap.fill(line, WIDTH, initial_indent=indent + "- ", subsequent_indent=indent + "  ")
    return wrapped + "\n" + indent + "    " + _refs(n.Refs(tuple(c.article_id for c in s.articles)))


def _row(r: n.ArticleRow, indent: str) -> str:
    story = f" story {r.story}" if r.story else ""
    return f"{indent}{r.article_id}  {r.when:<22} {r.outlet or '-':<12} {r.title}{story}"


def _usage(u: n.Usage, indent: str) -> str:
    return f"{indent}{u.usage}\n{indent}    {u.summary}\n{indent}    e.g. {u.example}"


INLINES: dict[type, Callable[..., str]] = {
    n.Span: _span,
    n.Refs: _refs,
    n.Items: lambda i: i.sep.join(i.values),
}

BLOCKS: dict[type, Callable[..., str | None]] = {
    n.Heading: lambda h, indent: indent + h.text,
    n.Line: lambda line, indent: indent + inline(line.content),
    n.Note: lambda note, indent: indent + INDENT + inline(note.content),
    n.Caption: lambda caption, indent: None,  # the list speaks for itself
    n.Field: lambda f, indent: f"{indent}{f.label}: {inline(f.content)}",
    n.ListItem: lambda li, indent: f"{INDENT}{li.number or '-'} {inline(li.content)}",
    n.Section: _section,
    n.Quotation: _quotation,
    n.Event: _event,
    n.Citation: _citation,
    n.Hit: _hit,
    n.Story: _story,
    n.ArticleRow: _row,
    n.Usage: _usage,
}
