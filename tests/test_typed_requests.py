"""Typed requests (Discord's options): the same Request as the command typed as text, validated the same way."""
from __future__ import annotations

import pytest
from digest_support import admin, harbour_desk

from bot.commands.registry import ALL_OPTIONS, BY_NAME
from bot.commands.request import Request, parse
from bot.errors import APOLOGY
from bot.store.digest_store import DigestStore


@pytest.mark.parametrize("name, subcommand, values, text", [
    ("who", None, {"name": "  Steve   Witkoff "}, "/who Steve Witkoff"),
    ("quote", None, {"topic": "conditions", "by": "Rudenko"}, "/quote conditions by: Rudenko"),
    ("quote", None, {"topic": None, "by": "Peskov"}, "/quote by: Peskov"),
    ("timeline", None, {"topic": "Anchorage", "from": "2025-01-01", "to": "2025-12-31"},
     "/timeline Anchorage from: 2025-01-01 to: 2025-12-31"),
    ("timeline", None, {}, "/timeline"),
    ("search", None, {"query": "Abu Dhabi"}, "/search Abu Dhabi"),
    ("sources", None, {}, "/sources"),
    ("help", None, {}, "/help"),
    ("digest", "subscribe", {"schedule": "weekly", "weekday": "fri", "at": "07:30", "tz": "Europe/Berlin",
                             "topic": "port  talks", "cron": None},
     "/digest subscribe weekly fri at: 07:30 tz: Europe/Berlin topic: port talks"),
    ("digest", "subscribe", {"cron": "0 9 * * 1-5"}, "/digest subscribe cron: 0 9 * * 1-5"),
    ("digest", "list", {}, "/digest list"),
    ("digest", "unsubscribe", {"number": 3}, "/digest unsubscribe 3"),
    ("digest", "unsubscribe", {"number": None}, "/digest unsubscribe"),
    ("digest", "now", {}, "/digest now"),
])
def test_typed_values_make_the_request_the_text_makes(name, subcommand, values, text):
    assert BY_NAME[name].request(values, subcommand) == parse(text, ALL_OPTIONS)


@pytest.mark.parametrize("name, values", [
    ("search", {"query": "from: Moscow"}),
    ("quote", {"topic": "conditions by: Rudenko"}),
    ("who", {"name": "to: whom"}),
])
def test_a_value_is_never_read_as_an_option(name, values):
    [value] = values.values()
    assert BY_NAME[name].request(values) == Request(name, value)


def test_unknown_parameters_and_subcommands_are_programming_errors():
    with pytest.raises(ValueError, match="unknown parameters"):
        BY_NAME["who"].request({"nickname": "x"})
    with pytest.raises(ValueError, match="no subcommand"):
        BY_NAME["digest"].request({}, "pause")


def test_a_typed_search_is_answered_literally(ask_request):
    answer = ask_request(BY_NAME["search"].request({"query": "from: Moscow"}))
    assert answer.kind == "search" and answer.query == "from: Moscow"


@pytest.mark.parametrize("req, message", [
    (Request("frobnicate", ""), "/frobnicate"),
    (Request("who", "Witkoff", {"by": "Putin"}), "by:"),
    (Request("timeline", "", {"when": "today"}), "when:"),
    (Request("who", ""), "/who needs a name"),
    (Request("timeline", "", {"from": "2025-13-45"}), "is not a date"),
    (Request("search", "x" * 600), "too long"),
    (Request(None, "  "), "Please type a command or a question"),
    (Request("digest", "list", {"topic": "x"}), "takes no options"),
])
def test_a_typed_request_is_validated_like_a_parsed_one(ask_request, req, message):
    answer = ask_request(req)
    assert answer.kind == "error" and message.lower() in answer.message.lower()


def test_a_typed_request_never_raises(seeds_desk):
    answer = seeds_desk.ask(Request("who", None))  # not even for a malformed one
    assert answer.kind == "error" and answer.message == APOLOGY


def test_text_is_answered_as_before(seeds_desk):
    assert seeds_desk.ask("/search from: Moscow").kind == "error"  # typed as text, from: is an option


def test_a_typed_digest_subscription_is_the_one_the_text_makes(tmp_path):
    """Discord's schedule and weekday choices, with the weekday alone meaning weekly, as the text path reads them."""
    nd, rows = harbour_desk(tmp_path), []
    for asked in [
        "/digest subscribe weekly fri at: 07:30 tz: Europe/Berlin topic: port",
        BY_NAME["digest"].request({"schedule": "weekly", "weekday": "fri", "at": "07:30", "tz": "Europe/Berlin",
                                   "topic": "port"}, "subscribe"),
        BY_NAME["digest"].request({"weekday": "fri", "at": "07:30", "tz": "Europe/Berlin", "topic": "port"},
                                  "subscribe"),
    ]:
        assert nd.ask(asked, admin()).kind == "subscriptions"
        [row] = DigestStore(nd.repo).subscriptions()
        rows.append((row.cron, row.tz, row.topic, row.channel))
        assert nd.ask(BY_NAME["digest"].request({}, "unsubscribe"), admin()).kind == "subscriptions"
    assert rows == [("30 7 * * 5", "Europe/Berlin", "port", "C100")] * 3


@pytest.fixture
def ask_request(seeds_desk):
    return lambda req: seeds_desk.ask(req)
