"""Who may change a Slack channel's digest subscriptions: workspace admins and owners, or listed users.

Slack has no "channel admin" a bot can read with the scopes newsdesk asks
for, so the rule is the workspace's: ``users.info`` says ``is_admin`` or
``is_owner``; ``NEWSDESK_SLACK_ADMINS`` adds user ids (for a workspace
where the people running the digests are not Slack admins). Asked only when
a subscription is changed, and a failed lookup denies.
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

__all__ = ["can_manage_digests", "changes_digests"]

log = logging.getLogger(__name__)


def changes_digests(core_text: str) -> bool:
    """Whether ``core_text`` needs the rights to manage digests, as the registry says (``/digest subscribe ...``)."""
    try:
        req = parse(core_text, ALL_OPTIONS)
    except UserError:
        return False
    command = BY_NAME.get(req.command or "")
    return command is not None and command.rights_for(req) == MANAGE_DIGESTS


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
