"""Places named in a text, and the country a demonym or place belongs to.

Event places and people's affiliations both need the same answer to "which
place is this word?", so the gazetteer (``bot/data/places.yaml``) is read here
once. Names are matched case-sensitively because "US" and "us", "Turkey" and
"turkey" are different words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot import wordlists


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Every written form of a place or demonym, mapped to its canonical name."""

    places: dict[str, str]  # written form -> canonical place name
    country: dict[str, str | None]  # canonical place name or demonym -> country
    demonyms: dict[str, str | None]  # "Russian" -> "Russia", "European" -> None
    adjective: dict[str, str]  # country -> its first demonym: "Russia" -> "Russian"
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = wordlists.load("places")
    places: dict[str, str] = {}
    country: dict[str, str | None] = {}
    demonyms: dict[str, str | None] = {}
    adjective: dict[str, str] = {}
    for name, entry in (data.get("countries") or {}).items():
        entry = entry or {}
        places[name] = name
        country[name] = name
        for alias in entry.get("aliases") or []:
            places[alias] = name
        for demonym in entry.get("demonyms") or []:
            demonyms[demonym] = name
            adjective.setdefault(name, demonym)
    for section in ("cities", "regions"):
        for name, entry in (data.get(section) or {}).items():
            entry = entry or {}
            places[name] = name
            country[name] = entry.get("country")
            for alias in entry.get("aliases") or []:
                places[alias] = name
    for demonym, region in (data.get("regional_demonyms") or {}).items():
        demonyms.setdefault(demonym, None)
        if region:
            country.setdefault(region, None)
    forms = sorted(places, key=len, reverse=True)
    # A form must not be glued to other letters ("USA" is not "US" + "A").
    pattern = re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w|\.\w)"
    )
    return Gazetteer(places, country, demonyms, adjective, pattern)


def find_places(text: str) -> list[tuple[int, int, str]]:
    """Every place name in ``text`` as ``(start, end, canonical name)``, in order."""
    gaz = gazetteer()
    return [(m.start(), m.end(), gaz.places[m.group(0)]) for m in gaz.pattern.finditer(text)]


def canonical_place(word: str) -> str | None:
    """The canonical name of a place written as ``word`` ("Kiev" -> "Kyiv"), if known."""
    gaz = gazetteer()
    word = word.strip()
    if word in gaz.places:
        return gaz.places[word]
    if word.startswith("the ") and word[4:] in gaz.places:
        return gaz.places[word[4:]]
    return None


def is_demonym(word: str) -> bool:
    """True for nationality and regional adjectives: "Russian", "Ukrainians", "European"."""
    return word.strip() in gazetteer().demonyms


def demonym_of(country: str) -> str | None:
    """The adjective of a country as the press writes it: "Russia" -> "Russian"."""
    return gazetteer().adjective.get(country)


def country_of(demonym_or_name: str) -> str | None:
    """The country a demonym, country, city or region belongs to.

    "Russian" -> "Russia", "U.S." -> "United States", "Moscow" -> "Russia";
    None for regional adjectives ("European") and unknown words. A lowercase
    word is tried capitalised too, except "us", which is a pronoun.
    """
    gaz = gazetteer()
    word = demonym_or_name.strip()
    for form in (word, word[:1].upper() + word[1:] if word.lower() != "us" else word):
        if form in gaz.demonyms:
            return gaz.demonyms[form]
        place = canonical_place(form)
        if place is not None:
            return gaz.country.get(place)
    return None
