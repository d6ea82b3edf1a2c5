"""why an interval proposal was made, kept as data

An interval proposal stored its reason as a sentence in the language of whoever recorded the
calibration that led to it ("3 calibrations in a row found in tolerance"), so a French lead read
English. The proposal now keeps the number of in-tolerance calibrations in a row (0 for a shorter
interval, after one found out of tolerance); the sentence is made from it when it is read, in the
reader's language. Reasons already stored stay as they were written. A plain nullable column is
added: nothing is rebuilt, nothing of a workshop changes.

Revision ID: 0021_proposal_run
Revises: 0020_tool_status_record
Create Date: 2026-12-06 21:20:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0021_proposal_run'
down_revision: Union[str, None] = '0020_tool_status_record'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('interval_proposal', sa.Column('in_tolerance_run', sa.Integer(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35 and later, PostgreSQL), as 0020 does.
    op.execute('ALTER TABLE interval_proposal DROP COLUMN in_tolerance_run')
