"""A paraphrase and the direct quote it restates are one statement (bot/query/restatements.py)."""
from __future__ import annotations

from bot.query.restatements import Said, pairs


def said(i, text, direct, start, speaker="p"):
    return Said(i, "a1", speaker, direct, start, start + len(text), text)


def test_a_paraphrase_folds_into_the_direct_quote_it_restates():
    quotes = [
        said(1, "Russia has never rejected talks with Ukraine and is interested in resolving the crisis through "
                "political and diplomatic means", False, 0),
        said(2, "We have never refused to negotiate with Ukraine and are sincerely interested in resolving the "
                "crisis through political and diplomatic means", True, 140),
        said(3, "It is based on the principles voiced in June 2024, which remain relevant", True, 300),
        said(4, "Russia's position on a settlement is well known", False, 260),
        said(5, "Moscow is set to \"continue the dialogue on the implementation of the results of Anchorage.\"", False,
             900),
        said(6, "Russia aims to continue dialogue on the implementation of the results of the meeting in Anchorage",
             False, 600),
        said(7, "We have never refused to negotiate with Ukraine", True, 2000, speaker="someone else"),
    ]
    assert pairs(quotes, lambda term: 1.0) == {1: 2, 6: 5}
