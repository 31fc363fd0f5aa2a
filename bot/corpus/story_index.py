"""Stories kept up to date one article at a time, through the index of kept shingles (``story_shingles``).

A pair's score depends on the two texts and on how many articles hold each shingle they share
(``bot.corpus.stories.pair_score``), nothing else. An article added, changed or removed therefore moves the
scores of its own pairs and of pairs that share one of its shingles: every article holding one of them is a
seed (a shingle held by more than ``MAX_POSTING`` articles weighs nothing before and after, and is passed over).
From the seeds the links at THRESHOLD are followed, each article's partners found through its shingles, to whole
components, and each component is merged again (``stories.merge``). Only pairs within a component ever meet in
a merge, so the stories come out as grouping the whole collection at once would make them (``refresh`` with
``full``, which does just that).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.corpus.stories import (
    MAX_POSTING,
    MIN_SHARED_SHINGLES,
    THRESHOLD,
    Fingerprint,
    fingerprint,
    merge,
    pair_score,
)
from bot.store.corpus_rows import CorpusRows

_CHUNK = 1000  # articles whose fingerprints are read at once when every story is made anew


class _Reader:
    """Fingerprints, shingles and shingle holders read once each in one refresh."""

    def __init__(self, rows: CorpusRows) -> None:
        self.rows = rows
        self.fps: dict[str, Fingerprint] = {}
        self.shingles: dict[str, list[int]] = {}
        self.held: dict[int, list[str]] = {}
        self.outdated: dict[str, bytes] = {}  # fingerprints computed again (an older format): stored again

    def fingerprints(self, ids: Iterable[str]) -> None:
        missing = [i for i in ids if i not in self.fps]
        if not missing:
            return
        for article_id, raw in self.rows.fingerprint_bytes(missing).items():
            if raw is not None and Fingerprint.readable(raw):
                self.fps[article_id] = Fingerprint.from_bytes(raw)
        outdated = [i for i in missing if i not in self.fps]
        for article_id, (_, text) in self.rows.fingerprints(outdated).items():
            fp = self.fps[article_id] = fingerprint(text)
            self.outdated[article_id] = fp.to_bytes()

    def shingles_of(self, ids: Iterable[str]) -> None:
        missing = [i for i in ids if i not in self.shingles]
        if missing:
            found = self.rows.shingles_of(missing)
            for i in missing:
                self.shingles[i] = sorted(found.get(i, ()))

    def holders(self, shingles: Iterable[int]) -> None:
        missing = [s for s in shingles if s not in self.held]
        if missing:
            self.held.update(self.rows.holders(missing, MAX_POSTING + 1))


def refresh(rows: CorpusRows, changed: set[str], removed: set[str], seeds: set[str], full: bool = False
            ) -> dict[str, str]:
    """Bring the shingle index in line with ``changed`` (stored) and ``removed`` articles and return the story of
    every article whose story may have moved (all of them with ``full``): article id -> story id. ``seeds``: more
    articles to start from (members of the stories the changed articles were in, seeds a stopped run left)."""
    reader = _Reader(rows)
    if full:
        return _everything(rows, reader)
    changed = rows.existing(changed)
    removed = set(removed) - changed
    reader.fingerprints(changed)
    new = {a: reader.fps[a].shingles for a in changed}
    old = rows.shingles_of(changed | removed)
    touched = changed | removed
    affected = {s for shingles in (*old.values(), *new.values()) for s in shingles}
    cap = MAX_POSTING + 2 + len(touched)
    before = rows.holders(affected, cap)
    leaving: dict[int, int] = defaultdict(int)
    for shingles in old.values():
        for s in shingles:
            leaving[s] += 1
    coming: dict[int, int] = defaultdict(int)
    for shingles in new.values():
        for s in shingles:
            coming[s] += 1
    start = set(changed) | set(seeds)
    for s, held in before.items():
        if len(held) >= cap:
            continue  # furniture before and after
        after = len(held) - leaving[s] + coming[s]
        if min(len(held), after) <= MAX_POSTING:
            start.update(held)
    start -= removed
    rows.replace_shingles(touched, new, reader.outdated, start)
    reader.outdated.clear()
    return _components(reader, rows.existing(start))


def _everything(rows: CorpusRows, reader: _Reader) -> dict[str, str]:
    """Every story at once (a new index, or other code), in memory that grows with the shared shingles, not with
    the texts: the shingle index is rebuilt a batch of articles at a time, the pairs are met through the shingles
    held by 2 to MAX_POSTING articles, and fingerprints are read a chunk of articles (and their partners) at a
    time. The same stories as ``group_stories`` over every fingerprint."""
    ids = rows.article_ids()
    with rows.repo.transaction() as c:
        c.execute("DELETE FROM story_shingles")
    for start in range(0, len(ids), _CHUNK):
        part = _Reader(rows)
        part.fingerprints(ids[start:start + _CHUNK])
        rows.replace_shingles([], {a: fp.shingles for a, fp in part.fps.items()}, part.outdated, [])
    held: dict[int, list[str]] = defaultdict(list)
    for shingle, article_id in rows.shared_shingles(MAX_POSTING):
        held[shingle].append(article_id)
    kept: dict[str, list[int]] = defaultdict(list)
    for shingle, holders in held.items():
        for a in holders:
            kept[a].append(shingle)
    scores: dict[tuple[str, str], float] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        partners: dict[str, dict[str, list[int]]] = {}
        for a in chunk:
            shared: dict[str, list[int]] = defaultdict(list)
            for s in kept.get(a, ()):
                for b in held[s]:
                    if b > a:
                        shared[b].append(len(held[s]))
            partners[a] = {b: dfs for b, dfs in shared.items() if len(dfs) >= MIN_SHARED_SHINGLES}
        part = _Reader(rows)
        part.fingerprints(set(chunk) | {b for found in partners.values() for b in found})
        for a, found in partners.items():
            for b, dfs in found.items():
                score = pair_score(part.fps[a], part.fps[b], dfs)
                if score is not None:
                    scores[a, b] = score
    return merge(ids, scores)


def _components(reader: _Reader, start: set[str]) -> dict[str, str]:
    """The stories of every component (of the links at THRESHOLD) that holds an article of ``start``."""
    stories: dict[str, str] = {}
    scores: dict[tuple[str, str], float] = {}
    links: dict[str, set[str]] = defaultdict(set)
    pairs_of: dict[str, set[str]] = defaultdict(set)
    done: set[str] = set()
    for first in sorted(start):
        if first in done:
            continue
        component = {first}
        frontier = [first]
        while frontier:
            _score_partners(reader, frontier, scores, links, pairs_of)
            following = []
            for u in frontier:
                for v in sorted(links[u]):
                    if v not in component:
                        component.add(v)
                        following.append(v)
            frontier = following
        done |= component
        within = {}
        for a in component:
            for b in pairs_of[a]:
                if b in component and a < b:
                    within[a, b] = scores[a, b]
        stories.update(merge(component, within))
    return stories


def _score_partners(reader: _Reader, articles: list[str], scores: dict[tuple[str, str], float],
                    links: dict[str, set[str]], pairs_of: dict[str, set[str]]) -> None:
    """Score every pair of ``articles`` with the articles sharing enough kept shingles with them; ``links``: the
    pairs at THRESHOLD, both ways."""
    reader.shingles_of(articles)
    reader.holders({s for a in articles for s in reader.shingles[a]})
    partners: dict[str, dict[str, list[int]]] = {}
    for a in articles:
        shared: dict[str, list[int]] = defaultdict(list)
        for s in reader.shingles[a]:
            held = reader.held[s]
            if 2 <= len(held) <= MAX_POSTING:
                for b in held:
                    if b != a:
                        shared[b].append(len(held))
        partners[a] = {b: dfs for b, dfs in shared.items() if len(dfs) >= MIN_SHARED_SHINGLES}
    reader.fingerprints({a for a in articles} | {b for found in partners.values() for b in found})
    for a, found in partners.items():
        for b, dfs in found.items():
            pair = (a, b) if a < b else (b, a)
            if pair in scores or a not in reader.fps or b not in reader.fps:
                continue
            score = pair_score(reader.fps[pair[0]], reader.fps[pair[1]], dfs)
            if score is not None:
                scores[pair] = score
                pairs_of[a].add(b)
                pairs_of[b].add(a)
                if score >= THRESHOLD:
                    links[a].add(b)
                    links[b].add(a)


def provisional(rows: CorpusRows, fp: Fingerprint) -> str | None:
    """The story an article not yet stored would most likely join (its best partner's story at THRESHOLD), to
    infer an undated article's date before it is stored; the corpus-wide steps settle it."""
    held = rows.holders(fp.shingles, MAX_POSTING)
    shared: dict[str, list[int]] = defaultdict(list)
    for s, holders in held.items():
        if len(holders) + 1 <= MAX_POSTING:
            for b in holders:
                shared[b].append(len(holders) + 1)
    best: tuple[float, str] | None = None
    candidates = {b: dfs for b, dfs in shared.items() if len(dfs) >= MIN_SHARED_SHINGLES}
    for b, raw in rows.fingerprint_bytes(candidates).items():
        if raw is None or not Fingerprint.readable(raw):
            continue
        score = pair_score(fp, Fingerprint.from_bytes(raw), candidates[b])
        if score is not None and score >= THRESHOLD and (best is None or (score, b) > best):
            best = (score, b)
    if best is None:
        return None
    return rows.stories_of([best[1]]).get(best[1]) or best[1]
