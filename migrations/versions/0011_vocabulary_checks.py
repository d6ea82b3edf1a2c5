"""statuses, roles, kinds, results and waste streams hold only the values atelier knows

One CHECK constraint per column (atelier_tui/domain/vocabulary.py lists the values; the lists are
copied here so that this migration keeps meaning what it meant when later values are added). A
database holding another value is not changed: the upgrade stops and names the table, column
and value to correct.

SQLite cannot add a constraint to a table: each table is rebuilt by SQLite's own procedure (a new
table made from the old one's CREATE statement with the constraint added, the rows copied, the old
table dropped, the new one renamed, its indexes created again from their own statements). Not
alembic's batch mode: it rebuilds from a reflected table whose constraints are a set, so their order
in the new table, and with it which constraint SQLite names when a row breaks two, would change
from one run to the next. store/migrate.py turns foreign keys off while it runs, else dropping the
old table would delete the rows that cascade from it.

Revision ID: 0011_vocabulary_checks
Revises: 0010_sheets_in_progress
Create Date: 2026-12-06 13:00:00
"""
import re
from collections.abc import Callable
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from atelier_tui.store.migrate import UpgradeRefused

revision: str = '0011_vocabulary_checks'
down_revision: Union[str, None] = '0010_sheets_in_progress'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TOOL_STATUSES = ("in_service", "checked_out", "in_maintenance", "out_of_service", "retired")
ORDER_STATUSES = ("received", "quoted", "accepted", "ready", "in_progress", "quality_control", "done", "returned",
                  "cancelled")
MOVEMENT_KINDS = ("manual", "automatic", "quartz", "kinetic", "solar")
WASTE_STREAMS = ("battery_collection", "solvent_waste", "general")

# table -> ((column, allowed values), ...)
CHECKS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "staff": (("role", ("technician", "lead", "admin", "gateway")),),
    "bench": (("status", ("open", "closed", "maintenance")),),
    "tool": (("status", TOOL_STATUSES),),
    "supply_type": (("waste_stream", WASTE_STREAMS), ("drain", ("low", "high"))),
    "calibre": (("movement_kind", MOVEMENT_KINDS),),
    "checklist_template": (("scope", ("bench", "order")),),
    "checklist_item": (("tag", ("Q", "H", "S", "E")), ("level", ("critical", "required", "optional"))),
    "maintenance_plan": (("kind", ("cleaning", "maintenance", "verification", "calibration")),
                         ("anchor", ("completion", "fixed"))),
    "repair_order": (("status", ORDER_STATUSES), ("movement_kind", MOVEMENT_KINDS),
                     ("luminous", ("none", "luminova", "tritium", "radium", "unknown"))),
    "checklist_answer": (("answer", ("ok", "not_ok", "not_applicable")),),
    "intervention_sheet": (("status", ("open", "closed")),),
    "sheet_entry": (("kind", ("step", "anomaly", "alert", "note")),),
    "sheet_measurement": (("judged", ("pass", "fail", "")),),
    "sheet_lot_use": (("state", ("reserved", "consumed", "released")),),
    "lot": (("status", ("available", "quarantined", "disposed")),),
    "stock_movement": (("kind", ("receipt", "consumption", "adjustment", "transfer", "disposal")),
                       ("waste_stream", WASTE_STREAMS)),
    "maintenance_record": (("result", ("pass", "adjusted", "fail")),),
    "maintenance_review_item": (("disposition", ("", "accepted", "recalled")),),
    "interval_proposal": (("state", ("proposed", "accepted", "declined", "superseded")),),
}


def _condition(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in allowed)})"


def _refuse_unknown_values(connection: sa.Connection) -> None:
    for table, checks in CHECKS.items():
        for column, allowed in checks:
            row = connection.execute(sa.text(
                f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL AND NOT ({_condition(column, allowed)}) LIMIT 1"
            )).first()
            if row is not None:
                raise UpgradeRefused(f"{table}.{column}: '{row[0]}' is not one of {', '.join(allowed)}; "
                                 f"correct those rows, then upgrade again")


def _rebuild_sqlite(connection: sa.Connection, table: str, change: Callable[[str], str]) -> None:
    create = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    indexes = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)).scalars().all()
    named = re.compile(rf'^CREATE TABLE\s+("?){table}\1\s*\(')
    assert named.match(create), create
    connection.exec_driver_sql(named.sub(f'CREATE TABLE "_new_{table}" (', change(create), count=1))
    connection.exec_driver_sql(f'INSERT INTO "_new_{table}" SELECT * FROM "{table}"')
    connection.exec_driver_sql(f'DROP TABLE "{table}"')
    connection.exec_driver_sql(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')
    for index in indexes:
        connection.exec_driver_sql(index)


def _clause(table: str, column: str, allowed: tuple[str, ...]) -> str:
    return f"CONSTRAINT ck_{table}_{column}_known CHECK ({_condition(column, allowed)})"


def upgrade() -> None:
    connection = op.get_bind()
    _refuse_unknown_values(connection)
    for table, checks in CHECKS.items():
        if connection.dialect.name == "sqlite":
            clauses = "".join(f", \n\t{_clause(table, column, allowed)}" for column, allowed in checks)
            _rebuild_sqlite(connection, table, lambda create, clauses=clauses: create.rstrip()[:-1].rstrip() + clauses + "\n)")
        else:
            for column, allowed in checks:
                op.create_check_constraint(op.f(f"ck_{table}_{column}_known"), table, _condition(column, allowed))


def downgrade() -> None:
    connection = op.get_bind()
    for table, checks in CHECKS.items():
        if connection.dialect.name == "sqlite":
            def without(create: str, checks: tuple[tuple[str, tuple[str, ...]], ...] = checks, table: str = table) -> str:
                for column, allowed in checks:
                    create = create.replace(f", \n\t{_clause(table, column, allowed)}", "")
                return create
            _rebuild_sqlite(connection, table, without)
        else:
            for column, _allowed in checks:
                op.drop_constraint(op.f(f"ck_{table}_{column}_known"), table, type_="check")
