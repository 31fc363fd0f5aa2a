"""Find the stretches of text set off as direct speech, by scanning characters.

The parser does not know that a quotation can run over several sentences or
that a Russian-style paragraph opening with a dash ("— I hope ...," Karasin
told Izvestia. — It is ...) is direct speech, so quotation marks and
dialogue dashes are matched here on the plain text, one paragraph (line) at
a time. Nothing here decides who is speaking: that needs the parse and is
done by ``direct``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.extract.speech.cues import lexicon

# Characters after which a straight double quote opens rather than closes.
_OPENS_AFTER = set(" \t([{/:—–-") | {""}
_SENTENCE_END = ".!?…"


def retyped(text: str) -> str:
    """``text`` with each mark typed as two characters (``''``) as the one it stands for,
    for the scanner's eyes only.

    The mark takes the typed one's first character and a blank the rest, so
    the text keeps its length and every offset into it stays true. A run of
    three (``'''``) is a single mark beside a typed one: inside it when
    the run opens a quote, outside when it closes one.
    """
    for typed, mark in lexicon().typed_marks.items():
        if typed not in text:
            continue
        one, fill = typed[0], " " * (len(typed) - len(mark))
        run = re.escape(one)

        def three(m: re.Match) -> str:
            opens = m.start() == 0 or text[m.start() - 1].isspace() or text[m.start() - 1] in _OPENS_AFTER
            return mark + fill + one if opens else one + mark + fill

        text = re.sub(rf"(?<!{run}){re.escape(typed + one)}(?!{run})", three, text)
        text = re.sub(rf"(?<!{run}){re.escape(typed)}(?!{run})", mark + fill, text)
    return text


def strip_edges(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    """``start``..``end`` of ``text`` with any of ``chars`` at either edge left out."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of quoted text inside one paragraph."""

    start: int  # content, without marks, dash and surrounding blanks
    end: int
    open_at: int  # offset of the opening mark or dash
    close_at: int | None  # offset of the closing mark; None when none was found
    kind: str  # "marks" | "dash"
    para_start: int
    para_end: int
    runs_on: bool = False  # opened and not closed before the paragraph ended


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``: articles put one paragraph per line."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a content span to drop blanks and the comma before a closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return start, end


def _is_opening(text: str, i: int, para_start: int, para_end: int, inside: bool) -> bool:
    """Whether the straight quote at ``i`` opens: by the character before it, except
    that one standing alone between blanks closes a quote that is open ('... vote for
    'Clinton,' " said Bree Holt')."""
    before = text[i - 1] if i > para_start else ""
    after = text[i + 1] if i + 1 < para_end else ""
    if inside and before.isspace() and (after == "" or after.isspace()):
        return False
    return before in _OPENS_AFTER


def _dash_at(text: str, i: int, dashes: frozenset[str]) -> bool:
    """A dialogue dash at ``i``: a dash followed by a blank."""
    return text[i] in dashes and text[i + 1 : i + 2] in {" ", "\u00a0"}


def _after_sentence_end(text: str, i: int, para_start: int) -> bool:
    j = i - 1
    while j >= para_start and text[j].isspace():
        j -= 1
    return j >= para_start and text[j] in _SENTENCE_END


def _typed_as_closing(text: str, i: int, para_start: int, para_end: int) -> bool:
    """An opening mark typed where a closing one belongs: against the word before it and
    followed by a blank, while a quote of its family is open ('... for her here,“ said Jim')."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < para_end else " "
    return not before.isspace() and after.isspace()


def _family(mark: str) -> str:
    """Double marks typed straight and curly in one quote ('“We will build it," he said')
    close each other: a closing mark is matched by its family."""
    return '"' if mark in "“”\"" else mark


def scan_paragraph(text: str, para_start: int, para_end: int) -> list[Segment]:
    """The top-level quoted segments of one paragraph, in order.

    Quotes nested inside a quote (an inner "Russian threat", a 'Friends of
    Peace') stay part of the outer one. In a paragraph that opens with a
    dialogue dash, a closing mark with no opening one ends the dash's
    speech, and a dash after a full stop starts the next part.
    """
    lex = lexicon()
    closer_of = {o: c for o, c in lex.quote_marks}
    closers = {c for _, c in lex.quote_marks}
    segments: list[Segment] = []
    first = para_start
    while first < para_end and text[first].isspace():
        first += 1
    dash_led = first < para_end - 1 and _dash_at(text, first, lex.dialogue_dashes)

    stack: list[tuple[str, int, str]] = []  # expected closing mark (its family), offset, opening mark
    dash_open: int | None = first if dash_led else None

    def close_dash(at: int, close_at: int | None) -> None:
        nonlocal dash_open
        assert dash_open is not None
        s, e = _trim(text, dash_open + 1, at)
        if e > s:
            segments.append(Segment(s, e, dash_open, close_at, "dash", para_start, para_end))
        dash_open = None

    i = first + 1 if dash_led else first
    while i < para_end:
        ch = text[i]
        inside = any(m == _family(ch) for m, _, _ in stack)
        is_open = ch in closer_of and (
            _is_opening(text, i, para_start, para_end, inside) if closer_of[ch] == ch
            else not (inside and _typed_as_closing(text, i, para_start, para_end))
        )
        if is_open and closer_of[ch] == ch and stack and stack[0][2] == ch and dash_open is None:
            # A straight quote opening inside an open straight quote: English nests with
            # single marks, so the first one was left unclosed (a quote running over a
            # paragraph break the text lost). It ends here, and a new one starts.
            s, e = _trim(text, stack[0][1] + 1, i)
            if e > s:
                segments.append(Segment(s, e, stack[0][1], None, "marks", para_start, para_end, runs_on=True))
            stack = [(_family(ch), i, ch)]
        elif is_open:
            stack.append((_family(closer_of[ch]), i, ch))
        elif ch in closers or ch in closer_of:  # (an opening mark typed as a closing one)
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == _family(ch)), None)
            if depth is not None:
                opened = stack[depth][1]
                del stack[depth:]
                if not stack and dash_open is None:
                    s, e = _trim(text, opened + 1, i)
                    if e > s:
                        segments.append(Segment(s, e, opened, i, "marks", para_start, para_end))
            elif dash_open is not None and not stack:
                close_dash(i, i)
        elif dash_led and not stack and _dash_at(text, i, lex.dialogue_dashes) and _after_sentence_end(
            text, i, para_start
        ):
            if dash_open is not None:
                close_dash(i, None)
            dash_open = i
        i += 1

    if dash_open is not None:
        close_dash(para_end, None)
    elif stack:
        opened = stack[0][1]
        s, e = _trim(text, opened + 1, para_end)
        if e > s:
            segments.append(Segment(s, e, opened, None, "marks", para_start, para_end, runs_on=True))
    return segments


@lru_cache(maxsize=4)
def scan(text: str) -> tuple[Segment, ...]:
    """Every top-level quoted segment of ``text``, in order.

    Kept for the last few texts: direct quotes, people and attributions each
    ask for the segments of the same text.
    """
    view = retyped(text)  # same length: offsets into it are offsets into text
    out: list[Segment] = []
    for a, b in paragraphs(view):
        out.extend(scan_paragraph(view, a, b))
    return tuple(out)
