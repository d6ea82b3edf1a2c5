"""index the tools by where they are

The tools list's filter by location and its sort by where read the tools of one place at a
time: those on a bench, those at home in a location, those at home at their bench. Without
this index each read of a location's tools scanned every tool. The columns are the ones that
tell where a tool is, in the order a read narrows them, then the asset tag, so that a count
reads the index alone. Only an index is added: nothing of a workshop changes.

Revision ID: 0024_tool_place_index
Revises: 0023_open_orders_index
Create Date: 2026-12-07 09:30:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0024_tool_place_index'
down_revision: Union[str, None] = '0023_open_orders_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_tool_place', 'tool', ['bench_id', 'home_location_id', 'home_bench_id', 'asset_tag'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tool_place', table_name='tool')
