"""Words as SQLite's FTS5 ``porter unicode61 remove_diacritics 2`` tokenizer cuts and folds them.

The PostgreSQL backend indexes the terms this module makes, so both
backends hold the same terms, match the same rows and rank them alike;
``bot.store.postgres.snippets`` cuts FTS5's snippets from them. A token is a run of
characters FTS5 counts as letters or digits, each folded as FTS5 folds it
(lower case, no diacritics: bot/data/fts5_chars.json, asked of SQLite
itself by tools/fts5_chars.py); tokens of 3 to 64 bytes are then reduced by the Porter stemmer.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.store.postgres.porter import porter

__all__ = ["Token", "tokens", "terms", "fold", "spans", "words", "query_form", "fold_text"]


def _table() -> tuple[re.Pattern, dict[int, str]]:
    """The token pattern and the fold table, from bot/data/fts5_chars.json (made by tools/fts5_chars.py)."""
    data = json.loads((Path(__file__).resolve().parents[2] / "data" / "fts5_chars.json").read_text(encoding="utf-8"))
    chars = "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in data["token_ranges"]
    )
    return re.compile(f"[{chars}]+"), {ord(k): v for k, v in data["folds"].items()}


_TOKEN, _FOLDS = _table()


@dataclass(frozen=True)
class Token:
    term: str
    start: int  # character offsets of the token in the text
    end: int


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The term of one token: folded as unicode61 folds it, then Porter-stemmed when 3 to 64 bytes long."""
    raw = word.translate(_FOLDS).encode("utf-8")
    return porter(raw).decode("utf-8") if 3 <= len(raw) <= 64 else raw.decode("utf-8")


def tokens(text: str) -> list[Token]:
    return [Token(term, start, end) for term, start, end in spans(text)]


def terms(text: str) -> list[str]:
    return [term for term, _, _ in spans(text)]


def spans(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of each token; a token that folds to nothing (only combining marks) is none."""
    found = [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return [t for t in found if t[0]]


def fold_text(text: str) -> str:
    """The whole text folded as its tokens are (lower case, no diacritics); the offsets may shift."""
    return text.translate(_FOLDS)


def words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each token, folded as unicode61 folds it but not stemmed: what a phrase is compared by."""
    found = [(m.group().translate(_FOLDS), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return [t for t in found if t[0]]


# endings the Porter stemmer takes off again: a term with one of them is tokenized back into the term
_ENDINGS = ("e", "s", "es", "ed", "ing", "y", "ion", "al", "er", "ly", "ity", "ive", "ate", "ment", "ness")


@lru_cache(maxsize=65536)
def query_form(term: str) -> str:
    """A word the tokenizer turns into ``term``, to put in a query: the term itself, or, when stemming it again
    changes it ("guarante" -> "guarant"), the term with an ending the stemmer takes off ("guarantee")."""
    if terms(term) == [term]:
        return term
    return next((term + e for e in _ENDINGS if terms(term + e) == [term]), term)
