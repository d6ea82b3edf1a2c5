"""Waiting for the write lock of a SQLite database instead of failing with "database is locked".

SQLite lets one transaction write at a time. A short write (an order taken in, a check-out) waits
for the others' short writes within a bounded time. A long write (an import of 20,000 tools, a demo
generation) holds the lock for as long as it runs, and must stay one transaction: a workshop file
is imported whole or not at all. So it announces itself in a small file beside the database
(`<database>-writer`: who, what, since when, which process), and a write that finds the lock taken
by an announced long write that is still running keeps waiting for it, however long, and says for
whom it waits (through the reporter a front end registers; the store words nothing).

The announcement is a file rather than a row because writing a row needs the lock it is about.
On PostgreSQL writers queue on an advisory lock, which waits without failing: nothing to do here."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

# A write behind other short writes gives up after this long (each of them lasts milliseconds: a
# minute of them is a program that holds the lock without saying so).
SHORT_WAIT_S = 60.0
# Behind an announced long write still running, a write waits this long at most (an import of
# 100,000 rows takes minutes, not hours).
LONG_WAIT_S = 3600.0
# Each attempt's own wait (SQLite's busy timeout) once the writer is known to be waiting: the
# reporter hears from it about once a second.
RETRY_BUSY_MS = 1000
# The first attempt when an announced long write is running: a quick look, then say so.
FIRST_LOOK_BUSY_MS = 200


@dataclass(frozen=True)
class LongWrite:
    who: str
    what: str  # a code: "workshop_import", "spreadsheet_import", "catalog_import", "demo"
    started_at: str  # ISO 8601, UTC
    pid: int = 0
    host: str = ""


@dataclass(frozen=True)
class Waiting:
    """A write waiting for the lock: behind `long_write` (None: behind short writes), for `seconds`."""

    long_write: LongWrite | None
    seconds: float


class WriteLockTimeout(Exception):
    """The lock did not come within the bounded wait."""

    def __init__(self, waited: Waiting) -> None:
        super().__init__(f"database is locked (waited {waited.seconds:.0f} s)")
        self.waited = waited


def _ignore(_waiting: Waiting) -> None:
    return None


_reporters: list[Callable[[Waiting], None]] = [_ignore]


def report_waits_to(reporter: Callable[[Waiting], None]) -> None:
    """The front end's way to tell the person what their write waits for (the latest one wins)."""
    _reporters[0] = reporter


def report(waiting: Waiting) -> None:
    _reporters[0](waiting)


def notice_path(database: Path) -> Path:
    return Path(f"{database}-writer")


def _alive(notice: LongWrite) -> bool:
    if notice.host != socket.gethostname() or notice.pid <= 0:
        return True  # another machine's process: it cannot be checked from here, so it is trusted
    try:
        os.kill(notice.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another account's process, alive
    return True


def running_long_write(database: Path) -> LongWrite | None:
    """The long write announced beside `database`, if its process still runs."""
    try:
        notice = LongWrite(**json.loads(notice_path(database).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return notice if _alive(notice) else None


@contextmanager
def announced(database: Path | None, who: str, what: str, started_at: str) -> Iterator[None]:
    """Announce a long write for as long as the block runs. A database whose folder this account
    cannot write gets no announcement: its waiters only wait without knowing for whom."""
    if database is None:
        yield
        return
    path = notice_path(database)
    notice = LongWrite(who, what, started_at, os.getpid(), socket.gethostname())
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        partial.write_text(json.dumps(asdict(notice)), encoding="utf-8")
        partial.replace(path)
        written = True
    except OSError:
        partial.unlink(missing_ok=True)
        written = False
    try:
        yield
    finally:
        if written:
            try:
                if running_long_write(database) == notice:
                    path.unlink()
            except OSError:
                pass


class LockWait:
    """The bounded wait of one write transaction for the lock, attempt after attempt."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.started = time.monotonic()
        self.attempts = 0

    def busy_ms_for_next_attempt(self, default_ms: int) -> int:
        if self.attempts:
            return RETRY_BUSY_MS
        return FIRST_LOOK_BUSY_MS if running_long_write(self.database) else default_ms

    def failed(self) -> None:
        """An attempt found the lock taken: say so, or give up once the bounded wait is over."""
        self.attempts += 1
        holder = running_long_write(self.database)
        waiting = Waiting(holder, time.monotonic() - self.started)
        if waiting.seconds >= (LONG_WAIT_S if holder else SHORT_WAIT_S):
            raise WriteLockTimeout(waiting)
        report(waiting)


_translators: list[Callable[[WriteLockTimeout], Exception]] = []


def translate_timeouts_with(translator: Callable[[WriteLockTimeout], Exception]) -> None:
    """How the services word a write that gave up waiting (registered once by services/context.py)."""
    _translators[:] = [translator]


def translated(timeout: WriteLockTimeout) -> Exception:
    return _translators[0](timeout) if _translators else timeout
