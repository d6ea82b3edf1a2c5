"""Reading an intervention sheet (fiche de suivi) for the screens, the command line and the
Markdown export: plain rows, no formatting. The words of the sheet (quantities, positions, anomaly
categories) are kept here, marked for translation, so that every interface says them alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.measurements import (
    Bounds,
    Reading,
    SeriesCriterion,
    bounds_for,
    judge_series,
    latest_session,
    with_watch,
)
from atelier_tui.domain.units import from_micro
from atelier_tui.domain.vocabulary import OrderStatus, SheetEntryKind
from atelier_tui.i18n import N_, _
from atelier_tui.services.common.order_row import order_by_reference
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import ServiceError, WorkshopRefusal
from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession, or the lean one: no ORM to import
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

QUANTITY_LABELS = {
    "rate": N_("rate"),
    "amplitude": N_("amplitude"),
    "beat_error": N_("beat error"),
    "test_pressure": N_("water-resistance test pressure"),
    "power_reserve": N_("power reserve"),
    "coil_resistance": N_("coil resistance"),
    "current": N_("current consumption"),
}
POSITION_LABELS = {
    "CH": N_("dial up"),
    "CB": N_("dial down"),
    "3H": N_("crown up"),
    "6H": N_("crown left"),
    "9H": N_("crown down"),
    "12H": N_("crown right"),
}
ANOMALY_CATEGORIES = {
    "case": N_("case"),
    "crystal": N_("crystal"),
    "dial_hands": N_("dial and hands"),
    "movement": N_("movement"),
    "battery": N_("battery or leak"),
    "water_resistance": N_("gaskets and water resistance"),
    "strap": N_("strap or bracelet"),
    "customer": N_("customer's request"),
    "other": N_("other"),
}
# The parts a job replaces (domain.replaced_parts), by supply category.
PART_LABELS = {
    "battery": N_("cell"),
    "movement": N_("movement"),
    "crystal": N_("crystal"),
    "crown": N_("crown"),
    "stem": N_("stem"),
}
# Alerts stay in the lead's view until the watch leaves the workshop.
ALERT_ORDER_STATUSES = (OrderStatus.IN_PROGRESS, OrderStatus.QUALITY_CONTROL)


@dataclass(frozen=True)
class StepLine:
    position: int  # as stored, 0 for the first step
    number: int  # as shown, 1 for the first step
    text_en: str
    text_fr: str
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True)
class NoteLine:
    kind: str  # anomaly | alert | note
    category: str
    text: str
    at: datetime | None
    by: str | None


@dataclass(frozen=True)
class MeasurementLine:
    quantity: str
    position: str
    value: float  # in `unit`, the quantity's unit
    unit: str
    text: str  # as typed
    judged: str  # pass | fail | ""
    bounds: Bounds | None  # the tolerance it was judged against, as it stands now
    tool_tag: str | None
    at: datetime


@dataclass(frozen=True)
class ToolUseLine:
    asset_tag: str
    type_key: str
    name_en: str
    name_fr: str
    measuring: bool
    used_at: datetime


@dataclass(frozen=True)
class LotLine:
    supply_key: str
    name_en: str
    name_fr: str
    lot_number: str
    quantity: float
    unit: str
    state: str  # reserved | consumed | released


@dataclass(frozen=True)
class SheetView:
    reference: str
    order_status: str
    brand: str
    model: str
    case_serial: str
    water_resistance_text: str
    water_resistance_bar: float | None
    calibre_reference: str | None
    calibre_name_en: str
    calibre_name_fr: str
    tolerances: dict[str, Any]  # the calibre's, with the watch's test pressure
    bench: str
    technician: str
    status: str  # open | closed
    opened_at: datetime
    closed_at: datetime | None
    verdict: dict[str, Any]  # the readiness verdict as it was at start
    concession: str
    concession_by: str | None
    steps: list[StepLine]
    anomalies: list[NoteLine]
    alerts: list[NoteLine]
    notes: list[NoteLine]
    measurements: list[MeasurementLine]
    tools: list[ToolUseLine]
    lots: list[LotLine]
    # The rate criteria of the latest series of positions (mean, largest difference, ...), judged
    # against the calibre's tolerances; empty with fewer than two positions measured.
    series: tuple[SeriesCriterion, ...] = ()
    grade: str = ""  # the order's grade the measurements are judged by; '': the calibre's own tolerances
    # The parts the job replaces (a cell, a movement, ...): fitted, not replaced with a reason, or owed.
    parts: tuple[Any, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def steps_left(self) -> list[StepLine]:
        return [step for step in self.steps if step.done_at is None]


@dataclass(frozen=True)
class AlertRow:
    reference: str
    order_status: str
    bench: str
    by: str | None
    at: datetime | None
    text: str


def _at(value: datetime | None) -> datetime | None:
    return utc(value) if value is not None else None


@read_statement
def _template_steps() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import InterventionType

    return select(InterventionType.key, InterventionType.steps)


@read_statement
def _entries_of() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import SheetEntry, Staff

    return (select(SheetEntry.kind, SheetEntry.position, SheetEntry.text, SheetEntry.category, SheetEntry.done_at, Staff.display_name)
            .outerjoin(Staff, Staff.id == SheetEntry.author_id)
            .where(SheetEntry.sheet_id == bindparam("sheet"))
            .order_by(SheetEntry.position, SheetEntry.id))


@read_statement
def _measurements_of() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import SheetMeasurement, Tool

    return (select(SheetMeasurement, Tool.asset_tag.label("tool_tag"))
            .outerjoin(Tool, Tool.id == SheetMeasurement.tool_id)
            .where(SheetMeasurement.sheet_id == bindparam("sheet"))
            .order_by(SheetMeasurement.measured_at, SheetMeasurement.id))


@read_statement
def _tools_of() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import SheetToolUse, Tool, ToolType

    return (select(Tool.asset_tag, ToolType.key, ToolType.name_en, ToolType.name_fr, ToolType.measuring, SheetToolUse.used_at)
            .join(Tool, Tool.id == SheetToolUse.tool_id)
            .join(ToolType, ToolType.id == Tool.tool_type_id)
            .where(SheetToolUse.sheet_id == bindparam("sheet"))
            .order_by(Tool.asset_tag))


@read_statement
def _lots_of() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Lot, SheetLotUse, SupplyType

    return (select(SupplyType.key, SupplyType.name_en, SupplyType.name_fr, Lot.lot_number, SheetLotUse.quantity_micro,
                   SupplyType.stock_unit, SheetLotUse.state)
            .join(Lot, Lot.id == SheetLotUse.lot_id)
            .join(SupplyType, SupplyType.id == Lot.supply_type_id)
            .where(SheetLotUse.order_id == bindparam("order"))
            .order_by(SupplyType.key, Lot.lot_number, SheetLotUse.id))


@read_statement
def _sheet_of_order() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Bench, InterventionSheet, Staff, aliased

    technician, conceder = aliased(Staff), aliased(Staff)
    return (select(InterventionSheet, Bench.code.label("bench_code"), technician.display_name.label("technician_name"),
                   conceder.display_name.label("conceded_by_name"))
            .join(Bench, Bench.id == InterventionSheet.bench_id)
            .join(technician, technician.id == InterventionSheet.technician_id)
            .outerjoin(conceder, conceder.id == InterventionSheet.concession_by_id)
            .where(InterventionSheet.order_id == bindparam("order")))


@read_statement
def _calibre_of() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Calibre

    return select(Calibre).where(Calibre.id == bindparam("calibre"))


def template_steps(session: Session) -> dict[str, tuple[str, str]]:
    """'<intervention key>#<index>' -> (English, French) of every template step."""
    texts = {}
    for key, steps in session.execute(_template_steps):
        for index, step in enumerate(steps or ()):
            texts[f"{key}#{index}"] = (step.get("en", ""), step.get("fr", ""))
    return texts


def _entries(session: Session, sheet_id: int) -> Sequence[Any]:
    return session.execute(_entries_of, {"sheet": sheet_id}).all()


def _measurements(session: Session, sheet_id: int, tolerances: dict[str, Any]) -> list[MeasurementLine]:
    rows = session.execute(_measurements_of, {"sheet": sheet_id}).all()
    return [
        MeasurementLine(m.quantity, m.position, m.value, m.unit, m.text, m.judged, bounds_for(m.quantity, tolerances, m.position),
                        m.tool_tag, utc(m.measured_at))
        for m in rows
    ]


def _tools(session: Session, sheet_id: int) -> list[ToolUseLine]:
    rows = session.execute(_tools_of, {"sheet": sheet_id}).all()
    return [ToolUseLine(tag, key, en, fr, bool(measuring), utc(at)) for tag, key, en, fr, measuring, at in rows]


def _lots(session: Session, order_id: int) -> list[LotLine]:
    rows = session.execute(_lots_of, {"order": order_id}).all()
    return [LotLine(key, en, fr, lot, from_micro(quantity), unit, state) for key, en, fr, lot, quantity, unit, state in rows]


def sheet_of(engine: Database | Engine, reference: str, with_parts: bool = True) -> SheetView | None:
    """The sheet of an order, None when there is no such order or its work has not started;
    without the parts the work replaces when `with_parts` is False (they are read through the
    sheet-keeping module, which loads the ORM: a read command that does not show them skips it)."""
    with reading(engine) as session:
        return sheet_in(session, reference, with_parts)


def existing_sheet(engine: Database | Engine, reference: str) -> SheetView:
    """The sheet of an order; an unknown reference is bad input, an order whose work has not
    started has no sheet yet: the workshop's state says no (WorkshopRefusal)."""
    with reading(engine) as session:
        view = sheet_in(session, reference)
        if view is not None:
            return view
        if session.execute(order_by_reference, {"reference": reference}).first() is None:
            raise ServiceError(_("order '{ref}': no such repair order").format(ref=reference), field="order")
    raise WorkshopRefusal(_("order {reference} has no intervention sheet yet: start the work first").format(reference=reference),
                          field="order")


def sheet_in(session: Session, reference: str, with_parts: bool = True) -> SheetView | None:
    order = session.execute(order_by_reference, {"reference": reference}).first()
    sheet = None if order is None else session.execute(_sheet_of_order, {"order": order.id}).first()
    if order is None or sheet is None:
        return None
    bench, technician_name, conceded_by = sheet.bench_code, sheet.technician_name, sheet.conceded_by_name
    calibre = session.execute(_calibre_of, {"calibre": order.calibre_id}).first() if order.calibre_id else None
    tolerances = with_watch(calibre.tolerances if calibre else None, order.water_resistance_bar, order.grade or None)
    texts = template_steps(session)
    measurements = _measurements(session, sheet.id, tolerances)
    steps, notes = [], []
    for kind, position, text, category, done_at, by in _entries(session, sheet.id):
        if kind == SheetEntryKind.STEP:
            en, fr = texts.get(category, (text, ""))
            # The sheet keeps the English as it was at start; the template gives the French.
            steps.append(StepLine(position, position + 1, text or en, fr, _at(done_at), by if done_at else None))
        else:
            notes.append(NoteLine(kind, category, text, _at(done_at), by))
    return SheetView(
        reference=order.reference, order_status=order.status, brand=order.brand, model=order.model, case_serial=order.case_serial,
        water_resistance_text=order.water_resistance_text, water_resistance_bar=order.water_resistance_bar,
        calibre_reference=calibre.reference if calibre else None, calibre_name_en=calibre.name_en if calibre else "",
        calibre_name_fr=calibre.name_fr if calibre else "", tolerances=tolerances, bench=bench, technician=technician_name,
        status=sheet.status, opened_at=utc(sheet.opened_at), closed_at=_at(sheet.closed_at), verdict=dict(sheet.verdict or {}),
        concession=sheet.concession_reason, concession_by=conceded_by, steps=steps,
        anomalies=[n for n in notes if n.kind == SheetEntryKind.ANOMALY], alerts=[n for n in notes if n.kind == SheetEntryKind.ALERT],
        notes=[n for n in notes if n.kind == SheetEntryKind.NOTE], measurements=measurements,
        tools=_tools(session, sheet.id), lots=_lots(session, order.id), series=series_of(measurements, tolerances),
        grade=order.grade,
        parts=tuple(_parts(session, order, sheet)) if with_parts else (),
    )


def _parts(session: Session, order: Any, sheet: Any) -> list[Any]:
    from atelier_tui.services.sheets.parts import (
        part_lines,  # parts writes through the keeping module, which reads here
    )

    return part_lines(session, order, sheet)


def series_of(measurements: list[MeasurementLine], tolerances: dict[str, Any]) -> tuple[SeriesCriterion, ...]:
    """The series criteria of the latest measurement session of rates in positions."""
    timed = [(m.at, Reading(m.quantity, m.position, m.value)) for m in measurements if m.quantity == "rate" and m.position]
    return judge_series(latest_session(timed), tolerances)


def open_alerts(engine: Engine) -> list[AlertRow]:
    """Alerts raised to the lead on watches still in the workshop (in progress or in quality
    control), newest first."""
    from sqlalchemy import select

    from atelier_tui.store.core_engine import read_rows
    from atelier_tui.store.core_tables import Bench, InterventionSheet, RepairOrder, SheetEntry, Staff

    with read_rows(engine) as session:
        rows = session.execute(
            select(RepairOrder.reference, RepairOrder.status, Bench.code, Staff.display_name, SheetEntry.done_at, SheetEntry.text)
            .join(InterventionSheet, InterventionSheet.id == SheetEntry.sheet_id)
            .join(RepairOrder, RepairOrder.id == InterventionSheet.order_id)
            .join(Bench, Bench.id == InterventionSheet.bench_id)
            .outerjoin(Staff, Staff.id == SheetEntry.author_id)
            .where(SheetEntry.kind == SheetEntryKind.ALERT, RepairOrder.status.in_(ALERT_ORDER_STATUSES))
            .order_by(SheetEntry.done_at.desc(), SheetEntry.id.desc())
        ).all()
    return [AlertRow(reference, status, bench, by, _at(at), text) for reference, status, bench, by, at, text in rows]
