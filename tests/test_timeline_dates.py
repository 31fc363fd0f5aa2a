"""Timeline dates that survive recaps, planned events, and one entry per happening (sentences written here)."""
from __future__ import annotations

from datetime import date

from old_index import at_version

from bot.corpus.event_groups import assign
from bot.extract.dates.find import find_dates
from bot.extract.pipeline import extract
from bot.models import Event
from bot.store.sqlite import migrations as db

from adapters.layout.entries import event as event_layout


def values(text: str, published: date) -> dict[str, tuple[str, str]]:
    return {m.text: (m.value, m.precision) for m in find_dates(text, published)}


RECAP = ("In June 2024, a summit on the war was held at a lakeside resort. "
         "On February 18, envoys of the two powers met in Riyadh for the first time. "
         "Ten days later, on February 28, the talks collapsed in an angry exchange. "
         "The leaders finally met in person on August 15, 2025, at an air base.")


def test_a_yearless_date_between_two_dated_sentences_takes_the_year_that_fits_between_them():
    found = values(RECAP, date(2026, 2, 18))
    assert found["February 18"] == ("2025-02-18", "day")


def test_a_count_of_days_and_the_date_beside_it_are_one_day_in_the_narrative_year():
    found = values(RECAP, date(2026, 2, 18))
    assert found["Ten days later"][0] == found["February 28"][0] == "2025-02-28"
    events = extract(RECAP, date(2026, 2, 18)).events
    assert [e.date for e in events if "collapsed" in e.text] == ["2025-02-28"]


def test_the_end_of_the_month_told_in_the_past_is_the_month_of_the_story():
    text = ("The war began in February 2022. On March 10, the two foreign ministers met in Antalya. "
            "A second meeting towards the end of the month failed to agree a truce. "
            "In July 2022, a grain deal was signed.")
    found = values(text, date(2026, 2, 18))
    assert found["March 10"][0] == "2022-03-10"
    assert found["the end of the month"] == ("2022-03", "month")


def test_the_end_of_the_month_ahead_is_counted_from_publication():
    text = "On March 10, 2022, ministers met. Officials hope to sign a deal by the end of the month."
    assert values(text, date(2026, 2, 18))["the end of the month"][0] == "2026-02"


def test_recent_news_keeps_its_year_when_only_years_surround_it():
    text = ("Russia invaded Ukraine in 2022. On February 16, envoys met in Geneva to discuss a truce. "
            "The 2022 invasion is now in its fifth year.")
    assert values(text, date(2026, 2, 18))["February 16"][0] == "2026-02-16"


def test_since_a_date_dates_no_event_and_a_since_clause_dates_only_itself():
    text = "The first direct talks since the early weeks of the 2021 standoff ended after two hours on Friday."
    events = extract(text, date(2025, 5, 17)).events
    assert [e.date for e in events] == ["2025-05-16"]
    text = "Since the rebels seized the port three years ago, the council has been deadlocked."
    events = extract(text, date(2025, 5, 17)).events
    assert [(e.date, e.text) for e in events] == [("2022", "Since the rebels seized the port three years ago")]


def test_a_day_after_publication_is_an_event_only_when_planned():
    planned = extract("The envoy will meet the president in Oslo on Tuesday.", date(2025, 5, 17)).events
    assert [(e.date, e.planned) for e in planned] == [("2025-05-20", True)]
    text = "Speaking to a radio station on Friday, before Sunday's vote, the minister warned of unrest."
    events = extract(text, date(2025, 5, 16)).events
    assert [(e.date, e.planned) for e in events] == [("2025-05-16", False)]


def test_a_supposition_dates_nothing_but_an_expectation_is_planned():
    published = date(2025, 11, 27)
    for text in ["The mayor has the clearest agenda: he thinks he can be governor in 2029 if he keeps the unions on board.",
                 "The minister could resign in 2027 if the coalition falls apart."]:
        assert extract(text, published).events == [], text
    expected = extract("The mayor expects to meet the governor in May.", published).events
    assert [(e.date, e.planned) for e in expected] == [("2026-05", True)]
    said = extract("Officials said the talks could resume in March.", published).events
    assert [(e.date, e.planned) for e in said] == [("2026-03", True)]
    past = extract("He thinks the talks ended in 2019.", published).events
    assert [(e.date, e.planned) for e in past] == [("2019", False)]


def test_a_time_of_a_named_day_dates_that_day_and_may_be_planned():
    said = extract("\u201cAs of today, the outcome is not enough,\u201d the mayor said in a Wednesday evening address.",
                   date(2026, 2, 20)).events
    assert [e.date for e in said] == ["2026-02-18"]
    ahead = extract("The president is set to host the delegations Thursday morning at the palace.", date(2025, 3, 26)).events
    assert [(e.date, e.planned) for e in ahead] == [("2025-03-27", True)]


def test_weekdays_ahead():
    # "will hold rallies on Friday" in a Friday article: that Friday
    assert values("Both candidates will hold rallies on Friday.", date(2025, 5, 16))["Friday"][0] == "2025-05-16"
    # "starting Thursday" in a Tuesday article: the coming Thursday
    assert values("A four-day pause starting Thursday was agreed.", date(2025, 5, 13))["Thursday"][0] == "2025-05-15"


def row(article: str, when: str, precision: str, text: str, people=(), places=(), end=None) -> dict:
    return {"article_id": article, "date": when, "precision": precision, "end_date": end, "text": text,
            "people": list(people), "places": list(places)}


def test_one_visit_told_by_week_range_and_day_is_one_entry():
    rows = [
        row("a", "2026-01-19", "week", "US envoys came to Moscow this week to brief the leadership on their contacts.",
            places=["Moscow"]),
        row("a", "2026-01-22", "range", "US envoys came to Moscow on January 22-23 to brief the leadership on their "
            "contacts, and the meeting was useful.", places=["Moscow"], end="2026-01-23"),
        row("a", "2026-01-22", "day", "Late on Thursday, the delegation arrived for the talks with the president.",
            people=["Ann Vogel"]),
    ]
    assert len(set(assign(rows))) == 1


def test_separate_happenings_on_one_day_or_in_one_week_stay_apart():
    rows = [
        row("a", "2022-04-25", "week", "The UN chief will travel to Moscow and Kyiv next week.", ["Anna Ruiz"]),
        row("a", "2022-04-26", "day", "The UN chief will meet the president in Moscow on Tuesday.", ["Anna Ruiz"]),
        row("a", "2022-04-28", "day", "The UN chief will then travel to Kyiv on Thursday.", ["Anna Ruiz"]),
        row("b", "2025-03-13", "day", "The adviser Ole Berg also said on Thursday that the pause helps the army.",
            ["Ole Berg", "Ivan Petrov"]),
        row("b", "2025-03-13", "day", "On Thursday, the treasury chief told a broadcaster that pressure would grow.",
            ["Mia Lund", "Ivan Petrov"]),
    ]
    leads = assign(rows)
    assert leads[1] != leads[2]
    assert leads[3] != leads[4]


def test_precision_and_plans_are_shown_as_they_are():
    week = Event(date="2026-01-19", precision="week", text="came this week", sources=["a"])
    assert event_layout(week).when == "week of 2026-01-19"
    plan = Event(date="2026-02-01", precision="day", text="will return", sources=["a"], planned=True)
    assert event_layout(plan).when == "2026-02-01 (planned)"
    assert event_layout(Event(date="2026-01", precision="month", text="x")).when == "2026-01"


def test_events_indexed_before_planned_read_not_planned(tmp_path):
    path = at_version(
        tmp_path / "v7.sqlite", 7,
        "INSERT INTO articles(id, path, title, content_hash, extractor_version, text)"
        " VALUES ('a', '/a.txt', 'A', 'h', '15', 'They met.')",
        "INSERT INTO events(article_id, date, precision, date_text, text, start, \"end\")"
        " VALUES ('a', '2025-01-02', 'day', 'January 2', 'They met.', 0, 9)",
    )
    upgraded = db.connect(path)
    assert db.schema_version(upgraded) == db.SCHEMA_VERSION
    assert upgraded.execute("SELECT text, planned FROM events").fetchone()[:] == ("They met.", 0)
