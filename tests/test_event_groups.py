"""One event told by several articles is one timeline entry; different events stay apart."""
from __future__ import annotations

import pytest

from bot.event_groups import content_words, same_event


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
