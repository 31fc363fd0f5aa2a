"""The Porter stemmer as SQLite's FTS5 has it, on UTF-8 bytes (every byte that is not a-z is a consonant).

The 1980 algorithm plus the "logi" -> "log" and "bli" -> "ble" rules of step 2,
so "assembly" and "technology" become "assembl" and "technolog" where
snowball's "porter" stops at "assembli" and "technologi". The PostgreSQL
backend stems with this one to hold the terms SQLite holds.
"""
from __future__ import annotations

__all__ = ["porter"]

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
