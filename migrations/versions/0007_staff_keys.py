"""staff members' SSH public keys, looked up by fingerprint by the built-in SSH server

Revision ID: 0007_staff_keys
Revises: 0006_audit_chain
Create Date: 2026-11-28 12:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0007_staff_keys'
down_revision: Union[str, None] = '0006_audit_chain'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('staff_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('algorithm', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['staff.id'], name=op.f('fk_staff_key_added_by_id_staff')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_key_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_key'))
    )
    with op.batch_alter_table('staff_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_key_fingerprint'), ['fingerprint'], unique=True)
        batch_op.create_index(batch_op.f('ix_staff_key_staff_id'), ['staff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_key_staff_id'))
        batch_op.drop_index(batch_op.f('ix_staff_key_fingerprint'))

    op.drop_table('staff_key')
