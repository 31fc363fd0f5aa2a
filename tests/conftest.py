"""Shared fixtures: one indexed copy of the seeds per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_desk(tmp_path_factory):
    from bot import Newsdesk

    db = tmp_path_factory.mktemp("index") / "seeds.sqlite"
    nd = Newsdesk(corpus=SEEDS, db=db)
    nd.index()
    yield nd
    nd.close()


@pytest.fixture()
def ask(seeds_desk):
    def _ask(text: str) -> dict:
        return seeds_desk.ask(text).model_dump(mode="json")

    return _ask
