"""TempEval-3: TIMEX3 spans and values (tune on TBAQ-cleaned, report te3-platinum).

Each .tml ``<TEXT>`` is stripped of its tags and extracted with its DCT as the
publication date. A gold TIMEX3 is found when a system date overlaps it
(one-to-one): relaxed F1 over found ones, strict F1 over exact spans, value
and type F1 over found ones whose attribute equals the gold's.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.evaluation.matching import Score, match

SPLITS = ("te3-platinum", "TBAQ-cleaned")
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    dct: date
    gold: list[Timex]


def read_tml(path: Path) -> Document:
    """Plain text of <TEXT> (entities left escaped, so offsets hold), its DCT, and the gold TIMEX3s."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not dct or not body:
        raise ValueError(f"{path.name}: no DCT or TEXT")
    pieces: list[str] = []
    gold: list[Timex] = []
    opened: tuple[int, str] | None = None
    length = pos = 0
    src = body[1]
    for m in _TAG.finditer(src):
        pieces.append(src[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        if m[2] != "TIMEX3":
            continue
        if m[1] == "":
            opened = (length, m[3])
        elif opened:
            start, attrs = opened
            attr = lambda k: (re.search(rf'\b{k}="([^"]*)"', attrs) or [None, ""])[1]  # noqa: E731
            gold.append(Timex(start, length, attr("type"), attr("value")))
            opened = None
    pieces.append(src[pos:])
    return Document(path.name, "".join(pieces), date.fromisoformat(dct[1]), gold)


def documents(root: Path, split: str) -> Iterator[Document]:
    for path in sorted((root / "tempeval3" / split).rglob("*.tml")):
        yield read_tml(path)


def score(docs: list[Document], extract: Callable[[Document], dict]) -> dict:
    """``extract`` gives a document's ``newsdesk extract --json`` output."""
    n_sys = n_gold = relaxed = strict = value = typed = 0
    for doc in docs:
        found = extract(doc)["dates"]
        n_sys += len(found)
        n_gold += len(doc.gold)
        for gi, si in match([[(g.start, g.end)] for g in doc.gold], [[(d["start"], d["end"])] for d in found]):
            g, d = doc.gold[gi], found[si]
            relaxed += 1
            strict += (d["start"], d["end"]) == (g.start, g.end)
            value += d["value"] == g.value
            typed += d["type"] == g.type
    return {
        "documents": len(docs),
        "relaxed span": Score(relaxed, n_sys, n_gold).as_dict(),
        "strict span": Score(strict, n_sys, n_gold).as_dict(),
        "value": Score(value, n_sys, n_gold).as_dict(),
        "type": Score(typed, n_sys, n_gold).as_dict(),
    }
