"""End to end on the 59 real ukraine_talks articles (read in place from ../shared; skipped without it).

Indexing the whole folder also guards against an article that hangs or crashes extraction.
"""
from __future__ import annotations

import re

import pytest

from adapters.discord.render import render as discord_render
from adapters.plain import render as console
from adapters.slack.paging import page as slack_page
from adapters.slack.render import render as slack_render
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


# -- compact answers that link to their sources, measured on the corpus -----------------------------------

FILE_NAME = re.compile(r"\b\d{2}_(?:\d{4}-\d{2}-\d{2}|undated)_[a-z0-9-]+_")  # "13_2025-03-14_al-jazeera_what-..."


def most_quoted(nd) -> str:
    """The name of the person with the most statements in the index (whoever it is on this corpus)."""
    [row] = nd.repo.query(
        "SELECT p.name, COUNT(*) AS n FROM quotes q JOIN article_people ap"
        " ON ap.article_id = q.article_id AND ap.local_id = q.speaker_local JOIN persons p ON p.id = ap.person_id"
        " GROUP BY p.id, p.name ORDER BY n DESC, p.name LIMIT 1")
    return row["name"]


def test_the_most_quoted_persons_card_fits_forty_lines_and_its_json_stays_complete(talks):
    name = most_quoted(talks)
    answer = talks.ask(f"/who {name}")
    person = answer.person
    text = console(answer)
    lines = text.splitlines()
    assert len(lines) <= 40, text
    assert len(person.quotes) > 50 and len(person.citations) == len(person.articles) > 20
    hidden = re.search(r"… (\d+) more articles and (\d+) more quotes", lines[-1])
    assert hidden and int(hidden[1]) == len(person.articles) - 3 and int(hidden[2]) == len(person.quotes) - 3
    assert len(person.key_quotes) == 3 and len(console(answer, full=True).splitlines()) > 5 * len(lines)


def test_a_year_of_timeline_fits_sixty_lines_and_its_json_stays_complete(talks):
    answer = talks.ask("/timeline from:2025-01-01 to:2025-12-31")
    text = console(answer)
    lines = text.splitlines()
    assert len(lines) <= 60, text
    shown = [line for line in lines if re.match(r"\d{4}", line)]
    assert 10 <= len(shown) <= 15 and len(shown) == len(answer.featured)
    assert lines[-1] == f"… {len(answer.events) - len(shown)} more events: narrow with from:/to: or a topic"
    assert len(answer.events) > 100 and all("2025" <= e.date[:4] <= "2025" for e in answer.events)
    months = {answer.events[i].date[:7] for i in answer.featured}
    assert len(months) >= 6  # spread over the year, not its busiest month


def test_quotes_and_search_show_five_and_say_how_many_more(talks):
    for asked, noun in (("/quote ceasefire", "quotes"), ("/search ceasefire", "articles")):
        answer = talks.ask(asked)
        everything = answer.quotes if noun == "quotes" else answer.results
        text = console(answer)
        assert len(answer.featured) == 5 and len(everything) > 10
        assert f"… {len(everything) - 5} more {noun}" in text.splitlines()[-1]
        assert len(console(answer, full=True)) > 2 * len(text)


def test_every_source_named_is_a_link_and_never_a_file_name(talks):
    """Every citation, quote source, event source, hit and source row carries the article's address; the console
    prints it, Slack and Discord link the title to it, and none names an article by its file name (only /sources,
    the list of indexed files, shows those)."""
    for asked in ("/who Witkoff", "/quote ceasefire", "/timeline Istanbul", "/search ceasefire", "/sources",
                  "When did the prisoner swap take place?"):
        answer = talks.ask(asked)
        named = [d for d in _dicts(answer.model_dump(mode="json")) if "article_id" in d and "title" in d]
        assert named and all((d["url"] or "").startswith("https://") for d in named), asked
        texts = {
            "console": console(answer) + console(answer, full=True),
            "slack": str(slack_page(slack_render(answer), asked).blocks),
            "discord": str([p.to_dict() for p in discord_render(answer)]),
        }
        assert "https://" in texts["console"] and "<https://" in texts["slack"] and "](https://" in texts["discord"]
        if asked != "/sources":
            assert not any(FILE_NAME.search(t) for t in texts.values()), (asked, [FILE_NAME.search(t) for t in texts.values()])


def _dicts(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _dicts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dicts(v)


def test_sources_columns_do_not_run_together(talks):
    lines = console(talks.ask("/sources")).splitlines()
    rows, details = lines[0::2], lines[1::2]
    assert len(rows) == 59 and all(d.startswith("    https://") for d in details)
    for row in rows:  # date, outlet and title, each two spaces or more from the next, in the same columns
        assert re.fullmatch(r"\S+(?: \(inferred\))? {2,}\S.*? {2,}\S.*", row), row
    assert len({re.match(r"\S+(?: \(inferred\))? +", row).end() for row in rows}) == 1, "the outlet column moves"


def test_every_page_of_a_long_answer_is_one_slack_and_discord_accept(talks):
    """The compact first page and every page after it, for the longest answers the corpus gives."""
    from fake_discord import embed_problems
    from fake_slack import block_problems

    for asked in (f"/who {most_quoted(talks)}", "/timeline", "/quote peace"):
        answer = talks.ask(asked)
        rendered = slack_render(answer)
        first = slack_page(rendered, asked)
        assert first.pages > 1 and "more" in str(first.blocks[-2])  # "… N more", then the More button
        for number in range(1, first.pages + 1):
            assert block_problems(slack_page(rendered, asked, number).blocks) == [], (asked, number)
        pages = [p.to_dict() for p in discord_render(answer)]
        assert "more" in pages[0]["footer"]["text"] and all(embed_problems([p]) == [] for p in pages), asked


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
