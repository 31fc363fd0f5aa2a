"""Incremental indexing: unchanged files skipped, changed re-done, deleted removed, bad ones reported."""
from __future__ import annotations

import shutil

import pytest

from bot import Newsdesk
from conftest import SEEDS

ARTICLE = """title: Talks resume in Geneva
outlet: Test Wire
published: 2025-03-11
url: https://example.org/geneva
---
GENEVA (Test Wire) - Negotiators met in Geneva on Tuesday, officials said.

"We made real progress today," Finnish Foreign Minister Elina Valtonen told reporters.
"""


@pytest.fixture()
def corpus(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    shutil.copy(SEEDS / "002_135d9834a0f45a4b.txt", c)
    (c / "geneva.txt").write_text(ARTICLE, encoding="utf-8")
    return c


def test_incremental(tmp_path, corpus):
    db = tmp_path / "index.sqlite"
    with Newsdesk(corpus=corpus, db=db) as nd:
        first = nd.index()
        assert sorted(first.added) == ["002_135d9834a0f45a4b", "geneva"]
        again = nd.index()
        assert not again.changed and again.unchanged == 2

        (corpus / "geneva.txt").write_text(ARTICLE.replace("real progress", "some progress"), encoding="utf-8")
        (corpus / "extra.md").write_text(ARTICLE.replace("Geneva", "Riyadh").replace("real progress", "a breakthrough"), encoding="utf-8")
        changed = nd.index()
        assert changed.updated == ["geneva"] and changed.added == ["extra"]
        quotes = nd.ask("/quote progress").quotes
        assert any("some progress" in q.text for q in quotes)
        assert not any("real progress" in q.text for q in quotes)

        (corpus / "extra.md").unlink()
        removed = nd.index()
        assert removed.removed == ["extra"]
        assert {a.article_id for a in nd.ask("/sources").articles} == {"002_135d9834a0f45a4b", "geneva"}


def test_unreadable_files_are_reported_and_skipped(tmp_path, corpus):
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (corpus / "latin1.txt").write_bytes("Caf\xe9 talks in Z\xfcrich".encode("latin-1"))
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    with Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite") as nd:
        report = nd.index()
    skipped = dict(report.skipped)
    assert set(skipped) == {"binary.txt", "latin1.txt", "empty.txt"}
    assert all(reason for reason in skipped.values())
    assert sorted(report.added) == ["002_135d9834a0f45a4b", "geneva"]


def test_index_survives_a_restart(tmp_path, corpus):
    db = tmp_path / "index.sqlite"
    with Newsdesk(corpus=corpus, db=db) as nd:
        nd.index()
        before = nd.ask("/sources").model_dump()
    with Newsdesk(corpus=corpus, db=db) as nd:
        assert not nd.is_stale()
        assert nd.ask("/sources").model_dump() == before
        assert nd.index().unchanged == 2


def test_missing_corpus_is_a_clear_error(tmp_path):
    with Newsdesk(corpus=tmp_path / "nope", db=tmp_path / "i.sqlite") as nd:
        with pytest.raises(FileNotFoundError, match="corpus directory not found"):
            nd.index()


def test_a_corpus_that_goes_missing_still_answers_from_the_index(tmp_path, corpus):
    db = tmp_path / "index.sqlite"
    with Newsdesk(corpus=corpus, db=db) as nd:
        nd.index()
    shutil.rmtree(corpus)
    with Newsdesk(corpus=corpus, db=db) as nd:
        assert nd.ask("/who Rudenko").kind == "person"
    with Newsdesk(corpus=corpus, db=tmp_path / "empty.sqlite") as nd:
        answer = nd.ask("/who Rudenko")
        assert answer.kind == "error" and "corpus directory not found" in answer.message


def test_a_touched_but_unchanged_file_is_not_re_extracted(tmp_path, corpus):
    import os

    with Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite") as nd:
        nd.index()
        path = corpus / "geneva.txt"
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
        assert nd.is_stale() is False
        report = nd.index()
        assert not report.changed and report.unchanged == 2


def test_new_corpus_wide_steps_run_again_without_extracting_again(tmp_path, corpus, monkeypatch):
    import bot.indexer as indexer
    from bot.corpus import event_index

    db = tmp_path / "index.sqlite"
    with Newsdesk(corpus=corpus, db=db) as nd:
        nd.index()
        assert not indexer.is_stale(nd.repo, corpus)
        regrouped = []
        group = event_index.group  # every event grouped at once
        monkeypatch.setattr(event_index, "group", lambda *args: (regrouped.append(args), group(*args))[1])
        monkeypatch.setattr(indexer, "CORPUS_STEPS", indexer.CORPUS_STEPS + "-next")  # a release that groups anew
        assert indexer.is_stale(nd.repo, corpus)
        again = nd.index()
        assert not again.added and not again.updated and again.unchanged == 2  # nothing extracted again
        assert len(regrouped) == 1  # ... but the events were grouped again
        assert not indexer.is_stale(nd.repo, corpus)


def test_files_skipped_for_a_known_reason_leave_the_index_in_line(tmp_path, corpus):
    """Furniture only, binary, empty, too large, a link to nowhere: reported once, and the index is not stale
    for them, so a poll does not index again and the serving caches stay."""
    (corpus / "furniture.txt").write_text(
        "title: Notice\npublished: 2025-03-11\n---\n© 2017 Mehr News Agency. All rights reserved\n", encoding="utf-8"
    )
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "huge.txt").write_text("word " * 2000, encoding="utf-8")
    (corpus / "nowhere.txt").symlink_to(tmp_path / "missing.txt")
    from bot.settings import Settings

    with Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite", settings=Settings(max_article_bytes=5000)) as nd:
        first = nd.index()
        assert {name for name, _ in first.skipped} == {
            "furniture.txt", "binary.txt", "empty.txt", "huge.txt", "nowhere.txt"
        }
        assert not nd.is_stale()
        persons = nd.context.persons
        again = nd.index()
        assert not again.changed
        assert nd.context.__dict__.get("persons") is persons  # nothing changed: the caches stay


def test_a_poll_of_an_unchanged_folder_reads_nothing_but_the_revisions(tmp_path, corpus):
    with Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite") as nd:
        nd.index()
        assert not nd.is_stale()  # compares every file with the index once, and remembers the folder
        read: list[str] = []
        query = nd.repo.backend.query
        nd.repo.backend.query = lambda sql, params=(): (read.append(sql), query(sql, params))[1]
        assert not nd.is_stale()
        assert read and all("FROM meta" in sql for sql in read)
        (corpus / "geneva.txt").write_text(ARTICLE.replace("real progress", "little progress"), encoding="utf-8")
        assert nd.is_stale()
        nd.repo.backend.query = query
        assert nd.index().updated == ["geneva"]
        assert not nd.is_stale()
