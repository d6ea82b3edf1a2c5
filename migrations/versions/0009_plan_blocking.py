"""maintenance plans say whether reaching their limit stops a tool (dressing plans do not)

Revision ID: 0008_plan_blocking
Revises: 0008_cells_rechargeable
Create Date: 2026-11-29 09:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0009_plan_blocking'
down_revision: Union[str, None] = '0008_cells_rechargeable'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Every existing plan keeps blocking, as it did when overdue; a catalog import sets the
    # shipped dressing plans to false.
    with op.batch_alter_table('maintenance_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocking', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('maintenance_plan', schema=None) as batch_op:
        batch_op.drop_column('blocking')
