"""Is the database at the schema this code expects? One SQL query, no alembic import (alembic
costs ~0.4 s of start-up; the TUI must not pay it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, inspect, text

# The newest migration in migrations/versions; tests/test_migrations.py keeps them equal.
HEAD_REVISION = "0021_proposal_run"


@dataclass(frozen=True)
class SchemaState:
    current: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == HEAD_REVISION


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return SchemaState(None)
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        connection.rollback()
    return SchemaState(row[0] if row else None)
