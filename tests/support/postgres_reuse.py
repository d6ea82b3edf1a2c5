"""One PostgreSQL database per xdist worker, put back as it was before every test.

CREATE DATABASE ... TEMPLATE costs 0.5-1 s on a small machine, more than most service tests; putting
a database back costs a fraction of that: every table is emptied (DELETE, children first: TRUNCATE
makes new files for every table and index and costs more than the copy), the rows the template held
are copied back from a snapshot kept in a schema of the same database, and every sequence is set
where it was; one script, one round trip. The database then holds exactly what a fresh copy of the
template would hold, ids and the audit chain included.

Before putting it back, the connections a test left open to it are ended: a connection left idle in
a transaction would otherwise hold its locks and make TRUNCATE wait forever."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from tests.support.postgres_server import create_database

SNAPSHOT_SCHEMA = "atelier_test_pristine"


def _insert_order(tables: list[str]) -> list[str]:
    """Parents before children, as SQLModel.metadata sorts them (unknown tables last)."""
    from sqlmodel import SQLModel

    import atelier_tui.store.models  # noqa: F401  (every table in the metadata)

    known = [table.name for table in SQLModel.metadata.sorted_tables if table.name in tables]
    return known + sorted(set(tables) - set(known))


@dataclass
class ReusableDatabase:
    url: str
    tables: list[str]  # every table of the public schema but alembic_version, parents first
    filled: list[str]  # those the template held rows in
    sequences: dict[str, int | None]  # sequence -> its last value in the template (None: never used)

    @classmethod
    def create(cls, admin_url: str, name: str, template: str) -> ReusableDatabase:
        url = create_database(admin_url, name, template=template)
        with psycopg.connect(url) as connection:
            tables = [row[0] for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")]
            tables = _insert_order(tables)
            connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(SNAPSHOT_SCHEMA)))
            filled = []
            for table in tables:
                if connection.execute(sql.SQL("SELECT EXISTS (SELECT FROM {})").format(sql.Identifier(table))).fetchone()[0]:
                    connection.execute(sql.SQL("CREATE TABLE {}.{} AS SELECT * FROM {}").format(
                        sql.Identifier(SNAPSHOT_SCHEMA), sql.Identifier(table), sql.Identifier(table)))
                    filled.append(table)
            sequences = dict(connection.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'").fetchall())
        return cls(url, tables, filled, sequences)

    def _script(self, database: str) -> sql.Composed:
        statements = [sql.SQL("ALTER DATABASE {} RESET ALL").format(sql.Identifier(database))]
        statements += [sql.SQL("DELETE FROM {}").format(sql.Identifier(table)) for table in reversed(self.tables)]
        statements += [sql.SQL("INSERT INTO {} SELECT * FROM {}.{}").format(
            sql.Identifier(table), sql.Identifier(SNAPSHOT_SCHEMA), sql.Identifier(table)) for table in self.filled]
        statements += [
            sql.SQL("SELECT setval({}, {}, {})").format(sql.Literal(f'public."{sequence}"'), sql.Literal(value or 1),
                                                       sql.Literal(value is not None))
            for sequence, value in self.sequences.items()
        ]
        return sql.SQL(";\n").join(statements)

    def reset(self) -> str:
        """Put the database back as the template was; its URL."""
        with psycopg.connect(self.url) as connection:
            connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            database = connection.execute("SELECT current_database()").fetchone()[0]
            connection.execute(self._script(database))
        return self.url
