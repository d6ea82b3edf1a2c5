"""Engines and sessions: where the database is, and the SQLite settings that let several
terminals share one file safely (see shared/engineering-notes.md, "SQLite shared by several
terminals")."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

DATABASE_URL_VARIABLE = "ATELIER_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("atelier", appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'atelier.db'}"


def resolve_database_url(explicit: str | None = None) -> str:
    """`--db` wins, then ATELIER_DATABASE_URL, then the SQLite file in the user data folder.
    A plain path is taken as a SQLite file."""
    url = explicit or os.environ.get(DATABASE_URL_VARIABLE) or default_database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


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
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


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
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back entirely if it raises."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if engine.dialect.name == "sqlite" else engine
    with Session(bind, expire_on_commit=False) as session:
        with session.begin():
            yield session
