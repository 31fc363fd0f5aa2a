"""A /search or /quote query read into words and phrases, and the checks the full-text index cannot make.

Three things in a query are phrases, words that must stand together in
that order: a quoted stretch (``"political will"``, also in curly quotes), a
hyphenated compound (``28-point``: "28-point" and "28 point" in a text) and
a number (``1,000``: the number 1000, written "1,000" or "1000", never
"2,000", nor the "1,000" of "1,000,000"). A phrase is compared word by word
with the text, folded as FTS5 folds words but not stemmed: "political" is
not "politician".

The index holds no word positions on PostgreSQL, so a phrase is looked up
as all its terms (``Match`` alternatives of space-separated terms, on both
backends alike), and ``Lookup.accepts`` then keeps the rows that hold it
as a phrase. Every other word is widened to its indexed forms as before
(``Vocabulary.expand``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.query.terms import Vocabulary, content_words, index_term
from bot.store.fulltext import Match
from bot.store.postgres.tokens import fold_text, spans
from bot.store.postgres.tokens import words as folded_words

__all__ = ["Phrase", "Part", "Lookup", "read", "units", "token_spans"]

QUOTES = "\"“”„«»"
_QUOTED = re.compile(f"[{QUOTES}]([^{QUOTES}]*)[{QUOTES}]")
_COMPOUND = re.compile(r"[^\W_](?:[-‐‑–][^\W_]|[^\W_])*[-‐‑–][^\W_]")  # 28-point, son-in-law (a hyphen inside)
_DIGIT = re.compile(r"\d")
MAX_FORMS = 8  # ways of writing one phrase looked up (each number ≥ 1000 has two)


def units(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of ``text`` as phrases compare them: (unit, start, end); a number is one unit, "1,000" -> "1000"."""
    return _units(text)


@lru_cache(maxsize=32)  # a text is checked, then marked and cut: it is tokenized once
def token_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """``spans(text)``, remembered for the few texts a command reads."""
    return tuple(spans(text))


@lru_cache(maxsize=32)
def folded_text(text: str) -> str:
    """``fold_text(text)``, remembered likewise."""
    return fold_text(text)


@lru_cache(maxsize=256)
def _units(text: str) -> tuple[tuple[str, int, int], ...]:
    toks = folded_words(text)
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(toks):
        word, start, end = toks[i]
        if not word.isascii() or not word.isdigit():
            out.append((word, start, end))
            i += 1
            continue
        value, j = word, i
        if len(word) <= 3:  # thousands groups: 1,000,000
            while (j + 1 < len(toks) and text[toks[j][2]:toks[j + 1][1]] == "," and len(toks[j + 1][0]) == 3
                   and toks[j + 1][0].isascii() and toks[j + 1][0].isdigit()):
                value += toks[j + 1][0]
                j += 1
        value = value.lstrip("0") or "0"
        if j + 1 < len(toks) and text[toks[j][2]:toks[j + 1][1]] == "." and toks[j + 1][0].isascii() \
                and toks[j + 1][0].isdigit():
            value += "." + toks[j + 1][0]  # a decimal: 2.5
            j += 1
        out.append((value, start, toks[j][2]))
        i = j + 1
    return tuple(out)


def _is_number(unit: str) -> bool:
    return bool(unit) and unit.replace(".", "", 1).isdigit()


def _written(unit: str) -> list[list[str]]:
    """The index terms of each way ``unit`` may be written: "1000" as "1000" and as "1,000"."""
    if not _is_number(unit):
        return [[index_term(unit)]]
    whole, dot, fraction = unit.partition(".")
    tail = [fraction] if dot else []
    forms = [[whole, *tail]]
    if len(whole) > 3:
        groups = [whole[max(0, k - 3):k] for k in range(len(whole), 0, -3)][::-1]
        forms.append([*groups, *tail])
    return [[index_term(t) for t in form] for form in forms]


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together, in order."""

    units: tuple[str, ...]
    text: str  # as the query wrote it
    quoted: bool = False

    def alternatives(self) -> list[str]:
        """The ways to look it up: the index terms of each way of writing it, space-separated (all required)."""
        forms: list[list[str]] = [[]]
        for unit in self.units:
            forms = [f + w for f in forms for w in _written(unit)][:MAX_FORMS]
        return list(dict.fromkeys(" ".join(f) for f in forms if f))

    def find(self, text: str, found: Sequence[tuple[str, int, int]] | None = None) -> list[tuple[int, int]]:
        """The character spans where the phrase stands in ``text`` (``found``: its ``units``, when known).

        Only the stretches of the text that a pattern of the phrase finds are read word by word: a phrase
        never crosses white space in a way the pattern would miss, so the words there are the text's own.
        """
        if found is not None:
            return self._in(found, 0)
        folded = folded_text(text)
        if len(folded) != len(text):  # folding dropped marks: offsets differ, read it all
            return self._in(units(text), 0)
        spans: set[tuple[int, int]] = set()
        for m in _pattern(self.units).finditer(folded):
            start, end = m.start(), m.end()
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            spans.update(self._in(units(text[start:end]), start))
        return sorted(spans)

    def _in(self, seq: Sequence[tuple[str, int, int]], offset: int) -> list[tuple[int, int]]:
        n = len(self.units)
        if not n:
            return []
        return [
            (seq[i][1] + offset, seq[i + n - 1][2] + offset)
            for i in range(len(seq) - n + 1)
            if seq[i][0] == self.units[0] and all(seq[i + k][0] == self.units[k] for k in range(1, n))
        ]


@lru_cache(maxsize=256)
def _pattern(phrase: tuple[str, ...]) -> re.Pattern:
    """A pattern that finds the phrase in a folded text wherever its words stand (and a little more)."""
    parts = []
    for unit in phrase:
        if _is_number(unit):
            whole, dot, fraction = unit.partition(".")
            groups = [whole[max(0, k - 3):k] for k in range(len(whole), 0, -3)][::-1]
            parts.append("0*" + ",?".join(groups) + (r"\." + fraction if dot else ""))
        else:
            parts.append(re.escape(unit))
    return re.compile(r"(?<![a-z0-9])" + "[^a-z0-9]*".join(parts) + r"(?![a-z0-9])")


@dataclass(frozen=True)
class Part:
    """One query word (``terms``: its indexed forms) or one phrase (``phrase``; ``terms`` its alternatives)."""

    terms: tuple[str, ...]
    phrase: Phrase | None = None


@dataclass
class Lookup:
    """A query as the index is asked it, and what a row must hold besides."""

    parts: list[Part] = field(default_factory=list)

    @property
    def phrased(self) -> bool:
        """The query has a phrase: rows must be checked and snippets cut here, not by the index."""
        return any(p.phrase is not None for p in self.parts)

    @property
    def quoted(self) -> list[Part]:
        return [p for p in self.parts if p.phrase is not None and p.phrase.quoted]

    def attempts(self) -> list[tuple[str, list[Part]]]:
        """What to look for, in turn: every part; then, when quoted phrases were asked, those alone (a quoted
        phrase is never dropped); else, with several parts, any of them."""
        tries = [("AND", self.parts)]
        quoted = self.quoted
        if quoted and len(quoted) < len(self.parts):
            tries.append(("AND", quoted))
        elif not quoted and len(self.parts) > 1:
            tries.append(("OR", self.parts))
        return tries

    def match(self, mode: str, parts: list[Part] | None = None) -> Match | None:
        return Match.of([p.terms for p in (self.parts if parts is None else parts)], mode=mode)

    def accepts(self, text: str, mode: str, parts: list[Part] | None = None) -> bool:
        """``text`` holds every part (AND) or one (OR), each phrase as a phrase."""
        chosen = self.parts if parts is None else parts
        phrases = [p.phrase for p in chosen if p.phrase is not None]
        if not phrases:
            return True
        if mode == "AND":  # the index found every word; only the phrases are left to check
            return all(p.find(text) for p in phrases)
        if any(p.find(text) for p in phrases):
            return True
        terms = {t for t, _, _ in token_spans(text)}
        return any(t in terms for p in chosen if p.phrase is None for t in p.terms)

    def marks(self, text: str) -> list[tuple[int, int, int]]:
        """What a snippet of ``text`` marks: (start, end, part number) of each phrase and each word's form."""
        found: list[tuple[int, int, int]] = []
        for number, part in enumerate(self.parts):
            if part.phrase is not None:
                found.extend((s, e, number) for s, e in part.phrase.find(text))
        taken = [(s, e) for s, e, _ in found]
        words = {t: n for n, part in enumerate(self.parts) if part.phrase is None for t in part.terms}
        for term, start, end in token_spans(text):
            if term in words and not any(s <= start < e for s, e in taken):
                found.append((start, end, words[term]))
        return sorted(found)


def read(text: str, vocabulary: Vocabulary) -> Lookup:
    """The parts of a query, in the order written; words with no indexed form are left out, as before."""
    parts: list[Part] = []
    seen: set[str] = set()
    seen_phrases: set[tuple[str, ...]] = set()

    def phrase(written: str, quoted: bool) -> None:
        found = tuple(u for u, _, _ in units(written))
        p = Phrase(found, written, quoted)
        alternatives = tuple(p.alternatives())
        if alternatives and found not in seen_phrases:
            seen_phrases.add(found)
            parts.append(Part(alternatives, p))

    def plain(chunk: str) -> None:
        for token in chunk.split():
            core = token.strip(".,;:!?()[]{}'’")
            if _COMPOUND.search(core) or (_DIGIT.search(core) and any(_is_number(u) for u, _, _ in units(core))):
                phrase(core, False)
                continue
            for word in content_words(token):
                if word not in seen:
                    seen.add(word)
                    terms = vocabulary.expand(word)
                    if terms:
                        parts.append(Part(tuple(terms)))

    at = 0
    for m in _QUOTED.finditer(text):
        plain(text[at:m.start()])
        if m.group(1).strip():
            phrase(m.group(1), True)
        at = m.end()
    plain(text[at:])
    return Lookup(parts)
