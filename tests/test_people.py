"""People in one text, checked against the cases in tests/cases/people.yaml."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.extract.nlp import parse
from bot.extract.people.analysis import PeopleAnalysis, analyze_people

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "people.yaml").read_text(encoding="utf-8"))
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ukraine_talks"


def _text(case: dict) -> str:
    if "seed" in case:
        return (ROOT / "seeds" / case["seed"]).read_text(encoding="utf-8")
    return case["text"]


def _entity(analysis: PeopleAnalysis, name: str) -> int | None:
    for k, entity in enumerate(analysis.entities):
        if not entity.is_org and (entity.name == name or name in entity.aliases):
            return k
    return None


def _span(text: str, check: dict) -> tuple[int, int]:
    """The `occurrence`-th whole-word match of `in` (or of `span`), narrowed to `span`."""
    phrase = check["span"]
    context = check.get("in", phrase)
    matches = list(re.finditer(r"(?<!\w)" + re.escape(context) + r"(?!\w)", text))
    found = matches[check.get("occurrence", 1) - 1]
    offset = context.index(phrase)
    return found.start() + offset, found.start() + offset + len(phrase)


@pytest.fixture(scope="module")
def analyses() -> dict[str, tuple[str, PeopleAnalysis]]:
    out = {}
    for case in CASES:
        text = _text(case)
        out[case["id"]] = (text, analyze_people(parse(text)))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_people_case(case: dict, analyses: dict) -> None:
    text, analysis = analyses[case["id"]]
    for person in case.get("people", []):
        k = _entity(analysis, person["name"])
        assert k is not None, f"{person['name']} not found in {[e.name for e in analysis.entities]}"
        entity = analysis.entities[k]
        if "role" in person:
            assert any(person["role"].lower() in r.lower() for r in entity.roles), (person, entity.roles)
        if "affiliation" in person:
            assert entity.affiliation == person["affiliation"], (person, entity.affiliation)
        for alias in person.get("aliases", []):
            assert alias == entity.name or alias in entity.aliases, (alias, entity)
    for name, words in case.get("roles_not", {}).items():
        k = _entity(analysis, name)
        roles = analysis.entities[k].roles if k is not None else []
        assert not any(w.lower() in r.lower() for w in words for r in roles), (name, roles)
    for name, wrong in case.get("affiliation_not", {}).items():
        k = _entity(analysis, name)
        assert k is None or analysis.entities[k].affiliation not in wrong, (name, analysis.entities[k].affiliation)
    for word in case.get("not_people", []):
        for entity in analysis.entities:
            if entity.is_org:
                continue
            forms = [entity.name, *entity.aliases]
            assert not any(word in form.split() or word == form for form in forms), (word, entity)
    for check in case.get("resolve", []):
        phrase = check["span"]
        start, end = _span(text, check)
        got = analysis.resolve(start, end)
        if check.get("org"):
            assert got is not None and analysis.entities[got].is_org, (phrase, got)
            if check.get("to"):
                assert analysis.entities[got].name == check["to"], (phrase, analysis.entities[got].name)
        elif check["to"] is None:
            assert got is None, (phrase, analysis.entities[got].name)
        else:
            assert got is not None, f"{phrase!r} resolved to nobody"
            entity = analysis.entities[got]
            assert check["to"] == entity.name or check["to"] in entity.aliases, (phrase, entity.name)


def test_mentions_are_sorted_and_point_at_entities(analyses: dict) -> None:
    for text, analysis in analyses.values():
        starts = [m.start for m in analysis.mentions]
        assert starts == sorted(starts)
        for m in analysis.mentions:
            assert 0 <= m.entity < len(analysis.entities)
            assert text[m.start:m.end] == m.text


def test_resolve_of_a_known_name_is_its_mention(analyses: dict) -> None:
    text, analysis = analyses["seed002-rudenko-deputy-foreign-minister"]
    start = text.index("Russian Deputy Foreign Minister Andrey Rudenko")
    k = analysis.resolve(start, start + len("Russian Deputy Foreign Minister Andrey Rudenko"))
    assert k is not None and analysis.entities[k].name == "Andrey Rudenko"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_never_makes_people_of_places_or_outlets() -> None:
    banned = {"Sputnik", "Kyiv", "Kiev", "Donetsk", "Izvestia", "Reuters", "Moscow", "Kremlin", "Ukraine",
              "Russia", "NATO", "Anchorage", "Istanbul", "Geneva", "Axios", "TASS"}
    files = sorted(CORPUS.glob("*.txt"))[:20]
    for path in files:
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        analysis = analyze_people(parse(text))
        for entity in analysis.entities:
            if not entity.is_org:
                assert not banned & set(entity.name.split()), (path.name, entity.name)
