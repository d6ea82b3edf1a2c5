"""index where a tool is now (checked out to a bench, else its home bench)

SQLAlchemy cannot reflect an expression index on SQLite: a later migration that rebuilds the
`tool` table in batch mode must create ix_tool_now_on again.

Revision ID: 0004_tool_now_on_index
Revises: 0003_reservations_by_order
Create Date: 2026-11-27 19:20:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004_tool_now_on_index'
down_revision: Union[str, None] = '0003_reservations_by_order'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_tool_now_on', 'tool', [sa.text('coalesce(bench_id, home_bench_id)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tool_now_on', table_name='tool')
