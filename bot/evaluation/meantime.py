"""MEANTIME (Airbus corpus): person names found, and one person across documents.

Each document's tokens are joined with spaces (sentences by line breaks) and
extracted with its date. Gold: the named (NAM) mentions of PER entities, with
their cross-document ``instance_id``. Scores: named-mention detection
(one-to-one overlap with the system's name and surname mentions), and
cross-document merging as B-cubed over the matched mentions, the system's
clusters being ``bot.corpus.identity.cluster_people`` over all documents' people.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.corpus.identity import cluster_people
from bot.evaluation.matching import Score, match
from bot.extract.types import PersonEntity

SPLITS = ("airbus",)
FOLDER = Path("timelines") / "meantime-en-corpus_airbus" / "intra_cross-doc_annotation"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    person: str  # gold cross-document instance id


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    published: date | None
    gold: list[Mention]


def read_document(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    spans: dict[str, tuple[int, int]] = {}
    pieces: list[str] = []
    length, sentence = 0, None
    for m in re.finditer(r'<token[^>]*sentence="(\d+)"[^>]*t_id="(\d+)"[^>]*>(.*?)</token>', raw, re.S):
        if pieces:
            sep = "\n" if m[1] != sentence else " "
            pieces.append(sep)
            length += 1
        word = _unescape(m[3])
        spans[m[2]] = (length, length + len(word))
        pieces.append(word)
        length += len(word)
        sentence = m[1]
    text = "".join(pieces)
    mentions = {}
    for m in re.finditer(r"<ENTITY_MENTION([^>]*)>(.*?)</ENTITY_MENTION>", raw, re.S):
        tokens = [spans[t] for t in re.findall(r'<token_anchor t_id="(\d+)"/>', m[2]) if t in spans]
        if tokens and _attr(m[1], "syntactic_type") == "NAM":
            mentions[_attr(m[1], "m_id")] = (tokens[0][0], tokens[-1][1])
    people = {
        _attr(tag, "m_id"): _attr(tag, "instance_id")
        for tag in re.findall(r"<ENTITY ([^>]*)>", raw)
        if _attr(tag, "ent_type") == "PER"
    }
    gold = []
    for rel in re.finditer(r"<REFERS_TO[^>]*>(.*?)</REFERS_TO>", raw, re.S):
        target = re.search(r'<target m_id="(\d+)"/>', rel[1])
        if not target or target[1] not in people:
            continue
        for source in re.findall(r'<source m_id="(\d+)"/>', rel[1]):
            if source in mentions:
                gold.append(Mention(*mentions[source], people[target[1]]))
    return Document(path.stem, text, None, sorted(gold, key=lambda g: g.start))


def _attr(tag: str, name: str) -> str:
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return found[1] if found else ""


def _unescape(word: str) -> str:
    return word.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")


def documents(data: Path, split: str) -> Iterator[Document]:
    for path in sorted((data / FOLDER).glob("*.xml")):
        yield read_document(path)


def b_cubed(gold: list[str], system: list[int]) -> dict:
    """B-cubed precision, recall and F1 over items that have a gold and a system cluster each."""
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_system: dict[int, set[int]] = defaultdict(set)
    for i, (g, s) in enumerate(zip(gold, system)):
        by_gold[g].add(i)
        by_system[s].add(i)
    n = len(gold)
    p = sum(len(by_gold[g] & by_system[s]) / len(by_system[s]) for g, s in zip(gold, system)) / n if n else 0.0
    r = sum(len(by_gold[g] & by_system[s]) / len(by_gold[g]) for g, s in zip(gold, system)) / n if n else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "mentions": n}


def score(docs: list[Document], extract: Callable[[Document], dict]) -> dict:
    """``extract`` gives a document's ``newsdesk extract --json`` output."""
    hits = n_sys = n_gold = 0
    entities: list[PersonEntity] = []
    entity_key: dict[tuple[int, str], int] = {}
    matched: list[tuple[str, int]] = []  # (gold person, index into entities)
    for d, doc in enumerate(docs):
        names = [m for m in extract(doc)["people"] if m["kind"] in ("name", "surname") and not m.get("organisation")]
        n_sys += len(names)
        n_gold += len(doc.gold)
        for gi, si in match([[(g.start, g.end)] for g in doc.gold], [[(m["start"], m["end"])] for m in names]):
            hits += 1
            key = (d, names[si]["name"])
            if key not in entity_key:
                entity_key[key] = len(entities)
                entities.append(PersonEntity(name=names[si]["name"]))
            matched.append((doc.gold[gi].person, entity_key[key]))
    clusters = cluster_people(entities) if entities else []
    return {
        "documents": len(docs),
        "named person mentions": Score(hits, n_sys, n_gold).as_dict(),
        "cross-document B-cubed": b_cubed([g for g, _ in matched], [clusters[e] for _, e in matched]),
    }
