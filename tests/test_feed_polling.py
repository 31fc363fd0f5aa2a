"""Polling beyond one CLI run: two instances on one index, backoff and disabling with the channel told, the
background loop of `newsdesk run`, /feed and /add in chat with rights, and the schema 10 upgrade."""
from __future__ import annotations

import asyncio
import ipaddress
import threading

import pytest

from bot import Newsdesk
from bot.commands.request import Caller
from bot.sources.fetch import Fetcher
from bot.sources.following import follow
from bot.sources.polling import BACKOFF_SECONDS, MAX_FAILURES, Poller
from bot.store.feed_store import FeedStore
from bot.store.repository import Repository
from bot.store.sqlite import migrations as db
from feed_server import Site
from old_index import at_version
from web_fixtures import page, rss, stories

STORIES = stories(6)
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def wait_until(condition, limit: float) -> None:
    """Wait for ``condition`` (a hang guard of ``limit`` seconds, not a time assertion)."""
    import time

    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def fetcher() -> Fetcher:
    return Fetcher("newsdesk-test", delay=0, allowed_networks=LOOPBACK)


@pytest.fixture
def site():
    with Site() as s:
        yield s


def serve_feed(site: Site, name: str, indexes) -> str:
    items = []
    for i in indexes:
        path = f"/{name}/{i}.html"
        site.route(path, page(STORIES[i], site.url(path)))
        items.append((STORIES[i], site.url(path), f"{name}-{i}"))
    site.route(f"/{name}.xml", rss(name, site.url("/"), items), "application/rss+xml")
    return site.url(f"/{name}.xml")


def test_two_instances_on_one_index_poll_each_feed_once(site, tmp_path):
    urls = [serve_feed(site, f"f{n}", [n]) for n in range(4)]
    path = tmp_path / "shared.sqlite"
    setup = Repository(path)
    for url in urls:
        follow(setup, fetcher(), url)
    setup.close()
    site.clear()
    repos = [Repository(path), Repository(path)]
    reports = [None, None]

    def run(i):
        reports[i] = Poller(repos[i], fetcher(), owner=f"host-{i}:{i}").poll()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in range(4):
        assert len(site.requests(f"/f{n}.xml")) == 1
        assert len(site.requests(f"/f{n}/{n}.html")) == 1
    assert sum(r.new for r in reports) == 4
    assert len(repos[0].query("SELECT id FROM articles")) == 4
    for repo in repos:
        repo.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_failures_back_off_then_disable_the_feed_and_tell_its_channel(site, tmp_path):
    url = serve_feed(site, "wire", [0])
    repo = Repository(tmp_path / "i.sqlite")
    row, _ = follow(repo, fetcher(), url, added_by="U1 in #news", platform="slack", workspace="T1", channel="C1")
    site.route("/wire.xml", "oops", "text/plain", status=500)
    clock, told = Clock(), []
    poller = Poller(repo, fetcher(), 900, owner="h:1", notify=lambda feed, text: told.append((feed.channel, text)),
                    clock=clock)
    waits = []
    for n in range(1, MAX_FAILURES):
        outcome = poller.poll().outcomes[0]
        assert outcome.state == "failed" and outcome.error == "HTTP 500"
        feed = FeedStore(repo).get(row.id)
        waits.append(feed.next_poll - clock.now)
        assert poller.poll().outcomes == []  # not due before its backoff
        clock.now = feed.next_poll
    assert waits == [min(BACKOFF_SECONDS * 2 ** k, 86_400) for k in range(MAX_FAILURES - 1)]
    outcome = poller.poll().outcomes[0]
    assert outcome.state == "disabled"
    feed = FeedStore(repo).get(row.id)
    assert feed.disabled == f"failed {MAX_FAILURES} times in a row, last: HTTP 500" and feed.told == 1
    assert told == [("C1", f"newsdesk stopped following {url}: {feed.disabled}. Add it again once it works.")]
    clock.now += 10 * 86_400
    assert poller.poll().outcomes == []
    repo.close()


def test_run_polls_followed_feeds_in_the_background(site, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("NEWSDESK_FETCH_DELAY", "0")
    from bot.service.feed_watch import watch_feeds

    url = serve_feed(site, "live", [1, 2])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite") as nd:
        follow(nd.repo, fetcher(), url)
        generation = nd.repo.generation()

        async def main():
            task = asyncio.create_task(watch_feeds(nd, 15))
            await asyncio.to_thread(wait_until, lambda: nd.repo.generation() != generation, 120)
            task.cancel()

        asyncio.run(main())
        titles = {a.title for a in nd.ask("/sources").articles}
    assert titles == {STORIES[1].title, STORIES[2].title}


def test_feed_and_add_in_chat_need_rights_and_answer_in_the_workspace(site, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("NEWSDESK_FETCH_DELAY", "0")
    url = serve_feed(site, "chat", [3])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    member = Caller("slack", workspace="T1", channel="C1", channel_name="#news", user="U2")
    admin = Caller("slack", workspace="T1", channel="C1", channel_name="#news", user="U1", can_manage=True)
    other = Caller("discord", workspace="G9", channel="9", user="7", can_manage=True)
    with Newsdesk(corpus=corpus, db=tmp_path / "i.sqlite") as nd:
        refused = nd.ask(f"/feed add {url}", member)
        assert refused.kind == "error" and "Only channel admins" in refused.message
        added = nd.ask(f"/feed add {url}", admin)
        assert added.kind == "feeds" and added.message.startswith("Following #1 chat: 1 item now")
        assert added.feeds[0].url == url and added.feeds[0].state == "new"
        again = nd.ask(f"/feed add {url}", admin)
        assert again.kind == "error" and "already followed" in again.message
        assert [f.number for f in nd.ask("/feed list", member).feeds] == [1]
        assert nd.ask("/feed list", other).feeds == []  # another server sees its own feeds only
        assert nd.ask("/feed remove 1", other).kind == "error"
        assert nd.ask("/feed remove 1", member).kind == "error"

        link = site.url("/chat/3.html")
        pasted = nd.ask(f"/add {link}?utm_source=slack", member)  # anyone may index one article
        story = STORIES[3]
        assert pasted.kind == "feeds"
        assert pasted.message == f"Indexed: {story.title} — {story.outlet}, {story.published.isoformat()}"
        assert pasted.articles[0].url == link
        assert [a.title for a in nd.ask("/sources").articles] == [story.title]
        again = nd.ask(f"/add <{link}|{link}>", member)  # as Slack delivers a link
        assert again.kind == "feeds" and again.message.startswith("Already indexed: ")
        for bad, says in (("/add file:///etc/passwd", "only http:// and https://"), ("/add", "Give one article"),
                          ("/add http://169.254.169.254/latest", "")):
            answer = nd.ask(bad, member)
            assert answer.kind == "error" and says in answer.message
        removed = nd.ask("/feed remove 1", admin)
        assert removed.kind == "feeds" and removed.feeds == [] and "No longer following #1" in removed.message


def test_an_index_at_schema_9_is_upgraded_and_its_articles_are_the_folders(tmp_path):
    path = at_version(
        tmp_path / "old.sqlite", 9,
        "INSERT INTO articles(id, path, title, content_hash, extractor_version, text)"
        " VALUES ('a1', '/c/a1.txt', 'T', 'h', '1', 'text')",
    )
    conn = db.connect(path)
    assert db.schema_version(conn) == db.SCHEMA_VERSION >= 10
    assert [tuple(r) for r in conn.execute("SELECT id, source FROM articles")] == [("a1", "folder")]
    assert conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0] == 0
