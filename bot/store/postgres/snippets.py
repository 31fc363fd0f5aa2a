"""FTS5's snippet() on PostgreSQL: the same window of an article's text, the same words marked.

A port of the algorithm of SQLite's fts5_aux.c over the tokens of
``bot.store.postgres.tokens``; tests/test_postgres_answers.py compares it with FTS5's own.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from bot.store.postgres.tokens import spans

__all__ = ["snippet", "snippet_of_marks"]


def snippet(text: str, phrases: list[str], size: int, open_: str, close: str, ellipsis: str) -> str:
    """FTS5's snippet() of one column: the ``size``-token window with the most distinct phrases, marked.

    ``phrases`` are the match's terms (one per phrase of the query, as in BM25).
    Windows are scored as FTS5 scores them: 1000 for each phrase seen first in
    the window, 1 for a repeat; a window that starts a sentence gets 100 more
    (120 at the start of the text); on a tie the earlier candidate wins.
    """
    toks = spans(text)
    numbers: dict[str, list[int]] = {}
    for i, p in enumerate(phrases):
        numbers.setdefault(p, []).append(i)
    instances = [(pos, 1, ip) for pos, t in enumerate(toks) if t[0] in numbers for ip in numbers[t[0]]]
    return _cut(text, toks, instances, size, open_, close, ellipsis)


def snippet_of_marks(text: str, marks: list[tuple[int, int, int]], size: int, open_: str, close: str,
                     ellipsis: str, toks: Sequence[tuple[str, int, int]] | None = None) -> str:
    """The same window and marks for stretches found by the caller: ``(start, end, phrase number)`` in characters.

    A stretch of several words (a phrase) is one instance and is marked as one, as FTS5 marks a phrase query.
    ``toks``: the text's ``spans``, when the caller has them.
    """
    toks = list(toks) if toks is not None else spans(text)
    starts = [t[1] for t in toks]
    instances = []
    for start, end, number in marks:
        first = bisect_left(starts, start)
        n = 0
        while first + n < len(toks) and toks[first + n][2] <= end:
            n += 1
        if n:
            instances.append((first, n, number))
    instances.sort()
    return _cut(text, toks, instances, size, open_, close, ellipsis)


def _cut(text: str, toks: list[tuple[str, int, int]], instances: list[tuple[int, int, int]], size: int,
         open_: str, close: str, ellipsis: str) -> str:
    """The best window over ``instances`` (first token, tokens, phrase number), marked."""
    n = len(toks)

    def score(start: int) -> tuple[int, int, int]:
        seen: set[int] = set()
        total, first, last = 0, -1, 0
        for pos, length, ip in instances:
            if start <= pos < start + size:
                total += 1 if ip in seen else 1000
                seen.add(ip)
                if first < 0:
                    first = pos
                last = max(last, pos + length)
        return total, first, last

    best_score, best_start = 0, 0
    for pos, _, _ in instances:
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
    ranges: list[list[int]] = []
    for pos, length, _ in sorted(instances):
        if ranges and pos <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], pos + length - 1)
        else:
            ranges.append([pos, pos + length - 1])
    return _highlight(text, toks, ranges, best_start, size, open_, close, ellipsis)


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


def _highlight(text: str, toks: list[tuple[str, int, int]], ranges: list[list[int]], first: int, size: int,
               open_: str, close: str, ellipsis: str) -> str:
    """Tokens ``first`` to ``first + size - 1`` with the text between them, each hit (a range of tokens) marked."""
    last = first + size - 1
    out = [ellipsis] if first > 0 else []
    offset = 0
    k = 0
    opened = False
    open_end = -1  # the last token of the open mark
    for pos in range(first, min(last, len(toks) - 1) + 1):
        _, t_start, t_end = toks[pos]
        if first and pos == first:
            offset = t_start
        while k < len(ranges) and ranges[k][1] < pos:
            k += 1
        if opened and pos > open_end and t_start > offset:
            out.append(close)
            opened = False
        if k < len(ranges) and ranges[k][0] <= pos:
            if not opened:
                out += [text[offset:t_start], open_]
                offset = t_start
                opened = True
            open_end = ranges[k][1]
            out.append(text[offset:t_end])
            offset = t_end
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
