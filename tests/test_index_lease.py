"""Several processes on one index: one indexing run at a time, and the result is what one process makes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT, SEEDS

from bot import Newsdesk
from bot.store.leases import Leases


def index_rows(nd) -> dict:
    q = nd.repo.query
    return {
        "articles": sorted(r["id"] for r in q("SELECT id FROM articles")),
        "quotes": sorted((r["article_id"], r["text"], r["speaker_name"]) for r in q("SELECT * FROM quotes")),
        "persons": sorted(r["name"] for r in q("SELECT name FROM persons")),
        "events": sorted((r["article_id"], r["date"], r["text"]) for r in q("SELECT * FROM events")),
    }


def test_a_process_finding_the_index_lease_taken_does_not_index(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    nd = Newsdesk(corpus=tmp_path / "corpus", db=tmp_path / "index.sqlite")
    Leases(nd.repo).take("index", "other-host:123", ttl=600)
    report = nd.index()
    assert report.busy == "other-host:123" and not report.changed
    assert "another process (other-host:123) is indexing" in report.summary()
    assert nd.repo.query("SELECT count(*) AS n FROM articles")[0]["n"] == 0
    Leases(nd.repo).give_back("index", "other-host:123")
    assert len(nd.index().added) == 5


def test_a_lease_left_by_a_dead_process_runs_out(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    nd = Newsdesk(corpus=tmp_path / "corpus", db=tmp_path / "index.sqlite")
    Leases(nd.repo).take("index", "dead:1", ttl=-1)  # already run out
    assert len(nd.index().added) == 5


def test_two_processes_indexing_one_corpus_make_the_index_one_process_makes(tmp_path, seeds_desk):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    command = [sys.executable, "-m", "bot", "-v", "index", "--corpus", str(tmp_path / "corpus"),
               "--db", str(tmp_path / "index.sqlite")]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                                      timeout=300), range(2)))
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
    summaries = sorted(r.stdout.strip().split(": ", 1)[1] for r in runs)
    added = [s for s in summaries if s.startswith("5 added")]
    assert len(added) == 1, summaries  # the files were extracted once, by one of them
    other = next(s for s in summaries if s not in added)
    assert other.startswith("not indexed here: another process") or other.startswith("0 added, 0 updated"), other
    with Newsdesk(corpus=tmp_path / "corpus", db=tmp_path / "index.sqlite") as shared:
        assert index_rows(shared) == index_rows(seeds_desk)
