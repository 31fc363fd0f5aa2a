"""find_dates: the cases in tests/cases/dates.yaml, plus properties every result keeps."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract.dates.find import find_dates

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "dates.yaml").read_text(encoding="utf-8"))["cases"]
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ukraine_talks"
TYPES = {"DATE", "TIME", "DURATION", "SET"}


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_case(case):
    found = find_dates(case["text"], _as_date(case["published"]))
    got = [{"text": m.text, "value": m.value, "type": m.type} for m in found]
    want = [{k: e[k] for k in ("text", "value", "type")} for e in case["expected"]]
    assert got == want
    for mention, expected in zip(found, case["expected"]):
        for key in ("precision", "end_value", "future"):
            if key in expected:
                assert getattr(mention, key) == expected[key], (mention.text, key)


def _check_well_formed(text: str, found) -> None:
    starts = [m.start for m in found]
    assert starts == sorted(starts)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start, (a, b)
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.type in TYPES
        assert m.value


def _articles() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*.txt"))
    return paths


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name[:40])
def test_articles_give_well_formed_mentions(path):
    text = path.read_text(encoding="utf-8")
    for published in (None, date(2026, 1, 24)):
        found = find_dates(text, published)
        _check_well_formed(text, found)
        if published is None:
            # never the current year: only explicit years or placeholders
            for m in found:
                if m.value[:4].isdigit() and m.type in ("DATE", "TIME"):
                    assert m.value[:4] in text or m.value[:3] in text, m


def test_corpus_header_date_is_found():
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        header, _, _ = text.partition("\n---\n")
        published = header.split("published:", 1)[1].split()[0]
        if published == "unknown":
            continue
        found = find_dates(header)
        assert any(m.value == published for m in found), path.name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,-/:abcdefghijklmnopqrstuvwxyzJMADFNOSTW'")), max_size=80),
       st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))))
def test_arbitrary_text_never_breaks(text, published):
    _check_well_formed(text, find_dates(text, published))
