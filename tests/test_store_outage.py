"""A PostgreSQL index stopped and started again under a running Newsdesk.

While the database is down every question gets a short "the index is
unavailable, try again shortly" (never an exception, never a traceback in
the log), and /healthz says "database unreachable" without naming it; when
the database is back the same Newsdesk answers again by itself.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

import pytest
from conftest import SEEDS
import pg_server

from bot import Newsdesk
from bot.errors import UNAVAILABLE
from bot.service.health import health

ASKED = ["/who Witkoff", "/quote conditions", "/search Abu Dhabi", "/timeline Anchorage", "/sources",
         "What did Merz announce on January 16?"]


@pytest.fixture(scope="module")
def own_cluster():
    """A server of this module's own (the session's is shared by other tests, so it is not the one to stop)."""
    with pg_server.started() as cluster:
        yield cluster


async def test_ask_answers_unavailable_while_the_database_is_down_and_recovers(own_cluster, caplog):
    desk = Newsdesk(corpus=SEEDS, db=own_cluster.create_database("outage"))
    try:
        desk.index()
        before = {text: desk.ask(text).model_dump() for text in ASKED}
        assert before["/who Witkoff"]["kind"] == "person"

        own_cluster.pause()
        try:
            caplog.set_level(logging.INFO)
            caplog.clear()
            down = {text: desk.ask(text) for text in ASKED}  # ask never raises
            for text, answer in down.items():
                assert answer.kind == "error" and answer.message == UNAVAILABLE, (text, answer)
                answer.model_dump_json()
            assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], caplog.text
            assert isinstance(desk.complete_person("Wit"), list)  # autocomplete answers too (from its cache, or nothing)
            healthy, checks = await health(desk)
            assert not healthy and checks["index"] == "database unreachable"
            parts = urlsplit(desk.repo.backend.url)
            for detail in (parts.username, str(parts.port), parts.path.strip("/")):
                assert detail not in str(checks)
        finally:
            own_cluster.resume()

        after = {text: desk.ask(text).model_dump() for text in ASKED}  # the same object, reconnected by itself
        assert after == before
        assert (await health(desk))[1]["index"] == "ok"
    finally:
        desk.close()
