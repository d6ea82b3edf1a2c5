"""the due list, stored: where each plan of each tool stands, with an index on the next due date

`atelier maintenance due --within N`, the dashboards, the planner and the readiness check read a
window of dates from `maintenance_due` instead of evaluating every plan of every tool. The rows are
derived: this fills them from the workshop's records, reschedules, accepted intervals and plans,
as the schedule computes them today (services.maintenance.due_store), so nothing a workshop shows
changes. `maintenance_due_stale` and the triggers of store.due_marks mark the tools a write moves;
the services recompute them in the same transaction. `atelier maintenance check-due` recomputes
everything and reports any difference.

New tables and triggers only: `tool`, `lot` and `repair_order` are not rebuilt.

Revision ID: 0017_maintenance_due
Revises: 0016_search_index
Create Date: 2026-12-06 18:10:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op
from atelier_tui.store.engine import CheckedSession as Session  # runs the services' read statements

from atelier_tui.store import due_marks

revision: str = '0017_maintenance_due'
down_revision: Union[str, None] = '0016_search_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'maintenance_due',
        sa.Column('tool_id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('every_days', sa.Integer(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('last_done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_record_id', sa.Integer(), nullable=True),
        sa.Column('next_due_on', sa.Date(), nullable=True),
        sa.Column('uses_left', sa.Integer(), nullable=True),
        sa.Column('usage_seen', sa.Integer(), nullable=False),
        sa.Column('rescheduled', sa.Boolean(), nullable=False),
        sa.Column('reschedule_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('attention', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('tool_id', 'plan_id', name=op.f('pk_maintenance_due')),
    )
    op.create_index('ix_maintenance_due_next_due_on', 'maintenance_due', ['next_due_on'], unique=False)
    op.create_index('ix_maintenance_due_attention', 'maintenance_due', ['attention'], unique=False)
    op.create_table(
        'maintenance_due_stale',
        sa.Column('tool_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('tool_id', name=op.f('pk_maintenance_due_stale')),
    )
    connection = op.get_bind()
    # The services' own computation fills it, in this transaction: what the workshop showed before.
    from atelier_tui.services.maintenance.due_store import recompute_all

    recompute_all(Session(bind=connection))
    due_marks.create_due_marks(connection)


def downgrade() -> None:
    due_marks.drop_due_marks(op.get_bind())
    op.drop_table('maintenance_due_stale')
    op.drop_index('ix_maintenance_due_attention', table_name='maintenance_due')
    op.drop_index('ix_maintenance_due_next_due_on', table_name='maintenance_due')
    op.drop_table('maintenance_due')
