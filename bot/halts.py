"""Named points of a long run where a test can stop the process, to kill it there (fault tests).

``NEWSDESK_HALT_AT=name`` (or ``name#n``: the n-th time the point is reached)
makes the process write ``newsdesk: halted at name`` to standard error and wait
there until it is killed. Unset, a point costs one dictionary look-up. The
indexer's points: ``extracting`` (an article claimed, not yet stored),
``stored`` (an article stored), ``removed`` (a deleted file's article
removed), ``finish`` (the corpus-wide steps begun, under the lease),
``stories``, ``people``, ``events`` (each of those steps done, the run not yet
marked finished).
"""
from __future__ import annotations

import os
import sys
import threading
from collections import Counter

__all__ = ["ENV", "point"]

ENV = "NEWSDESK_HALT_AT"
_reached: Counter[str] = Counter()


def point(name: str) -> None:
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    target, _, nth = wanted.partition("#")
    if target != name:
        return
    _reached[name] += 1
    if _reached[name] != (int(nth) if nth.isdigit() else 1):
        return
    sys.stderr.write(f"newsdesk: halted at {wanted}\n")
    sys.stderr.flush()
    threading.Event().wait()  # until killed
