"""Layouts of the replies: help, an answer to a question, an error."""
from __future__ import annotations

from bot import models as m

from adapters.layout.entries import cited
from adapters.layout.nodes import Caption, Layout, Line, Mark, Note, Section, Span, Tone, Usage, spans

MENTION_HINT = "Or mention the bot with a question, in a channel or in a direct message."


def help_(a: m.HelpAnswer) -> Layout:
    items = (*(Usage(c.usage, c.summary, c.example) for c in a.commands), Caption(spans(MENTION_HINT)))
    return Layout(a.kind, (Section("Commands"),), items)


def answer(a: m.TextAnswer) -> Layout:
    """The short answer, each supporting sentence with the numbers of the articles that say it, then the sources."""
    number = {c.article_id: i for i, c in enumerate(a.citations, 1)}
    head: list = [Line(spans(a.text))]
    for e in a.evidence:
        refs = "[" + ", ".join(str(number[i]) for i in e.article_ids if i in number) + "]"
        head.append(Note(spans(refs) if e.text == a.text else spans(f"“{e.text}” {refs}")))
    if a.citations:
        head.append(Caption(spans(Span("Sources", Mark.STRONG))))
    citations = tuple(cited(c, number=i) for i, c in enumerate(a.citations, 1))
    return Layout(a.kind, tuple(head), citations, tone=Tone.NORMAL if a.confident else Tone.MUTED)


def error(a: m.ErrorAnswer) -> Layout:
    return Layout(a.kind, (Line(spans(a.message)),), tone=Tone.FAILURE)
