"""Is the database at the schema this code expects? One SQL query, no alembic import (alembic
costs ~0.4 s of start-up; the TUI must not pay it)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from atelier_tui.store.database import Database

if TYPE_CHECKING:
    from sqlalchemy import Engine

# The newest migration in migrations/versions; tests/test_migrations.py keeps them equal.
HEAD_REVISION = "0024_tool_list_indexes"


@dataclass(frozen=True)
class SchemaState:
    current: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == HEAD_REVISION


def schema_state(engine: Database | Engine) -> SchemaState:
    if isinstance(engine, Database):
        if engine.sqlite_path is None:
            return schema_state(engine.engine)
        return _sqlite_schema_state(engine.sqlite_path)
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return SchemaState(None)
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        connection.rollback()
    return SchemaState(row[0] if row else None)


def _sqlite_schema_state(path: str) -> SchemaState:
    """The same question on sqlite3 (no SQLAlchemy); a file that is not there is not created."""
    from atelier_tui.store.lean_reader import connect

    try:
        connection = connect(path)
    except sqlite3.OperationalError:
        return SchemaState(None)
    try:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone() is None:
            return SchemaState(None)
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    return SchemaState(row[0] if row else None)
