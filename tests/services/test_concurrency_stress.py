"""Several terminals on one database: 8 real processes (tests/support/concurrency_worker.py) race for 3
tools and 2 small lots through the real services, on a SQLite file and on a PostgreSQL server.
Afterwards the database alone must account for every success the workers reported: nothing lost
or done twice, no stock below zero, the ledger adding up to every lot, no tool on two benches,
the audit chain intact. And when every bench wants the last cell, exactly one gets it and the
others are told plainly why not."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from atelier_tui.domain.units import to_micro
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.stock import ledger as stock
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.audit_models import AuditEvent
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Lot, StockMovement, Tool
from tests.support.concurrency_world import ROOT, SUPPLY, build_world, refusals, run_workers, successes, verify

WORKERS = 8
RACE_SECONDS = 4.0
MIN_ITERATIONS = 6  # per worker, however slow the machine: enough rounds to collide
LAST_UNIT_ROUNDS = 8


@pytest.fixture(params=["sqlite", "postgresql"])
def race_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{request.getfixturevalue('catalogued_db')}"
    return request.getfixturevalue("pg_catalogued_url")


@pytest.fixture
def race_engine(race_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(race_url)
    yield engine
    engine.dispose()


def test_racing_benches_lose_nothing(race_url: str, race_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(race_engine, race_url, workers=WORKERS, tools=3, lots={"L1": 4, "L2": 4})
    started = time.monotonic()
    results = run_workers(world, tmp_path / "race", "race", RACE_SECONDS, extra={"min_iterations": MIN_ITERATIONS, "stray_rate": 0.5, "adjust_rate": 0.4})
    elapsed = time.monotonic() - started

    found = verify(race_engine, world, results)
    done, refused = successes(results), refusals(results)
    ops = {op: sum(1 for o, *_ in done if o == op) for op in ("check_out", "check_in", "stray_check_in", "consume", "adjust", "reserve")}
    print(f"\n{race_engine.dialect.name}: {WORKERS} workers, {elapsed:.1f} s, successes {ops}, refusals {dict(refused)}")
    for name, problems in vars(found).items():
        for problem in problems[:20]:
            print(f"  {name}: {problem}")

    assert found.unexpected == [], "errors or refusals no racing bench should get"
    # The race was real: benches were refused a tool someone else had, and a piece that was gone.
    assert ops["check_out"] > 0 and ops["consume"] > 0 and ops["reserve"] > 0 and ops["adjust"] > 0
    assert ops["stray_check_in"] + refused["stray_check_in:not_out"] > 0
    assert refused["check_out:taken"] > 0 and refused["consume:short"] > 0
    assert found.lost_updates == [], "(a) every reported success is in the database exactly once"
    assert found.negative_stock == [], "(b) stock never negative, reservations within stock"
    assert found.ledger == [], "(c) the movements of each lot add up to its quantity"
    assert found.two_benches == [], "(d) a tool is on one bench at a time and ends where its last move put it"
    assert found.chain == [], "(e) the audit hash chain is intact"


def test_last_unit_goes_to_exactly_one_bench(race_url: str, race_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rounds = [f"U{n:02d}" for n in range(LAST_UNIT_ROUNDS)]
    world = build_world(race_engine, race_url, workers=WORKERS, tools=1, lots=dict.fromkeys(rounds, 1))
    results = run_workers(world, tmp_path / "last", "last_unit", 0, extra={"rounds": rounds, "keep_messages": True})

    assert [e for r in results for e in r["errors"]] == []
    winners = {lot: [r["index"] for r in results for op, key, _, _ in r["successes"] if key.endswith("/" + lot)] for lot in rounds}
    assert all(len(w) == 1 for w in winners.values()), f"(f) each last piece has exactly one taker: {winners}"
    for lot in rounds:
        told = [message for r in results for _, key, message in r["messages"] if key.endswith("/" + lot)]
        assert told == [f"lot {lot}: cannot take 1 piece, only 0 piece free"] * (WORKERS - 1)
    found = verify(race_engine, world, results)
    assert (found.lost_updates, found.negative_stock, found.ledger, found.chain) == ([], [], [], [])
    print(f"\n{race_engine.dialect.name}: last pieces won by workers {sorted(w[0] for w in winners.values())}")


def test_unit_registry_survives_a_half_written_cache(tmp_path: Path) -> None:
    """pint writes its cache files in place: terminals started at the same moment (the morning
    rush, a fresh install) read each other's half-written files. Such a file must not break the
    first stock operation of a terminal."""
    build = [sys.executable, "-c", "from atelier_tui.domain.units import parse_quantity; print(parse_quantity('1 piece', 'piece', 'q').value)"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = subprocess.run(build, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    cached = list((tmp_path / "cache").rglob("*.pickle"))
    assert first.stdout.strip() == "1.0" and cached
    for path in cached:
        path.write_bytes(path.read_bytes()[:7])  # what a reader sees while the writer is at work
    second = subprocess.run(build, cwd=ROOT, env=env, capture_output=True, text=True)
    assert (second.returncode, second.stdout.strip()) == (0, "1.0"), second.stderr


# --- The same races, made to happen every time: every writer of the audit trail waits for one lock
# (on PostgreSQL the chain's advisory lock, on SQLite the write lock); the test holds it, lets two
# calls queue up behind it, then lets go.

@contextmanager
def _writers_held(engine):  # type: ignore[no-untyped-def]
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": audit.CHAIN_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": audit.CHAIN_LOCK_KEY})
                connection.commit()
    else:
        with engine.execution_options(sqlite_begin="IMMEDIATE").connect() as connection, connection.begin() as transaction:
            yield
            transaction.rollback()


def _queued(engine, waiting: int) -> None:  # type: ignore[no-untyped-def]
    """Until `waiting` sessions wait for a lock (PostgreSQL); SQLite's waiters cannot be seen: a pause."""
    if engine.dialect.name != "postgresql":
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 10
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            blocked = connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                              "AND wait_event_type = 'Lock'")).scalar_one()
            connection.commit()
            if blocked >= waiting:
                return
            time.sleep(0.01)


def _race(engine, first, second) -> list[object]:  # type: ignore[no-untyped-def]
    """`first` then `second` queued behind the held lock, then released: what each returned or raised."""
    outcomes: list[object] = [None, None]

    def run(index: int, call) -> None:  # type: ignore[no-untyped-def]
        try:
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is the assertion
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(0, first)), threading.Thread(target=run, args=(1, second))]
    with _writers_held(engine):
        threads[0].start()
        _queued(engine, 1)
        threads[1].start()
        _queued(engine, 2)
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_an_adjustment_queued_behind_a_consumption_keeps_both(race_url: str, race_engine) -> None:  # type: ignore[no-untyped-def]
    world = build_world(race_engine, race_url, workers=1, tools=1, lots={"L1": 5})
    technician, lead = Actor(**world.technicians[0]), Actor(**world.lead)
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    outcomes = _race(race_engine,
                     lambda: stock.consume(race_engine, technician, now, SUPPLY, "L1", "1 piece"),
                     lambda: stock.adjust(race_engine, lead, now, SUPPLY, "L1", "+2 piece", "recount"))

    assert [type(o).__name__ for o in outcomes] == ["Lot", "Lot"]
    with read_session(race_engine) as session:
        lot = session.execute(select(Lot).where(Lot.lot_number == "L1")).scalar_one()
        ledger = session.execute(select(func.sum(StockMovement.quantity_micro)).where(StockMovement.lot_id == lot.id)).scalar_one()
    assert (lot.quantity_micro, ledger, lot.version) == (to_micro(6), to_micro(6), 3)  # 5 - 1 + 2, neither lost
    assert audit.verify_chain(race_engine) is None


def test_two_check_ins_of_one_tool_do_not_both_succeed(race_url: str, race_engine) -> None:  # type: ignore[no-untyped-def]
    world = build_world(race_engine, race_url, workers=1, tools=1)
    technician, lead = Actor(**world.technicians[0]), Actor(**world.lead)
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    tag = world.tools[0]
    tools.check_out(race_engine, technician, now, tag, world.benches[0])
    outcomes = _race(race_engine,
                     lambda: tools.check_in(race_engine, technician, now, tag),
                     lambda: tools.check_in(race_engine, lead, now, tag))

    # On SQLite the two queue for the write lock in no set order; on PostgreSQL the first goes first.
    won = [o for o in outcomes if isinstance(o, Tool)]
    refused = [str(o) for o in outcomes if isinstance(o, ServiceError)]
    assert (len(won), refused) == (1, [f"{tag} is not checked out"]), outcomes
    with read_session(race_engine) as session:
        tool = session.execute(select(Tool).where(Tool.asset_tag == tag)).scalar_one()
        check_ins = session.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "check_in")).scalar_one()
    assert (tool.status, tool.bench_id, tool.version, check_ins) == ("in_service", None, 3, 1)
