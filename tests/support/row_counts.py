"""Rows per table of the models, for the tests that take a workshop down to an older revision and
up again: a table a later revision adds is not there below it, and is left out."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel


def row_counts(engine: Engine, only: set[str] | None = None) -> dict[str, int]:
    present = set(inspect(engine).get_table_names())
    tables = [name for name in SQLModel.metadata.tables if name in present and (only is None or name in only)]
    with engine.connect() as connection:
        return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in tables}
