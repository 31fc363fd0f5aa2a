"""The SemEval-2015 TimeLine suite: temporal awareness on tiny hand-written timelines,
the track A reader and event naming on a small fake .tml, and (when ../shared has the
data) the suite end to end on a few real articles."""
from __future__ import annotations

import json

import pytest

from bot.evaluation import semeval_timelines as st
from bot.evaluation.runner import DEFAULT_DATA, EvalError, evaluate
from bot.evaluation.temporal_awareness import (
    Row,
    Timeline,
    build_graph,
    micro,
    parse_timeline,
    temporal_awareness,
)


def timeline(*rows: tuple) -> Timeline:
    return Timeline("X", tuple(Row(o, d, tuple(events)) for o, d, *events in rows))


GOLD = timeline(
    (0, "XXXX-XX-XX", "1-5-said"),
    (1, "2005-XX-XX", "1-2-ordered"),
    (2, "2005-06-13", "1-3-won", "1-0-wins"),
    (2, "2005-06-13", "2-4-announced"),
    (3, "2007-10-XX", "2-6-delivered"),
)


def test_identical_timelines_score_one():
    ta = temporal_awareness(GOLD, GOLD)
    assert (ta.precision, ta.recall, ta.f1) == (1.0, 1.0, 1.0)
    # 5 dated event mentions, each SIMULTANEOUS with its date, plus BEFORE between the 3 ordinals
    assert ta.gold_relations == ta.system_relations == 5 + 2


def test_coreferent_mentions_listed_apart_at_one_ordinal_are_the_same_timeline():
    apart = timeline(
        (1, "2005-XX-XX", "1-2-ordered"),
        (2, "2005-06-13", "1-0-wins"),
        (2, "2005-06-13", "1-3-won"),
        (2, "2005-06-13", "2-4-announced"),
        (3, "2007-10-XX", "2-6-delivered"),
    )
    assert temporal_awareness(GOLD, apart).f1 == 1.0


def test_reversed_order_lowers_precision_and_recall():
    gold = timeline((1, "2005-01-01", "1-1-a"), (2, "2006-01-01", "1-2-b"))
    reversed_ = timeline((1, "2006-01-01", "1-2-b"), (2, "2005-01-01", "1-1-a"))
    ta = temporal_awareness(gold, reversed_)
    assert ta.system_true == 2 and ta.system_relations == 3  # both anchors right, "b BEFORE a" wrong
    assert ta.precision < 1.0 and ta.recall < 1.0


def test_missing_event_lowers_recall_only():
    gold = timeline((1, "2005-01-01", "1-1-a"), (2, "2006-01-01", "1-2-b"), (3, "2007-01-01", "1-3-c"))
    system = timeline((1, "2005-01-01", "1-1-a"), (2, "2007-01-01", "1-3-c"))
    ta = temporal_awareness(gold, system)
    assert ta.precision == 1.0  # "a BEFORE c" holds in the gold's closure
    assert ta.gold_true == 2 and ta.gold_relations == 5  # only the two anchors of a and c
    assert ta.recall == pytest.approx(0.4)


def test_wrong_date_and_spurious_event_cost_precision():
    gold = timeline((1, "2005-01-01", "1-1-a"))
    system = timeline((1, "2005-02-XX", "1-1-a"), (2, "2006-01-01", "9-9-z"))
    ta = temporal_awareness(gold, system)
    assert ta.system_true == 0 and ta.recall == 0.0


def test_ordinal_zero_rows_are_left_out_on_both_sides():
    without = timeline(*[(r.ordinal, r.date, *r.events) for r in GOLD.rows if r.ordinal])
    assert temporal_awareness(GOLD, without).f1 == 1.0
    extra = timeline(*[(r.ordinal, r.date, *r.events) for r in GOLD.rows], (0, "XXXX-XX-XX", "3-1-spurious"))
    assert temporal_awareness(GOLD, extra).f1 == 1.0
    assert all(node[1] != "1-5-said" for node in build_graph(GOLD).events)


def test_empty_system_timeline_counts_the_gold_relations():
    ta = temporal_awareness(GOLD, Timeline("X", ()))
    assert ta.system_relations == 0 and ta.gold_relations == 7 and ta.f1 == 0.0


def test_micro_average_sums_the_counts():
    one = temporal_awareness(GOLD, GOLD)
    two = temporal_awareness(timeline((1, "2005-01-01", "1-1-a")), Timeline("X", ()))
    total = micro([one, two])
    assert total.system_relations == 7 and total.gold_relations == 8
    assert total.recall == pytest.approx(7 / 8) and total.precision == 1.0


def test_parse_timeline_reads_the_task_format():
    parsed = parse_timeline("Airbus\n0\tXXXX-XX-XX\t1173-12-owned\n4\t2005-06-13\t11716-2-won\t11716-0-wins\n")
    assert parsed.entity == "Airbus"
    assert parsed.rows[1] == Row(4, "2005-06-13", ("11716-2-won", "11716-0-wins"))


TML = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>999</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2007-07-10">2007-07-10</TIMEX3></DCT>
<EXTRAINFO>Boeing news</EXTRAINFO>
<TEXT><s id="0">Boeing news</s><s id="1">Boeing said on Monday that it would delay the 787 .</s>\
<s id="2">Boeing rolled out the first 787 on July 8 , 2007 &amp; more .</s></TEXT>
</TimeML>
"""


def test_reader_keeps_sentence_ids_and_words_at_their_offsets(tmp_path):
    path = tmp_path / "999_Boeing_news.tml"
    path.write_text(TML, encoding="utf-8")
    doc = st.read_tml(path)
    assert doc.name == "999" and str(doc.dct) == "2007-07-10"
    assert doc.text.split("\n")[0] == "Boeing news"
    assert doc.text.split("\n")[2].endswith("2007 & more .")
    said = doc.text.index("said")
    token = doc.token_at(said + 2)
    assert (token.sentence, token.word) == ("1", "said")
    assert all(doc.text[t.start:t.end] == t.word for t in doc.tokens)
    assert doc.token_at(said - 1) is None  # the space before it


def test_events_are_named_like_the_gold(tmp_path):
    from bot.extract import nlp

    path = tmp_path / "999_Boeing_news.tml"
    path.write_text(TML, encoding="utf-8")
    doc = st.read_tml(path)
    s1, s2 = doc.sentence_span("1"), doc.sentence_span("2")
    monday, july = doc.text.index("Monday"), doc.text.index("July")
    output = {  # as newsdesk extract --json gives it (hand-written here)
        "people": [],
        "dates": [
            {"text": "Monday", "start": monday, "end": monday + 6, "value": "2007-07-09", "precision": "day"},
            {"text": "July 8 , 2007", "start": july, "end": july + 13, "value": "2007-07-08", "precision": "day"},
        ],
        "events": [
            {"date": "2007-07-09", "precision": "day", "start": s1[0], "end": s1[1]},
            {"date": "2007-07", "precision": "month", "start": s2[0], "end": s2[1]},
        ],
    }
    events = st.system_events(doc, output, nlp.parse(doc.text))
    assert [(e.mention, e.date) for e in events] == [("999-1-said", "2007-07-09"), ("999-2-rolled_out", "2007-07-XX")]


def test_name_variants_follow_general_rules():
    anywhere, _ = st.name_variants("Boeing 787 Dreamliner")
    assert {"787", "787 Dreamliner", "Dreamliner"} <= anywhere and "Boeing" not in anywhere
    anywhere, in_article = st.name_variants("United States Air Force")
    assert {"USAF", "US Air Force", "U.S. Air Force"} <= anywhere and "Air Force" in in_article
    anywhere, in_article = st.name_variants("Singapore Airlines")
    assert anywhere == {"Singapore Airlines"} and not in_article
    assert "Gallois" in st.name_variants("Louis Gallois")[0]


def test_system_timeline_orders_dates_and_ties_share_an_ordinal():
    def event(mention, when):
        return st.SystemEvent(mention, when, ((0, 1),), mention.split("-")[0])

    built = st.build_timeline("X", [event("1-1-a", "2007-02-28"), event("1-2-b", "2007-XX-XX"),
                                    event("2-1-c", "2007-02-28"), event("1-1-a", "2009-XX-XX")])
    assert [(r.ordinal, r.date, r.events) for r in built.rows] == [
        (1, "2007-XX-XX", ("1-2-b",)), (2, "2007-02-28", ("1-1-a",)), (2, "2007-02-28", ("2-1-c",))]
    assert st.gold_date("2005", "year") == "2005-XX-XX" and st.gold_date("2005-06", "month") == "2005-06-XX"


def test_missing_data_is_a_clear_error(tmp_path):
    with pytest.raises(EvalError, match="no SemEval-2015 TimeLine data"):
        evaluate("timelines", data=tmp_path)


HERE = st.folder(DEFAULT_DATA, "corpus_1")


@pytest.mark.skipif(not (HERE / "corpus_trackA_TimeML").is_dir(), reason="SemEval-2015 TimeLine data is not here")
def test_suite_end_to_end_on_a_few_articles(tmp_path):
    result = evaluate("timelines", limit=3, save=tmp_path / "out")
    assert result["suite"] == "timelines" and result["split"] == "corpus_1" and result["documents"] == 3
    assert result["entities"] == 13
    rows = [v for v in result.values() if isinstance(v, dict) and ("f1" in v or "accuracy" in v)]
    assert len(rows) >= 7 + 13
    for row in rows:
        for key in ("precision", "recall", "f1", "accuracy"):
            if key in row:
                assert 0.0 <= row[key] <= 1.0
    ta = result["temporal awareness"]
    assert ta["system_true"] <= ta["system_relations"] and ta["gold_true"] <= ta["gold_relations"]
    assert ta["gold_relations"] > 0
    assert len(list((tmp_path / "out").glob("*.json"))) == 3
    again = evaluate("timelines", limit=3, load=tmp_path / "out")
    assert json.dumps(again, sort_keys=True) == json.dumps(result, sort_keys=True)
