"""User-facing error texts live here, in one place.

A ``UserError`` is the user's to fix and is shown as it is; anything else is
logged with its traceback and answered with ``APOLOGY``.
"""
from __future__ import annotations


class UserError(Exception):
    """Bad input: answered plainly, never logged as a failure."""


APOLOGY = "Sorry, something went wrong while answering that. The error has been logged."
UNAVAILABLE = "The index is unavailable, try again shortly."
EMPTY = "Please type a command or a question. Try /help."
UNKNOWN_COMMAND = "Unknown command /{name}. Try /help for the list of commands."
NEEDS_ARGUMENT = "/{name} needs {what}, for example: {example}"
BAD_DATE = "{option}: {value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)."
BAD_RANGE = "from: {start} is after to: {end}."
UNKNOWN_OPTION = "/{name} does not take {option}: (it takes {allowed})."
NO_OPTIONS = "/{name} takes no options (got {option}:)."
TOO_LONG = "That is too long: please keep it under {limit} characters."
NO_PERSON = "No one called {name!r} appears in the articles."
NO_QUOTES = "No quotes about {topic!r} in the articles."
NO_QUOTES_BY = "No quotes by {name} about {topic!r} in the articles."
NO_EVENTS = "No dated events about {topic!r} in the articles."
NO_EVENTS_RANGE = "No dated events in that range."
NO_RESULTS = "No article mentions {query!r}."
NO_ANSWER = "The articles do not say. I found nothing that answers {question!r}."
NOT_SURE = "The articles may not say exactly; the closest I found:"
DIGEST_BAD_TZ = "tz: {tz!r} is not a time zone; use a name like Europe/Berlin or America/New_York."
DIGEST_BAD_AT = "at: {at!r} is not a time of day; use HH:MM, for example at:09:00."
DIGEST_BAD_CRON = 'cron: {cron!r} is not a cron expression; use five fields, for example cron:"0 9 * * 1-5".'
DIGEST_NEVER = 'cron: {cron!r} does not fire within a year; use a schedule that does, for example cron:"0 9 * * 1-5".'
DIGEST_TOO_OFTEN = (
    "cron: {cron!r} would post digests {gap} apart; digests are at most one every {min} here "
    "(an admin can change NEWSDESK_DIGEST_MIN_INTERVAL_MINUTES)."
)
DIGEST_CRON_AND_AT = 'Give either cron: or at:, not both (cron: already says the time, e.g. cron:"30 8 * * 1-5").'
DIGEST_BAD_FREQUENCY = "{frequency!r} is not a schedule; use daily, weekly, weekly fri, or cron:\"0 9 * * 1-5\"."
DIGEST_USAGE = "/digest takes subscribe, list, unsubscribe or now, for example: /digest subscribe daily at:09:00"
DIGEST_NO_CHANNEL = "Digests are posted to a channel; use /digest in the channel that should get them."
DIGEST_NOT_ALLOWED = (
    "Only channel admins can change digest subscriptions "
    "(Slack: workspace admins and owners, or users listed in NEWSDESK_SLACK_ADMINS; "
    "Discord: Manage Server or Manage Channels)."
)
DIGEST_EXISTS = "This channel already has a digest{topic}: #{id}, {schedule}. Unsubscribe it first to change it."
DIGEST_UNKNOWN = "There is no digest subscription #{id} in this workspace. /digest list shows them."
DIGEST_WHICH = "This channel has several digests ({ids}); say which: /digest unsubscribe <number>."
DIGEST_NONE_HERE = "This channel has no digest subscription. Subscribe with /digest subscribe daily at:09:00"
DIGEST_NONE = "No channel here has a digest subscription. Subscribe one with /digest subscribe daily at:09:00"

# Live sources (/feed, /add; bot/sources/).
FEED_USAGE = "/feed takes add <URL>, list or remove <number>, for example: /feed add https://example.com/rss.xml"
FEED_NOT_ALLOWED = (
    "Only channel admins can add or remove feeds, as for digests "
    "(Slack: workspace admins and owners, or users listed in NEWSDESK_SLACK_ADMINS; "
    "Discord: Manage Server or Manage Channels)."
)
FEED_NO_URL = "Give the feed's address: /feed add https://example.com/rss.xml"
FEED_NO_NUMBER = "Say which feed by its number from /feed list: /feed remove 2"
FEED_UNKNOWN = "There is no feed #{number} here. /feed list shows them."
FEED_REFUSED = "Not followed: {reason}"
ADD_USAGE = "Give one article's address: /add https://example.com/news/article.html"
ADD_REFUSED = "Not indexed: {reason}"
