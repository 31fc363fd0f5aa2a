"""Articles parsed and extracted in batches, in worker processes when there is more than one core.

``Extractor.run`` takes (payload, text, published) jobs lazily and yields (payload, extraction or the exception
it raised) in the order the jobs came. With one worker the batches are extracted here
(``bot.extract.pipeline.extract_many``); with more, each of ``workers`` forked processes extracts whole batches,
a few batches ahead of the results taken; should one die, the rest is extracted here. Storing stays in this
process. NEWSDESK_INDEX_WORKERS (``Settings.index_workers``) sets
how many; by default one per core.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

log = logging.getLogger(__name__)

BATCH = 8  # articles parsed together: spaCy's pipe runs its network over a batch at once
AHEAD = 2  # batches in flight per worker


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class ExtractionFailed(Exception):
    """Extraction raised in a worker process: its type and message, with the worker's traceback for the log."""

    def __init__(self, kind: str, message: str, trace: str) -> None:
        super().__init__(message)
        self.kind, self.trace = kind, trace

    def __str__(self) -> str:
        return self.args[0]


class Extractor:
    """``with Extractor(workers) as ex: for payload, result in ex.run(jobs): ...``"""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(self, jobs: Iterable[tuple[Any, str, date | None]], expected: int | None = None
            ) -> Iterator[tuple[Any, object]]:
        """Extract every job; ``expected`` (how many jobs there will be, if known) picks whether worker processes
        are worth starting: not for fewer articles than a batch per worker."""
        if self.workers == 1 or (expected is not None and expected < BATCH * self.workers):
            yield from self._here(jobs)
        else:
            yield from self._pooled(jobs)

    def _here(self, jobs) -> Iterator[tuple[Any, object]]:
        batch: list = []
        for job in jobs:
            batch.append(job)
            if len(batch) == BATCH:
                yield from _extract_batch(batch)
                batch = []
        if batch:
            yield from _extract_batch(batch)

    def _pooled(self, jobs) -> Iterator[tuple[Any, object]]:
        if self._pool is None:
            # forked: the children start at once, sharing the loaded model; they only parse and extract, never
            # touching this process's connections or threads
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker)
        self._retry: dict[int, list] = {}
        flying: deque[tuple[list, Future]] = deque()
        batch: list = []
        source = iter(jobs)
        done = False
        while not done or flying:
            while not done and len(flying) < self.workers * AHEAD:
                job = next(source, None)
                if job is None:
                    done = True
                else:
                    batch.append(job)
                if batch and (done or len(batch) == BATCH):
                    payloads = [p for p, _, _ in batch]
                    self._retry[id(payloads)] = batch
                    flying.append((payloads, self._pool.submit(_work, [(text, day) for _, text, day in batch])))
                    batch = []
            if not flying:
                break
            payloads, future = flying.popleft()
            try:
                results = future.result()
            except Exception as exc:  # a worker process died (killed, out of memory): the rest is extracted here
                log.warning("extraction workers stopped (%s: %s); extracting here", type(exc).__name__, exc)
                self.workers = 1
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
                left = [payloads] + [p for p, _ in flying]
                flying.clear()
                pending = [job for batch_payloads in left for job in self._retry.pop(id(batch_payloads), [])]
                yield from self._here([*pending, *batch, *source])
                return
            self._retry.pop(id(payloads), None)
            yield from zip(payloads, results)


def _extract_batch(batch: list) -> Iterator[tuple[Any, object]]:
    for (payload, _, _), result in zip(batch, _work([(text, day) for _, text, day in batch], here=True)):
        yield payload, result


def _work(jobs: list[tuple[str, date | None]], here: bool = False) -> list:
    """The extraction of each (text, published), or what it raised: batched, and one by one again when the batch
    fails, so one bad article does not take the others with it."""
    from bot.extract.pipeline import extract, extract_many

    try:
        found = list(extract_many(jobs, BATCH))
    except Exception:
        found = []
        for text, day in jobs:
            try:
                found.append(extract(text, day, attributions=False))
            except Exception as exc:
                found.append(exc if here else ExtractionFailed(type(exc).__name__, str(exc), traceback.format_exc()))
    return [_portable(f) if not here and not isinstance(f, BaseException) else f for f in found]


def _portable(extraction):
    """The extraction without the parse it was made from (the Doc stays in the worker)."""
    people = extraction.people
    people._doc = None
    people._antecedents = None
    return extraction


def _start_worker() -> None:
    os.environ["NEWSDESK_PARSE_PROCESSES"] = "1"  # a worker parses a long article alone, not with children
    from bot.extract import nlp

    nlp.pipeline()
