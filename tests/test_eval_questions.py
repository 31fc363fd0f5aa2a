"""The scoring rules of ``newsdesk eval questions``, on hand-made answers, questions and a tiny invented corpus."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.evaluation import question_eval
from bot.evaluation.answer_match import holds, judge, normalise, shown_text
from bot.evaluation.question_set import Question, QuestionSetError, half, load, select
from bot.evaluation.sentence_bm25 import SentenceBM25, query_words


def answer(text="", confident=True, cited=(), evidence=None, kind="answer"):
    """A stand-in for TextAnswer (with or without the ``evidence`` field)."""
    fields = {"kind": kind, "text": text, "confident": confident,
              "citations": [SimpleNamespace(article_id=a) for a in cited]}
    if evidence is not None:
        fields["evidence"] = [SimpleNamespace(text=t) for t in evidence]
    return SimpleNamespace(**fields)


def asked(text="How long did the talks last?", answers=("four hours",), articles=("a1",), absent=False, kind="how_long"):
    if absent:
        return Question(text, "tiny", "absent", absent=True)
    return Question(text, "tiny", kind, tuple(answers), tuple(articles))


# normalisation and matching

def test_normalise_folds_case_quotes_dashes_and_spaces():
    assert normalise("  The “Friends of Peace” —\n  Kremlin’s\tTALKS ") == "the \"friends of peace\" - kremlin's talks"


@pytest.mark.parametrize(("expected", "shown", "found"), [
    ("four hours", "They lasted about FOUR\n hours.", True),
    ("Kremlin's aide", "the Kremlin’s aide", True),
    ("2022-03-29", "2022‑03‑29: the last round", True),  # non-breaking hyphens
    ("1000", "some 1,000 troops", True),
    ("1,000", "some 1000 troops", True),
    ("1,000", "some 1,000 troops", True),
    ("29", "in 2029", False),  # from the start of a word
    ("war", "the award", False),
    ("prohibit", "a law prohibiting talks", True),  # key words may end inside a word
    ("Witkoff", "Witkoff's team", True),
    ("29", "290 days", False),  # but a number may not go on
    ("2", "2,400 troops", False),
    ("2,4", "2,400 troops", False),
    ("six times", "six-times", False),
])
def test_holds(expected, shown, found):
    assert holds(expected, shown) is found


def test_shown_text_is_text_plus_evidence_when_there_is_evidence():
    assert shown_text(answer("The talks lasted long.")) == "The talks lasted long."
    both = shown_text(answer("The talks lasted long.", evidence=["They lasted about four hours."]))
    assert "four hours" in both and "lasted long" in both


# one answer

def test_right_needs_confidence_the_fact_and_a_supporting_citation():
    q = asked()
    assert judge(answer("about four hours", cited=["a1"]), q.answers, q.articles).right
    assert judge(answer("It took 4 hours", evidence=["about four hours"], cited=["a2", "a1"]), q.answers, q.articles).right
    unsure = judge(answer("about four hours", confident=False, cited=["a1"]), q.answers, q.articles)
    assert not unsure.right and unsure.fact_found and unsure.declined
    assert not judge(answer("about four hours", cited=["a2"]), q.answers, q.articles).right
    assert not judge(answer("about five hours", cited=["a1"]), q.answers, q.articles).right


def test_an_error_answer_is_a_decline():
    error = SimpleNamespace(kind="error", message="Sorry")
    assert judge(error, ("x",), ("a1",)).declined


# the question set

def test_half_is_stable_and_splits_the_set():
    assert half("How long did the talks last?") == half("  How long did the talks last?\n")
    # sha1("a")[0] = 0x86 (even) → dev; sha1("b")[0] = 0xe9 (odd) → test
    assert (half("a"), half("b")) == ("dev", "test")
    qs = [asked(f"Question number {n}?") for n in range(40)]
    dev, test = select(qs, "dev"), select(qs, "test")
    assert dev and test and len(dev) + len(test) == 40 and not set(dev) & set(test)
    assert select(list(reversed(qs)), "dev") == list(reversed(dev))


def test_load_reads_every_yaml_and_checks_questions(tmp_path):
    (tmp_path / "b.yaml").write_text(
        "corpus: seeds\nquestions:\n  - q: Where did they meet?\n    type: where\n    answers: [Alaska]\n"
        "    articles: [a1]\n  - q: Who won the lottery?\n    absent: true\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("corpus: tiny\nquestions:\n  - q: When?\n    answers: ['2020']\n"
                                     "    articles: [a2]\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read", encoding="utf-8")
    qs = load(tmp_path)
    assert [(q.corpus, q.type, q.absent) for q in qs] == [
        ("tiny", "untyped", False), ("seeds", "where", False), ("seeds", "absent", True)]
    assert [q.corpus for q in select(qs, "seeds")] == ["seeds", "seeds"]
    (tmp_path / "c.yaml").write_text("corpus: tiny\nquestions:\n  - q: No answers given?\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match="needs 'answers'"):
        load(tmp_path)


# figures over many questions

def test_decline_precision_and_recall():
    records = [
        question_eval._record(asked("A?"), answer("four hours", cited=["a1"]), []),  # right
        question_eval._record(asked("B?"), answer("I do not know", confident=False), []),  # declined, answerable
        question_eval._record(asked("C?", absent=True), answer("nothing", confident=False), []),  # declined right
        question_eval._record(asked("D?", absent=True), answer("made up", cited=["a1"]), []),  # answered an absent one
        question_eval._record(asked("E?", absent=True), SimpleNamespace(kind="error", message="x"), []),
    ]
    s = question_eval.scores(records)
    assert (s["answerable"], s["absent"]) == (2, 3)
    assert s["answered right"] == {"accuracy": 0.5, "right": 1, "of": 2}
    assert s["decline precision"] == {"accuracy": 2 / 3, "right": 2, "of": 3}
    assert s["decline recall"] == {"accuracy": 2 / 3, "right": 2, "of": 3}
    assert s["citation accuracy"] == {"accuracy": 1.0, "right": 1, "of": 1}  # over confident answerable answers
    assert s["baseline decline recall"]["accuracy"] == 0
    assert [r["q"] for r in s["wrong"]] == ["B?", "D?"]
    assert s["by type"]["absent"]["right"] == 2


def test_citation_accuracy_looks_at_the_first_citation():
    records = [question_eval._record(asked("A?"), answer("four hours", cited=["a9", "a1"]), [])]
    s = question_eval.scores(records)
    assert s["answered right"]["right"] == 1 and s["citation accuracy"]["right"] == 0


# the baseline

ARTICLES = {
    "harbour": "title: Harbour reopens\npublished: 2024-05-02\n---\n"
               "The harbour of Port Vell reopened on Monday after a storm. "
               "Mayor Anna Brix said the repairs cost 2,400,000 euros. Ferries resume on Friday.\n",
    "bridge": "title: Bridge closed\npublished: 2024-05-03\n---\n"
              "The old bridge over the Tama river was closed for repairs. "
              "Engineers said the repairs would take six weeks. The harbour road stays open.\n",
    "festival": "title: Festival\npublished: 2024-05-04\n---\n"
                "The lantern festival drew 12,000 visitors to the old town. "
                "Organisers said the festival will return next spring.\n",
    "council": "title: Council vote\npublished: 2024-05-05\n---\n"
               "The city council voted 9 to 4 to raise the harbour fee. "
               "Anna Brix abstained in the vote on the fee.\n",
}


def test_query_words_drop_stop_words_and_short_words():
    assert query_words("How long will the repairs of the old bridge take, Ms Brix?") == [
        "long", "repairs", "old", "bridge", "take", "brix"]


def test_baseline_ranks_single_sentences_by_bm25():
    rows = [(a, s.strip() + ".") for a, text in ARTICLES.items() for s in text.split("---\n")[1].split(". ")]
    bm25 = SentenceBM25(rows)
    top = bm25.top("How long will the repairs of the bridge take?", 3)
    assert top[0] == ("bridge", "Engineers said the repairs would take six weeks.")
    assert len(top) == 3
    assert bm25.top("the of and?") == []
    record = question_eval._record(
        asked("How long will the repairs of the bridge take?", ("six weeks",), ("bridge",)), answer("", False), top)
    assert record["baseline_at_1"] and record["baseline_at_3"]
    record = question_eval._record(
        asked("How many visitors did the festival draw?", ("12000",), ("festival",)), answer("", False),
        bm25.top("How many visitors did the festival draw?", 3))
    assert record["baseline_at_1"]  # "12,000" in the sentence holds "12000"
    bm25.close()


def test_whole_run_on_a_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus" / "tiny"
    corpus.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    qs = [
        asked("How long will the repairs of the old bridge take?", ("six weeks",), ("bridge",)),
        asked("How many visitors did the lantern festival draw?", ("12,000",), ("festival",), kind="how_many"),
        asked("Who won the football cup final?", absent=True),
        Question("What is on the moon?", "elsewhere", "what", ("cheese",), ("x",)),
    ]
    result = question_eval.evaluate(qs, data=tmp_path / "datasets")
    assert result["corpora"]["tiny"]["articles"] == 4
    assert result["skipped"] == [{"corpus": "elsewhere", "questions": 1,
                                  "reason": f"no corpus folder at {tmp_path / 'corpus' / 'elsewhere'}"}]
    assert (result["answerable"], result["absent"]) == (2, 1)
    # "old" and "repairs" put the sentence that closes the old bridge first; the answer is second
    assert (result["baseline right@1"]["right"], result["baseline right@3"]["right"]) == (1, 2)
    assert result["timing"]["timed"] == 3
    text = question_eval.table({"split": "all", **result}, verbose=True)
    assert "baseline right@1" in text and "skipped 1 questions on elsewhere" in text and "wrong answers" in text
