"""Per-article claims, so that processes indexing one corpus together never extract the same file twice.

Before extracting an article a process claims it (its id and the content
hash it read) in one write transaction, which first looks whether the
article is already stored with that content (another process did it) and
whether a live claim of another process holds it. A claim runs out after its
time-to-live (kept short, and renewed while its owner works:
``bot.store.heartbeat``), so a process that died while extracting holds nobody
up for long; the others take the article over then, and on the holder's own
host at once when its process is gone (``bot.store.liveness``).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.store.liveness import holder_alive
from bot.store.repository import Repository

log = logging.getLogger(__name__)

__all__ = ["ArticleClaims", "Claim", "TAKEN", "DONE", "HELD"]

TAKEN, DONE, HELD = "taken", "done", "held"


@dataclass(frozen=True)
class Claim:
    outcome: str  # TAKEN: extract it; DONE: stored with this content already; HELD: another process has it
    owner: str | None = None  # who holds it (HELD)


class ArticleClaims:
    def __init__(self, repo: Repository, owner: str, ttl: float) -> None:
        self.repo, self.owner, self.ttl = repo, owner, ttl

    def take(self, article_id: str, content_hash: str, extractor_version: str) -> Claim:
        now = time.time()
        with self.repo.transaction() as c:
            stored = c.execute(
                "SELECT content_hash, extractor_version FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if stored is not None and (stored["content_hash"], stored["extractor_version"]) == (
                content_hash, extractor_version
            ):
                return Claim(DONE)
            held = c.execute("SELECT owner, until FROM article_claims WHERE article_id = ?", (article_id,)).fetchone()
            if held is not None and held["owner"] != self.owner and held["until"] > now:
                if holder_alive(held["owner"]) is not False:
                    return Claim(HELD, held["owner"])
                log.warning("taking over the claim of %s on %s: its process is gone", held["owner"], article_id)
            c.execute(
                "INSERT INTO article_claims(article_id, content_hash, owner, until) VALUES (?,?,?,?)"
                " ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash,"
                " owner = excluded.owner, until = excluded.until",
                (article_id, content_hash, self.owner, now + self.ttl),
            )
        return Claim(TAKEN)

    def release(self, article_id: str) -> None:
        with self.repo.transaction() as c:
            c.execute("DELETE FROM article_claims WHERE article_id = ? AND owner = ?", (article_id, self.owner))
