"""Holding lots for an order: the reservations of an order are made to match the lots its verdict
chose, inside the caller's transaction. Each increase is a conditional UPDATE, so two benches
cannot reserve the same last unit."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from atelier_tui.domain.findings import LotPick
from atelier_tui.domain.vocabulary import LotUseState
from atelier_tui.i18n import _
from atelier_tui.services.common.rows_changed import rows_changed
from atelier_tui.services.context import ServiceError
from atelier_tui.store.models import Lot, SheetLotUse, SupplyType


def _lot_id(session: Session, pick: LotPick) -> int:
    return session.execute(
        select(Lot.id).join(SupplyType, SupplyType.id == Lot.supply_type_id)
        .where(SupplyType.key == pick.supply_key, Lot.lot_number == pick.lot_number)
    ).scalar_one()


def _change_reserved(session: Session, lot_id: int, delta: int, lot_number: str) -> None:
    condition = Lot.quantity_micro - Lot.reserved_micro >= delta if delta > 0 else Lot.reserved_micro >= -delta
    changed = rows_changed(session,
        update(Lot).where(Lot.id == lot_id, condition)
        .values(reserved_micro=Lot.reserved_micro + delta, version=Lot.version + 1)
    )
    if changed != 1:
        raise ServiceError(_("lot {lot} was taken by another bench meanwhile: check the order again").format(lot=lot_number))


def hold_lots(session: Session, order_id: int, picks: Iterable[LotPick], sheet_id: int | None = None) -> list[LotPick]:
    """Reserve `picks` for the order, releasing what it held on other lots; returns the picks
    that needed a new reservation."""
    wanted: dict[int, tuple[LotPick, int]] = {}
    for pick in picks:
        lot_id = _lot_id(session, pick)
        previous = wanted.get(lot_id, (pick, 0))[1]
        wanted[lot_id] = (pick, previous + pick.quantity_micro)
    held: dict[int, int] = {}
    for use in session.execute(select(SheetLotUse).where(SheetLotUse.order_id == order_id, SheetLotUse.state == LotUseState.RESERVED)).scalars():
        if use.lot_id not in wanted:
            lot_number = session.execute(select(Lot.lot_number).where(Lot.id == use.lot_id)).scalar_one()
            _change_reserved(session, use.lot_id, -use.quantity_micro, lot_number)
            use.state = LotUseState.RELEASED
        else:
            held[use.lot_id] = held.get(use.lot_id, 0) + use.quantity_micro
            use.sheet_id = use.sheet_id or sheet_id
        session.add(use)
    added = []
    for lot_id, (pick, quantity) in wanted.items():
        missing = quantity - held.get(lot_id, 0)
        if missing > 0:
            _change_reserved(session, lot_id, missing, pick.lot_number)
            session.add(SheetLotUse(order_id=order_id, sheet_id=sheet_id, lot_id=lot_id, quantity_micro=missing, state=LotUseState.RESERVED))
            added.append(pick)
    session.flush()
    return added
