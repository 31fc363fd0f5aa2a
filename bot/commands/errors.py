"""User-facing error texts live here, in one place.

A ``UserError`` is the user's to fix and is shown as it is; anything else is
logged with its traceback and answered with ``APOLOGY``.
"""
from __future__ import annotations


class UserError(Exception):
    """Bad input: answered plainly, never logged as a failure."""


APOLOGY = "Sorry, something went wrong while answering that. The error has been logged."
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
