"""index the lots in stock by supply, in the orders the readiness check reads them

The readiness check reads, per supply a job needs, the first lots in FEFO order, as far as the
job needs (services/readiness/_lot_source.py): sealed lots by expiry date, opened ones by expiry
date and by the day they were opened (their shelf life runs from then), and each supply's totals.
Without these indexes it read every lot of the supply and sorted them: a read that grew with the
store. Partial indexes, on the lots in stock only (available, some quantity left): an emptied lot
leaves them. Only indexes are added: nothing of a workshop changes.

Revision ID: 0022_lots_in_stock_indexes
Revises: 0021_proposal_run
Create Date: 2026-12-07 04:10:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0022_lots_in_stock_indexes'
down_revision: Union[str, None] = '0021_proposal_run'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

IN_STOCK = "status = 'available' AND quantity_micro > 0"
INDEXES = {
    'ix_lot_sealed_by_expiry': (['supply_type_id', 'expires_on', 'lot_number'], f"{IN_STOCK} AND opened_on IS NULL"),
    'ix_lot_opened_by_expiry': (['supply_type_id', 'expires_on', 'lot_number'], f"{IN_STOCK} AND opened_on IS NOT NULL"),
    'ix_lot_opened_by_day': (['supply_type_id', 'opened_on', 'lot_number'], f"{IN_STOCK} AND opened_on IS NOT NULL"),
    'ix_lot_in_stock_totals': (['supply_type_id', 'quantity_micro', 'reserved_micro', 'expires_on', 'opened_on', 'bench_id'], IN_STOCK),
}


def upgrade() -> None:
    for name, (columns, where) in INDEXES.items():
        op.create_index(name, 'lot', columns, unique=False, sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name='lot')
