"""every order in progress has its intervention sheet

An order could be "in progress" with no sheet (older demos were generated so): its sheet could not
be opened, nor the order started again. Each such order gets the sheet starting it would have
opened: on its bench, for its technician (else the bench's), the steps of its interventions, none
ticked, opened at the time of this upgrade, with no verdict recorded (none was taken). An order in
progress with no bench or no technician to hold the sheet goes back to "accepted": starting it
again opens the sheet with a real verdict.

Revision ID: 0010_sheets_in_progress
Revises: 0009_plan_blocking
Create Date: 2026-11-29 12:00:00
"""
from datetime import UTC, datetime
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0010_sheets_in_progress'
down_revision: Union[str, None] = '0009_plan_blocking'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    connection = op.get_bind()
    tables = sa.MetaData()
    tables.reflect(connection, only=("repair_order", "bench", "intervention_sheet", "sheet_entry", "order_intervention",
                                     "intervention_type"))
    order, bench, sheet, entry = (tables.tables[name] for name in ("repair_order", "bench", "intervention_sheet", "sheet_entry"))
    link, kind = tables.tables["order_intervention"], tables.tables["intervention_type"]
    orphans = connection.execute(
        sa.select(order.c.id, order.c.bench_id, sa.func.coalesce(order.c.technician_id, bench.c.technician_id))
        .select_from(order.outerjoin(bench, bench.c.id == order.c.bench_id))
        .where(order.c.status == "in_progress", ~sa.exists().where(sheet.c.order_id == order.c.id))
        .order_by(order.c.id)
    ).all()
    now = datetime.now(UTC)
    for order_id, bench_id, technician_id in orphans:
        if bench_id is None or technician_id is None:
            connection.execute(sa.update(order).where(order.c.id == order_id).values(status="accepted", version=order.c.version + 1))
            continue
        sheet_id = connection.execute(sa.insert(sheet).values(
            order_id=order_id, bench_id=bench_id, technician_id=technician_id, opened_at=now, status="open", verdict={},
            concession_reason="", version=1,
        ).returning(sheet.c.id)).scalar_one()
        steps = connection.execute(
            sa.select(kind.c.key, kind.c.steps).join(link, link.c.intervention_type_id == kind.c.id)
            .where(link.c.order_id == order_id).order_by(link.c.position, link.c.id)
        ).all()
        rows = [{"sheet_id": sheet_id, "kind": "step", "position": 0, "text": step.get("en", ""), "category": f"{key}#{index}"}
                for key, template in steps for index, step in enumerate(template or [])]
        for position, row in enumerate(rows):
            row["position"] = position
        if rows:
            connection.execute(sa.insert(entry), rows)
        connection.execute(sa.update(order).where(order.c.id == order_id).values(technician_id=technician_id))


def downgrade() -> None:
    # The sheets opened here cannot be told from sheets opened by starting an order: they stay.
    pass
