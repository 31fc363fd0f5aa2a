"""The console renderer: exact text for fixed answer models, and the piped chat loop."""
from __future__ import annotations

import io

from adapters.console import chat
from adapters.plain import render
from bot import models as m

QUOTE = m.Quote(speaker="Andrey Rudenko", speaker_role="Deputy Foreign Minister", text="There are no preconditions.",
                direct=True, date="2022-11-08", article_id="002", sources=["002"])


def test_person_card():
    answer = m.PersonAnswer(person=m.Person(name="Steve Witkoff", aliases=["Witkoff"], roles=["special envoy"],
                                            affiliation="United States", articles=["000", "003"],
                                            quotes=[], related=["Vladimir Putin"]))
    assert render(answer) == (
        "Steve Witkoff\n"
        "  also: Witkoff\n"
        "  roles: special envoy\n"
        "  affiliation: United States\n"
        "  articles: 000, 003\n"
        "  appears with: Vladimir Putin"
    )


def test_quotes_and_reported_speech():
    reported = QUOTE.model_copy(update={"direct": False, "text": "Moscow has no preconditions", "sources": ["002", "005"]})
    assert render(m.QuotesAnswer(quotes=[QUOTE, reported])) == (
        "- Andrey Rudenko (Deputy Foreign Minister), reported 2022-11-08 [002]\n"
        "    “There are no preconditions.”\n"
        "- Andrey Rudenko (Deputy Foreign Minister), reported 2022-11-08 [002, 005] — indirect\n"
        "    Moscow has no preconditions"
    )


def test_timeline_answer_not_found_and_error():
    timeline = m.TimelineAnswer(events=[m.Event(date="2025-08-15", precision="day", text="Putin and Trump met.",
                                                sources=["000", "003"])])
    assert render(timeline) == "2025-08-15   [000, 003]\n    Putin and Trump met."
    answer = m.TextAnswer(text="They met.", confident=True, citations=[
        m.Citation(article_id="000", title="Talks", outlet="Sputnik", published="2026-01-24", snippet="They met.")])
    assert render(answer) == "They met.\n  [1] Talks — Sputnik, 2026-01-24 (000)"
    assert render(m.NotFoundAnswer(message="No one.", suggestions=["A B"])) == "No one.\nDid you mean: A B?"
    assert render(m.ErrorAnswer(message="Bad.")) == "error: Bad."


def test_piped_chat_echoes_each_question(seeds_desk):
    out = io.StringIO()
    assert chat(seeds_desk, stdin=io.StringIO("/who Witkoff\n\n/quit\n/help\n"), stdout=out) == 0
    text = out.getvalue()
    assert text.startswith("newsdesk> /who Witkoff\nSteve Witkoff\n")
    assert "Commands:" not in text


def test_a_quote_said_before_it_was_reported_shows_both_dates():
    said = QUOTE.model_copy(update={"said_on": "2022-10-31", "said_precision": "day"})
    same_day = QUOTE.model_copy(update={"said_on": "2022-11-08", "said_precision": "day"})
    week = QUOTE.model_copy(update={"said_on": "2022-10-31", "said_precision": "week"})
    undated = QUOTE.model_copy(update={"date": None})
    assert render(m.QuotesAnswer(quotes=[said, same_day, week, QUOTE, undated])).splitlines()[::2] == [
        "- Andrey Rudenko (Deputy Foreign Minister), said 2022-10-31 · reported 2022-11-08 [002]",
        "- Andrey Rudenko (Deputy Foreign Minister), said 2022-11-08 [002]",
        "- Andrey Rudenko (Deputy Foreign Minister), said week of 2022-10-31 · reported 2022-11-08 [002]",
        "- Andrey Rudenko (Deputy Foreign Minister), reported 2022-11-08 [002]",
        "- Andrey Rudenko (Deputy Foreign Minister), undated [002]",
    ]
    # --json prints the model: both dates, and the precision of the one said
    dumped = m.QuotesAnswer(quotes=[said]).model_dump(mode="json")["quotes"][0]
    assert (dumped["said_on"], dumped["said_precision"], dumped["date"]) == ("2022-10-31", "day", "2022-11-08")
