"""Extraction quality is gated: scores on public gold data may not fall below tests/eval_baseline.json.

The data is read in place from ../shared/datasets (skipped when it is not there); the question set's
seeds questions need nothing from ../shared.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation import question_set
from bot.evaluation.runner import DEFAULT_DATA, evaluate

BASELINE = json.loads((Path(__file__).with_name("eval_baseline.json")).read_text(encoding="utf-8"))


@pytest.mark.skipif(not (DEFAULT_DATA / "tempeval3").is_dir(), reason="TempEval-3 data is not here")
def test_dates_do_not_regress():
    floor = BASELINE["dates"]
    result = evaluate("dates", split=floor["split"], limit=floor["limit"])
    assert result["value"]["f1"] >= floor["value_f1"], result["value"]
    assert result["relaxed span"]["f1"] >= floor["relaxed_f1"], result["relaxed span"]


@pytest.mark.skipif(not (DEFAULT_DATA / "polnear").is_dir(), reason="PolNeAR data is not here")
def test_quotes_do_not_regress():
    floor = BASELINE["quotes"]
    result = evaluate("quotes", split=floor["split"], limit=floor["limit"])
    assert result["content"]["precision"] >= floor["content_precision"], result["content"]
    assert result["content"]["f1"] >= floor["content_f1"], result["content"]
    assert result["speaker accuracy"]["accuracy"] >= floor["speaker_accuracy"], result["speaker accuracy"]


@pytest.mark.skipif(not (DEFAULT_DATA.parent / "corpus" / "ukraine_talks").is_dir(), reason="the corpus is not here")
def test_corpus_gold_does_not_regress():
    floor = BASELINE["corpus"]
    result = evaluate("corpus", split=floor["split"], limit=floor["limit"])
    assert result["documents"] >= 20
    assert result["people"]["f1"] >= floor["people_f1"], result["people"]
    assert result["people"]["precision"] >= floor["people_precision"], result["people"]
    assert result["quotes"]["precision"] >= floor["quotes_precision"], result["quotes"]
    assert result["quotes"]["f1"] >= floor["quotes_f1"], result["quotes"]
    assert result["quote speakers"]["accuracy"] >= floor["speaker_accuracy"], result["quote speakers"]
    assert result["speakers when named"]["accuracy"] >= floor["speaker_named_accuracy"], result["speakers when named"]
    assert result["events (same date)"]["f1"] >= floor["events_f1"], result["events (same date)"]
    assert result["dates of found events"]["accuracy"] >= floor["event_date_accuracy"], result["dates of found events"]
    assert result["statement dates right"]["accuracy"] >= floor["statement_date_accuracy"], result["statement dates right"]
    assert result["statement null when none"]["accuracy"] >= floor["statement_null_when_none"], \
        result["statement null when none"]
    assert result["statement dates given right"]["accuracy"] >= floor["statement_dates_given_right"], \
        result["statement dates given right"]
    # a ceiling: the writer's own words (tests/data/gold `not_statements`) shown as someone's quote
    assert result["not statements given a speaker"]["right"] <= floor["not_statements_given_a_speaker_max"], \
        result["not statements given a speaker"]


@pytest.mark.skipif(not (DEFAULT_DATA / "timelines").is_dir(), reason="SemEval-2015 timelines are not here")
def test_timelines_do_not_regress():
    floor = BASELINE["timelines"]
    result = evaluate("timelines", split=floor["split"], limit=floor["limit"])
    assert result["temporal awareness"]["f1"] >= floor["ta_f1"], result["temporal awareness"]
    assert result["date exact"]["accuracy"] >= floor["date_accuracy"], result["date exact"]


@pytest.mark.skipif(not question_set.select(question_set.load(), "seeds"), reason="no questions on the seeds")
def test_questions_do_not_regress():
    floor = BASELINE["questions"]
    result = evaluate("questions", split=floor["split"], limit=floor["limit"])
    assert result["skipped"] == [] and result["answerable"] > 0, result
    assert result["answered right"]["accuracy"] >= floor["answered_right"], result["answered right"]
    assert result["fact found"]["accuracy"] >= floor["fact_found"], result["fact found"]
    if result["absent"]:
        assert result["decline recall"]["accuracy"] >= floor["decline_recall"], result["decline recall"]
