"""out-of-tolerance reviews and their items, interval proposals, reschedules; ad hoc and
in-tolerance flags on maintenance records

Revision ID: 0005_maintenance_reviews
Revises: 0004_tool_now_on_index
Create Date: 2026-11-27 20:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0005_maintenance_reviews'
down_revision: Union[str, None] = '0004_tool_now_on_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('interval_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('current_days', sa.Integer(), nullable=False),
    sa.Column('proposed_days', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('proposed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_interval_proposal_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['plan_id'], ['maintenance_plan.id'], name=op.f('fk_interval_proposal_plan_id_maintenance_plan')),
    sa.ForeignKeyConstraint(['record_id'], ['maintenance_record.id'], name=op.f('fk_interval_proposal_record_id_maintenance_record')),
    sa.ForeignKeyConstraint(['tool_id'], ['tool.id'], name=op.f('fk_interval_proposal_tool_id_tool')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interval_proposal'))
    )
    with op.batch_alter_table('interval_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interval_proposal_state'), ['state'], unique=False)
        batch_op.create_index('ix_interval_proposal_tool_plan', ['tool_id', 'plan_id'], unique=False)

    op.create_table('maintenance_reschedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('previous_due_on', sa.Date(), nullable=True),
    sa.Column('after_record_id', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['after_record_id'], ['maintenance_record.id'], name=op.f('fk_maintenance_reschedule_after_record_id_maintenance_record')),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_maintenance_reschedule_by_id_staff')),
    sa.ForeignKeyConstraint(['plan_id'], ['maintenance_plan.id'], name=op.f('fk_maintenance_reschedule_plan_id_maintenance_plan')),
    sa.ForeignKeyConstraint(['tool_id'], ['tool.id'], name=op.f('fk_maintenance_reschedule_tool_id_tool')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_reschedule'))
    )
    with op.batch_alter_table('maintenance_reschedule', schema=None) as batch_op:
        batch_op.create_index('ix_maintenance_reschedule_tool_plan', ['tool_id', 'plan_id'], unique=False)

    op.create_table('maintenance_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('window_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('window_end', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['maintenance_plan.id'], name=op.f('fk_maintenance_review_plan_id_maintenance_plan')),
    sa.ForeignKeyConstraint(['record_id'], ['maintenance_record.id'], name=op.f('fk_maintenance_review_record_id_maintenance_record')),
    sa.ForeignKeyConstraint(['tool_id'], ['tool.id'], name=op.f('fk_maintenance_review_tool_id_tool')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_review')),
    sa.UniqueConstraint('record_id', name=op.f('uq_maintenance_review_record_id'))
    )
    with op.batch_alter_table('maintenance_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_maintenance_review_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_maintenance_review_tool_id'), ['tool_id'], unique=False)

    op.create_table('maintenance_review_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('measurements', sa.JSON(), nullable=False),
    sa.Column('disposition', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_maintenance_review_item_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], name=op.f('fk_maintenance_review_item_order_id_repair_order')),
    sa.ForeignKeyConstraint(['review_id'], ['maintenance_review.id'], name=op.f('fk_maintenance_review_item_review_id_maintenance_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sheet_id'], ['intervention_sheet.id'], name=op.f('fk_maintenance_review_item_sheet_id_intervention_sheet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_review_item')),
    sa.UniqueConstraint('review_id', 'sheet_id', name=op.f('uq_maintenance_review_item_review_id_sheet_id'))
    )
    with op.batch_alter_table('maintenance_review_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_maintenance_review_item_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_maintenance_review_item_sheet_id'), ['sheet_id'], unique=False)

    with op.batch_alter_table('maintenance_record', schema=None) as batch_op:
        # Records written before this revision were all treated as scheduled.
        batch_op.add_column(sa.Column('ad_hoc', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('found_in_tolerance', sa.Boolean(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('maintenance_record', schema=None) as batch_op:
        batch_op.drop_column('found_in_tolerance')
        batch_op.drop_column('ad_hoc')

    with op.batch_alter_table('maintenance_review_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maintenance_review_item_sheet_id'))
        batch_op.drop_index(batch_op.f('ix_maintenance_review_item_order_id'))

    op.drop_table('maintenance_review_item')
    with op.batch_alter_table('maintenance_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maintenance_review_tool_id'))
        batch_op.drop_index(batch_op.f('ix_maintenance_review_closed_at'))

    op.drop_table('maintenance_review')
    with op.batch_alter_table('maintenance_reschedule', schema=None) as batch_op:
        batch_op.drop_index('ix_maintenance_reschedule_tool_plan')

    op.drop_table('maintenance_reschedule')
    with op.batch_alter_table('interval_proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_interval_proposal_tool_plan')
        batch_op.drop_index(batch_op.f('ix_interval_proposal_state'))

    op.drop_table('interval_proposal')
