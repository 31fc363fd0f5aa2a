"""Golden JSON of key commands on the seeds: any change in an answer shows up as a diff.

After an intended change, regenerate with ``NEWSDESK_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff of tests/golden/ before committing it.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
COMMANDS = [
    "/who Witkoff",
    "/who Zelensky",
    "/who Vladimir",
    "/who Nobody Atall",
    "/quote conditions",
    "/quote by:Polishchuk",
    "/timeline Anchorage",
    "/timeline from:2022-01-01 to:2022-12-31",
    "/search Abu Dhabi",
    "/sources",
    "/help",
    "What did Merz announce on January 16?",
    "/nonsense",
    "/digest now",
    "/digest list",
]


def _name(command: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", command.lower()).strip("_") + ".json"


@pytest.mark.parametrize("command", COMMANDS)
def test_golden(ask, command):
    actual = ask(command)
    path = GOLDEN / _name(command)
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file for {command!r}: run with NEWSDESK_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text(encoding="utf-8"))
