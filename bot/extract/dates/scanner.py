"""Regular-expression finders for temporal expressions, one per kind.

Each finder turns a match into a :class:`Candidate`; ``find.find_dates``
keeps the longest non-overlapping ones. The regexes are built from
``bot/data/dates.yaml`` so the vocabulary can grow without code changes.
They work on the raw text, with no parse, so finding dates in a whole corpus
stays cheap, and every span is an index into the text as given.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from bot import wordlists
from bot.extract.dates import resolve as res
from bot.extract.types import DateMention

# A determiner or possessive right before a year that modifies a noun.
_DETERMINER_END = re.compile(r"(?:\b(?:a|an|the|its|their|his|her|this|that)|['’]s)\s+$", re.IGNORECASE)


@dataclass(slots=True)
class Candidate:
    """A mention with what the second pass needs to finish it."""

    mention: DateMention
    priority: int  # lower wins between spans of equal length
    shift: tuple[int, str] | None = None  # (amount, unit code) to re-anchor on the previous date
    clock: str | None = None  # "T07:40": a clock time to attach to a neighbouring date
    soft: bool = False  # a shift that keeps its publication reading when nothing near anchors it


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    parts = sorted({str(w).lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower())


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    """The word lists plus the regex fragments built from them."""
    d = dict(wordlists.load("dates"))
    weekday_forms = d["weekday_forms"]
    tens = [w for w, n in d["numbers"].items() if isinstance(n, int) and 20 <= n <= 90 and n % 10 == 0]
    ones = [w for w, n in d["numbers"].items() if isinstance(n, int) and 1 <= n <= 9 and len(w) > 2]
    d["re"] = {
        "MON": _alt(d["months"]),
        "FULLMON": _alt(m for m in d["months"] if len(m) > 3 or m == "may"),
        "WD": _alt(weekday_forms),
        "NUM": rf"(?:(?:{_alt(tens)})[\s-](?:{_alt(ones)})|\d+(?:\.\d+)?|{_alt(d['numbers'])})",
        "UNIT": _alt(d["units"]),
        "REL": _alt(d["relative_offsets"]),
        "PART": rf"(?:(?:{_alt(d['part_modifiers'])})(?:\s+|(?<=-))(?:of\s+)?)",
        "DURMOD": _alt(d["duration_modifiers"]),
        "SEASON": _alt(d["seasons"]),
        "DAYPART": _alt(d["day_parts"]),
        "ORD": rf"(?:{_alt(d['ordinals'])}|\d{{1,2}}(?:st|nd|rd|th))",
        "TZ": "|".join(re.escape(z).replace(r"\ ", r"\s+") for z in d["time_zones"]),
    }
    d["cue_end"] = re.compile(rf"(?:^|[^\w-])(?:{_alt(d['month_cues'])})\s*$", re.IGNORECASE)
    d["blocker"] = re.compile(rf"\s+(?:{_alt(d['year_blockers'])})\b", re.IGNORECASE)
    return d


def number(word: str) -> int | float | str:
    """The value of "four", "twenty-five", "30", "a couple of"; "X" when unspecified."""
    v = _vocab()
    w = _key(word)
    if re.fullmatch(r"\d+", w):
        return int(w)
    if re.fullmatch(r"\d+\.\d+", w):
        return float(w)
    if w in v["numbers"]:
        return v["numbers"][w]
    parts = [v["numbers"].get(p) for p in re.split(r"[\s-]", w)]
    if len(parts) == 2 and all(isinstance(p, int) for p in parts):
        return parts[0] + parts[1]
    return "X"


def _unit(word: str) -> tuple[str, int, bool]:
    """(TimeML letter, multiplier, measured in time of day) for a unit word."""
    info = _vocab()["units"][_key(word)]
    return info["code"], info.get("times", 1), info.get("time", False)


def _shift_code(word: str) -> str:
    """Unit letter for calendar shifts: decades and centuries get their own codes."""
    code, times, _ = _unit(word)
    return {10: "DE", 100: "CE"}.get(times, code)


def _duration(amount: int | float | str, word: str) -> str:
    code, times, is_time = _unit(word)
    if amount == "X":
        qty = "X"
    else:
        total = amount * times
        qty = str(int(total)) if float(total).is_integer() else str(total)
    return f"PT{qty}{code}" if is_time else f"P{qty}{code}"


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


class Scanner:
    """All finders over one text, anchored on one publication date."""

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.ref = published
        self.v = _vocab()

    # -- helpers -------------------------------------------------------------

    def _mention(self, m: re.Match[str], type_: str, value: str, precision: str, *,
                 group: str | int = 0, start: int | None = None, end: int | None = None,
                 future: bool = False, end_value: str | None = None) -> DateMention:
        s = m.start(group) if start is None else start
        e = m.end(group) if end is None else end
        return DateMention(self.text[s:e], s, e, type_, value, precision, end_value, future)

    def _tense(self, start: int) -> str:
        return res.clause_tense(self.text, start)

    def _cued(self, start: int) -> bool:
        """Whether a word that makes a bare month or year a date comes right before."""
        return bool(self.v["cue_end"].search(self.text[max(0, start - 25):start]))

    def _future_flag(self, value: str, tense: str) -> bool:
        first = res.value_start(value)
        if self.ref is None or first is None:
            return tense == res.FUTURE
        return first > self.ref

    def _offset(self, rel: str | None) -> int | None:
        return None if rel is None else self.v["relative_offsets"][_key(rel)]

    # -- finders -------------------------------------------------------------

    def numeric(self) -> Iterator[Candidate]:
        """2026-01-24, 24.01.2026, 1/24/2026."""
        for m in re.finditer(r"(?<![\d.:/-])(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?(?![\d-])", self.text):
            yield from self._numeric(m, int(m[1]), int(m[2]), int(m[3]))
        for m in re.finditer(r"(?<![\d.,:/])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])", self.text):
            yield from self._numeric(m, int(m[3]), int(m[2]), int(m[1]))
        for m in re.finditer(r"(?<![\d.,:/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])", self.text):
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            y = y + (1900 if y >= 50 else 2000) if y < 100 else y
            month, day = (b, a) if a > 12 else (a, b)
            yield from self._numeric(m, y, month, day)

    def _numeric(self, m: re.Match[str], y: int, mo: int, d: int) -> Iterator[Candidate]:
        try:
            day = date(y, mo, d)
        except ValueError:
            return
        yield Candidate(self._mention(m, "DATE", day.isoformat(), "day", future=bool(self.ref and day > self.ref)), 0)

    def month_day(self) -> Iterator[Candidate]:
        """August 15, 2025 / Aug. 15 / January 22-23 / Tuesday, January 20."""
        r = self.v["re"]
        pat = (rf"(?:\b(?P<wd>{r['WD']})\s*,?\s+)?\b(?P<mon>{r['MON']})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.,]\d|%|-[A-Za-z])"
               rf"(?:\s*(?:-|–|—|to|through|and)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.,]\d|%))?"
               rf"(?:\s*,?\s*(?P<y>(?:1[6-9]|20)\d\d)\b(?![.,]\d|%))?")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            yield from self._day_candidates(m)

    def day_month(self) -> Iterator[Candidate]:
        """15 August 2025 / 22-23 January."""
        r = self.v["re"]
        pat = (rf"(?<![\d.,:/$€£])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|—|to|and)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
               rf"\s+(?:of\s+)?\b(?P<mon>{r['MON']})\b\.?(?:\s*,?\s*(?P<y>(?:1[6-9]|20)\d\d)\b(?![.,]\d|%))?")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            yield from self._day_candidates(m)

    def _day_candidates(self, m: re.Match[str]) -> Iterator[Candidate]:
        weekday = m.groupdict().get("wd")
        if not _capitalised(m["mon"]) or (weekday and not _capitalised(weekday)):
            return
        month = self.v["months"][m["mon"].lower()]
        day, last = int(m["d"]), int(m["d2"]) if m["d2"] else None
        if not 1 <= day <= 31 or (last is not None and not day < last <= 31):
            return
        if m["y"]:
            try:
                first = date(int(m["y"]), month, day)
                end = date(int(m["y"]), month, last) if last else None
            except ValueError:
                return
            value, future = first.isoformat(), bool(self.ref and first > self.ref)
            end_value = end.isoformat() if end else None
        else:
            tense = self._tense(m.start())
            got = res.resolve_month_day(month, day, self.ref, tense)
            if got is None:
                return
            value, future = got
            end_value = value[:-2] + f"{last:02d}" if last else None
        precision = "range" if end_value else "day"
        yield Candidate(self._mention(m, "DATE", value, precision, future=future, end_value=end_value), 0)

    def month_year(self) -> Iterator[Candidate]:
        """June 2024 / early September 2022 / the end of November 2024."""
        r = self.v["re"]
        pat = rf"(?P<part>{r['PART']})?\b(?P<mon>{r['MON']})\b\.?,?\s+(?:of\s+)?(?P<y>(?:1[6-9]|20)\d\d)\b(?![.,]\d|%)"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            if _capitalised(m["mon"]):
                value = f"{m['y']}-{self.v['months'][m['mon'].lower()]:02d}"
                yield Candidate(self._mention(m, "DATE", value, "month", future=self._future_flag(value, "")), 1)

    def month(self) -> Iterator[Candidate]:
        """Back in November / last June / early December / mid-January."""
        r = self.v["re"]
        pat = rf"(?P<part>{r['PART']})?(?:\b(?P<rel>{r['REL']})\s+)?\b(?P<mon>{r['FULLMON']})\b(?P<poss>['’]s)?"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            if not _capitalised(m["mon"]):
                continue
            if not (m["part"] or m["rel"] or m["poss"] or self._cued(m.start())):
                continue
            tense = self._tense(m.start())
            value, future = res.resolve_month(self.v["months"][m["mon"].lower()], self.ref, tense,
                                              self._offset(m["rel"]))
            end = m.end("mon")
            yield Candidate(self._mention(m, "DATE", value, "month", end=end, future=future), 2)

    def year(self) -> Iterator[Candidate]:
        """in 2022 / since 2014 / 2022's / the end of 2025 / 2014-2022."""
        r = self.v["re"]
        pat = (rf"(?<![\w$€£#.,/:-])(?P<part>{r['PART']})?(?P<y>(?:1[6-9]|20)\d\d)(?P<poss>['’]s\b)?"
               rf"(?:\s*(?:-|–|—|to)\s*(?P<y2>(?:1[6-9]|20)\d\d|\d\d)\b)?(?![\w%-]|[.,]\d)")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            after = self.text[m.end():m.end() + 30]
            if not (m["part"] or m["poss"] or m["y2"] or self._cued(m.start())
                    or (_DETERMINER_END.search(self.text[max(0, m.start() - 12):m.start()])
                        and re.match(r"\s+[a-z]", after))):
                continue  # (a year modifying a noun counts: "a 2022 agreement", "Russia's 2014 annexation")
            if self.v["blocker"].match(after):
                continue
            nxt = re.match(r"\s+([a-z]+s)\b", after)
            if nxt and nxt[1] not in ("was", "is", "has", "as", "this", "its", "does", "says", "his", "us"):
                continue  # "in 2022 troops": a count before a plural noun
            value = m["y"]
            end_value = None
            if m["y2"]:
                y2 = m["y2"] if len(m["y2"]) == 4 else m["y"][:2] + m["y2"]
                if y2 <= value:
                    continue
                end_value = y2
            precision = "range" if end_value else "year"
            yield Candidate(self._mention(m, "DATE", value, precision, end_value=end_value,
                                          future=self._future_flag(value, self._tense(m.start()))), 3)

    def decade_century(self) -> Iterator[Candidate]:
        """the 1990s / the early 2000s / the 20th century."""
        r = self.v["re"]
        for m in re.finditer(rf"\b(?:the\s+)?(?:(?:early|late|mid)-?\s*)?(?P<y>(?:1[6-9]|20)\d)0['’]?s\b", self.text, re.IGNORECASE):
            yield Candidate(self._mention(m, "DATE", m["y"], "decade"), 1)
        for m in re.finditer(rf"\b(?:the\s+)?(?P<ord>{r['ORD']})[\s-]+century\b", self.text, re.IGNORECASE):
            word = _key(m["ord"])
            n = int(re.match(r"\d+", word)[0]) if word[0].isdigit() else self.v["ordinals"].get(word)
            if isinstance(n, int) and 1 <= n <= 21:
                yield Candidate(self._mention(m, "DATE", f"{n - 1:02d}", "century"), 1)

    def quarter_season(self) -> Iterator[Candidate]:
        """the third quarter of 2025 / Q1 2026 / last summer / the winter of 2022."""
        r = self.v["re"]
        pat = (rf"\b(?:the\s+)?(?:(?P<rel>{r['REL']})\s+)?(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
               rf"[\s-]+quarter\b(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b)?")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[m["ord"].lower()]
            if m["y"]:
                year = m["y"]
            elif self.ref is None:
                year = "XXXX"
            else:
                current = (self.ref.month - 1) // 3 + 1
                shift = self._offset(m["rel"]) or 0
                year = str(self.ref.year + shift - (1 if q > current and shift == 0 and self._tense(m.start()) == res.PAST else 0))
            yield Candidate(self._mention(m, "DATE", f"{year}-Q{q}", "quarter"), 1)
        for m in re.finditer(r"\bQ([1-4])\s*(?:of\s+)?((?:19|20)\d\d)\b", self.text):
            yield Candidate(self._mention(m, "DATE", f"{m[2]}-Q{m[1]}", "quarter"), 1)
        pat = (rf"(?P<part>{r['PART']})?(?:\bthe\s+)?(?:\b(?P<rel>{r['REL']})\s+)?\b(?P<s>{r['SEASON']})\b"
               rf"(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b)?")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            code = self.v["seasons"][m["s"].lower()]
            if m["y"]:
                value, future = f"{m['y']}-{code}", False
            elif m["rel"] or self._cued(m.start()):
                value, future = res.resolve_season(code, self.ref, self._tense(m.start()), self._offset(m["rel"]))
            else:
                continue
            yield Candidate(self._mention(m, "DATE", value, "season", future=future), 2)

    def relative_day(self) -> Iterator[Candidate]:
        """today / yesterday / tomorrow morning / tonight / last night."""
        r = self.v["re"]
        pat = rf"\b(?P<w>{_alt(self.v['relative_days'])})\b(?:\s+(?P<part>{r['DAYPART']})\b)?"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            offset = self.v["relative_days"][_key(m["w"])]
            value, _ = res.shift_value(self.ref, offset, "D")
            future = offset > 0
            if m["part"]:
                code = self.v["day_parts"][m["part"].lower()]
                yield Candidate(self._mention(m, "TIME", f"{value}T{code}", "time", future=future), 1)
            else:
                yield Candidate(self._mention(m, "DATE", value, "day", future=future), 1)
        for m in re.finditer(rf"\b(?:{_alt(self.v['day_part_phrases'])})\b", self.text, re.IGNORECASE):
            offset, code = self.v["day_part_phrases"][_key(m[0])]
            value, _ = res.shift_value(self.ref, offset, "D")
            yield Candidate(self._mention(m, "TIME", f"{value}T{code}", "time"), 1)

    def weekday(self) -> Iterator[Candidate]:
        """Tuesday / last Friday / Tuesday morning."""
        r = self.v["re"]
        pat = rf"(?:\b(?P<rel>{r['REL']})\s+)?\b(?P<wd>{r['WD']})\b(?:\s+(?P<part>{r['DAYPART']})\b)?"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            if not _capitalised(m["wd"]):
                continue
            tense = self._tense(m.start())
            value, future = res.resolve_weekday(self.v["weekdays"][m["wd"].lower()], self.ref, tense,
                                                self._offset(m["rel"]))
            if m["part"]:
                code = self.v["day_parts"][m["part"].lower()]
                yield Candidate(self._mention(m, "TIME", f"{value}T{code}", "time", future=future), 1)
            else:
                yield Candidate(self._mention(m, "DATE", value, "day", future=future), 1)

    def relative_unit(self) -> Iterator[Candidate]:
        """this week / last month / earlier this year / the beginning of the year /
        the following month (counted from the last date mentioned)."""
        r = self.v["re"]
        units = _alt(u for u in self.v["units"] if not self.v["units"][u].get("time"))
        anaphoric = self.v["anaphoric_offsets"]
        pat = (rf"(?P<part>{r['PART']})?\b(?:(?P<ana>{_alt(anaphoric)})|(?P<rel>{r['REL']})|(?P<the>the))"
               rf"\s+(?P<u>{units})\b(?!['’]?s\b|-)")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            unit = _key(m["u"])
            if unit not in self.v["calendar_units"] or unit == "day":
                continue  # "the next day" is anaphoric, see anaphoric()
            code = _shift_code(unit)
            if m["ana"]:
                offset = anaphoric[_key(m["ana"])]
                value, precision = res.shift_value(self.ref, offset, code)
                yield Candidate(self._mention(m, "DATE", value, precision), 1, shift=(offset, code))
                continue
            if m["the"] and not m["part"]:
                if unit == "quarter":
                    offset = -1  # "the quarter" in a report: the one just ended
                elif unit == "weekend" and self.ref is not None:
                    offset = -1 if self.ref.isoweekday() <= 3 else 0
                else:
                    continue  # "the year" alone: not anchored on anything
            elif m["the"] and unit in ("month", "week") and self._tense(m.start()) == res.PAST:
                # "towards the end of the month" told in the past: the month of the story's last date,
                # else of publication ("by the end of the month" looks ahead from publication)
                value, precision = res.shift_value(self.ref, 0, code)
                yield Candidate(self._mention(m, "DATE", value, precision), 1, shift=(0, code), soft=True)
                continue
            else:
                offset = self._offset(m["rel"]) or 0
            value, precision = res.shift_value(self.ref, offset, code)
            yield Candidate(self._mention(m, "DATE", value, precision, future=offset > 0), 1)

    def shifted(self) -> Iterator[Candidate]:
        """two weeks ago / a year earlier / three days later / several years ago."""
        r = self.v["re"]
        units = _alt(self.v["units"])
        shifts = _alt(self.v["shift_words"])
        pat = rf"(?:\b(?P<mod>{r['DURMOD']})\s+)?\b(?P<n>{r['NUM']})[\s-]+(?P<u>{units})\s+(?P<s>{shifts})\b"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            info = self.v["shift_words"][_key(m["s"])]
            if _key(m["s"]) in ("before", "after") and not re.match(r"\s*(?:[,.;:)]|$)", self.text[m.end():]):
                continue  # "two days before the forum": a duration and an event
            amount = number(m["n"])
            code, times, is_time = _unit(m["u"])
            if amount == "X" or isinstance(amount, float):
                ref = "PAST_REF" if info["sign"] < 0 else "FUTURE_REF"
                yield Candidate(self._mention(m, "DATE", ref, "ref", future=info["sign"] > 0), 1)
                continue
            step = amount * info["sign"]
            if is_time:
                value, _ = res.shift_value(self.ref, 0, "D")
                yield Candidate(self._mention(m, "TIME", value, "time"), 1)
                continue
            code = _shift_code(m["u"])
            if code == "DE":
                code, step = "Y", step * 10
            elif code == "CE":
                code, step = "Y", step * 100
            elif code == "W" and times == 2:
                step *= 2
            value, precision = res.shift_value(self.ref, step, code)
            anaphoric = info["anchor"] == "previous"
            if anaphoric and m["mod"]:
                # "more than 12 months later": no day or month to show an event on
                yield Candidate(self._mention(m, "DATE", value, "unknown", future=step > 0), 1)
                continue
            yield Candidate(self._mention(m, "DATE", value, precision, future=step > 0), 1,
                            shift=(step, code) if anaphoric else None)

    def anaphoric(self) -> Iterator[Candidate]:
        """the next day / the day before: a day counted from the last date mentioned."""
        words = self.v["anaphoric_days"]
        for m in re.finditer(rf"\b(?:{_alt(words)})\b", self.text, re.IGNORECASE):
            offset = words[_key(m[0])]
            value, _ = res.shift_value(self.ref, offset, "D")
            yield Candidate(self._mention(m, "DATE", value, "day"), 2, shift=(offset, "D"))

    def duration(self) -> Iterator[Candidate]:
        """four hours / three-year / the past three years / for decades / almost seven years."""
        r = self.v["re"]
        units = _alt(self.v["units"])
        pat = (rf"(?:\b(?P<mod>{r['DURMOD']})\s+)?\b(?P<n>{r['NUM']})(?:\s*(?:-|–|to|or)\s*(?P<n2>{r['NUM']}))?"
               rf"(?:\s+and\s+a\s+half)?[\s-]+(?P<u>{units})\b(?P<old>[\s-]+old\b)?")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            if m["old"] or (m["n"].lower() in ("a", "an") and m["mod"] is None and m.start() > 0
                            and re.search(r"\b(?:once|twice|times|per)\s+$", self.text[max(0, m.start() - 8):m.start()])):
                continue
            amount = number(m["n"])
            if isinstance(amount, (int, float)) and amount > 1000:
                continue
            if _key(m["u"]) == "second" and m["n"].lower() in ("a", "an") and re.match(r"\s+[A-Za-z]", self.text[m.end():]):
                continue  # "a second round": an ordinal
            yield Candidate(self._mention(m, "DURATION", _duration(amount, m["u"]), "duration"), 4)
        singular = _alt(self.v["duration_singular"])
        pat = rf"\b(?:{singular})\s+(?P<u>{units})\b"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            if not m["u"].lower().endswith("s"):
                yield Candidate(self._mention(m, "DURATION", _duration(1, m["u"]), "duration"), 4)
            else:
                yield Candidate(self._mention(m, "DURATION", _duration("X", m["u"]), "duration"), 4)
        plural = _alt(u for u in self.v["units"] if u.endswith("s") and u != "weekends")
        for m in re.finditer(rf"\b(?:for|within|over|after|in|of)\s+(?P<u>{plural})\b", self.text, re.IGNORECASE):
            yield Candidate(self._mention(m, "DURATION", _duration("X", m["u"]), "duration", group="u"), 5)

    def recurring(self) -> Iterator[Candidate]:
        """every week / each Monday / weekly / twice a year."""
        r = self.v["re"]
        quant = _alt(self.v["set_quantifiers"])
        pat = rf"\b(?:{quant})\s+(?:(?P<other>other)\s+|(?P<n>{r['NUM']})\s+)?(?P<u>{r['UNIT']}|{r['WD']}|{r['DAYPART']})\b"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            word = _key(m["u"])
            if word in self.v["units"]:
                amount = 2 if m["other"] else (number(m["n"]) if m["n"] else 1)
                value = _duration(amount, word)
            elif word in self.v["weekdays"]:
                value = f"XXXX-WXX-{self.v['weekdays'][word]}"
            else:
                value = f"XXXX-XX-XXT{self.v['day_parts'][word]}"
            yield Candidate(self._mention(m, "SET", value, "set"), 1)
        for m in re.finditer(rf"\b(?:{_alt(self.v['set_words'])})\b", self.text, re.IGNORECASE):
            yield Candidate(self._mention(m, "SET", self.v["set_words"][m[0].lower()], "set"), 1)
        pat = rf"\b(?:once|twice|(?:{r['NUM']})\s+times)\s+(?:a|an|per)\s+(?P<u>{r['UNIT']})\b"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            yield Candidate(self._mention(m, "SET", _duration(1, m["u"]), "set"), 1)
        # a rate: "40,000 a month", "$2bn-worth a month"
        pat = rf"(?:\d\S*|\bworth)\s+(?P<set>(?:a|an|per)\s+(?P<u>{r['UNIT']}))\b(?!\s+(?:ago|earlier|later))"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            yield Candidate(self._mention(m, "SET", _duration(1, m["u"]), "set", group="set"), 1)

    def clock(self) -> Iterator[Candidate]:
        """07:40 GMT / 8 p.m. / noon."""
        tz = self.v["re"]["TZ"]
        pat = (rf"(?<![\d.:])(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?![\d:])(?:\s*(?P<ap>[ap]\.m\.|[ap]m\b))?(?:\s+(?:{tz})\b)?"
               rf"|(?<![\d.:])(?P<h2>\d{{1,2}})\s*(?P<ap2>[ap]\.m\.|[ap]m\b)(?:\s+(?:{tz})\b)?")
        day, _ = res.shift_value(self.ref, 0, "D")
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            hour = int(m["h"] or m["h2"])
            minute = int(m["mi"]) if m["mi"] else None
            ap = (m["ap"] or m["ap2"] or "").lower()
            if hour > 23 or (minute is not None and minute > 59) or (ap and not 1 <= hour <= 12):
                continue
            if ap.startswith("p") and hour < 12:
                hour += 12
            elif ap.startswith("a") and hour == 12:
                hour = 0
            clock = f"T{hour:02d}" + (f":{minute:02d}" if minute is not None else "")
            yield Candidate(self._mention(m, "TIME", day + clock, "time"), 0, clock=clock)
        for m in re.finditer(r"\b(?:noon|midday|midnight)\b", self.text, re.IGNORECASE):
            clock = "T24" if m[0].lower() == "midnight" else "T12"
            yield Candidate(self._mention(m, "TIME", day + clock, "time"), 1, clock=clock)

    def reference(self) -> Iterator[Candidate]:
        """now / currently / recently / in recent months / in the near future."""
        refs = self.v["references"]
        strip = tuple(self.v["reference_strip"])
        for m in re.finditer(rf"\b(?:{_alt(refs)})\b", self.text, re.IGNORECASE):
            value = refs[_key(m[0])]
            start = m.start()
            if m[0].lower().startswith(strip):
                start += len(next(s for s in strip if m[0].lower().startswith(s)))
            yield Candidate(self._mention(m, "DATE", value, "ref", start=start, future=value == "FUTURE_REF"), 6)

    def all(self) -> Iterator[Candidate]:
        finders: list[Callable[[], Iterator[Candidate]]] = [
            self.numeric, self.month_day, self.day_month, self.month_year, self.month, self.year,
            self.decade_century, self.quarter_season, self.relative_day, self.weekday,
            self.relative_unit, self.shifted, self.anaphoric, self.duration, self.recurring,
            self.clock, self.reference,
        ]
        for finder in finders:
            yield from finder()


def reanchor(candidate: Candidate, previous: date | None) -> None:
    """Count an "a day earlier" style shift from the last day mentioned before it."""
    if candidate.shift is None or previous is None:
        return
    amount, code = candidate.shift
    value, precision = res.shift_value(previous, amount, code)
    candidate.mention.value = value
    candidate.mention.precision = precision


def attach_clock(candidate: Candidate, day_value: str) -> None:
    """Put a clock time on the date written next to it ("07:40 GMT 24.01.2026")."""
    if candidate.clock is not None:
        candidate.mention.value = day_value + candidate.clock
