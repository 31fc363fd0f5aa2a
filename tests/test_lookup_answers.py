"""/who by role, phrases and numbers in /search and /quote, quotes by their sentence, a statement once per article.

On the seeds and on the 59 ukraine_talks articles (read in place from ../shared; skipped without them), each
indexed into SQLite and into PostgreSQL: full-text matching, ranking and snippets must agree on both. The
expected answers were checked by reading the articles.
"""
from __future__ import annotations

import re

import pytest
import time_machine
from conftest import SEEDS, SEEDS_INDEXED_AT, SHARED, at_asked

TALKS = SHARED / "corpus" / "ukraine_talks"


def _desk(request, corpus, name, tmp_path_factory):
    from bot import Newsdesk

    if request.param == "postgresql":
        db = request.getfixturevalue("pg_cluster").create_database(name)
    else:
        db = tmp_path_factory.mktemp(name) / f"{name}.sqlite"
    nd = Newsdesk(corpus=corpus, db=db)
    with time_machine.travel(SEEDS_INDEXED_AT, tick=False):
        nd.index()
    return nd


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeds(request, tmp_path_factory):
    nd = _desk(request, SEEDS, "lookup_seeds", tmp_path_factory)
    yield lambda text: _ask(nd, text)
    nd.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def talks(request, tmp_path_factory):
    if not TALKS.is_dir():
        pytest.skip("../shared/corpus/ukraine_talks is not here")
    nd = _desk(request, TALKS, "lookup_talks", tmp_path_factory)
    yield lambda text: _ask(nd, text)
    nd.close()


def _ask(nd, text: str) -> dict:
    with at_asked():
        return nd.ask(text).model_dump(mode="json")


def marked(snippet: str) -> list[str]:
    return re.findall(r"\*\*(.+?)\*\*", snippet, flags=re.S)


# ---- the seeds ----

def test_a_quoted_phrase_is_searched_and_marked_as_a_phrase(seeds):
    out = seeds('/search "political will"')
    assert out["kind"] == "search"
    assert sorted(h["article_id"][:3] for h in out["results"]) == ["000", "001"]
    for hit in out["results"]:
        assert [" ".join(m.split()) for m in marked(hit["snippet"])] == ["political will"]
    assert seeds('/search "political willingness"')["kind"] == "not_found"


def test_a_quoted_phrase_in_quote(seeds):
    quotes = seeds('/quote "political will"')["quotes"]
    assert quotes and all("political will" in q["text"] for q in quotes)


def test_a_quote_is_found_by_the_topic_of_its_sentence(seeds):
    # "Russia has never renounced dialogue, ..., the spokesman told journalists, commenting on Kuleba's remarks"
    out = seeds("/quote Kuleba")
    assert out["kind"] == "quotes"
    assert any(q["speaker"] == "Dmitry Peskov" and q["text"].startswith("Russia has never renounced dialogue")
               for q in out["quotes"])


def test_a_statement_is_shown_once_per_article(seeds):
    quotes = seeds("/who Polishchuk")["person"]["quotes"]
    in_000 = [q["text"] for q in quotes if q["article_id"].startswith("000")]
    # each paraphrase of seeds/000 is folded into the quote of the same words that follows it
    for paraphrase, direct in [
        ("Russia has never rejected talks with Ukraine", "We have never refused to negotiate with Ukraine"),
        ("US representatives came to Moscow this week", "American representatives came to Moscow on January 22-23"),
        ("contacts on Ukraine were expected to continue", "It was agreed that contacts on the Ukrainian issue"),
        ("Russia appreciates the peace initiatives", "We appreciate the peace initiatives of China"),
    ]:
        assert not any(t.startswith(paraphrase) for t in in_000), paraphrase
        assert sum(t.startswith(direct) for t in in_000) == 1, direct
    # a paraphrase whose words are not quoted stays ("well known"; the quote goes on to what it is based on)
    assert any(t.startswith("Russia's position on a comprehensive") for t in in_000)
    assert len(quotes) == 15


def test_roles_are_shown_once(seeds):
    roles = seeds("/who Witkoff")["person"]["roles"]
    assert sum("special envoy" in r.lower() for r in roles) == 1


# ---- ukraine_talks ----

def test_who_finds_the_holder_of_a_role(talks):
    for asked, name in [("the Kremlin spokesman", "Dmitry Peskov"), ("press secretary", "Karoline Leavitt"),
                        ("Russian foreign minister", "Sergei Lavrov"), ("Kremlin spokesmn", "Dmitry Peskov")]:
        out = talks(f"/who {asked}")
        assert out["kind"] == "person" and out["person"]["name"] == name, asked


def test_who_offers_the_holders_of_a_role_with_their_roles(talks):
    choices = talks("/who Foreign Minister")["choices"]
    assert {"Sergei Lavrov — Foreign Minister of Russia", "Andriy Sybiga — Foreign Minister of Ukraine"} <= set(choices)
    assert all(re.search(r"foreign (affairs )?minister", c.lower()) and "deputy" not in c.lower() for c in choices)
    assert talks("/who foriegn minster")["choices"] == choices  # typos as for names
    popes = talks("/who the Pope")["choices"]
    assert {"Leo XIV — Pope", "Francis — Pope"} <= set(popes) and all("pope" in c.lower() for c in popes)
    assert all("deputy foreign minister" in c.lower() for c in talks("/who deputy foreign minister")["choices"])


def test_a_name_wins_over_a_role(talks):
    assert talks("/who Lavrov")["person"]["name"] == "Sergei Lavrov"
    assert talks("/who Kremlin")["person"]["is_organisation"]
    assert talks("/who President Putin")["person"]["name"] == "Vladimir Putin"


def test_numbers_are_matched_as_numbers(talks):
    out = talks("/search 1,000 prisoners")
    assert out["kind"] == "search" and len(out["results"]) >= 4
    for hit in out["results"]:
        numbers = [m for m in marked(hit["snippet"]) if re.search(r"\d", m)]
        assert numbers and set(numbers) <= {"1,000", "1000"}, hit["snippet"]
    assert talks("/search 1000 prisoners")["results"] == out["results"]


def test_a_hyphenated_phrase_matches_both_ways_of_writing_it(talks):
    quoted = talks('/search "28-point plan"')["results"]
    ids = {h["article_id"][:2] for h in quoted}
    assert {"46", "56", "57"} <= ids and "45" not in ids  # 45 says "a 28-point peace plan"
    assert all(marked(h["snippet"]) == ["28-point plan"] for h in quoted)
    assert talks('/search "28 point plan"')["results"] == quoted


def test_quote_of_a_hyphenated_phrase_is_about_it(talks):
    quotes = talks("/quote 28-point plan")["quotes"]
    assert quotes
    assert not any("28 missiles" in q["text"] or "plans to speak" in q["text"] for q in quotes)
    assert all("plan" in q["text"].lower() for q in quotes)


def test_a_statement_is_shown_once_per_article_on_the_corpus(talks):
    quotes = talks("/who Peskov")["person"]["quotes"]
    in_31 = [q for q in quotes if q["article_id"].startswith("31_")]
    assert any(q["direct"] and q["text"].startswith("So far, the decision on the venue") for q in in_31)
    assert not any(q["text"].startswith("No decision has been made yet on the venue") for q in in_31)
    roles = talks("/who Witkoff")["person"]["roles"]
    assert sum("special envoy" in r.lower() for r in roles) == 1
    assert roles[0] == "Trump’s special envoy for peace missions"
