"""Reads the lots a readiness check weighs for one order: of the supplies it needs, their
alternatives and the parts close enough to be named, on the bench it is checked for.

Bounded, a check reads the lots it may take or name, not every lot of those supplies:
- every lot on the bench (each expired one there is a warning) and every lot the order itself
  has reserved;
- of the others with free stock, per supply, the first lots in FEFO order until they hold what
  the job may take of it and what an alternative or a near miss must hold to be named (_wants),
  through indexes on the lots in stock (migration 0022): sealed lots by expiry date, opened ones
  by expiry date and by the day they were opened (their shelf life runs from then), a few of each
  kind and more while what is certainly first falls short (_frontier); and the first expired lot,
  named when nothing else is left;
- per supply, its largest lots, until they tell whether the job leaves it under its reorder point.

Why this is enough: a need is served in FEFO order, bench first, and the lots read hold every
need of the job on that supply, with what a finding asks of it left over; a need that still falls
short has read every lot with free stock of what it accepts (domain.supply_allocation).
tests/services/test_readiness_lots_bounded.py compares with reading every lot."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
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
    # Per supply key, every lot's quantity; or, when the lots read are enough to tell, at least
    # its reorder point plus what the job may take (no warning either way).
    stock_micro: dict[str, int]


@read_statement
def _own_reservations_statement() -> Any:
    from sqlalchemy import BigInteger, bindparam, cast, func, select

    from atelier_tui.store.core_tables import SheetLotUse

    return (
        select(SheetLotUse.lot_id, cast(func.sum(SheetLotUse.quantity_micro), BigInteger))  # PostgreSQL: NUMERIC otherwise
        .where(SheetLotUse.order_id == bindparam("order"), SheetLotUse.state == LotUseState.RESERVED).group_by(SheetLotUse.lot_id)
    )


def _lot_columns(columns: Any) -> tuple[Any, ...]:
    """The columns a LotView is made of, in the order _views unpacks them."""
    return (columns.id, columns.lot_number, columns.supply_type_id, columns.quantity_micro, columns.reserved_micro, columns.expires_on,
            columns.opened_on, columns.bench_id, columns.location_id)


@read_statement
def _every_available_lot() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Lot

    return select(*_lot_columns(Lot)).where(
        Lot.supply_type_id.in_(bindparam("supply_type_ids", expanding=True)), Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)


def _in_stock(table: Any) -> Any:
    """Written with literal values, so that the planner may take the partial indexes on lots in
    stock (store/stock_models.py), whose WHERE names those values."""
    from sqlalchemy import and_, literal_column

    return and_(table.c.status == literal_column(f"'{LotStatus.AVAILABLE}'"), table.c.quantity_micro > literal_column("0"))


def _others(table: Any) -> Any:
    """A lot with free stock that is not on the bench checked for."""
    from sqlalchemy import and_, bindparam, func

    return and_(_in_stock(table), func.coalesce(table.c.bench_id, 0) != bindparam("bench"), table.c.quantity_micro > table.c.reserved_micro)


def _stream(name: str, where: Callable[[Any, Any], Any], order: Callable[[Any], tuple[Any, ...]], first_only: bool = False,
            among: Callable[[Any], Any] = _others) -> Any:
    """Per supply, its first lots `among` the lots in stock (by default the others) in one index
    order: `k` of them (one if `first_only`), with the stream's name on each row."""
    from sqlalchemy import bindparam, literal_column, select

    from atelier_tui.store.core_tables import lot, supply_type
    from atelier_tui.store.sql_portable import among_first

    candidate = lot.alias("candidate")
    first = (select(candidate.c.id).where(candidate.c.supply_type_id == supply_type.c.id, among(candidate),
                                          where(candidate, supply_type))
             .order_by(*order(candidate)).limit(literal_column("1") if first_only else bindparam("k")).correlate(supply_type))
    return (select(*_lot_columns(lot.c), literal_column(f"'{name}'").label("stream"))
            .select_from(supply_type.join(lot, among_first(lot.c.id, first.scalar_subquery())))
            .where(supply_type.c.id.in_(bindparam("supply_type_ids", expanding=True))))


def _by_expiry(table: Any) -> tuple[Any, ...]:
    from atelier_tui.store.sql_portable import code_point_order

    return table.c.expires_on, code_point_order(table.c.lot_number)


def _by_number(table: Any) -> tuple[Any, ...]:
    from atelier_tui.store.sql_portable import code_point_order

    return (code_point_order(table.c.lot_number),)


def _largest_first(table: Any) -> tuple[Any, ...]:
    return (table.c.quantity_micro.desc(),)


def _by_opening(table: Any) -> tuple[Any, ...]:
    from atelier_tui.store.sql_portable import code_point_order

    return table.c.opened_on, code_point_order(table.c.lot_number)


def _streams(taken: bool) -> Any:
    """The streams of a supply in one statement (see _frontier for what each bounds): for a
    supply the job takes from, every one; for one it only names (an alternative, a near miss),
    its largest unexpired lots: none of it is taken, so no order matters, nor its reorder point."""
    from sqlalchemy import Date, and_, bindparam, or_, true, union_all

    from atelier_tui.store.sql_portable import days_before

    today = bindparam("today", type_=Date)

    def sealed(lot: Any, _supply: Any) -> Any:
        return lot.c.opened_on.is_(None)

    def opened(lot: Any, _supply: Any) -> Any:
        return lot.c.opened_on.is_not(None)

    def shelf_life(supply: Any) -> Any:
        return supply.c.shelf_life_after_opening_days

    fresh = [
        _stream("sealed", lambda lot, supply: and_(sealed(lot, supply), lot.c.expires_on >= today), _by_expiry),
        _stream("sealed_undated", lambda lot, supply: and_(sealed(lot, supply), lot.c.expires_on.is_(None)), _by_number),
        _stream("opened_by_expiry", lambda lot, supply: and_(opened(lot, supply), lot.c.expires_on >= today), _by_expiry),
        _stream("opened_by_day", lambda lot, supply: and_(opened(lot, supply), shelf_life(supply).is_not(None),
                                                          lot.c.opened_on >= days_before(today, shelf_life(supply))), _by_opening),
        _stream("opened_undated", lambda lot, supply: and_(opened(lot, supply), lot.c.expires_on.is_(None),
                                                           shelf_life(supply).is_(None)), _by_number),
    ]
    if not taken:
        # Nothing of it is taken: only what its unexpired lots hold free is asked, in any order.
        return _stream("unexpired_largest", lambda lot, supply: and_(
            or_(lot.c.expires_on.is_(None), lot.c.expires_on >= today),
            or_(lot.c.opened_on.is_(None), shelf_life(supply).is_(None), lot.c.opened_on >= days_before(today, shelf_life(supply)))),
            _largest_first)
    return union_all(
        *fresh,
        _stream("sealed_expired", lambda lot, supply: and_(sealed(lot, supply), lot.c.expires_on < today), _by_expiry, first_only=True),
        _stream("opened_expired", lambda lot, supply: and_(opened(lot, supply), lot.c.expires_on < today), _by_expiry, first_only=True),
        _stream("opened_past_shelf_life", lambda lot, supply: and_(opened(lot, supply), shelf_life(supply).is_not(None),
                                                                   lot.c.opened_on < days_before(today, shelf_life(supply))),
                _by_opening, first_only=True),
        # Any lot in stock, the largest first: the whole stock, or enough of it to know that the
        # job leaves it above its reorder point.
        _stream("largest", lambda _lot, _supply: true(), _largest_first, among=_in_stock),
    )


_first_lots = read_statement(lambda: _streams(taken=True), f"{__name__}:_first_lots")
_first_free_lots = read_statement(lambda: _streams(taken=False), f"{__name__}:_first_free_lots")


@read_statement
def _bench_and_own_lots() -> Any:
    from sqlalchemy import bindparam, or_, select

    from atelier_tui.store.core_tables import lot

    return select(*_lot_columns(lot.c)).where(
        lot.c.supply_type_id.in_(bindparam("supply_type_ids", expanding=True)), _in_stock(lot),
        or_(lot.c.bench_id == bindparam("bench"), lot.c.id.in_(bindparam("own", expanding=True))))


def own_reservations(session: Session, order_id: int) -> dict[int, int]:
    """lot id -> what this order has reserved on it: its own reservation is not someone else's."""
    return dict(session.execute(_own_reservations_statement, {"order": order_id}).all())


def _weighed_keys(requirements: Requirements, catalog: CatalogSnapshot) -> set[str]:
    """The supplies whose every lot the reference reads: those the needs accept, their
    alternatives, and every part of a matched category (the bounded read weighs only those
    _wants names: the near misses judged on the catalog's attributes before any lot is read)."""
    keys = {key for need in requirements.supplies for key in (*need.accepted, *need.alternatives)}
    for need in requirements.supplies:
        if need.category and need.match:
            keys |= {info.key for info in catalog.requirements.supplies.values() if info.category == need.category}
    return keys


@dataclass(frozen=True)
class _Wants:
    taken: dict[str, int]  # per supply, at most what the job takes of it: every need that accepts it served from it alone
    asked: dict[str, int]  # per supply, free stock that settles every question the check asks of it

    def free_enough(self, key: str) -> int:
        return max(1, self.asked.get(key, 0))


def _wants(requirements: Requirements, catalog: CatalogSnapshot) -> _Wants:
    """In millionths of each supply's stock unit. Lots holding `asked` serve every need that
    accepts the supply, after which as much is left as an alternative must hold to be named (or
    some, for a near miss): more free stock would change no finding."""
    supplies = catalog.requirements.supplies
    taken: dict[str, int] = {}
    named: dict[str, int] = {}
    for need in requirements.supplies:
        for key in need.accepted:
            if key in supplies:
                taken[key] = taken.get(key, 0) + needed_micro(need, supplies[key])
        for key in need.alternatives:
            if key in supplies:
                named[key] = max(named.get(key, 0), needed_micro(need, supplies[key]))
        if need.category and need.match:
            for key in near_misses(need, catalog):
                named[key] = max(named.get(key, 0), 1)
    return _Wants(taken, {key: taken.get(key, 0) + named.get(key, 0) for key in {*taken, *named}})


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
    if bounded:
        wants = _wants(requirements, catalog)
        keys = sorted(key for key in wants.asked if key in catalog.supply_ids)
        return _bounded_lots(session, wants, keys, bench_id, catalog, workshop, today, order_id) if keys else WeighedLots((), {})
    keys = sorted(key for key in _weighed_keys(requirements, catalog) if key in catalog.supply_ids)
    if not keys:
        return WeighedLots((), {})
    rows = session.execute(_every_available_lot, {"supply_type_ids": [catalog.supply_ids[key] for key in keys]}).all()
    own = own_reservations(session, order_id) if any(row[4] for row in rows) else {}
    lots = _views(rows, catalog, workshop, own)
    stock: dict[str, int] = {}
    for lot in lots:
        stock[lot.supply_key] = stock.get(lot.supply_key, 0) + lot.quantity_micro
    return WeighedLots(tuple(lots), stock)


# The streams that give the first expired lot of a supply (named when nothing else is left); the
# others read its unexpired lots, as far as the job needs.
FIRST_EXPIRED = frozenset({"sealed_expired", "opened_expired", "opened_past_shelf_life"})
# Lots read per supply and stream at first; four times as many for a supply they leave short.
FIRST_READ = 4
_AFTER = "\0"  # after a lot number: the least number that sorts after it


def _fefo_key(lot: LotView) -> tuple[date, str]:
    return (lot.use_by or date.max, lot.lot_number)


def _frontier(streams: dict[str, list[LotView]], k: int, shelf_life: int | None) -> tuple[date, str] | None:
    """The FEFO key below which every unexpired lot of a supply among the others has been read;
    None when every one has. A stream that returned fewer than `k` lots returned all of its own."""
    last = {name: lots[-1] for name, lots in streams.items() if len(lots) >= k}
    bounds = []
    if "sealed" in last:
        bounds.append((last["sealed"].expires_on or date.max, last["sealed"].lot_number + _AFTER))
    if "sealed_undated" in last:
        bounds.append((date.max, last["sealed_undated"].lot_number + _AFTER))
    if shelf_life is None:  # an opened lot keeps its expiry date: read in its order
        if "opened_by_expiry" in last:
            bounds.append((last["opened_by_expiry"].expires_on or date.max, last["opened_by_expiry"].lot_number + _AFTER))
        if "opened_undated" in last:
            bounds.append((date.max, last["opened_undated"].lot_number + _AFTER))
    elif "opened_by_day" in last:
        # An opened lot read by neither stream was opened no earlier than the last read by day,
        # and expires no earlier than the last read by expiry: it is good until at least the
        # earlier of the two (by day alone if every dated one was read).
        opened_on = last["opened_by_day"].opened_on
        assert opened_on is not None
        good_until = opened_on + timedelta(days=shelf_life)
        if "opened_by_expiry" in last and last["opened_by_expiry"].expires_on is not None:
            good_until = min(good_until, last["opened_by_expiry"].expires_on)
        bounds.append((good_until, ""))
    return min(bounds, default=None)


def _enough(lots: list[LotView], wanted: int, today: date) -> tuple[list[LotView], int]:
    """The first of `lots` (in FEFO order) until their unexpired ones hold `wanted`, and what
    those hold: the later ones are not taken."""
    taken, held = [], 0
    for lot in lots:
        if held >= wanted:
            break
        taken.append(lot)
        if not lot.expired(today):
            held += lot.available_micro
    return taken, held


def _bounded_lots(session: Session, wants: _Wants, keys: list[str], bench_id: int, catalog: CatalogSnapshot,
                  workshop: WorkshopSnapshot, today: date, order_id: int) -> WeighedLots:
    own = own_reservations(session, order_id)
    base = {"bench": bench_id, "own": list(own), "today": today}
    ids = [catalog.supply_ids[key] for key in keys]
    lots = _views(session.execute(_bench_and_own_lots, {**base, "supply_type_ids": ids}).all(), catalog, workshop, own)
    listed = {(lot.supply_key, lot.lot_number): lot for lot in lots}
    stock: dict[str, int] = {}
    taken = [catalog.supply_ids[key] for key in keys if wants.taken.get(key)]
    named = [catalog.supply_ids[key] for key in keys if not wants.taken.get(key)]
    # A supply only named is asked for some free stock: its largest lot usually says so.
    for statement, pending, k in ((_first_lots, taken, FIRST_READ), (_first_free_lots, named, 1)):
        while pending:
            rows = session.execute(statement, {**base, "supply_type_ids": pending, "k": k}).all()
            streams: dict[str, dict[str, list[LotView]]] = {catalog.supply_keys[type_id]: {} for type_id in pending}
            for row, lot in zip(rows, _views(rows, catalog, workshop, {}), strict=True):
                # An own lot is read with the bench's, its own reservation counted; the stock counts it.
                if row[0] not in own or row[9] == "largest":
                    streams[lot.supply_key].setdefault(row[9], []).append(lot)
            pending = []
            for key, read in streams.items():
                largest = read.pop("largest", None)
                whole_stock = sum(lot.quantity_micro for lot in largest or ())
                if "unexpired_largest" in read:  # a supply only named: enough free, or every lot
                    fresh = read["unexpired_largest"]
                    if len(fresh) >= k and sum(lot.available_micro for lot in fresh) < wants.free_enough(key):
                        pending.append(catalog.supply_ids[key])
                    else:
                        listed.update(((key, lot.lot_number), lot) for lot in fresh)
                    continue
                frontier = _frontier(read, k, workshop.shelf_life_after_opening.get(key))
                first = {(key, lot.lot_number): lot for name, stream in read.items() if name in FIRST_EXPIRED for lot in stream}
                before = sorted({lot.lot_number: lot for name, stream in read.items() if name not in FIRST_EXPIRED for lot in stream
                                 if frontier is None or _fefo_key(lot) < frontier}.values(), key=_fefo_key)
                fresh, held = _enough(before, wants.free_enough(key), today)
                short = frontier is not None and held < wants.free_enough(key)
                if short or (largest is not None and len(largest) >= k
                             and whole_stock < workshop.reorder_points.get(key, 0) + wants.taken.get(key, 0)):
                    pending.append(catalog.supply_ids[key])
                    continue
                if largest is not None:
                    stock[key] = whole_stock
                listed.update(first)
                listed.update(((key, lot.lot_number), lot) for lot in fresh)
            k *= 4
    return WeighedLots(tuple(listed.values()), stock)
