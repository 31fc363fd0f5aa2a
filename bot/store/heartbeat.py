"""Keeping an owner's claims and leases alive while it works, so that a stopped owner's run out in seconds.

A claim or lease is taken for a short time-to-live; while its owner works, a
background thread renews every claim (``article_claims``) and the named leases
it holds, a few times per time-to-live. When the owner dies (kill -9, a lost
host) the renewals stop and the others take over after one time-to-live; on
the owner's own host they do not even wait that long (``bot.store.liveness``).
"""
from __future__ import annotations

import logging
import threading
import time

from bot.store.repository import Repository

__all__ = ["Heartbeat"]

log = logging.getLogger(__name__)


class Heartbeat:
    """``with Heartbeat(repo, owner, ttl, leases=("index",)):`` renews the owner's claims and leases every ttl/4 s."""

    def __init__(self, repo: Repository, owner: str, ttl: float, leases: tuple[str, ...] = ()) -> None:
        self.repo, self.owner, self.ttl, self.leases = repo, owner, ttl, leases
        self.beats = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self) -> None:
        until = time.time() + self.ttl
        with self.repo.transaction() as c:
            c.execute("UPDATE article_claims SET until = ? WHERE owner = ?", (until, self.owner))
            for name in self.leases:
                c.execute("UPDATE leases SET until = ? WHERE name = ? AND owner = ?", (until, name, self.owner))
        self.beats += 1

    def _run(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                self.beat()
            except Exception as exc:  # the database away for a moment: the next beat tries again
                log.warning("heartbeat of %s failed: %s", self.owner, exc)

    def __enter__(self) -> "Heartbeat":
        self._thread = threading.Thread(target=self._run, name=f"heartbeat {self.owner}", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
