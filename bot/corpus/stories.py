"""Group articles that copy or rewrite one another into stories.

Two signals, because neither is enough alone:

* verbatim: 5-word shingles the two texts share, as a share of the smaller
  text. A copy shares nearly all of them; a rewrite still shares its quotes;
  two articles on the same topic share almost none.
* lexical: cosine of the content-word stems. A rewrite says the same things
  in other words; an article that only reuses one quote says other things.

The score is their geometric mean, so a pair needs both. Across a whole
collection, shingles and words found in many articles (site furniture,
stock phrases) are down-weighted, so one site's footer does not tie all of
its articles together, while an exact copy still scores 1.

Fingerprints are computed once per article and stored (``to_bytes``); the
grouping only reads fingerprints, through an inverted index of shingles, so
it touches only the pairs that share something.
"""
from __future__ import annotations

import hashlib
import math
import re
import struct
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

from bot.disjoint_sets import DisjointSets

SHINGLE_WORDS = 5
# Score at or above which two articles are one story. Tuned on the seeds
# (the rewrite 000~001 scores about 0.37) against pairs of separate articles
# on one event that share a quote or two (up to about 0.23 on ukraine_talks).
THRESHOLD = 0.3
# Pairs sharing fewer shingles than this are never compared: a stock
# phrase or two is not a copy.
MIN_SHARED_SHINGLES = 5
# A shingle in more articles than this is furniture; it is left out of the
# index so one footer does not make every pair of a site's articles a candidate.
MAX_POSTING = 50
# Two groups merge only if, on average over all their cross pairs, the score
# reaches this: one strong link cannot chain two unrelated groups together.
MERGE_AVERAGE = 0.5 * THRESHOLD

_WORD = re.compile(r"\w+")
_FORMAT = 1
_HEADER = struct.Struct("<BII")
_BIG_ENDIAN = sys.byteorder == "big"
_stemmer = snowballstemmer.stemmer("english")
_MASK = (1 << 64) - 1
_MIX = 0x100000001B3  # FNV-1a 64-bit prime: mixes word hashes into a shingle hash


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=200_000)
def _term_hash(word: str) -> int | None:
    """The hash of a word's stem, or None for stop words, numbers and letters."""
    if len(word) < 2 or word.isdigit() or word in STOP_WORDS:
        return None
    return _word_hash(_stemmer.stemWord(word))


def _shingle_hash(word_hashes: list[int]) -> int:
    """Order-sensitive combination of the word hashes of one shingle."""
    value = 0
    for h in word_hashes:
        value = ((value ^ h) * _MIX) & _MASK
    return value


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What story grouping needs to know about one text, storable as bytes."""

    shingles: tuple[int, ...]  # sorted hashes of the distinct 5-word shingles
    terms: tuple[tuple[int, int], ...]  # (hash of a content-word stem, count), sorted

    def to_bytes(self) -> bytes:
        shingles = array("Q", self.shingles)
        term_hashes = array("Q", (h for h, _ in self.terms))
        counts = array("I", (c for _, c in self.terms))
        if _BIG_ENDIAN:  # stored little-endian whatever the machine
            for part in (shingles, term_hashes, counts):
                part.byteswap()
        return (
            _HEADER.pack(_FORMAT, len(shingles), len(term_hashes))
            + shingles.tobytes()
            + term_hashes.tobytes()
            + counts.tobytes()
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        version, n_shingles, n_terms = _HEADER.unpack_from(data)
        if version != _FORMAT:
            raise ValueError(f"fingerprint format {version}, expected {_FORMAT}: recompute it")
        offset = _HEADER.size
        parts = []
        for typecode, count in (("Q", n_shingles), ("Q", n_terms), ("I", n_terms)):
            part = array(typecode)
            size = part.itemsize * count
            part.frombytes(data[offset : offset + size])
            if _BIG_ENDIAN:
                part.byteswap()
            parts.append(part)
            offset += size
        if offset != len(data):
            raise ValueError("fingerprint bytes have the wrong length")
        shingles, term_hashes, counts = parts
        return cls(tuple(shingles), tuple(zip(term_hashes, counts)))


def fingerprint(text: str) -> Fingerprint:
    """The shingles and content-word counts of a cleaned article text."""
    words = _WORD.findall(text.casefold())
    hashes = [_word_hash(w) for w in words]
    shingles = {
        _shingle_hash(hashes[i : i + SHINGLE_WORDS])
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }
    terms = Counter(h for h in map(_term_hash, words) if h is not None)
    return Fingerprint(tuple(sorted(shingles)), tuple(sorted(terms.items())))


def _unit_vector(terms: tuple[tuple[int, int], ...], idf: Mapping[int, float] | None) -> dict[int, float]:
    """Sublinear term frequency, times idf when known, scaled to length 1."""
    vector = {h: (1.0 + math.log(c)) * (idf[h] if idf is not None else 1.0) for h, c in terms}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {h: v / norm for h, v in vector.items()} if norm else {}


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(h, 0.0) for h, v in a.items())


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """How much one text copies or rewrites the other, 0 to 1.

    For a pair on its own every shingle and word counts fully;
    ``group_stories`` uses the same measure with collection weights.
    """
    if not a.shingles or not b.shingles:
        return 0.0
    shared = len(set(a.shingles).intersection(b.shingles))
    verbatim = shared / min(len(a.shingles), len(b.shingles))
    lexical = _cosine(_unit_vector(a.terms, None), _unit_vector(b.terms, None))
    return math.sqrt(verbatim * max(lexical, 0.0))


@dataclass(slots=True)
class GroupingCounts:
    """What one grouping did, counted (pass one to ``group_stories`` to fill it).

    ``candidate_pairs``: pairs met through the inverted index (sharing at least
    one indexed shingle); ``scored_pairs``: pairs whose similarity was computed.
    Both stay far below n*(n-1)/2 on a real collection: the grouping never
    compares every pair.
    """

    articles: int = 0
    candidate_pairs: int = 0
    scored_pairs: int = 0


def _pair_scores(
    fingerprints: Mapping[str, Fingerprint], counts: GroupingCounts | None = None
) -> dict[tuple[str, str], float]:
    """Collection-weighted scores of every pair that shares enough shingles."""
    ids = sorted(fingerprints)
    count = len(ids)
    shingle_df = Counter(s for i in ids for s in fingerprints[i].shingles)
    # A shingle shared by two articles weighs 1; by n articles, (2/n)^2.
    # Exact copies keep a score of 1 (both sides are weighed alike), while
    # furniture shared by a site's articles weighs almost nothing.
    weight = {s: min(1.0, (2.0 / df) ** 2) for s, df in shingle_df.items()}
    mass = {i: sum(weight[s] for s in fingerprints[i].shingles) for i in ids}
    postings: dict[int, list[str]] = defaultdict(list)
    for i in ids:
        for s in fingerprints[i].shingles:
            if 2 <= shingle_df[s] <= MAX_POSTING:
                postings[s].append(i)
    shared_weight: dict[tuple[str, str], float] = defaultdict(float)
    shared_count: Counter[tuple[str, str]] = Counter()
    for s, members in postings.items():
        for pair in combinations(members, 2):  # members are in id order
            shared_weight[pair] += weight[s]
            shared_count[pair] += 1

    term_df = Counter(h for i in ids for h, _ in fingerprints[i].terms)
    idf = {h: math.log(1.0 + count / df) for h, df in term_df.items()}
    vectors: dict[str, dict[int, float]] = {}
    scores: dict[tuple[str, str], float] = {}
    for (a, b), shared in shared_count.items():
        if shared < MIN_SHARED_SHINGLES:
            continue
        verbatim = min(1.0, shared_weight[a, b] / min(mass[a], mass[b]))
        for i in (a, b):
            if i not in vectors:
                vectors[i] = _unit_vector(fingerprints[i].terms, idf)
        scores[a, b] = math.sqrt(verbatim * max(_cosine(vectors[a], vectors[b]), 0.0))
    if counts is not None:
        counts.articles = count
        counts.candidate_pairs = len(shared_count)
        counts.scored_pairs = len(scores)
    return scores


def group_stories(
    fingerprints: Mapping[str, Fingerprint], *, counts: GroupingCounts | None = None
) -> dict[str, str]:
    """Map each article id to its story id: the smallest id in its group.

    Pairs are linked strongest first; two groups merge only when the link
    reaches THRESHOLD and their cross pairs average at least MERGE_AVERAGE,
    so a chain of loose resemblances does not become one giant story.
    ``counts``, when given, is filled with how many pairs were compared.
    """
    scores = _pair_scores(fingerprints, counts)
    groups = DisjointSets(sorted(fingerprints))
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if score < THRESHOLD:
            break
        root_a, root_b = groups.find(a), groups.find(b)
        if root_a == root_b:
            continue
        left, right = groups.members[root_a], groups.members[root_b]
        total = sum(scores.get((x, y) if x < y else (y, x), 0.0) for x in left for y in right)
        if total / (len(left) * len(right)) >= MERGE_AVERAGE:
            groups.union(a, b)
    return {i: min(groups.members[groups.find(i)]) for i in fingerprints}
