"""Which candidate attributions count: a linear model over the parse.

``shapes.candidates`` offers every content a verb could attribute in
any shape ("shrugged off the criticism", "won the game", "seized on the
remarks"), far more than are attributions. The word lists of
``bot/data/attribution.yaml`` name the cues known to be; this model weighs
each candidate by the features below and keeps those whose probability of
being an attribution reaches the model's threshold.

The weights (``bot/data/attribution_model.json``) are a logistic regression
trained on PolNeAR's training split by ``bench/attribution_model.py``, the
threshold chosen on its dev split. They hold feature names (verb lemmas,
shapes, dependency labels) and numbers, no text of the data set. Without
the file, the word lists alone decide.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from bot.extract.speech.cues import is_negated, verb_lemma
from bot.extract.speech.cues import lexicon as speech_lexicon

__all__ = ["Candidate", "Model", "features", "model"]

MODEL_FILE = Path(__file__).resolve().parents[2] / "data" / "attribution_model.json"
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "that", "which"}
_MODALS = {"will", "would", "could", "can", "may", "might", "should", "must", "'ll", "’ll", "wo", "ca"}
_WH = {"whether", "if", "why", "how", "what", "when", "where", "who", "which"}


@dataclass(frozen=True, slots=True)
class Candidate:
    head: Token  # the cue: a verb, or a statement noun
    shape: str  # clause, infinitive, gerund, object, passive, naming, prep, noun-clause, noun-prep
    span: tuple[int, int]  # the content's characters
    cue: str
    source: Token | None  # the head of the source mention
    source_span: tuple[int | None, int | None]
    listed: bool  # the word lists of attribution.yaml give it


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def _source_kind(source: Token | None) -> list[str]:
    if source is None:
        return ["none"]
    low = source.lower_
    if low in _PRONOUNS:
        return [f"pron:{low}"]
    if source.ent_type_:
        return [f"ent:{source.ent_type_}"]
    if source.pos_ == "PROPN":
        return ["propn"]
    if source.pos_ == "NOUN":
        noun = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
        return ["noun", f"noun:{noun}"]
    return [f"pos:{source.pos_}"]


def features(cand: Candidate, vocabulary: frozenset[str]) -> list[str]:
    """The candidate's features, by name (each is 1 when present).

    ``vocabulary``: the verb lemmas the model knows; an inflected verb is read
    as the one it inflects ("mocked" as "mock").
    """
    head, shape = cand.head, cand.shape
    if head.tag_.startswith("VB"):
        lemma = verb_lemma(head.text, vocabulary) or head.lower_
    else:
        lemma = head.lower_
    speech = speech_lexicon()
    out = [f"shape={shape}", f"lemma={lemma}", f"lemma|shape={lemma}|{shape}", f"dep={head.dep_}",
           f"tag={head.tag_}", f"dep|shape={head.dep_}|{shape}"]
    if shape == "prep":
        word = cand.cue.split()[-1].lower()
        out += [f"prep={word}", f"lemma|prep={lemma}|{word}"]
    if cand.listed:
        out += ["listed", f"listed|shape={shape}"]
    if lemma in speech.speech_verbs:
        out.append(f"speech|shape={shape}")
    if lemma in speech.opinion_verbs:
        out.append(f"opinion|shape={shape}")
    for kind in _source_kind(cand.source):
        out += [f"src={kind}", f"src|shape={kind}|{shape}"]
    if head.tag_.startswith("VB"):
        if is_negated(head):
            out.append("negated")
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.children):
            out.append("modal")
        if any(c.dep_ == "nsubjpass" for c in head.children):
            out.append("passive")
    doc = head.doc
    content = doc.char_span(cand.span[0], cand.span[1], alignment_mode="expand")
    if content is not None and len(content):
        out.append(f"len|shape={_bucket(len(content))}|{shape}")
        root = content.root
        out += [f"content_root={root.pos_}|{shape}", f"content_ent={root.ent_type_ or '-'}|{shape}"]
        if content[0].lower_ in _WH:
            out.append(f"wh|shape={shape}")
        if any(t.is_quote for t in content):
            out.append("quoted_words")
        if root.pos_ == "NOUN" and shape in {"object", "prep", "passive"}:
            out.append(f"content_noun={root.lower_}")
    if head.i == head.sent.root.i:
        out.append("sentence_root")
    return out


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float
    vocabulary: frozenset[str]

    def probability(self, cand: Candidate) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(cand, self.vocabulary))
        return 1.0 / (1.0 + math.exp(-z))

    def keeps(self, cand: Candidate) -> bool:
        return self.probability(cand) >= self.threshold

    @classmethod
    def from_json(cls, data: dict) -> Model:
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            vocabulary=frozenset(data["vocabulary"]),
        )


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The installed model, or None (the word lists decide)."""
    if not MODEL_FILE.is_file():
        return None
    return Model.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
