"""The nodes of a format-neutral answer layout.

A layout is built once per answer (``adapters.layout.layout``) and rendered
by each platform: plain text, Slack Block Kit, Discord embeds. Text in nodes
is plain and unescaped; formatting comes from node types and span marks,
never from markup characters inside the text, and each renderer escapes
every piece of text it emits.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Union

__all__ = [
    "Mark", "Span", "Refs", "Items", "Inline", "spans",
    "Heading", "Line", "Note", "Caption", "Field", "ListItem", "Section",
    "Quotation", "Event", "Citation", "Hit", "Story", "ArticleRow", "Usage",
    "Block", "BLOCKS", "INLINES", "Tone", "Layout",
]


# -- inline content ------------------------------------------------------------


class Mark(Enum):
    """How a span stands out."""

    STRONG = "strong"
    EMPHASIS = "emphasis"
    CODE = "code"  # an identifier, shown verbatim
    COMMAND = "command"  # a command as typed in the console ("/who Witkoff"); platforms show their own name for it
    HIGHLIGHT = "highlight"  # a search match


@dataclass(frozen=True)
class Span:
    text: str
    mark: Mark | None = None


@dataclass(frozen=True)
class Refs:
    """Article ids that support a statement; a platform may show the first few and count the rest."""

    ids: tuple[str, ...]
    bracketed: bool = True  # "[a, b]" in running text; bare in a field of its own ("articles: a, b")


@dataclass(frozen=True)
class Items:
    """A list of names run together with ``sep``; a platform may show the first few and count the rest ("+3 more")."""

    values: tuple[str, ...]
    sep: str = ", "


Inline = tuple[Union[Span, Refs, Items], ...]


def spans(*parts: str | Span | Refs | Items) -> Inline:
    """Inline content from parts; a ``str`` is plain text."""
    return tuple(Span(p) if isinstance(p, str) else p for p in parts if p != "")


# -- blocks --------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """The answer's title (a person's name, a digest's channel)."""

    text: str


@dataclass(frozen=True)
class Line:
    """A paragraph."""

    content: Inline


@dataclass(frozen=True)
class Note:
    """A muted line of context under a heading."""

    content: Inline


@dataclass(frozen=True)
class Caption:
    """What the list below holds ("3 quotes for “x”"); the console leaves it out, its list speaks for itself."""

    content: Inline


@dataclass(frozen=True)
class Field:
    """A label and its value."""

    label: str
    content: Inline


@dataclass(frozen=True)
class ListItem:
    """One entry of a bulleted list; ``number`` ("#3") stands in for the bullet."""

    content: Inline
    number: str | None = None


@dataclass(frozen=True)
class Section:
    """A labelled group: its ``children``, or, when it has none, the answer's paged items that follow."""

    label: str
    count: int | None = None
    children: tuple["Block", ...] = ()


@dataclass(frozen=True)
class Quotation:
    """A quote block: who said it (``attribution``), the words, and the articles that carry it."""

    attribution: Inline
    text: str
    direct: bool
    refs: Refs


@dataclass(frozen=True)
class Event:
    """A dated event and the articles that report it."""

    when: str
    text: str
    refs: Refs


@dataclass(frozen=True)
class Citation:
    """An article cited by number; ``url``, when known, makes the title a link."""

    title: str
    outlet: str | None
    published: str | None
    article_id: str
    number: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Hit:
    """A search result: the article and the snippet where the words matched."""

    citation: Citation
    snippet: Inline


@dataclass(frozen=True)
class Story:
    """New articles of one story, with where and when each appeared."""

    title: str
    articles: tuple[Citation, ...]
    updated: bool = False


@dataclass(frozen=True)
class ArticleRow:
    """One indexed article: id, date as known, outlet, title and its story group."""

    article_id: str
    title: str
    outlet: str | None
    when: str
    story: str | None = None  # the story group's id when the article has company
    story_size: int = 1


@dataclass(frozen=True)
class Usage:
    """How to use one command, with an example."""

    usage: str
    summary: str
    example: str


Block = Union[Heading, Line, Note, Caption, Field, ListItem, Section, Quotation, Event, Citation, Hit, Story, ArticleRow, Usage]
BLOCKS: tuple[type, ...] = Block.__args__
INLINES: tuple[type, ...] = (Span, Refs, Items)


class Tone(Enum):
    """How an answer feels; a platform may colour it."""

    NORMAL = "normal"
    WARNING = "warning"  # the question needs another try
    FAILURE = "failure"
    MUTED = "muted"  # nothing much to show


@dataclass(frozen=True)
class Layout:
    """One answer: ``head`` shown once, then ``items`` that a platform may spread over pages."""

    kind: str
    head: tuple[Block, ...]
    items: tuple[Block, ...] = ()
    tone: Tone = Tone.NORMAL
