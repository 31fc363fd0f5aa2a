"""One person across articles: clustering the people of every article, and display names.

Names are compared through ``bot.extract.people.spellings``. Merging is
conservative: two people are one only when the surnames agree and the first
names are compatible, because merging two people is worse than keeping one
person twice.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

from bot.disjoint_sets import DisjointSets
from bot.extract.lexicon import lexicon as name_words
from bot.extract.people.spellings import (
    NameParts,
    first_names_compatible,
    fold_word,
    name_key,
    split_name,
)
from bot.extract.types import PersonEntity


def cluster_people(entities: Sequence[PersonEntity]) -> list[int]:
    """One cluster id per entity; equal ids mean the same person (or organisation).

    Full names join when surname and suffix agree and the first names are
    compatible; an initial joins only when a single full-name cluster fits it.
    A surname alone joins only when exactly one full-name cluster has that
    surname (and the same suffix, or none), or, of several, when exactly one shares
    its role's head word ("President" Trump is Donald, not Melania), or when one is
    written in ten times as many articles as all the others together (and in three at
    least). Organisations join by folded name only, never with people.
    """
    sets = DisjointSets(range(len(entities)))
    find, union = sets.find, sets.union
    org_by_key: dict[str, int] = {}
    by_surname: dict[str, list[tuple[int, NameParts]]] = defaultdict(list)
    names = clean_names(entities)
    for i, entity in enumerate(entities):
        if entity.is_org:
            key = org_key(entity.name)
            if key in org_by_key:
                union(org_by_key[key], i)
            else:
                org_by_key[key] = i
            continue
        parts = split_name(names[i])
        if parts.surname:
            by_surname[parts.surname].append((i, parts))

    for members in by_surname.values():
        _cluster_surname(entities, members, find, union)

    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(entities))]


def org_key(name: str) -> str:
    """An organisation's folded name: equal keys, one organisation ("The Kremlin", "Kremlin")."""
    return " ".join(fold_word(w) for w in re.sub(r"^the\s+", "", name, flags=re.I).split())


def group_key(name: str, is_org: bool) -> str | None:
    """The group of names one person (or organisation) can be merged within: its surname, or its organisation key;
    None for a name without a surname, which is merged with nothing. ``cluster_people`` never joins two
    entities of different groups, so each group can be clustered alone."""
    if is_org:
        return "o:" + org_key(name)
    surname = split_name(without_stray_words(name, set())).surname
    return "s:" + surname if surname else None


def _cluster_surname(entities: Sequence[PersonEntity], members: list[tuple[int, NameParts]], find, union) -> None:
    """The clustering of one surname's entities (see ``cluster_people``). Entities whose name parts (and, for a
    surname alone, role heads) are the same are treated alike, so the work grows with the distinct spellings, not
    with how often a name is written: a surname written in 50,000 articles costs no more than in 50."""
    full = [(i, p) for i, p in members if p.first and not p.initial_only]
    spellings: dict[NameParts, list[int]] = {}
    for i, parts in full:
        spellings.setdefault(parts, []).append(i)
    distinct = list(spellings.items())
    for parts, same in distinct:  # one spelling is compatible with itself
        for i in same[1:]:
            union(same[0], i)
    for x, (pi, ii) in enumerate(distinct):
        for pj, jj in distinct[x + 1:]:
            if pi.suffix == pj.suffix and first_names_compatible(pi, pj):
                union(ii[0], jj[0])
    # the full-name clusters are settled: each known by one of its members from here on
    label = {i: find(i) for i, _ in full}
    sizes = Counter(label.values())
    heads: dict[int, set[str]] = defaultdict(set)
    for i, _ in full:
        heads[label[i]] |= _role_heads(entities[i].roles)
    by_spelling = [(parts, label[same[0]]) for parts, same in distinct]
    fitting: dict[tuple, frozenset] = {}
    for i, parts in members:
        if parts.first and not parts.initial_only:
            continue
        if parts.initial_only:
            key = ("initial", parts)
            if key not in fitting:
                fitting[key] = frozenset(c for pj, c in by_spelling
                                         if pj.suffix == parts.suffix and first_names_compatible(parts, pj))
            fits = fitting[key]
        else:  # "Trump" alone is not "Donald Trump Jr.": a suffix is always written
            role = frozenset(_role_heads(entities[i].roles))
            key = ("surname", parts.suffix, role)
            if key not in fitting:
                fits = frozenset(c for pj, c in by_spelling if pj.suffix == parts.suffix)
                if len(fits) > 1:
                    fits = _by_role(role, fits, heads) or _dominant(fits, sizes) or fits
                fitting[key] = fits
            fits = fitting[key]
        if len(fits) == 1:
            union(i, next(iter(fits)))
    lone = [i for i, p in members if not p.first]
    if not full:
        for i in lone[1:]:
            union(lone[0], i)


# How much more often a full name must be written than all others of its surname for a
# surname alone (with no role to tell them apart) to be taken for it, and in how many
# articles at least.
DOMINANT_SHARE = 10
DOMINANT_MIN = 3


def _role_heads(roles: Sequence[str]) -> set[str]:
    """The head words of roles ("U.S. President" -> "president")."""
    return {words[-1] for r in roles if (words := re.findall(r"[a-z]+", r.lower()))}


def _by_role(role: frozenset[str], fits: frozenset, heads: dict) -> frozenset:
    """The one cluster of ``fits`` whose roles share a head word with ``role`` (a surname alone's role heads), if one."""
    if not role:
        return frozenset()
    sharing = frozenset(c for c in fits if role & heads[c])
    return sharing if len(sharing) == 1 else frozenset()


def _dominant(fits: frozenset, sizes: Counter) -> frozenset:
    """The cluster of ``fits`` written far more often than the others together, if one."""
    ranked = sorted(fits, key=lambda c: -sizes[c])
    top, rest = ranked[0], ranked[1:]
    n, others = sizes[top], sum(sizes[c] for c in rest)
    return frozenset({top}) if n >= DOMINANT_MIN and n >= DOMINANT_SHARE * others else frozenset()


def clean_names(entities: Sequence[PersonEntity]) -> list[str]:
    """Each entity's name as a person's name ``without_stray_words``, against the full names
    written among ``entities``; an organisation's name as it is."""
    written = {name_key(e.name) for e in entities if not e.is_org and len(e.name.split()) >= 2}
    return [e.name if e.is_org else without_stray_words(e.name, written) for e in entities]


def without_stray_words(name: str, written: set[str]) -> str:
    """``name`` without words glued before a full name that is written on its own elsewhere
    ("Presidents Donald Trump", "HIRING Donald Trump" are Donald Trump when "Donald Trump"
    is known): the leading words are titles, capitals or no word at all ("-BASED"), never a
    first name. Words after the name are kept ("Donald Trump Jr." is someone else). A title
    before a surname leaves the surname alone ("President Trump")."""
    words = name.split()
    if len(words) == 2 and _stray(words[0]):
        return words[1]  # "President Trump": a surname alone, which joins only where it is unambiguous
    k = 0
    while len(words) - k > 2 and _stray(words[k]):
        k += 1
        if name_key(" ".join(words[k:])) in written:
            return " ".join(words[k:])
    return name


def _stray(word: str) -> bool:
    """A word that is no part of a person's name: a title ("President", "Presidents"), a
    word in capitals ("HIRING"; not an initial), or one that opens with no letter."""
    if not word[:1].isalpha():
        return True
    if len(word) > 2 and word.isupper():
        return True
    titles = name_words()
    return titles.is_title_word(word) or (word.endswith("s") and titles.is_head(word[:-1]))


def canonical_name(names: Sequence[str]) -> str:
    """The display name of a cluster: the most frequent full form of the name.

    Full forms (first name and surname) win over a bare surname; among equally
    frequent forms the ASCII spelling, then the longer, then the
    alphabetically first is taken, so the answer does not depend on order.
    """
    cleaned = [" ".join(n.split()) for n in names if n and n.strip()]
    if not cleaned:
        return ""
    full = [n for n in cleaned if len(n.split()) > 1] or cleaned
    counts = Counter(full)
    return min(counts, key=lambda n: (-counts[n], not n.isascii(), -len(n), n))


def search_keys(name: str) -> list[str]:
    """Keys to look a person up by, tolerant of transliteration and doubled letters.

    The full key and the surname key; callers compare a query's keys with
    these exactly first and then with a fuzzy ratio for typos.
    """
    parts = split_name(name)
    keys = [name_key(name)]
    if parts.surname and parts.surname not in keys:
        keys.append(parts.surname)
    return [k for k in keys if k]
