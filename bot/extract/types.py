"""Plain value types produced by the extractors.

Every fact keeps its character span (Python string indices into the text
exactly as it was given to the extractor), so any answer can show where it
came from. These are dataclasses rather than pydantic models because
extraction creates many of them; the answer models in ``bot.models`` are the
pydantic side.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class DateMention:
    """A temporal expression, normalised the TimeML TIMEX3 way."""

    text: str
    start: int
    end: int
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str  # "2025-08-15", "2025-08", "2025", "2025-W34", "PRESENT_REF", "P3M", "XXXX-08-15"
    # "day" | "month" | "year" | "week" | "season" | "quarter" | "decade" | "century"
    # | "range" | "time" | "duration" | "set" | "ref" | "unknown"
    precision: str = "day"
    # for ranges ("January 22-23", "between 2022 and 2024"): the last value
    end_value: str | None = None
    # True when the expression points forward from the publication date
    future: bool = False


@dataclass(slots=True)
class PersonMention:
    """One mention of a person (or a speaking organisation) in one text."""

    text: str  # the mention as written: "Rudenko", "the deputy foreign minister", "he"
    start: int
    end: int
    entity: int  # index into PeopleAnalysis.entities
    kind: str  # "name" | "surname" | "title" | "pronoun"
    role: str | None = None  # role stated at this mention ("Russian Deputy Foreign Minister")


@dataclass(slots=True)
class PersonEntity:
    """A person (or organisation) as known inside one text."""

    name: str  # the fullest name seen in the text: "Andrey Rudenko"
    aliases: list[str] = field(default_factory=list)  # other spellings seen
    roles: list[str] = field(default_factory=list)  # "Deputy Foreign Minister", "special envoy"
    affiliation: str | None = None  # "Russian Foreign Ministry", "Russia"
    is_org: bool = False  # "the German Embassy in Russia", "the Kremlin"
    gender: str | None = None  # "m" | "f" when the text shows it (he/she)


@dataclass(slots=True)
class QuoteSpan:
    """A statement attributed to someone, as found in one text."""

    text: str  # the content, without the quotation marks
    start: int  # span of the content (inside the marks for direct quotes)
    end: int
    direct: bool
    speaker_start: int | None = None  # the mention it is attributed to:
    speaker_end: int | None = None  # a name, "the spokesman", "he", "the German Embassy"
    cue: str | None = None  # the speech verb or phrase: "said", "told Izvestia", "according to"
    speaker: str | None = None  # filled by the pipeline: the resolved person's name
    speaker_role: str | None = None  # filled by the pipeline
    speaker_entity: int | None = None  # filled by the pipeline: index into PeopleAnalysis.entities
    # "speech": words someone said or wrote, shown as quotes; "attribution": a view, finding,
    # intention or stance given to a source without its words ("the poll shows that ...",
    # "she plans to ..."), kept for measurement and never shown as a quote
    kind: str = "speech"
    # a direct quote split around its attribution ('"...," he said. "..."') is one statement:
    # the content offsets of each part; empty when the content is the one span start..end
    parts: tuple[tuple[int, int], ...] = ()
    # when the words were said, as the text around them says it (bot/extract/speech/said_on.py):
    # "YYYY-MM-DD" (a day, or the Monday of a week), "YYYY-MM", "YYYY"; None when the text gives no date
    said_on: str | None = None
    said_precision: str | None = None  # "day" | "week" | "month" | "year"; None with said_on


@dataclass(slots=True)
class EventSpan:
    """A dated statement: what happened, when, who took part, where."""

    date: str  # TIMEX value of the date ("2025-08-15", "2025-08", "2025")
    precision: str
    text: str  # the statement (the sentence or clause)
    start: int
    end: int
    date_text: str = ""
    end_date: str | None = None
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    planned: bool = False  # the text tells it as planned or expected, not as having happened
