"""Several processes indexing one corpus into one index: each article extracted once, the index one process makes.

On SQLite and on PostgreSQL: articles are claimed one by one (bot/store/claims.py), an article another
process holds is waited for (and taken over when its claim runs out), and the corpus-wide steps run
under the "index" lease.
"""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import time_machine
from conftest import ROOT, SEEDS, SEEDS_INDEXED_AT

from bot import Newsdesk, indexer
from bot.extract.pipeline import EXTRACTOR_VERSION
from bot.ingest.files import read_article
from bot.store.claims import ArticleClaims
from bot.store.leases import Leases

pytestmark = pytest.mark.usefixtures("db_backend")
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def index_rows(nd) -> dict:
    q = nd.repo.query
    return {
        "articles": sorted((r["id"], r["story_id"], r["anchor"]) for r in q("SELECT * FROM articles")),
        "quotes": sorted((r["article_id"], r["text"], r["speaker_name"]) for r in q("SELECT * FROM quotes")),
        "persons": sorted(r["name"] for r in q("SELECT name FROM persons")),
        "events": sorted((r["article_id"], r["date"], r["text"]) for r in q("SELECT * FROM events")),
    }


@pytest.fixture()
def stopped_clock(monkeypatch):
    """The clock stands still but for the indexer's waits: each of its sleeps moves it on at once.

    Claims and leases run out on this clock, so waiting for one takes no real time, and how long
    the indexer waited is read from its sleeps, not from a stopwatch.
    """
    with time_machine.travel(SEEDS_INDEXED_AT, tick=False) as traveller:
        real = indexer.time
        clock = SimpleNamespace(sleeps=[], now=real.time)

        def sleep(seconds: float) -> None:
            clock.sleeps.append(seconds)
            traveller.shift(seconds)

        monkeypatch.setattr(indexer, "time", SimpleNamespace(sleep=sleep, time=real.time,
                                                             perf_counter=real.perf_counter))
        yield clock


def until(nd, table: str, key: str, value: str) -> float:
    return nd.repo.query(f"SELECT until FROM {table} WHERE {key} = ?", (value,))[0]["until"]


def test_an_article_claimed_by_another_process_is_waited_for_and_taken_over_when_the_claim_runs_out(
    tmp_path, index_db, caplog, stopped_clock
):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    nd = Newsdesk(corpus=tmp_path / "corpus", db=index_db)
    held = read_article(tmp_path / "corpus" / f"{SEED_IDS[0]}.txt")
    ArticleClaims(nd.repo, "other-host:123", ttl=1.5).take(held.id, held.content_hash, EXTRACTOR_VERSION)
    runs_out = until(nd, "article_claims", "article_id", held.id)
    with caplog.at_level(logging.INFO, logger="bot.indexer"):
        report = nd.index()
    assert sorted(report.added) == SEED_IDS and not report.elsewhere
    # it skipped the held article, waited until the claim ran out, then took it over and extracted it
    log = caplog.messages
    skipped = log.index(f"skipping {held.id}: claimed by other-host:123")
    taken = next(i for i, m in enumerate(log) if m.startswith(f"taking over {held.id}"))
    assert skipped < taken and log[taken + 1].startswith(f"extracting {held.id} (claimed by")
    assert stopped_clock.sleeps and stopped_clock.now() >= runs_out  # it waited for the claim
    assert nd.repo.query("SELECT count(*) AS n FROM article_claims")[0]["n"] == 0  # every claim given back


def test_corpus_wide_steps_wait_for_the_index_lease_and_a_dead_holders_runs_out(
    tmp_path, index_db, seeds_desk, caplog, stopped_clock
):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    nd = Newsdesk(corpus=tmp_path / "corpus", db=index_db)
    Leases(nd.repo).take("index", "dead:1", ttl=1.0)
    runs_out = until(nd, "leases", "name", "index")
    with caplog.at_level(logging.INFO, logger="bot.indexer"):
        assert len(nd.index().added) == 5
    log = caplog.messages
    waited = [i for i, m in enumerate(log) if m == "waiting for dead:1 to finish its corpus-wide steps"]
    ran = next(i for i, m in enumerate(log) if m.startswith("corpus-wide steps: running them"))
    assert waited and max(waited) < ran and len(waited) == len(stopped_clock.sleeps)
    assert stopped_clock.now() >= runs_out  # it waited until the dead holder's lease ran out
    assert index_rows(nd) == index_rows(seeds_desk)


def test_two_processes_indexing_one_corpus_extract_each_article_once_and_make_the_index_one_process_makes(
    tmp_path, index_db, seeds_desk
):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    command = [sys.executable, "-m", "bot", "-v", "index", "--corpus", str(tmp_path / "corpus"), "--db", str(index_db)]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                                      timeout=300), range(2)))
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
    extracted = [re.findall(r"extracting (\S+) \(claimed by", r.stderr) for r in runs]
    assert not set(extracted[0]) & set(extracted[1]), extracted  # no article extracted twice
    assert sorted(extracted[0] + extracted[1]) == SEED_IDS, extracted  # and each by one of them
    for run, mine, theirs in ((runs[0], extracted[0], extracted[1]), (runs[1], extracted[1], extracted[0])):
        left = set(re.findall(r"not extracting (\S+): ", run.stderr))
        assert left == set(theirs), run.stderr[-2000:]  # what it left, it says it left
        assert f"{len(mine)} added" in run.stdout
    # the corpus-wide steps run once, by whichever process came to them first with every article stored
    assert sum(r.stderr.count("corpus-wide steps: running them") for r in runs) == 1, [r.stderr[-2000:] for r in runs]
    assert sum(r.stderr.count("corpus-wide steps: already done") for r in runs) == 1
    with Newsdesk(corpus=tmp_path / "corpus", db=index_db) as shared:
        assert index_rows(shared) == index_rows(seeds_desk)
        assert shared.repo.query("SELECT count(*) AS n FROM article_claims")[0]["n"] == 0
