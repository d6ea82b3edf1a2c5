"""substring search through trigram indexes: FTS5 tables on SQLite, pg_trgm GIN indexes on PostgreSQL

The filters of the tools and orders lists and the palette search for text anywhere in a code or a
name; a `LIKE '%text%'` reads every row. This builds the indexes that answer it
(atelier_tui/store/search_index.py says which tables and columns) and fills them from the rows
already there: nothing of a workshop changes but the indexes.

SQLite: a library without FTS5's trigram tokenizer (before 3.34, or built without FTS5) gets no
index and the filters keep reading every row; `atelier db status` says so. PostgreSQL: pg_trgm is a
trusted extension (PostgreSQL 13 and later), which the database's owner may create; when this
account may not, nothing changes and the upgrade stops, naming what the administrator must run.

On both, the orders list gets the two indexes its filter and order need: by calibre (a calibre's
reference is one of the texts it searches) and by deadline then reference (its order: a page is
the next rows of the index, not a sort of every order).

A later migration that rebuilds `tool`, `repair_order` or `lot` on SQLite drops their triggers with
them: it must call search_index.create_sqlite_index again (after drop_sqlite_index).

Revision ID: 0016_search_index
Revises: 0015_alert_acknowledgements
Create Date: 2026-12-06 15:20:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from atelier_tui.store import search_index
from atelier_tui.store.migrate import UpgradeRefused

revision: str = '0016_search_index'
down_revision: Union[str, None] = '0015_alert_acknowledgements'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _create_pg_trgm(connection: sa.Connection) -> None:
    if connection.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() is not None:
        return
    try:
        with connection.begin_nested():
            connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as refused:
        database = connection.execute(sa.text("SELECT current_database()")).scalar_one()
        raise UpgradeRefused(
            f"PostgreSQL refused to create the extension pg_trgm ({str(refused.orig).strip().splitlines()[0]}): "
            f"an administrator must run `CREATE EXTENSION pg_trgm;` in database {database}, then run "
            "`atelier db upgrade` again") from None


ORDER_INDEXES = (("ix_repair_order_deadline_reference", ["deadline", "reference"]), ("ix_repair_order_calibre_id", ["calibre_id"]))


def upgrade() -> None:
    for name, columns in ORDER_INDEXES:
        op.create_index(name, "repair_order", columns)
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        if search_index.sqlite_has_trigram(connection):
            search_index.create_sqlite_index(connection)
    elif connection.dialect.name == "postgresql":
        _create_pg_trgm(connection)
        search_index.create_postgresql_indexes(connection)


def downgrade() -> None:
    # The extension stays: other databases of the server, or the administrator, may use it.
    for name, _columns in ORDER_INDEXES:
        op.drop_index(name, table_name="repair_order")
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        search_index.drop_sqlite_index(connection)
    elif connection.dialect.name == "postgresql":
        search_index.drop_postgresql_indexes(connection)
