"""lot reservations belong to an order, before its sheet exists

Revision ID: 0003_reservations_by_order
Revises: 0002_order_battery
Create Date: 2026-11-27 18:55:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003_reservations_by_order'
down_revision: Union[str, None] = '0002_order_battery'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('sheet_lot_use') as batch:
        batch.add_column(sa.Column('order_id', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE sheet_lot_use SET order_id = "
        "(SELECT order_id FROM intervention_sheet WHERE intervention_sheet.id = sheet_lot_use.sheet_id)"
    )
    with op.batch_alter_table('sheet_lot_use') as batch:
        batch.alter_column('order_id', existing_type=sa.Integer(), nullable=False)
        batch.alter_column('sheet_id', existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(batch.f('fk_sheet_lot_use_order_id_repair_order'), 'repair_order', ['order_id'], ['id'])
        batch.create_index(batch.f('ix_sheet_lot_use_order_id'), ['order_id'], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM sheet_lot_use WHERE sheet_id IS NULL")
    with op.batch_alter_table('sheet_lot_use') as batch:
        batch.drop_index(batch.f('ix_sheet_lot_use_order_id'))
        batch.drop_constraint(batch.f('fk_sheet_lot_use_order_id_repair_order'), type_='foreignkey')
        batch.alter_column('sheet_id', existing_type=sa.Integer(), nullable=False)
        batch.drop_column('order_id')
