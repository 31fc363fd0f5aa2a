"""Golden Block Kit of every answer kind on the seeds, exactly as a slash command sends it.

Each file in tests/golden/slack/ is the response_url body (``response_type``,
``text``, ``blocks``) of the first page. After an intended change, regenerate
with ``NEWSDESK_UPDATE_GOLDEN=1 pytest tests/test_slack_render.py`` and review
the diff before committing it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import at_asked
from fake_slack import block_problems

from adapters.slack.commands import core_text, slash_commands
from adapters.slack.listeners import SlackListeners
from adapters.slack.render import EPHEMERAL_KINDS, render
from bot import models as m

GOLDEN = Path(__file__).resolve().parent / "golden" / "slack"
CASES = [  # (file name, slash command, text typed after it)
    ("who_witkoff", "who", "Witkoff"),
    ("who_vladimir", "who", "Vladimir"),
    ("who_nobody_atall", "who", "Nobody Atall"),
    ("quote_conditions", "quote", "conditions"),
    ("quote_by_polishchuk", "quote", "by:Polishchuk"),
    ("timeline_anchorage", "timeline", "Anchorage"),
    ("search_abu_dhabi", "search", "Abu Dhabi"),
    ("sources", "sources", ""),
    ("help", "newsdesk", "help"),
    ("question_merz", "newsdesk", "what did Merz announce on January 16?"),
    ("error_empty_who", "who", ""),
    ("error_unknown_command", "newsdesk", "/nonsense"),
    ("digest_now", "digest", "now"),
    ("digest_list", "digest", "list"),
    ("feed_list", "feed", "list"),
]


@pytest.mark.parametrize(("case", "command", "text"), CASES, ids=[c[0] for c in CASES])
async def test_golden(seeds_desk, case, command, text):
    with at_asked():
        message = await SlackListeners(seeds_desk, slash_commands()).answer(core_text(command, text))
    actual = {"response_type": message.response_type, "text": message.text, "blocks": message.blocks}
    assert block_problems(message.blocks) == []
    path = GOLDEN / f"{case}.json"
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {case}: run with NEWSDESK_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text(encoding="utf-8"))


LINKED = [  # (file name, slash command, text, page): the seeds with a url: header each
    ("linked_who_witkoff", "who", "Witkoff", 1),
    ("linked_quote_by_polishchuk", "quote", "by:Polishchuk", 1),
    ("linked_quote_by_polishchuk_page_2", "quote", "by:Polishchuk", 2),
    ("linked_timeline_anchorage", "timeline", "Anchorage", 1),
    ("linked_search_abu_dhabi", "search", "Abu Dhabi", 1),
    ("linked_sources", "sources", "", 1),
    ("linked_question_merz", "newsdesk", "what did Merz announce on January 16?", 1),
]


@pytest.mark.parametrize(("case", "command", "text", "number"), LINKED, ids=[c[0] for c in LINKED])
async def test_golden_links(linked_desk, case, command, text, number):
    """Every article an answer names is a link ``<url|title>``; a long answer's first page is its compact form."""
    with at_asked():
        message = await SlackListeners(linked_desk, slash_commands()).answer(core_text(command, text), number)
    actual = {"response_type": message.response_type, "text": message.text, "blocks": message.blocks}
    assert block_problems(message.blocks) == []
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "<https://news.example/articles/" in shown and "?from=seeds&amp;page=1|" in shown
    path = GOLDEN / f"{case}.json"
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {case}: run with NEWSDESK_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text(encoding="utf-8"))


def test_golden_cases_cover_every_answer_kind(seeds_desk):
    with at_asked():
        kinds = {seeds_desk.ask(core_text(command, text)).kind for _, command, text in CASES}
    assert kinds == {model.model_fields["kind"].default for model in m.Answer.__args__[0].__args__}


def test_visibility_follows_the_kind():
    assert render(m.ErrorAnswer(message="Bad.")).ephemeral
    assert render(m.ChoicesAnswer(choices=["A B", "A C"])).ephemeral
    assert not render(m.TextAnswer(text="They met.", confident=True)).ephemeral
    assert render(m.SubscriptionsAnswer(message="Subscribed.")).ephemeral is False
    assert EPHEMERAL_KINDS == {"error", "help", "not_found", "choices", "digest"}


def test_long_text_is_clipped_to_slack_limits_without_breaking_an_entity():
    name = "A" * 200
    answer = m.TextAnswer(text="<&>" * 2000, confident=True)
    section = render(answer).head[0].to_dict()["text"]["text"]
    assert len(section) == 3000 and section.endswith("…") and not section.rstrip("…").endswith(("&", "&l", "&lt", "&a"))
    header = render(m.PersonAnswer(person=m.Person(name=name))).head[0].to_dict()["text"]["text"]
    assert len(header) == 150 and header.endswith("…")


def test_search_highlight_becomes_slack_bold():
    hit = m.SearchHit(article_id="a1", title="T", snippet="…in **Abu** **Dhabi** 2 * 3…")
    section = render(m.SearchAnswer(query="Abu Dhabi", results=[hit])).items[0].to_dict()["text"]["text"]
    assert section.endswith("…in *Abu* *Dhabi* 2 * 3…")


def test_a_quote_said_before_it_was_reported_shows_both_dates_in_its_section():
    quote = m.Quote(speaker="Lena Ortiz", text="The pier stays closed.", direct=True, date="2024-03-13",
                    said_on="2024-02-27", said_precision="day", article_id="a1", sources=["a1"])
    plain = quote.model_copy(update={"said_on": None, "said_precision": None, "direct": False})
    rendered = render(m.QuotesAnswer(quotes=[quote, plain]))
    texts = [b.text.text for b in rendered.items if getattr(b, "text", None) is not None]
    assert block_problems([b.to_dict() for b in rendered.items]) == []
    assert texts[0].startswith("*Lena Ortiz*, said 2024-02-27 · reported 2024-03-13 [a1]\n>")
    assert texts[1].startswith("*Lena Ortiz*, reported 2024-03-13 [a1] — _indirect_\n>")
