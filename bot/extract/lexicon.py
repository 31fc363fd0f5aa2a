"""The word lists people extraction needs, as ready-made lowercase sets.

Everything here comes from the YAML files in ``bot/data`` through
``bot.wordlists``; this module only turns them into sets and stems once, so
the extractors can ask "is this a title word?" cheaply.
"""
from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache

import snowballstemmer

from bot import wordlists

_stemmer = snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


@dataclass(frozen=True, slots=True)
class Lexicon:
    heads: frozenset[str]  # role heads, lowercase, may contain spaces/hyphens
    modifiers: frozenset[str]
    acronyms: frozenset[str]  # title words written in capitals ("UN"), lowercase
    relational_heads: frozenset[str]
    honorifics: dict[str, str | None]
    qualifiers: frozenset[str]
    ignorable: frozenset[str]
    reference_classes: dict[str, tuple[str, ...]]
    generic_references: frozenset[str]
    pronouns: dict[str, str]
    person_nouns: frozenset[str]
    person_possessions: frozenset[str]
    relatives: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    family_name_first: frozenset[str]
    not_names: frozenset[str]  # as written
    thing_nouns: frozenset[str]
    credit_patterns: tuple[re.Pattern[str], ...]
    skip_line_starts: tuple[str, ...]
    speaker_verb_stems: frozenset[str]
    org_words: frozenset[str]  # as written
    org_nouns: frozenset[str]  # lowercase heads of a qualified body: "air force", "officials"
    organisations: tuple[str, ...]  # as written, may be several words
    outlets: tuple[str, ...]
    naming_phrases: tuple[tuple[str, ...], ...]  # "known as", "with the call sign": the name follows

    def is_title_word(self, word: str) -> bool:
        """A word of a role; an acronym only in capitals ("UN", not "Un" of Kim Jong Un)."""
        low = word.lower()
        if low in self.acronyms and not word.isupper():
            return False
        return low in self.heads or low in self.modifiers or low in self.honorifics

    def is_head(self, word: str) -> bool:
        """A role head: "minister", "son-in-law", and "vice-rector" by its last part."""
        low = word.lower()
        return low in self.heads or ("-" in low and low.rsplit("-", 1)[1] in self.heads)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    titles = wordlists.load("titles")
    words = wordlists.load("person_words")
    orgs = wordlists.load("organisations")
    low = lambda items: frozenset(str(x).lower() for x in items or [])  # noqa: E731
    return Lexicon(
        heads=low(titles["heads"]),
        modifiers=low(titles["modifiers"]),
        acronyms=frozenset(str(x).lower() for x in titles["heads"] + titles["modifiers"] if str(x).isupper()),
        relational_heads=low(titles.get("relational_heads")),
        honorifics={str(k).lower(): v for k, v in (titles.get("honorifics") or {}).items()},
        qualifiers=low(titles.get("qualifiers")),
        ignorable=low(titles.get("ignorable")),
        reference_classes={
            str(k).lower(): tuple(str(p).lower() for p in v)
            for k, v in (titles.get("reference_classes") or {}).items()
        },
        generic_references=low(titles.get("generic_references")),
        pronouns={str(k).lower(): v for k, v in words["pronouns"].items()},
        person_nouns=low(words["person_nouns"]) | low(titles["heads"]),
        person_possessions=low(words["person_possessions"]),
        relatives=low(words["relatives"]),
        particles=low(words["particles"]),
        suffixes=frozenset(words["suffixes"]),
        family_name_first=frozenset(words.get("family_name_first_hints") or []),
        not_names=frozenset(words["not_names"]),
        thing_nouns=low(words.get("thing_nouns")),
        credit_patterns=tuple(re.compile(p) for p in words.get("credit_patterns") or []),
        skip_line_starts=tuple(words.get("skip_line_starts") or []),
        speaker_verb_stems=frozenset(stem(v) for v in words["speaker_verbs"]),
        org_words=frozenset(orgs["org_words"]),
        org_nouns=frozenset(orgs["org_nouns"]),
        organisations=tuple(orgs["organisations"]),
        outlets=tuple(orgs["outlets"]),
        naming_phrases=tuple(tuple(str(p).lower().split()) for p in words.get("naming_phrases") or []),
    )
