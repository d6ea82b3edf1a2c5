"""The engine, and reading without the ORM: what a read command or a first screen needs from the
store without paying for SQLModel, pydantic and the ORM (store/engine.py adds the sessions that
write). The SQLite settings let several terminals share one file safely (see
shared/engineering-notes.md, "SQLite shared by several terminals")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Result, create_engine, event

from atelier_tui.store.database import READ_ONLY
from atelier_tui.store.read_statements import LEAN_STATEMENTS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["BUSY_TIMEOUT_MS", "READ_ONLY", "WRITER_LOCK_KEY", "ReadSession", "make_engine", "read_connection", "read_rows"]

BUSY_TIMEOUT_MS = 10_000
# PostgreSQL: the transaction-scoped advisory lock a write transaction takes first, so that writers
# run one at a time as they do on SQLite (BEGIN IMMEDIATE): what a service reads in its write
# transaction is still true when it writes. Readers never wait for it.
WRITER_LOCK_KEY = 0x6174656C  # "atel"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # pysqlite's own implicit BEGIN is turned off: we emit BEGIN ourselves (below) so that
        # writes can take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # In WAL mode a deferred transaction that reads then writes fails at once if another
        # process committed in between; a write transaction therefore begins IMMEDIATE.
        options = connection.get_execution_options()
        # How long this BEGIN may wait for the lock: a write waiting behind a long one retries in
        # short steps so that the person hears what it waits for (store/write_wait.py).
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(options.get('sqlite_busy_ms', BUSY_TIMEOUT_MS))}")
        connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get("writer_lock"):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    return engine


class ReadSession:
    """A read connection answering the few session calls the read queries make (execute,
    flush, get_bind, connection), so that one query function serves a write session (where it may get
    SQLModel objects to change) and a read (Core rows, store/core_tables.py)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.info = {READ_ONLY: True}  # as store.engine.read_session's: it only reads

    def execute(self, statement: Any, parameters: Any = None) -> Result[Any]:
        if isinstance(statement, LEAN_STATEMENTS):
            statement = statement.core()
        return self._connection.execute(statement, parameters)

    def flush(self) -> None:
        """Nothing to flush: a read adds nothing (a query that may also run in a write session
        flushes first, so that the due marks' triggers have fired)."""

    def get_bind(self) -> Engine:
        return self._connection.engine

    def connection(self) -> Connection:
        return self._connection


@contextmanager
def read_rows(engine: Engine) -> Iterator[Session]:
    """read_connection, through a ReadSession. Typed as the Session it stands in for, so that the
    query functions keep their one signature; it answers only the calls above (a read never adds,
    so its flush has nothing to do)."""
    with read_connection(engine) as connection:
        yield ReadSession(connection)  # type: ignore[misc]


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """One snapshot for every query of the block, as store.engine.read_session gives, on a plain
    connection (Core tables: store/core_tables.py). Ends with a rollback: it never writes."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as connection:
        try:
            yield connection
        finally:
            connection.rollback()
