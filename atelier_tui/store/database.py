"""A workshop's database as a read command or a first screen holds it: its URL, the lean session
on a SQLite file (store/lean_reader.py), and SQLAlchemy's engine, made (and SQLAlchemy imported)
only when something asks for it: a write, or a read not yet written as read statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from atelier_tui.store.lean_reader import LeanSession, lean_session

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

__all__ = ["READ_ONLY", "Database", "connection_of", "reading", "sqlite_path_of"]

# In a session's `info` (store.engine.read_session): the block only reads, so what it loads may be
# plain rows rather than objects to change.
READ_ONLY = "atelier_read_only"


def sqlite_path_of(url: str) -> str | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return path if path and path != ":memory:" else None


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite_path = sqlite_path_of(url)
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from atelier_tui.store.core_engine import make_engine

            self._engine = make_engine(self.url)
        return self._engine

    @property
    def engine_made(self) -> bool:
        return self._engine is not None

    def __repr__(self) -> str:
        return f"Database({self.url})"


@contextmanager
def reading(source: Database | Engine) -> Iterator[Session]:
    """One snapshot for the read statements of the block: the lean session on a SQLite file, else a
    read on SQLAlchemy's connection (which runs them, and any other Core statement, as it builds
    them). Typed as the Session the query functions take: it answers only the calls they make."""
    if isinstance(source, Database) and source.sqlite_path is not None:
        with lean_session(source.sqlite_path) as session:
            yield session  # type: ignore[misc]
        return
    from atelier_tui.store.core_engine import read_rows

    engine: Any = source.engine if isinstance(source, Database) else source
    with read_rows(engine) as session:
        yield session


def connection_of(session: Any) -> Any:
    """The session's own connection, as the queries that skip the ORM's row handling read on it,
    running read statements too: the lean session itself, else SQLAlchemy's connection."""
    connection = session.connection()
    if isinstance(connection, LeanSession):
        return connection
    from atelier_tui.store.core_engine import ReadSession

    return ReadSession(connection)
