"""One bot process that runs one digest tick against a Slack Web API URL, at a given instant; prints the outcomes.

``python tests/digest_process.py ROOT API_URL UNIX_TIME [DB]``: ROOT holds ``corpus/`` and, unless DB (an
SQLite file or a PostgreSQL URL) names another, ``index.sqlite`` (see ``digest_support.desk``). Used by the
test that runs two of these at once on one database.
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


async def tick(root: str, api_url: str, db: str) -> list[str]:
    settings = Settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-test", slack_api_url=api_url)
    nd = Newsdesk(corpus=f"{root}/corpus", db=db, settings=settings)
    nd.digests.register("slack", deliverer(build_client(settings), slash_commands()))
    return [o.status for o in await nd.digests.tick()]


if __name__ == "__main__":
    root, api_url, at = sys.argv[1], sys.argv[2], float(sys.argv[3])
    db = sys.argv[4] if len(sys.argv) > 4 else f"{root}/index.sqlite"
    with time_machine.travel(at, tick=True):
        print(json.dumps(asyncio.run(tick(root, api_url, db))))
