"""Words as SQLite's FTS5 ``porter unicode61 remove_diacritics 2`` tokenizer cuts and folds them.

The PostgreSQL backend indexes the terms this module makes, so both
backends hold the same terms, match the same rows and rank them alike;
``snippet`` is FTS5's snippet() over those tokens. A token is a run of
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

__all__ = ["Token", "tokens", "terms", "snippet", "porter"]


def _table() -> tuple[re.Pattern, dict[int, str]]:
    """The token pattern and the fold table, from bot/data/fts5_chars.json (made by tools/fts5_chars.py)."""
    data = json.loads((Path(__file__).resolve().parents[1] / "data" / "fts5_chars.json").read_text(encoding="utf-8"))
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


# ---- the Porter stemmer of FTS5, on UTF-8 bytes (every byte that is not a-z is a consonant) ----

_VOWELS = frozenset(b"aeiou")
_Y = ord("y")


def _vowel(c: int, y_is_vowel: bool) -> bool:
    return c in _VOWELS or (y_is_vowel and c == _Y)


def _gobble(w: bytes, prev_consonant: bool) -> int:
    """Length of the first vowels-then-consonant stretch of ``w`` (0 when there is none)."""
    consonant = prev_consonant
    i = 0
    while i < len(w):
        consonant = not _vowel(w[i], consonant)
        if not consonant:
            break
        i += 1
    i += 1
    while i < len(w):
        consonant = not _vowel(w[i], consonant)
        if consonant:
            return i + 1
        i += 1
    return 0


def _m_gt0(w: bytes) -> bool:
    return bool(_gobble(w, False))


def _m_gt1(w: bytes) -> bool:
    n = _gobble(w, False)
    return bool(n and _gobble(w[n:], True))


def _m_eq1(w: bytes) -> bool:
    n = _gobble(w, False)
    return bool(n and not _gobble(w[n:], True))


def _cvc(w: bytes) -> bool:
    """*o: ends consonant-vowel-consonant, the last not w, x or y."""
    if not w or w[-1] in b"wxy":
        return False
    mask, consonant = 0, False
    for c in w:
        consonant = not _vowel(c, consonant)
        mask = (mask << 1) + consonant
    return (mask & 7) == 5


def _has_vowel(w: bytes) -> bool:
    return any(_vowel(c, i > 0) for i, c in enumerate(w))


def _m_gt1_s_or_t(w: bytes) -> bool:
    return bool(w) and w[-1] in b"st" and _m_gt1(w)


# (suffix, condition on the stem, replacement); in a step, the first suffix that ends the word
# and leaves a stem decides, whether or not its condition holds
_STEP2 = [(s.encode(), _m_gt0, r.encode()) for s, r in (
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("logi", "log"),
    ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
    ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"),
    ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
)]
_STEP3 = [(s.encode(), _m_gt0, r.encode()) for s, r in (
    ("ical", "ic"), ("ness", ""), ("icate", "ic"), ("iciti", "ic"), ("ful", ""), ("ative", ""), ("alize", "al"),
)]
_STEP4 = [(s.encode(), _m_gt1_s_or_t if s == "ion" else _m_gt1, b"") for s in (
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
    "iti", "ous", "ive", "ize",
)]


def _step(w: bytes, rules) -> bytes:
    for suffix, condition, replacement in rules:
        if len(w) > len(suffix) and w.endswith(suffix):
            stem = w[: -len(suffix)]
            return stem + replacement if condition(stem) else w
    return w


def porter(w: bytes) -> bytes:
    # step 1a: plurals
    if w.endswith(b"s"):
        if w.endswith(b"es"):
            w = w[:-2] if (len(w) > 4 and w.endswith(b"sses")) or (len(w) > 3 and w.endswith(b"ies")) else w[:-1]
        elif not w.endswith(b"ss"):
            w = w[:-1]
    # step 1b: -eed, -ed, -ing
    removed = False
    if len(w) > 3 and w.endswith(b"eed"):
        if _m_gt0(w[:-3]):
            w = w[:-1]
    elif len(w) > 2 and w.endswith(b"ed"):
        if _has_vowel(w[:-2]):
            w, removed = w[:-2], True
    elif len(w) > 3 and w.endswith(b"ing"):
        if _has_vowel(w[:-3]):
            w, removed = w[:-3], True
    if removed:
        if len(w) > 2 and w[-2:] in (b"at", b"bl", b"iz"):
            w += b"e"
        elif len(w) > 1 and not _vowel(w[-1], False) and w[-1] not in b"lsz" and w[-1] == w[-2]:
            w = w[:-1]
        elif _m_eq1(w) and _cvc(w):
            w += b"e"
    # step 1c: y -> i after a vowel
    if w.endswith(b"y") and _has_vowel(w[:-1]):
        w = w[:-1] + b"i"
    w = _step(_step(_step(w, _STEP2), _STEP3), _STEP4)
    # step 5
    if w.endswith(b"e"):
        stem = w[:-1]
        if _m_gt1(stem) or (_m_eq1(stem) and not _cvc(stem)):
            w = stem
    if len(w) > 1 and w.endswith(b"ll") and _m_gt1(w[:-1]):
        w = w[:-1]
    return w


def tokens(text: str) -> list[Token]:
    return [Token(term, start, end) for term, start, end in _spans(text)]


def terms(text: str) -> list[str]:
    return [term for term, _, _ in _spans(text)]


def _spans(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) of each token; a token that folds to nothing (only combining marks) is none."""
    found = [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return [t for t in found if t[0]]


def snippet(text: str, phrases: list[str], size: int, open_: str, close: str, ellipsis: str) -> str:
    """FTS5's snippet() of one column: the ``size``-token window with the most distinct phrases, marked.

    ``phrases`` are the match's terms (one per phrase of the query, as in BM25).
    Windows are scored as FTS5 scores them: 1000 for each phrase seen first in
    the window, 1 for a repeat; a window that starts a sentence gets 100 more
    (120 at the start of the text); on a tie the earlier candidate wins.
    """
    toks = _spans(text)
    n = len(toks)
    numbers: dict[str, list[int]] = {}
    for i, p in enumerate(phrases):
        numbers.setdefault(p, []).append(i)
    instances = [(pos, ip) for pos, t in enumerate(toks) if t[0] in numbers for ip in numbers[t[0]]]

    def score(start: int) -> tuple[int, int, int]:
        seen: set[int] = set()
        total, first, last = 0, -1, 0
        for pos, ip in instances:
            if start <= pos < start + size:
                total += 1 if ip in seen else 1000
                seen.add(ip)
                if first < 0:
                    first = pos
                last = pos + 1
        return total, first, last

    best_score, best_start = 0, 0
    for pos, _ in instances:
        total, first, last = score(pos)
        adjusted = first - (size - (last - first)) // 2  # the hits centred in the window
        adjusted = max(min(adjusted, n - size), 0)
        if total > best_score:
            best_score, best_start = total, adjusted
        if n > size:
            first_of_sentence = _sentence_start(text, toks, pos)
            if first_of_sentence < pos:
                total = score(first_of_sentence)[0] + (120 if first_of_sentence == 0 else 100)
                if total > best_score:
                    best_score, best_start = total, first_of_sentence
    return _highlight(text, toks, sorted({pos for pos, _ in instances}), best_start, size, open_, close, ellipsis)


def _sentence_start(text: str, toks: list[tuple[str, int, int]], pos: int) -> int:
    """The first token of the sentence token ``pos`` is in: the text's first, or one after '.' or ':' and white space."""
    while pos > 0:
        i = toks[pos][1] - 1
        while i >= 0 and text[i] in " \t\n\r":
            i -= 1
        if i != toks[pos][1] - 1 and i >= 0 and text[i] in ".:":
            return pos
        pos -= 1
    return 0


def _highlight(text: str, toks: list[tuple[str, int, int]], hits: list[int], first: int, size: int,
               open_: str, close: str, ellipsis: str) -> str:
    """Tokens ``first`` to ``first + size - 1`` with the text between them, each hit between the marks."""
    last = first + size - 1
    out = [ellipsis] if first > 0 else []
    offset = 0
    k = 0
    while k < len(hits) and hits[k] < first:
        k += 1
    opened = False
    for pos in range(first, min(last, len(toks) - 1) + 1):
        _, t_start, t_end = toks[pos]
        if first and pos == first:
            offset = t_start
        hit = hits[k] if k < len(hits) else -1
        if opened and (pos <= hit or hit < 0) and t_start > offset:
            out.append(close)
            opened = False
        if pos == hit:
            if not opened:
                out += [text[offset:t_start], open_]
                offset = t_start
                opened = True
            out.append(text[offset:t_end])
            offset = t_end
            k += 1
        if pos == last:
            if opened:
                out.append(close)
                opened = False
            out.append(text[offset:t_end])
            offset = t_end
    if opened:
        out.append(close)
    out.append(text[offset:] if last >= len(toks) - 1 else ellipsis)
    return "".join(out)
