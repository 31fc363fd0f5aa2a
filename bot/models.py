"""The answer contract: one frozen pydantic model per answer kind.

Every command returns one of these; adapters only render them. ``kind`` is
the discriminator, so ``Answer`` parses any of them back from JSON.

Every model serialises to JSON whatever it was given: a lone surrogate (what
Python makes of undecodable bytes in an argument or a file name) is replaced
with U+FFFD on the way in, as UTF-8 cannot carry it.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (in lists, tuples and dicts too) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(without_surrogates(v) for v in value)
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _encodable(cls, data: Any) -> Any:
        return without_surrogates(data)


class Quote(_Frozen):
    speaker: str | None
    speaker_role: str | None = None
    text: str
    direct: bool
    date: str | None = None  # when it was reported (YYYY-MM-DD): the article's date
    # when it was said, as the text around it says it ("On October 31, Putin stated"): "YYYY-MM-DD" (a day, or
    # the Monday of a week), "YYYY-MM" or "YYYY"; None when the text gives no date (then only ``date`` is known)
    said_on: str | None = None
    said_precision: str | None = None  # "day" | "week" | "month" | "year"
    article_id: str
    sources: list[str] = Field(default_factory=list)  # every article that carries it
    citations: list[Citation] = Field(default_factory=list)  # those articles: title, outlet, date, url


class Person(_Frozen):
    name: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    affiliation: str | None = None
    is_organisation: bool = False
    articles: list[str] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)  # every statement, in the order they were said
    related: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)  # the articles: title, outlet, date, url; newest first
    key_quotes: list[int] = Field(default_factory=list)  # indexes into ``quotes``: the most relevant, best first


class Event(_Frozen):
    date: str  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"; a week as its Monday
    precision: str  # "day" | "week" | "month" | "year" | "range" | ...
    end_date: str | None = None
    text: str
    people: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    # every source tells it as still to come (planned or expected), none as having happened
    planned: bool = False
    citations: list[Citation] = Field(default_factory=list)  # the sources: title, outlet, date, url


class Citation(_Frozen):
    article_id: str
    title: str
    outlet: str | None = None
    published: str | None = None
    snippet: str = ""
    url: str | None = None


class Evidence(_Frozen):
    """A sentence that supports an answer, and every article that says it (one statement, several sources)."""

    text: str
    article_ids: list[str]


class SearchHit(_Frozen):
    article_id: str
    title: str
    outlet: str | None = None
    published: str | None = None
    snippet: str
    story: str | None = None
    url: str | None = None


class Source(_Frozen):
    article_id: str
    title: str
    outlet: str | None = None
    published: str | None = None
    published_inferred: bool = False
    published_range: list[str] | None = None  # [earliest, latest] when inferred
    story: str  # the story group: the id of its first article
    story_size: int = 1
    url: str | None = None


class CommandHelp(_Frozen):
    name: str
    usage: str
    summary: str
    example: str


class PersonAnswer(_Frozen):
    kind: Literal["person"] = "person"
    person: Person


class ChoicesAnswer(_Frozen):
    kind: Literal["choices"] = "choices"
    message: str = "Several people match; which one?"
    choices: list[str]


class NotFoundAnswer(_Frozen):
    kind: Literal["not_found"] = "not_found"
    message: str
    suggestions: list[str] = Field(default_factory=list)


# A long answer keeps every entry; ``featured`` (indexes into its list, the most relevant first) names the few a
# compact rendering shows before saying how many more there are. Empty: no choice was made, show them all.

class QuotesAnswer(_Frozen):
    kind: Literal["quotes"] = "quotes"
    query: str = ""
    quotes: list[Quote]  # in the order they were said
    featured: list[int] = Field(default_factory=list)


class TimelineAnswer(_Frozen):
    kind: Literal["timeline"] = "timeline"
    query: str = ""
    events: list[Event]  # in date order
    featured: list[int] = Field(default_factory=list)  # chosen by relevance and spread over the range


class SearchAnswer(_Frozen):
    kind: Literal["search"] = "search"
    query: str
    results: list[SearchHit]  # the most relevant first
    featured: list[int] = Field(default_factory=list)


class SourceProblem(_Frozen):
    """A corpus file that was not indexed (``indexed`` false), or was with a caveat, and why: shown to admins."""

    name: str
    reason: str
    indexed: bool = False


class SourcesAnswer(_Frozen):
    kind: Literal["sources"] = "sources"
    articles: list[Source]
    problems: list[SourceProblem] = Field(default_factory=list)  # only for a caller who may manage the bot


class HelpAnswer(_Frozen):
    kind: Literal["help"] = "help"
    commands: list[CommandHelp]


class TextAnswer(_Frozen):
    """An answer to a question: ``text`` is the short answer (or the best sentence), ``evidence`` what supports it.

    ``confident`` is false for "the closest I found" and for "the articles do not say".
    """

    kind: Literal["answer"] = "answer"
    text: str
    confident: bool
    citations: list[Citation] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class ErrorAnswer(_Frozen):
    kind: Literal["error"] = "error"
    message: str


class DigestStory(_Frozen):
    """New articles of one story (rewrites and near-duplicates together)."""

    title: str
    articles: list[Citation]
    updated: bool = False  # every article in it was seen before and has changed since


class DigestPerson(_Frozen):
    name: str
    role: str | None = None
    articles: list[str] = Field(default_factory=list)


class DigestAnswer(_Frozen):
    """What is new for one channel since its last digest."""

    kind: Literal["digest"] = "digest"
    channel: str | None = None  # "#general", as the platform names it
    schedule: str | None = None  # "daily at 09:00 (Europe/Berlin)"
    topic: str | None = None
    since: str  # ISO 8601, UTC: news first seen after this
    until: str
    preview: bool = False  # /digest now: shown only to the caller, nothing marked as sent
    missed: int = 0  # scheduled digests this one catches up on (the bot was down)
    stories: list[DigestStory] = Field(default_factory=list)  # the ones shown, most outlets first
    events: list[Event] = Field(default_factory=list)  # dated within dated_from..dated_to, in date order
    quotes: list[Quote] = Field(default_factory=list)
    people: list[DigestPerson] = Field(default_factory=list)
    more: list[str] = Field(default_factory=list)  # commands to ask for more: "/who Witkoff", "/timeline"
    # what there is in all, shown or not: the digest says "and 33 more" rather than cut silently
    article_count: int = 0  # new or changed articles
    story_count: int = 0
    event_count: int = 0
    quote_count: int = 0
    people_count: int = 0
    dated_from: str | None = None  # the days its timeline entries lie within (YYYY-MM-DD)
    dated_to: str | None = None
    sources: list[Citation] = Field(default_factory=list)  # the articles its events and quotes cite (outlet, link)

    @property
    def empty(self) -> bool:
        return not (self.stories or self.events or self.quotes or self.people)


class Subscription(_Frozen):
    id: int
    channel: str
    channel_name: str | None = None
    schedule: str  # "daily at 09:00 (Europe/Berlin)"
    topic: str | None = None
    next_at: str | None = None  # ISO 8601 with the subscription's UTC offset
    last_slot: str | None = None  # the last scheduled slot handled (posted, empty, or given up), local time
    invalid: str | None = None  # why its stored schedule cannot run (a row from before schedules were checked)


class SubscriptionsAnswer(_Frozen):
    kind: Literal["subscriptions"] = "subscriptions"
    message: str
    subscriptions: list[Subscription] = Field(default_factory=list)


class FeedInfo(_Frozen):
    """A followed feed as /feed list and `newsdesk feeds list` show it."""

    number: int
    url: str
    title: str | None = None
    state: str  # "ok" | "failing" | "disabled" | "new" (not polled yet)
    last_success: str | None = None  # "2026-12-07 21:40 UTC"
    last_error: str | None = None  # with the HTTP status or the parse error; for a disabled feed, why
    next_poll: str | None = None
    articles: int = 0


class FeedsAnswer(_Frozen):
    """/feed add|list|remove and /add: a message, the feeds, and the article an /add indexed."""

    kind: Literal["feeds"] = "feeds"
    message: str
    feeds: list[FeedInfo] = Field(default_factory=list)
    articles: list[Citation] = Field(default_factory=list)


Answer = Annotated[
    Union[
        PersonAnswer,
        ChoicesAnswer,
        NotFoundAnswer,
        QuotesAnswer,
        TimelineAnswer,
        SearchAnswer,
        SourcesAnswer,
        HelpAnswer,
        TextAnswer,
        ErrorAnswer,
        DigestAnswer,
        SubscriptionsAnswer,
        FeedsAnswer,
    ],
    Field(discriminator="kind"),
]
