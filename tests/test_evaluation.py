"""The eval suites' readers and matching, on small gold files written here."""
from __future__ import annotations

import json

from bot.evaluation import polnear, tempeval
from bot.evaluation.matching import Score, match
from bot.evaluation.runner import evaluate

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2026-01-24" functionInDocument="CREATION_TIME">January 24, 2026</TIMEX3></DCT>
<TEXT>
Talks were held <TIMEX3 tid="t1" type="DATE" value="2025-08-15">on August 15</TIMEX3> and lasted <TIMEX3 tid="t2" type="DURATION" value="PT4H">four hours</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_match_is_one_to_one_largest_overlap_first():
    gold = [[(0, 10)], [(20, 30)]]
    system = [[(5, 25)], [(0, 9)]]
    assert sorted(match(gold, system)) == [(0, 1), (1, 0)]
    assert Score(hits=2, system=4, gold=2).f1 == 2 * 0.5 * 1.0 / 1.5


def test_read_tml_keeps_offsets_in_the_stripped_text(tmp_path):
    path = tmp_path / "a.tml"
    path.write_text(TML, encoding="utf-8")
    doc = tempeval.read_tml(path)
    assert [doc.text[g.start:g.end] for g in doc.gold] == ["on August 15", "four hours"]
    assert str(doc.dct) == "2026-01-24"


def test_dates_suite_scores_extract_output_and_can_rescore_it(tmp_path):
    data = tmp_path / "datasets"
    (data / "tempeval3" / "te3-platinum").mkdir(parents=True)
    (data / "tempeval3" / "te3-platinum" / "a.tml").write_text(TML, encoding="utf-8")
    saved = tmp_path / "out"
    first = evaluate("dates", data=data, save=saved)
    assert first["value"]["gold"] == 2 and first["relaxed span"]["hits"] == 2
    assert first["value"]["hits"] == 2  # 2025-08-15 and PT4H
    output = json.loads((saved / "a.tml.json").read_text(encoding="utf-8"))
    assert set(output) == {"people", "quotes", "dates", "events"}
    assert evaluate("dates", data=data, load=saved) == first


def test_quotes_suite_reads_brat_relations(tmp_path):
    base = tmp_path / "datasets" / "polnear" / "dev"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    text = '"We will keep talking," Smith said on Monday.'
    (base / "text" / "doc1.txt").write_text(text, encoding="utf-8")
    (base / "attributions" / "doc1_annotator1.ann").write_text(
        "T1\tContent 1 20\tWe will keep talking\nT2\tSource 23 28\tSmith\nT3\tCue 29 33\tsaid\n"
        "E1\tAttribution:T3 Content:T1 Source:T2\n",
        encoding="utf-8",
    )
    assert polnear.read_relations(base / "attributions" / "doc1_annotator1.ann")[0].source == [(23, 28)]
    result = evaluate("quotes", data=tmp_path / "datasets")
    assert result["content"]["hits"] == 1
    assert result["speaker accuracy"]["right"] == 1


def test_unknown_suite_and_split_are_clear_errors():
    import pytest

    from bot.evaluation.runner import EvalError

    with pytest.raises(EvalError, match="unknown suite"):
        evaluate("nope")
    with pytest.raises(EvalError, match="no split"):
        evaluate("dates", split="nope")
