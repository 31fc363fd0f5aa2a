"""Events from the text: a dated sentence is an event; a dateline dates the lead under it."""
from __future__ import annotations

from datetime import date

from bot.extract.pipeline import extract


def _events(text: str, published: date | None = None) -> list[tuple[str, str, str]]:
    return [(e.date, e.precision, e.text) for e in extract(text, published).events]


def test_a_dateline_dates_the_lead_that_reports_what_happened():
    text = (
        "Harbour authority wins dredging contract\n"
        "March 01 , 2008\n"
        "The Lisbon harbour authority has awarded a dredging contract to a Dutch firm .\n"
        "The work is expected to take two years .\n"
    )
    events = _events(text, date(2008, 3, 1))
    assert [(d, p) for d, p, _ in events] == [("2008-03-01", "day")]
    assert events[0][2].startswith("The Lisbon harbour authority has awarded")


def test_a_dateline_with_its_weekday_counts_and_a_lead_in_the_future_does_not():
    past = "Tuesday, October 16, 2007\nThe airline took delivery of its first jet.\n"
    assert [d for d, _, _ in _events(past)] == ["2007-10-16"]
    future = "Tuesday, October 16, 2007\nThe airline will take delivery of its first jet next year.\n"
    assert "2007-10-16" not in [d for d, _, _ in _events(future)]


def test_only_the_lead_takes_the_dateline_and_a_lead_with_its_own_date_keeps_it():
    text = (
        "October 16, 2007\n"
        "The ministry said on Monday that the plant had closed.\n"
        "Workers protested outside the gates.\n"
    )
    events = _events(text, date(2007, 10, 16))
    assert [d for d, _, _ in events] == ["2007-10-15"]


def test_a_date_inside_a_sentence_is_not_a_dateline():
    text = "The talks ended on March 3, 2008 in Geneva.\nDelegates left the city.\n"
    events = _events(text)
    assert [d for d, _, _ in events] == ["2008-03-03"]
    assert all("Delegates" not in t for _, _, t in events)


def test_a_line_break_ends_the_sentence_of_an_event():
    text = "Peace talks stall\nOn February 24, 2022, troops crossed the border.\nThe envoy said talks would resume.\n"
    events = _events(text)
    assert len(events) == 1 and events[0][2] == "On February 24, 2022, troops crossed the border."
