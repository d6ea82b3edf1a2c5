"""Stock: lots of a supply type and the append-only movement ledger.

Quantities are integer millionths of the supply type's stock unit (see domain.units.to_micro):
stock is decremented in SQL and must never trip on float noise or go negative.
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from atelier_tui.domain.vocabulary import LotStatus, StockMovementKind, WasteStream
from atelier_tui.store.base import one_of, version_field


def _in_stock_index(name: str, columns: tuple[str, ...], also: str = "") -> Index:
    """A partial index on the lots in stock: available, with some quantity left."""
    where = text(" AND ".join(part for part in ("status = 'available' AND quantity_micro > 0", also) if part))
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


class Lot(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("supply_type_id", "lot_number"),
        CheckConstraint("quantity_micro >= 0", name="quantity_non_negative"),
        CheckConstraint("reserved_micro >= 0", name="reserved_non_negative"),
        CheckConstraint("reserved_micro <= quantity_micro", name="reserved_within_stock"),
        one_of("status", LotStatus),
        Index("ix_lot_supply_expiry", "supply_type_id", "expires_on"),
        # The readiness check's reads of the lots in stock (migration 0022, services/readiness/_lot_source.py).
        _in_stock_index("ix_lot_sealed_by_expiry", ("supply_type_id", "expires_on", "lot_number"), "opened_on IS NULL"),
        _in_stock_index("ix_lot_opened_by_expiry", ("supply_type_id", "expires_on", "lot_number"), "opened_on IS NOT NULL"),
        _in_stock_index("ix_lot_opened_by_day", ("supply_type_id", "opened_on", "lot_number"), "opened_on IS NOT NULL"),
        _in_stock_index("ix_lot_in_stock_totals",
                         ("supply_type_id", "quantity_micro", "reserved_micro", "expires_on", "opened_on", "bench_id")),
    )
    id: int | None = Field(default=None, primary_key=True)
    supply_type_id: int = Field(foreign_key="supply_type.id")
    site_id: int = Field(foreign_key="site.id")
    lot_number: str
    location_id: int | None = Field(default=None, foreign_key="location.id")
    bench_id: int | None = Field(default=None, foreign_key="bench.id", index=True)
    quantity_micro: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    reserved_micro: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    received_on: date
    expires_on: date | None = None
    opened_on: date | None = None
    status: str = LotStatus.AVAILABLE
    version: int = version_field()


class StockMovement(SQLModel, table=True):
    """Never updated or deleted: the stock of a lot is the sum of its movements."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_lot_at", "lot_id", "at"),
        Index("ix_stock_movement_supply_at", "supply_type_id", "at"),
        one_of("kind", StockMovementKind),
        one_of("waste_stream", WasteStream),
    )
    id: int | None = Field(default=None, primary_key=True)
    lot_id: int = Field(foreign_key="lot.id")
    supply_type_id: int = Field(foreign_key="supply_type.id")
    kind: str
    quantity_micro: int = Field(sa_column=Column(BigInteger, nullable=False))  # signed
    at: datetime
    actor_id: int | None = Field(default=None, foreign_key="staff.id")
    order_id: int | None = Field(default=None, foreign_key="repair_order.id", index=True)
    reason: str = ""
    waste_stream: str | None = None  # disposals only
    from_location_id: int | None = Field(default=None, foreign_key="location.id")
    to_location_id: int | None = Field(default=None, foreign_key="location.id")
