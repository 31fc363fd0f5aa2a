"""A PostgreSQL server in a temporary directory for a test session or module (bot/store/postgres/cluster.py).

``started()`` starts one, or skips the test with the reason when none can start (no PostgreSQL binaries).
"""
from __future__ import annotations

import contextlib

import pytest


@contextlib.contextmanager
def started():
    from bot.store.postgres.cluster import Cluster, ClusterError

    cluster = Cluster()
    try:
        cluster.start()
    except ClusterError as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()
