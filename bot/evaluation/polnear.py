"""PolNeAR: quote content spans and their speakers (tune on dev, report test).

A gold relation's Content is found when a system quote overlaps it
(one-to-one). Speaker accuracy is over found relations with a Source: right
when the system's speaker mention overlaps the gold Source, or the resolved
speaker's name contains a capitalised word of the gold Source. Per article,
the first annotator's file (by name) is the gold.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.evaluation.matching import Score, accuracy, match, overlap

SPLITS = ("dev", "test", "train")
Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Relation:
    content: Spans
    source: Spans
    cue: Spans = ()  # the words that mark it ("said", "according to")


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: list[Relation]


def _spans(offsets: str) -> Spans:
    out = []
    for part in offsets.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_relations(ann: Path) -> list[Relation]:
    """The attribution relations (brat ``E`` lines) that have a Content."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _spans(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    return [
        Relation(spans[roles["Content"]], spans.get(roles.get("Source", ""), []), spans.get(roles.get("Cue", ""), []))
        for roles in events
        if roles.get("Content") in spans
    ]


def documents(root: Path, split: str, limit: int | None = None) -> Iterator[Document]:
    base = root / "polnear" / split
    anns = sorted((base / "attributions").glob("*.ann"))
    texts = sorted((base / "text").glob("*.txt"))
    for text in texts[:limit] if limit else texts:
        ann = next((a for a in anns if a.stem.rsplit("_", 1)[0] == text.stem), None)
        if ann is not None:
            yield Document(text.name, text.read_text(encoding="utf-8"), read_relations(ann))


def _speaker_right(rel: Relation, quote: dict, text: str) -> bool:
    if quote.get("speaker_start") is not None and overlap(rel.source, [(quote["speaker_start"], quote["speaker_end"])]):
        return True
    speaker = quote.get("speaker") or ""
    words = {w for s, e in rel.source for w in re.findall(r"[A-Z][\w'-]+", text[s:e])}
    return bool(speaker) and any(w in speaker for w in words)


def score(docs: list[Document], extract: Callable[[Document], dict]) -> dict:
    """``extract`` gives a document's ``newsdesk extract --json`` output."""
    n_sys = n_gold = hits = with_source = speaker_ok = 0
    for doc in docs:
        quotes = extract(doc)["quotes"]
        n_sys += len(quotes)
        n_gold += len(doc.gold)
        pairs = match([r.content for r in doc.gold], [[(q["start"], q["end"])] for q in quotes])
        hits += len(pairs)
        for gi, si in pairs:
            if doc.gold[gi].source:
                with_source += 1
                speaker_ok += _speaker_right(doc.gold[gi], quotes[si], doc.text)
    return {
        "documents": len(docs),
        "content": Score(hits, n_sys, n_gold).as_dict(),
        "speaker accuracy": accuracy(speaker_ok, with_source),
    }
