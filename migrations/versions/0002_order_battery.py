"""repair order: the battery read on the old cell

Revision ID: 0002_order_battery
Revises: 0001_initial
Create Date: 2026-11-27 18:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0002_order_battery'
down_revision: Union[str, None] = '0001_initial'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('repair_order') as batch:
        batch.add_column(sa.Column('battery', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('repair_order') as batch:
        batch.drop_column('battery')
