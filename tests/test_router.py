"""The router answers every text with an answer model and never crashes."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import APOLOGY
from bot.models import ErrorAnswer


def test_unknown_command(ask):
    out = ask("/frobnicate now")
    assert out["kind"] == "error" and "/frobnicate" in out["message"] and "/help" in out["message"]


def test_empty_query(ask):
    assert ask("/who")["kind"] == "error"
    assert ask("/quote")["kind"] == "error"
    assert ask("")["kind"] == "error"


def test_bad_dates(ask):
    out = ask("/timeline from:2025-13-40")
    assert out["kind"] == "error" and "YYYY-MM-DD" in out["message"]
    assert ask("/timeline from:yesterday")["kind"] == "error"
    out = ask("/timeline from:2026-01-01 to:2025-01-01")
    assert out["kind"] == "error" and "after" in out["message"]


def test_option_a_command_does_not_take(ask):
    out = ask("/who Witkoff by:Putin")
    assert out["kind"] == "error" and "by:" in out["message"]


def test_help_lists_every_command_with_an_example(ask):
    out = ask("/help")
    names = {c["name"] for c in out["commands"]}
    assert {"who", "quote", "timeline", "search", "sources", "help"} <= names
    assert all(c["example"] for c in out["commands"])


def test_mention_prefix_is_stripped(ask):
    assert ask("<@U123ABC> /who Witkoff")["kind"] == "person"
    assert ask("@newsdesk /who Witkoff")["kind"] == "person"


words = st.sampled_from(["/who", "/quote", "/timeline", "/search", "/sources", "/help", "/x", "by:", "from:", "to:",
                         "Putin", "2025-08-15", "—", "“", "\"", "'", "*", "(", ")", "OR", "AND", "NEAR", "^", "-",
                         "Zelenskyy", "?", "<@U1>", "\\", "%", "_", "NULL", ";", "DROP", ":", "/"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=80), st.lists(words, max_size=8).map(" ".join)))
def test_no_text_crashes_the_router(seeds_desk, text):
    answer = seeds_desk.ask(text)
    assert answer.kind in {"person", "choices", "not_found", "quotes", "timeline", "search", "sources", "help",
                           "answer", "error"}
    if isinstance(answer, ErrorAnswer):
        assert answer.message != APOLOGY, f"unexpected failure on {text!r}"
