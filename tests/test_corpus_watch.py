"""While the bot runs, new, changed and removed articles reach the index without a restart."""
from __future__ import annotations

import asyncio
import contextlib

from bot import Newsdesk
from bot.service.corpus_watch import watch_corpus

FIRST = "title: Talks in Geneva\npublished: 2025-03-01\n---\nEnvoy Maria Lopez said on Friday that talks in Geneva would resume soon.\n"
SECOND = "title: Talks resume\npublished: 2025-03-08\n---\nEnvoy Maria Lopez said on Monday that the delegations had met again in Geneva.\n"


async def _until(predicate, seconds: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await asyncio.to_thread(predicate):
        assert loop.time() < deadline, "the index did not follow the corpus"
        await asyncio.sleep(0.05)


async def test_new_changed_and_removed_articles_are_indexed_while_running(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FIRST, encoding="utf-8")
    nd = Newsdesk(corpus=corpus, db=tmp_path / "index.sqlite")
    nd.index()

    def sources() -> list[str]:
        return [s.article_id for s in nd.ask("/sources").articles]

    watcher = asyncio.create_task(watch_corpus(nd, interval=0.05))
    try:
        (corpus / "b.txt").write_text(SECOND, encoding="utf-8")
        await _until(lambda: sources() == ["a", "b"])
        (corpus / "a.txt").unlink()
        await _until(lambda: sources() == ["b"])
        (corpus / "b.txt").write_text(SECOND.replace("Geneva", "Vienna"), encoding="utf-8")
        await _until(lambda: nd.ask("/search Vienna").kind == "search" and bool(nd.ask("/search Vienna").results))
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        nd.close()


async def test_an_interval_of_zero_turns_the_watch_off(tmp_path):
    nd = Newsdesk(corpus=tmp_path, db=tmp_path / "index.sqlite")
    await asyncio.wait_for(watch_corpus(nd, interval=0), 1)
    nd.close()
