"""repair orders: the movement's grade its measurements are judged by and the order's own
estimate; interventions: the running-in and observation time they need after bench time;
checklist items: the sheet's quantities an item vouches for

Existing orders keep no grade (judged by their calibre's own tolerances, as before) and no
estimate of their own (their interventions' estimates, as before); existing interventions need no
time after the bench, and no checklist item vouches for measurements, until the next catalog
import says so.

Revision ID: 0012_order_plan
Revises: 0011_vocabulary_checks
Create Date: 2026-12-06 15:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012_order_plan'
down_revision: Union[str, None] = '0011_vocabulary_checks'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN: no table is rebuilt, so the CHECK constraints of 0011 stay as they are.
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('estimate_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('estimate_text', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
    with op.batch_alter_table('intervention_type', schema=None) as batch_op:
        batch_op.add_column(sa.Column('running_in_minutes', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('running_in_from', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measured', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.drop_column('measured')
    with op.batch_alter_table('intervention_type', schema=None) as batch_op:
        batch_op.drop_column('running_in_from')
        batch_op.drop_column('running_in_minutes')
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.drop_column('estimate_text')
        batch_op.drop_column('estimate_minutes')
        batch_op.drop_column('grade')
