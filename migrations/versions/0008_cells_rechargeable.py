"""supply types: a cell's drain (SW low, W high) and whether it is rechargeable; the calibres a
replacement movement fits

Revision ID: 0008_cells_rechargeable
Revises: 0007_staff_keys
Create Date: 2026-11-29 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0008_cells_rechargeable'
down_revision: Union[str, None] = '0007_staff_keys'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('supply_type', schema=None) as batch_op:
        batch_op.add_column(sa.Column('drain', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('rechargeable', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('fits', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
    # The cells a workshop already has get their drain from their IEC suffix (SW low, W high),
    # so the readiness check can tell the twins apart before the next catalog import.
    op.execute("UPDATE supply_type SET drain = 'low' WHERE category = 'battery' AND iec_code LIKE 'SR%SW'")
    op.execute("UPDATE supply_type SET drain = 'high' WHERE category = 'battery' AND iec_code LIKE 'SR%W' "
               "AND iec_code NOT LIKE 'SR%SW'")


def downgrade() -> None:
    with op.batch_alter_table('supply_type', schema=None) as batch_op:
        batch_op.drop_column('fits')
        batch_op.drop_column('rechargeable')
        batch_op.drop_column('drain')
