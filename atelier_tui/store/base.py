"""What every table shares: the constraint naming convention (alembic needs stable names) and
small column helpers. Imported before any table is defined."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column
from sqlmodel import Field, SQLModel

from atelier_tui.domain.vocabulary import values

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def json_field(default_factory: Any = dict) -> Any:
    """A JSON column for nested catalog data (lists of requirements, attribute maps)."""
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))


def one_of(column: str, kind: type[StrEnum]) -> CheckConstraint:
    """`column` holds one of the values of `kind` (or NULL where the column allows it): a row
    written by another tool, or by hand, cannot bring a status the code does not know."""
    allowed = ", ".join(f"'{value}'" for value in values(kind))
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_known")


def version_field() -> Any:
    """Optimistic-concurrency counter of an editable row: a save names the version it read."""
    return Field(default=1, nullable=False)


def utc_now() -> datetime:
    """Only for column defaults of rows written outside a service (services pass `now`)."""
    return datetime.now(UTC)
