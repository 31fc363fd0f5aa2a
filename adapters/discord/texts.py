"""Every sentence the Discord adapter says on its own behalf, in one place.

Answers come from the core; these are only the adapter's own words: command
and option descriptions shown in Discord's command picker (at most 100
characters each, Discord's limit), refusals, and apologies.
"""
from __future__ import annotations

# Command picker: what each slash command and option does.
WHO = "A person: names, roles, articles, quotes, people seen with them."
WHO_NAME = "The person's name (any spelling)."
QUOTE = "Quotes on a topic, most relevant first, with speaker and source."
QUOTE_TOPIC = "What the quotes are about."
QUOTE_BY = "Only quotes by this person."
TIMELINE = "Dated events in order, each with every article that reports it."
TIMELINE_TOPIC = "A topic, place or name (leave empty for every event)."
TIMELINE_FROM = "Earliest date, YYYY-MM-DD (or YYYY-MM, YYYY)."
TIMELINE_TO = "Latest date, YYYY-MM-DD (or YYYY-MM, YYYY)."
SEARCH = "Articles that mention the words, best first, with a snippet."
SEARCH_QUERY = "The words to look for."
SOURCES = "The indexed articles with outlet, date and story group."
HELP = "What newsdesk can answer, with an example of each command."
DIGEST = "Scheduled digests of what is new, posted to this channel."
DIGEST_SUBSCRIBE = "Post a digest of what is new to this channel on a schedule (needs Manage Channels)."
DIGEST_SCHEDULE = "daily (default) or weekly."
DIGEST_WEEKDAY = "For weekly digests: the day (default Monday)."
DIGEST_AT = "Time of day, HH:MM (default 09:00)."
DIGEST_TZ = "Time zone, e.g. Europe/Berlin (default UTC)."
DIGEST_TOPIC = "Only news on these words or this person."
DIGEST_CRON = "Instead of schedule and at: a cron expression, e.g. 0 9 * * 1-5."
DIGEST_LIST = "This server's digest subscriptions."
DIGEST_UNSUBSCRIBE = "Stop a digest (needs Manage Channels)."
DIGEST_NUMBER = "The subscription's number from /digest list (default: this channel's only one)."
DIGEST_NOW = "Preview the next digest of this channel; only you see it."

# Paging buttons.
PREVIOUS = "Previous"
NEXT = "Next"
PAGE = "Page {number}/{total}"
ONLY_OWNER = "Only {name} can page this answer; ask your own question to get one you can page."

# Choices: how to pick one of several people.
PICK_ONE = "Ask again with one of these names."

# Something on our side failed: the user gets this, the log gets the traceback.
APOLOGY = "Sorry, something went wrong while answering that. The error has been logged."
