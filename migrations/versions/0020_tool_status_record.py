"""the maintenance record that took a tool out of service, kept as data

A failed calibration or verification used to store its out-of-service reason as a sentence in the
language of whoever recorded it, so a French screen read English. The tool now keeps the id of the
record; the sentence is built from that record when it is read, in the reader's language. Reasons
already stored stay as they are (they were written then). A plain nullable column is added: nothing
is rebuilt, nothing of a workshop changes.

Revision ID: 0020_tool_status_record
Revises: 0019_readiness_indexes
Create Date: 2026-12-06 19:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0020_tool_status_record'
down_revision: Union[str, None] = '0019_readiness_indexes'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('tool', sa.Column('status_record_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35 and later, PostgreSQL): a batch rebuild of `tool` would break
    # the triggers and the expression indexes that name it.
    op.execute('ALTER TABLE tool DROP COLUMN status_record_id')
