"""Does an answer hold an expected fact? Text normalisation and the judgement of one answer.

Both the shown text and an expected string are normalised the same way:
casefolded; curly and prime quotes folded to ' and "; hyphen and dash
characters (‐ ‑ ‒ – — ― −) folded to -; runs of white space to one space. An
expected string holds when it occurs in the shown text starting at a word's
start; it may end inside a word ("prohibit" finds "prohibiting", "Witkoff"
finds "Witkoff's": the question set gives key words), but a number may not go
on ("29" finds neither "2029" nor "290", "2" not "2,400"). Numbers: a comma
between digits is kept, but if the plain match fails both sides are compared
again with such commas removed, so "1000" finds "1,000" and "1,000" finds
"1000". Nothing else (diacritics, number words, date formats) is folded.

The shown text of an answer is its ``text`` plus the ``text`` of each of its
``evidence`` items (answers without evidence have only the text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_SPACE = re.compile(r"\s+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.casefold().translate(_FOLD)).strip()


def _occurs(needle: str, haystack: str) -> bool:
    if not needle:
        return False
    end = r"(?!,?\d)" if needle[-1].isdigit() else ""
    return re.search(rf"(?<!\w){re.escape(needle)}{end}", haystack) is not None


def holds(expected: str, shown: str) -> bool:
    """``expected`` occurs in ``shown`` after normalisation (see the module docstring)."""
    e, s = normalise(expected), normalise(shown)
    return _occurs(e, s) or _occurs(_DIGIT_COMMA.sub("", e), _DIGIT_COMMA.sub("", s))


def holds_any(expected: tuple[str, ...] | list[str], shown: str) -> bool:
    return any(holds(e, shown) for e in expected)


def shown_text(answer) -> str:
    """What the user sees of the answer: its text and its evidence sentences."""
    parts = [getattr(answer, "text", "") or ""]
    parts += [getattr(item, "text", "") or "" for item in getattr(answer, "evidence", None) or []]
    return "\n".join(parts)


def cited_ids(answer) -> list[str]:
    return [c.article_id for c in getattr(answer, "citations", None) or []]


def declined(answer) -> bool:
    """Not a confident answer: an answer that is not of kind "answer", or one with ``confident`` False."""
    return getattr(answer, "kind", None) != "answer" or getattr(answer, "confident", False) is not True


@dataclass(frozen=True)
class Judgement:
    declined: bool
    fact_found: bool  # an expected string is in the shown text, confident or not
    cited_support: bool  # some citation is a supporting article
    first_cited_support: bool  # the first citation is a supporting article
    shown: str
    cited: tuple[str, ...]

    @property
    def right(self) -> bool:
        """Right for an answerable question: confident, the fact shown, a supporting article cited."""
        return not self.declined and self.fact_found and self.cited_support


def judge(answer, answers: tuple[str, ...], articles: tuple[str, ...]) -> Judgement:
    shown, cited = shown_text(answer), tuple(cited_ids(answer))
    return Judgement(
        declined=declined(answer),
        fact_found=bool(answers) and holds_any(answers, shown),
        cited_support=any(c in articles for c in cited),
        first_cited_support=bool(cited) and cited[0] in articles,
        shown=shown,
        cited=cited,
    )
