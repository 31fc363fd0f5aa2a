"""Extraction never crashes and keeps its offsets true, whatever the text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract.pipeline import extract, extraction_json

PIECES = st.sampled_from([
    "Putin", "said", "“", "”", '"', "—", "-", "\n", "\n\n", "On August 15", "last week", "he", "the spokesman",
    "Russian Deputy Foreign Minister Andrey Rudenko", ",", ".", "According to Peskov,", "told Izvestia", "2025",
    "January 22-23", "24.01.2026", "'", "(", ")", "Mr.", "U.S.", "Zelenskyy", "the", "talks", "in Istanbul", " ",
])


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(PIECES, max_size=25).map(" ".join)), st.booleans())
def test_extraction_never_crashes_and_offsets_hold(text, attributions):
    out = extraction_json(extract(text, attributions=attributions))
    for person in out["people"]:
        assert text[person["start"]:person["end"]] == person["text"]
    for item in out["quotes"] + out["dates"] + out["events"]:
        assert 0 <= item["start"] <= item["end"] <= len(text)
    for date in out["dates"]:
        assert text[date["start"]:date["end"]] == date["text"]
