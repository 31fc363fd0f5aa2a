"""Who may change a Slack channel's digest subscriptions: workspace admins and owners, or listed users.

Slack has no "channel admin" a bot can read with the scopes newsdesk asks
for, so the rule is the workspace's: ``users.info`` says ``is_admin`` or
``is_owner``; ``NEWSDESK_SLACK_ADMINS`` adds user ids (for a workspace
where the people running the digests are not Slack admins). Asked only when
a subscription is changed or /sources asked (whose admins also see the files not
indexed), and a failed lookup denies.
"""
from __future__ import annotations

import logging
from collections.abc import Collection

from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands.registry import ALL_OPTIONS, BY_NAME
from bot.commands.request import parse
from bot.commands.spec import MANAGE_DIGESTS
from bot.errors import UserError

__all__ = ["can_manage_digests", "changes_digests", "needs_rights"]

log = logging.getLogger(__name__)


def changes_digests(core_text: str) -> bool:
    """Whether ``core_text`` needs the rights to manage digests, as the registry says (``/digest subscribe ...``)."""
    try:
        req = parse(core_text, ALL_OPTIONS)
    except UserError:
        return False
    command = BY_NAME.get(req.command or "")
    return command is not None and command.rights_for(req) == MANAGE_DIGESTS


def needs_rights(core_text: str) -> bool:
    """Whether the answer to ``core_text`` depends on the asker's rights: a digest change, or /sources (an admin
    also sees the files that were not indexed, and why)."""
    if changes_digests(core_text):
        return True
    try:
        return parse(core_text, ALL_OPTIONS).command == "sources"
    except UserError:
        return False


async def can_manage_digests(client: AsyncWebClient, user_id: str | None, admins: Collection[str]) -> bool:
    if not user_id:
        return False
    if user_id in admins:
        return True
    try:
        response = await client.users_info(user=user_id)
    except SlackClientError as exc:
        log.warning("users.info for %s failed (%s): digest change refused", user_id, exc)
        return False
    user = response.get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
