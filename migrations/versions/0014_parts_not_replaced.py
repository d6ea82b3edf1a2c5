"""a part a job replaces can be recorded as not replaced, with a reason

A sheet cannot close while a part its job replaces (a cell for a battery change, a movement, a
crystal, a crown, a stem) has been neither fitted nor recorded here. A new table: nothing existing
changes.

Revision ID: 0014_parts_not_replaced
Revises: 0013_case_parts
Create Date: 2026-12-06 15:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0014_parts_not_replaced'
down_revision: Union[str, None] = '0013_case_parts'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('sheet_part_not_replaced',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('part', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['staff.id'], name=op.f('fk_sheet_part_not_replaced_author_id_staff')),
    sa.ForeignKeyConstraint(['sheet_id'], ['intervention_sheet.id'], name=op.f('fk_sheet_part_not_replaced_sheet_id_intervention_sheet'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_part_not_replaced')),
    sa.UniqueConstraint('sheet_id', 'part', name=op.f('uq_sheet_part_not_replaced_sheet_id_part'))
    )


def downgrade() -> None:
    op.drop_table('sheet_part_not_replaced')
