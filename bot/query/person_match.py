"""Finding the person a user means: typo- and transliteration-tolerant.

Names and query are folded with ``bot.extract.people.spellings.name_key`` (Zelenskyy →
zelensky, Yuri → yury ...). A query whose every word is a word of one
person's name is an exact hit; otherwise each word is matched fuzzily
(rapidfuzz) against the words of all names. An unrelated person is never
returned: below the threshold the answer is "not found" with suggestions.
``by_role`` finds people by a role instead (``bot.query.role_match``).
"""
from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from bot.extract.people.spellings import name_key
from bot.query.context import Context, PersonRow, settled
from bot.query.role_match import asked_title, closely, exactly, fits, title_of
from bot.query.terms import words

MATCH = 84  # a fuzzy word match at least this good counts as the same word
SUGGEST = 60


@dataclass
class Match:
    found: list[PersonRow] = field(default_factory=list)  # one: the person; several: ambiguous
    suggestions: list[str] = field(default_factory=list)


class PersonIndex:
    """Word → people index over every name and alias, built once per index generation."""

    def __init__(self, persons: list[PersonRow]) -> None:
        self.persons = {p.id: p for p in persons}
        # tuples, not sets: at 100,000 articles there are hundreds of thousands of people, most with one or two
        # names and most name words held by few people
        self.by_word: dict[str, tuple[int, ...]] = {}
        self.full: dict[int, tuple[tuple[str, ...], ...]] = {}
        for p in persons:
            self._add(p)
        self.vocabulary = sorted(self.by_word)
        self._name_words: dict[int, frozenset[str]] = {}

    def _add(self, p: PersonRow) -> None:
        for alias in (p.name, *p.aliases):
            folded = fold(alias)
            if not folded:
                continue
            name = tuple(folded)
            names = self.full.get(p.id, ())
            if name not in names:
                self.full[p.id] = names + (name,)
            for w in folded:
                holders = self.by_word.get(w, ())
                if p.id not in holders:
                    self.by_word[w] = holders + (p.id,)  # a new tuple: copies share the old

    def patched(self, removed: Iterable[int], changed: Iterable[PersonRow]) -> PersonIndex:
        """A new index with the persons ``removed`` (ids) gone and ``changed`` ones read again; this one stands
        (what did not change is shared, so the cost is that of the change, not of the index)."""
        changed = list(changed)
        old = [self.persons[pid] for pid in {*removed, *(p.id for p in changed)} if pid in self.persons]
        new = PersonIndex.__new__(PersonIndex)
        new.persons, new.by_word, new.full = dict(self.persons), dict(self.by_word), dict(self.full)
        new._name_words = {}
        gone: set[str] = set()
        for pid in {*removed, *(p.id for p in changed)}:
            new.persons.pop(pid, None)
            for name in new.full.pop(pid, ()):
                for w in name:
                    left = tuple(i for i in new.by_word.get(w, ()) if i != pid)
                    if left:
                        new.by_word[w] = left
                    else:
                        new.by_word.pop(w, None)
                        gone.add(w)
        for p in changed:
            new.persons[p.id] = p
            new._add(p)
        gone -= new.by_word.keys()
        added = {w for p in changed for name in new.full.get(p.id, ()) for w in name} - set(self.by_word)
        if not gone and not added:
            new.vocabulary = self.vocabulary
        else:  # kept sorted by bisection: the cost of the change, not of sorting every name word
            vocabulary = [w for w in self.vocabulary if w not in gone] if gone else list(self.vocabulary)
            for w in sorted(added):
                insort(vocabulary, w)
            new.vocabulary = vocabulary
        # what is worked out over every person follows the change too (at 100,000 articles, working it out
        # again would keep the first answer after each change waiting most of a second)
        if "people_words" in self.__dict__:
            counts = dict(self.people_words)
            for p in old:
                for w in self._person_words(p):
                    counts[w] -= 1
                    if not counts[w]:
                        del counts[w]
            for p in changed:
                for w in new._person_words(p):
                    counts[w] = counts.get(w, 0) + 1
            new.__dict__["people_words"] = counts
        if "role_holders" in self.__dict__:
            holders = dict(self.role_holders)
            for p in old:
                for w in _title_words(p):
                    left = holders[w] - {p.id}
                    if left:
                        holders[w] = left
                    else:
                        del holders[w]
            for p in changed:
                for w in _title_words(p):
                    holders[w] = holders.get(w, set()) | {p.id}
            new.__dict__["role_holders"] = holders
        return new

    def match(self, query: str, fuzzy: bool = True) -> Match:
        """The people ``query`` names: every word a word of one name, else (``fuzzy``) close enough."""
        q = fold(query)
        if not q:
            return Match()
        exact = set(self.by_word.get(q[0], ())).intersection(*(self.by_word.get(w, ()) for w in q[1:]))
        if exact:
            return Match(found=self._rank_exact(q, exact))
        if not fuzzy:
            return Match()
        scores = self._fuzzy(q)
        good = sorted((s, pid) for pid, s in scores.items() if s >= MATCH)
        if good:
            good.sort(key=lambda item: (-item[0], -self.persons[item[1]].mentions))
            best = good[0][0]
            close = [pid for s, pid in good if s >= best - 4]
            return Match(found=[self.persons[pid] for pid in close])
        suggestions = sorted(
            ((s, pid) for pid, s in scores.items() if s >= SUGGEST),
            key=lambda item: (-item[0], -self.persons[item[1]].mentions),
        )
        return Match(suggestions=[self.persons[pid].name for _, pid in suggestions[:5]])

    def by_role(self, query: str, fuzzy: bool = False) -> list[tuple[PersonRow, str]]:
        """The people whose role ``query`` describes, with that role: the best fit first, then the most mentioned.

        ``fuzzy``: title words may be misspelt (as names may); tried only when no role holds them as written.
        """
        asked = asked_title(query)
        if asked is None:
            return []
        same = closely(MATCH) if fuzzy else exactly
        holders = self.role_holders
        candidates: set[int] = set()
        for w in asked.words:  # only people with a title word like one asked are compared word by word
            near = process.extract(w, list(holders), scorer=fuzz.ratio, score_cutoff=MATCH, limit=None) if fuzzy else ()
            for word in {w, *(c for c, _, _ in near if same(w, c))}:
                candidates |= holders.get(word, set())
        found = []
        for pid in candidates:
            p = self.persons[pid]
            fit = fits(asked, p.roles, p.affiliation, self.name_words(p.id), same)
            if fit is not None:
                found.append((fit.extra, -p.mentions, p.name, p.id, fit.role))
        return [(self.persons[pid], role) for *_, pid, role in sorted(found)]

    def name_words(self, person_id: int) -> frozenset[str]:
        """The words of a person's name and aliases, as written (lower case) and folded."""
        if person_id not in self._name_words:
            self._name_words[person_id] = frozenset(self._words_of(person_id))
        return self._name_words[person_id]

    def _words_of(self, person_id: int):
        p = self.persons[person_id]
        yield from (w for alias in (p.name, *p.aliases) for w in words(alias))
        yield from (w for name in self.full.get(person_id, ()) for w in name)

    @cached_property
    @settled
    def role_holders(self) -> dict[str, set[int]]:
        """Title word -> the people (not organisations) with a role holding it."""
        holders: dict[str, set[int]] = {}
        for p in self.persons.values():
            for w in _title_words(p):
                holders.setdefault(w, set()).add(p.id)
        return holders

    @cached_property
    @settled
    def people_words(self) -> dict[str, int]:
        """The words of every person's name (not organisations'), each with how many people's names hold it: "Trump"
        in "Trump envoy" is no part of the title."""
        counts: dict[str, int] = {}
        for p in self.persons.values():
            for w in self._person_words(p):
                counts[w] = counts.get(w, 0) + 1
        return counts

    def _person_words(self, p: PersonRow) -> set[str]:
        return set() if p.is_org else set(self._words_of(p.id))  # not kept per person

    def complete(self, prefix: str, limit: int = 25) -> list[str]:
        """Names for autocomplete: every query word starts a word of the name or an alias.

        Most-mentioned first; an empty prefix gives the most-mentioned people.
        """
        q = fold(prefix)
        ranked = sorted(self.persons.values(), key=lambda p: (p.is_org, -p.mentions, p.name))
        if not q:
            return [p.name for p in ranked[:limit]]
        out = []
        for p in ranked:
            names = self.full.get(p.id, ())
            if any(all(any(w.startswith(part) for w in name) for part in q) for name in names):
                out.append(p.name)
                if len(out) == limit:
                    break
        return out

    def similarity(self, query: str) -> dict[int, float]:
        """Person id → how close ``query`` is to their name words (rapidfuzz ratio, mean over the query's words)."""
        q = fold(query)
        return self._fuzzy(q) if q else {}

    def _rank_exact(self, q: list[str], ids: set[int]) -> list[PersonRow]:
        """Several people share the query words: one whose whole name is the query wins."""
        whole = [pid for pid in ids if tuple(q) in self.full.get(pid, ())]
        chosen = whole if len(whole) == 1 else list(ids)
        return sorted((self.persons[pid] for pid in chosen), key=lambda p: (-p.mentions, p.name))

    def _fuzzy(self, q: list[str]) -> dict[int, float]:
        """Mean over query words of the best match among each person's name words."""
        per_word: list[dict[int, float]] = []
        for w in q:
            best: dict[int, float] = {}
            for cand, score, _ in process.extract(
                w, self.vocabulary, scorer=fuzz.ratio, score_cutoff=SUGGEST, limit=30
            ):
                for pid in self.by_word[cand]:
                    best[pid] = max(best.get(pid, 0.0), score)
            per_word.append(best)
        total: dict[int, float] = {}
        for pid in set().union(*per_word):
            total[pid] = sum(d.get(pid, 0.0) for d in per_word) / len(per_word)
        return total


def fold(name: str) -> list[str]:
    out = []
    for w in words(name):
        key = name_key(w)
        if key:
            out.extend(key.split())
    return out


def _title_words(p: PersonRow) -> set[str]:
    """The title words of a person's roles (none for an organisation)."""
    return set() if p.is_org else {w for role in p.roles for w in title_of(role).words}


def index_for(ctx: Context) -> PersonIndex:
    """The person index of ``ctx``'s persons (the context updates it with its persons after an index change)."""
    cached = ctx.__dict__.get("person_index")
    if cached is None or cached[0] is not ctx.persons:
        cached = (ctx.persons, settled(PersonIndex)(ctx.persons))
        ctx.__dict__["person_index"] = cached
    return cached[1]
