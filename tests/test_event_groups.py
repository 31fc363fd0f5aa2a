"""One event told by several articles is one timeline entry; different events stay apart."""
from __future__ import annotations

import pytest

from bot.corpus.event_groups import content_words, same_event


def item(text: str, people=(), places=()) -> dict:
    return {"people": set(people), "places": set(places), "words": content_words(text)}


@pytest.mark.parametrize(
    "a, b, day, same",
    [
        (item("On August 15, Putin and Trump met in Alaska to discuss the conflict.", ["putin", "trump"], ["Alaska"]),
         item("the Anchorage meeting between Donald Trump and Vladimir Putin, which occurred on August 15",
              ["trump", "putin"], ["Anchorage"]), True, True),
        (item("On February 24, 2022, Russia launched a special military operation in Ukraine to liberate Donbass, "
              "where the Donetsk and Lugansk People's Republics had been under attack.", [], ["Ukraine", "Donetsk"]),
         item("On February 24, Russia launched a special operation to protect the Donetsk and Lugansk People's "
              "Republics.", [], ["Donetsk"]), True, True),
        (item("This was announced on November 8 by Deputy Foreign Minister Andrey Rudenko.", ["rudenko"]),
         item("On November 8, French President Emmanuel Macron called for the resumption of talks.", ["macron"],
              ["France"]), True, False),
        (item("In 2022 the economy shrank.", [], []), item("In 2022 Russia launched a war.", [], ["Russia"]), False,
         False),
    ],
)
def test_same_event(a, b, day, same):
    assert same_event(a, b, day) is same


def test_date_clause_terminates_on_a_verbless_sentence():
    from bot.extract.events import date_clause
    from bot.extract.nlp import parse
    from bot.extract.types import DateMention

    doc = parse("Summit in Alaska, August 2025; talks in Istanbul, March 2022.")
    mention = DateMention("August 2025", 18, 29, "DATE", "2025-08", "month")
    assert date_clause(doc, mention, 0, len(doc.text)) == (0, len(doc.text))


def grouped(text: str, people=(), places=()) -> dict:
    from bot.corpus.event_groups import numbers

    return {"people": set(people), "places": set(places), "words": content_words(text), "numbers": numbers(text)}


def test_a_shared_count_joins_two_tellings_of_one_swap():
    a = grouped("On Friday both sides said they had each handed over 390 captives.")
    b = grouped("It followed the release of 390 captives on Friday, the largest swap so far.")
    assert same_event(a, b, True)


def test_names_found_everywhere_do_not_make_one_happening():
    common = frozenset({"trump", "putin"})
    a = grouped("A Kremlin aide told the agency on Sunday that contacts about Putin and Trump were emerging.",
                ["trump", "putin"])
    b = grouped("On Sunday, Trump said he would meet Putin at an appropriate time.", ["trump", "putin"])
    assert not same_event(a, b, True, common)


def test_citation_negation_and_speaker_today_date_no_event():
    from bot.extract.events import _citation, _negated, _without_speaker_today
    from bot.extract.types import DateMention

    text = "Commentators doubt the truce (Daily Courier, January 26)."
    start = text.index("January")
    assert _citation(text, DateMention("January 26", start, start + 10, "DATE", "2026-01-26", "day"))
    text = "The aim is peace, not tomorrow or next month."
    t1, t2 = text.index("tomorrow"), text.index("next month")
    first = _negated(text, DateMention("tomorrow", t1, t1 + 8, "DATE", "2026-01-27", "day"), False)
    assert first and _negated(text, DateMention("next month", t2, t2 + 10, "DATE", "2026-02", "month"), first)
    tuesday = DateMention("Tuesday", 0, 7, "DATE", "2025-03-25", "day")
    today = DateMention("today", 20, 25, "DATE", "2025-03-26", "day")
    assert [m.text for m, _ in _without_speaker_today([(tuesday, None), (today, None)])] == ["Tuesday"]


def test_one_day_one_rare_place_and_the_same_parties_are_one_happening():
    # capitals count as their countries: Washington and Kyiv are the US and Ukraine
    a = item("Hours of talks in Oman on Tuesday ended with a joint US-Ukraine statement backing a truce.",
             [], ["Oman", "United States", "Ukraine"])
    b = item("On Tuesday, teams representing Washington and Kyiv met in Oman's Muscat to negotiate terms.",
             [], ["Washington", "Kyiv", "Oman", "Muscat"])
    assert same_event(a, b, True)
    assert not same_event(a, b, False)  # a month or a year in common is not enough
    other = item("On Tuesday, Ukraine's ambassador to the US toured a factory.", [], ["Ukraine", "United States"])
    assert not same_event(a, other, True)  # the same two countries without the rare place: apart
