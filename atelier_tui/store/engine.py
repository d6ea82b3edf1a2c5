"""Engines and sessions: where the database is, and the SQLite settings that let several
terminals share one file safely (see shared/engineering-notes.md, "SQLite shared by several
terminals")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from atelier_tui.store.core_engine import BUSY_TIMEOUT_MS, READ_ONLY, WRITER_LOCK_KEY, make_engine
from atelier_tui.store.location import DATABASE_URL_VARIABLE, data_dir, default_database_url, resolve_database_url
from atelier_tui.store.read_statements import LEAN_STATEMENTS
from atelier_tui.store.text_guard import StoredTextRefused, refusal_in, translated
from atelier_tui.store.write_wait import LockWait, WriteLockTimeout, announced
from atelier_tui.store.write_wait import translated as translated_timeout

__all__ = ["BUSY_TIMEOUT_MS", "DATABASE_URL_VARIABLE", "WRITER_LOCK_KEY", "data_dir", "default_database_url", "make_engine", "read_session",
           "resolve_database_url", "write_options", "write_session"]


class CheckedSession(Session):
    """The session of every read and write block: what it flushes is checked (_check_texts); it
    runs read statements (store/read_statements.py) as the Core statements they build."""

    def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(statement, LEAN_STATEMENTS):
            statement = statement.core()
        return super().execute(statement, *args, **kwargs)


@event.listens_for(CheckedSession, "before_flush")
def _check_texts(session: Session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
    """The one choke point of the rule on stored text: each new or changed text column of each
    row, whatever the entry path that filled it (store/text_guard.py)."""
    for row in (*session.new, *session.dirty):
        state = inspect(row)
        table = state.mapper.local_table.name
        for attribute in state.mapper.column_attrs:
            if state.pending:
                values = [getattr(row, attribute.key)]
            else:
                values = list(state.attrs[attribute.key].history.added or ())
            for value in values:
                if refusal := refusal_in(table, attribute.columns[0].name, value):
                    raise refusal


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """One snapshot for every query of the block, as a SQLite read transaction has. On PostgreSQL
    that is REPEATABLE READ: under READ COMMITTED each query would see the latest commit, and a
    page and the total counted beside it could disagree."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with CheckedSession(engine, expire_on_commit=False, info={READ_ONLY: True}) as session:
        yield session


def write_options(engine: Engine) -> dict[str, object]:
    """The execution options of a write transaction: it takes the write lock as it begins."""
    if engine.dialect.name == "sqlite":
        return {"sqlite_begin": "IMMEDIATE"}
    if engine.dialect.name == "postgresql":
        # READ COMMITTED whatever the server's default: each statement after the lock sees what the
        # writer before committed (a snapshot taken while waiting for the lock would not).
        return {"writer_lock": True, "isolation_level": "READ COMMITTED"}
    return {}


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def _begin_writing(engine: Engine, database: Path | None) -> tuple[Session, SessionTransaction]:
    """A session holding the write lock already (SQLite: BEGIN IMMEDIATE, taken before anything is
    read), after waiting for it as store/write_wait.py says."""
    options = write_options(engine)
    wait = LockWait(database) if database is not None else None
    while True:
        if wait is not None:
            options["sqlite_busy_ms"] = wait.busy_ms_for_next_attempt(BUSY_TIMEOUT_MS)
        session = CheckedSession(engine.execution_options(**options), expire_on_commit=False)
        transaction = session.begin()
        try:
            session.connection()
            return session, transaction
        except OperationalError as error:
            transaction.rollback()
            session.close()
            if wait is None or "locked" not in str(error.orig):
                raise
            try:
                wait.failed()
            except WriteLockTimeout as timeout:
                raise translated_timeout(timeout) from None


@contextmanager
def write_session(engine: Engine, long_write: tuple[str, str, str] | None = None) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back entirely if it raises (a text
    refused as it is flushed reaches the caller as the services' own refusal). A write waits for
    the lock within a bounded time; `long_write` (who, what, started at) announces a transaction
    that will hold it long, so that the writes behind it wait for it and say for whom."""
    database = sqlite_file(engine)
    session, transaction = _begin_writing(engine, database)
    announcement = announced(database, *long_write) if long_write is not None else nullcontext()
    try:
        with session, announcement, transaction:
            yield session
    except StoredTextRefused as refusal:
        raise translated(refusal) from None
