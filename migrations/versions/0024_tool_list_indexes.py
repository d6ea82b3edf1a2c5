"""index the tools by where they are, by status and by use, each then by asset tag

The tools list sorted by where, by status or by use, and its filters by location and status,
read the tools of one place or status at a time, in asset-tag order; without these indexes each
such read scanned every tool, and a sort sorted them all. ix_tool_place holds the columns that
tell where a tool is, in the order a read narrows them: the bench it is on, the location that
keeps it, the bench it belongs to. Only indexes are added: nothing of a workshop changes.

Revision ID: 0024_tool_list_indexes
Revises: 0023_open_orders_index
Create Date: 2026-12-07 09:30:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0024_tool_list_indexes'
down_revision: Union[str, None] = '0023_open_orders_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_tool_place', 'tool', ['bench_id', 'home_location_id', 'home_bench_id', 'asset_tag'], unique=False)
    op.create_index('ix_tool_status', 'tool', ['status', 'asset_tag'], unique=False)
    op.create_index('ix_tool_usage', 'tool', ['usage_count', 'asset_tag'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tool_usage', table_name='tool')
    op.drop_index('ix_tool_status', table_name='tool')
    op.drop_index('ix_tool_place', table_name='tool')
