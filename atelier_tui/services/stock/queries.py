"""Reading stock for the screens: supplies with what is on hand, the lots of one supply, and its
ledger. Quantities come out as floats of the supply's stock unit (stored as integer micro-units)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Engine, and_, case, cast, func, select

from atelier_tui.domain.units import from_micro
from atelier_tui.domain.vocabulary import LotStatus
from atelier_tui.services.common.paging import Page, check_window, fold, utc
from atelier_tui.services.common.row_position import page_offset_of
from atelier_tui.services.stock.rows import EXPIRING_DAYS as EXPIRING_DAYS
from atelier_tui.services.stock.rows import LotRow as LotRow
from atelier_tui.services.stock.rows import SupplyRow as SupplyRow
from atelier_tui.services.stock.rows import lot_expiry as lot_expiry
from atelier_tui.services.stock.rows import lot_row as lot_row
from atelier_tui.services.stock.rows import stock_state as stock_state
from atelier_tui.services.stock.rows import supply_row_of
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import (
    Bench,
    Location,
    Lot,
    RepairOrder,
    Staff,
    StockMovement,
    SupplyAlias,
    SupplyType,
)

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy import BindParameter
    from sqlalchemy.orm import Session

@dataclass(frozen=True)
class MovementRow:
    at: datetime
    kind: str
    lot_number: str
    quantity: float  # signed: what came in is positive, what went out negative
    stock_unit: str
    actor: str | None
    order_reference: str | None
    reason: str
    waste_stream: str | None


def _supply_ids_matching(session: Session, text: str) -> set[int]:
    # The supply catalog is hundreds of rows: matching in Python folds accents and case that
    # SQLite cannot ('pile oxyde' finds 'Pile oxyde d'argent', '371' finds its alias).
    wanted = fold(text.strip())
    names = session.execute(
        select(SupplyType.id, SupplyType.key, SupplyType.name_en, SupplyType.name_fr, SupplyType.iec_code)
    ).all()
    found = {row[0] for row in names if any(wanted in fold(value) for value in row[1:] if value)}
    aliases = session.execute(select(SupplyAlias.supply_type_id, SupplyAlias.alias)).all()
    return found | {supply_id for supply_id, alias in aliases if wanted in fold(alias)}


def stock_by_supply(today: date | BindParameter[date]) -> Any:
    """One row per supply type with its available lots summed (a subquery); `today` (or a read
    statement's parameter for it) decides which lots count as expired."""
    holding = and_(Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)
    return (
        select(
            Lot.supply_type_id.label("supply_id"),
            # PostgreSQL sums a BIGINT as NUMERIC (a Decimal in Python): cast back to an integer.
            cast(func.sum(Lot.quantity_micro), BigInteger).label("on_hand"),
            cast(func.sum(Lot.reserved_micro), BigInteger).label("reserved"),
            func.count().label("lots"),
            func.min(Lot.expires_on).label("earliest_expiry"),
            func.sum(case((Lot.expires_on < today, 1), else_=0)).label("expired"),
        )
        .where(holding)
        .group_by(Lot.supply_type_id)
        .subquery()
    )


def supply_rows(
    session: Session, today: date, filters: list[Any], offset: int = 0, limit: int = 500, order: list[Any] | None = None,
    around: str | None = None,
) -> Page[SupplyRow]:
    """A page of supplies by key (or by `order`); `around` (a supply key): the page holding it."""
    stock = stock_by_supply(today)
    base = select(SupplyType.id).outerjoin(stock, stock.c.supply_id == SupplyType.id).where(*filters)
    order = order or [SupplyType.key]
    if around is not None:
        offset = page_offset_of(session, base, SupplyType.key, order, around, limit, offset)
    total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(
        select(
            SupplyType.key, SupplyType.name_en, SupplyType.name_fr, SupplyType.category, SupplyType.stock_unit,
            func.coalesce(stock.c.on_hand, 0), func.coalesce(stock.c.reserved, 0), SupplyType.reorder_point_micro,
            func.coalesce(stock.c.lots, 0), stock.c.earliest_expiry, func.coalesce(stock.c.expired, 0),
        )
        .outerjoin(stock, stock.c.supply_id == SupplyType.id)
        .where(*filters)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    ).all()
    return Page([supply_row_of(row) for row in rows], total, offset, limit)


def list_supplies(
    engine: Engine, today: date, text: str = "", category: str | None = None, only_stocked: bool = False,
    offset: int = 0, limit: int = 500,
) -> Page[SupplyRow]:
    check_window(offset, limit)
    with read_rows(engine) as session:
        filters: list[Any] = []
        if text.strip():
            filters.append(SupplyType.id.in_(_supply_ids_matching(session, text)))
        if category is not None:
            filters.append(SupplyType.category == category)
        if only_stocked:
            filters.append(SupplyType.id.in_(select(Lot.supply_type_id).where(Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)))
        return supply_rows(session, today, filters, offset, limit)


def supply_row(engine: Engine, key: str, today: date) -> SupplyRow | None:
    """One supply's stock, by its catalog key."""
    with read_rows(engine) as session:
        rows = supply_rows(session, today, [SupplyType.key == key], 0, 1).rows
    return rows[0] if rows else None


def low_supply_filter() -> Any:
    """Supplies with a reorder point that the available stock does not exceed (for dashboards)."""
    available = (
        select(func.coalesce(cast(func.sum(Lot.quantity_micro), BigInteger), 0))
        .where(Lot.supply_type_id == SupplyType.id, Lot.status == LotStatus.AVAILABLE)
        .scalar_subquery()
    )
    return and_(SupplyType.reorder_point_micro > 0, available <= SupplyType.reorder_point_micro)


def lot_query() -> Any:
    """Lots with their supply and place, for list_lots and the dashboards."""
    return (
        select(
            Lot.lot_number, SupplyType.key, Lot.quantity_micro, Lot.reserved_micro, SupplyType.stock_unit,
            func.coalesce(Bench.code, Location.code, ""), Lot.received_on, Lot.expires_on, Lot.opened_on, Lot.status,
            SupplyType.shelf_life_after_opening_days,
        )
        .join(SupplyType, SupplyType.id == Lot.supply_type_id)
        .outerjoin(Bench, Bench.id == Lot.bench_id)
        .outerjoin(Location, Location.id == Lot.location_id)
    )


def list_lots(engine: Engine, supply_key: str, today: date, include_disposed: bool = False) -> list[LotRow]:
    """The lots of one supply, the one to use first (earliest expiry) at the top."""
    query = lot_query().where(SupplyType.key == supply_key)
    if not include_disposed:
        query = query.where(Lot.status != LotStatus.DISPOSED)
    query = query.order_by(Lot.expires_on.is_(None), Lot.expires_on, Lot.received_on, Lot.lot_number)
    with read_rows(engine) as session:
        return [lot_row(row, today) for row in session.execute(query)]


def ledger(engine: Engine, supply_key: str, lot_number: str | None = None, limit: int = 200) -> list[MovementRow]:
    """The movements of a supply (or of one of its lots), newest first."""
    query = (
        select(
            StockMovement.at, StockMovement.kind, Lot.lot_number, StockMovement.quantity_micro, SupplyType.stock_unit,
            Staff.display_name, RepairOrder.reference, StockMovement.reason, StockMovement.waste_stream,
        )
        .join(Lot, Lot.id == StockMovement.lot_id)
        .join(SupplyType, SupplyType.id == StockMovement.supply_type_id)
        .outerjoin(Staff, Staff.id == StockMovement.actor_id)
        .outerjoin(RepairOrder, RepairOrder.id == StockMovement.order_id)
        .where(SupplyType.key == supply_key)
        .order_by(StockMovement.at.desc(), StockMovement.id.desc())
        .limit(limit)
    )
    if lot_number is not None:
        query = query.where(Lot.lot_number == lot_number)
    with read_rows(engine) as session:
        return [
            MovementRow(utc(at), kind, number, from_micro(quantity), unit, actor, order, reason, waste)
            for at, kind, number, quantity, unit, actor, order, reason, waste in session.execute(query)
        ]
