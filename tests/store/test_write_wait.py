"""A write that finds the SQLite database locked waits instead of failing with "database is
locked": behind a long write that announced itself (an import) it says for whom it waits and waits
as long as that write runs; behind unannounced writers it waits within a bounded time, then gives
up in one sentence, having written nothing. Real processes hold the lock; each test releases it
when it has seen what it waits for, never after a fixed sleep."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.services.context import ServiceError
from atelier_tui.store import engine as store_engine
from atelier_tui.store import write_wait
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import RepairOrder
from tests.support.polling import wait_until

HOLDER = """
import sys
from atelier_tui.store.engine import make_engine, write_session
engine = make_engine(sys.argv[1])
announce = ("cmartin", "workshop_import", "2026-12-06T10:02:00+00:00") if sys.argv[2] == "announced" else None
with write_session(engine, announce):
    print("holding", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""

ORDER = ("order", "add", "--brand", "Tissot", "--model", "PRX", "--calibre", "ETA F06.115", "--intervention",
         "battery_change", "--deadline", "2030-01-15")


class Holder:
    """Another process holding the database's write lock until told to let go."""

    def __init__(self, database: Path, announced: bool) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, f"sqlite:///{database}",
                                         "announced" if announced else "quiet"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "holding"

    def release(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        assert self.process.wait(timeout=120) == 0


class Command:
    """`atelier ARGS` running in the background, its standard error read as it comes."""

    def __init__(self, database: Path, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "atelier_tui", "--db", str(database), *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "ATELIER_LANG": "en"})
        self.errors: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line.rstrip("\n"))

    def wait_for_error_line(self, expected: str, timeout: float = 120.0) -> None:
        def said() -> bool:
            if expected in self.errors:
                return True
            if self.process.poll() is not None:
                self._reader.join(timeout=10)
                assert expected in self.errors, \
                    f"the command ended (exit {self.process.returncode}) without saying {expected!r}: {self.errors}"
            return expected in self.errors

        wait_until(said, timeout, lambda: f"{expected!r} not said within {timeout} s: {self.errors}")

    def finish(self) -> tuple[int, str]:
        assert self.process.stdout is not None
        out = self.process.stdout.read()
        code = self.process.wait(timeout=120)
        self._reader.join(timeout=10)
        return code, out


def _orders(database: Path) -> int:
    engine = make_engine(f"sqlite:///{database}")
    with read_session(engine) as session:
        count = session.exec(select(func.count()).select_from(RepairOrder)).one()
    engine.dispose()
    return count


def test_a_write_behind_an_import_says_for_whom_it_waits_and_goes_through_when_it_ends(demo_db: Path) -> None:
    before = _orders(demo_db)
    holder = Holder(demo_db, announced=True)
    try:
        command = Command(demo_db, *ORDER)
        command.wait_for_error_line("waiting for cmartin (workshop import, started at 10:02 UTC)…")
    finally:
        holder.release()
    code, out = command.finish()
    assert code == 0, command.errors
    assert out.strip().startswith("OR-")
    assert _orders(demo_db) == before + 1
    assert not write_wait.notice_path(demo_db).exists()  # the import's announcement went with it


def test_a_write_behind_an_unannounced_writer_waits_past_the_busy_timeout(demo_db: Path) -> None:
    holder = Holder(demo_db, announced=False)
    try:
        command = Command(demo_db, *ORDER)
        # Said once SQLite's own busy timeout (10 s) has run out: before, the command failed there.
        command.wait_for_error_line("waiting for another program writing to the database…")
    finally:
        holder.release()
    code, _out = command.finish()
    assert code == 0, command.errors


def test_the_announcement_of_a_process_that_died_is_not_waited_for(demo_db: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    import socket

    write_wait.notice_path(demo_db).write_text(json.dumps({
        "who": "cmartin", "what": "workshop_import", "started_at": "2026-12-06T10:02:00+00:00",
        "pid": int(dead.stdout), "host": socket.gethostname()}), encoding="utf-8")
    assert write_wait.running_long_write(demo_db) is None
    command = Command(demo_db, *ORDER)
    code, _out = command.finish()
    assert code == 0 and command.errors == []


def test_a_write_gives_up_in_one_sentence_once_the_bounded_wait_is_over(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(write_wait, "RETRY_BUSY_MS", 300)
    monkeypatch.setattr(write_wait, "SHORT_WAIT_S", 1.0)
    engine = make_engine(f"sqlite:///{demo_db}")
    holder = Holder(demo_db, announced=False)
    try:
        with pytest.raises(ServiceError) as refused:
            with write_session(engine) as session:
                session.add(RepairOrder(reference="OR-NEVER"))  # never reached: the lock never came
    finally:
        holder.release()
        engine.dispose()
    assert str(refused.value).startswith("the database stayed busy for ")
    assert str(refused.value).endswith(" s (another program held its write lock): nothing was written; try again")


def test_a_long_write_is_announced_only_while_it_runs(tmp_path: Path, catalogued_db: Path) -> None:
    engine = make_engine(f"sqlite:///{catalogued_db}")
    started = datetime(2026, 12, 6, 10, 2, tzinfo=UTC).isoformat(timespec="seconds")
    with write_session(engine, ("nroux", "catalog_import", started)):
        notice = write_wait.running_long_write(catalogued_db)
        assert notice is not None and (notice.who, notice.what, notice.pid) == ("nroux", "catalog_import", os.getpid())
    assert write_wait.running_long_write(catalogued_db) is None
    engine.dispose()
