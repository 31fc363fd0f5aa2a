"""When a statement was made: ``said_on`` from a date tied to its speech verb, never a guess.

Every sentence here is written for this test. Publication dates: 2024-03-13 is a Wednesday.
"""
from __future__ import annotations

from datetime import date

import pytest

from bot.extract.pipeline import extract, extraction_json

WEDNESDAY = date(2024, 3, 13)


def said(text: str, published: date = WEDNESDAY) -> list[tuple[str | None, str | None, str | None]]:
    """(speaker, said_on, said_precision) of every speech quote, in order."""
    return [(q.speaker, q.said_on, q.said_precision) for q in extract(text, published).quotes if q.kind == "speech"]


@pytest.mark.parametrize(("text", "value", "precision"), [
    # "On <date>, X stated"
    ("On February 27, harbour master Lena Ortiz stated that the pier would stay closed.", "2024-02-27", "day"),
    ("On 4 December 2023, Mayor Arto Kinnunen announced that the bridge tolls would end.", "2023-12-04", "day"),
    # "X said on <weekday>": the most recent one on or before publication
    ("Finance Minister Carla Brandt said on Monday that the budget was balanced.", "2024-03-11", "day"),
    ("Finance Minister Carla Brandt said Monday that the budget was balanced.", "2024-03-11", "day"),
    ("The budget is balanced, Finance Minister Carla Brandt said on Tuesday.", "2024-03-12", "day"),
    # "X told reporters on <weekday>", "told reporters Friday"
    ("Coach Ivo Marsh told reporters on Friday that the team was ready.", "2024-03-08", "day"),
    # a weekday the small model glues to the noun after it ("Tuesday Ukraine", "Tuesday peace talks")
    ("Prime Minister Oskar Lind said Tuesday Norway had agreed with Danish negotiators to a fishing truce.",
     "2024-03-12", "day"),
    ("President Oskar Lind said on Tuesday peace talks with the rebels had hit a dead end.", "2024-03-12", "day"),
    # the verb the speaker is the subject of, not a nearer one in a clause about them
    ("Lind, who has repeatedly said he wants a quick deal, said on Sunday he thought he was making progress.",
     "2024-03-10", "day"),
    ("Coach Ivo Marsh told reporters Friday that the team was ready.", "2024-03-08", "day"),
    ("\u201cWe are ready,\u201d coach Ivo Marsh told reporters on Sunday.", "2024-03-10", "day"),
    # the words' occasion: "in a speech last month", "at a briefing on Monday", "in an interview published ..."
    ("Senator Dana Holt said in a speech last month that the law was unfair.", "2024-02", "month"),
    ("Senator Dana Holt said at a briefing on Monday that the law was unfair.", "2024-03-11", "day"),
    ("Senator Dana Holt said in remarks published on Tuesday that the law was unfair.", "2024-03-12", "day"),
    # "Speaking on <date>, X said"
    ("Speaking to students on Monday, Senator Dana Holt said the law was unfair.", "2024-03-11", "day"),
    # weeks and years
    ("Senator Dana Holt said last week that the law was unfair.", "2024-03-04", "week"),
    ("In 2021, Senator Dana Holt said that the law was unfair.", "2021", "year"),
    # the speaker's subject, then the date, then the verb
    ("The two mayors on Monday said the bridge would reopen.", "2024-03-11", "day"),
])
def test_a_date_tied_to_the_speech_verb_dates_the_words(text, value, precision):
    assert said(text)[0][1:] == (value, precision)


@pytest.mark.parametrize("text", [
    # no date anywhere
    "Finance Minister Carla Brandt said that the budget was balanced.",
    # a date of another event in the same sentence
    "Finance Minister Carla Brandt, who met the unions on Monday, said that the budget was balanced.",
    "Finance Minister Carla Brandt said after the vote on Monday that the budget was balanced.",
    "Finance Minister Carla Brandt said of the summit in January that it had achieved nothing.",
    # the date is part of what was said
    "Finance Minister Carla Brandt said the budget would be presented on Monday.",
    "Finance Minister Carla Brandt said talks had collapsed on February 2.",
    # said since, or before, a date: not on it
    "Finance Minister Carla Brandt has said since 2020 that the budget must be balanced.",
])
def test_no_date_of_the_words_gives_none(text):
    assert said(text)[0][1:] == (None, None)


def test_a_dated_sentence_introduces_the_words_of_its_subject_in_the_next():
    text = ("On Monday, Prime Minister Aino Lehtola addressed parliament. "
            "\u201cWe will not raise taxes,\u201d she said.")
    assert said(text) == [("Aino Lehtola", "2024-03-11", "day")]


def test_words_after_a_dated_statement_of_the_same_speaker_share_its_date():
    text = ("Prime Minister Aino Lehtola said on Monday that taxes would not rise. "
            "\u201cThe budget holds,\u201d Lehtola said. "
            "She has repeatedly said that the deficit must fall.")
    assert said(text) == [
        ("Aino Lehtola", "2024-03-11", "day"),
        ("Aino Lehtola", "2024-03-11", "day"),
        ("Aino Lehtola", None, None),  # "has repeatedly said": another occasion
    ]


def test_a_dated_sentence_of_someone_else_or_of_two_people_introduces_nothing():
    other = ("On Monday, Prime Minister Aino Lehtola addressed parliament. "
             "\u201cThe speech changed nothing,\u201d opposition leader Petri Saari said.")
    assert said(other)[-1] == ("Petri Saari", None, None)
    both = ("Prime Minister Aino Lehtola and Petri Saari spoke for an hour on Monday. "
            "\u201cIt went well,\u201d Lehtola said.")
    assert said(both)[-1] == ("Aino Lehtola", None, None)


def test_a_weekday_resolves_against_the_publication_date():
    text = "Harbour master Lena Ortiz said on Thursday that the pier would reopen."
    assert said(text, date(2024, 3, 13))[0][1] == "2024-03-07"  # the Thursday before a Wednesday
    assert said(text, date(2024, 3, 15))[0][1] == "2024-03-14"  # the day before a Friday
    assert said(text, None)[0][1] is None  # no publication date: a weekday names no day


def test_extract_json_gives_the_statement_date_with_each_quote():
    out = extraction_json(extract("On February 27, harbour master Lena Ortiz stated that the pier would stay "
                                  "closed. Captain Rui Sousa said the ferries would run.", WEDNESDAY))
    assert [(q["said_on"], q["said_precision"]) for q in out["quotes"]] == [("2024-02-27", "day"), (None, None)]


# ---- on the seeds: the issue's own examples, stored, ordered and rendered ----------------------------------

def test_who_gives_when_the_words_were_said_and_orders_by_it(seeds_desk):
    from adapters.plain import render

    answer = seeds_desk.ask("/who Путин")
    quotes = answer.person.quotes
    # "On October 31, Putin stated ..." in an article of 2022-11-08; "Following the summit, ... said" gives no date
    assert [(q.said_on, q.date) for q in quotes] == [("2022-10-31", "2022-11-08"), (None, "2026-01-24")]
    text = render(answer)
    assert "said 2022-10-31 · reported 2022-11-08" in text
    assert "reported 2026-01-24" in text and "said 2026-01-24" not in text
    as_json = answer.model_dump(mode="json")["person"]["quotes"][0]
    assert (as_json["said_on"], as_json["said_precision"], as_json["date"]) == ("2022-10-31", "day", "2022-11-08")


def test_the_seeds_other_statement_dates(seeds_desk):
    zakharova = seeds_desk.ask("/quote by:Zakharova").quotes
    assert [(q.said_on, q.date) for q in zakharova] == [("2022-11-02", "2022-11-08")]
    macron = seeds_desk.ask("/quote reorganized").quotes
    assert [(q.speaker, q.said_on, q.date) for q in macron] == [("Emmanuel Macron", "2026-01-07", "2026-01-20")]


def test_an_unnamed_source_dated_in_the_lead_and_named_in_the_next_sentence():
    text = ("The harbour will reopen before the summer season, a senior port authority official said Tuesday. "
            "Repairs to the breakwater were ahead of schedule, port authority spokesman Tomas Ekberg told journalists. "
            "He gave no exact date, however, and added: \u201cThe crews are working around the clock.\u201d")
    assert said(text)[1:] == [("Tomas Ekberg", "2024-03-12", "day"), ("Tomas Ekberg", "2024-03-12", "day")]


def test_a_described_source_named_by_the_same_noun_and_words_that_go_on_from_it():
    text = ("Up north, a fishing newsletter edited by Rune Halvorsen reported last week that the cod had returned. "
            "The return will keep the fleet \u201cbusy for months,\u201d the newsletter known as Nordfangst said, "
            "adding that the quotas would have to be raised.")
    got = said(text)
    assert got[-2:] == [("Nordfangst", "2024-03-04", "week"), ("Nordfangst", "2024-03-04", "week")]


@pytest.mark.parametrize("text", [
    # the named speaker shares nothing with the description: someone else
    ("The harbour will reopen before the summer season, a senior port authority official said Tuesday. "
     "The repairs were ahead of schedule, Mayor Tomas Ekberg told journalists."),
    # "another official": explicitly someone else
    ("The harbour will reopen before the summer season, a senior port authority official said Tuesday. "
     "The repairs were ahead of schedule, another port authority official, Tomas Ekberg, told journalists."),
    # the named speaker was named before the description: not its source revealed
    ("Port authority spokesman Tomas Ekberg has led the repairs for a year. "
     "The harbour will reopen before the summer season, a senior port authority official said Tuesday. "
     "The repairs were ahead of schedule, port authority spokesman Tomas Ekberg told journalists."),
    # officials in the plural: a group, not the one named next
    ("The harbour will reopen before the summer season, port authority officials said Tuesday. "
     "The repairs were ahead of schedule, port authority spokesman Tomas Ekberg told journalists."),
    # a negated occasion: no words were said on it
    ("Port authority spokesman Tomas Ekberg didn't address the criticism on Tuesday. "
     "But the spokesman said that the repairs were ahead of schedule."),
    # "has said": another occasion
    ("The harbour will reopen before the summer season, a senior port authority official said Tuesday. "
     "The repairs are ahead of schedule, port authority spokesman Tomas Ekberg has said."),
])
def test_a_named_speaker_after_a_dated_description_stays_undated_when_not_its_source(text):
    assert said(text)[-1][1:] == (None, None)
