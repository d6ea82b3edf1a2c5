"""The substring search index: what a list's filter and the palette search for "contains".

A `LIKE '%text%'` cannot use a b-tree index, so on 100,000 tools every keystroke read every row.
Trigram indexes answer it instead:

- SQLite: one FTS5 table per searched table, tokenizer `trigram` (SQLite 3.34 and later), holding
  no copy of the text (`content=` the table itself) and kept in step by triggers. A SQLite without
  it still works: the filters scan, and `atelier db status` says so.
- PostgreSQL: a `pg_trgm` GIN index per searched column, which `ILIKE '%text%'` uses as it is.

A trigram index needs three characters: shorter searches keep the plain scan (services/common/
substring.py). Migration 0012 builds all of this; the functions live here so that a later migration
that rebuilds one of these tables (SQLite drops a table's triggers with it) can make them again."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

# table -> the columns searched for "contains" (the short codes and names people type).
SEARCHED: dict[str, tuple[str, ...]] = {
    "tool": ("asset_tag", "serial", "maker"),
    "repair_order": ("reference", "brand", "model", "customer_ref", "case_serial"),
    "lot": ("lot_number",),
}
MIN_CHARACTERS = 3  # a trigram index finds nothing shorter
TRIGRAM_SINCE = "3.34"


def index_table(table: str) -> str:
    """The FTS5 table that indexes `table` (SQLite)."""
    return f"{table}_search"


def is_search_index(kind: str, name: str) -> bool:
    """A table or index of this search index: an FTS5 table, a shadow table SQLite keeps for it,
    or a pg_trgm index (alembic's comparison with the models must not see them)."""
    if kind == "table":
        return any(name == index_table(table) or name.startswith(index_table(table) + "_") for table in SEARCHED)
    if kind == "index":
        return any(name == postgresql_index_name(table, column) for table, columns in SEARCHED.items() for column in columns)
    return False


def sqlite_has_trigram(connection: Connection) -> bool:
    """This SQLite library has FTS5 with the trigram tokenizer (decided by trying: a library may
    be built without FTS5 whatever its version)."""
    raw = connection.connection.driver_connection
    try:
        raw.execute("CREATE VIRTUAL TABLE temp.atelier_trigram_probe USING fts5(x, tokenize='trigram')")  # type: ignore[union-attr]
    except Exception:  # sqlite3.OperationalError: no such module fts5, no such tokenizer
        return False
    raw.execute("DROP TABLE temp.atelier_trigram_probe")  # type: ignore[union-attr]
    return True


def create_sqlite_index(connection: Connection) -> None:
    """The FTS5 tables and their triggers, filled from the rows already there."""
    for table, columns in SEARCHED.items():
        index = index_table(table)
        listed = ", ".join(columns)
        new = ", ".join(f"new.{column}" for column in columns)
        old = ", ".join(f"old.{column}" for column in columns)
        connection.execute(text(
            f"CREATE VIRTUAL TABLE {index} USING fts5({listed}, content='{table}', content_rowid='id', tokenize='trigram')"))
        remove = f"INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old});"
        add = f"INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new});"
        connection.execute(text(f"CREATE TRIGGER {index}_added AFTER INSERT ON {table} BEGIN {add} END"))
        connection.execute(text(f"CREATE TRIGGER {index}_removed AFTER DELETE ON {table} BEGIN {remove} END"))
        connection.execute(text(f"CREATE TRIGGER {index}_changed AFTER UPDATE OF {listed} ON {table} BEGIN {remove} {add} END"))
        connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))


def drop_sqlite_index(connection: Connection) -> None:
    for table in SEARCHED:
        index = index_table(table)
        for trigger in ("added", "removed", "changed"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {index}_{trigger}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {index}"))


def postgresql_index_name(table: str, column: str) -> str:
    return f"ix_{table}_{column}_trgm"


def create_postgresql_indexes(connection: Connection) -> None:
    for table, columns in SEARCHED.items():
        for column in columns:
            connection.execute(text(
                f"CREATE INDEX IF NOT EXISTS {postgresql_index_name(table, column)} ON {table} USING gin ({column} gin_trgm_ops)"))


def drop_postgresql_indexes(connection: Connection) -> None:
    for table, columns in SEARCHED.items():
        for column in columns:
            connection.execute(text(f"DROP INDEX IF EXISTS {postgresql_index_name(table, column)}"))


def sqlite_index_present(connection: Connection) -> bool:
    """Every FTS5 table of the index exists in this database."""
    names = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
    return all(index_table(table) in names for table in SEARCHED)


def index_state(engine: Engine) -> tuple[str, str]:
    """(state, library version) of this database's substring search. States: "fts5" and
    "pg_trgm" (indexed); "no_trigram" (this SQLite cannot: filters read every row); "not_built"
    (the database is older than the index: an upgrade builds it); "other" (another database)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            version = connection.execute(text("SELECT sqlite_version()")).scalar_one()
            if sqlite_index_present(connection):
                return "fts5", version
            return ("not_built" if sqlite_has_trigram(connection) else "no_trigram"), version
        version = connection.execute(text("SELECT version()")).scalar_one()
        if engine.dialect.name == "postgresql":
            names = set(connection.execute(text("SELECT indexname FROM pg_indexes")).scalars())
            wanted = {postgresql_index_name(t, c) for t, columns in SEARCHED.items() for c in columns}
            return ("pg_trgm" if wanted <= names else "not_built"), version
    return "other", version
