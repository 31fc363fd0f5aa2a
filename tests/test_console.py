"""The console renderer: exact text for fixed answer models, and the piped chat loop."""
from __future__ import annotations

import io
import re

from adapters.console import MORE_HINT, chat
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
    assert render(answer) == "They met.\n  [1] Talks — Sputnik, 2026-01-24"
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


# -- compact answers, and every article named by outlet, date, title and link -------------------------------

WIRE = m.Citation(article_id="13_2025-03-14_al-jazeera_what-are", title="What are Putin’s conditions?",
                  outlet="Al Jazeera", published="2025-03-14", url="https://news.example/putin-conditions")
BBC = m.Citation(article_id="12_2025-03-14_bbc-news_vladimir", title="Putin sets out conditions",
                 outlet="BBC News", published="2025-03-13", url="https://news.example/bbc?a=1&b=2")
SEED = m.Citation(article_id="002", title="Russia is not negotiating with the United States on Ukraine.",
                  published="2022-11-08")


def _said(text: str, *cited: m.Citation) -> m.Quote:
    return QUOTE.model_copy(update={"text": text, "article_id": cited[0].article_id,
                                    "sources": [c.article_id for c in cited], "citations": list(cited)})


CARD = m.PersonAnswer(person=m.Person(
    name="Andrey Rudenko", aliases=["Rudenko"], roles=["Deputy Foreign Minister", "minister", "diplomat"],
    affiliation="Russia", articles=[WIRE.article_id, BBC.article_id, SEED.article_id, "x"],
    citations=[WIRE, BBC, SEED, SEED.model_copy(update={"article_id": "x", "title": "Older"})],
    quotes=[_said("One.", SEED), _said("Two.", BBC, WIRE), _said("Three.", WIRE)], key_quotes=[1],
    related=["Vladimir Putin"]))


def test_a_person_card_is_compact_and_names_articles_never_by_file_name():
    assert render(CARD, hint="/more shows them all") == (
        "Andrey Rudenko\n"
        "  also: Rudenko\n"
        "  roles: Deputy Foreign Minister; diplomat\n"  # "minister" is said better by "Deputy Foreign Minister"
        "  affiliation: Russia\n"
        "  appears with: Vladimir Putin\n"
        "  articles (4):\n"
        "  - What are Putin’s conditions? — Al Jazeera, 2025-03-14 <https://news.example/putin-conditions>\n"
        "  - Putin sets out conditions — BBC News, 2025-03-13 <https://news.example/bbc?a=1&b=2>\n"
        "  - Russia is not negotiating with the United States on Ukraine. — 2022-11-08\n"
        "  key quotes, of 3:\n"
        "  - Andrey Rudenko (Deputy Foreign Minister), reported 2022-11-08\n"
        "      “Two.”\n"
        "      — BBC News, 2025-03-13 <https://news.example/bbc?a=1&b=2> (+1 more)\n"
        "  … 1 more article and 2 more quotes (/more shows them all)"
    )
    full = render(CARD, full=True)
    assert "…" not in full and full.count("“") == 3 and "  - Older — 2022-11-08" in full
    assert "      — 2022-11-08: Russia is not negotiating with the United States on Ukraine." in full  # no address
    assert "      — Al Jazeera, 2025-03-14 <https://news.example/putin-conditions>" in full  # every source
    assert "13_2025" not in render(CARD) + full and "[002]" not in full


def test_a_timeline_shows_its_featured_events_in_date_order_and_counts_the_rest():
    events = [m.Event(date=f"2025-0{i}-01", precision="day", text=f"Event {i} happened.", sources=[WIRE.article_id],
                      citations=[WIRE]) for i in range(1, 6)]
    answer = m.TimelineAnswer(events=events, featured=[3, 0])
    assert render(answer) == (
        "2025-01-01  Event 1 happened.\n"
        "            — Al Jazeera, 2025-03-14 <https://news.example/putin-conditions>\n"
        "2025-04-01  Event 4 happened.\n"
        "            — Al Jazeera, 2025-03-14 <https://news.example/putin-conditions>\n"
        "… 3 more events: narrow with from:/to: or a topic"
    )
    assert render(answer, full=True).count("happened") == 5
    assert render(answer.model_copy(update={"featured": []})).count("happened") == 5  # no choice made: all


def test_sources_keep_their_columns_apart_and_show_the_address():
    answer = m.SourcesAnswer(articles=[
        m.Source(article_id="a", title="First", outlet="Peace Research Institute Oslo (PRIO) blog", published="2026-02-04",
                 story="a", url="https://news.example/a"),
        m.Source(article_id="b", title="Second", outlet=None, published="2025-11-08", published_inferred=True,
                 published_range=["2025-11-08", ""], story="a", story_size=2)])
    assert render(answer).splitlines() == [
        "2026-02-04              Peace Research Institut…  First",
        "    https://news.example/a  ·  a",
        "~2025-11-08 (inferred)  -                         Second",
        "    b  ·  story a (2 articles)",
    ]


def test_more_in_the_chat_shows_all_of_the_last_answer(seeds_desk):
    out = io.StringIO()
    chat(seeds_desk, stdin=io.StringIO("/more\n/quote by:Polishchuk\n/more\n"), stdout=out)
    first, compact, full = out.getvalue().split("newsdesk> ")[1:]
    assert first == "/more\nNothing more: ask something first.\n\n"
    assert "more quotes (/more shows them all)" in compact.splitlines()[-2]
    assert full.count("- Alexey Polishchuk") > compact.count("- Alexey Polishchuk") and "more quotes" not in full


def test_on_the_seeds_every_answer_is_short_and_names_its_sources_with_their_addresses(linked_desk):
    """The seeds, each with a url: header: compact answers stay short, every source line carries its address."""
    bounds = {"/who Witkoff": 40, "/who Polishchuk": 40, "/quote by:Polishchuk": 40, "/timeline": 60,
              "/timeline from:2022-01-01 to:2022-12-31": 60, "/search Ukraine": 40}
    for asked, most in bounds.items():
        text = render(linked_desk.ask(asked), hint=MORE_HINT)
        assert len(text.splitlines()) <= most, (asked, text)
        sources = [line for line in text.splitlines()  # a source under an entry; an article of a card; a hit
                   if re.match(r"\s*— |  - .* — .*\d{4}-\d{2}-\d{2}|\d+\. ", line)]
        assert sources and all("<https://news.example/articles/" in line for line in sources), (asked, text)
        words = re.sub(r"<https://\S+>", "", text)  # the test's addresses hold the ids; nothing else may
        assert not re.search(r"00\d_[0-9a-f]{16}", words), (asked, text)  # never a file name
