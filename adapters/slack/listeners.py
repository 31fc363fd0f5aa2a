"""What the Slack app does with what Slack sends: slash commands, mentions, DMs, "More" presses.

Each listener keeps the same order: acknowledge first (Slack gives up after
3 s; bolt acknowledges events itself), then ask the core in a worker thread
(``Newsdesk.ask`` is synchronous and may index on first use), then render
and deliver. Anything unexpected after the ack is caught here, not left to
bolt's error handler: logged with its traceback, and the person who asked
gets a short apology, never silence. (Bolt must not see it either: a
listener that fails within bolt's 10 ms ack poll has its ack dropped.)
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Collection, Mapping

from slack_bolt.async_app import AsyncApp

from adapters.slack.commands import GATEWAY, core_text
from adapters.slack.delivery import post_message, respond_message
from adapters.slack.mrkdwn import to_plain
from adapters.slack.paging import MORE_ACTION, Message, page, read_more_value
from adapters.slack.render import render
from adapters.slack.rights import can_manage_digests, needs_rights
from bot.commands.request import Caller
from bot.errors import APOLOGY
from bot.models import ErrorAnswer

__all__ = ["SlackListeners"]

log = logging.getLogger(__name__)


def _from_a_bot(event: dict) -> bool:
    """Bot posts (our own included) and edits, joins, file shares...: not questions."""
    return bool(event.get("bot_id") or event.get("subtype"))


class SlackListeners:
    """The listeners of one app, sharing its Newsdesk and its command names."""

    def __init__(self, newsdesk, commands: Mapping[str, str], admins: Collection[str] = ()) -> None:
        self.newsdesk = newsdesk
        self.commands = dict(commands)
        self.admins = frozenset(admins)
        self._by_slash = {slash: name for name, slash in self.commands.items()}

    def register(self, app: AsyncApp) -> None:
        for slash in self._by_slash:
            app.command(slash)(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)  # every message event, so each one is acknowledged
        app.action(MORE_ACTION)(self.on_more)

    async def answer(self, asked: str, number: int = 1, caller: Caller | None = None) -> Message:
        """Page ``number`` of the answer to ``asked`` (core text), computed off the event loop."""
        answer = await asyncio.to_thread(self.newsdesk.ask, asked, caller)
        return page(render(answer, self.commands), asked, number)

    async def caller(self, client, asked: str, team: str | None, channel: str | None, name: str | None, user: str | None) -> Caller:
        """Where a request came from; the user's rights are looked up only for a digest change or /sources."""
        manage = needs_rights(asked) and await can_manage_digests(client, user, self.admins)
        return Caller(
            platform="slack", workspace=team, channel=channel,
            channel_name=f"#{name}" if name and not name.startswith(("#", "directmessage")) else channel,
            user=user, can_manage=manage,
        )

    async def on_command(self, ack, command: dict, respond, client) -> None:
        await ack()
        if not isinstance(command.get("response_url"), str):  # a real command always has one: a forged copy
            log.warning("slack: a %s command without a response_url; not answered", str(command.get("command"))[:40])
            return
        async with _apologising(command["command"], respond=respond):
            asked = core_text(self._by_slash[command["command"]], to_plain(command.get("text", "")))
            caller = await self.caller(
                client, asked, command.get("team_id"), command.get("channel_id"), command.get("channel_name"),
                command.get("user_id"),
            )
            await respond_message(respond, await self.answer(asked, caller=caller))

    async def on_mention(self, event: dict, context, client) -> None:
        if not _from_a_bot(event):
            await self._reply_in_thread(event, context.bot_user_id, client)

    async def on_message(self, event: dict, context, client) -> None:
        if event.get("channel_type") == "im" and not _from_a_bot(event):
            await self._reply_in_thread(event, context.bot_user_id, client)

    async def _reply_in_thread(self, event: dict, bot_user_id: str | None, client) -> None:
        """Answer a mention or DM like ``/newsdesk``: "who Witkoff", "help" or a question."""
        channel, thread_ts = event.get("channel"), event.get("thread_ts") or event.get("ts")
        if not (isinstance(channel, str) and isinstance(thread_ts, str)):  # Slack always sends both
            log.warning("slack: a %s event without a channel or ts; not answered", str(event.get("type"))[:40])
            return
        async with _apologising(f"{event['type']} event", thread=(client, channel, thread_ts)):
            asked = core_text(GATEWAY, to_plain(event.get("text", ""), bot_user_id))
            caller = await self.caller(client, asked, event.get("team"), channel, None, event.get("user"))
            message = await self.answer(asked, caller=caller)
            await post_message(client, channel, message, thread_ts=thread_ts)

    async def on_more(self, ack, body: dict, action: dict, respond, client) -> None:
        """The next page goes where the pressed page is: its thread, or the command's response_url."""
        await ack()
        async with _apologising("More button", respond=respond):
            asked, number = read_more_value(action.get("value", ""))
            container = body.get("container") or {}
            caller = Caller(platform="slack", workspace=(body.get("team") or {}).get("id"),
                            channel=container.get("channel_id"), user=(body.get("user") or {}).get("id"))
            message = await self.answer(asked, number, caller=caller)
            thread_ts = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
            if thread_ts:
                await post_message(client, container["channel_id"], message, thread_ts=thread_ts)
            else:
                await respond_message(respond, message)


@contextlib.asynccontextmanager
async def _apologising(what: str, respond=None, thread: tuple | None = None) -> AsyncIterator[None]:
    """Log anything unexpected with its traceback; apologise through ``respond``, or in ``thread``
    given as ``(client, channel, thread_ts)``."""
    try:
        yield
    except Exception:
        log.exception("failed to answer a Slack %s", what)
        apology = page(render(ErrorAnswer(message=APOLOGY)), "")
        try:
            if respond is not None:
                await respond_message(respond, apology)
            elif thread is not None:
                client, channel, thread_ts = thread
                await post_message(client, channel, apology, thread_ts=thread_ts)
        except Exception:  # the apology must not hide the first error
            log.exception("could not send the apology either")
