"""The pick list of an order as a document: the lots `order prepare` reserved for it (and that are
still reserved: a lot consumed or released is no longer to fetch), one line per lot with the
supply's names, the quantity in the supply's stock unit, and where the lot is: its store location,
or the bench it is on. Lines come in walking order, by the code of the place."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from atelier_tui.domain.units import from_micro
from atelier_tui.domain.vocabulary import LotUseState
from atelier_tui.i18n import _
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import Bench, Location, Lot, RepairOrder, SheetLotUse, SupplyType


@dataclass(frozen=True)
class PickListLine:
    place: str  # the store location's code, else the bench's; "" when the lot is nowhere recorded
    place_name: str  # the store location's name ("" for a bench)
    on_bench: bool  # the lot is on a bench (`place` is the bench's code), not in the store
    supply_key: str
    supply_name_en: str
    supply_name_fr: str
    lot_number: str
    quantity: float  # in `unit`
    unit: str  # the supply's stock unit


@dataclass(frozen=True)
class PickListDocument:
    reference: str
    bench: str | None  # the bench the order is on
    lines: tuple[PickListLine, ...]


def _walking_order(line: PickListLine) -> tuple[bool, str, str, str]:
    return (not line.place, line.place, line.supply_key, line.lot_number)


def picklist_content(engine: Engine, actor: Actor, reference: str) -> PickListDocument:
    require(actor, "document.print")
    reference = reference.strip()
    with read_session(engine) as session:
        order = session.execute(select(RepairOrder.id, Bench.code).outerjoin(Bench, Bench.id == RepairOrder.bench_id)
                                .where(RepairOrder.reference == reference)).first()
        if order is None:
            raise ServiceError(_("order '{ref}': no such repair order").format(ref=reference), field="order")
        rows = session.execute(
            select(Location.code, Location.name, Bench.code, SupplyType.key, SupplyType.name_en, SupplyType.name_fr, Lot.lot_number,
                   func.sum(SheetLotUse.quantity_micro), SupplyType.stock_unit)
            .join(Lot, Lot.id == SheetLotUse.lot_id)
            .join(SupplyType, SupplyType.id == Lot.supply_type_id)
            .outerjoin(Location, Location.id == Lot.location_id)
            .outerjoin(Bench, Bench.id == Lot.bench_id)
            .where(SheetLotUse.order_id == order.id, SheetLotUse.state == LotUseState.RESERVED)
            .group_by(Lot.id, Location.code, Location.name, Bench.code, SupplyType.key, SupplyType.name_en, SupplyType.name_fr,
                      Lot.lot_number, SupplyType.stock_unit)
        ).all()
    if not rows:
        raise WorkshopRefusal(_("order {reference} has no lot reserved to pick: `atelier order prepare {reference}` reserves "
                                "them").format(reference=reference), field="order")
    lines = [PickListLine(location or bench or "", location_name if location else "", not location and bool(bench), key, name_en,
                          name_fr, number, from_micro(int(quantity)), unit)  # PostgreSQL sums a BIGINT as a numeric
             for location, location_name, bench, key, name_en, name_fr, number, quantity, unit in rows]
    return PickListDocument(reference, order[1], tuple(sorted(lines, key=_walking_order)))
