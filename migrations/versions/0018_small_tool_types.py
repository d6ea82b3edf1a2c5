"""tool types: `small`, a tool too small for a QR label (its labels carry a Micro QR code)

Every tool type of a workshop that upgrades stays as it was (not small) until its catalog says so
and is imported again.

Revision ID: 0018_small_tool_types
Revises: 0017_maintenance_due
Create Date: 2026-12-06 19:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0018_small_tool_types'
down_revision: Union[str, None] = '0017_maintenance_due'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('tool_type', sa.Column('small', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('tool_type') as batch:
        batch.drop_column('small')
