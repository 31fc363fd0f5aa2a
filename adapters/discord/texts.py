"""Every sentence the Discord adapter says on its own behalf, in one place.

Answers come from the core, and command and option descriptions from the
core's command registry; these are only the adapter's own words: the rights
a subcommand needs, paging, refusals, and apologies.
"""
from __future__ import annotations

# Command picker: the registry's description of a subcommand that needs rights, with the rights Discord checks.
NEEDS_RIGHTS = "{description} (needs Manage Channels)."

# Paging buttons.
PREVIOUS = "Previous"
NEXT = "Next"
PAGE = "Page {number}/{total}"
ONLY_OWNER = "Only {name} can page this answer; ask your own question to get one you can page."

# Something on our side failed: the user gets this, the log gets the traceback.
APOLOGY = "Sorry, something went wrong while answering that. The error has been logged."
