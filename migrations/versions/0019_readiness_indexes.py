"""index the store's tools by type, place and asset tag: the readiness check's nearest tools

The readiness check reads the store's free tools of a type location by location, in asset-tag
order, and stops after the few it needs (services/readiness/_tool_candidates.py). Without this
index it read every tool of the type and sorted them: a read that grew with the workshop. Only an
index is added: nothing of a workshop changes.

Like ix_tool_now_on, an expression index that SQLAlchemy cannot reflect on SQLite: a later
migration that rebuilds `tool` in batch mode must create it again.

Revision ID: 0019_readiness_indexes
Revises: 0018_small_tool_types
Create Date: 2026-12-06 18:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0019_readiness_indexes'
down_revision: Union[str, None] = '0018_small_tool_types'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_tool_type_place', 'tool',
                    ['tool_type_id', sa.text('coalesce(bench_id, home_bench_id)'), 'home_location_id', 'asset_tag'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tool_type_place', table_name='tool')
