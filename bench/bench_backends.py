"""Command latency on SQLite and on PostgreSQL, side by side, on the same corpus and the same queries.

    .venv/bin/python bench/bench_backends.py            # the ~1,500-article corpus (built from ../shared)
    .venv/bin/python bench/bench_backends.py --seeds    # the seeds only

The corpus is indexed once into an SQLite file and once into a throwaway
PostgreSQL cluster (bot/store/postgres/cluster.py, as the tests start it: loopback,
fsync off). Both desks then answer the same commands, drawn from the index as
bench_commands.py draws them, 200 per family in a warm process; each
backend's /help median is its baseline. The two backends answer in turn,
command by command, after PostgreSQL has been vacuumed and checkpointed.
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_commands import REPEATS, percentile, queries  # noqa: E402
from bench_commands import main as bench_main  # noqa: E402

from bot import Newsdesk  # noqa: E402
from bot.store.postgres.cluster import Cluster  # noqa: E402


def indexed(corpus: Path, db) -> tuple[Newsdesk, float]:
    nd = Newsdesk(corpus=corpus, db=db)
    started = time.perf_counter()
    nd.index()
    return nd, time.perf_counter() - started


def timings(desks: dict[str, Newsdesk], families: dict[str, list[str]]) -> dict[str, dict[str, list[float]]]:
    """Per backend and family, the milliseconds of each command; the backends take turns, command by command,
    so that whatever else the machine does weighs on both alike."""
    for nd in desks.values():  # warm the caches once
        for texts in families.values():
            for t in texts[:3]:
                nd.ask(t)
    out: dict[str, dict[str, list[float]]] = {name: {} for name in desks}
    for family, texts in families.items():
        for i in range(REPEATS):
            for name, nd in desks.items():
                started = time.perf_counter()
                nd.ask(texts[i % len(texts)])
                out[name].setdefault(family, []).append((time.perf_counter() - started) * 1000)
    return out


def settled(cluster: Cluster, database: str) -> None:
    """VACUUM ANALYZE and a checkpoint after the bulk load, so no autovacuum runs while commands are timed."""
    import psycopg

    with psycopg.connect(cluster.url(database), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


def different_answers(a: Newsdesk, b: Newsdesk, families: dict[str, list[str]]) -> tuple[int, list[str]]:
    """How many distinct commands were asked of both, and those answered differently."""
    asked, differ = 0, []
    for texts in families.values():
        for t in sorted(set(texts)):
            asked += 1
            if a.ask(t).model_dump(mode="json") != b.ask(t).model_dump(mode="json"):
                differ.append(t)
    return asked, differ


def bench(label: str, corpus: Path, db: Path | None = None) -> None:
    """``db``: the SQLite index to keep (``--keep``); the PostgreSQL one is always built anew."""
    n_files = len(list(corpus.glob("*.txt"))) + len(list(corpus.glob("*.md")))
    with tempfile.TemporaryDirectory() as tmp, Cluster() as cluster:
        lite, lite_s = indexed(corpus, db or Path(tmp) / "bench.sqlite")
        pg, pg_s = indexed(corpus, cluster.create_database("bench"))
        settled(cluster, "bench")
        print(f"\n== {label}: {n_files} files")
        print(f"index: SQLite {lite_s:.1f} s ({1000 * lite_s / max(1, n_files):.1f} ms per article), "
              f"PostgreSQL {pg_s:.1f} s ({1000 * pg_s / max(1, n_files):.1f} ms per article)")
        families = queries(lite, random.Random(7))
        asked, differ = different_answers(lite, pg, families)
        print(f"answers compared: {asked} distinct commands, {len(differ)} differ between the backends"
              + "".join(f"\n  differs: {t}" for t in differ))
        results = timings({"SQLite": lite, "PostgreSQL": pg}, families)
        base = {name: statistics.median(r["help"]) for name, r in results.items()}
        print(f"{'family':<10} | {'SQLite p50':>10} {'p99':>7} {'/help':>7} | {'PostgreSQL p50':>14} {'p99':>7} {'/help':>7}")
        for family in families:
            cells = []
            for name, r in results.items():
                p50 = statistics.median(r[family])
                cells.append(f"{p50:{10 if name == 'SQLite' else 14}.2f} {percentile(r[family], 99):7.2f} {p50 / base[name]:7.1f}")
            print(f"{family:<10} | {cells[0]} | {cells[1]}")
        lite.close()
        pg.close()


if __name__ == "__main__":
    bench_main(bench, seeds_too=False)  # the large corpus; --seeds: the seeds only
