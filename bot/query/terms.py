"""Query words to full-text terms that match every form of the word.

The FTS5 tables use SQLite's Porter tokenizer, so a query word is stemmed with
the same algorithm (snowball's "porter") and then widened to every indexed
term that contains the stem: "conditions" finds "condition", "conditions"
and "preconditions".
"""
from __future__ import annotations

import re
from bisect import bisect_right
from heapq import merge
from itertools import accumulate
from functools import lru_cache

import snowballstemmer
from anyascii import anyascii

from bot import wordlists
from bot.store.postgres.tokens import fold as fts_fold

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_stemmer = snowballstemmer.stemmer("porter")
MIN_INFIX = 5  # stems shorter than this match only as themselves, not inside other words


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def index_term(word: str) -> str:
    """``word`` as the full-text index holds it (FTS5's porter tokenizer; the PostgreSQL backend stems alike)."""
    return fts_fold(word)


@lru_cache(maxsize=1 << 17)  # a corpus's vocabulary fits: stemming is the cost of reading sentences
def stem(word: str) -> str:
    return _stemmer.stemWord(anyascii(word).lower().replace("'", "").replace("’", ""))


def stop_words(kind: str = "english") -> frozenset[str]:
    return _stop(kind)


@lru_cache(maxsize=4)
def _stop(kind: str) -> frozenset[str]:
    data = wordlists.load("stopwords")
    words_ = set(data["english"])
    if kind == "question":
        words_ |= set(data["question"])
    return frozenset(words_)


def content_words(text: str, kind: str = "english") -> list[str]:
    stop = stop_words(kind)
    out: list[str] = []
    for w in words(text):
        if w not in stop and (len(w) > 1 or w.isdigit()) and w not in out:
            out.append(w)
    return out


class _Terms:
    """Sorted terms on the lines of one string: a stem is found inside them by str.find, not a loop over them."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self.joined = "\n".join(terms) + "\n"
        self.starts = [0, *accumulate(len(t) + 1 for t in terms)]

    def containing(self, part: str) -> list[str]:
        hits: list[int] = []
        at = self.joined.find(part)
        while at != -1:
            i = bisect_right(self.starts, at) - 1
            if not hits or hits[-1] != i:
                hits.append(i)
            at = self.joined.find(part, self.starts[i + 1])  # the next term: one hit a term
        return [self.terms[i] for i in hits]


class Vocabulary:
    """The indexed terms, to widen a stem to the words that contain it.

    ``patched`` makes the vocabulary of an index that changed a little: the terms added since it was made are
    kept apart (and those gone, hidden), so that following a change costs what changed, not the vocabulary."""

    REBUILD = 5000  # more terms added or gone than this: made afresh

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts  # term -> sentences holding it
        self._base = _Terms(list(counts))
        self._base_set = frozenset(counts)
        self._extra = _Terms([])
        self._extra_set: frozenset[str] = frozenset()
        self._gone: frozenset[str] = frozenset()
        self._expanded: dict[str, list[str]] = {}

    @property
    def terms(self) -> list[str]:
        return list(merge((t for t in self._base.terms if t not in self._gone), self._extra.terms))

    def __contains__(self, term: str) -> bool:
        return (term in self._base_set and term not in self._gone) or term in self._extra_set

    def patched(self, counts: dict[str, int], changed: set[str]) -> Vocabulary:
        """A new vocabulary with the terms ``changed`` counted again (``counts``: their counts now; a term not in
        it is no longer indexed). With the same terms as before, the words already widened stay widened."""
        merged = dict(self.counts)
        added, removed = set(), set()
        for t in changed:
            if counts.get(t):
                if t not in merged:
                    added.add(t)
                merged[t] = counts[t]
            elif merged.pop(t, None) is not None:
                removed.add(t)
        new = Vocabulary.__new__(Vocabulary)
        new.__dict__.update(self.__dict__)
        new.counts = merged
        if not added and not removed:
            new._expanded = dict(self._expanded)
            return new
        extra = sorted((set(self._extra.terms) - removed) | added)
        gone = self._gone | (removed & self._base_set)
        if len(extra) + len(gone) > self.REBUILD:
            return Vocabulary({t: merged[t] for t in sorted(merged)})
        new._extra, new._extra_set, new._gone = _Terms(extra), frozenset(extra), frozenset(gone)
        new._expanded = {}  # other terms: words are widened afresh
        return new

    def expand(self, word: str) -> list[str]:
        """Every indexed term that holds a form of ``word`` (remembered: the vocabulary is fixed)."""
        if word not in self._expanded:
            if len(self._expanded) > 50_000:
                self._expanded.clear()
            self._expanded[word] = self._expand(word)
        return list(self._expanded[word])

    def knows(self, word: str) -> bool:
        """The index holds ``word`` (as the full-text index stems it, or as ``stem`` does)."""
        return any(t in self for t in (index_term(word), stem(word), word.lower()))

    def _expand(self, word: str) -> list[str]:
        found: list[str] = []
        for form in word_forms(word):
            term = index_term(form)  # the index's own stem: "assembly" is "assembl" there, "assembli" to ``stem``
            if term in self and term not in found:
                found.append(term)
            s = stem(form)
            if not s:
                continue
            if len(s) < MIN_INFIX:
                hits = [s] if s in self else []
            else:
                hits = self._containing(s)
            found.extend(h for h in hits if h not in found)
        return found

    def _containing(self, part: str) -> list[str]:
        """The terms that hold ``part``, in vocabulary order."""
        base = self._base.containing(part)
        if self._gone:
            base = [t for t in base if t not in self._gone]
        return list(merge(base, self._extra.containing(part))) if self._extra.terms else base

    def groups(self, text: str) -> list[list[str]]:
        """Each content word of ``text`` widened to its indexed terms; words with none are left out (a ``Match``'s groups)."""
        return [g for g in (self.expand(w) for w in content_words(text)) if g]


def word_forms(word: str) -> list[str]:
    """The word and its irregular forms ("meet" → meet, met; "met" → met, meet)."""
    word = word.lower()
    return [word, *_irregular().get(word, ())]


def related_words(word: str) -> tuple[str, ...]:
    """Other words for what ``word`` names ("die": death, dead), for questions only (bot/data/word_forms.yaml)."""
    return _related().get(word.lower(), ())


@lru_cache(maxsize=1)
def _related() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for base, forms in (wordlists.load("word_forms").get("related") or {}).items():
        family = {str(base), *map(str, forms)}
        for member in family:
            table.setdefault(member, set()).update(family - {member})
    return {k: tuple(sorted(v)) for k, v in table.items()}


@lru_cache(maxsize=1)
def _irregular() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    data = wordlists.load("word_forms")
    for base, forms in {**data["verbs"], **data.get("spellings", {})}.items():
        family = {str(base), *map(str, forms)}
        for member in family:
            table.setdefault(member, set()).update(family - {member})
    return {k: tuple(sorted(v)) for k, v in table.items()}

