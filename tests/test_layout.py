"""The format-neutral layouts: one per answer kind, every node rendered by all three renderers, escaping whole."""
from __future__ import annotations

import re
import typing

import pytest

from adapters import plain
from adapters.discord import render as discord_render
from adapters.layout import LAYOUTS, layout
from adapters.layout import nodes as n
from adapters.layout.listings import highlighted
from adapters.layout.pages import split
from adapters.slack import render as slack_render
from bot import models as m
from bot.commands.registry import COMMANDS, QUESTION_KINDS

KINDS = {t.model_fields["kind"].default for t in typing.get_args(typing.get_args(m.Answer)[0])}
LINK = n.Citation("Talks <b>", "Wire", "2026-01-24", "000_a", number=1, url="https://news.example/a?x=1&y=2")
EVERY_NODE = n.Layout(
    kind="error",
    head=(
        n.Heading("Title"),
        n.Field("label", n.spans("value ", n.Span("code", n.Mark.CODE), " ", n.Refs(("a", "b")), " ", n.Items(("x", "y")))),
        n.Note(n.spans(n.Span("muted", n.Mark.EMPHASIS))),
        n.Caption(n.spans(n.Span("3 things", n.Mark.STRONG))),
        n.Line(n.spans("line ", n.Span("/who X", n.Mark.COMMAND))),
        n.ListItem(n.spans("item"), number="#1"),
        n.Section("group", 2, (n.Event("2026-01-01", "it happened", n.Refs(("a",))), n.ListItem(n.spans("p")))),
        n.Section("entries"),
    ),
    items=(
        n.Quotation(n.spans(n.Span("Ann", n.Mark.STRONG), ", 2026-01-01"), "words", False,
                    n.Refs(("000_a",), cited=(n.Citation("Talks <b>", "Wire", "2026-01-24", "000_a", url=LINK.url),))),
        n.Event("2026-01-02", "then this", n.Refs(("b",))),
        LINK,
        n.Hit(LINK, highlighted("a **match** here")),
        n.Story("Story", (LINK,), updated=True),
        n.ArticleRow("000_a", "Talks", None, "2026-01-24", story="000_b", story_size=2),
        n.Usage("/who <name>", "A person.", "/who Witkoff"),
    ),
)


def test_every_answer_kind_has_a_layout():
    assert set(LAYOUTS) == KINDS


def test_every_node_type_has_a_renderer_on_every_platform():
    assert set(plain.BLOCKS) == set(n.BLOCKS) and set(plain.INLINES) == set(n.INLINES)
    assert set(slack_render.LINES) | set(slack_render.BLOCKS) == set(n.BLOCKS)
    assert set(discord_render.BLOCKS) == set(n.BLOCKS)


@pytest.fixture()
def every_node(monkeypatch):
    monkeypatch.setitem(LAYOUTS, "error", lambda answer: EVERY_NODE)
    return m.ErrorAnswer(message="unused")


def test_every_node_renders_on_every_platform(every_node):
    text = plain.render(every_node)
    assert "  [1] Talks <b> — Wire, 2026-01-24 <https://news.example/a?x=1&y=2>" in text
    assert "      — Wire, 2026-01-24 <https://news.example/a?x=1&y=2>" in text  # under the quote: its source
    rendered = slack_render.render(every_node)
    blocks = [b.to_dict() for b in (*rendered.head, *rendered.items)]
    assert "*[1]* <https://news.example/a?x=1&amp;y=2|Talks &lt;b&gt;> — Wire, 2026-01-24" in str(blocks)
    assert ">words\\n— <https://news.example/a?x=1&amp;y=2|Talks &lt;b&gt;> (Wire, 2026-01-24)" in str(blocks)
    [page] = [p.to_dict() for p in discord_render.render(every_node)]
    assert "[Talks <b>](https://news.example/a?x=1&y=2) — Wire, 2026-01-24" == page["fields"][4]["value"]
    assert page["fields"][2]["value"] == "words\n— [Talks <b>](https://news.example/a?x=1&y=2) (Wire, 2026-01-24)"
    assert page["title"] == "Title" and page["fields"][0]["name"] == "Group (2)"


def test_every_command_has_a_layout_for_each_answer_kind_it_declares():
    """A command added to the registry with an answer kind no layout renders fails here, not in a channel."""
    for command in COMMANDS:
        missing = set(command.answer_kinds) - set(LAYOUTS)
        assert not missing, f"/{command.name}: no layout for {missing}"
    assert QUESTION_KINDS <= set(LAYOUTS), "a question's answer kinds need layouts too"


def test_snippet_highlights_become_spans():
    assert highlighted("…in **Abu** **Dhabi** 2 * 3…") == (
        n.Span("…in "), n.Span("Abu", n.Mark.HIGHLIGHT), n.Span(" "), n.Span("Dhabi", n.Mark.HIGHLIGHT), n.Span(" 2 * 3…"))


HOSTILE = m.SearchAnswer(query="link", results=[m.SearchHit(
    article_id="a1", title="T", snippet="see [the **link**](https://evil.example/2) at <t:1:R>, <@**123456789012345678**>, "
    "</ban:1> <#1> @**everyone** <!here> & **@here** *x")])


def test_discord_snippet_cannot_hide_a_link_or_form_a_token():
    value = discord_render.render(HOSTILE)[0].to_dict()["fields"][0]["value"]
    assert "**link**" in value  # the highlight survives
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", value), value  # no masked link, even across the bold marks
    for token in ("<t:", "<@", "</", "<#"):
        assert token not in value
    assert "@\u200b**everyone**" in value


def test_slack_snippet_is_escaped_whole():
    section = slack_render.render(HOSTILE).items[0].to_dict()["text"]["text"]
    assert "*link*" in section and "&lt;t:1:R&gt;" in section and "&lt;!here&gt; &amp;" in section
    assert "@\u2060*everyone*" in section and not re.search(r"<[^>]*>", section)


def test_split_fills_pages_up_to_both_limits():
    assert split([], len, count=3, room=10) == [[]]
    assert split(["aaaa", "bbbb", "cc", "d", "e"], len, count=3, room=10) == [["aaaa", "bbbb", "cc"], ["d", "e"]]
    assert split(["x" * 20, "y"], len, count=5, room=10) == [["x" * 20], ["y"]]  # an item too big still gets a page
    assert split(["a", "b", "c"], len, count=3, room=100, first=(2, 0), later=(1, 0)) == [["a"], ["b", "c"]]


def test_layouts_are_built_once_for_every_platform(seeds_desk):
    answer = seeds_desk.ask("/who Witkoff")
    assert layout(answer) == layout(answer)  # frozen nodes: equal layouts for equal answers
