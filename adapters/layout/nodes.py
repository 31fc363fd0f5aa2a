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
    """The articles that support a statement; a platform may show the first few and count the rest.

    ``cited`` holds them as citations (title, outlet, date, link) when the answer knows them: a platform
    shows those, never the bare ids, which stand in only for an article it knows nothing more of.
    """

    ids: tuple[str, ...]
    bracketed: bool = True  # "[a, b]" in running text; bare in a field of its own ("articles: a, b")
    cited: tuple["Citation", ...] = ()


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
    """An article cited (by number, when ``number`` is set); ``url``, when known, makes the title a link."""

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
    url: str | None = None


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
    """One answer: ``head`` shown once, then ``items`` that a platform may spread over pages.

    A long answer is shown compact first: ``brief`` lists what that shows after the head, each an index into
    ``items`` or a block of its own (a label only the compact form needs), and ``more`` says what it leaves
    out ("121 more statements"). The console shows the brief, or everything when asked; Slack and Discord
    show it on the first page and the rest (``rest()``) on the pages after. ``brief`` None: no compact form.
    """

    kind: str
    head: tuple[Block, ...]
    items: tuple[Block, ...] = ()
    tone: Tone = Tone.NORMAL
    brief: tuple[Union[int, "Block"], ...] | None = None
    more: Inline = ()

    @property
    def compact(self) -> bool:
        """There is a compact form, and it leaves something out."""
        return self.brief is not None and bool(self.rest())

    def shown(self) -> tuple[Block, ...]:
        """The blocks of the compact form, after the head (every item when there is none)."""
        if self.brief is None:
            return self.items
        return tuple(self.items[b] if isinstance(b, int) else b for b in self.brief)

    def rest(self) -> tuple[Block, ...]:
        """The items the compact form leaves out, in order, each under the section label it stands under."""
        if self.brief is None:
            return ()
        shown = {b for b in self.brief if isinstance(b, int)}
        rest: list[Block] = []
        label: Block | None = None
        for i, item in enumerate(self.items):
            if isinstance(item, Section) and not item.children:
                label = item
            elif i not in shown:
                if label is not None:
                    rest.append(label)
                    label = None
                rest.append(item)
        return tuple(rest)
