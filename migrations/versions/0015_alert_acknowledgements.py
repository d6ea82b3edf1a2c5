"""sheet entries: who acknowledged an alert to the lead, and when

An alert raised on a sheet (`l`) shows on the lead's dashboard until a lead acknowledges it; both
columns stay empty for every other entry, and for the alerts of workshops that upgrade (they show
until acknowledged, as they did on the sheet).

Revision ID: 0015_alert_acknowledgements
Revises: 0014_parts_not_replaced
Create Date: 2026-12-06 15:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0015_alert_acknowledgements'
down_revision: Union[str, None] = '0014_parts_not_replaced'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('sheet_entry') as batch:
        batch.add_column(sa.Column('acknowledged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('acknowledged_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_sheet_entry_acknowledged_by_id_staff'), 'staff', ['acknowledged_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('sheet_entry') as batch:
        batch.drop_constraint(batch.f('fk_sheet_entry_acknowledged_by_id_staff'), type_='foreignkey')
        batch.drop_column('acknowledged_by_id')
        batch.drop_column('acknowledged_at')
