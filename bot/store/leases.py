"""Named leases between the processes that share one index: the database is the coordination point.

``take`` succeeds for one owner at a time; a lease whose owner stopped without
giving it back runs out after its time-to-live, so a crash never blocks the
others for good.
"""
from __future__ import annotations

import time

from bot.store.repository import Repository

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
                return row["owner"]
            c.execute(
                "INSERT INTO leases(name, owner, until) VALUES (?,?,?)"
                " ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until",
                (name, owner, now + ttl),
            )
        return None

    def give_back(self, name: str, owner: str) -> None:
        with self.repo.transaction() as c:
            c.execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner))
