"""Killing a real `atelier` process inside its write transaction, and judging the database after.

A write transaction on SQLite begins IMMEDIATE (atelier_tui/store/engine.py), so while a writer is
inside one, another connection's `BEGIN IMMEDIATE` with no busy timeout fails at once with
"database is locked": that is how the test sees, from outside, that the process is mid-transaction."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.003
# Columns whose values depend on the clock of the run (or hash it): left out when a database is
# compared with the result of another, uninterrupted, run of the same operation.
_CLOCK_COLUMNS = {"at", "hash", "prev_hash", "before", "after", "opened_on", "closed_at", "used_at", "done_at"}


def atelier_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "atelier_tui", "--db", str(db), *args]


def run_atelier(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(atelier_command(db, *args), cwd=ROOT, capture_output=True, text=True, timeout=120)


def write_locked(db: Path) -> bool:
    """True while another connection holds the database's write lock."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


@dataclass
class Kill:
    returncode: int
    lock_seen_after: float  # seconds from the start of the process to the first sight of its lock
    killed_after_lock: float  # seconds the process had been holding the lock when it was killed
    locked_just_before_kill: bool
    stdout: str
    stderr: str


def kill_inside_transaction(db: Path, args: tuple[str, ...], delay: float = 0.0, limit: float = 90.0) -> Kill:
    """Start `atelier --db db *args`, wait until it holds the write lock, wait `delay` more seconds,
    check the lock is still held and SIGKILL the process at once."""
    process = subprocess.Popen(atelier_command(db, *args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    started = time.monotonic()
    try:
        while not write_locked(db):
            if process.poll() is not None:
                out, err = process.communicate()
                raise AssertionError(f"atelier {' '.join(args)} ended (exit {process.returncode}) before its lock was seen:\n"
                                     f"{out}\n{err}")
            if time.monotonic() - started > limit:
                raise AssertionError(f"atelier {' '.join(args)} never took the write lock within {limit} s")
            time.sleep(POLL_SECONDS)
        seen = time.monotonic()
        if delay:
            time.sleep(delay)
        locked = write_locked(db)  # the lock is still held: the transaction has not committed
        os.kill(process.pid, signal.SIGKILL)
        killed = time.monotonic()
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return Kill(process.returncode, seen - started, killed - seen, locked, out, err)


# --- Judging a database --------------------------------------------------------------------------

def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, timeout=10, isolation_level=None)


def integrity(db: Path) -> str:
    with _closing(connect(db)) as connection:
        return ";".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def tables(connection: sqlite3.Connection) -> list[str]:
    return [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def counts(db: Path) -> dict[str, int]:
    with _closing(connect(db)) as connection:
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables(connection)}


def dump(db: Path) -> list[str]:
    """Every row of every table: equal dumps, equal databases."""
    with _closing(connect(db)) as connection:
        return list(connection.iterdump())


def content(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table without its id and clock columns, sorted: what two runs of the same
    operation at different times must agree on."""
    result: dict[str, list[tuple]] = {}
    with _closing(connect(db)) as connection:
        for table in tables(connection):
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')
                       if row[1] not in _CLOCK_COLUMNS and not row[1].endswith("_at")]
            listed = ", ".join(f'"{column}"' for column in columns)
            result[table] = sorted(tuple(map(repr, row)) for row in connection.execute(f'SELECT {listed} FROM "{table}"'))
    return result


def ledger_mismatches(db: Path) -> list[tuple]:
    """Lots whose quantity is not the sum of their movements in the stock ledger."""
    with _closing(connect(db)) as connection:
        return connection.execute(
            "SELECT lot.id, lot.lot_number, lot.quantity_micro, coalesce(sum(m.quantity_micro), 0) FROM lot "
            "LEFT JOIN stock_movement m ON m.lot_id = lot.id GROUP BY lot.id "
            "HAVING lot.quantity_micro != coalesce(sum(m.quantity_micro), 0)").fetchall()


def chain_break(db: Path):  # type: ignore[no-untyped-def]
    from atelier_tui.services.audit.trail import verify_chain
    from atelier_tui.store.engine import make_engine

    engine = make_engine(f"sqlite:///{db}")
    try:
        return verify_chain(engine)
    finally:
        engine.dispose()


def checkpoint(db: Path) -> None:
    with _closing(connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class _closing:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def timed(action: Callable[[], object]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started
