"""What the adapter tests assert instead of a stopwatch: answers held back, and waits recorded.

A test that measures "acked within 3 s" or "waited at least Retry-After"
fails for nothing on a busy machine. These helpers make the same points by
order and by count:

* ``held_answers(newsdesk)``: every ``newsdesk.ask`` blocks (in its worker
  thread) until the test releases it, so whatever reached the fake meanwhile
  (an ack, a deferral, a page turned from pages already rendered) did not wait
  for an answer to be computed;
* ``recorded_sleeps(monkeypatch, module, snapshot)``: the sleeps a library
  module makes through ``asyncio.sleep`` are recorded with ``snapshot()`` taken
  at that moment (what the fake had seen), and made without waiting, so a
  retry after Retry-After is asserted as "slept Retry-After after the 429,
  before the retry", on no clock at all.
"""
from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

HOLD_LIMIT = 60.0  # seconds a held answer waits for its release before it fails (a hang guard only)


class HeldAnswers:
    def __init__(self, ask: Callable[..., Any]) -> None:
        self._ask = ask
        self._released = threading.Event()
        self.asked: list[str] = []  # what reached ``ask`` while held

    def ask(self, text: str, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(text)
        if not self._released.wait(HOLD_LIMIT):
            raise RuntimeError(f"a held answer to {text!r} was never released")
        return self._ask(text, *args, **kwargs)

    @property
    def held(self) -> bool:
        return not self._released.is_set()

    def release(self) -> None:
        self._released.set()


@contextlib.contextmanager
def held_answers(newsdesk) -> Iterator[HeldAnswers]:
    """Hold every answer of ``newsdesk`` until ``release()`` or the end of the block."""
    holder = HeldAnswers(newsdesk.ask)
    newsdesk.ask = holder.ask  # shadows the method on this instance only
    try:
        yield holder
    finally:
        holder.release()
        del newsdesk.ask


class _SleepRecorder:
    """Stands in for ``asyncio`` in one module: ``sleep`` is recorded and yields at once; the rest is asyncio."""

    def __init__(self, snapshot: Callable[[], Any]) -> None:
        self._snapshot = snapshot
        self.sleeps: list[tuple[float, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        self.sleeps.append((delay, self._snapshot()))
        return await asyncio.sleep(0, result)


def recorded_sleeps(monkeypatch, module: ModuleType, snapshot: Callable[[], Any]) -> list[tuple[float, Any]]:
    """The (delay, snapshot()) of every ``asyncio.sleep`` that ``module`` makes from now on in this test."""
    recorder = _SleepRecorder(snapshot)
    monkeypatch.setattr(module, "asyncio", recorder)
    return recorder.sleeps
