"""Reads the lots a readiness check weighs for one order: of the supplies it needs, their
alternatives and the parts close enough to be named, on the bench it is checked for.

Bounded, a check reads the lots it may take or name, not every lot of those supplies:
- every lot on the bench (each expired one there is a warning) and every lot the order itself
  has reserved;
- of the others, with free stock, the earliest use-by dates first (FEFO) until they hold what the
  job needs, expired and unexpired apart (the first expired lot is named when nothing else is left);
- per supply, its whole stock (the reorder point) and the free stock of the lots left unread
  (an alternative or a near miss is named for what is free in all its lots).

Why this is enough: a need is served in FEFO order, bench first, and what the lots read hold
covers every need of the job on that supply; a need that still falls short read every lot with
free stock of what it accepts (domain.supply_allocation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.inventory import LotView
from atelier_tui.domain.requirements import Requirements
from atelier_tui.domain.supply_allocation import needed_micro
from atelier_tui.domain.vocabulary import LotStatus, LotUseState
from atelier_tui.services.readiness.requirement_source import CatalogSnapshot, near_misses
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

    from atelier_tui.services.readiness._inventory_source import WorkshopSnapshot


@dataclass(frozen=True)
class WeighedLots:
    lots: tuple[LotView, ...]
    stock_micro: dict[str, int]  # every lot's quantity, per supply key
    unread_free_micro: dict[str, int]  # free stock of the unexpired lots not read, per supply key


@read_statement
def _own_reservations_statement() -> Any:
    from sqlalchemy import BigInteger, bindparam, cast, func, select

    from atelier_tui.store.core_tables import SheetLotUse

    return (
        select(SheetLotUse.lot_id, cast(func.sum(SheetLotUse.quantity_micro), BigInteger))  # PostgreSQL: NUMERIC otherwise
        .where(SheetLotUse.order_id == bindparam("order"), SheetLotUse.state == LotUseState.RESERVED).group_by(SheetLotUse.lot_id)
    )


def _lot_columns(table: Any) -> tuple[Any, ...]:
    """The columns a LotView is made of, in the order _views unpacks them."""
    return (table.id, table.lot_number, table.supply_type_id, table.quantity_micro, table.reserved_micro, table.expires_on,
            table.opened_on, table.bench_id, table.location_id)


@read_statement
def _every_available_lot() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Lot

    return select(*_lot_columns(Lot)).where(
        Lot.supply_type_id.in_(bindparam("supply_type_ids", expanding=True)), Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)


@read_statement
def _lots_to_weigh() -> Any:
    """The bounded read (see the module's docstring). Per lot, in the database: its use-by date
    (the earlier of its expiry and the end of its shelf life once opened: LotView.use_by), then,
    among the lots of its supply that are neither on the bench nor the order's own, the free stock
    of the lots before it in FEFO order (expired and unexpired apart): a lot is read while that is
    short of `bound`."""
    from sqlalchemy import BigInteger, and_, bindparam, case, cast, func, or_, select

    from atelier_tui.store.core_tables import Lot, SupplyType
    from atelier_tui.store.sql_portable import code_point_order, days_after

    shelf_life = SupplyType.shelf_life_after_opening_days
    opened_limit = case((and_(Lot.opened_on.is_not(None), shelf_life.is_not(None)), days_after(Lot.opened_on, shelf_life)))
    use_by = case((opened_limit.is_(None), Lot.expires_on), (Lot.expires_on.is_(None), opened_limit),
                  (Lot.expires_on < opened_limit, Lot.expires_on), else_=opened_limit)
    free = Lot.quantity_micro - Lot.reserved_micro
    particular = or_(func.coalesce(Lot.bench_id, 0) == bindparam("bench"), Lot.id.in_(bindparam("own", expanding=True)))
    judged = (
        select(*_lot_columns(Lot), use_by.label("use_by"), case((particular, 0), else_=1).label("among_others"), free.label("free"))
        .join(SupplyType, SupplyType.id == Lot.supply_type_id)
        .where(Lot.supply_type_id.in_(bindparam("supply_type_ids", expanding=True)), Lot.status == LotStatus.AVAILABLE,
               Lot.quantity_micro > 0)
        .subquery("judged")
    )
    expired = case((judged.c.use_by < bindparam("today"), 1), else_=0)
    served_from = case((and_(judged.c.among_others == 1, judged.c.free > 0), judged.c.free))  # NULL: not counted
    supply = judged.c.supply_type_id
    weighed = select(
        *(judged.c[column.key] for column in _lot_columns(Lot)), judged.c.among_others,
        cast(func.sum(judged.c.quantity_micro).over(partition_by=supply), BigInteger).label("stock"),
        cast(func.sum(case((and_(judged.c.among_others == 1, expired == 0), judged.c.free), else_=0)).over(partition_by=supply),
             BigInteger).label("others_free"),
        # What the lots before it hold, in FEFO order: use-by date (none last), then lot number.
        func.coalesce(func.sum(served_from).over(
            partition_by=(supply, expired), order_by=(judged.c.use_by.nulls_last(), code_point_order(judged.c.lot_number)),
            rows=(None, -1)), 0).label("before"),
        served_from.label("served_from"),
    ).subquery("weighed")
    return select(*(weighed.c[column.key] for column in _lot_columns(Lot)), weighed.c.among_others, weighed.c.stock,
                  weighed.c.others_free).where(
        or_(weighed.c.among_others == 0, and_(weighed.c.served_from.is_not(None), weighed.c.before < bindparam("bound"))))


def own_reservations(session: Session, order_id: int) -> dict[int, int]:
    """lot id -> what this order has reserved on it: its own reservation is not someone else's."""
    return dict(session.execute(_own_reservations_statement, {"order": order_id}).all())


def _weighed_keys(requirements: Requirements, catalog: CatalogSnapshot, bounded: bool) -> set[str]:
    # Alternatives too: the verdict names one in stock (to be confirmed), never picks it.
    keys = {key for need in requirements.supplies for key in (*need.accepted, *need.alternatives)}
    # Parts of a matched category too: one that differs from the watch (a mineral crystal of the
    # sapphire one's size) is named with what differs, never taken. Only those close enough to be
    # named (domain.supply_allocation._differing_in_stock), judged on the catalog's attributes
    # before any lot is read: not the lots of every part of the category.
    for need in requirements.supplies:
        if need.category and need.match:
            keys |= set(near_misses(need, catalog)) if bounded else {
                info.key for info in catalog.requirements.supplies.values() if info.category == need.category}
    return keys


def _wanted(requirements: Requirements, catalog: CatalogSnapshot) -> dict[str, int]:
    """What the job may take of each supply, in millionths of its stock unit: every need that
    accepts it served from it alone. Lots holding that much serve each of those needs."""
    supplies = catalog.requirements.supplies
    wanted: dict[str, int] = {}
    for need in requirements.supplies:
        for key in need.accepted:
            if key in supplies:
                wanted[key] = wanted.get(key, 0) + needed_micro(need, supplies[key])
    return wanted


def _views(rows: Iterable[Any], catalog: CatalogSnapshot, workshop: WorkshopSnapshot, own: dict[int, int]) -> list[LotView]:
    key_of, shelf_lives, benches, locations = catalog.supply_keys, workshop.shelf_life_after_opening, workshop.benches, workshop.locations
    # Unpacked as tuples (_lot_columns): a check reads a hundred lots or more, and a row's named
    # access cost more than the rest of the loop.
    views = []
    for lot_id, number, type_id, quantity, reserved, expires_on, opened_on, bench_id, location_id, *_rest in rows:
        key = key_of[type_id]
        views.append(LotView(number, key, quantity, reserved - own.get(lot_id, 0), expires_on, opened_on, shelf_lives.get(key),
                             benches[bench_id].code if bench_id else None, locations.get(location_id)))
    return views


def lots_for(session: Session, requirements: Requirements, bench_id: int, catalog: CatalogSnapshot, workshop: WorkshopSnapshot,
             today: date, order_id: int, bounded: bool) -> WeighedLots:
    """`bounded` False reads every available lot: the reference the tests compare with."""
    keys = sorted(key for key in _weighed_keys(requirements, catalog, bounded) if key in catalog.supply_ids)
    if not keys:
        return WeighedLots((), {}, {})
    if bounded:
        return _bounded_lots(session, requirements, keys, bench_id, catalog, workshop, today, order_id)
    rows = session.execute(_every_available_lot, {"supply_type_ids": [catalog.supply_ids[key] for key in keys]}).all()
    own = own_reservations(session, order_id) if any(row[4] for row in rows) else {}
    lots = _views(rows, catalog, workshop, own)
    stock: dict[str, int] = {}
    for lot in lots:
        stock[lot.supply_key] = stock.get(lot.supply_key, 0) + lot.quantity_micro
    return WeighedLots(tuple(lots), stock, {})


def _bounded_lots(session: Session, requirements: Requirements, keys: list[str], bench_id: int, catalog: CatalogSnapshot,
                  workshop: WorkshopSnapshot, today: date, order_id: int) -> WeighedLots:
    own = own_reservations(session, order_id)
    # One read per amount wanted: each supply's lots are read as far as its own need, not the
    # largest one (a drop of oil next to three crystals). Most jobs want a few amounts; an
    # alternative or a near miss is wanted for its free stock only, the first lot is enough.
    wanted = _wanted(requirements, catalog)
    by_bound: dict[int, list[int]] = {}
    for key in keys:
        by_bound.setdefault(wanted.get(key, 1), []).append(catalog.supply_ids[key])
    rows = [row for bound, ids in sorted(by_bound.items()) for row in session.execute(
        _lots_to_weigh, {"supply_type_ids": ids, "bench": bench_id, "own": list(own), "today": today, "bound": bound}).all()]
    lots = _views(rows, catalog, workshop, own)
    stock: dict[str, int] = {}
    unread: dict[str, int] = {}
    for row, lot in zip(rows, lots, strict=True):
        among_others, supply_stock, others_free = row[9:12]
        stock[lot.supply_key] = supply_stock
        unread.setdefault(lot.supply_key, others_free)
        if among_others and not lot.expired(today):
            unread[lot.supply_key] -= lot.available_micro
    return WeighedLots(tuple(lots), stock, unread)
