"""What a digest holds: the sources line of an entry, the days its timeline covers, stories ranked by outlets."""
from __future__ import annotations

from datetime import date

import pytest
import time_machine
from digest_support import desk, local

from bot import models as m
from bot.digest import outlets
from bot.digest.compose import clip, period, rank_stories


def _cite(article_id: str, outlet: str | None, published: str | None = "2026-02-01") -> m.Citation:
    return m.Citation(article_id=article_id, title=f"Title {article_id}", outlet=outlet, published=published)


@pytest.mark.parametrize(("carriers", "label", "reach"), [
    (["Reuters"], "Reuters", 1),
    (["Reuters", "ABC News"], "Reuters, ABC News", 2),
    (["Fox News", "Fox News"], "Fox News (2)", 1),
    (["Reuters", "AP", "BBC News", "NPR", "TASS"], "Reuters, AP, BBC News and 2 more", 5),
    (["Sputnik", None], "Sputnik and 1 more", 2),
    ([None, None], "2 articles", 2),
    ([None], "1 article", 1),
    (["  Al   Jazeera ", "Al Jazeera"], "Al Jazeera (2)", 1),
])
def test_the_sources_line_names_outlets_never_files(carriers, label, reach):
    cited = [_cite(f"{i:02d}_2026-02-01_some-long-file-name", outlet) for i, outlet in enumerate(carriers)]
    assert outlets.label(cited) == label and outlets.reach(cited) == reach
    assert "file-name" not in outlets.label(cited)


def test_long_texts_are_cut_at_a_word():
    assert clip("short", 10) == "short"
    assert clip("The delegation arrived at the Kremlin late on Thursday", 30) == "The delegation arrived at the…"
    assert len(clip("x" * 500, 40)) == 40


@pytest.mark.parametrize(("when", "first", "last"), [
    (("2026-02-05", "day", None), date(2026, 2, 5), date(2026, 2, 5)),
    (("2026-02-02", "week", None), date(2026, 2, 2), date(2026, 2, 8)),
    (("2026-02", "month", None), date(2026, 2, 1), date(2026, 2, 28)),
    (("2029", "year", None), date(2029, 1, 1), date(2029, 12, 31)),
    (("2025-12-14", "range", "2025-12-15"), date(2025, 12, 14), date(2025, 12, 15)),
    (("2026-Q1", "quarter", None), date(2026, 1, 1), date(2026, 3, 31)),
])
def test_the_days_an_event_date_covers(when, first, last):
    day, precision, end = when
    assert period(m.Event(date=day, precision=precision, end_date=end, text="x")) == (first, last)


def test_stories_carried_by_more_outlets_come_first_then_more_articles_then_the_latest():
    one = m.DigestStory(title="one outlet", articles=[_cite("a", "Reuters", "2026-02-09")])
    two = m.DigestStory(title="two outlets", articles=[_cite("b", "Reuters", "2026-02-01"), _cite("c", "AP", "2026-02-01")])
    same = m.DigestStory(title="one outlet twice", articles=[_cite("d", "TASS"), _cite("e", "TASS")])
    undated = m.DigestStory(title="undated", articles=[_cite("f", "NPR", None)])
    assert [s.title for s in rank_stories([undated, one, same, two])] == [
        "two outlets", "one outlet twice", "one outlet", "undated"]


ARTICLES = {  # name: (published, body), all from "Test Wire" unless named
    "talks": ("2026-02-03", "Negotiators met in Testville on February 3 to discuss the new bridge. "
                            "The bridge will open in 2029, Mayor John Smith said."),
    "history": ("2026-02-04", "The council approved the budget on February 4. The old bridge was built in 1990."),
    "ahead": ("2026-02-04", "The mayor will travel to Testhaven on February 10 to sign the bridge contract."),
    "today": ("2026-02-04", "Workers are expected to arrive on February 4 at the site."),
}


@pytest.fixture
def bridge_desk(tmp_path):
    with time_machine.travel(local(2026, 2, 4, 18, 0), tick=False):
        nd = desk(tmp_path)
        for name, (published, body) in ARTICLES.items():
            (nd.corpus / f"{name}.txt").write_text(
                f"title: {name.title()} in Testville\noutlet: Test Wire\npublished: {published}\n---\n{body}\n",
                encoding="utf-8")
        nd.index()
    yield nd
    nd.close()


def test_the_timeline_holds_only_what_is_dated_within_the_window(bridge_desk):
    with time_machine.travel(local(2026, 2, 4, 19, 0), tick=False):
        digest = bridge_desk.ask("/digest now")
    assert (digest.dated_from, digest.dated_to) == ("2026-02-03", "2026-02-04")
    dates = [(e.date, e.planned) for e in digest.events]
    assert ("2026-02-03", False) in dates and ("2026-02-04", False) in dates
    assert ("2026-02-04", True) in dates  # planned within the window: kept, and marked by the layouts
    assert not any(d in ("2029", "1990", "2026-02-10") for d, _ in dates)  # a forecast, a recap, a plan after the end
    assert [d for d, _ in dates] == sorted(d for d, _ in dates)

    from adapters.plain import render

    text = render(digest)
    assert "2026-02-04 (planned) Workers are expected to arrive" in text
    assert "On the timeline, 2026-02-03 to 2026-02-04" in text and "— Test Wire" in text
