"""People by what they are: "/who the Kremlin spokesman", "/who Foreign Minister"; each person's roles once.

A role is compared by its words (lower case; "U.S." is "us"; hyphenated
words apart; British spellings as American; stop words out). A possessor
before it is not the title: "Russian leader's spokesman" is a spokesman,
not a leader. A role matches a query when every word of the query is a word
of the title, a word of the person's name ("President Putin"), or a place
that is the title's or the person's affiliation ("Russian foreign
minister"); the query's possessor words must be the role's; and the title
holds no qualifier the query does not ask for (bot/data/titles.yaml
``qualifiers``: the deputy foreign minister is not the foreign minister).
Typos are tolerated as in names (a rapidfuzz ratio of at least ``MATCH``),
but only when no role holds the words as written. The best fit has the
fewest title words beyond the query's.

``distinct`` shows a person's roles once each: roles with the same words,
or whose words are all in a more specific role that adds no qualifier
("special envoy" in "special envoy for peace missions"), are one, shown in
the place of the first of them as the most specific.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from bot import wordlists
from bot.extract.lexicon import lexicon
from bot.extract.places import country_of
from bot.query.terms import stop_words, words

_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # U.S., U.N.
_POSSESSIVE = re.compile(r"['’]s(?=\s)")
_PREPOSITION = re.compile(r"\b(?:of|for|at|in|to|with|on)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Title:
    """A role split into its title and the possessor before it ("Trump's special envoy": trump; special, envoy)."""

    text: str
    words: tuple[str, ...]
    owner: tuple[str, ...]


@lru_cache(maxsize=4096)
def title_of(role: str) -> Title:
    m = _POSSESSIVE.search(role)
    if m and not _PREPOSITION.search(role[:m.start()]):
        return Title(role, tuple(role_words(role[m.end():])), tuple(role_words(role[:m.start()])))
    return Title(role, tuple(role_words(role)), ())


def role_words(text: str) -> list[str]:
    """The words of a role or of a query for one, as they are compared."""
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    stop = stop_words()
    out = []
    for w in words(text):
        w = _spelling().get(re.sub(r"['’]s$", "", w), re.sub(r"['’]s$", "", w))
        if w and w not in stop and w not in out:
            out.append(w)
    return out


@lru_cache(maxsize=1)
def _spelling() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, forms in (wordlists.load("word_forms").get("spellings") or {}).items():
        for form in forms:
            table[str(form)] = str(base)
    return table


@lru_cache(maxsize=1)
def _same_office() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, forms in (wordlists.load("role_words").get("same_office") or {}).items():
        for form in forms:
            table[str(form)] = str(base)
    return table


@lru_cache(maxsize=4096)
def _country(word: str) -> str | None:
    """The country a word of a role or query names ("russian", "us": the United States), if one."""
    if len(word) < 2:
        return None
    return country_of(word) or (country_of(word.upper()) if len(word) <= 3 else None)


@dataclass(frozen=True)
class Fit:
    role: str
    extra: int  # title words beyond the query's


Same = Callable[[str, str], bool]


def exactly(a: str, b: str) -> bool:
    return a == b


def closely(score: float) -> Same:
    """Two words alike as names are: equal, or a rapidfuzz ratio of at least ``score`` (never numbers)."""

    def same(a: str, b: str) -> bool:
        return a == b or (min(len(a), len(b)) >= 4 and not (a.isdigit() or b.isdigit())
                          and fuzz.ratio(a, b) >= score)

    return same


def asked_title(query: str) -> Title | None:
    """The query as a title; None when it names no office (only places, or nothing)."""
    asked = title_of(query)
    if not any(_country(w) is None for w in asked.words):
        return None
    return asked


def fits(asked: Title, roles: Sequence[str], affiliation: str | None, name_words: Collection[str],
         same: Same = exactly) -> Fit | None:
    """The role of ``roles`` that ``asked`` describes best, if one does."""
    qualifiers = lexicon().qualifiers
    home = _country(affiliation) if affiliation else None
    best: Fit | None = None
    for role in roles:
        title = title_of(role)
        places = {c for c in map(_country, (*title.words, *title.owner)) if c}
        matched: set[str] = set()
        ok = True
        for w in asked.words:
            hit = next((t for t in title.words if same(w, t)), None)
            if hit is not None:
                matched.add(hit)
            elif not (w in name_words or (_country(w) is not None and _country(w) in (places | {home}))):
                ok = False
                break
        if not ok or not matched:
            continue
        if not all(any(same(w, t) for t in (*title.owner, *title.words)) or w in name_words for w in asked.owner):
            continue
        if any(t in qualifiers and t not in matched for t in title.words):
            continue
        fit = Fit(role, len([t for t in title.words if t not in matched]))
        if best is None or fit.extra < best.extra:
            best = fit
    return best


def distinct(roles: Sequence[str], name_words: Collection[str] = ()) -> list[str]:
    """Each role once: the most specific of the roles that say the same, at the place of the first of them."""
    office = _same_office()
    qualifiers = lexicon().qualifiers
    keys = [frozenset(office.get(w, w) for w in title_of(r).words if w not in name_words) or frozenset([r.casefold()])
            for r in roles]

    def covers(i: int, j: int) -> bool:
        """Role i says all role j says, and more only without a qualifier (or the same, and i comes first)."""
        if i == j or not keys[j] <= keys[i]:
            return False
        if keys[i] == keys[j]:
            return i < j
        return not any(w in qualifiers for w in keys[i] - keys[j])

    kept = [i for i in range(len(roles)) if not any(covers(k, i) for k in range(len(roles)))]
    place = {i: min([i, *(j for j in range(len(roles)) if covers(i, j))]) for i in kept}
    return [roles[i] for i in sorted(kept, key=lambda i: (place[i], i))]


def label(name: str, role: str, affiliation: str | None, organisations: Collection[str] = ()) -> str:
    """ "Sergei Lavrov — Foreign Minister of Russia": the role, and the country when the role does not say it."""
    title = title_of(role)
    said = " ".join((*title.owner, *title.words))
    home = _country(affiliation) if affiliation else None
    names_place = any(_country(w) for w in (*title.words, *title.owner)) or " of " in f" {role.lower()} "
    names_body = any(org.lower() in role.lower() for org in organisations)
    if affiliation and home == affiliation and not names_place and not names_body and affiliation.lower() not in said:
        the = "the " if affiliation in (wordlists.load("role_words").get("with_the") or ()) else ""
        return f"{name} — {role} of {the}{affiliation}"
    return f"{name} — {role}"
