"""orders give the case parts a repair must match (crystal, crown, case back); supply types give
the words they are matched on (a crystal's material and shape, a crown's type)

Every new column is empty on existing rows: an existing order gives none of them, and readiness
asks for what an intervention needs; a catalog import fills the supply types' properties.

Revision ID: 0013_case_parts
Revises: 0012_order_plan
Create Date: 2026-12-06 15:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0013_case_parts'
down_revision: Union[str, None] = '0012_order_plan'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ORDER_WORDS = ('crystal_material', 'crystal_shape', 'crown_type', 'case_back')
ORDER_LENGTHS = ('crystal_thickness_mm', 'crystal_gasket_outer_diameter_mm', 'crystal_gasket_inner_diameter_mm',
                 'crystal_gasket_height_mm', 'crown_diameter_mm', 'crown_tube_diameter_mm',
                 'crown_gasket_inner_diameter_mm', 'crown_gasket_section_mm')


def _columns(table: str) -> set[str]:
    return {column['name'] for column in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    # A column already there is kept as it is: a database whose recorded revision was set back
    # by hand (as a test of an older upgrade does) still upgrades.
    if 'properties' not in _columns('supply_type'):
        with op.batch_alter_table('supply_type', schema=None) as batch_op:
            batch_op.add_column(sa.Column('properties', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
    present = _columns('repair_order')
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        for name in ORDER_WORDS:
            if name not in present:
                batch_op.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        for name in ORDER_LENGTHS:
            if name not in present:
                batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        for name in (*ORDER_WORDS, *ORDER_LENGTHS):
            batch_op.drop_column(name)
    with op.batch_alter_table('supply_type', schema=None) as batch_op:
        batch_op.drop_column('properties')
