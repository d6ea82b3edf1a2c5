"""A status, role, kind, result or waste stream the code does not know cannot be written, even
through plain SQL; and databases made before the constraints upgrade with every row kept."""

from __future__ import annotations

import pytest
from sqlalchemy import CheckConstraint, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import atelier_tui.store.models  # noqa: F401  (fills SQLModel.metadata)
from atelier_tui.store import migrate
from atelier_tui.store.engine import make_engine
from atelier_tui.store.schema import schema_state
from tests.support.row_counts import row_counts

pytestmark = pytest.mark.backends

BEFORE_THE_CHECKS = "0010_sheets_in_progress"

# (table, column, a row of the demo workshop to change): one per kind of value.
WRITES = [
    ("tool", "status", "SELECT min(id) FROM tool"),
    ("bench", "status", "SELECT min(id) FROM bench"),
    ("repair_order", "status", "SELECT min(id) FROM repair_order"),
    ("repair_order", "movement_kind", "SELECT min(id) FROM repair_order"),
    ("staff", "role", "SELECT min(id) FROM staff"),
    ("maintenance_plan", "kind", "SELECT min(id) FROM maintenance_plan"),
    ("maintenance_record", "result", "SELECT min(id) FROM maintenance_record"),
    ("checklist_answer", "answer", "SELECT min(id) FROM checklist_answer"),
    ("stock_movement", "kind", "SELECT min(id) FROM stock_movement"),
    ("stock_movement", "waste_stream", "SELECT min(id) FROM stock_movement"),
    ("supply_type", "waste_stream", "SELECT min(id) FROM supply_type"),
    ("lot", "status", "SELECT min(id) FROM lot"),
]



def _check_names(engine) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = inspect(engine)
    return {(table, check["name"]) for table in found.get_table_names() for check in found.get_check_constraints(table)}



@pytest.mark.parametrize(("table", "column", "row"), WRITES, ids=[f"{t}.{c}" for t, c, _ in WRITES])
def test_an_unknown_value_written_through_sql_is_refused(demo_engine, table: str, column: str, row: str) -> None:  # type: ignore[no-untyped-def]
    with demo_engine.connect() as connection:
        row_id = connection.execute(text(row)).scalar_one()
        assert row_id is not None, f"the demo workshop has no {table} row"
        with pytest.raises(IntegrityError, match=f"ck_{table}_{column}_known"):
            connection.execute(text(f"UPDATE {table} SET {column} = 'broken' WHERE id = :id"), {"id": row_id})


def test_a_known_value_written_through_sql_is_kept(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with demo_engine.begin() as connection:
        tool_id = connection.execute(text("SELECT min(id) FROM tool")).scalar_one()
        connection.execute(text("UPDATE tool SET status = 'retired' WHERE id = :id"), {"id": tool_id})
    with demo_engine.connect() as connection:
        assert connection.execute(text("SELECT status FROM tool WHERE id = :id"), {"id": tool_id}).scalar_one() == "retired"


def test_every_constraint_of_the_models_is_in_the_migrated_database(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    """alembic's drift check does not compare CHECK constraints: this does, by name."""
    expected = {(table.name, constraint.name) for table in SQLModel.metadata.tables.values()
                for constraint in table.constraints if isinstance(constraint, CheckConstraint)}
    assert ("tool", "ck_tool_status_known") in expected
    assert _check_names(migrated_engine) == expected


def test_a_workshop_made_before_the_checks_upgrades_with_every_row_kept(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """On SQLite the upgrade rebuilds tables that others cascade from (repair_order, supply_type,
    checklist_template, intervention_sheet): none of their children may go."""
    migrate.downgrade(demo_engine, BEFORE_THE_CHECKS)
    assert not any(name.endswith("_known") for _table, name in _check_names(demo_engine))
    before = row_counts(demo_engine)
    assert before["order_intervention"] and before["supply_alias"] and before["checklist_item"] and before["sheet_entry"]

    migrate.upgrade(demo_engine)

    assert schema_state(demo_engine).up_to_date
    assert row_counts(demo_engine, only=set(before)) == before
    assert ("tool", "ck_tool_status_known") in _check_names(demo_engine)


def test_a_workshop_holding_an_unknown_value_is_not_upgraded_and_says_where(demo_engine) -> None:  # type: ignore[no-untyped-def]
    migrate.downgrade(demo_engine, BEFORE_THE_CHECKS)
    with demo_engine.begin() as connection:
        connection.execute(text("UPDATE bench SET status = 'renovation' WHERE id = (SELECT min(id) FROM bench)"))
    before = row_counts(demo_engine)

    with pytest.raises(ValueError, match=r"^bench\.status: 'renovation' is not one of open, closed, maintenance"):
        migrate.upgrade(demo_engine)

    assert schema_state(demo_engine).current == BEFORE_THE_CHECKS
    assert row_counts(demo_engine, only=set(before)) == before


@pytest.mark.sqlite_only("foreign keys are a per-connection pragma on SQLite only")
def test_foreign_keys_are_on_again_after_an_upgrade(demo_db) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        migrate.downgrade(engine, BEFORE_THE_CHECKS)
        migrate.upgrade(engine)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            with pytest.raises(IntegrityError, match="FOREIGN KEY"):
                connection.execute(text("UPDATE tool SET site_id = 999999 WHERE id = (SELECT min(id) FROM tool)"))
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("the command line is given a database file")
def test_db_upgrade_refuses_an_unknown_value_in_one_line(demo_db) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        migrate.downgrade(engine, BEFORE_THE_CHECKS)
        with engine.begin() as connection:
            connection.execute(text("UPDATE tool SET status = 'lost' WHERE id = (SELECT min(id) FROM tool)"))
    finally:
        engine.dispose()

    result = subprocess.run([sys.executable, "-m", "atelier_tui", "--db", str(demo_db), "db", "upgrade"],
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tool.status: 'lost' is not one of in_service, checked_out, in_maintenance, out_of_service, retired; "
        "correct those rows, then upgrade again"]
