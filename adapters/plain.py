"""Layouts as plain terminal text: the console's renderer.

Nothing is escaped (a terminal shows text as it is); marks are dropped except
search highlights, which keep the core's ``**match**``. The outline has two
levels: a heading's fields are indented under it, and the entries of a
section are indented under its label.

A long answer is shown compact (its brief, then "… 121 more quotes") unless
``full`` asks for all of it. An article is named by outlet, date and title,
with its address when the corpus gives one, never by its file name.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from contextvars import ContextVar

from adapters.layout import layout
from adapters.layout import nodes as n
from adapters.layout.markup import link_target

__all__ = ["render", "WIDTH"]

WIDTH = 88
INDENT = "  "
TITLE_IN_REF = 60  # characters of a title in a source line under a quote or an event (an article without an address)
DATE_COLUMN = 12

_FULL: ContextVar[bool] = ContextVar("full", default=False)  # every source of an entry, or the first and a count
_COLUMNS: ContextVar[tuple[int, int]] = ContextVar("columns", default=(10, 12))  # /sources: date and outlet widths


def render(answer, full: bool = False, hint: str = "") -> str:
    """Any ``bot.models`` answer as terminal text: compact, or ``full``; ``hint`` says how to see the rest."""
    doc = layout(answer)
    lines: list[str] = []
    card = False  # after a heading: its fields and item count are indented under it
    items_indent = ""
    for block in doc.head:
        indent = INDENT if card and isinstance(block, (n.Field, n.Section)) and not getattr(block, "children", ()) else ""
        if isinstance(block, n.Heading):
            card = True
            items_indent = INDENT if doc.items else items_indent
        elif isinstance(block, n.Section):
            card = card and not block.children
            items_indent = INDENT if not block.children else items_indent
        text = BLOCKS[type(block)](block, indent)
        if text is not None:
            lines.append(text)
    compact = doc.compact and not full
    items = doc.shown() if compact else doc.items
    tokens = (_FULL.set(not compact), _COLUMNS.set(_columns(items)))
    try:
        lines.extend(text for block in items if (text := BLOCKS[type(block)](block, items_indent)) is not None)
    finally:
        _COLUMNS.reset(tokens[1])
        _FULL.reset(tokens[0])
    if compact:
        lines.append(f"{items_indent}… {inline(doc.more)}" + (f" ({hint})" if hint else ""))
    out = "\n".join(lines)
    return "error: " + out if doc.tone is n.Tone.FAILURE else out


def _columns(items) -> tuple[int, int]:
    rows = [b for b in items if isinstance(b, n.ArticleRow)]
    if not rows:
        return _COLUMNS.get()
    return max(len(r.when) for r in rows), max(len(_clip(r.outlet or "-", OUTLET_COLUMN)) for r in rows)


def inline(content: n.Inline) -> str:
    return "".join(INLINES[type(part)](part) for part in content)


def _span(s: n.Span) -> str:
    return f"**{s.text}**" if s.mark is n.Mark.HIGHLIGHT else s.text


def _refs(r: n.Refs) -> str:
    """Article ids, for an article the answer describes no further; a described one is a source line."""
    ids = ", ".join(r.ids)
    return f"[{ids}]" if r.bracketed else ids


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent if first is None else first,
                         subsequent_indent=indent)


def _section(s: n.Section, indent: str) -> str:
    label = f"{indent}{s.label}" + (f" ({s.count})" if s.count is not None else "") + ":"
    return "\n".join([label] + [text for c in s.children if (text := BLOCKS[type(c)](c, INDENT)) is not None])


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _where(c: n.Citation) -> str:
    return ", ".join(p for p in (c.outlet, c.published or "undated") if p)


def _link(c: n.Citation) -> str:
    url = link_target(c.url)
    return f" <{url}>" if url else ""


def _source(c: n.Citation) -> str:
    """An article named under an entry, on one line: "Al Jazeera, 2025-03-14 <https://…>", its address whole so
    that a terminal can open it; without a web address, by its title: "Sputnik, 2026-01-24: Russia Has Not…"."""
    url = link_target(c.url)
    return f"{_where(c)} <{url}>" if url else f"{_where(c)}: {_clip(c.title, TITLE_IN_REF)}"


def _sources(r: n.Refs, indent: str) -> list[str]:
    """The source lines of an entry: every source, or in a compact answer the first and how many more."""
    if not r.cited:
        return [indent + _refs(n.Refs(r.ids))] if r.ids else []
    shown = r.cited if _FULL.get() else r.cited[:1]
    lines = [indent + "— " + _source(c) for c in shown]
    hidden = len(r.ids) - len(shown)
    if hidden > 0:
        lines[-1] += f" (+{hidden} more)"
    return lines


def _quotation(q: n.Quotation, indent: str) -> str:
    """The words wrap at the width of a quote of their own, then move in with ``indent``; then the sources."""
    ids = "" if q.refs.cited else " " + _refs(q.refs)
    head = f"- {inline(q.attribution)}{ids}" + ("" if q.direct else " — indirect")
    body = _wrap(f"“{q.text}”" if q.direct else q.text, "    ")
    sources = _sources(q.refs, "    ") if q.refs.cited else []
    return "\n".join(indent + line for line in [head, *body.splitlines(), *sources])


def _event(e: n.Event, indent: str) -> str:
    if not e.refs.cited:  # ids only: the date, the ids, then the words
        return f"{indent}{e.when:<12} {_refs(e.refs)}\n" + _wrap(e.text, indent + "    ")
    first = f"{indent}{e.when:<{DATE_COLUMN - 1}} "
    under = indent + " " * DATE_COLUMN
    return "\n".join([_wrap(e.text, under, first), *_sources(e.refs, under)])


def _citation(c: n.Citation, indent: str) -> str:
    if c.number is None:
        return f"{indent}- {c.title} — {_where(c)}{_link(c)}"
    return f"{indent}  [{c.number}] {c.title} — {_where(c)}{_link(c)}"


def _hit(h: n.Hit, indent: str) -> str:
    c = h.citation
    return f"{indent}{c.number}. {c.title} — {_where(c)}{_link(c)}\n" + _wrap(inline(h.snippet), indent + "   ")


def _story(s: n.Story, indent: str) -> str:
    outlets = ", ".join(f"{c.outlet or 'unknown outlet'} {c.published or 'undated'}" for c in s.articles)
    line = f"{s.title} — {outlets}" + (" (updated)" if s.updated else "")
    wrapped = textwrap.fill(line, WIDTH, initial_indent=indent + "- ", subsequent_indent=indent + "  ")
    return wrapped + "\n" + indent + "    " + _refs(n.Refs(tuple(c.article_id for c in s.articles)))


OUTLET_COLUMN = 24  # at most: a longer outlet is cut in /sources' column, never run into the title


def _row(r: n.ArticleRow, indent: str) -> str:
    """``when``, ``outlet`` and ``title`` in columns at least two spaces apart, as wide as the answer's longest
    (an outlet cut at ``OUTLET_COLUMN``); the address, the id and the story group on the line under them."""
    when, outlet = _COLUMNS.get()
    line = f"{indent}{r.when:<{when}}  {_clip(r.outlet or '-', OUTLET_COLUMN):<{outlet}}  {r.title}"
    details = [link_target(r.url) or "", r.article_id, f"story {r.story} ({r.story_size} articles)" if r.story else ""]
    return line + "\n" + indent + " " * 4 + "  ·  ".join(d for d in details if d)


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
