"""Attributions that are not speech (bot.extract.attributions.shapes): views, findings, aims, stances.

They come out of the pipeline as quotes of kind "attribution", in ``extract --json``, and
never reach the index.
"""
from __future__ import annotations

import pytest

from bot import wordlists
from bot.extract.attributions.shapes import find_attributions
from bot.extract.nlp import parse
from bot.extract.pipeline import extract, extraction_json
from bot.extract.speech.find import find_quotes


def _found(text: str) -> list[tuple[str, str | None, str | None]]:
    doc = parse(text)
    out = []
    for q in find_attributions(doc, find_quotes(doc)):
        assert q.kind == "attribution" and not q.direct
        assert text[q.start : q.end] == q.text
        source = text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None
        out.append((q.text, source, q.cue))
    return out


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        # a complement clause of a verb that is not speech
        ("A new poll shows that Clinton leads in Ohio.", "Clinton leads in Ohio", "A new poll", "shows"),
        ("The report found that the program had no safeguards.", "the program had no safeguards",
         "The report", "found"),
        ("The senator questioned whether the audit was fair.", "the audit was fair", "The senator", "questioned"),
        # a to-infinitive, with the object it is asked of
        ("He plans to visit Kyiv next week.", "to visit Kyiv next week", "He", "plans"),
        ("The governor vowed to veto the budget.", "to veto the budget", "The governor", "vowed"),
        ("Smith urged Congress to reject the deal.", "Congress to reject the deal", "Smith", "urged"),
        ("He proposed doing away with the mandate.", "doing away with the mandate", "He", "proposed"),
        # a direct object, with what it is called
        ("Clinton cited his remarks about women.", "his remarks about women", "Clinton", "cited"),
        ("She described the plan as reckless.", "the plan as reckless", "She", "described"),
        ("The campaign called the charges unsubstantiated.", "the charges unsubstantiated", "The campaign",
         "called"),
        # a prepositional object
        ("Trump called for a ban on imports.", "a ban on imports", "Trump", "called for"),
        ("The mayor pointed to the falling crime rate.", "the falling crime rate", "The mayor", "pointed to"),
        # an accusation: whom it accuses and of what
        ("Peskov accused the envoy of stalling the talks.", "the envoy of stalling the talks", "Peskov", "accused"),
        ("The mayor spoke about the flooding.", "the flooding", "The mayor", "spoke about"),
        ("Voters in Ohio seem to prefer the governor.", "to prefer the governor", "Voters in Ohio", "seem"),
        # a statement noun with its owner, and its prepositional object
        ("Kerry's announcement of the new quota surprised Congress.", "the new quota", "Kerry", "announcement of"),
        ("The senator made sharp attacks on the budget.", "the budget", "The senator", "attacks on"),
        # the writer's own view, outside quotation marks, is attributed to the writer
        ("We believe that the plan will work.", "the plan will work", "We", "believe"),
        # a passive: the source is the agent
        ("The plan was criticized by the governor.", "The plan", "the governor", "criticized by"),
        # a noun with its owner
        ("Trump's claim that thousands of people cheered was false.", "thousands of people cheered",
         "Trump", "claim"),
        # a relative clause: the source is the noun it describes
        ("The mayor, who fears that the budget will collapse, left early.", "the budget will collapse",
         "The mayor", "fears"),
        # a passive with no source named
        ("The treaty is expected to be ratified next month.", "to be ratified next month", None, "expected"),
    ],
)
def test_attribution_found(text, content, source, cue):
    assert (content, source, cue) in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The weather was cold in Moscow.",
        "He visited Kyiv to meet officials.",  # a purpose clause, not an aim attributed by a cue
        "Putin said that the talks were useful.",  # speech: a quote, not an attribution
        '"I think we will win and I hope to see you there," he said.',  # inside a quote: the quote's words
        "The delegation called the hotel from the airport.",  # a phone call names nothing
        "The plan allows investors to buy residency.",  # "allow" is not a cue
        "Officials released the video on Friday.",
        "“Stay away from the river tonight,” the mayor warned residents on Sunday.",  # the one spoken to
    ],
)
def test_no_attribution(text):
    assert _found(text) == []


def test_speech_quote_is_not_given_twice():
    text = "The minister said that the government plans to raise taxes."
    doc = parse(text)
    speech = find_quotes(doc)
    assert [q.text for q in speech] == ["the government plans to raise taxes"]
    assert find_attributions(doc, speech) == []


def test_pipeline_marks_every_quote_with_its_kind():
    text = "Putin said that the talks were useful. A new poll shows that most voters back the deal."
    quotes = extraction_json(extract(text, attributions=True))["quotes"]
    kinds = {q["text"]: q["kind"] for q in quotes}
    assert kinds == {"the talks were useful": "speech", "most voters back the deal": "attribution"}


def test_attributions_only_when_asked_for(tmp_path):
    """The served path (the index, ``newsdesk extract``, ``Newsdesk.extract``) leaves them out by default."""
    from bot import Newsdesk

    text = "Putin said that the talks were useful. A new poll shows that most voters back the deal."
    assert [q.kind for q in extract(text).quotes] == ["speech"]
    with Newsdesk(corpus=tmp_path, db=tmp_path / "index.sqlite") as nd:
        assert [q["kind"] for q in nd.extract(text)["quotes"]] == ["speech"]
        assert [q["kind"] for q in nd.extract(text, attributions=True)["quotes"]] == ["speech", "attribution"]


def test_attribution_words_are_data():
    data = wordlists.load("attribution")
    for key in ("clause_verbs", "infinitive_verbs", "gerund_verbs", "object_verbs", "naming_verbs", "clause_nouns"):
        items = data[key]
        assert items and all(isinstance(x, str) and x == x.strip().lower() for x in items), key
        assert len(items) == len(set(items)), f"{key} has duplicates"
    for verb, preps in data["prepositional_verbs"].items():
        assert preps and all(isinstance(p, str) for p in preps), verb


ARTICLE = """title: Budget talks
outlet: Test Wire
published: 2025-03-11
---
A new poll shows that Clinton leads in Ohio.

"We made real progress today," Finance Minister Elina Valtonen told reporters.
"""


def test_attributions_are_not_indexed(tmp_path):
    from bot import Newsdesk

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    body = ARTICLE.split("\n---\n", 1)[1]
    assert any(q.kind == "attribution" for q in extract(body, attributions=True).quotes)
    with Newsdesk(corpus=corpus, db=tmp_path / "index.sqlite") as nd:
        nd.index()
        texts = [r["text"] for r in nd.repo.query("SELECT text FROM quotes")]
    assert texts == ["We made real progress today,"] or texts == ["We made real progress today"]


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        ("Graham: Trump's Rhetoric Is Destroying the Party\n\nSen. Lindsey Graham spoke on Sunday.\n",
         "Trump's Rhetoric Is Destroying the Party", "Graham"),
        ("Clinton camp: ‘The plan threatens national security’\nThe campaign issued a statement.\n",
         "The plan threatens national security", "Clinton camp"),
    ],
)
def test_a_headline_names_its_source_before_a_colon(text, content, source):
    assert (content, source, ":") in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Latest: Trump heads to Ohio for a rally\nThe candidate left early.\n",  # a kicker, not a source
        "TAPPER: Do you think the debate went well?\nThe host asked.\n",  # a transcript's speaker label
        "Markets rallied on Monday.\nAnalysts: stocks will rise further this year.\n",  # not the headline
    ],
)
def test_a_colon_that_names_no_source_is_no_attribution(text):
    assert [f for f in _found(text) if f[2] == ":"] == []


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        ("Conservative Icon Morton Blackwell Endorses Ted Cruz\n\nThe endorsement came on Monday.\n",
         "Ted Cruz", "Conservative Icon Morton Blackwell", "Endorses"),
        ("Harbour Town Mayor Slams Budget Cuts In Fiery Speech\nThe council met on Monday.\n",
         "Budget Cuts In Fiery Speech", "Harbour Town Mayor", "Slams"),
    ],
)
def test_a_title_case_headline_with_a_cue_verb(text, content, source, cue):
    assert (content, source, cue) in _found(text), _found(text)


def test_a_title_case_headline_without_a_cue_attributes_nothing():
    text = "Republican Party Boosts Spending In Battleground States\nThe party spent more.\n"
    assert [f for f in _found(text) if f[2] and f[2][:1].isupper()] == []


def _findings(text: str) -> list[tuple[str, str | None, tuple[tuple[int, int], ...]]]:
    doc = parse(text)
    return [(q.text, text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None, q.parts)
            for q in find_attributions(doc, find_quotes(doc)) if (q.cue or "").lower() == "in"]


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        ("In a Gallup poll released on Monday, 52 percent of voters backed the levy.",
         "52 percent of voters backed the levy", "a Gallup poll"),
        # the phrase in the middle: the finding is the words around it
        ("The mayor holds a wide lead in the polls ahead of the May primary.",
         "The mayor holds a wide lead ahead of the May primary", "the polls"),
        # a clause of its own with its own poll
        ("Holt came third in March surveys, although Ames rose to second in a later survey.",
         "Holt came third", "March surveys"),
        ("Holt came third in March surveys, although Ames rose to second in a later survey.",
         "Ames rose to second", "a later survey"),
    ],
)
def test_a_clause_set_in_a_poll_is_the_polls_finding(text, content, source):
    found = _findings(text)
    assert any(c == content and s == source for c, s, _ in found), found
    for c, _, parts in found:  # the text is the parts' words
        assert c == " ".join(text[a:b] for a, b in parts) if parts else c in text


@pytest.mark.parametrize(
    "text",
    [
        "In the poll, 60 percent said they favored the plan.",  # those who said it are its speakers
        "Holt did better in March than in other polls.",  # a comparison names no source
        "The results were posted in the hall where the survey was held.",
    ],
)
def test_no_finding_without_a_poll_as_its_source(text):
    assert _findings(text) == []


def _impressions(text: str) -> list[tuple[str, str | None]]:
    doc = parse(text)
    return [(q.text, q.cue) for q in find_attributions(doc, find_quotes(doc)) if q.speaker_start is None and q.parts]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("The mayor's supporters seemed equally unperturbed.", "The mayor's supporters equally unperturbed", "seemed"),
        ("While the storm raged, the harbour crew appeared paralyzed.", "the harbour crew paralyzed", "appeared"),
        ("Before the vote, Ms. Lind seemed certain to leave.", "Ms. Lind certain to leave", "seemed"),
    ],
)
def test_the_writers_impression_has_no_source(text, content, cue):
    assert (content, cue) in _impressions(text), _impressions(text)


@pytest.mark.parametrize(
    "text",
    [
        "It seems unlikely that the talks will resume.",  # no subject to describe
        "Voters in Ohio seem to prefer the governor.",  # an infinitive cue, with its source
        "“The plan seems fair to me,” the mayor said.",  # inside a quote: the speaker's words
    ],
)
def test_no_impression_without_a_subject_outside_quotes(text):
    assert _impressions(text) == []
