"""The Core tables of the read path (store/core_tables.py) are the SQLModel tables, column for
column: a read command that reads a column the models renamed, retyped or dropped would read
something else than what the workstation writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel

import atelier_tui.store.models  # noqa: F401  (every table, defined)
from atelier_tui.store import core_tables
from atelier_tui.store.core_engine import read_connection
from atelier_tui.store.core_tables_render import TARGET, class_names, render
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import AuditEvent, Site

DIALECTS = (sqlite.dialect(), postgresql.dialect())


def _described(table) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [
        (column.name, *(column.type.compile(dialect=dialect) for dialect in DIALECTS), column.nullable, column.primary_key,
         sorted(key.target_fullname for key in column.foreign_keys))
        for column in table.columns
    ]


def test_every_table_is_there_under_its_model_name() -> None:
    assert set(core_tables.metadata.tables) == set(SQLModel.metadata.tables)
    for table, model in class_names().items():
        assert getattr(core_tables, model).__table__ is core_tables.metadata.tables[table]


@pytest.mark.parametrize("table", sorted(SQLModel.metadata.tables))
def test_each_table_matches_its_model_column_for_column(table: str) -> None:
    assert _described(core_tables.metadata.tables[table]) == _described(SQLModel.metadata.tables[table])


def test_the_file_is_what_the_renderer_writes_from_the_models() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), "run: python -m atelier_tui.store.core_tables_render"


def test_a_row_reads_the_same_through_the_core_table_as_through_the_model(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with write_session(migrated_engine) as session:
        session.add(Site(code="RG", name="Atelier Rive-Gauche"))
        session.add(AuditEvent(at=at, actor="cmartin", action="tool.update", entity="tool", entity_key="AT-1",
                               before={"status": "in_service"}, after={"status": "out"}, reason="", prev_hash="0" * 64,
                               hash="1" * 64))
    with read_session(migrated_engine) as session:
        by_model = session.execute(select(AuditEvent)).scalar_one()
        site_by_model = session.execute(select(Site.name)).scalar_one()
    with read_connection(migrated_engine) as connection:
        by_table = connection.execute(select(core_tables.AuditEvent)).one()
        site_by_table = connection.execute(select(core_tables.Site.name)).scalar_one()
    assert by_table.at == by_model.at == at and by_table.at.tzinfo is not None
    assert (by_table.before, by_table.after) == (by_model.before, by_model.after) == ({"status": "in_service"}, {"status": "out"})
    assert site_by_table == site_by_model == "Atelier Rive-Gauche"


def test_a_missing_column_is_named() -> None:
    with pytest.raises(AttributeError, match="table repair_order has no column colour"):
        _ = core_tables.RepairOrder.colour
