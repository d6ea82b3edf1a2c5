"""Writes store/core_tables.py from the SQLModel tables: the same tables as plain SQLAlchemy Core
`Table` objects, for the read path (a read command or a first screen then pays neither pydantic,
SQLModel nor the ORM). Run after changing a table (tests/store/test_core_tables.py says when):

    python -m atelier_tui.store.core_tables_render
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGET = Path(__file__).with_name("core_tables.py")

_HEADER = '''"""Every table of the workshop as a SQLAlchemy Core `Table`, for reading without pydantic, SQLModel
or the ORM (store/core_tables_render.py writes this file from the SQLModel tables; do not edit it:
tests/store/test_core_tables.py checks it column for column). Writes keep the SQLModel tables.

Each table is also named as its SQLModel class, through `TableColumns`: `RepairOrder.reference` is
the column, `select(RepairOrder)` reads whole rows (as rows, not objects), so that a query reads
the same with either."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Interval,
    MetaData,
    String,
    Table,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """SQLModel's UTCDateTime, without importing SQLModel: aware datetimes stored in UTC, and read
    back aware (a SQLite value has no offset: it is UTC)."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return Interval() if isinstance(value, timedelta) else self

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("a datetime stored in the workshop carries its time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


class TableColumns:
    """A Core table whose columns are its attributes, as the SQLModel class's are."""

    def __init__(self, table: Table) -> None:
        self.__table__ = table
        self.__tablename__ = table.name

    def __clause_element__(self) -> Any:  # Any: SQLAlchemy's typing expects a column here, a table works
        return self.__table__

    def __getattr__(self, name: str) -> Column[Any]:
        try:
            return self.__table__.c[name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(f"table {self.__table__.name} has no column {name}") from None


def aliased(table: TableColumns, name: str | None = None) -> TableColumns:
    """The same table under another name, to join it twice (as sqlalchemy.orm.aliased; a method
    would hide a column of that name)."""
    return TableColumns(table.__table__.alias(name))  # type: ignore[arg-type]

'''


def _type_source(column_type: Any) -> str:
    name = type(column_type).__name__
    if name == "AutoString":
        length = getattr(column_type.impl, "length", None) if not hasattr(column_type, "length") else column_type.length
        return f"String({length})" if length else "String()"
    if name == "UTCDateTime":
        return "UTCDateTime()"
    return repr(column_type)


def _column_source(column: Any) -> str:
    parts = [repr(column.name), _type_source(column.type)]
    parts += [f"ForeignKey({key.target_fullname!r})" for key in sorted(column.foreign_keys, key=lambda k: k.target_fullname)]
    if column.primary_key:
        parts.append("primary_key=True")
    if column.primary_key and column.autoincrement is not True and column.autoincrement != "auto":
        parts.append(f"autoincrement={column.autoincrement!r}")
    parts.append(f"nullable={column.nullable!r}")
    return f"    Column({', '.join(parts)}),"


def class_names() -> dict[str, str]:
    """table name -> the SQLModel class mapped to it."""
    from sqlmodel import SQLModel

    import atelier_tui.store.models  # noqa: F401  (every table, defined)

    return {mapper.local_table.name: mapper.class_.__name__ for mapper in SQLModel._sa_registry.mappers}  # type: ignore[attr-defined]


def render() -> str:
    from sqlmodel import SQLModel

    names = class_names()
    lines = [_HEADER]
    for table in sorted(SQLModel.metadata.tables.values(), key=lambda t: t.name):
        lines.append(f"{table.name} = Table(\n    {table.name!r}, metadata,")
        lines += [_column_source(column) for column in table.columns]
        lines.append(")\n")
    lines.append("")
    lines += [f"{names[name]} = TableColumns({name})" for name in sorted(SQLModel.metadata.tables, key=lambda n: names[n])]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
