"""Story grouping: copies and rewrites together, separate articles apart."""
from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from bot.corpus.stories import THRESHOLD, Fingerprint, GroupingCounts, fingerprint, group_stories, similarity
from bot.ingest.clean import clean
from bot.ingest.files import iter_corpus, read_article

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
UKRAINE_TALKS = SHARED / "corpus" / "ukraine_talks"
BULK = SHARED / "corpus" / "bulk"

HARBOUR = (
    "The port authority of Valdora said on Monday that the northern harbour would reopen to cargo ships "
    "next week after three months of repairs to the breakwater, which storms had damaged in January. "
    '"The harbour is safe again and the first ships can berth on Tuesday," the authority\'s director, '
    "Mira Castell, told reporters at the quay. Fishing boats will have to wait until the end of the month, "
    "because dredging of the inner basin is still under way, she said. The repairs cost about 40 million "
    "euros, paid for by the regional government and a loan from the development bank. Traders welcomed "
    "the news, saying the closure had forced them to send grain by road to the southern port at twice the cost."
)
HARBOUR_COPY = (
    "VALDORA: The port authority of Valdora said on Monday that the northern harbour would reopen to cargo ships "
    "next week after three months of repairs to the breakwater, which storms had damaged in January. "
    '"The harbour is safe again and the first ships can berth on Tuesday," the authority\'s director, '
    "Mira Castell, told reporters at the quay. Fishing boats will have to wait until the end of the month, "
    "because dredging of the inner basin is still under way, she said. The repairs cost about 40 million "
    "euros, paid for by the regional government and a loan from the development bank."
)
HARBOUR_OTHER = (
    "Dock workers in Valdora voted on Friday to strike over pay, a week before the northern harbour is due "
    "to reopen after repairs. The union said its members had not had a raise in four years and that the "
    "port authority had refused to meet them. Mira Castell, the authority's director, said talks were "
    "possible but the budget was tight after the breakwater works. A strike would delay the first cargo "
    "ships and hurt grain traders who have been sending their loads south by road since the storms."
)


def seed_fingerprints() -> dict[str, Fingerprint]:
    return {path.name[:3]: fingerprint(read_article(path).text) for path in iter_corpus(ROOT / "seeds")}


def test_seed_rewrite_is_grouped_and_the_rest_stand_alone() -> None:
    stories = group_stories(seed_fingerprints())
    assert stories["000"] == stories["001"] == "000"
    for other in ("002", "003", "004"):
        assert stories[other] == other


def test_seed_pair_similarities() -> None:
    fps = seed_fingerprints()
    assert similarity(fps["000"], fps["001"]) >= THRESHOLD
    assert similarity(fps["001"], fps["000"]) == similarity(fps["000"], fps["001"])
    for a, b in (("000", "002"), ("000", "003"), ("002", "004"), ("003", "004"), ("001", "003")):
        assert similarity(fps[a], fps[b]) < THRESHOLD / 2


def test_near_identical_texts_are_grouped() -> None:
    stories = group_stories({"b": fingerprint(HARBOUR_COPY), "a": fingerprint(HARBOUR)})
    assert stories == {"a": "a", "b": "a"}
    assert similarity(fingerprint(HARBOUR), fingerprint(HARBOUR_COPY)) > 0.8


def test_same_topic_different_texts_are_not_grouped() -> None:
    fps = {"a": fingerprint(HARBOUR), "c": fingerprint(HARBOUR_OTHER)}
    assert group_stories(fps) == {"a": "a", "c": "c"}
    assert similarity(fps["a"], fps["c"]) < THRESHOLD


def test_groups_do_not_chain_through_a_shared_paragraph() -> None:
    # Two unrelated texts each copy the same boilerplate paragraph from a
    # third: they must not become one story through it.
    filler = "Residents of the coastal towns were told to keep off the beaches until further notice. " * 3
    texts = {
        "a": HARBOUR + " " + filler,
        "b": HARBOUR_OTHER + " " + filler,
        "c": (
            "The museum reopened its east wing on Saturday with a show of maritime maps drawn between the "
            "fifteenth and eighteenth centuries, many of them lent by private collectors for the first time. "
            "The curator, Anton Vey, said the oldest chart showed the coast before the river changed course. "
            "Visitors queued for an hour on the first morning, and the museum will stay open late on Thursdays. "
        )
        + filler,
    }
    stories = group_stories({k: fingerprint(v) for k, v in texts.items()})
    assert len(set(stories.values())) == 3


def test_identical_texts_score_one_and_empty_text_scores_zero() -> None:
    assert similarity(fingerprint(HARBOUR), fingerprint(HARBOUR)) == pytest.approx(1.0)
    assert similarity(fingerprint(""), fingerprint(HARBOUR)) == 0.0
    assert group_stories({"only": fingerprint("")}) == {"only": "only"}


def test_fingerprint_round_trips_through_bytes() -> None:
    original = fingerprint(HARBOUR)
    restored = Fingerprint.from_bytes(original.to_bytes())
    assert restored == original
    assert fingerprint(HARBOUR) == original  # stable: no per-process hash seed
    with pytest.raises(ValueError):
        Fingerprint.from_bytes(original.to_bytes()[:-3])


def test_grouping_is_deterministic_whatever_the_order() -> None:
    fps = seed_fingerprints()
    reordered = dict(reversed(list(fps.items())))
    assert group_stories(fps) == group_stories(reordered)


@pytest.mark.skipif(not UKRAINE_TALKS.is_dir(), reason="shared corpus not present")
def test_ukraine_talks_groups_are_few_and_small() -> None:
    fps = {p.name[:2]: fingerprint(read_article(p).text) for p in iter_corpus(UKRAINE_TALKS)}
    stories = group_stories(fps)
    sizes = Counter(stories.values())
    assert max(sizes.values()) <= 2
    assert sum(1 for n in sizes.values() if n > 1) <= 2
    assert stories["02"] == "02"  # the CNA copy of Reuters has no twin in this folder


def test_grouping_compares_only_pairs_that_share_text() -> None:
    # Forty texts with no word in common and one copy: one pair is worth comparing, and only it is.
    fps = {f"t{i:02d}": fingerprint(" ".join(f"w{i}x{j}" for j in range(60))) for i in range(40)}
    fps["copy"] = fps["t07"]
    counts = GroupingCounts()
    stories = group_stories(fps, counts=counts)
    assert counts == GroupingCounts(articles=41, candidate_pairs=1, scored_pairs=1)
    assert stories["copy"] == stories["t07"] == "copy"
    assert group_stories(fps) == stories  # counting changes nothing


@pytest.mark.skipif(not BULK.is_dir(), reason="shared bulk corpus not present")
def test_bulk_duplicates_grouped_without_comparing_every_pair() -> None:
    texts: dict[str, str] = {}
    links: dict[str, str] = {}
    for path in sorted(BULK.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                key = f"{path.name[:12]}-{record['id']:05d}"
                texts[key] = clean(record["text"]).text
                links[key] = record["link"].split("?")[0]
    fps = {k: fingerprint(v) for k, v in texts.items()}
    counts = GroupingCounts()
    stories = group_stories(fps, counts=counts)
    # Complexity, not seconds: the inverted index meets about 2% of the n(n-1)/2 pairs and
    # scores about 0.5% (21663 and 5550 of 1113778 on the 1493 bulk articles).
    all_pairs = len(fps) * (len(fps) - 1) // 2
    assert counts.articles == len(fps)
    assert counts.candidate_pairs < all_pairs / 20
    assert counts.scored_pairs < all_pairs / 100
    # The same link in both files is the same article: grouped, unless too short to judge.
    by_link: dict[str, list[str]] = {}
    for key, link in links.items():
        by_link.setdefault(link, []).append(key)
    twins = [keys for keys in by_link.values() if len(keys) > 1 and all(len(texts[k]) > 500 for k in keys)]
    assert twins
    together = sum(1 for keys in twins if len({stories[k] for k in keys}) == 1)
    assert together / len(twins) > 0.9
    assert max(Counter(stories.values()).values()) <= 12  # no giant chained group
