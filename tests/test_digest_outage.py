"""The digest scheduler under a PostgreSQL server stopped and started again.

While the database is down the scheduler logs one short warning for the
whole outage, never a traceback per poll; when it is back, the same
scheduler posts the due digest by itself, once.
"""
from __future__ import annotations

import logging

import pytest
import time_machine
from digest_support import Recorder, admin, local, write_article
import pg_server

from bot import Newsdesk
from bot.settings import Settings


@pytest.fixture(scope="module")
def own_cluster():
    """A server of this module's own (the session's is shared by other tests, so it is not the one to stop)."""
    with pg_server.started() as cluster:
        yield cluster


async def test_the_scheduler_logs_one_warning_per_outage_and_posts_when_the_database_is_back(
    own_cluster, tmp_path, caplog
):
    (tmp_path / "corpus").mkdir()
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        nd = Newsdesk(corpus=tmp_path / "corpus", db=own_cluster.create_database("digest_outage"),
                      settings=Settings(_env_file=None))
        write_article(nd.corpus, "harbour")
        nd.index()
        assert nd.ask("/digest subscribe daily at:09:00 tz:Europe/Berlin", admin()).kind == "subscriptions"
    channel = Recorder()
    nd.digests.register("test", channel)
    try:
        with time_machine.travel(local(2026, 2, 2, 9, 0, 5), tick=True):
            own_cluster.pause()
            try:
                caplog.set_level(logging.INFO, logger="bot.digest.scheduler")
                for _ in range(5):  # five polls while the database is down
                    assert await nd.digests.poll() == []
            finally:
                own_cluster.resume()
            [outcome] = await nd.digests.poll()
            assert outcome.status == "sent" and await nd.digests.poll() == []
        records = [r for r in caplog.records if r.name == "bot.digest.scheduler"]
        warnings = [r for r in records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "digests wait until the database is back" in warnings[0].getMessage()
        assert "\n" not in warnings[0].getMessage()
        assert not [r for r in records if r.exc_info or r.levelno >= logging.ERROR], caplog.text
        assert any("the database is back" in r.getMessage() for r in records if r.levelno == logging.INFO)
        assert len(channel.posts) == 1 and channel.titles() == ["Port of Testhaven reopens"]
    finally:
        nd.close()
