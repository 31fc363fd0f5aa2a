"""Shared fixtures: one indexed copy of the seeds per test session."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine

import pg_server

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


# The session's seeds index is written at this instant, and answers are asked an hour later, so
# what depends on the clock (a digest's "new since", a subscription's next slot) is the same every run.
SEEDS_INDEXED_AT = datetime(2026, 1, 25, 12, 0, tzinfo=timezone.utc)
ASKED_AT = SEEDS_INDEXED_AT + timedelta(hours=1)


def at_asked():
    """A context in which the clock stands at ``ASKED_AT``."""
    return time_machine.travel(ASKED_AT, tick=False)


@pytest.fixture(scope="session")
def seeds_desk(tmp_path_factory):
    from bot import Newsdesk

    db = tmp_path_factory.mktemp("index") / "seeds.sqlite"
    nd = Newsdesk(corpus=SEEDS, db=db)
    with time_machine.travel(SEEDS_INDEXED_AT, tick=False):
        nd.index()
    yield nd
    nd.close()


LINKED_URL = "https://news.example/articles/{id}?from=seeds&page=1"  # an address to show links with; "&" to escape


@pytest.fixture(scope="session")
def linked_desk(tmp_path_factory):
    """The seeds, each with a ``url:`` header (and nothing else added), indexed like ``seeds_desk``: answers that
    name articles with links."""
    from bot import Newsdesk

    root = tmp_path_factory.mktemp("linked")
    for path in sorted(SEEDS.glob("*.txt")):
        header = f"url: {LINKED_URL.format(id=path.stem)}\n---\n"
        (root / path.name).write_text(header + path.read_text(encoding="utf-8"), encoding="utf-8")
    nd = Newsdesk(corpus=root, db=tmp_path_factory.mktemp("index") / "linked.sqlite")
    with time_machine.travel(SEEDS_INDEXED_AT, tick=False):
        nd.index()
    yield nd
    nd.close()


@pytest.fixture()
def ask(seeds_desk):
    def _ask(text: str) -> dict:
        with at_asked():
            return seeds_desk.ask(text).model_dump(mode="json")

    return _ask


# ---- PostgreSQL: a throwaway cluster for the session, a fresh database per test ----

@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL server in a temporary directory (bot/store/pg_cluster.py); the tests that need it skip without one."""
    with pg_server.started() as cluster:
        yield cluster


@pytest.fixture()
def pg_url(pg_cluster, request):
    """The URL of a new, empty database for this test."""
    import re
    import uuid

    name = re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    return pg_cluster.create_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_backend(request, monkeypatch):
    """Runs a test once per backend: ``digest_support.desk`` and ``index_db`` open this one."""
    import digest_support

    if request.param == "postgresql":
        monkeypatch.setattr(digest_support, "DB_URL", request.getfixturevalue("pg_url"))
    return request.param


@pytest.fixture()
def index_db(db_backend, tmp_path):
    """Where this test's index is: an SQLite file or a PostgreSQL URL, per ``db_backend``."""
    import digest_support

    return digest_support.index_target(tmp_path)
