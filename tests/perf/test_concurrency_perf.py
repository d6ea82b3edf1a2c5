"""Twenty terminals working at once on one database, SQLite then PostgreSQL in the same run: each
a separate process (tests/support/concurrency_worker.py) checking tools out to its bench and back in,
reserving then releasing a piece for its repair order (`reservations.hold_lots`, as preparing a
bench does), consuming pieces, and now and then, as the lead, bringing back a tool left out or
adding a recount, on a workshop small enough that they keep colliding (5 tools, 3 lots of 10).
Run by hand:

    .venv/bin/pytest -m perf tests/perf/test_concurrency_perf.py -s -p no:randomly

ATELIER_PERF_SECONDS sets how long each backend is hammered (default 30). Printed per backend:
operations per second (every service call, refused or not), the median and 95th-percentile latency
of a call, the refusals (lost races: a tool already out, a piece already gone), the errors (calls
that neither succeeded nor got a clear refusal, such as SQLite's "database is locked" once its
busy timeout ran out: printed, not asserted) and the lost updates, which must be zero: every success a worker reports is in the database exactly once, no
stock below zero, the ledger adds up to every lot, no tool on two benches, the audit chain intact
(tests/support/concurrency_world.py `verify`)."""

from __future__ import annotations

import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from atelier_tui.store.engine import make_engine
from tests.support.concurrency_world import build_world, refusals, run_workers, successes, verify

pytestmark = pytest.mark.perf

WORKERS = 20
SECONDS = float(os.environ.get("ATELIER_PERF_SECONDS", "30"))
TOOLS = 5
LOTS = {"L1": 10, "L2": 10, "L3": 10}


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


@dataclass(frozen=True)
class Row:
    backend: str
    ops_per_second: float
    p50_ms: float
    p95_ms: float
    successes: int
    refusals: int
    errors: int
    lost_updates: int
    by_op: dict[str, tuple[int, float, float]]  # op -> calls, p50, p95


def _hammer(backend: str, url: str, folder: Path) -> tuple[Row, list[str]]:
    engine = make_engine(url)
    try:
        world = build_world(engine, url, workers=WORKERS, tools=TOOLS, lots=LOTS)
        results = run_workers(world, folder, "race", SECONDS, extra={"stray_rate": 0.1, "adjust_rate": 0.3})
        found = verify(engine, world, results)
    finally:
        engine.dispose()
    latencies = [ms for r in results for samples in r["latencies"].values() for ms in samples]
    by_op = {}
    for op in sorted({op for r in results for op in r["latencies"]}):
        samples = [ms for r in results for ms in r["latencies"].get(op, [])]
        by_op[op] = (len(samples), statistics.median(samples), p95(samples))
    elapsed = max(r["seconds"] for r in results)
    problems = [*found.lost_updates, *found.negative_stock, *found.ledger, *found.two_benches, *found.chain]
    row = Row(backend, len(latencies) / elapsed, statistics.median(latencies), p95(latencies), len(successes(results)),
              sum(refusals(results).values()), len(found.unexpected), found.problems(), by_op)
    return row, problems + found.unexpected


def test_twenty_terminals_on_sqlite_and_postgresql(catalogued_db: Path, pg_catalogued_url: str, tmp_path: Path) -> None:
    rows, problems = [], {}
    for backend, url in (("sqlite", f"sqlite:///{catalogued_db}"), ("postgresql", pg_catalogued_url)):
        row, found = _hammer(backend, url, tmp_path / backend)
        rows.append(row)
        problems[backend] = found

    print(f"\n{WORKERS} processes, {SECONDS:g} s per backend")
    print(f"{'backend':<11} {'ops/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'successes':>9} {'refusals':>8} {'errors':>6} {'lost updates':>12}")
    for row in rows:
        print(f"{row.backend:<11} {row.ops_per_second:>7.1f} {row.p50_ms:>7.1f} {row.p95_ms:>7.1f} {row.successes:>9} "
              f"{row.refusals:>8} {row.errors:>6} {row.lost_updates:>12}")
    for row in rows:
        print(f"  {row.backend}: " + ", ".join(f"{op} {n} calls p50 {p50:.1f} p95 {p95_:.1f} ms" for op, (n, p50, p95_) in row.by_op.items()))
    for backend, found in problems.items():
        kinds = Counter(re.sub(r"^worker \d+: \S+ \S+: ", "", problem).split("\n")[0][:100] for problem in found)
        for kind, n in kinds.most_common(10):
            print(f"  {backend}: {n} x {kind}")

    assert [(row.backend, row.lost_updates) for row in rows] == [("sqlite", 0), ("postgresql", 0)]
