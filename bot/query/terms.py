"""Query words to full-text terms that match every form of the word.

The FTS5 tables use SQLite's Porter tokenizer, so a query word is stemmed with
the same algorithm (snowball's "porter") and then widened to every indexed
term that contains the stem: "conditions" finds "condition", "conditions"
and "preconditions".
"""
from __future__ import annotations

import re
from bisect import bisect_right
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


class Vocabulary:
    """The indexed terms, to widen a stem to the words that contain it."""

    def __init__(self, counts: dict[str, int]) -> None:
        terms = list(counts)
        self.terms = terms
        self.counts = counts  # term -> sentences holding it
        self._set = frozenset(terms)
        self._expanded: dict[str, list[str]] = {}
        # every term on a line of one string: a stem is found inside terms by str.find, not a loop over them
        self._joined = "\n".join(terms) + "\n"
        self._starts = [0]
        for t in terms:
            self._starts.append(self._starts[-1] + len(t) + 1)

    def __contains__(self, term: str) -> bool:
        return term in self._set

    def patched(self, counts: dict[str, int], changed: set[str]) -> Vocabulary:
        """A new vocabulary with the terms ``changed`` counted again (``counts``: their counts now; a term not in
        it is no longer indexed). With the same terms as before, the words already widened stay widened."""
        merged = {t: c for t, c in self.counts.items() if t not in changed}
        merged.update((t, counts[t]) for t in changed if counts.get(t))
        if len(merged) == len(self.counts) and merged.keys() == self.counts.keys():
            new = Vocabulary.__new__(Vocabulary)
            new.__dict__.update(self.__dict__)
            new.counts = {t: merged[t] for t in self.terms}
            new._expanded = dict(self._expanded)
            return new
        return Vocabulary({t: merged[t] for t in sorted(merged)})  # other terms: words are widened afresh

    def expand(self, word: str) -> list[str]:
        """Every indexed term that holds a form of ``word`` (remembered: the vocabulary is fixed)."""
        if word not in self._expanded:
            if len(self._expanded) > 50_000:
                self._expanded.clear()
            self._expanded[word] = self._expand(word)
        return list(self._expanded[word])

    def knows(self, word: str) -> bool:
        """The index holds ``word`` (as the full-text index stems it, or as ``stem`` does)."""
        return any(t in self._set for t in (index_term(word), stem(word), word.lower()))

    def _expand(self, word: str) -> list[str]:
        found: list[str] = []
        for form in word_forms(word):
            term = index_term(form)  # the index's own stem: "assembly" is "assembl" there, "assembli" to ``stem``
            if term in self._set and term not in found:
                found.append(term)
            s = stem(form)
            if not s:
                continue
            if len(s) < MIN_INFIX:
                hits = [s] if s in self._set else []
            else:
                hits = self._containing(s)
            found.extend(h for h in hits if h not in found)
        return found

    def _containing(self, part: str) -> list[str]:
        """The terms that hold ``part``, in vocabulary order."""
        hits: list[int] = []
        at = self._joined.find(part)
        while at != -1:
            i = bisect_right(self._starts, at) - 1
            if not hits or hits[-1] != i:
                hits.append(i)
            at = self._joined.find(part, self._starts[i + 1])  # the next term: one hit a term
        return [self.terms[i] for i in hits]

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

