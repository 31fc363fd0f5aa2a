"""Extraction changes cannot slip past the index: a change of output needs a bump of EXTRACTOR_VERSION.

The indexer re-extracts an article only when ``EXTRACTOR_VERSION`` differs
from the one it was stored with. This test keeps a SHA-256 of the extraction
output (``extraction_json(extract(text, published))``, the served path) on a
fixed set of texts: the seed articles as the reader reads them, and a few
short texts written here. When the output changes and the version does not,
it fails; when the version changes, it asks for the stored hash to be
refreshed, so a bump and a refresh go together:

    NEWSDESK_UPDATE_EXTRACTION_HASH=1 .venv/bin/python -m pytest tests/test_extractor_version.py
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import SEEDS

from bot.extract.pipeline import EXTRACTOR_VERSION, extract, extraction_json
from bot.ingest.files import iter_corpus, read_article

STORED = Path(__file__).resolve().parent / "data" / "extraction_hash.json"
UPDATE = "NEWSDESK_UPDATE_EXTRACTION_HASH"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))

# Short texts written for this test (no publisher's text): direct and reported speech, speakers named
# by role, surname and pronoun, absolute, partial and relative dates, and several people.
INVENTED = [
    ("direct quotes", date(2024, 5, 17), (
        'Port director Mira Castell said on Friday that the northern harbour would reopen next week. '
        '"The breakwater is safe again," Castell told reporters. "We expect the first ships on Tuesday." '
        'Her deputy, Tomas Reyes, added: "Fishing boats must wait until June."'
    )),
    ("reported speech", date(2023, 11, 2), (
        "Finance Minister Elina Valtonen said the government would not raise fuel taxes this year. "
        "According to the ministry's spokesman, the budget will be presented in parliament on November 14. "
        "Valtonen told a news conference that talks with the unions had been difficult, and he said so too, "
        "the spokesman added."
    )),
    ("dates", date(2026, 1, 24), (
        "On August 15, the two presidents met in Anchorage. Talks resumed on 3 March 2025 and again last week. "
        "The next round is planned for February, officials said on Tuesday, two days after the envoys left. "
        "In 2019 a similar meeting was cancelled."
    )),
    ("people", date(2025, 9, 30), (
        "Deputy Foreign Minister Andrei Rudenko met U.S. Special Envoy Steve Witkoff in Geneva. "
        "Rudenko later told the state news agency that the meeting had been useful. Witkoff did not comment. "
        "Kremlin spokesman Dmitry Peskov said President Vladimir Putin had been briefed."
    )),
    ("undated", None, (
        '"We will not sign anything that is not fair," a senior negotiator said, asking not to be named. '
        "The delegation leader, Anna Berg, said she hoped for an agreement by the end of the month."
    )),
]


@pytest.fixture(scope="module")
def outputs() -> list[dict]:
    """The extraction of every fixed text: the seeds as the reader reads them (date from the header), then ours."""
    seeds = [read_article(path) for path in iter_corpus(SEEDS)]
    texts = [(a.id, a.published, a.text) for a in seeds] + INVENTED
    return [
        {"name": name, "published": published.isoformat() if published else None,
         "extraction": extraction_json(extract(text, published, attributions=False))}
        for name, published, text in texts
    ]


def sha256(outputs: list[dict]) -> str:
    canonical = json.dumps(outputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_extraction_output_changes_only_with_the_extractor_version(outputs):
    digest = sha256(outputs)
    if os.environ.get(UPDATE) == "1":
        STORED.write_text(
            json.dumps({"extractor_version": EXTRACTOR_VERSION, "sha256": digest}, indent=2) + "\n", encoding="utf-8"
        )
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert stored["extractor_version"] == EXTRACTOR_VERSION, (
        f"EXTRACTOR_VERSION is {EXTRACTOR_VERSION!r} but {STORED.name} holds the extraction hash of version "
        f"{stored['extractor_version']!r}: refresh the stored hash with {UPDATE}=1 (a bump and a refresh go together)"
    )
    assert stored["sha256"] == digest, (
        "extraction output changed: bump EXTRACTOR_VERSION in bot/extract/pipeline.py and refresh with "
        f"{UPDATE}=1"
    )


def test_the_fixed_texts_give_every_kind_of_output(outputs):
    """The hash is worth something only if the texts exercise what extraction finds."""
    found = [o["extraction"] for o in outputs]
    assert [o["name"] for o in outputs[: len(SEED_IDS)]] == SEED_IDS
    assert any(o["published"] for o in outputs[: len(SEED_IDS)])  # the header's date, as the reader gives it
    quotes = [q for f in found for q in f["quotes"]]
    assert any(q["direct"] for q in quotes) and any(not q["direct"] for q in quotes)
    assert any(q["speaker"] for q in quotes)
    assert {d["precision"] for f in found for d in f["dates"]} >= {"day", "month", "year"}
    assert sum(len(f["people"]) for f in found) > 20 and sum(len(f["events"]) for f in found) > 5


@pytest.mark.parametrize("workers", [1, 2])
def test_batched_and_pooled_extraction_give_the_same_output(outputs, workers):
    """The indexer extracts in batches (nlp.pipe), in worker processes when asked: the output is the same."""
    from bot.workers import Extractor

    seeds = [read_article(path) for path in iter_corpus(SEEDS)]
    texts = [(a.id, a.published, a.text) for a in seeds] + INVENTED
    with Extractor(workers) as extractor:
        found = list(extractor.run((name, text, published) for name, published, text in texts))
    assert [name for name, _ in found] == [o["name"] for o in outputs]
    assert [extraction_json(result) for _, result in found] == [o["extraction"] for o in outputs]
