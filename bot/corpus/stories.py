"""Group articles that copy or rewrite one another into stories.

Two signals, because neither is enough alone:

* verbatim: 5-word shingles the two texts share, as a share of the smaller
  text. A copy shares nearly all of them; a rewrite still shares its quotes;
  two articles on the same topic share almost none.
* lexical: cosine of the content-word stems. A rewrite says the same things
  in other words; an article that only reuses one quote says other things.

The score is their geometric mean, so a pair needs both. A shingle found in
many articles (site furniture, stock phrases) weighs less the more articles
hold it, and nothing beyond ``MAX_POSTING``, so one site's footer does not tie
all of its articles together, while an exact copy still scores 1.

A pair's score depends on the two texts and on how many articles hold each
shingle they share, nothing else: adding, changing or removing one article
changes only the scores of pairs that share one of its shingles, so stories
can be kept up to date through an index of shingles (``bot.corpus.story_index``)
and come out the same as grouping the whole collection at once
(``group_stories``). Only a sample of the shingles is kept (those whose hash
is a multiple of ``SAMPLE``, and at least ``MIN_KEPT`` of a short text): the
share of shingles two texts have in common is estimated on it, and the index
stays small.
"""
from __future__ import annotations

import hashlib
import math
import re
import struct
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

from bot.disjoint_sets import DisjointSets

SHINGLE_WORDS = 5
# A shingle is kept in a fingerprint when its hash is a multiple of this; a text with fewer than MIN_KEPT such
# shingles keeps its MIN_KEPT smallest, so that two short copies still meet.
SAMPLE = 8
MIN_KEPT = 8
# Score at or above which two articles are one story. Tuned on the seeds
# (the rewrite 000~001 scores about 0.4) against pairs of separate articles
# on one event that share a quote or two (up to about 0.25 on ukraine_talks).
THRESHOLD = 0.3
# Pairs sharing fewer kept shingles than this are never compared: a stock
# phrase or two is not a copy.
MIN_SHARED_SHINGLES = 2
# A shingle in more articles than this is furniture: it weighs nothing and is not looked up, so one footer does not
# make every pair of a site's articles a candidate.
MAX_POSTING = 50
# Two groups merge only if, on average over all their cross pairs, the score
# reaches this: one strong link cannot chain two unrelated groups together.
MERGE_AVERAGE = 0.5 * THRESHOLD

_WORD = re.compile(r"\w+")
_FORMAT = 2
_HEADER = struct.Struct("<BII")
_BIG_ENDIAN = sys.byteorder == "big"
_stemmer = snowballstemmer.stemmer("english")
_MASK = (1 << 64) - 1
_MIX = 0x100000001B3  # FNV-1a 64-bit prime: mixes word hashes into a shingle hash
_MAX_COUNT = 0xFFFF


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=200_000)
def _term_hash(word: str) -> int | None:
    """A 32-bit hash of a word's stem, or None for stop words, numbers and letters."""
    if len(word) < 2 or word.isdigit() or word in STOP_WORDS:
        return None
    return _word_hash(_stemmer.stemWord(word)) & 0xFFFFFFFF


def _shingle_hash(word_hashes: list[int]) -> int:
    """Order-sensitive combination of the word hashes of one shingle."""
    value = 0
    for h in word_hashes:
        value = ((value ^ h) * _MIX) & _MASK
    return value


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What story grouping needs to know about one text, storable as bytes."""

    shingles: tuple[int, ...]  # sorted 64-bit hashes of the kept 5-word shingles
    terms: tuple[tuple[int, int], ...]  # (32-bit hash of a content-word stem, count), sorted

    def to_bytes(self) -> bytes:
        shingles = array("Q", self.shingles)
        term_hashes = array("I", (h for h, _ in self.terms))
        counts = array("H", (min(c, _MAX_COUNT) for _, c in self.terms))
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
        for typecode, count in (("Q", n_shingles), ("I", n_terms), ("H", n_terms)):
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

    @staticmethod
    def readable(data: bytes | None) -> bool:
        """Bytes this code wrote (an older format is computed again from the text)."""
        return bool(data) and _HEADER.unpack_from(data)[0] == _FORMAT


def fingerprint(text: str) -> Fingerprint:
    """The kept shingles and content-word counts of a cleaned article text."""
    words = _WORD.findall(text.casefold())
    hashes = [_word_hash(w) for w in words]
    shingles = {
        _shingle_hash(hashes[i : i + SHINGLE_WORDS])
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }
    kept = {s for s in shingles if s % SAMPLE == 0}
    if len(kept) < MIN_KEPT:
        kept.update(sorted(shingles)[:MIN_KEPT])
    terms = Counter(h for h in map(_term_hash, words) if h is not None)
    return Fingerprint(tuple(sorted(kept)), tuple(sorted(terms.items())))


def weight(df: int) -> float:
    """What one shared shingle held by ``df`` articles counts for: 1 when only the pair holds it, (2/df)^2 for
    more, nothing for furniture (more than MAX_POSTING)."""
    return min(1.0, (2.0 / df) ** 2) if df <= MAX_POSTING else 0.0


def _norm(terms: tuple[tuple[int, int], ...]) -> float:
    return math.sqrt(math.fsum((1.0 + math.log(c)) ** 2 for _, c in terms))


def cosine(a: Fingerprint, b: Fingerprint) -> float:
    """Cosine of the two texts' sublinear content-word counts; the same whatever the order (summed exactly)."""
    norm = _norm(a.terms) * _norm(b.terms)
    if not norm:
        return 0.0
    products = []
    i = j = 0
    ta, tb = a.terms, b.terms
    while i < len(ta) and j < len(tb):
        if ta[i][0] == tb[j][0]:
            products.append((1.0 + math.log(ta[i][1])) * (1.0 + math.log(tb[j][1])))
            i += 1
            j += 1
        elif ta[i][0] < tb[j][0]:
            i += 1
        else:
            j += 1
    return math.fsum(products) / norm


def pair_score(a: Fingerprint, b: Fingerprint, shared_dfs: Iterable[int]) -> float | None:
    """The score of two articles given how many articles hold each kept shingle they share (``shared_dfs``);
    None when they share too few shingles to be compared at all."""
    dfs = [d for d in shared_dfs if 2 <= d <= MAX_POSTING]
    if len(dfs) < MIN_SHARED_SHINGLES:
        return None
    smaller = min(len(a.shingles), len(b.shingles))
    verbatim = min(1.0, math.fsum(weight(d) for d in dfs) / smaller)
    return math.sqrt(verbatim * max(cosine(a, b), 0.0))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """How much one text copies or rewrites the other, 0 to 1, for a pair on its own (every shared shingle
    counts fully); ``group_stories`` weighs shingles by how many articles of the collection hold them."""
    if not a.shingles or not b.shingles:
        return 0.0
    shared = len(set(a.shingles).intersection(b.shingles))
    verbatim = shared / min(len(a.shingles), len(b.shingles))
    return math.sqrt(verbatim * max(cosine(a, b), 0.0))


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
    """Scores of every pair that shares enough kept shingles, through an inverted index of them."""
    ids = sorted(fingerprints)
    df = Counter(s for i in ids for s in fingerprints[i].shingles)
    postings: dict[int, list[str]] = defaultdict(list)
    for i in ids:
        for s in fingerprints[i].shingles:
            if 2 <= df[s] <= MAX_POSTING:
                postings[s].append(i)
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s, members in postings.items():
        for pair in combinations(members, 2):  # members are in id order
            shared[pair].append(df[s])
    scores: dict[tuple[str, str], float] = {}
    for (a, b), dfs in shared.items():
        score = pair_score(fingerprints[a], fingerprints[b], dfs)
        if score is not None:
            scores[a, b] = score
    if counts is not None:
        counts.articles = len(ids)
        counts.candidate_pairs = len(shared)
        counts.scored_pairs = len(scores)
    return scores


def merge(ids: Iterable[str], scores: Mapping[tuple[str, str], float]) -> dict[str, str]:
    """Stories of ``ids`` from the scores of their pairs (keys in id order): each id -> the smallest id of its group.

    Pairs are linked strongest first; two groups merge only when the link
    reaches THRESHOLD and their cross pairs average at least MERGE_AVERAGE,
    so a chain of loose resemblances does not become one giant story. Only
    pairs within one component of the links at THRESHOLD ever meet, so any
    set of whole components is merged the same alone as with the rest.
    """
    groups = DisjointSets(sorted(ids))
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if score < THRESHOLD:
            break
        root_a, root_b = groups.find(a), groups.find(b)
        if root_a == root_b:
            continue
        left, right = groups.members[root_a], groups.members[root_b]
        total = math.fsum(scores.get((x, y) if x < y else (y, x), 0.0) for x in left for y in right)
        if total / (len(left) * len(right)) >= MERGE_AVERAGE:
            groups.union(a, b)
    return {i: min(groups.members[groups.find(i)]) for i in groups.parent}


def group_stories(
    fingerprints: Mapping[str, Fingerprint], *, counts: GroupingCounts | None = None
) -> dict[str, str]:
    """Map each article id to its story id: the smallest id in its group (``merge``).

    ``counts``, when given, is filled with how many pairs were compared.
    """
    return merge(fingerprints, _pair_scores(fingerprints, counts))
