"""No test asserts a wall-clock duration: on a busy machine such a test fails for nothing.

Speed belongs in bench/; a test guards complexity by counting (pairs compared,
queries issued) and timing by order (an ack recorded while the answer is held,
a retry after a recorded Retry-After wait). See tests/waits.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# An assertion that compares a clock reading (elapsed, started, time.monotonic(), a recorded ``.at``)
# with a number of seconds. Ordering two events (``ack.at < response.at``) is no duration and is allowed.
_CLOCK = re.compile(r"\b(elapsed|duration|took|started)\b|\btime\.(perf_counter|monotonic|time)\(|\.at\b")
_AGAINST_SECONDS = re.compile(r"[<>]=?\s*\d+(\.\d+)?\b")


def _timed_assertions(text: str) -> list[str]:
    return [
        line.strip()
        for line in text.splitlines()
        if line.lstrip().startswith("assert ") and _CLOCK.search(line) and _AGAINST_SECONDS.search(line)
    ]


_CONDITIONS = yaml.safe_load((ROOT / "tests" / "data" / "timed_assertion_samples.yaml").read_text(encoding="utf-8"))
SAMPLES = {kind: [f"    assert {condition}" for condition in conditions] for kind, conditions in _CONDITIONS.items()}


@pytest.mark.parametrize("line", SAMPLES["timed"])
def test_a_timed_assertion_is_recognised(line):
    assert _timed_assertions(line) == [line.strip()]


@pytest.mark.parametrize("line", SAMPLES["untimed"])
def test_an_ordering_or_a_count_is_not_a_timed_assertion(line):
    assert _timed_assertions(line) == []


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("*.py")), ids=lambda p: p.name)
def test_no_test_asserts_wall_clock_time(path):
    """Speed belongs in bench/: on a busy machine a timed assertion fails for nothing."""
    timed = _timed_assertions(path.read_text(encoding="utf-8"))
    assert not timed, f"{path.name} asserts a wall-clock time: {timed}"
