"""Stock changes as explicit ledger events: receive a lot, consume, adjust (with a reason),
dispose (with a waste stream). Never a silent edit of a number.

A decrement is one conditional UPDATE (`... WHERE quantity - reserved >= n`): two benches taking
the last cell cannot both succeed, and stock never goes negative."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from atelier_tui.domain.inventory import lot_expiry
from atelier_tui.domain.units import Measured, format_value, from_micro, parse_quantity, to_micro
from atelier_tui.domain.vocabulary import LotStatus, StockMovementKind, WasteStream, values
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.rows_changed import rows_changed
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Location, Lot, RepairOrder, StockMovement, SupplyAlias, SupplyType

WASTE_STREAMS = values(WasteStream)


def find_supply_type(session: Session, key_or_alias: str) -> SupplyType:
    """A supply by catalog key, IEC code or alias (a battery's '371')."""
    text = key_or_alias.strip()
    supply = session.exec(select(SupplyType).where(SupplyType.key == text)).first()
    if supply is None:
        supply = session.exec(select(SupplyType).where(SupplyType.iec_code == text.upper())).first()
    if supply is None:
        matches = session.exec(
            select(SupplyType).join(SupplyAlias, SupplyAlias.supply_type_id == SupplyType.id).where(SupplyAlias.alias == text)
        ).all()
        if len(matches) > 1:
            keys = ", ".join(sorted(m.key for m in matches))
            raise ServiceError(_("supply: '{text}' names several supplies ({keys}): give the catalog key").format(text=text, keys=keys), field="supply")
        supply = matches[0] if matches else None
    if supply is None:
        raise ServiceError(_("supply: '{text}' is not in the catalog").format(text=text), field="supply")
    return supply


def _amount(text: str, supply: SupplyType, field: str = "quantity") -> Measured:
    unit = "ml" if supply.stock_unit == "l" else supply.stock_unit
    measured = parse_quantity(text, unit, field)
    if supply.stock_unit == "l":
        measured = Measured(measured.value / 1000, "l", measured.text)
    return measured


def _lot(session: Session, supply: SupplyType, lot_number: str) -> Lot:
    # The row stays locked until the transaction ends (writers already take turns: BEGIN IMMEDIATE,
    # PostgreSQL's writer lock): an adjustment adds to the quantity read here, unchanged meanwhile.
    lot = session.exec(select(Lot).where(Lot.supply_type_id == supply.id, Lot.lot_number == lot_number)
                       .with_for_update()).first()
    if lot is None:
        raise ServiceError(_("lot '{lot}' of {supply}: no such lot").format(lot=lot_number, supply=supply.key))
    return lot


def _movement(session: Session, actor: Actor, now: datetime, lot: Lot, kind: str, signed_micro: int, **extra) -> StockMovement:  # type: ignore[no-untyped-def]
    movement = StockMovement(
        lot_id=lot.id, supply_type_id=lot.supply_type_id, kind=kind, quantity_micro=signed_micro, at=now,
        actor_id=actor.staff_id, **extra,
    )
    session.add(movement)
    return movement


def receive_lot(
    engine: Engine, actor: Actor, now: datetime, supply: str, lot_number: str, quantity: str, location_code: str,
    expires_on: date | None = None, received_on: date | None = None,
) -> Lot:
    require(actor, "stock.receive")
    with write_session(engine) as session:
        supply_type = find_supply_type(session, supply)
        amount = _amount(quantity, supply_type)
        if amount.value <= 0:
            raise ServiceError(_("quantity: '{quantity}' must be more than zero").format(quantity=quantity), field="quantity")
        location = session.exec(select(Location).where(Location.code == location_code)).first()
        if location is None:
            raise ServiceError(_("location: '{code}' is not a store location").format(code=location_code), field="location")
        if not lot_number.strip():
            raise ServiceError(_("lot number: required"), field="lot_number")
        exists = session.exec(select(Lot).where(Lot.supply_type_id == supply_type.id, Lot.lot_number == lot_number)).first()
        if exists is not None:
            raise ServiceError(_("lot number: {supply} already has a lot '{lot}'").format(supply=supply_type.key, lot=lot_number), field="lot_number")
        received = received_on or now.date()
        expires_on = lot_expiry(expires_on, received, supply_type.shelf_life_days)
        lot = Lot(
            supply_type_id=supply_type.id, site_id=location.site_id, lot_number=lot_number.strip(),
            location_id=location.id, quantity_micro=to_micro(amount.value), received_on=received, expires_on=expires_on,
        )
        session.add(lot)
        session.flush()
        _movement(session, actor, now, lot, StockMovementKind.RECEIPT, lot.quantity_micro, to_location_id=location.id)
        audit.record(session, actor, now, "receive", "lot", f"{supply_type.key}/{lot.lot_number}", None, audit.snapshot(lot))
        return lot


def _take(session: Session, lot: Lot, amount_micro: int) -> None:
    """The atomic decrement: refused when the free quantity (stock minus reservations) is short."""
    taken = rows_changed(session,
        update(Lot)
        .where(Lot.id == lot.id, Lot.quantity_micro - Lot.reserved_micro >= amount_micro)
        .values(quantity_micro=Lot.quantity_micro - amount_micro, version=Lot.version + 1)
    )
    if taken != 1:
        session.refresh(lot)
        supply = session.get_one(SupplyType, lot.supply_type_id)
        free = format_value(from_micro(lot.quantity_micro - lot.reserved_micro), supply.stock_unit)
        raise WorkshopRefusal(_("lot {lot}: cannot take {amount}, only {free} free").format(
            lot=lot.lot_number, amount=format_value(from_micro(amount_micro), supply.stock_unit), free=free), field="quantity")
    session.refresh(lot)


def consume(
    engine: Engine, actor: Actor, now: datetime, supply: str, lot_number: str, quantity: str, order_reference: str | None = None,
) -> Lot:
    require(actor, "stock.consume")
    with write_session(engine) as session:
        supply_type = find_supply_type(session, supply)
        lot = _lot(session, supply_type, lot_number)
        amount = to_micro(_amount(quantity, supply_type).value)
        if amount <= 0:
            raise ServiceError(_("quantity: '{quantity}' must be more than zero").format(quantity=quantity), field="quantity")
        order_id = None
        if order_reference:
            order_id = session.exec(select(RepairOrder.id).where(RepairOrder.reference == order_reference)).first()
            if order_id is None:
                raise ServiceError(_("order: '{reference}' does not exist").format(reference=order_reference), field="order")
        before = audit.snapshot(lot)
        _take(session, lot, amount)
        _movement(session, actor, now, lot, StockMovementKind.CONSUMPTION, -amount, order_id=order_id)
        if lot.opened_on is None:
            lot.opened_on = now.date()
            session.add(lot)
        audit.record(session, actor, now, "consume", "lot", f"{supply_type.key}/{lot.lot_number}", before, audit.snapshot(lot))
        return lot


def adjust(engine: Engine, actor: Actor, now: datetime, supply: str, lot_number: str, change: str, reason: str) -> Lot:
    """A counted correction, up or down ('-2 piece', '+0.5 ml'); a reason is required."""
    require(actor, "stock.adjust")
    if not reason.strip():
        raise ServiceError(_("reason: a reason is required for a stock adjustment"), field="reason")
    with write_session(engine) as session:
        supply_type = find_supply_type(session, supply)
        lot = _lot(session, supply_type, lot_number)
        amount = to_micro(_amount(change.replace("+", "", 1), supply_type, "change").value)
        if amount == 0:
            raise ServiceError(_("change: an adjustment of zero changes nothing"), field="change")
        before = audit.snapshot(lot)
        if amount < 0:
            _take(session, lot, -amount)
        else:
            lot.quantity_micro += amount
            lot.version += 1
            session.add(lot)
            session.flush()
        _movement(session, actor, now, lot, StockMovementKind.ADJUSTMENT, amount, reason=reason.strip())
        audit.record(session, actor, now, "adjust", "lot", f"{supply_type.key}/{lot.lot_number}", before, audit.snapshot(lot), reason.strip())
        return lot


def dispose(
    engine: Engine, actor: Actor, now: datetime, supply: str, lot_number: str, quantity: str, waste_stream: str, reason: str = "",
) -> Lot:
    require(actor, "stock.dispose")
    if waste_stream not in WASTE_STREAMS:
        raise ServiceError(_("waste stream: '{stream}' is not one of {streams}").format(
            stream=waste_stream, streams=", ".join(WASTE_STREAMS)), field="waste_stream")
    with write_session(engine) as session:
        supply_type = find_supply_type(session, supply)
        lot = _lot(session, supply_type, lot_number)
        amount = to_micro(_amount(quantity, supply_type).value)
        if amount <= 0:
            raise ServiceError(_("quantity: '{quantity}' must be more than zero").format(quantity=quantity), field="quantity")
        before = audit.snapshot(lot)
        _take(session, lot, amount)
        _movement(session, actor, now, lot, StockMovementKind.DISPOSAL, -amount, waste_stream=waste_stream, reason=reason.strip())
        if lot.quantity_micro == 0:
            lot.status = LotStatus.DISPOSED
            session.add(lot)
        audit.record(session, actor, now, "dispose", "lot", f"{supply_type.key}/{lot.lot_number}", before, audit.snapshot(lot), reason.strip())
        return lot



def transfer(engine: Engine, actor: Actor, now: datetime, supply: str, lot_number: str, location_code: str) -> Lot:
    """Move a whole lot to another store location (a lot is one place: its lot number is unique per
    supply). The ledger records the move with no quantity, so the stock still sums from it."""
    require(actor, "stock.transfer")
    with write_session(engine) as session:
        supply_type = find_supply_type(session, supply)
        lot = _lot(session, supply_type, lot_number)
        location = session.exec(select(Location).where(Location.code == location_code)).first()
        if location is None:
            raise ServiceError(_("location: '{code}' is not a store location").format(code=location_code), field="location")
        if lot.status == LotStatus.DISPOSED:
            raise WorkshopRefusal(_("lot {lot}: disposed of, it is nowhere to move").format(lot=lot.lot_number))
        if lot.location_id == location.id and lot.bench_id is None:
            raise WorkshopRefusal(_("lot {lot}: already in {code}").format(lot=lot.lot_number, code=location.code), field="location")
        before = audit.snapshot(lot)
        moved_from = lot.location_id
        lot.location_id, lot.bench_id, lot.site_id = location.id, None, location.site_id
        lot.version += 1
        session.add(lot)
        session.flush()
        _movement(session, actor, now, lot, "transfer", 0, from_location_id=moved_from, to_location_id=location.id)
        audit.record(session, actor, now, "transfer", "lot", f"{supply_type.key}/{lot.lot_number}", before, audit.snapshot(lot))
        return lot


def named_supply(engine: Engine, key_or_alias: str) -> SupplyType:
    """The supply a person named by key, IEC code or alias (for the readings that take a key)."""
    with read_session(engine) as session:
        return find_supply_type(session, key_or_alias)
