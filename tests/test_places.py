"""Places and the countries of demonyms, from bot/data/places.yaml."""
from __future__ import annotations

import pytest

from bot.extract.places import country_of, find_places


def test_find_places_gives_canonical_names_in_order() -> None:
    text = "Talks moved from Istanbul, Turkiye, to Abu Dhabi after the Anchorage summit in Alaska."
    assert [p[2] for p in find_places(text)] == ["Istanbul", "Turkey", "Abu Dhabi", "Anchorage", "Alaska"]
    start, end, _ = find_places(text)[0]
    assert text[start:end] == "Istanbul"


def test_spelling_variants_share_one_place() -> None:
    places = {p[2] for p in find_places("Turkey and Turkiye; Kiev and Kyiv; Donbass and Donbas")}
    assert places == {"Turkey", "Kyiv", "Donbas"}


def test_us_is_case_sensitive_and_whole_word() -> None:
    assert [p[2] for p in find_places("Tell us about the US and the U.S. position")] == [
        "United States", "United States"]
    assert find_places("USAID and Moscowite") == []


@pytest.mark.parametrize(
    "word, country",
    [("Russian", "Russia"), ("Ukrainian", "Ukraine"), ("US", "United States"), ("U.S.", "United States"),
     ("American", "United States"), ("Moscow", "Russia"), ("Kiev", "Ukraine"), ("Turkiye", "Turkey"),
     ("Crimea", "Ukraine"), ("European", None), ("us", None), ("Nowhere", None)],
)
def test_country_of(word: str, country: str | None) -> None:
    assert country_of(word) == country
