"""One person across articles: folded keys, clusters and display names."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.identity import canonical_name, cluster_people, search_keys
from bot.extract.nlp import parse
from bot.extract.people.analysis import analyze_people
from bot.extract.people.spellings import name_key
from bot.extract.types import PersonEntity

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize(
    "a, b",
    [("Volodymyr Zelenskyy", "Vladimir Zelensky"), ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
     ("Yury Ushakov", "Yuri Ushakov"), ("Iouri Ushakov", "Yury Ushakov"),
     ("Alexey Polishchuk", "Aleksey Polischuk"), ("Alexei Polishchuk", "Alexey Polishchuk"),
     ("Artem Sokolov", "Artyom Sokolov"), ("Kirill Budanov", "Kyrylo Budanov")],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [("Vladimir Putin", "Vladimir Zelensky"), ("Vladimir Putin", "Lyudmila Putina"),
     ("Donald Trump", "Donald Trump Jr.")],
)
def test_different_people_have_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def _clusters(*names: str) -> dict[str, int]:
    ids = cluster_people([PersonEntity(name=n) for n in names])
    return dict(zip(names, ids))


def test_cluster_merges_variants_and_unambiguous_surnames() -> None:
    c = _clusters("Volodymyr Zelenskyy", "Vladimir Zelensky", "Zelenskiy", "Vladimir Putin", "Putin",
                  "J. Kushner", "Jared Kushner")
    assert c["Volodymyr Zelenskyy"] == c["Vladimir Zelensky"] == c["Zelenskiy"]
    assert c["Vladimir Putin"] == c["Putin"] != c["Vladimir Zelensky"]
    assert c["J. Kushner"] == c["Jared Kushner"]


def test_cluster_never_merges_different_people() -> None:
    c = _clusters("Vladimir Putin", "Lyudmila Putina", "Donald Trump", "Donald Trump Jr.",
                  "Olaf Scholz", "Anna Scholz", "Scholz")
    assert len({c["Vladimir Putin"], c["Lyudmila Putina"]}) == 2
    assert c["Donald Trump"] != c["Donald Trump Jr."]
    assert c["Olaf Scholz"] != c["Anna Scholz"]
    assert c["Scholz"] not in (c["Olaf Scholz"], c["Anna Scholz"])  # ambiguous surname stays apart


def test_organisations_cluster_by_name_only() -> None:
    entities = [PersonEntity(name="Kremlin", is_org=True), PersonEntity(name="the Kremlin", is_org=True),
                PersonEntity(name="Kremlin")]
    ids = cluster_people(entities)
    assert ids[0] == ids[1] != ids[2]


def test_canonical_name_prefers_the_most_frequent_full_form() -> None:
    names = ["Zelenskyy", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelenskyy"]
    assert canonical_name(names) == "Volodymyr Zelenskyy"
    assert canonical_name(["Peskov"]) == "Peskov"


def test_search_keys_tolerate_transliteration_and_doubling() -> None:
    assert set(search_keys("Zelenskyy")) & set(search_keys("Volodymyr Zelensky"))
    assert set(search_keys("Witkof")) & set(search_keys("Steve Witkoff"))


def test_seed_people_cluster_across_articles() -> None:
    entities: list[PersonEntity] = []
    for seed in ("000_d9cb14a7106406d8.txt", "002_135d9834a0f45a4b.txt", "003_47ab2e2e153daedb.txt"):
        entities += analyze_people(parse((SEEDS / seed).read_text(encoding="utf-8"))).entities
    ids = cluster_people(entities)
    cluster = {}
    for entity, cid in zip(entities, ids):
        cluster.setdefault(entity.name, cid)
    assert cluster["Yury Ushakov"] == cluster["Yuri Ushakov"]
    assert cluster["Volodymyr Zelensky"] == cluster["Vladimir Zelensky"]
    assert cluster["Vladimir Putin"] != cluster["Vladimir Zelensky"]


def test_misspelt_first_names_join_but_feminine_forms_do_not():
    from bot.corpus.identity import cluster_people
    from bot.extract.types import PersonEntity

    names = ["Volodymyr Zelenskyy", "Volodomyr Zelenskyy", "Volodymr Zelenskiy", "Zelensky",
             "Alexander Novak", "Alexandra Novak", "Mario Rossi", "Maria Rossi"]
    ids = cluster_people([PersonEntity(name=n) for n in names])
    assert ids[0] == ids[1] == ids[2] == ids[3]
    assert ids[4] != ids[5]
    assert ids[6] != ids[7]
