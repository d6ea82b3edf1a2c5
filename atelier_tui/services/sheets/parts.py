"""The parts a job replaces, on its sheet: which are fitted, which were recorded as not replaced
(and why), and which are still owed; closing is refused while one is owed (domain.replaced_parts).

A part counts as fitted when a lot of its category is reserved for the order (closing consumes it)
or was consumed for the order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atelier_tui.domain.replaced_parts import REPLACED_PARTS, PartDue, parts_due
from atelier_tui.domain.vocabulary import LotUseState, StockMovementKind
from atelier_tui.i18n import _, localized
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.permissions import require
from atelier_tui.services.sheets.keeping import _open_sheet, _record, _staff_id
from atelier_tui.services.sheets.queries import PART_LABELS
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import (
    InterventionSheet,
    Lot,
    RepairOrder,
    SheetLotUse,
    SheetPartNotReplaced,
    StockMovement,
    SupplyType,
)


@dataclass(frozen=True)
class PartLine:
    part: str  # one of REPLACED_PARTS
    name_en: str  # the part the job names ("" when it names none)
    name_fr: str
    fitted: tuple[str, ...]  # lot numbers reserved or consumed for the order
    not_replaced: str | None  # the reason given, when recorded as not replaced

    @property
    def owed(self) -> bool:
        return not self.fitted and self.not_replaced is None


def part_name(line: PartLine | PartDue) -> str:
    label = _(PART_LABELS[line.part])
    named = localized(line.name_en, line.name_fr)
    return f"{label} ({named})" if named else label


def _due(session: Session, order: RepairOrder) -> list[PartDue]:
    from atelier_tui.services.readiness.requirement_source import load_catalog, requirements_of

    return parts_due(requirements_of(session, order, load_catalog(session)).supplies)


def _fitted(session: Session, order_id: int) -> dict[str, list[str]]:
    reserved = session.execute(
        select(SupplyType.category, Lot.lot_number).join(Lot, Lot.supply_type_id == SupplyType.id)
        .join(SheetLotUse, SheetLotUse.lot_id == Lot.id)
        .where(SheetLotUse.order_id == order_id, SheetLotUse.state.in_((LotUseState.RESERVED, LotUseState.CONSUMED)))
    ).all()
    consumed = session.execute(
        select(SupplyType.category, Lot.lot_number).join(Lot, Lot.supply_type_id == SupplyType.id)
        .join(StockMovement, StockMovement.lot_id == Lot.id)
        .where(StockMovement.order_id == order_id, StockMovement.kind == StockMovementKind.CONSUMPTION)
    ).all()
    fitted: dict[str, list[str]] = {}
    for category, lot in [*reserved, *consumed]:
        if lot not in fitted.setdefault(category, []):
            fitted[category].append(lot)
    return fitted


def part_lines(session: Session, order: RepairOrder, sheet: InterventionSheet) -> list[PartLine]:
    fitted = _fitted(session, order.id)
    reasons: dict[str, str] = dict(session.execute(select(SheetPartNotReplaced.part, SheetPartNotReplaced.reason)
                                   .where(SheetPartNotReplaced.sheet_id == sheet.id)).all())
    return [PartLine(due.part, due.name_en, due.name_fr, tuple(fitted.get(due.part, ())), reasons.get(due.part))
            for due in _due(session, order)]


def refuse_owed_part(session: Session, order: RepairOrder, sheet: InterventionSheet) -> None:
    owed = next((line for line in part_lines(session, order, sheet) if line.owed), None)
    if owed is not None:
        raise WorkshopRefusal(_("{part} is required by this work and was neither fitted nor recorded as not replaced: "
                                "reserve or consume one for {reference}, or record why it was not replaced").format(
            part=part_name(owed), reference=order.reference), field="part")


def record_not_replaced(engine: Engine, actor: Actor, now: datetime, reference: str, part: str, reason: str) -> PartLine:
    """Record that the part `part` (a cell, a movement, ...) the work replaces was left in the
    watch, and why; given again, the reason is replaced (the audit keeps both)."""
    require(actor, "sheet.write")
    chosen = part.strip().lower()
    if chosen not in REPLACED_PARTS:
        raise ServiceError(_("part: '{given}' is not one of {choices}").format(given=part, choices=", ".join(REPLACED_PARTS)),
                           field="part")
    if not reason.strip():
        raise ServiceError(_("reason: say why the part was not replaced"), field="reason")
    with write_session(engine) as session:
        order, sheet = _open_sheet(session, actor, reference)
        line = next((line for line in part_lines(session, order, sheet) if line.part == chosen), None)
        if line is None:
            raise WorkshopRefusal(_("part: the work on {reference} does not replace a {part}").format(
                reference=reference, part=_(PART_LABELS[chosen])), field="part")
        if line.fitted:
            raise WorkshopRefusal(_("part: {part} was fitted (lot {lots}): it was replaced").format(
                part=part_name(line), lots=", ".join(line.fitted)), field="part")
        row = session.execute(select(SheetPartNotReplaced).where(SheetPartNotReplaced.sheet_id == sheet.id,
                                                                 SheetPartNotReplaced.part == chosen)).scalar_one_or_none()
        before = audit.snapshot(row)
        row = row or SheetPartNotReplaced(sheet_id=sheet.id, part=chosen, reason="", recorded_at=now)
        row.reason, row.recorded_at, row.author_id = reason.strip(), now, _staff_id(session, actor)
        session.add(row)
        session.flush()
        _record(session, actor, now, "sheet.not_replaced", reference, audit.snapshot(row), before, reason.strip())
        return PartLine(line.part, line.name_en, line.name_fr, (), row.reason)
