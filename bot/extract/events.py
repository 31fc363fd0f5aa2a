"""Events: dated statements with who took part and where.

An event is a sentence that carries a resolved calendar date. The sentence is
the statement; the people resolved inside it are its participants and the
places named in it are its places. Cross-article merging happens in
``bot.corpus.event_groups``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc

from bot import wordlists
from bot.extract.dates.resolve import looks_ahead, value_end, value_start
from bot.extract.nlp import text_of
from bot.extract.types import DateMention, EventSpan
from bot.extract.nlp import text_of

_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_EVENT_PRECISIONS = {"day", "month", "year", "range", "week", "season", "quarter"}
MAX_EVENT_CHARS = 600


def calendar_value(mention: DateMention) -> tuple[str, str] | None:
    """The mention as a calendar date ("2025-08-15" | "2025-08" | "2025") and its precision, if it is one."""
    value, precision = mention.value, mention.precision
    if precision == "time" and _DAY_TIME.match(value):
        return value[:10], "day"  # "on Wednesday evening", "Friday night": a time of a named day dates that day
    if precision not in _EVENT_PRECISIONS:
        return None
    week = _WEEK.match(value)
    if week:
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        return monday.isoformat(), "week"
    head = value[:10] if precision == "range" else value
    if not _CALENDAR.match(head):
        return None
    return head, precision


def find_events(
    doc: Doc,
    sentences: list[tuple[int, int]],
    dates: list[DateMention],
    people_at: Callable[[int, int], list[str]],
    places_at: Callable[[int, int], list[str]],
    published: date | None = None,
) -> list[EventSpan]:
    """Dated statements, one per date a sentence gives.

    A date that only bounds a span of time ("since 2022", "the first talks since
    the 2022 invasion") dates nothing. A date after ``published`` (the date the
    text was resolved against) is an event only when the text tells it as
    planned or expected, and then it is marked ``planned``; a day after
    publication told as past is a misreading and dates nothing.
    """
    text = text_of(doc)
    events: list[EventSpan] = []
    di = 0
    dateline: tuple[DateMention, tuple[str, str], bool] | None = None
    for s_start, s_end in sentences:
        lead_of, dateline = dateline, None
        seen: set[str] = set()
        while di < len(dates) and dates[di].start < s_start:
            di += 1
        j = di
        in_sentence = []
        own_clause: set[int] = set()  # dates that belong to a "since" clause of their own
        negated = False
        while j < len(dates) and dates[j].start < s_end:
            cal = calendar_value(dates[j])
            negated = _negated(text, dates[j], negated)
            since = _since(doc, dates[j], s_start)
            if since == _SINCE_CLAUSE:
                own_clause.add(j)
            if (cal is not None and cal[0] not in seen and not negated and not _citation(text, dates[j])
                    and since != _SINCE_POINT and not _supposed(doc, dates[j])):
                seen.add(cal[0])
                in_sentence.append((dates[j], cal, j in own_clause))
            j += 1
        in_sentence = _without_speaker_today(in_sentence)
        if len(in_sentence) == 1 and _is_dateline(text, s_start, s_end, in_sentence[0][0]):
            dateline = in_sentence[0][:2] + (False,) if in_sentence[0][1][1] == "day" else None
            continue
        if not in_sentence and lead_of is not None and _reports_news(doc, s_start, s_end):
            in_sentence = [lead_of]  # the lead under a dateline reports what happened that day
        for mention, cal, own in in_sentence:
            start, end = _trim(text, s_start, s_end)
            if len(in_sentence) > 1 or own:
                # several dates, several events: each keeps the phrase its date belongs to
                start, end = _trim(text, *date_clause(doc, mention, start, end))
            if end - start > MAX_EVENT_CHARS:
                start, end = _clause(text, start, end, mention)
            end_date = None
            if mention.end_value and _CALENDAR.match(mention.end_value):
                end_date = mention.end_value
            planned = _planned(text, mention, cal, published)
            if planned is None:
                continue
            events.append(
                EventSpan(
                    date=cal[0],
                    precision=cal[1],
                    text=text[start:end],
                    start=start,
                    end=end,
                    date_text=mention.text,
                    end_date=end_date,
                    people=people_at(start, end),
                    places=places_at(start, end),
                    planned=planned,
                )
            )
    return events


_SINCE = re.compile(r"\b(?:since)\b[^.;:!?,]{0,80}$", re.IGNORECASE)
# expressions that point ahead by themselves: "tomorrow", "next week", "the coming days"
_AHEAD = re.compile(r"\b(?:tomorrow|next|coming|upcoming)\b", re.IGNORECASE)
# a date named as a coming date of the calendar: "its third anniversary on February 24"
_AHEAD_BEFORE = re.compile(r"\banniversary\s+(?:on|in)\s+$", re.IGNORECASE)


_SINCE_POINT = "point"
_SINCE_CLAUSE = "clause"


def _since(doc: Doc, mention: DateMention, sentence_start: int) -> str | None:
    """How "since" bears on a date: ``_SINCE_POINT`` for "since 2022", "the first talks since Moscow's
    2022 invasion" (the date starts a span of time and dates no event), ``_SINCE_CLAUSE`` for "since
    Russia invaded three years ago" (the date is that clause's own, and only that clause's), else None."""
    found = _SINCE.search(text_of(doc), max(sentence_start, mention.start - 90), mention.start)
    if found is None:
        return None
    since = doc.char_span(found.start(), found.start() + len("since"), alignment_mode="expand")
    dated = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if since is None or dated is None:
        return _SINCE_POINT
    word, root = since.root, dated.root
    if word.dep_ == "mark" and word.head.pos_ in ("VERB", "AUX"):
        return _SINCE_CLAUSE if root in word.head.subtree else None
    # "since" as a preposition: the date is in its phrase ("since the early weeks of the 2022 invasion"),
    # or the parse hangs the date elsewhere ("... since March, talks ended on Friday": Friday is not)
    verb_between = any(t.tag_ in ("VBD", "VBZ", "VBP") for t in doc[word.i + 1:dated.start])
    return _SINCE_POINT if not verb_between and (root in word.subtree or root.head == word) else None


@lru_cache(maxsize=1)
def _supposition_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    words = wordlists.load("dates")["suppositions"]
    return tuple(frozenset(str(w).lower() for w in words[k]) for k in ("modals", "belief_verbs", "conditions"))


def _supposed(doc: Doc, mention: DateMention) -> bool:
    """A date in a supposition ("He thinks he can be president in 2029 if he keeps ..."):
    the verb the date belongs to has a modal of possibility and depends on a verb of
    belief or opens a condition. It dates no happening, not even a planned one."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    modals, beliefs, conditions = _supposition_words()
    if not any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children):
        return False
    if verb.dep_ == "ccomp" and verb.head.lower_ in beliefs:
        return True
    return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in conditions for g in c.children)
               for c in verb.children)


def _planned(text: str, mention: DateMention, cal: tuple[str, str], published: date | None) -> bool | None:
    """True when the text tells the event as still to come, False when as having happened, None when
    it tells of a day after ``published`` as past: a misread date that must date nothing."""
    ahead = (looks_ahead(text, mention.start) or bool(_AHEAD.search(mention.text))
             or bool(_AHEAD_BEFORE.search(text[max(0, mention.start - 20):mention.start])))
    if published is None:
        return ahead
    value = cal[0] if _DAY_TIME.match(mention.value) else mention.value  # "Thursday morning": that day
    first, last = value_start(value), value_end(mention.end_value or value)
    if first is None or last is None:
        return False
    if first > published and not ahead:
        return None if cal[1] == "day" else False
    return ahead and last >= published


_PERFECT = {"have", "has", "'ve", "’ve"}  # "have defeated": a past event told in the present perfect
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _is_dateline(text: str, start: int, end: int, mention: DateMention) -> bool:
    """A line that is only a date ("March 01 , 2008", "Tuesday, October 16, 2007"): the article's dateline."""
    if "\n" not in text[end - 1 : end + 1] and end < len(text.rstrip()):
        return False  # not a line of its own
    rest = text[start : mention.start] + " " + text[mention.end : end]
    return not re.sub(r"[\W_]+", "", _WEEKDAY.sub("", rest))


def _reports_news(doc: Doc, start: int, end: int) -> bool:
    """A lead that tells what happened: its main verb is in the past ("defeated", "have defeated")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.tag_ == "VBD":
        return True
    return root.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in _PERFECT for c in root.children)


_CITATION_OPEN = re.compile(r"\([^()]*,\s*$")
_CITATION_CLOSE = re.compile(r"^\s*[;)]")
_NOT = re.compile(r"\bnot\s+$", re.IGNORECASE)
_OR = re.compile(r"\b(?:or|nor)\s+$", re.IGNORECASE)
_SPEAKER_DAY = {"today", "tonight"}
_DAY_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T")  # a time of a named day: "in a Wednesday evening address"


def _citation(text: str, mention: DateMention) -> bool:
    """A source's date in a reference, "(Izvestiya, January 26)": when it was written, not an event."""
    return bool(_CITATION_OPEN.search(text[max(0, mention.start - 80):mention.start])
                and _CITATION_CLOSE.match(text[mention.end:mention.end + 3]))


def _negated(text: str, mention: DateMention, previous_negated: bool) -> bool:
    """"not tomorrow or next month": dates said not to be the time of anything."""
    before = text[max(0, mention.start - 12):mention.start]
    return bool(_NOT.search(before) or (previous_negated and _OR.search(before)))


def _without_speaker_today(found: list) -> list:
    """Drop "today" from a sentence that also names its day ("said on Tuesday that ... can start today",
    "'As of today, ...,' he said in a Wednesday evening address").

    There "today" is the speaker's day, already given by the other date, and
    anchoring it on publication would misdate it.
    """
    if not any((m.precision == "day" or _DAY_TIME.match(m.value)) and m.text.lower() not in _SPEAKER_DAY
               for m, *_ in found):
        return found
    return [(m, *rest) for m, *rest in found if m.text.lower() not in _SPEAKER_DAY]


MIN_CLAUSE_TOKENS = 6


def date_clause(doc: Doc, mention: DateMention, start: int, end: int) -> tuple[int, int]:
    """The phrase a date belongs to, from the parse: the predicate it modifies.

    In "... the positions outlined by the President in June 2024 and the understandings
    reached in Alaska in August 2025" June 2024 belongs to "the positions outlined by
    the President in June 2024". A predicate that only describes a noun ("outlined",
    "reached") brings its noun along. Too short a phrase keeps the whole sentence.
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return start, end
    node = span.root
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    if node.pos_ not in ("VERB", "AUX"):
        return start, end
    if node.dep_ in ("acl", "relcl") and node.head.i != node.i:
        node = node.head
    tokens = list(node.subtree)
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if len(tokens) < MIN_CLAUSE_TOKENS or lo < start or hi > end:
        return start, end
    return lo, hi


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t—–-\"“”«»'":
        start += 1
    while end > start and text[end - 1] in " \n\t,;:\"“”«»":
        end -= 1
    return start, end


def _clause(text: str, start: int, end: int, mention: DateMention) -> tuple[int, int]:
    """Cut an over-long sentence down to the part around the date."""
    lo = max(start, mention.start - MAX_EVENT_CHARS // 2)
    hi = min(end, mention.end + MAX_EVENT_CHARS // 2)
    while lo > start and not text[lo - 1].isspace():
        lo -= 1
    while hi < end and not text[hi].isspace():
        hi += 1
    return lo, hi
