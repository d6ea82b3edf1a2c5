"""Copying a whole workshop database into another one: how a workshop moves from its SQLite file
to PostgreSQL (`atelier db copy --to URL`, docs/postgresql.md). Any direction works.

- Both databases must be at the schema revision this code knows (HEAD_REVISION): the source is
  upgraded first if it is older, the target is made with `atelier db upgrade`.
- The target must hold no row at all, not even the shipped catalogs: the copy keeps every id (the
  audit chain hashes them, and rows refer to each other by id), and catalogs that `atelier init`
  loaded would carry other ids. So the target is a database where only `atelier db upgrade` ran.
- The source is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE READ),
  so other terminals may keep working on it; what they write after the copy began is not copied.
- The target is written in one transaction, holding the write lock (SQLite: BEGIN IMMEDIATE;
  PostgreSQL: the writers' advisory lock), table by table in foreign-key order, `CHUNK_ROWS` rows
  per statement. The copy is checked before it is committed: the same number of rows in every
  table, and the audit chain verifies on the target as it does on the source. Anything wrong
  rolls the whole copy back: the target is then as it was.
- PostgreSQL sequences are set past the copied ids, so that the next row inserted gets a new id.

No audit event is written: the target's trail is the source's, event for event, and ends with the
same hash (`CopyResult.last_hash`), which is how anyone can check the copy is the workshop's
whole trail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.exc import DBAPIError

from atelier_tui.i18n import _
from atelier_tui.progress import Progress, silent
from atelier_tui.store import due_marks

CHUNK_ROWS = 1000
AUDIT_TABLE = "audit_event"


class CopyError(Exception):
    """A refusal or a failed copy, as one line for the user; nothing was written to the target."""


@dataclass(frozen=True)
class CopyResult:
    source: str  # URLs, passwords hidden
    target: str
    revision: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied, in copy order
    audit_events: int = 0
    audit_intact: bool = True  # the chain verifies (on the source, and therefore on the target)
    last_hash: str = ""  # the hash of the newest audit event, the same on both sides

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def workshop_tables() -> list[Table]:
    """Every table of the workshop, parents before children (alembic_version is not one)."""
    from sqlmodel import SQLModel

    import atelier_tui.store.models  # noqa: F401  (every table in the metadata)

    return list(SQLModel.metadata.sorted_tables)


def _check_revisions(source: Engine, target: Engine) -> str:
    from atelier_tui.store.schema import HEAD_REVISION, schema_state

    revision = schema_state(source).current
    if revision != HEAD_REVISION:
        raise CopyError(_("the source database {url} is at schema revision {revision}, not {head}: run `atelier db upgrade` "
                          "on it first").format(url=shown(source), revision=revision or _("none"), head=HEAD_REVISION))
    target_revision = schema_state(target).current
    if target_revision != HEAD_REVISION:
        raise CopyError(_("the target database {url} is at schema revision {revision}, not {head}: create its schema with "
                          "`atelier --db URL db upgrade` first").format(
            url=shown(target), revision=target_revision or _("none"), head=HEAD_REVISION))
    return revision


def _same_database(source: Engine, target: Engine) -> bool:
    if source.dialect.name != target.dialect.name:
        return False
    if source.dialect.name == "sqlite":
        from pathlib import Path

        return bool(source.url.database) and Path(source.url.database or "").resolve() == Path(target.url.database or "").resolve()
    return (source.url.host, source.url.port, source.url.database) == (target.url.host, target.url.port, target.url.database)


def _reading(source: Engine) -> Connection:
    connection = source.connect()
    if source.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")  # one snapshot of every table
    return connection


def _writing(target: Engine) -> Connection:
    from atelier_tui.store.engine import write_options

    return target.connect().execution_options(**write_options(target))


def _require_empty(connection: Connection, tables: list[Table], target: Engine) -> None:
    for table in tables:
        if connection.execute(select(text("1")).select_from(table).limit(1)).first() is not None:
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            raise CopyError(_("the target database {url} is not empty (table {table} has {count} rows): copy into a "
                              "database where only `atelier db upgrade` ran, not `atelier init`").format(
                url=shown(target), table=table.name, count=count))


def _rows(connection: Connection, table: Table, chunk: int) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns)
    result = connection.execution_options(yield_per=chunk).execute(select(table).order_by(*order))
    for part in result.partitions(chunk):
        yield [dict(row._mapping) for row in part]


def _copy_table(reading: Connection, writing: Connection, table: Table, chunk: int,
                copied_more: Callable[[int], None]) -> int:
    copied = 0
    for rows in _rows(reading, table, chunk):
        writing.execute(table.insert(), rows)
        copied += len(rows)
        copied_more(len(rows))
    return copied


def _keep_the_source_due_marks(reading: Connection, writing: Connection, tables: list[Table], chunk: int) -> None:
    """The target's triggers marked every tool copied as moved (store.due_marks), although its
    stored due rows are the source's, as current as they were there: the marks are the source's."""
    marks = next(table for table in tables if table.name == due_marks.STALE)
    writing.execute(marks.delete())
    _copy_table(reading, writing, marks, chunk, lambda _count: None)


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL: each serial id's sequence set past the largest id copied (a table without rows
    keeps its sequence at the start). SQLite takes max(id) + 1 by itself."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        columns = list(table.primary_key.columns)
        if len(columns) != 1:
            continue
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                      {"table": quote(table.name), "column": columns[0].name}).scalar_one()
        if sequence is not None:
            id_ = quote(columns[0].name)
            connection.execute(text(f"SELECT setval(:sequence, coalesce(max({id_}), 1), max({id_}) IS NOT NULL) "
                                    f"FROM {quote(table.name)}"), {"sequence": sequence})


def _audit_events(connection: Connection, table: Table, chunk: int) -> Iterator[Any]:
    for rows in _rows(connection, table, chunk):
        yield from (SimpleNamespace(**row) for row in rows)  # what audit_chain reads of an event


def _chain(connection: Connection, table: Table, chunk: int) -> tuple[Any, str]:
    """The first break of the chain (None: intact) and the newest event's hash."""
    from atelier_tui.domain.audit_chain import first_break

    found = first_break(_audit_events(connection, table, chunk))
    last = connection.execute(select(table.c.hash).order_by(table.c.id.desc()).limit(1)).scalar_one_or_none()
    return found, last or ""


def copy_database(source: Engine, target: Engine, chunk: int = CHUNK_ROWS, progress: Progress = silent) -> CopyResult:
    """Copy every row of `source` into the empty, migrated `target`, in one transaction. `progress`
    hears the rows copied (copy.rows), the tables counted on the target (copy.check), and the audit
    chain verified on each side (copy.audit)."""
    if _same_database(source, target):
        raise CopyError(_("the target is the source database itself ({url})").format(url=shown(target)))
    try:
        revision = _check_revisions(source, target)
        tables = workshop_tables()
        rows: dict[str, int] = {}
        with _reading(source) as reading, reading.begin(), _writing(target) as writing, writing.begin():
            _require_empty(writing, tables, target)
            total = sum(reading.execute(select(func.count()).select_from(table)).scalar_one() for table in tables)
            copied = [0]

            def copied_more(count: int) -> None:
                copied[0] += count
                progress("copy.rows", copied[0], total)

            progress("copy.rows", 0, total)
            for table in tables:
                rows[table.name] = _copy_table(reading, writing, table, chunk, copied_more)
            _keep_the_source_due_marks(reading, writing, tables, chunk)
            _reset_sequences(writing, tables)
            for checked, table in enumerate(tables):
                progress("copy.check", checked, len(tables))
                counted = writing.execute(select(func.count()).select_from(table)).scalar_one()
                if counted != rows[table.name]:
                    raise CopyError(_("table {table}: {copied} rows copied but {counted} found on the target; nothing "
                                      "was written").format(table=table.name, copied=rows[table.name], counted=counted))
            audit = next(table for table in tables if table.name == AUDIT_TABLE)
            progress("copy.audit", 0, 2)
            source_break, source_last = _chain(reading, audit, chunk)
            progress("copy.audit", 1, 2)
            target_break, target_last = _chain(writing, audit, chunk)
            progress("copy.audit", 2, 2)
            if (source_break, source_last) != (target_break, target_last):
                raise CopyError(_("the audit chain does not verify on the target as on the source; nothing was "
                                  "written"))
    except DBAPIError as error:
        first_line = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
        raise CopyError(_("the copy failed, nothing was written to {url}: {error}").format(
            url=shown(target), error=first_line)) from error
    return CopyResult(shown(source), shown(target), revision, rows, rows.get(AUDIT_TABLE, 0), source_break is None,
                      source_last)
