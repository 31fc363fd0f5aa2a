"""Spellings of one name: transliteration-folded keys, name parts, compatible first names.

Outlets spell the same person differently ("Zelenskyy", "Zelenskiy",
"Zelensky"; "Yury"/"Yuri" Ushakov; "Volodymyr"/"Vladimir"), so names are
compared through a transliteration-folded key. The folding rules and the
first-name variants are data (``bot/data/name_variants.yaml``). Used within
one text (``bot.extract.people``) and across articles (``bot.corpus.identity``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from bot import wordlists
from bot.disjoint_sets import DisjointSets


@lru_cache(maxsize=1)
def _folds() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(src), dst) for src, dst in wordlists.load("name_variants")["folds"]]


@lru_cache(maxsize=1)
def _first_name_groups() -> dict[str, str]:
    """Folded first name -> the folded name that stands for its whole group."""
    groups = [[fold_word(name) for name in group] for group in wordlists.load("name_variants")["first_name_groups"]]
    sets = DisjointSets(key for keys in groups for key in keys)
    for keys in groups:
        for key in keys[1:]:
            sets.union(keys[0], key)
    # the group is named by its first-listed member, whatever the union-find's root
    first = {}
    for keys in groups:
        first.setdefault(sets.find(keys[0]), keys[0])
    return {key: first[sets.find(key)] for key in sets.parent}


@lru_cache(maxsize=1)
def _suffixes() -> frozenset[str]:
    return frozenset(s.lower().rstrip(".") for s in wordlists.load("person_words")["suffixes"])


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(wordlists.load("person_words")["particles"])


def fold_word(word: str) -> str:
    """One name part folded: ASCII, lowercase, transliteration variants unified."""
    word = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for pattern, replacement in _folds():
        word = pattern.sub(replacement, word)
    return word


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split for comparison; every part already folded."""

    first: str  # "" when only a surname is known
    surname: str
    suffix: str  # "jr", "ii", or ""
    initial_only: bool  # the first name is an initial ("J. Kushner")
    initial: str = ""  # the first letter of the first name as written, lowercase
    spelled: str = ""  # the folded first name before variant grouping, for typo tolerance


def split_name(name: str) -> NameParts:
    """Split a written name into folded first name, surname and suffix.

    The surname is the last part, with particles that precede it ("van der
    Leyen"); middle names are ignored. Initials count as a first name that
    matches any first name with that letter.
    """
    tokens = [t for t in re.split(r"[\s]+", anyascii(name).replace("’", "'").strip()) if t]
    suffix = ""
    if len(tokens) > 1 and tokens[-1].lower().rstrip(".").rstrip(",") in _suffixes():
        suffix = tokens.pop().lower().rstrip(".")
        tokens[-1] = tokens[-1].rstrip(",")
    if not tokens:
        return NameParts("", "", suffix, False)
    surname_parts = [tokens.pop()]
    while tokens and tokens[-1].lower() in _particles():
        surname_parts.insert(0, tokens.pop())
    surname = fold_word("".join(surname_parts))
    if not tokens:
        return NameParts("", surname, suffix, False)
    first_raw = tokens[0]
    initial_only = bool(re.fullmatch(r"[A-Za-z]\.?(-[A-Za-z]\.?)?", first_raw))
    first = fold_word(first_raw)
    spelled = first
    if not initial_only:
        first = _first_name_groups().get(first, first)
    return NameParts(first, surname, suffix, initial_only, first_raw[:1].lower(), spelled)


def is_known_first_name(word: str) -> bool:
    """A word listed as a first name in the variant data ("Sergey", "Kirill")."""
    return fold_word(word) in _first_name_groups()


def name_key(name: str) -> str:
    """A transliteration-folded key: equal keys mean the same name as written.

    "Volodymyr Zelenskyy" and "Vladimir Zelensky" share a key; "Vladimir
    Putin" and "Vladimir Zelensky" do not.
    """
    parts = split_name(name)
    return " ".join(p for p in (parts.first, parts.surname, parts.suffix) if p)


def first_names_compatible(a: NameParts, b: NameParts) -> bool:
    """Same first name after folding, a known variant, or an initial of it."""
    if not a.first or not b.first:
        return False
    if a.initial_only or b.initial_only:
        return a.initial == b.initial
    return a.first == b.first or _misspelt(a.spelled, b.spelled)


TYPO_SIMILARITY = 85  # rapidfuzz ratio of two spellings of one first name ("Volodomyr" ~ "Volodymyr")


def _misspelt(a: str, b: str) -> bool:
    """One first name spelt two ways by mistake; never a feminine form ("Alexander"/"Alexandra")."""
    if not a or not b or a[0] != b[0] or min(len(a), len(b)) < 5:
        return False
    if a.endswith("a") != b.endswith("a"):  # Alexander/Alexandra, Yevgeny/Yevgenia
        return False
    return fuzz.ratio(a, b) >= TYPO_SIMILARITY


def same_person_names(a: str, b: str) -> bool:
    """Two full names that may be written for one person (surname, first name, suffix agree)."""
    pa, pb = split_name(a), split_name(b)
    return (
        pa.surname == pb.surname
        and pa.suffix == pb.suffix
        and first_names_compatible(pa, pb)
    )
