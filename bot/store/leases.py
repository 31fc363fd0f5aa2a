"""Named leases between the processes that share one index: the database is the coordination point.

``take`` succeeds for one owner at a time; a lease whose owner stopped without
giving it back runs out after its time-to-live (kept short and renewed while
its owner works: ``bot.store.heartbeat``), so a crash never blocks the others
for long; on the owner's own host a lease of a process that is gone is taken
over at once (``bot.store.liveness``).
"""
from __future__ import annotations

import logging
import time

from bot.store.liveness import holder_alive
from bot.store.repository import Repository

log = logging.getLogger(__name__)

__all__ = ["Leases"]


class Leases:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def take(self, name: str, owner: str, ttl: float) -> str | None:
        """Take ``name`` for ``ttl`` seconds; None on success, else the owner who holds it."""
        now = time.time()
        with self.repo.transaction() as c:
            row = c.execute("SELECT owner, until FROM leases WHERE name = ?", (name,)).fetchone()
            if row is not None and row["owner"] != owner and row["until"] > now:
                if holder_alive(row["owner"]) is not False:
                    return row["owner"]
                log.warning("taking over the %s lease of %s: its process is gone", name, row["owner"])
            c.execute(
                "INSERT INTO leases(name, owner, until) VALUES (?,?,?)"
                " ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until",
                (name, owner, now + ttl),
            )
        return None

    def give_back(self, name: str, owner: str) -> None:
        with self.repo.transaction() as c:
            c.execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner))
