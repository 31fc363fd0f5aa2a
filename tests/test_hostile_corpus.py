"""A hostile corpus, built here: every good article indexes, every bad entry is reported with its reason.

Bad entries: a symbolic link out of the corpus (to /etc/passwd), a link loop, a dangling link, a FIFO, a folder
named *.txt, a file over the size cap, binary, UTF-16 and empty files, and articles whose extraction or storage
fails (a fault injected into the indexer for one article). Good ones: the seeds, an undated article whose story
dates all lie ahead (it raised ValueError in infer_publication), one with a header date that is no date (indexed
as undated, with a warning), and one long enough to be extracted in pieces.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS

from bot import Newsdesk, indexer
from bot.commands.request import Caller
from bot.corpus.pubdate import infer_publication
from bot.extract import nlp
from bot.extract.pipeline import extract
from bot.ingest.files import read_article

pytestmark = pytest.mark.usefixtures("db_backend")
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
CAP = 200_000

AHEAD = (
    "title: Mayor to stand trial\n---\n"
    "On August 23, 2024, prosecutors filed charges against the former mayor of the port city.\n\n"
    "The trial is scheduled to run from May 27 until September 22, the court said.\n"
)
BAD_DATE = (
    "title: Harbour reopens\noutlet: Test Wire\npublished: 2025-02-30\n---\n"
    'Port director Mira Castell said on Friday that the northern harbour would reopen. '
    '"The breakwater is safe again," Castell told reporters.\n'
)


def long_article() -> str:
    """Seed articles one after another: over the (lowered) piece size, so it is extracted in pieces."""
    bodies = [(SEEDS / f"{i}.txt").read_text(encoding="utf-8").split("\n---\n", 1)[-1] for i in SEED_IDS[:3]]
    return "title: A long file\noutlet: Test Wire\npublished: 2026-01-24\n---\n" + "\n\n".join(bodies)


def hostile_corpus(root) -> tuple[dict[str, str], set[str]]:
    """The corpus at ``root``: (bad entry name -> words its reason must hold, good article ids)."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "ahead.txt").write_text(AHEAD, encoding="utf-8")
    (corpus / "bad_date.txt").write_text(BAD_DATE, encoding="utf-8")
    (corpus / "long.txt").write_text(long_article(), encoding="utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "loop_a.txt").symlink_to(corpus / "loop_b.txt")
    (corpus / "loop_b.txt").symlink_to(corpus / "loop_a.txt")
    (corpus / "dangling.txt").symlink_to(corpus / "gone.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "folder.txt").mkdir()
    (corpus / "huge.txt").write_text("Officials said the talks went on. " * (CAP // 30), encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (corpus / "utf16.txt").write_bytes("Putin said so.".encode("utf-16"))
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    bad = {
        "passwd.txt": "outside the corpus", "loop_a.txt": "loop", "loop_b.txt": "loop",
        "dangling.txt": "does not exist", "pipe.txt": "FIFO", "folder.txt": "folder", "huge.txt": "too large",
        "binary.txt": "NUL", "utf16.txt": "UTF-16", "empty.txt": "empty",
    }
    return bad, set(SEED_IDS) | {"ahead", "bad_date", "long"}


@pytest.fixture()
def small_pieces(monkeypatch):
    monkeypatch.setattr(nlp, "PIECE_CHARS", 2_000)


def desk(corpus, db) -> Newsdesk:
    nd = Newsdesk(corpus=corpus, db=db)
    nd.settings = nd.settings.model_copy(update={"max_article_bytes": CAP})
    return nd


def test_every_good_article_indexes_and_every_bad_entry_is_reported_with_its_reason(
    tmp_path, index_db, small_pieces
):
    bad, good = hostile_corpus(tmp_path)
    nd = desk(tmp_path / "corpus", index_db)
    report = nd.index()
    assert set(report.added) == good
    stored = {r["id"] for r in nd.repo.query("SELECT id FROM articles")}
    assert stored == good
    reasons = dict(report.skipped)
    assert set(reasons) == set(bad), reasons
    for name, words in bad.items():
        assert words in reasons[name], (name, reasons[name])
    assert dict(report.warnings) == {"bad_date.txt": dict(report.warnings)["bad_date.txt"]}
    assert "'2025-02-30' is not a calendar date" in dict(report.warnings)["bad_date.txt"]
    # nothing of /etc/passwd is searchable; the people of the good articles are there
    found = nd.ask("/search nologin").model_dump()
    assert not found.get("results"), found
    assert nd.ask("/who Witkoff").kind == "person"
    assert nd.ask("/who Castell").kind == "person"
    # an admin sees every problem in /sources, someone else only the articles
    admin = nd.ask("/sources", Caller("slack", "T1", "C1", user="U1", can_manage=True))
    assert {p.name: p.indexed for p in admin.problems} == {**{n: False for n in bad}, "bad_date.txt": True}
    assert {p.name: p.reason for p in admin.problems}["pipe.txt"] == reasons["pipe.txt"]
    assert nd.ask("/sources", Caller("slack", "T1", "C1", user="U2")).problems == []
    assert {s.article_id for s in admin.articles} == good
    # the next run reads nothing again and reports the same; the index is not stale
    again = nd.index()
    assert not again.changed and again.unchanged == len(good) and dict(again.skipped) == reasons
    assert not nd.is_stale()


def test_a_bad_entry_that_is_mended_is_indexed_and_its_problem_forgotten(tmp_path, index_db):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "folder.txt").mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    nd = desk(corpus, index_db)
    assert {n for n, _ in nd.index().skipped} == {"folder.txt", "empty.txt"}
    (corpus / "folder.txt").rmdir()
    (corpus / "empty.txt").write_text(BAD_DATE.replace("2025-02-30", "2025-02-28"), encoding="utf-8")
    report = nd.index()
    assert report.added == ["empty"] and not report.skipped
    assert nd.repo.problems() == []


def test_an_article_whose_extraction_or_storage_fails_is_reported_and_the_rest_index(
    tmp_path, index_db, monkeypatch, caplog
):
    """Faults injected into the indexer's extraction for one article and its storage for another."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    from bot.extract import pipeline

    real_extract, real_replace = indexer.extract, indexer.Repository.replace_article
    real_many = pipeline.extract_many
    lead = read_article(corpus / "002_135d9834a0f45a4b.txt").text[:200]

    def failing_extract(text, *args, **kwargs):
        if text.startswith(lead):
            raise RuntimeError("parser blew up\nsecond line")
        return real_extract(text, *args, **kwargs)

    def failing_many(jobs, *args, **kwargs):  # articles are extracted in batches: the whole batch fails
        jobs = list(jobs)
        if any(text.startswith(lead) for text, _ in jobs):
            raise RuntimeError("parser blew up\nsecond line")
        return real_many(jobs, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract", failing_extract)
    monkeypatch.setattr(pipeline, "extract_many", failing_many)

    def failing_replace(self, article, *args, **kwargs):
        if article.id == SEED_IDS[0]:
            raise OSError("disk full")
        return real_replace(self, article, *args, **kwargs)

    monkeypatch.setattr(indexer, "extract", failing_extract)
    monkeypatch.setattr(indexer.Repository, "replace_article", failing_replace)
    nd = Newsdesk(corpus=corpus, db=index_db)
    report = nd.index()
    assert dict(report.skipped) == {
        "002_135d9834a0f45a4b.txt": "RuntimeError: parser blew up",
        f"{SEED_IDS[0]}.txt": "OSError: disk full",
    }
    assert sorted(report.added) == [i for i in SEED_IDS if i not in (SEED_IDS[0], "002_135d9834a0f45a4b")]
    assert any(r.exc_info and "parser blew up" in r.getMessage() for r in caplog.records)  # logged with traceback
    # the corpus-wide steps still ran: people are there
    assert nd.repo.has_persons() and nd.ask("/who Witkoff").kind == "person"
    assert nd.repo.query("SELECT count(*) AS n FROM article_claims")[0]["n"] == 0
    # mended, the same files index on the next run (the failure was recorded for these very bytes)
    monkeypatch.setattr(indexer, "extract", real_extract)
    monkeypatch.setattr(pipeline, "extract", real_extract)
    monkeypatch.setattr(pipeline, "extract_many", real_many)
    monkeypatch.setattr(indexer.Repository, "replace_article", real_replace)
    # the article whose extraction failed is not tried again while it is unchanged; the one whose storage
    # failed (the database's fault, maybe passing) is
    retry = nd.index()
    assert dict(retry.skipped) == {"002_135d9834a0f45a4b.txt": "RuntimeError: parser blew up"}
    assert retry.added == [SEED_IDS[0]]
    for name in dict(retry.skipped):
        (corpus / name).touch()  # ...until they change
        os.utime(corpus / name, ns=(1, 1))
    again = nd.index()
    assert not again.skipped and again.added == ["002_135d9834a0f45a4b"]
    assert nd.repo.problems() == []


def test_newsdesk_index_prints_each_skipped_entry_with_its_reason(tmp_path, index_db):
    bad, good = hostile_corpus(tmp_path)
    env = {**os.environ, "NEWSDESK_MAX_ARTICLE_BYTES": str(CAP)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "index", "--corpus", str(tmp_path / "corpus"), "--db", str(index_db)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert f"{len(good)} added" in out.stdout and f"{len(bad)} skipped" in out.stdout
    lines = out.stderr.splitlines()
    for name, words in bad.items():
        assert any(line.startswith(f"skipped {name}: ") and words in line for line in lines), (name, out.stderr)
    assert any(line.startswith("warning bad_date.txt: header date") for line in lines)


def test_the_undated_article_whose_story_dates_lie_ahead_gets_a_date_range():
    inferred = infer_publication(AHEAD.split("---\n", 1)[1])
    assert inferred is not None and inferred.earliest.year == 2025 and "May 27" in inferred.reason


def test_a_text_over_spacys_limit_is_cut_into_paragraph_pieces_that_cover_it():
    paragraph = "The envoy said the talks would go on. " * 40 + "\n"
    text = paragraph * 1_000  # 1.56 million characters
    bounds = nlp.pieces(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(bounds, bounds[1:]))  # contiguous, in order
    assert all(b - a <= nlp.PIECE_CHARS for a, b in bounds)
    assert all(text[b - 1] == "\n" for _, b in bounds[:-1])  # each ends with its paragraph
    one_line = "word " * 30_000  # no paragraph, no sentence end: cut after a blank
    assert all(one_line[b - 1] == " " for _, b in nlp.pieces(one_line)[:-1])


def test_a_text_extracted_in_pieces_keeps_offsets_into_the_whole_and_one_person_per_name(small_pieces):
    text = long_article().split("\n---\n", 1)[1]
    assert len(nlp.pieces(text)) > 3
    ex = extract(text)
    for m in ex.people.mentions:
        assert text[m.start:m.end] == m.text
    for q in ex.quotes:
        assert q.start < q.end <= len(text)
    for d in ex.dates:
        assert text[d.start:d.end] == d.text
    for e in ex.events:
        assert e.start < e.end <= len(text)
    names = [(e.name.casefold(), e.is_org) for e in ex.people.entities]
    assert len(names) == len(set(names)) and any("witkoff" in n for n, _ in names)
    assert [s for s, _ in ex.sentences] == sorted(s for s, _ in ex.sentences)


async def test_on_slack_only_an_admin_sees_in_sources_the_files_not_indexed(tmp_path):
    """Through slack-bolt and the fake Slack: the asker's rights are looked up (users.info) for /sources too."""
    import json

    from digest_support import desk as digest_desk
    from digest_support import write_article
    from fake_slack import USER_ID
    from test_slack_socket_mode import socket_mode_app

    nd = digest_desk(tmp_path)
    write_article(nd.corpus, "harbour")
    (nd.corpus / "passwd.txt").symlink_to("/etc/passwd")
    nd.index()
    async with socket_mode_app(nd) as slack:
        _, plain = await slack.command("/sources", "")
        assert "harbour" in json.dumps(plain.body) and "passwd.txt" not in json.dumps(plain.body)
        slack.users[USER_ID] = {"is_admin": True}
        _, shown = await slack.command("/sources", "")
        text = json.dumps(shown.body)
        assert "Not indexed" in text and "passwd.txt" in text and "outside the corpus folder" in text


def test_pieces_parsed_by_worker_processes_extract_as_those_parsed_here(small_pieces, monkeypatch):
    from bot.extract.pipeline import extraction_json

    text = long_article().split("\n---\n", 1)[1]
    assert nlp.parse_processes(len(nlp.pieces(text))) == min(2, os.cpu_count() or 1)
    parallel = extraction_json(extract(text))
    monkeypatch.setenv("NEWSDESK_PARSE_PROCESSES", "1")
    assert nlp.parse_processes(len(nlp.pieces(text))) == 1
    assert extraction_json(extract(text)) == parallel
