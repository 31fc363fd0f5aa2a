"""Turn a scraped article body into the text the extractors read.

Scraped pages carry furniture: photo credits, "Subscribe", breadcrumbs, a
repeated headline, "Updated:" stamps, machine-translation notices. Left in,
it becomes false people ("Go to the mediabank"), false quotes and false
dates. Cleaning works line by line, because furniture is laid out as whole
lines, and drops a line only as a whole, so no real sentence is cut in half.
The one exception is the dateline ("MOSCOW (Sputnik) - "), whose prefix is
taken off the opening sentence and kept as metadata.

All patterns live in ``bot/data/boilerplate.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from bot import wordlists
from bot.ingest import dateline

# Invisible characters crawlers leave behind: zero-width space/joiners, word
# joiner, byte-order mark, soft hyphen. They split words for every later step.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
# A sentence end followed by the start of another sentence: a line that has
# one is a paragraph, not a headline.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z0-9]")
_DASH_LED = re.compile(r"^[-•·]\s+")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned body and the metadata found in its text."""

    text: str
    title: str | None  # the title hint, else the headline found in the text
    outlet: str | None  # from the dateline: "Sputnik" in "MOSCOW (Sputnik) -"
    published: date | None  # from a "date YYYY-MM-DD" stamp or a time-stamp line
    removed: tuple[str, ...]  # every line (or dateline prefix) taken out, in order
    place: str | None = None  # the dateline's place: "MOSCOW"


@dataclass(frozen=True, slots=True)
class _Rules:
    anywhere: tuple[re.Pattern[str], ...]
    in_head: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]
    max_furniture_chars: int
    repeat_similarity: float
    headline_max_words: int
    dateline_lines: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = wordlists.load("boilerplate")

    def compiled(groups: dict[str, list[str]]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for patterns in groups.values() for p in patterns)

    return _Rules(
        anywhere=compiled(data["drop_anywhere"]),
        in_head=compiled(data["drop_in_head"]),
        inline=tuple(re.compile(p, re.IGNORECASE) for p in data["inline"]),
        max_furniture_chars=int(data["max_furniture_line_chars"]),
        repeat_similarity=float(data["headline_repeat_similarity"]),
        headline_max_words=int(data["headline_max_words"]),
        dateline_lines=int(data["dateline_search_lines"]),
    )


def normalise(raw: str) -> str:
    """Unix line ends, no invisible characters; quotes and dashes untouched."""
    return _LINE_BREAKS.sub("\n", raw).translate(_INVISIBLE)


def is_furniture(line: str) -> bool:
    """True for a line that is boilerplate wherever it stands in an article.

    Long lines are running text even when a pattern matches inside them.
    """
    rules = _rules()
    return len(line) <= rules.max_furniture_chars and any(p.search(line) for p in rules.anywhere)


def cut_inline(line: str, removed: list[str]) -> str:
    """Cut furniture spans out of running text, noting each in ``removed``."""
    for pattern in _rules().inline:
        if pattern.search(line):
            removed.extend(m.group(0) for m in pattern.finditer(line))
            line = re.sub(r"[ \t]{2,}", " ", pattern.sub(" ", line)).strip()
    return line


def _same_text(a: str, b: str) -> bool:
    """Whether two lines are the same headline, give or take punctuation."""
    return fuzz.ratio(a.casefold(), b.casefold()) >= _rules().repeat_similarity


def _looks_like_headline(line: str) -> bool:
    """A short single line that is not a sentence of running text."""
    return (
        len(line.split()) <= _rules().headline_max_words
        and not line.endswith(".")
        and not _SENTENCE_BREAK.search(line)
        and dateline.split_dateline(line) is None
    )


def _is_head_furniture(line: str, title: str | None, following: str | None) -> bool:
    """Navigation and repeats that are furniture only before the body starts.

    A breadcrumb that repeats the headline ("- Important negotiations: ...")
    may stand above the headline itself, hence the look at the next line.
    """
    if any(p.search(line) for p in _rules().in_head):
        return True
    if _DASH_LED.match(line):
        item = _DASH_LED.sub("", line)
        if any(other is not None and _same_text(item, other) for other in (title, following)):
            return True
    return title is not None and _same_text(line, title)


def clean(body: str, title_hint: str | None = None) -> Cleaned:
    """Clean an article body (without any ``key: value`` header).

    ``title_hint`` is the title known from elsewhere (the file header); when
    it is given, a headline line repeating it is dropped and no other line
    is taken as the headline.
    """
    lines = [line.strip() for line in normalise(body).split("\n")]
    removed: list[str] = []
    title = title_hint.strip() if title_hint and title_hint.strip() else None
    published: date | None = None

    # The head: everything before the first line of body text.
    index = next((i for i, line in enumerate(lines) if line), len(lines))
    if index < len(lines):
        stamped, rest = dateline.strip_date_stamp(lines[index])
        if stamped is not None:
            # A stamped line is the headline: "date 2026-01-24 Russia Has Not ..."
            published = stamped
            removed.append(lines[index])
            title = title or rest or None
            index += 1
    while index < len(lines):
        line = lines[index]
        if line:
            stated = dateline.publication_date(line)
            following = next((later for later in lines[index + 1 :] if later), None)
            if stated is not None:
                published = published or stated
            elif is_furniture(line) or _is_head_furniture(line, title, following):
                pass
            elif title is None and _looks_like_headline(line):
                title = line
            else:
                break
            removed.append(line)
        index += 1

    text, outlet, place = _clean_body(lines[index:], removed)
    return Cleaned(text=text, title=title, outlet=outlet, published=published, removed=tuple(removed), place=place)


def _clean_body(lines: list[str], removed: list[str]) -> tuple[str, str | None, str | None]:
    """Drop furniture from the body and take the dateline off its opening.

    Returns the text, and the dateline's outlet and place; every piece taken
    out is appended to ``removed``.
    """
    rules = _rules()
    kept: list[str] = []
    outlet = place = None
    seen_dateline = False
    content_lines = 0
    for line in lines:
        if line and is_furniture(line):
            removed.append(line)
            continue
        if line:
            line = cut_inline(line, removed)
            if not line:
                continue
        if line and not seen_dateline and content_lines < rules.dateline_lines:
            content_lines += 1
            found = dateline.split_dateline(line)
            if found is not None:
                seen_dateline = True
                outlet, place = found.outlet, found.place
                removed.append(found.prefix.strip())
                line = line[len(found.prefix) :]
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip(), outlet, place
