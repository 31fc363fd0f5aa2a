"""The Python API that the CLI and every adapter use: ``Newsdesk``."""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path

from bot.commands.registry import BY_NAME
from bot.commands.request import Caller, Request
from bot.commands.router import route
from bot.errors import APOLOGY, UNAVAILABLE
from bot.indexer import CorpusSnapshot, IndexReport, index_corpus, is_stale
from bot.models import ErrorAnswer, without_surrogates
from bot.query.context import Context
from bot.service.metrics import Metrics
from bot.settings import Settings
from bot.store.backend import StoreUnavailable
from bot.store.repository import Repository

log = logging.getLogger(__name__)


def _kind(asked: str | Request) -> str:
    """The metrics label of a request: its command name, "question", or "invalid" (an unknown command)."""
    if isinstance(asked, Request):
        name = asked.command
    else:
        words = (asked or "").split()
        while words and (words[0].startswith("<@") or (words[0].startswith("@") and len(words) > 1)):
            words = words[1:]  # the mention that delivered it
        name = words[0][1:].lower() if words and words[0].startswith("/") else None
    if name is None:
        return "question"
    return name if name in BY_NAME else "invalid"


class Newsdesk:
    """``Newsdesk(corpus=..., db=...)``; ``index()``; ``ask(text or request)``; ``extract(text, published=...)``."""

    def __init__(
        self,
        corpus: str | Path | None = None,
        db: str | Path | None = None,
        settings: Settings | None = None,
    ) -> None:
        base = settings or Settings()
        updates = {}
        if corpus is not None:
            updates["corpus"] = Path(corpus).expanduser().resolve()
        if db is not None:
            updates["db"] = str(db)
        self.settings = base.model_copy(update=updates)
        self.corpus: Path = self.settings.corpus
        self.repo = Repository(self.settings.db_target())
        self.context = Context(self.repo, self.settings)
        self.metrics = Metrics(self)
        # adapter name -> "is it connected?" (a bool or an awaitable of one), for /healthz
        self.health_checks: dict[str, Callable[[], object]] = {}
        self._checked = False
        self._lock = threading.Lock()
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._snapshot = CorpusSnapshot()

    @cached_property
    def digests(self):
        """The digest scheduler: adapters register a deliverer per platform; ``newsdesk run`` ticks it."""
        from bot.digest.scheduler import DigestScheduler

        return DigestScheduler(self)

    def index(self, progress: bool = False) -> IndexReport:
        """Bring the index in line with the corpus directory (incremental).

        Processes sharing an index may index at once: each extracts the
        articles it claims and leaves the others' to them, and the
        corpus-wide steps run one process at a time (``bot.indexer``); the
        others see the result through the index generation.
        """
        with self._lock:
            report = index_corpus(
                self.repo, self.corpus, progress=progress, owner=self._owner, max_bytes=self.settings.max_article_bytes,
                workers=self.settings.index_workers,
            )
            if report.changed or report.elsewhere:
                self.repo.bump_generation(report.changes)
                self.context.refresh()  # the caches follow the change here, before the next answer needs them
            self._snapshot.forget()  # the next check compares every file with the index once, then remembers
            self._checked = True
            return report

    def is_stale(self) -> bool:
        """The corpus changed since the index was last brought in line (a poll of an unchanged folder costs a
        ``stat`` of its files: ``bot.indexer.is_stale`` with this process's snapshot)."""
        return is_stale(self.repo, self.corpus, self.settings.max_article_bytes, snapshot=self._snapshot)

    def ensure_index(self, progress: bool = False) -> IndexReport | None:
        """Index when the index is missing or out of date; once per process."""
        if self._checked:
            return None
        if self.is_stale() or not self.repo.has_persons():
            return self.index(progress=progress)
        self._checked = True
        return None

    def ask(self, asked: str | Request, caller: Caller | None = None):
        """Answer a command or a question with one answer model (see ``bot.models``).

        ``asked`` is text as typed (``/quote conditions by: Rudenko``, a
        question), or a typed ``Request`` (``BY_NAME["quote"].request({...})``),
        which is answered without reading its values as text.

        Never raises: a corpus that went missing is logged, and the index as it
        stands still answers; with no index at all the answer says what is wrong;
        a database that does not answer (stopped, restarting) gets a short "try
        again shortly", one log line, and the next question connects again;
        anything unexpected is logged and answered with an apology.
        """
        if isinstance(asked, str):
            asked = without_surrogates(asked)  # a lone surrogate (undecodable argv, a broken client) would fail later
        try:
            return self._answer(asked, caller)
        except StoreUnavailable as exc:
            log.warning("index unavailable, answered 'try again shortly': %s", exc)
            return ErrorAnswer(message=UNAVAILABLE)
        except Exception:
            log.exception("failed to answer %r", asked)
            return ErrorAnswer(message=APOLOGY)

    def _answer(self, asked: str | Request, caller: Caller | None):
        try:
            self.ensure_index()
        except FileNotFoundError as exc:
            log.warning("%s; answering from the index as it stands", exc)
            self._checked = True
            if not self.repo.query("SELECT 1 FROM articles LIMIT 1"):
                return ErrorAnswer(message=f"Nothing is indexed yet: {exc}.")
        started = time.perf_counter()
        self.context.refresh()
        answer = route(self.context, asked, caller)
        platform = (caller or getattr(asked, "caller", None) or Caller("cli")).platform
        self.metrics.answered(_kind(asked), platform, time.perf_counter() - started)
        return answer

    def complete_person(self, prefix: str, limit: int = 25) -> list[str]:
        """Person names that start with ``prefix`` (word by word), for autocomplete; never raises."""
        from bot.query.person_match import index_for

        try:
            self.ensure_index()
            return index_for(self.context).complete(prefix[:100], limit)
        except StoreUnavailable as exc:
            log.warning("autocomplete without the index: %s", exc)
            return []
        except Exception:  # autocomplete must answer, even with nothing
            log.exception("autocomplete failed for %r", prefix)
            return []

    def extract(self, text: str, published: str | date | None = None, *, attributions: bool = False) -> dict:
        """What the extractors find in one text, with offsets into ``text`` (as indexed; ``attributions``:
        also the non-speech attributions the evaluation scores)."""
        from bot.extract.pipeline import extract, extraction_json

        if isinstance(published, str):
            published = date.fromisoformat(published)
        return extraction_json(extract(text, published, attributions=attributions))

    def close(self) -> None:
        self.repo.close()

    def __enter__(self) -> "Newsdesk":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
