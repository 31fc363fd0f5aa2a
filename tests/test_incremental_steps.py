"""The corpus-wide steps one article at a time give what one run over the whole corpus gives.

A corpus is built up article by article (an index run after each), some articles are changed (one loses its
date, one gains a paragraph of another's), some removed and one put back; a second index is made in one run
over the final folder. Stories, people (with their ids, names, aliases, roles, mentions and members), timeline
entries and answers must be the same in both.
"""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from bot import Newsdesk
from conftest import SEEDS, SHARED

TALKS = SHARED / "corpus" / "ukraine_talks"


def state(nd: Newsdesk) -> dict:
    """What the corpus-wide steps decide, in terms that do not depend on the order rows were stored in."""
    q = nd.repo.query
    stories = {r["id"]: r["story_id"] for r in q("SELECT id, story_id FROM articles")}
    members: dict[int, list] = {}
    for r in q("SELECT person_id, article_id, local_id FROM article_people ORDER BY article_id, local_id"):
        members.setdefault(r["person_id"], []).append((r["article_id"], r["local_id"]))
    persons = sorted(
        (r["id"], r["name"], r["aliases"], r["roles"], r["affiliation"], r["is_org"], r["keys"], r["mentions"],
         tuple(members.get(r["id"], ())))
        for r in q("SELECT * FROM persons")
    )
    assert None not in members, "every person of every article belongs to a person of the index"
    events = {r["id"]: (r["article_id"], r["start"], r["end"], r["date"], r["precision"])
              for r in q("SELECT id, article_id, start, \"end\", date, precision FROM events")}
    groups: dict[int, set] = {}
    for r in q("SELECT id, group_id, date_group FROM events"):
        groups.setdefault(r["group_id"], set()).add(events[r["id"]])
    entries = sorted(sorted(g) for g in groups.values())
    dates = {r["id"]: (r["published"], r["published_earliest"], r["published_latest"], r["anchor"])
             for r in q("SELECT * FROM articles")}
    return {"stories": stories, "persons": persons, "entries": entries, "dates": dates}


def answers(nd: Newsdesk) -> dict:
    top = [r["name"] for r in nd.repo.query("SELECT name FROM persons WHERE is_org = 0 ORDER BY mentions DESC, name")]
    asked = [f"/who {name}" for name in top[:6]] + [f"/quote by: {name.split()[-1]}" for name in top[:3]]
    asked += ["/quote talks", "/quote ceasefire", "/timeline", "/timeline Istanbul", "/timeline Putin",
              "/search peace talks", "/sources", "Who met Putin in Alaska?", "What did Zelensky say about Russia?"]
    return {text: json.loads(nd.ask(text).model_dump_json()) for text in asked}


def build(tmp_path: Path, sources: list[Path], seed: int, dbs: tuple) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    rng = random.Random(seed)
    order = sorted(sources)
    rng.shuffle(order)
    with Newsdesk(corpus=folder, db=dbs[0]) as nd:
        for path in order:  # one at a time
            shutil.copy(path, folder / path.name)
            nd.index()
        names = sorted(p.name for p in folder.iterdir())
        undated_now = folder / names[1]  # loses its date: the header's, or the first line of a text without one
        head, mark, body = undated_now.read_text(encoding="utf-8").partition("\n---\n")
        if mark:
            head = "\n".join(line for line in head.splitlines() if not line.startswith("published:"))
            undated_now.write_text(head + mark + body, encoding="utf-8")
        else:
            undated_now.write_text(head.split("\n", 1)[1], encoding="utf-8")
        nd.index()
        grown = folder / names[2]  # gains the opening paragraph of another
        borrowed = _body(folder / names[3]).strip().split("\n")[0]
        grown.write_text(grown.read_text(encoding="utf-8") + "\n" + borrowed + "\n", encoding="utf-8")
        nd.index()
        gone = [folder / names[0], folder / names[len(names) // 2]]
        kept = gone[0].read_bytes()
        for path in gone:
            path.unlink()
            nd.index()
        gone[0].write_bytes(kept)  # back again
        nd.index()
    shutil.copytree(folder, tmp_path / "final")
    with Newsdesk(corpus=tmp_path / "final", db=dbs[1]) as nd:
        nd.index()


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    head, mark, body = text.partition("\n---\n")
    return body if mark else text


def compare(tmp_path: Path, dbs: tuple) -> dict:
    with Newsdesk(corpus=tmp_path / "corpus", db=dbs[0]) as step, \
            Newsdesk(corpus=tmp_path / "final", db=dbs[1]) as whole:
        assert not step.is_stale() and not whole.is_stale()
        one, other = state(step), state(whole)
        for part in one:
            assert one[part] == other[part], part
        assert answers(step) == answers(whole)
    return one


@pytest.fixture(params=["sqlite", "postgresql"])
def dbs(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "step.sqlite", tmp_path / "whole.sqlite"
    cluster = request.getfixturevalue("pg_cluster")
    name = f"steps_{abs(hash(str(tmp_path))) % 10**8}"
    return cluster.create_database(name + "_step"), cluster.create_database(name + "_whole")


def test_the_seeds_one_at_a_time_are_the_seeds_at_once(tmp_path, dbs):
    build(tmp_path, sorted(SEEDS.glob("*.txt")), 3, dbs)
    found = compare(tmp_path, dbs)
    # what the steps had to do: a story of two (a rewrite), an undated article dated by its story, people of
    # several articles, entries told by several
    stories = list(found["stories"].values())
    assert any(stories.count(s) > 1 for s in stories)
    assert any(published is None and anchor for published, _, _, anchor in found["dates"].values())
    assert any(len({article for article, _ in p[8]}) > 1 for p in found["persons"])
    assert any(len(entry) > 1 for entry in found["entries"])


@pytest.mark.skipif(not TALKS.is_dir(), reason="shared corpus not present")
def test_ukraine_talks_one_at_a_time_are_ukraine_talks_at_once(tmp_path):
    # articles of 2025 and the undated ones (they share people, stories and days), copied from ../shared into the test's own folder one by one
    sources = sorted(p for p in TALKS.glob("*.txt") if not p.name[3:7].startswith("2022"))[:24]
    dbs = (tmp_path / "step.sqlite", tmp_path / "whole.sqlite")
    build(tmp_path, sources, 11, dbs)
    compare(tmp_path, dbs)
