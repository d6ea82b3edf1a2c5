"""index the open orders by deadline

The orders list opens on the orders not yet closed, by deadline, and the dashboards read the
same. Without this index SQLite walked every order by deadline, the closed ones first, or read
every open order and sorted them: both grow with the workshop's history, where closed orders
outnumber open ones more every year. A partial index holds the open orders only; the queries
write its WHERE as it is here (services/orders/rows.open_orders), so that the planner may take
it. Only an index is added: nothing of a workshop changes.

Revision ID: 0023_open_orders_index
Revises: 0022_lots_in_stock_indexes
Create Date: 2026-12-07 07:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0023_open_orders_index'
down_revision: Union[str, None] = '0022_lots_in_stock_indexes'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OPEN = "status NOT IN ('done', 'returned', 'cancelled')"


def upgrade() -> None:
    op.create_index('ix_repair_order_open_by_deadline', 'repair_order', ['deadline', 'reference'], unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index('ix_repair_order_open_by_deadline', table_name='repair_order')
