"""Serving caches follow an index change by reading what changed, not by reloading, and answer as a fresh process.

A serving process warms its caches (people and their name index, articles, stories, vocabulary, timeline entries);
another process adds, changes and removes articles. The serving process's next answers equal those of a process
that starts afresh, and reading what changed never reads a whole table.
"""
from __future__ import annotations

import json
import shutil

from bot import Newsdesk
from conftest import SEEDS

ASKED = ["/who Witkoff", "/who Zelensky", "/who Rudenko", "/quote negotiate", "/quote by: Polishchuk", "/timeline",
         "/timeline Moscow", "/search talks", "/sources", "Who did Witkoff meet in Moscow?",
         "What did Peskov say about the talks?"]
WHOLE_TABLE = ("FROM persons ORDER BY", "FROM articles ORDER BY id", "FROM persons WHERE id >", "FROM persons ORDER BY id",
               "FROM articles WHERE id >", "SELECT term, doc FROM vocab\"",
               "FROM fulltext_terms WHERE tbl = 'sentences' AND col = '' ORDER BY", "FROM events e ORDER BY")


def answers(nd: Newsdesk) -> dict:
    return {text: json.loads(nd.ask(text).model_dump_json()) for text in ASKED}


def test_a_serving_process_follows_another_process_s_index_changes(tmp_path, index_db):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:3]:
        shutil.copy(path, corpus)
    db = index_db  # an SQLite file or a PostgreSQL database
    with Newsdesk(corpus=corpus, db=db) as indexer, Newsdesk(corpus=corpus, db=db) as serving:
        indexer.index()
        answers(serving)  # every cache warm
        caches = {name: serving.context.__dict__[name] for name in ("persons", "articles", "vocabulary",
                                                                    "person_index", "timeline_entries")}
        for step in (
            lambda: [shutil.copy(p, corpus) for p in seeds[3:]],  # added
            lambda: (corpus / seeds[0].name).write_text(  # changed
                seeds[0].read_text(encoding="utf-8") + "\nPeskov said the talks in Moscow would go on.\n",
                encoding="utf-8"),
            lambda: (corpus / seeds[1].name).unlink(),  # removed
        ):
            step()
            assert indexer.index().changed
            read: list[str] = []
            query = serving.repo.backend.query
            serving.repo.backend.query = lambda sql, params=(): (read.append(sql), query(sql, params))[1]
            serving.context.refresh()
            serving.repo.backend.query = query
            assert not [sql for sql in read if any(whole in sql + '"' for whole in WHOLE_TABLE)]
            for name, old in caches.items():  # brought up to date: new objects, built from the old ones
                assert serving.context.__dict__[name] is not old
                caches[name] = serving.context.__dict__[name]
            with Newsdesk(corpus=corpus, db=db) as fresh:
                assert answers(serving) == answers(fresh)


def test_the_indexing_process_updates_its_own_caches_as_it_indexes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[1:]:
        shutil.copy(path, corpus)
    db = tmp_path / "index.sqlite"
    with Newsdesk(corpus=corpus, db=db) as nd:
        nd.index()
        answers(nd)
        shutil.copy(seeds[0], corpus)
        nd.index()
        generation = nd.repo.generation()
        assert nd.context.__dict__["_generation"] == generation  # up to date before the next question
        with Newsdesk(corpus=corpus, db=db) as fresh:
            assert answers(nd) == answers(fresh)


def test_a_patched_vocabulary_widens_words_as_one_made_afresh():
    from bot.query.terms import Vocabulary

    before = {t: 1 for t in sorted(["condit", "precondit", "talk", "talker", "peac", "zelenskii"])}
    after = {t: 2 for t in sorted(["condit", "precondit", "talk", "peac", "peacekeep", "unconditionally", "witkoff"])}
    changed = set(before) | set(after)
    patched = Vocabulary(before).patched(after, changed)
    fresh = Vocabulary(after)
    for word in ("condition", "talks", "peace", "Zelensky", "Witkoff", "unconditionally"):
        assert patched.expand(word) == fresh.expand(word), word
        assert patched.knows(word) == fresh.knows(word)
    assert patched.terms == fresh.terms and patched.counts == fresh.counts
    assert ("talker" in patched, "peacekeep" in patched) == (False, True)


def test_a_patched_person_index_finds_as_one_made_afresh():
    from bot.query.context import PersonRow
    from bot.query.person_match import PersonIndex

    def person(pid, name, *aliases, mentions=1):
        return PersonRow(pid, name, aliases, (), None, False, (), mentions)

    before = [person(1, "Steve Witkoff"), person(2, "Marco Rubio", "Rubio"), person(3, "Yuri Ushakov")]
    after = [person(1, "Steve Witkoff", "Witkoff", mentions=3), person(3, "Yuri Ushakov"), person(4, "Kaja Kallas")]
    patched = PersonIndex(before).patched({2}, [after[0], after[2]])
    fresh = PersonIndex(after)
    assert patched.vocabulary == fresh.vocabulary and patched.by_word == fresh.by_word
    for query in ("Witkoff", "Rubio", "Kalas", "Yury Ushakov", "steve"):
        assert patched.match(query) == fresh.match(query), query


def test_what_a_person_index_works_out_over_everyone_follows_a_change_as_one_made_afresh():
    """The name words of all people and who holds each title word are patched, not worked out again, and agree."""
    from bot.query.context import PersonRow
    from bot.query.person_match import PersonIndex

    def person(pid, name, *roles, org=False):
        return PersonRow(pid, name, (name.split()[-1],), roles, None, org, (), 1)

    before = [person(1, "Steve Witkoff", "Trump envoy", "special envoy"), person(2, "Marco Rubio", "Secretary of State"),
              person(3, "Andrii Sybiha", "Foreign Minister"), person(5, "Reuters News", "agency", org=True)]
    after = [person(1, "Steve Witkoff", "special envoy"), person(3, "Andrii Sybiha", "Foreign Minister"),
             person(4, "Sergei Lavrov", "Foreign Minister"), person(5, "Reuters News", "agency", org=True)]
    index = PersonIndex(before)
    index.people_words, index.role_holders  # worked out before the change
    patched = index.patched({2}, [after[0], after[2]])
    fresh = PersonIndex(after)
    assert "people_words" in patched.__dict__ and "role_holders" in patched.__dict__  # carried over, patched
    assert patched.people_words == fresh.people_words and "rubio" not in patched.people_words
    assert patched.role_holders == fresh.role_holders and patched.role_holders["minister"] == {3, 4}
    assert "reuters" not in patched.people_words
    assert [p.name for p, _ in patched.by_role("Foreign Minister")] == [p.name for p, _ in fresh.by_role("Foreign Minister")]


def test_the_timeline_entry_cache_holds_at_most_its_size_and_answers_as_without_it(tmp_path):
    from bot.query.event_rows import entry_cache
    from bot.settings import Settings
    from conftest import SEEDS as seeds

    db = tmp_path / "index.sqlite"
    with Newsdesk(corpus=seeds, db=db, settings=Settings(timeline_cache=3)) as small, \
            Newsdesk(corpus=seeds, db=db, settings=Settings(timeline_cache=0)) as none:
        small.index()
        for topic in ("/timeline Moscow", "/timeline Witkoff", "/timeline talks", "/timeline Moscow"):
            assert json.loads(small.ask(topic).model_dump_json()) == json.loads(none.ask(topic).model_dump_json())
        assert len(entry_cache(small.context).entries) == 3
        assert len(entry_cache(none.context).entries) == 0
