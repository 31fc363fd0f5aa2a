"""End to end on the 59 real ukraine_talks articles (read in place from ../shared; skipped without it).

Indexing the whole folder also guards against an article that hangs or crashes extraction.
"""
from __future__ import annotations

import pytest

from conftest import SHARED

TALKS = SHARED / "corpus" / "ukraine_talks"
pytestmark = pytest.mark.skipif(not TALKS.is_dir(), reason="../shared/corpus/ukraine_talks is not here")


@pytest.fixture(scope="module")
def talks(tmp_path_factory):
    from bot import Newsdesk

    nd = Newsdesk(corpus=TALKS, db=tmp_path_factory.mktemp("talks") / "talks.sqlite")
    report = nd.index()
    assert not report.skipped and len(report.added) == 59
    yield nd
    nd.close()


def ask(nd, text):
    return nd.ask(text).model_dump(mode="json")


def test_who_merges_every_spelling_of_zelensky(talks):
    out = ask(talks, "/who Zelensky")
    assert out["kind"] == "person"
    names = {out["person"]["name"], *out["person"]["aliases"]}
    assert {"Volodymyr Zelenskyy", "Zelensky"} <= names
    assert not any("Putin" in n or "Zelenska" in n for n in names)


def test_who_witkoff_on_the_corpus(talks):
    person = ask(talks, "/who Witkoff")["person"]
    assert person["name"] == "Steve Witkoff"
    assert any("envoy" in r.lower() for r in person["roles"])
    assert len(person["articles"]) >= 10


def test_people_are_people(talks):
    for place in ("Kyiv", "Istanbul", "Donbas", "Reuters", "Kremlin"):
        out = ask(talks, f"/who {place}")
        assert out["kind"] != "person" or out["person"]["is_organisation"], place


def test_every_quote_shown_has_a_speaker_and_sources(talks):
    out = ask(talks, "/quote ceasefire")
    assert out["kind"] == "quotes" and len(out["quotes"]) >= 5
    for q in out["quotes"]:
        assert q["speaker"] and q["sources"] and q["article_id"] in q["sources"]


def test_timeline_is_ordered_and_cited(talks):
    events = ask(talks, "/timeline Istanbul")["events"]
    assert events and [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert all(e["sources"] for e in events)
    assert any(e["date"].startswith("2025-05") for e in events)


def test_a_question_is_answered_with_citations_or_declined(talks):
    out = ask(talks, "When did the prisoner swap take place?")
    assert out["confident"] and out["citations"]
    out = ask(talks, "What did Lavrov say about the Eurovision song contest?")
    assert not out["confident"]


# ---- a digest of the whole corpus: what an editor reads in a minute ---------------------------------------------


@pytest.mark.parametrize("budget", [1500, 3000, 6000])
def test_a_digest_of_the_corpus_fits_its_budget_and_counts_the_rest(talks, budget):
    from bot.commands.digest import preview
    from bot.settings import Settings
    from bot.store.digest_store import DigestStore

    from adapters.plain import render

    talks.context.settings = Settings(digest_max_chars=budget)
    try:
        digest = preview(talks.context, DigestStore(talks.repo), talks.settings, None, channel="console")
    finally:
        talks.context.settings = talks.settings
    text = render(digest)
    assert len(text) <= budget, (len(text), text)
    assert digest.article_count == 59 and "New articles (59):" in text  # every new article counted, shown or not
    rest = digest.story_count - len(digest.stories)
    assert rest > 0 and f"and {rest} more stories" in text
    assert digest.event_count > len(digest.events) and f"and {digest.event_count - len(digest.events)} more" in text
    assert not any(path.stem in text for path in TALKS.glob("*.txt"))  # outlets, never file names
    if budget == 3000:
        assert len(digest.stories) >= 6 and len(digest.events) >= 3 and len(digest.quotes) >= 2


def test_the_digest_ranks_stories_by_outlets_and_dates_its_timeline_within_its_window(talks):
    from bot.digest import outlets
    from bot.digest.compose import period

    digest = talks.ask("/digest now")
    reach = [outlets.reach(s.articles) for s in digest.stories]
    assert reach == sorted(reach, reverse=True)
    assert (digest.dated_from, digest.dated_to) == ("2022-04-12", "2026-02-26")  # the articles' first and last days
    days = [period(e) for e in digest.events]
    assert all(digest.dated_from <= first.isoformat() and last.isoformat() <= digest.dated_to for first, last in days)
    assert [e.date for e in digest.events] == sorted(e.date for e in digest.events)
    assert not any("2029" in e.date or "Rubio has the clearest agenda" in e.text for e in digest.events)
