"""The attribution model (bot.extract.attributions.classifier): which candidates count as attributions.

The weights are trained on PolNeAR by bench/attribution_model.py; these tests
check what the bot does with them, on sentences written for the tests.
"""
from __future__ import annotations

import json

import pytest

from bot.extract.attributions import classifier as attribution_model
from bot.extract.attributions import shapes as attributions
from bot.extract.attributions.shapes import candidates, find_attributions
from bot.extract.nlp import parse
from bot.extract.speech.find import find_quotes


def _found(text: str) -> list[tuple[str, str]]:
    doc = parse(text)
    return [(q.text, q.cue) for q in find_attributions(doc, find_quotes(doc))]


def test_the_installed_model_reads_and_holds_no_text():
    m = attribution_model.model()
    assert m is not None
    assert 0.0 < m.threshold < 1.0
    assert "listed" in m.weights and m.weights["listed"] > 0  # the word lists' cues count in its favour
    data = json.loads(attribution_model.MODEL_FILE.read_text(encoding="utf-8"))
    # Feature names are words and labels, never stretches of an article.
    assert all(len(name.split()) <= 2 for name in data["weights"])


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        # cues no word list names, kept by the model
        ("The senator accepted the committee's findings.", "the committee's findings", "accepted"),
        ("He shrugged off the criticism.", "the criticism", "shrugged off"),
    ],
)
def test_the_model_keeps_cues_the_lists_lack(text, content, cue):
    doc = parse(text)
    offered = [c for c in candidates(doc, find_quotes(doc), open_verbs=True) if c.cue == cue]
    assert offered and not any(c.listed for c in offered)
    assert (content, cue) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The team won the game on Sunday.",
        "Officials released the video on Friday.",  # not_cues: an act, not a view
        "The delegation called the hotel from the airport.",  # a naming verb with no name given
        "The company sued the newspaper in March.",
    ],
)
def test_the_model_leaves_acts_that_are_not_views(text):
    assert _found(text) == []


def test_without_the_model_the_word_lists_decide(monkeypatch):
    text = "He shrugged off the criticism. A new poll shows that Clinton leads in Ohio."
    monkeypatch.setattr(attribution_model, "model", lambda: None)
    assert _found(text) == [("Clinton leads in Ohio", "shows")]


def test_every_open_candidate_is_scored_between_zero_and_one():
    doc = parse("Critics blasted the bill, and the mayor hinted that she would veto it. Voters want change.")
    m = attribution_model.model()
    scores = [m.probability(c) for c in attributions.candidates(doc, [], open_verbs=True)]
    assert scores and all(0.0 <= s <= 1.0 for s in scores)
