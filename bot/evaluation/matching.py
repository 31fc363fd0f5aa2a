"""One-to-one matching of system spans to gold spans, and P/R/F1."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Spans = Sequence[tuple[int, int]]


def overlap(a: Spans, b: Spans) -> int:
    """Characters shared by two sets of spans."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(gold: Sequence[Spans], system: Sequence[Spans],
          agree: Callable[[int, int], bool] | None = None) -> list[tuple[int, int]]:
    """(gold index, system index) pairs that overlap, one-to-one, largest overlap first.

    With ``agree(gi, si)``, overlapping pairs that agree (an event and its
    date) are matched before the others, so that two events of one sentence
    are not paired crosswise with the gold's two.
    """
    candidates = sorted(
        ((overlap(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(system) if overlap(g, s) > 0),
        key=lambda c: (agree is not None and not agree(c[1], c[2]), -c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return pairs


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def accuracy(right: int, of: int) -> dict:
    """An accuracy as the score tables print it: the share, and the counts it comes from."""
    return {"accuracy": round(ratio(right, of), 4), "right": right, "of": of}


@dataclass(frozen=True)
class Score:
    hits: int
    system: int
    gold: int

    @property
    def precision(self) -> float:
        return ratio(self.hits, self.system)

    @property
    def recall(self) -> float:
        return ratio(self.hits, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "hits": self.hits, "system": self.system, "gold": self.gold}
