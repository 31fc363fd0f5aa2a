"""Parsing a chat message into a Request, before anything is looked up."""
from __future__ import annotations

import pytest

from bot.commands.request import parse
from bot.errors import UserError


@pytest.mark.parametrize(
    "text, command, argument, options",
    [
        ("/who Witkoff", "who", "Witkoff", {}),
        ("/WHO   Steve   Witkoff ", "who", "Steve Witkoff", {}),
        ("/quote conditions by:Rudenko", "quote", "conditions", {"by": "Rudenko"}),
        ("/quote conditions by: Andrey Rudenko", "quote", "conditions", {"by": "Andrey Rudenko"}),
        ("/quote by:Peskov", "quote", "", {"by": "Peskov"}),
        ("/timeline Anchorage from:2025-01-01 to:2025-12-31", "timeline", "Anchorage",
         {"from": "2025-01-01", "to": "2025-12-31"}),
        ("/timeline", "timeline", "", {}),
        ("What did Merz announce on January 16?", None, "What did Merz announce on January 16?", {}),
        ("what happened at 10:30 today", None, "what happened at 10:30 today", {}),
    ],
)
def test_parse(text, command, argument, options):
    req = parse(text)
    assert (req.command, req.text, req.options) == (command, argument, options)


def test_a_colon_word_that_is_no_option_stays_in_the_argument():
    assert parse("/search note: talks").text == "note: talks"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_is_a_user_error(text):
    with pytest.raises(UserError):
        parse(text)


def test_overlong_is_a_user_error():
    with pytest.raises(UserError, match="too long"):
        parse("/search " + "x" * 1000)
