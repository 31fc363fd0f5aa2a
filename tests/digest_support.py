"""What the digest tests share: articles written by the test, a desk on them, a recording deliverer, the clock."""
from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

from bot import Newsdesk
from bot.commands.request import Caller
from bot.digest.posting import Refused
from bot.settings import Settings

UTC = ZoneInfo("UTC")
DB_URL: str | None = None  # a PostgreSQL database for the desks of this test (conftest.db_backend), else SQLite
BERLIN = ZoneInfo("Europe/Berlin")

ARTICLES = {  # name: (title, outlet, published, body); written for these tests
    "harbour": ("Port of Testhaven reopens", "Test Wire", "2026-02-01",
                "TESTHAVEN (Test Wire) - The port of Testhaven reopened on Sunday after a week of storms. "
                "\"The cranes are running again,\" harbour master Ingrid Holm said on February 1."),
    "bridge": ("Bridge talks resume", "Daily Test", "2026-02-03",
               "Negotiators met in Testville on February 3 to discuss the new bridge. "
               "\"We are close to an agreement,\" Mayor John Smith told reporters."),
    "envoy": ("Envoy Witkoff visits Testville", "Test Wire", "2026-02-05",
              "Special envoy Steve Witkoff arrived in Testville on February 5 for talks on the bridge. "
              "\"This is a good day for both sides,\" Witkoff said after the meeting."),
    "budget": ("City budget approved", "Daily Test", "2026-02-06",
               "The Testville council approved the city budget on February 6. "
               "\"Every district gets a new school,\" council chair Maria Lund said."),
}


def write_article(corpus: Path, name: str) -> Path:
    title, outlet, published, body = ARTICLES[name]
    path = corpus / f"{name}.txt"
    path.write_text(f"title: {title}\noutlet: {outlet}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return path


def index_target(root: Path) -> Path | str:
    """The index of a desk on ``root``: ``root/index.sqlite``, or this test's PostgreSQL database."""
    return DB_URL or root / "index.sqlite"


def desk(root: Path, **settings) -> Newsdesk:
    """A desk on ``root/corpus`` with its index at ``index_target(root)`` (reopening it is a restart)."""
    (root / "corpus").mkdir(exist_ok=True)
    values = {"digest_retry_seconds": 30.0, "digest_retry_attempts": 6, **settings}
    return Newsdesk(corpus=root / "corpus", db=index_target(root), settings=Settings(**values))


def harbour_desk(root: Path) -> Newsdesk:
    """A desk whose one article ("harbour") was indexed on 2 February 2026 at 07:00 Berlin time."""
    with time_machine.travel(local(2026, 2, 2, 7, 0), tick=False):
        nd = desk(root)
        write_article(nd.corpus, "harbour")
        nd.index()
    return nd


def admin(channel: str = "C100", workspace: str = "T1", name: str = "#news", platform: str = "test") -> Caller:
    return Caller(platform=platform, workspace=workspace, channel=channel, channel_name=name, user="U1", can_manage=True)


def local(year, month, day, hour=0, minute=0, second=0, tz=BERLIN) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


class Recorder:
    """A deliverer (bot.digest.posting) standing in for a channel: ``posts`` is what the channel holds.

    ``refuse`` makes the next posts refused; ``hang`` never returns before the post reaches the channel,
    ``hang_after`` never returns after it did; ``lose`` makes the next posts reach the channel and their answer
    get lost (a dropped connection). ``find`` looks in ``posts`` for the key, as the adapters look in the channel.
    """

    def __init__(self) -> None:
        self.posts: list[tuple[str, object, str]] = []  # (channel, digest, key) in the channel
        self.attempts = 0
        self.finds = 0
        self.refuse = 0
        self.lose = 0
        self.hang = False
        self.hang_after = False
        self.started = asyncio.Event()

    async def post(self, subscription, digest, key: str) -> None:
        self.attempts += 1
        self.started.set()
        if self.hang:
            await asyncio.Event().wait()
        if self.refuse:
            self.refuse -= 1
            raise Refused("not_in_channel")
        self.posts.append((subscription.channel, digest, key))
        if self.hang_after:
            await asyncio.Event().wait()
        if self.lose:
            self.lose -= 1
            raise ConnectionResetError("the connection dropped before the answer")

    async def find(self, subscription, key: str) -> bool:
        self.finds += 1
        return any(channel == subscription.channel and k == key for channel, _, k in self.posts)

    def titles(self, number: int = -1) -> list[str]:
        return [s.title for s in self.posts[number][1].stories]
