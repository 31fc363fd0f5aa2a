"""The Discord adapter end to end: the real discord.py client, connected to the fake Discord in fake_discord.py.

Every assertion is on what reached the fake: response types and their timing,
embeds, allowed mentions, message references, command registration.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

import aiohttp
import discord.http
import pytest
from fake_discord import (
    ALICE,
    APPLICATION_ID,
    BOB,
    BOT,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    OTHER_BOT,
    FakeDiscord,
    embed_problems,
    endpoints_restored,
)
from waits import held_answers, recorded_sleeps

from adapters.discord.client import ShardedNewsdeskClient, build_client
from adapters.discord.endpoints import point_at
from adapters.discord.startup import NewsdeskClient, configured, deliver, render, serve
from adapters.discord.render import batches
from bot.commands.request import Request
from bot.settings import Settings

NO_MENTIONS = {"parse": []}
COMMAND_NAMES = {"who", "quote", "timeline", "search", "sources", "help", "digest", "feed", "add"}
CHANNEL_MESSAGES = r"/channels/\d+/messages"


def settings_for(fake: FakeDiscord, *, guild_id: int | None = GUILD_ID, token: str | None = None) -> Settings:
    return Settings(
        _env_file=None, DISCORD_TOKEN=token or fake.token, DISCORD_GUILD_ID=guild_id,
        discord_api_url=fake.api_url, discord_gateway_url=fake.gateway_url,
    )


@pytest.fixture
async def fake():
    with endpoints_restored():
        async with FakeDiscord() as fake:
            yield fake


@asynccontextmanager
async def connected(newsdesk, settings: Settings):
    """The adapter's client logged in and on the gateway, as ``serve`` runs it; closed on the way out."""
    point_at(settings)
    client = NewsdeskClient(newsdesk, settings)
    await client.login(settings.discord_token.get_secret_value())
    gateway = asyncio.create_task(client.connect())
    try:
        yield client
    finally:
        await client.close()
        await gateway


@pytest.fixture
async def bot(fake, seeds_desk):
    async with connected(seeds_desk, settings_for(fake)) as client:
        await asyncio.wait_for(fake.ready.wait(), 5)
        yield client


async def test_the_fake_answers_like_discord(fake):
    """discord.py reads a body as JSON only when Content-Type is exactly application/json."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_url}/users/@me", headers={"Authorization": f"Bot {fake.token}"}) as ok:
            assert ok.headers["Content-Type"] == "application/json" and (await ok.json())["bot"] is True
        async with session.get(f"{fake.api_url}/users/@me", headers={"Authorization": "Bot wrong"}) as refused:
            assert refused.status == 401 and refused.headers["Content-Type"] == "application/json"


def first_page(newsdesk, text: str) -> dict:
    return render(newsdesk.ask(text))[0].to_dict()


# Slash commands


@pytest.mark.parametrize("command, options, text", [
    ("who", {"name": "Witkoff"}, "/who Witkoff"),
    ("quote", {"topic": "conditions", "by": "Rudenko"}, "/quote conditions by: Rudenko"),
    ("timeline", {"topic": "Anchorage", "from": "2025-01-01", "to": "2025-12-31"},
     "/timeline Anchorage from: 2025-01-01 to: 2025-12-31"),
    ("search", {"query": "Abu Dhabi"}, "/search Abu Dhabi"),
    ("sources", {}, "/sources"),
    ("help", {}, "/help"),
])
async def test_a_slash_command_is_deferred_at_once_then_answered(bot, fake, seeds_desk, command, options, text):
    with held_answers(seeds_desk) as answers:  # deferred without waiting for the answer
        pushed = await fake.push_command(command, **options)
        [callback] = await fake.wait_for("POST", pushed.callback_path)
        assert answers.held and fake.matching("PATCH", pushed.original_path) == []
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    assert callback.body["type"] == 5  # deferred: "newsdesk is thinking…"
    assert callback.at < answer.at
    assert answer.body["allowed_mentions"] == NO_MENTIONS
    assert embed_problems(answer.body["embeds"]) == []
    assert answer.body["embeds"] == [first_page(seeds_desk, text)]  # the options became this command text


@pytest.mark.parametrize("command, options, typed, as_text_kind", [
    ("search", {"query": "from: Moscow"}, "search", "error"),  # as text: "/search takes no options (got from:)"
    ("quote", {"topic": "conditions by: goodwill"}, "quotes", "not_found"),  # as text: nobody called "goodwill"
], ids=["search-from", "quote-by"])
async def test_option_values_are_never_read_as_options(bot, fake, seeds_desk, command, options, typed, as_text_kind):
    """The value is searched for as it is, not parsed as the command text it would be if typed after /search."""
    pushed = await fake.push_command(command, **options)
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    [value] = options.values()
    meant = seeds_desk.ask(Request(command, value))
    assert meant.kind == typed and meant.query == value
    assert answer.body["embeds"] == [render(meant)[0].to_dict()]
    assert seeds_desk.ask(f"/{command} {value}").kind == as_text_kind  # what the same words typed as text give


async def test_a_dm_slash_command_is_answered_too(bot, fake):
    pushed = await fake.push_command("who", in_guild=False, name="Zelensky")
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    assert answer.body["embeds"][0]["title"] == "Volodymyr Zelensky"


async def test_a_core_error_is_shown_as_an_error_embed(bot, fake):
    pushed = await fake.push_command("timeline", **{"from": "2025-13-45"})
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    [embed] = answer.body["embeds"]
    assert embed["color"] == 0xED4245 and "is not a date" in embed["description"]


async def test_an_answer_discord_refuses_is_logged_and_apologised_for(bot, fake, caplog):
    fake.fail("PATCH", r"/webhooks/\d+/[^/]+/messages/@original", status=400,
              body={"message": "Invalid Form Body", "code": 50035})
    with caplog.at_level(logging.ERROR, logger="adapters.discord.commands"):
        pushed = await fake.push_command("who", name="Witkoff")
        [apology] = await fake.wait_for("POST", f"/webhooks/{APPLICATION_ID}/{pushed.token}")
    assert apology.body["flags"] == 64  # ephemeral: only the asker sees it
    assert apology.body["embeds"][0]["description"].startswith("Sorry, something went wrong")
    assert "/who failed" in caplog.text and "Invalid Form Body" in caplog.text


@pytest.mark.parametrize("command, option, typed, expected", [
    ("who", "name", "Wit", ["Steve Witkoff"]),
    ("quote", "by", "Rud", ["Andrey Rudenko"]),
])
async def test_autocomplete_offers_people_by_prefix(bot, fake, seeds_desk, command, option, typed, expected):
    with held_answers(seeds_desk) as answers:  # answered from the name index, never behind an answer
        pushed = await fake.push_autocomplete(command, option, typed)
        [callback] = await fake.wait_for("POST", pushed.callback_path)
        assert answers.asked == []
    assert callback.body["type"] == 8
    assert [c["name"] for c in callback.body["data"]["choices"]] == expected


async def test_autocomplete_never_offers_more_than_discord_takes(bot, fake, seeds_desk):
    pushed = await fake.push_autocomplete("who", "name", "")
    [callback] = await fake.wait_for("POST", pushed.callback_path)
    choices = callback.body["data"]["choices"]
    assert len(choices) == 25 and all(len(c["name"]) <= 100 and c["name"] == c["value"] for c in choices)
    assert [c["name"] for c in choices] == seeds_desk.complete_person("", 25)


# Paging


def buttons(message: dict) -> dict[str, bool]:
    """custom_id -> disabled, for the buttons of a message payload."""
    return {b["custom_id"]: b.get("disabled", False) for row in message["components"] for b in row["components"]}


async def paged_answer(fake) -> tuple:
    pushed = await fake.push_command("quote", by="Polishchuk")
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    return pushed, answer, int(answer.response["id"])


async def test_next_shows_page_two_to_the_asker_only(bot, fake, seeds_desk):
    pages = [page.to_dict() for page in render(seeds_desk.ask("/quote by: Polishchuk"))]
    _, answer, message_id = await paged_answer(fake)
    assert answer.body["embeds"] == [pages[0]]
    assert buttons(answer.body) == {"newsdesk:previous": True, "newsdesk:next": False}

    with held_answers(seeds_desk) as answers:  # the page turns from the pages already rendered
        press = await fake.push_button(message_id, "newsdesk:next", who=ALICE)
        [update] = await fake.wait_for("POST", press.callback_path)
        assert answers.asked == []
    assert update.body["type"] == 7  # the message itself is updated
    assert update.body["data"]["embeds"] == [pages[1]] and pages[1]["footer"]["text"] == "Page 2/3"
    assert buttons(update.body["data"]) == {"newsdesk:previous": False, "newsdesk:next": False}

    intruder = await fake.push_button(message_id, "newsdesk:next", who=BOB)
    [refusal] = await fake.wait_for("POST", intruder.callback_path)
    assert refusal.body["type"] == 4 and refusal.body["data"]["flags"] == 64  # ephemeral: only Bob sees it
    assert refusal.body["data"]["content"].startswith("Only Alice can page this")
    assert refusal.body["data"]["allowed_mentions"] == NO_MENTIONS
    assert fake.messages[message_id]["embeds"] == [pages[1]]  # Bob's press changed nothing

    back = await fake.push_button(message_id, "newsdesk:previous", who=ALICE)
    [update] = await fake.wait_for("POST", back.callback_path)
    assert update.body["data"]["embeds"] == [pages[0]]


async def test_page_buttons_are_disabled_after_the_timeout(bot, fake):
    bot.page_timeout = 0.3
    pushed, _, message_id = await paged_answer(fake)
    _, timed_out = await fake.wait_for("PATCH", pushed.original_path, count=2)
    assert buttons(timed_out.body) == {"newsdesk:previous": True, "newsdesk:next": True}
    assert buttons(fake.messages[message_id]) == {"newsdesk:previous": True, "newsdesk:next": True}


async def test_after_a_press_the_timeout_uses_the_press_token(bot, fake):
    """The slash command's token may have expired by then (15 minutes); the latest press's has not."""
    bot.page_timeout = 0.5
    _, _, message_id = await paged_answer(fake)
    press = await fake.push_button(message_id, "newsdesk:next")
    [timed_out] = await fake.wait_for("PATCH", press.original_path)
    assert buttons(timed_out.body) == {"newsdesk:previous": True, "newsdesk:next": True}
    assert "embeds" not in timed_out.body  # only the buttons change: the page stays where the asker left it
    assert fake.messages[message_id]["embeds"][0]["footer"]["text"] == "Page 2/3"


async def test_a_paged_reply_to_a_mention_is_disabled_with_the_bot_token(bot, fake):
    bot.page_timeout = 0.3
    await fake.push_message(f"<@{BOT['id']}> /quote by: Polishchuk", mentions=(BOT,))
    [reply] = await fake.wait_for("POST", CHANNEL_MESSAGES)
    assert buttons(reply.body) == {"newsdesk:previous": True, "newsdesk:next": False}
    [edit] = await fake.wait_for("PATCH", rf"/channels/{CHANNEL_ID}/messages/{reply.response['id']}")
    assert edit.headers["Authorization"] == f"Bot {fake.token}"
    assert buttons(edit.body) == {"newsdesk:previous": True, "newsdesk:next": True}


async def test_a_short_answer_has_no_buttons(bot, fake):
    pushed = await fake.push_command("who", name="Witkoff")
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    assert not answer.body.get("components")


# Mentions and DMs


@pytest.mark.parametrize("content, mentions, in_guild", [
    (f"<@{BOT['id']}> What did Merz announce on January 16?", (BOT,), True),
    (f"<@!{BOT['id']}>   What did Merz announce on January 16?", (BOT,), True),
    ("What did Merz announce on January 16?", (), False),  # a DM needs no mention
], ids=["mention", "nickname-mention", "dm"])
async def test_a_question_to_the_bot_is_answered_as_a_reply(bot, fake, seeds_desk, content, mentions, in_guild):
    asked = await fake.push_message(content, mentions=mentions, in_guild=in_guild)
    channel = CHANNEL_ID if in_guild else DM_CHANNEL_ID
    [reply] = await fake.wait_for("POST", f"/channels/{channel}/messages")
    assert reply.body["message_reference"]["message_id"] == asked.id
    assert reply.body["allowed_mentions"] == NO_MENTIONS
    assert reply.body["embeds"] == [first_page(seeds_desk, "What did Merz announce on January 16?")]
    assert reply.body["embeds"][0]["fields"][0]["name"].startswith("[1] Important negotiations")  # the citation


async def test_bots_itself_and_messages_not_for_it_are_ignored(bot, fake):
    await fake.push_message(f"<@{BOT['id']}> /who Witkoff", author=OTHER_BOT, mentions=(BOT,))
    await fake.push_message(f"<@{BOT['id']}> /who Witkoff", author=BOT, mentions=(BOT,))
    await fake.push_message("/who Witkoff")  # in a channel, without a mention
    asked = await fake.push_message(f"<@{BOT['id']}> /help", mentions=(BOT,))
    await fake.wait_for("POST", CHANNEL_MESSAGES)
    await asyncio.sleep(0.2)  # time for a wrong reply to the earlier ones to arrive too
    replies = fake.matching("POST", CHANNEL_MESSAGES)
    assert [r.body["message_reference"]["message_id"] for r in replies] == [asked.id]


async def test_a_rate_limited_reply_is_retried_then_delivered(bot, fake, monkeypatch):
    sleeps = recorded_sleeps(monkeypatch, discord.http,
                             lambda: [r.status for r in fake.matching("POST", CHANNEL_MESSAGES)])
    fake.rate_limit("POST", CHANNEL_MESSAGES, times=1, retry_after=0.2)
    asked = await fake.push_message(f"<@{BOT['id']}> /who Witkoff", mentions=(BOT,))
    limited, delivered = await fake.wait_for("POST", CHANNEL_MESSAGES, count=2)
    assert (limited.status, delivered.status) == (429, 200)
    assert (0.2, [429]) in sleeps  # it waited the retry_after after the 429, before retrying
    assert delivered.body == limited.body and delivered.body["message_reference"]["message_id"] == asked.id


# Delivery to a channel (for callers with no interaction, such as digests)


async def test_deliver_posts_every_page_and_says_whether_discord_accepted(bot, fake, seeds_desk):
    pages = render(seeds_desk.ask("/quote by: Polishchuk"))
    assert await deliver(bot, CHANNEL_ID, pages) is True
    messages = fake.matching("POST", f"/channels/{CHANNEL_ID}/messages")
    assert len(messages) == len(batches(pages)) < len(pages)  # as few messages as Discord's limits allow
    assert [e for m in messages for e in m.body["embeds"]] == [page.to_dict() for page in pages]
    for message in messages:
        assert message.body["allowed_mentions"] == NO_MENTIONS and "message_reference" not in message.body
    assert await deliver(bot, 999, pages) is False  # unknown channel: Discord answers 404


# Command registration


async def test_commands_sync_to_the_guild_once_and_not_again_when_unchanged(fake, seeds_desk):
    settings = settings_for(fake)
    point_at(settings)
    for _ in range(2):  # login runs setup_hook, which syncs; no gateway needed
        async with NewsdeskClient(seeds_desk, settings) as client:
            await client.login(fake.token)
    guild_path = rf"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
    assert len(fake.matching("GET", guild_path)) == 2
    [put] = fake.matching("PUT", guild_path)  # the second start found them unchanged
    assert {c["name"] for c in put.body} == COMMAND_NAMES
    assert not fake.matching("PUT", rf"/applications/{APPLICATION_ID}/commands")


async def test_commands_sync_globally_without_a_guild_and_again_when_changed(fake, seeds_desk):
    settings = settings_for(fake, guild_id=None)
    point_at(settings)
    async with NewsdeskClient(seeds_desk, settings) as client:
        await client.login(fake.token)
    fake.commands[None][0]["description"] = "an older description"
    async with NewsdeskClient(seeds_desk, settings) as client:
        await client.login(fake.token)
    puts = fake.matching("PUT", rf"/applications/{APPLICATION_ID}/commands")
    assert len(puts) == 2 and {c["name"] for c in puts[1].body} == COMMAND_NAMES
    assert not fake.matching("PUT", rf"/applications/{APPLICATION_ID}/guilds/\d+/commands")


# The entry point `newsdesk run` uses


async def test_serve_logs_in_answers_and_closes_when_cancelled(fake, seeds_desk):
    server = asyncio.create_task(serve(seeds_desk, settings_for(fake)))
    await asyncio.wait_for(fake.ready.wait(), 5)
    assert fake.identifies[0]["token"] == fake.token
    assert fake.identifies[0]["intents"] & (1 << 15) == 0  # no privileged message-content intent
    pushed = await fake.push_command("who", name="Witkoff")
    [answer] = await fake.wait_for("PATCH", pushed.original_path)
    assert answer.body["embeds"][0]["title"] == "Steve Witkoff"
    server.cancel()
    with pytest.raises(asyncio.CancelledError):
        await server
    await fake.wait_until(lambda: fake.connections == 0)  # the gateway connection was closed


async def test_serve_with_a_refused_token_logs_and_returns(fake, seeds_desk, caplog):
    with caplog.at_level(logging.ERROR, logger="adapters.discord.startup"):
        await asyncio.wait_for(serve(seeds_desk, settings_for(fake, token="not-the-token")), 5)
    assert "Discord refused DISCORD_TOKEN" in caplog.text
    assert fake.connections == 0


async def test_an_instance_runs_the_shards_its_settings_name(fake, seeds_desk):
    """Several instances of a bot in many servers: each runs its shards on discord.AutoShardedClient."""
    settings = settings_for(fake).model_copy(update={"discord_shard_count": 2, "discord_shard_ids": [1]})
    point_at(settings)
    client = build_client(seeds_desk, settings)
    assert isinstance(client, ShardedNewsdeskClient)
    await client.login(fake.token)
    gateway = asyncio.create_task(client.connect())
    try:
        await asyncio.wait_for(fake.ready.wait(), 5)
        assert fake.identifies[0]["shard"] == [1, 2]
        pushed = await fake.push_command("who", name="Witkoff")
        [answer] = await fake.wait_for("PATCH", pushed.original_path)
        assert answer.body["embeds"][0]["title"] == "Steve Witkoff"
    finally:
        await client.close()
        await gateway


def test_configured_needs_a_token():
    assert configured(Settings(_env_file=None, DISCORD_TOKEN="abc")) is True
    assert configured(Settings(_env_file=None, DISCORD_TOKEN=" ")) is False
    assert configured(Settings(_env_file=None, DISCORD_TOKEN=None)) is False


@pytest.mark.parametrize(("count", "ids", "message"), [
    (None, [0], "needs NEWSDESK_DISCORD_SHARD_COUNT"),
    (2, [2], "each must be from 0 to 1"),
    (2, [], "each must be from 0 to 1"),
])
def test_bad_shard_settings_are_named(count, ids, message):
    settings = Settings(_env_file=None, DISCORD_TOKEN="t", discord_shard_count=count, discord_shard_ids=ids)
    with pytest.raises(ValueError, match=message):
        build_client(None, settings)


def test_without_shard_settings_the_plain_client_runs():
    assert type(build_client(None, Settings(_env_file=None, DISCORD_TOKEN="t"))) is NewsdeskClient
