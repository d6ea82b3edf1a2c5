"""statuses, roles, kinds, results and waste streams hold only the values atelier knows

One CHECK constraint per column (atelier_tui/domain/vocabulary.py lists the values; the lists are
copied here so that this migration keeps meaning what it meant when later values are added). A
database holding another value is not changed: the upgrade stops and names the table, column
and value to correct.

On SQLite each table is rebuilt (batch mode); store/migrate.py turns foreign keys off while it
runs, else dropping the old table would delete the rows that cascade from it. Rebuilding `tool`
loses the expression index ix_tool_now_on, which is created again (see migration 0004).

Revision ID: 0011_vocabulary_checks
Revises: 0010_sheets_in_progress
Create Date: 2026-12-06 13:00:00
"""
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


def upgrade() -> None:
    _refuse_unknown_values(op.get_bind())
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, allowed in checks:
                batch_op.create_check_constraint(op.f(f"ck_{table}_{column}_known"), _condition(column, allowed))
    if op.get_bind().dialect.name == "sqlite":
        op.create_index('ix_tool_now_on', 'tool', [sa.text('coalesce(bench_id, home_bench_id)')], unique=False)


def downgrade() -> None:
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _allowed in checks:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}_known"), type_="check")
    if op.get_bind().dialect.name == "sqlite":
        op.create_index('ix_tool_now_on', 'tool', [sa.text('coalesce(bench_id, home_bench_id)')], unique=False)
