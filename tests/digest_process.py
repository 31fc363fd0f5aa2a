"""One bot process that runs one digest tick against a Slack Web API or Discord REST URL, at a given instant; prints
the outcomes.

``python tests/digest_process.py ROOT API_URL UNIX_TIME [DB [PLATFORM]]``: ROOT holds ``corpus/`` and, unless DB (an
SQLite file or a PostgreSQL URL) names another, ``index.sqlite`` (see ``digest_support.desk``); PLATFORM is
``slack`` (the default) or ``discord``. Settings come from the environment too (``NEWSDESK_DIGEST_POST_TIMEOUT``).
Used by the test that runs two of these at once on one database, and by the tests that kill one with SIGKILL
in the middle of a post and start another.
"""
from __future__ import annotations

import asyncio
import json
import sys

import time_machine

from adapters.slack.commands import slash_commands
from adapters.slack.digest import deliverer
from adapters.slack.startup import build_client
from bot import Newsdesk
from bot.settings import Settings


async def tick(root: str, api_url: str, db: str, platform: str) -> list[str]:
    if platform == "discord":
        return await _discord_tick(root, api_url, db)
    settings = Settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-test", slack_api_url=api_url)
    nd = Newsdesk(corpus=f"{root}/corpus", db=db, settings=settings)
    nd.digests.register("slack", deliverer(build_client(settings), slash_commands(), settings.digest_post_timeout))
    return [o.status for o in await nd.digests.tick()]


async def _discord_tick(root: str, api_url: str, db: str) -> list[str]:
    """Log in (which registers the Discord deliverer, as ``serve`` does), tick, close."""
    from fake_discord import TOKEN

    from adapters.discord.client import NewsdeskClient
    from adapters.discord.endpoints import point_at

    settings = Settings(_env_file=None, DISCORD_TOKEN=TOKEN, discord_api_url=api_url,
                        discord_gateway_url=api_url.replace("http", "ws").split("/api/")[0] + "/")
    nd = Newsdesk(corpus=f"{root}/corpus", db=db, settings=settings)
    point_at(settings)
    client = NewsdeskClient(nd, settings)
    await client.login(TOKEN)
    try:
        return [o.status for o in await nd.digests.tick()]
    finally:
        await client.close()


if __name__ == "__main__":
    root, api_url, at = sys.argv[1], sys.argv[2], float(sys.argv[3])
    db = sys.argv[4] if len(sys.argv) > 4 else f"{root}/index.sqlite"
    platform = sys.argv[5] if len(sys.argv) > 5 else "slack"
    with time_machine.travel(at, tick=True):
        print(json.dumps(asyncio.run(tick(root, api_url, db, platform))))
