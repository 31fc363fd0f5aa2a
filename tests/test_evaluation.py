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


def test_corpus_gold_scores_people_quotes_and_events(tmp_path):
    from bot.evaluation import corpus_gold
    from bot.extract.pipeline import extract, extraction_json

    body = ('Russian Deputy Foreign Minister Sergei Ryabkov spoke on Monday. '
            '"We are ready to talk," Ryabkov said.\n')
    corpus = tmp_path / "corpus" / "ukraine_talks"
    corpus.mkdir(parents=True)
    (corpus / "99_x.txt").write_text("title: T\npublished: 2025-02-12\n---\n" + body, encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    quote_start = body.index("We are")
    (gold_dir / "99.json").write_text(json.dumps({
        "file": "99_x.txt", "published": "2025-02-12",
        "people": [{"name": "Sergei Ryabkov", "roles": ["Deputy Foreign Minister"], "affiliation": "Russia"}],
        "quotes": [{"start": quote_start, "end": quote_start + len("We are ready to talk,") - 1, "direct": True,
                    "speaker": "Sergei Ryabkov"}],
        "events": [{"date": "2025-02-10", "precision": "day", "start": 0, "end": body.index(".") + 1}],
    }), encoding="utf-8")
    docs = list(corpus_gold.documents(tmp_path / "datasets", "ukraine_talks", gold_dir=gold_dir))
    result = corpus_gold.score(docs, lambda d: extraction_json(extract(d.text, d.published, attributions=True)))
    assert result["people"]["hits"] == 1 and result["roles of found people"]["right"] == 1
    assert result["quotes"]["hits"] == 1 and result["quote speakers"]["right"] == 1
    assert result["events (same date)"]["hits"] == 1
    assert not any(k.startswith("statement") for k in result)  # no statement dates in this gold


def test_corpus_gold_scores_statement_dates_on_the_half_each_file_belongs_to(tmp_path):
    from bot.evaluation import corpus_gold
    from bot.extract.pipeline import extract, extraction_json

    body = ('Deputy Foreign Minister Sergei Ryabkov spoke to reporters on Monday. "We are ready to talk," Ryabkov '
            'said. Foreign Minister Irina Volk said the talks had been useful.\n')
    corpus = tmp_path / "corpus" / "ukraine_talks"
    corpus.mkdir(parents=True)
    (corpus / "98_x.txt").write_text("title: T\npublished: 2025-02-12\n---\n" + body, encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    first, second = body.index("We are"), body.index("the talks")
    (gold_dir / "98.json").write_text(json.dumps({
        "file": "98_x.txt", "published": "2025-02-12", "said_on_split": "test", "people": [], "events": [],
        "quotes": [
            {"start": first, "end": first + len("We are ready to talk,") - 1, "direct": True,
             "speaker": "Sergei Ryabkov", "said_on": "2025-02-10", "said_precision": "day"},
            {"start": second, "end": body.index(".", second), "direct": False, "speaker": "Irina Volk",
             "said_on": None, "said_precision": None},
        ],
    }), encoding="utf-8")
    docs = list(corpus_gold.documents(tmp_path / "datasets", "ukraine_talks", gold_dir=gold_dir))
    result = corpus_gold.score(docs, lambda d: extraction_json(extract(d.text, d.published)))
    assert result["statement dates right"] == {"accuracy": 1.0, "right": 1, "of": 1}
    assert result["statement null when none"] == {"accuracy": 1.0, "right": 1, "of": 1}
    assert result["statement dates given right"] == {"accuracy": 1.0, "right": 1, "of": 1}
    assert result["statement dates right (test)"]["right"] == 1 and "statement dates right (dev)" not in result
    wrong = corpus_gold.score(docs, lambda d: extraction_json(extract(d.text, None)))  # no date to resolve against
    assert wrong["statement dates right"]["right"] == 0 and wrong["statement null when none"]["right"] == 1


def test_same_person_allows_a_surname_but_not_a_namesake():
    from bot.evaluation.corpus_gold import same_person

    assert same_person("Sergei Ryabkov", "Ryabkov")
    assert same_person("Volodymyr Zelenskyy", "Vladimir Zelensky")
    assert not same_person("Vladimir Putin", "Vladimir Zelensky")


MEANTIME_XML = """<?xml version="1.0" ?><Document doc_id="1" doc_name="1_x" lang="en">
<token number="0" sentence="0" t_id="1">Chief</token>
<token number="1" sentence="0" t_id="2">executive</token>
<token number="2" sentence="0" t_id="3">Louis</token>
<token number="3" sentence="0" t_id="4">Gallois</token>
<token number="4" sentence="0" t_id="5">said</token>
<token number="5" sentence="0" t_id="6">so</token>
<token number="6" sentence="0" t_id="7">.</token>
<Markables>
<ENTITY_MENTION comment="" head="" m_id="10" syntactic_type="NAM">
<token_anchor t_id="3"/>
<token_anchor t_id="4"/>
</ENTITY_MENTION>
<ENTITY TAG_DESCRIPTOR="Louis Gallois" ent_type="PER" instance_id="PER1" m_id="20"/>
</Markables>
<Relations>
<REFERS_TO r_id="1">
<source m_id="10"/>
<target m_id="20"/>
</REFERS_TO>
</Relations>
</Document>
"""


def test_meantime_reader_and_b_cubed(tmp_path):
    from bot.evaluation import meantime

    path = tmp_path / "1_x.xml"
    path.write_text(MEANTIME_XML, encoding="utf-8")
    doc = meantime.read_document(path)
    assert doc.text == "Chief executive Louis Gallois said so ."
    assert [(doc.text[m.start:m.end], m.person) for m in doc.gold] == [("Louis Gallois", "PER1")]
    assert meantime.b_cubed(["a", "a", "b"], [1, 1, 2])["f1"] == 1.0
    split = meantime.b_cubed(["a", "a"], [1, 2])
    assert split["precision"] == 1.0 and split["recall"] == 0.5
