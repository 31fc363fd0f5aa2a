"""FTS5's snippet() on PostgreSQL: the same window of an article's text, the same words marked.

A port of the algorithm of SQLite's fts5_aux.c over the tokens of
``bot.store.postgres.tokens``; tests/test_postgres_answers.py compares it with FTS5's own.
"""
from __future__ import annotations

from bot.store.postgres.tokens import spans

__all__ = ["snippet"]


def snippet(text: str, phrases: list[str], size: int, open_: str, close: str, ellipsis: str) -> str:
    """FTS5's snippet() of one column: the ``size``-token window with the most distinct phrases, marked.

    ``phrases`` are the match's terms (one per phrase of the query, as in BM25).
    Windows are scored as FTS5 scores them: 1000 for each phrase seen first in
    the window, 1 for a repeat; a window that starts a sentence gets 100 more
    (120 at the start of the text); on a tie the earlier candidate wins.
    """
    toks = spans(text)
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
