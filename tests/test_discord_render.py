"""Discord embeds for every answer kind: golden JSON on the seeds, Discord's limits on any answer, escaping.

The golden files hold ``Embed.to_dict()`` of every page, exactly what goes on
the wire. After an intended change, regenerate with
``NEWSDESK_UPDATE_GOLDEN=1 pytest tests/test_discord_render.py`` and review the diff.
"""
from __future__ import annotations

import json
import os
import typing
from pathlib import Path

import pytest
from conftest import at_asked
from fake_discord import embed_problems
from hypothesis import given
from hypothesis import strategies as st
from test_golden import _name

from adapters.discord.render import batches, clean, render
from bot import Newsdesk
from bot import models as m

GOLDEN = Path(__file__).resolve().parent / "golden" / "discord"
CASES = [
    "/who Witkoff",
    "/who Vladimir",
    "/who Nobody Atall",
    "/quote conditions",
    "/quote by: Polishchuk",
    "/timeline Anchorage",
    "/search Abu Dhabi",
    "/sources",
    "/help",
    "What did Merz announce on January 16?",
    "/nonsense",
    "/digest now",
    "/digest list",
    "/feed list",
]
ALL_KINDS = {t.model_fields["kind"].default for t in typing.get_args(typing.get_args(m.Answer)[0])}


def pages_json(answer) -> list[dict]:
    return [page.to_dict() for page in render(answer)]


@pytest.mark.parametrize("command", CASES)
def test_golden_embeds(seeds_desk, command):
    with at_asked():
        actual = pages_json(seeds_desk.ask(command))
    path = GOLDEN / _name(command)
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {command!r}: run with NEWSDESK_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text(encoding="utf-8"))
    assert all(embed_problems([page]) == [] for page in actual)


LINKED = ["/who Witkoff", "/quote by: Polishchuk", "/timeline Anchorage", "/search Abu Dhabi", "/sources",
          "What did Merz announce on January 16?"]


@pytest.mark.parametrize("command", LINKED)
def test_golden_links(linked_desk, command):
    """On the seeds with a url: header each, every article an answer names is a masked link ``[title](url)``."""
    with at_asked():
        actual = pages_json(linked_desk.ask(command))
    assert "](https://news.example/articles/" in json.dumps(actual[0], ensure_ascii=False)
    path = GOLDEN / ("linked_" + _name(command))
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {command!r}: run with NEWSDESK_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text(encoding="utf-8"))
    assert all(embed_problems([page]) == [] for page in actual)


def test_the_cases_cover_every_answer_kind(seeds_desk):
    with at_asked():
        assert {seeds_desk.ask(command).kind for command in CASES} == ALL_KINDS


def test_a_long_answer_is_paged_with_numbered_footers(seeds_desk):
    """The first page is the compact answer (the five key quotes) and its footer counts the rest."""
    answer = seeds_desk.ask("/quote by: Polishchuk")
    pages = pages_json(answer)
    assert len(pages) == 3 and len(answer.quotes) == 15
    assert [p["footer"]["text"] for p in pages] == ["Page 1/3 · 10 more quotes", "Page 2/3", "Page 3/3"]
    assert len(pages[0]["fields"]) == 5 == len(answer.featured)
    assert sum(len(p["fields"]) for p in pages) == 15  # every quote, once


def _cited(i: int) -> m.Citation:
    return m.Citation(article_id=f"{i:05d}_" + "f" * 30, title="T*" * 400, outlet="O" * 300, published="2026-01-01",
                      url="https://news.example/" + "p" * (900 if i % 2 else 300) + "?a=(1)&b=[2]")


def _quote(i: int, size: int) -> m.Quote:
    return m.Quote(speaker="S" * 400, speaker_role="R" * 300, text=f"q{i} " + "x*_" * size, direct=i % 2 == 0,
                   date="2026-01-01", article_id=f"a{i}", sources=[f"{i:05d}_" + "f" * 30] * 40,
                   citations=[_cited(i + k) for k in range(40)] if i % 3 else [])


HUGE = [
    m.PersonAnswer(person=m.Person(
        name="N" * 500, aliases=["alias"] * 300, roles=["role " * 80] * 50, affiliation="A" * 2000,
        articles=[f"{i:05d}_abcdef" for i in range(2000)], related=["Someone Else"] * 400,
        quotes=[_quote(i, 500) for i in range(40)], citations=[_cited(i) for i in range(300)],
        key_quotes=[39, 0, 7])),
    m.QuotesAnswer(query="@everyone " * 100, quotes=[_quote(i, 500) for i in range(40)], featured=[3, 1, 20, 0, 9]),
    m.TimelineAnswer(query="t" * 400, events=[
        m.Event(date="2025-01-01", precision="day", end_date="2025-02-01", text="e*" * 1000, sources=["s"] * 300,
                citations=[_cited(k) for k in range(i % 4)])
        for i in range(60)], featured=list(range(0, 60, 4))),
    m.SearchAnswer(query="q", results=[
        m.SearchHit(article_id="a", title="T" * 1000, outlet="O" * 300, snippet="**hit** " * 200,
                    url=_cited(i).url) for i in range(40)], featured=[0, 1, 2, 3, 4]),
    m.SourcesAnswer(articles=[
        m.Source(article_id=f"{i}", title="T" * 600, outlet="O" * 200, published=None, published_inferred=True,
                 published_range=["2020-01-01", "2021-01-01"], story="s" * 100, story_size=3) for i in range(500)]),
    m.HelpAnswer(commands=[m.CommandHelp(name="c", usage="/c " + "u" * 300, summary="s" * 2000, example="e" * 500)] * 40),
    m.TextAnswer(text="sentence. " * 1000, confident=True, citations=[
        m.Citation(article_id="a" * 50, title="T" * 400, outlet="O" * 300, published="2026-01-01")] * 60),
    m.ChoicesAnswer(message="M" * 400, choices=["C" * 200] * 500),
    m.NotFoundAnswer(message="<@123456789012345678> " * 400, suggestions=["S" * 100] * 300),
    m.ErrorAnswer(message="E" * 9000),
    m.DigestAnswer(
        channel="#" + "c" * 300, schedule="s" * 300, topic="@everyone " * 50, since="2026-01-01T00:00:00+00:00",
        until="2026-01-02T00:00:00+00:00", missed=7, preview=True,
        stories=[m.DigestStory(title="T" * 700, articles=[
            m.Citation(article_id=f"{i:05d}_" + "f" * 30, title="T" * 300, outlet="O" * 200) for i in range(60)])] * 12,
        events=[m.Event(date="2025-01-01", precision="day", text="e*" * 1000, sources=["s"] * 300)] * 10,
        quotes=[_quote(i, 500) for i in range(12)],
        people=[m.DigestPerson(name="P" * 300, role="R" * 300, articles=["a"] * 50)] * 40,
        more=["/who " + "W" * 300] * 3),
    m.SubscriptionsAnswer(message="M" * 5000, subscriptions=[
        m.Subscription(id=i, channel="C" * 100, schedule="daily at 09:00 (UTC)", topic="t" * 200) for i in range(100)]),
    m.FeedsAnswer(message="M" * 5000, feeds=[
        m.FeedInfo(number=i, url="https://e.org/" + "u" * 1900, title="@everyone " * 40, state="failing",
                   last_error="E" * 500, next_poll="2026-01-01 09:00 UTC") for i in range(100)],
        articles=[m.Citation(article_id="web-" + "f" * 16, title="T" * 400, outlet="O" * 300,
                             url="https://e.org/" + "a" * 1900)] * 3),
]


@pytest.mark.parametrize("answer", HUGE, ids=lambda a: a.kind)
def test_any_answer_stays_within_discord_limits(answer):
    pages = pages_json(answer)
    assert {a.kind for a in HUGE} == ALL_KINDS
    for page in pages:
        assert embed_problems([page]) == [], page.get("title")
    for message in batches(render(answer)):
        assert embed_problems([e.to_dict() for e in message]) == []
    person = getattr(answer, "person", m.Person(name="x"))
    items = {"person": len(person.quotes) + len(person.citations),
             "quotes": len(getattr(answer, "quotes", [])), "timeline": len(getattr(answer, "events", [])),
             "search": len(getattr(answer, "results", [])), "sources": len(getattr(answer, "articles", [])),
             "help": len(getattr(answer, "commands", [])), "answer": len(getattr(answer, "citations", []))}
    if answer.kind in items:  # nothing is dropped: every item is a field on exactly one page
        assert sum(len(p.get("fields", [])) for p in pages) == items[answer.kind]


def test_batches_fill_messages_up_to_the_limits(seeds_desk):
    small = render(seeds_desk.ask("/quote by: Polishchuk"))  # 5 pages of about 1,500 characters
    grouped = batches(small)
    assert [page for message in grouped for page in message] == small and len(grouped) < len(small)
    for message, following in zip(grouped, grouped[1:]):  # a message takes the next page whenever it fits
        assert len(message) == 10 or sum(map(len, message)) + len(following[0]) > 6000
    large = render(HUGE[0])  # pages of up to 6000 characters: one per message
    assert batches(large) == [[page] for page in large]
    many = render(m.SourcesAnswer(articles=[m.Source(article_id=str(i), title="t", story="s") for i in range(250)]))
    assert [len(message) for message in batches(many)] == [10, 10, 5]  # 25 pages of 10 short fields


@pytest.fixture(scope="module")
def hostile_desk(tmp_path_factory):
    """A corpus whose article tries to ping everyone and to inject markdown."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / "001_hostile.txt").write_text(
        "title: **Breaking**: a message for @everyone\noutlet: Test Wire\npublished: 2026-02-02\n---\n"
        "TESTVILLE (Test Wire) - The mayor of Testville spoke to reporters on Monday about the new bridge.\n"
        '"We will finish the **bridge** for @everyone, and <@123> and @here can hold me to it," '
        "Mayor John Smith said.\nSmith said the bridge would open in March.\n",
        encoding="utf-8",
    )
    nd = Newsdesk(corpus=root / "corpus", db=root / "index.sqlite")
    nd.index()
    yield nd
    nd.close()


QUOTED = [r"\*\*bridge\*\*", "<\u200b@123>", "@\u200beveryone", "@\u200bhere"]
TITLED = [r"\*\*Breaking\*\*", "@\u200beveryone"]


@pytest.mark.parametrize("command, inert", [
    ("/quote bridge", QUOTED),
    ("/who Smith", QUOTED),
    ("What will Smith finish?", QUOTED + TITLED),
    ("/sources", TITLED),
    ("/search bridge", TITLED + ["<\u200b@123>"]),
])
def test_article_text_cannot_ping_or_inject_markdown(hostile_desk, command, inert):
    shown = _strings(pages_json(hostile_desk.ask(command)))
    assert "@everyone" not in shown and "@here" not in shown and "<@123>" not in shown
    assert "**Breaking**" not in shown
    for text in inert:  # still readable, but escaped: no ping, no bold
        assert text in shown


def _strings(value) -> str:
    """Every string in a JSON value, one per line: what Discord would display."""
    if isinstance(value, dict):
        return "\n".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(_strings(v) for v in value)
    return value if isinstance(value, str) else ""


def test_search_keeps_its_highlights_bold_and_article_asterisks_literal(hostile_desk):
    [page] = pages_json(hostile_desk.ask("/search bridge"))
    snippet = page["fields"][0]["value"]
    assert "new **bridge**." in snippet  # the core's highlight
    assert "\\*\\***bridge**\\*\\*" in snippet  # the article's own asterisks around it, escaped


@given(st.lists(st.sampled_from(list("@<>!&#*_~`|\\ :/at0123456789") + ["everyone", "here"])).map("".join))
def test_clean_never_leaves_a_mention(text):
    out = clean(text)
    assert "@everyone" not in out and "@here" not in out
    for token in ("<@", "<#", "</", "<:", "<a:", "<t:"):
        assert token not in out


def test_a_quote_said_before_it_was_reported_shows_both_dates_in_its_field():
    quote = m.Quote(speaker="Lena Ortiz", text="The pier stays closed.", direct=True, date="2024-03-13",
                    said_on="2024-02-27", said_precision="day", article_id="a1", sources=["a1"])
    plain = quote.model_copy(update={"said_on": None, "said_precision": None, "direct": False})
    pages = pages_json(m.QuotesAnswer(quotes=[quote, plain]))
    names = [f["name"] for page in pages for f in page.get("fields", [])]
    assert embed_problems(pages) == []
    assert names == ["Lena Ortiz, said 2024-02-27 · reported 2024-03-13", "Lena Ortiz, reported 2024-03-13 — indirect"]
