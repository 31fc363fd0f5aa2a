"""Roles as /who compares and shows them (bot/query/role_match.py)."""
from __future__ import annotations

import pytest

from bot.query.role_match import asked_title, closely, distinct, exactly, fits, label, title_of


WITKOFF = [
    "special envoy", "US President Donald Trump’s special envoy", "envoy", "US President Donald Trump's special envoy",
    "Trump’s special envoy", "Trump’s special envoy for peace missions", "U.S. President Donald Trump's peace envoy",
    "presidential peace envoy", "U.S. President Donald Trump's special envoy", "Trump envoy",
]


def test_roles_that_say_the_same_are_shown_once_the_most_specific_first():
    shown = distinct(WITKOFF, {"trump", "donald"})
    assert shown == ["Trump’s special envoy for peace missions", "presidential peace envoy"]
    assert sum("special envoy" in r for r in shown) == 1
    assert distinct(["Kremlin spokesman", "spokesman", "Kremlin spokesperson", "Presidential Spokesman",
                     "Russian leader's spokesman"]) == ["Kremlin spokesman", "Presidential Spokesman"]
    assert distinct(["Vice President", "Vice-President"]) == ["Vice President"]
    assert distinct(["Defense Minister", "Minister of Defence"]) == ["Defense Minister"]
    # a qualifier makes another office: a former president, the first US-born pope
    assert distinct(["President", "former President"]) == ["President", "former President"]
    assert distinct(["Pope", "first US-born pope"]) == ["Pope", "first US-born pope"]


def test_a_possessor_is_not_the_title():
    assert title_of("Russian leader's spokesman").words == ("spokesman",)
    assert title_of("secretary of Ukraine's National Security and Defense Council").owner == ()
    assert asked_title("Russian") is None  # a place alone names no office


@pytest.mark.parametrize("query, roles, affiliation, expected", [
    ("Foreign Minister", ["Foreign Minister"], "Russia", "Foreign Minister"),
    ("foreign minister", ["Deputy Foreign Minister"], "Russia", None),  # a deputy is not the minister
    ("deputy foreign minister", ["Deputy Foreign Minister"], None, "Deputy Foreign Minister"),
    ("the Kremlin spokesman", ["Kremlin spokesman", "spokesman"], "Russia", "Kremlin spokesman"),
    ("Russian leader", ["Russian leader's spokesman"], "Russia", None),
    ("Russian leader's spokesman", ["Russian leader's spokesman"], "Russia", "Russian leader's spokesman"),
    ("Russian foreign minister", ["Foreign Minister"], "Russia", "Foreign Minister"),
    ("Ukrainian foreign minister", ["Foreign Minister"], "Russia", None),
    ("US president", ["President"], "United States", "President"),
    ("press secretary", ["White House Press Secretary"], None, "White House Press Secretary"),
    ("foreign ministry", ["Foreign Minister"], "Russia", None),
    ("President Putin", ["President"], "Russia", "President"),  # a name word of the person may be asked too
])
def test_a_role_fits_a_query_only_when_it_holds_the_asked_title(query, roles, affiliation, expected):
    fit = fits(asked_title(query), roles, affiliation, {"vladimir", "putin"})
    assert (fit.role if fit else None) == expected


def test_typos_in_a_title_are_tolerated_only_when_asked():
    asked = asked_title("foriegn minster")
    assert fits(asked, ["Foreign Minister"], None, (), exactly) is None
    assert fits(asked, ["Foreign Minister"], None, (), closely(84)).role == "Foreign Minister"
    assert fits(asked_title("ministry"), ["minister"], None, (), closely(84)) is not None  # why typos come last


def test_a_choice_says_the_role_and_the_country():
    assert label("Sergei Lavrov", "Foreign Minister", "Russia") == "Sergei Lavrov — Foreign Minister of Russia"
    assert label("Scott Bessent", "Treasury Secretary", "United States") == \
        "Scott Bessent — Treasury Secretary of the United States"
    assert label("Dmytro Kuleba", "Foreign Minister", None) == "Dmytro Kuleba — Foreign Minister"
    assert label("Dmitry Peskov", "Kremlin spokesman", "Russia", ["Kremlin"]) == "Dmitry Peskov — Kremlin spokesman"
    assert label("X", "secretary of Ukraine's Council", "Ukraine") == "X — secretary of Ukraine's Council"
