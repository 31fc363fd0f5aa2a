"""Queries read into words and phrases (bot/query/phrases.py): numbers whole, phrases found as phrases."""
from __future__ import annotations

import pytest

from bot.query.phrases import Phrase, read, units
from bot.query.terms import Vocabulary


@pytest.mark.parametrize("text, expected", [
    ("1,000 prisoners", ["1000", "prisoners"]),
    ("1000", ["1000"]),
    ("1,000,000", ["1000000"]),
    ("2,000 kilometres (1,243 miles)", ["2000", "kilometres", "1243", "miles"]),
    ("the 1,000-for-1,000 formula", ["the", "1000", "for", "1000", "formula"]),
    ("2.5 billion", ["2.5", "billion"]),
    ("in 2024, 300 died", ["in", "2024", "300", "died"]),  # ", " is no thousands separator
    ("January 22-23", ["january", "22", "23"]),
    ("Zelenskyy’s Kyïv", ["zelenskyy", "s", "kyiv"]),
])
def test_units_read_numbers_whole(text, expected):
    assert [u for u, _, _ in units(text)] == expected


def phrase(text: str, quoted: bool = True) -> Phrase:
    return Phrase(tuple(u for u, _, _ in units(text)), text, quoted)


@pytest.mark.parametrize("asked, text, found", [
    ("28-point plan", "shared a 28-point plan for peace", ["28-point plan"]),
    ("28-point plan", "a 28 point plan", ["28 point plan"]),
    ("28-point plan", "drafted a 28-point peace plan", []),
    ("28-point plan", "fired 28 missiles; the plan", []),
    ("political will", "the content and political will to reach", ["political will"]),
    ("political will", "the politician will say", []),
    ("1,000", "swap 1,000 prisoners", ["1,000"]),
    ("1,000", "the 1000-for-1000 exchange", ["1000", "1000"]),
    ("1000", "swap 1,000 prisoners", ["1,000"]),
    ("1,000", "for 2,000 kilometres", []),
    ("1,000", "a 1,000,000 fund", []),
    ("2.5", "2.5 billion euros, not 2 or 25", ["2.5"]),
])
def test_a_phrase_is_found_as_a_phrase(asked, text, found):
    assert [text[s:e] for s, e in phrase(asked).find(text)] == found


def test_a_number_is_looked_up_as_each_way_it_is_written():
    assert phrase("1,000 prisoners").alternatives() == ["1000 prison", "1 000 prison"]
    assert phrase("28-point").alternatives() == ["28 point"]


def test_a_query_is_read_into_words_and_phrases():
    vocabulary = Vocabulary({"plan": 3, "polit": 2, "will": 5, "prison": 2, "prisoner": 1})
    lookup = read('"political will" 28-point plans 1,000 prisoners', vocabulary)
    kinds = [(p.phrase.text, p.phrase.quoted) if p.phrase else p.terms for p in lookup.parts]
    assert kinds[0] == ("political will", True)
    assert ("28-point", False) in kinds and ("1,000", False) in kinds
    assert ("plan",) in kinds and ("prison", "prisoner") in kinds  # other words widen to their indexed forms
    assert lookup.quoted == [lookup.parts[0]]
    # the quoted phrase is never dropped: the second attempt is it alone, not any word
    assert [(mode, len(parts)) for mode, parts in lookup.attempts()] == [("AND", len(lookup.parts)), ("AND", 1)]
    unquoted = read("28-point plans", vocabulary)
    assert [mode for mode, _ in unquoted.attempts()] == ["AND", "OR"]


def test_a_row_is_kept_only_when_it_holds_the_phrase():
    lookup = read('"political will" talks', Vocabulary({"talk": 4, "talks": 2}))
    assert lookup.accepts("talks need political will", "AND")
    assert not lookup.accepts("political talks will go on", "AND")
    assert lookup.accepts("the talks", "OR") and not lookup.accepts("politician", "OR")
    marks = lookup.marks("talks need political will")
    assert [("talks need political will"[s:e], n) for s, e, n in marks] == [("talks", 1), ("political will", 0)]
