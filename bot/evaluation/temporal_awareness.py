"""Temporal awareness of timelines, as the SemEval-2015 Task 4 (TimeLine) scorer computes it.

A timeline is a list of rows ``ordinal, date, event mention(s)``, the mentions
being ``docid-sentence-token`` strings. Following the task's evaluation tool
(``evaluation_all.py`` -> ``evaluation_timeline.py`` -> TempEval-3
``temporal_evaluation.py``, UzZaman & Allen 2011), each timeline becomes a
TimeML-like graph and is scored with temporal awareness:

* Rows with ordinal 0 (``XXXX-XX-XX``, events that cannot be anchored) are
  left out of the graph, in the gold and in the system timeline alike: the
  official tool skips them, so they can neither help nor hurt this score.
* The other rows are sorted like the tool sorts its lines (natural order of
  the whole line: ordinal, then date, then the mentions). Every mention,
  coreferent ones included, is an event node; every distinct date string is
  one time node (a TIMEX3 whose value is the date, e.g. ``2007-10-XX``).
* Links, in this order: each event SIMULTANEOUS with its date's time node;
  then, along the listing, each event with the next one: BEFORE when the next
  one's ordinal is larger, SIMULTANEOUS otherwise.
* System nodes are identified with gold nodes by their strings: a time node
  by its date string, the k-th listed occurrence of a mention string with the
  gold's k-th occurrence of the same string. Anything else is a node the gold
  graph does not have.
* The reduced graph is built as TempEval-3's timegraph
  (``relation_to_timegraph.py``) builds it: links are added one by one in the
  order above (the order the tool writes its TLINKs); a link the graph
  already entails is removed from the reduced graph; a link contradicting it
  is "violated", kept in the relation list but not added to the graph.
* precision = |Sys- that hold in Ref+| / |Sys-|, recall = |Ref- that hold in
  Sys+| / |Ref-| (- reduced graph, + its closure; a relation also holds when
  it is literally one of the other side's input links). Micro-average: the
  four counts are summed over all timelines, as ``evaluation_all.py`` does.

Sources read (nothing copied): the task page's description of the tool, public
copies of its ``evaluation_all.py`` and ``evaluation_timeline.py`` (e.g. in the
savac/cdeo repository, ``code/evaluation_tool``) and of TempEval-3's
``temporal_evaluation.py`` / ``relation_to_timegraph.py`` (default method, no
"implicit in recall" bonus).

Where this may differ from the official tool:

* Closure is computed here on the two relations timelines produce (BEFORE,
  SIMULTANEOUS) with events taken as single intervals; the tool uses a
  point-based timegraph. For these two relations both give the same closure.
* The tool's timegraph answers some queries "UNKNOWN"/"semi-true" through
  cross-chain search; here entailment is plain reachability, which for
  timelines (total preorders of events and dates) should give the same
  answers. This was checked by reasoning and on hand-made cases, not by
  running the official scripts (they are not part of the data here).
* For a mention string repeated in a timeline the tool finds "the next gold
  occurrence" with a small off-by-position quirk; here it is the k-th one.
* An entity with no system timeline at all is skipped by ``evaluation_all.py``
  (its gold relations are not counted); here every gold timeline counts, an
  empty system timeline scoring recall 0.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.evaluation.matching import f1, ratio

SIMULTANEOUS = "SIMULTANEOUS"
BEFORE = "BEFORE"
UNKNOWN_DATE = "XXXX-XX-XX"

Node = tuple[str, ...]  # ("t", date) or ("e", mention, occurrence)
Link = tuple[Node, Node, str]


@dataclass(frozen=True)
class Row:
    ordinal: int
    date: str
    events: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    entity: str
    rows: tuple[Row, ...]


def parse_timeline(text: str) -> Timeline:
    """The task's text format: the entity on line 1, then ``ordinal<TAB>date<TAB>mention[<TAB>mention...]``.

    Every field after the date is taken as a mention, as the official tool does.
    """
    lines = text.split("\n")
    rows = []
    for line in lines[1:]:
        fields = line.rstrip("\r").split("\t")
        if len(fields) < 3 or not fields[0].strip().isdigit():
            continue
        rows.append(Row(int(fields[0]), fields[1].strip(), tuple(f.strip() for f in fields[2:] if f.strip())))
    return Timeline(lines[0].strip() if lines else "", tuple(rows))


def _natural_key(line: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", line)]


def ordered_rows(rows: Iterable[Row]) -> list[Row]:
    """The rows that take part in the graph (ordinal > 0), in the tool's line order."""
    kept = [r for r in rows if r.ordinal != 0 and r.events]
    return sorted(kept, key=lambda r: _natural_key("\t".join([str(r.ordinal), r.date, *r.events])))


class _Order:
    """Events and times as classes of SIMULTANEOUS nodes, with BEFORE edges between classes."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}
        self.later: dict[Node, set[Node]] = {}

    def add_node(self, node: Node) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.later[node] = set()

    def find(self, node: Node) -> Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def before(self, a: Node, b: Node) -> bool:
        """Class of ``a`` strictly before class of ``b``."""
        a, b = self.find(a), self.find(b)
        seen, stack = {a}, [a]
        while stack:
            for nxt in self.later[stack.pop()]:
                nxt = self.find(nxt)
                if nxt == b:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def holds(self, x: Node, y: Node, rel: str) -> bool:
        if x not in self.parent or y not in self.parent:
            return False
        if rel == SIMULTANEOUS:
            return self.find(x) == self.find(y)
        return self.before(x, y)

    def contradicts(self, x: Node, y: Node, rel: str) -> bool:
        if rel == SIMULTANEOUS:
            return self.before(x, y) or self.before(y, x)
        return self.find(x) == self.find(y) or self.before(y, x)

    def add(self, x: Node, y: Node, rel: str) -> None:
        if rel == SIMULTANEOUS:
            a, b = self.find(x), self.find(y)
            self.parent[b] = a
            self.later[a] |= self.later.pop(b)
        else:
            self.later[self.find(x)].add(y)


@dataclass
class Graph:
    events: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # the input links, in order
    reduced: list[Link] = field(default_factory=list)  # non-redundant + violated
    order: _Order = field(default_factory=_Order)

    def holds(self, x: Node, y: Node, rel: str) -> bool:
        return (x, y, rel) in self._link_set or self.order.holds(x, y, rel)

    @cached_property
    def _link_set(self) -> set[Link]:
        found = set(self.links)
        found |= {(y, x, rel) for x, y, rel in self.links if rel == SIMULTANEOUS}
        return found


def build_graph(timeline: Timeline) -> Graph:
    graph = Graph()
    seen: Counter[str] = Counter()
    listed: list[tuple[Node, Row]] = []
    for row in ordered_rows(timeline.rows):
        for mention in row.events:
            node = ("e", mention, str(seen[mention]))
            seen[mention] += 1
            listed.append((node, row))
    for node, row in listed:
        graph.events.append(node)
        graph.links.append((node, ("t", row.date), SIMULTANEOUS))
    for (a, row_a), (b, row_b) in zip(listed, listed[1:]):
        graph.links.append((a, b, BEFORE if row_a.ordinal < row_b.ordinal else SIMULTANEOUS))
    for x, y, rel in graph.links:
        graph.order.add_node(x)
        graph.order.add_node(y)
        if graph.order.holds(x, y, rel):
            continue  # redundant
        graph.reduced.append((x, y, rel))
        if not graph.order.contradicts(x, y, rel):
            graph.order.add(x, y, rel)
    return graph


@dataclass(frozen=True)
class Awareness:
    system_true: int  # system reduced relations that hold in the gold graph
    system_relations: int
    gold_true: int  # gold reduced relations that hold in the system graph
    gold_relations: int
    shared_events: int  # event nodes the two graphs have in common

    @property
    def precision(self) -> float:
        return ratio(self.system_true, self.system_relations)

    @property
    def recall(self) -> float:
        return ratio(self.gold_true, self.gold_relations)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def __add__(self, other: Awareness) -> Awareness:
        return Awareness(*(a + b for a, b in zip(self._counts(), other._counts())))

    def _counts(self) -> tuple[int, ...]:
        return (self.system_true, self.system_relations, self.gold_true, self.gold_relations, self.shared_events)

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "mentions": self.shared_events, "system_true": self.system_true,
                "system_relations": self.system_relations, "gold_true": self.gold_true,
                "gold_relations": self.gold_relations}


def temporal_awareness(gold: Timeline, system: Timeline) -> Awareness:
    g, s = build_graph(gold), build_graph(system)
    return Awareness(
        system_true=sum(g.holds(x, y, rel) for x, y, rel in s.reduced),
        system_relations=len(s.reduced),
        gold_true=sum(s.holds(x, y, rel) for x, y, rel in g.reduced),
        gold_relations=len(g.reduced),
        shared_events=len(set(g.events) & set(s.events)),
    )


def micro(scores: Sequence[Awareness]) -> Awareness:
    total = Awareness(0, 0, 0, 0, 0)
    for one in scores:
        total = total + one
    return total
