"""Poll the followed feeds while the bot runs (``newsdesk run``), and tell a channel when its feed was stopped.

Every ``TICK`` seconds the feeds that are due (``NEWSDESK_FEED_POLL_MINUTES``
after their last poll, later after failures) are polled in a worker thread
(``bot.sources.polling``); each feed is polled under its own lease, so
instances sharing one PostgreSQL index never poll a feed at once. New
articles bump the index generation, so answers and digests see them. A feed
disabled for good (HTTP 410, or failing too long) is told to the channel that
added it through that platform's digest deliverer; a feed added from the
command line is only logged.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
from types import SimpleNamespace

from bot.store.backend import StoreUnavailable

__all__ = ["watch_feeds"]

log = logging.getLogger(__name__)
TICK = 30.0


async def watch_feeds(newsdesk, minutes: float) -> None:
    """Poll due feeds until cancelled; ``minutes`` <= 0 turns it off."""
    if minutes <= 0:
        return
    from bot.sources.fetch import shared_fetcher
    from bot.sources.polling import Poller

    told: list[tuple] = []
    poller = Poller(newsdesk.repo, shared_fetcher(newsdesk.settings), minutes * 60,
                    owner=f"{newsdesk._owner}:feeds", notify=lambda feed, message: told.append((feed, message)))
    while True:
        try:
            report = await asyncio.to_thread(poller.poll)
        except StoreUnavailable as exc:
            log.warning("feed watch: %s", exc)
        except Exception:  # a failed poll must not stop the bot; the next tick tries again
            log.exception("feed watch: polling failed")
        else:
            if report.new:
                newsdesk.repo.bump_generation()
                log.warning("feed watch: %d new article(s) from %d feed(s)", report.new,
                            sum(1 for o in report.outcomes if o.new))
            for outcome in report.outcomes:
                if outcome.state in ("failed", "disabled"):
                    log.warning("feed watch: %s", outcome.line())
        while told:
            await _tell(newsdesk, *told.pop(0))
        await asyncio.sleep(min(TICK, minutes * 60))


async def _tell(newsdesk, feed, message: str) -> None:
    """Post ``message`` to the channel that added ``feed``, through its platform's deliverer, if it has one."""
    from bot.models import FeedsAnswer

    deliverer = newsdesk.digests.deliverers.get(feed.platform or "") if feed.channel else None
    if deliverer is None:
        log.warning("feed %s: %s", feed.url, message)
        return
    key = "nd" + hashlib.blake2b(f"feed|{feed.id}|{feed.added_at!r}".encode(), digest_size=8).hexdigest()
    where = SimpleNamespace(id=-feed.id, channel=feed.channel, workspace=feed.workspace, platform=feed.platform,
                            channel_name=None)
    try:
        await deliverer.post(where, FeedsAnswer(message=message), key)
    except Exception:
        log.exception("feed %s: could not tell channel %s that it was stopped", feed.url, feed.channel)


def watch_in_thread(newsdesk, minutes: float) -> None:
    """The same loop in a daemon thread, beside the console chat (which has no event loop of its own)."""
    import threading

    if minutes > 0:
        threading.Thread(target=lambda: asyncio.run(watch_feeds(newsdesk, minutes)), name="feed-watch",
                         daemon=True).start()
