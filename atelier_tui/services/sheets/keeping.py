"""Keeping the intervention sheet (fiche de suivi) of an order in progress: tick the steps, write
anomalies and alerts to the lead, record measurements judged against the calibre's tolerances with
the instrument used, note the tools used, and close the sheet.

Each function is one transaction, takes the actor and `now`, and writes its audit event. A
closed sheet is frozen. Closing consumes the order's reserved lots in the ledger, counts one use
for every tool used and hands the order to quality control, all at once or not at all.

Ticking a step already ticked un-ticks it (a slip of the finger is undone where it was made; the
audit trail keeps both time stamps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from atelier_tui.domain import measurements as rules
from atelier_tui.domain.units import Measured, UnitError, parse_quantity, parse_water_resistance
from atelier_tui.domain.vocabulary import (
    LotUseState,
    OrderStatus,
    PlanKind,
    SheetEntryKind,
    SheetStatus,
    StockMovementKind,
    ToolStatus,
)
from atelier_tui.i18n import N_, _, localized
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.rows_changed import rows_changed
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.maintenance.due_store import recompute_due
from atelier_tui.services.maintenance.schedule import plan_dues
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.services.permissions import require
from atelier_tui.services.sheets.queries import (
    ANOMALY_CATEGORIES,
    AlertRow,
    MeasurementLine,
    SheetView,
    open_alerts,
    sheet_of,
)
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Calibre,
    Capability,
    InterventionSheet,
    Lot,
    RepairOrder,
    SheetEntry,
    SheetLotUse,
    SheetMeasurement,
    SheetToolUse,
    Staff,
    StockMovement,
    SupplyType,
    Tool,
    ToolType,
    ToolTypeCapability,
)
from atelier_tui.wording.status_reasons import shown_reason

__all__ = ["AlertRow", "Closed", "MeasurementLine", "SheetView", "Ticked", "add_anomaly", "check_close", "close_sheet", "open_alerts",
           "raise_alert", "record_measurement", "sheet_of", "tick_step", "use_tool"]

CALIBRATION_KINDS = (PlanKind.CALIBRATION, PlanKind.VERIFICATION)
_UNUSABLE = {
    ToolStatus.IN_MAINTENANCE: N_("{tag} is in maintenance"),
    ToolStatus.OUT_OF_SERVICE: N_("{tag} is out of service ({reason})"),
    ToolStatus.RETIRED: N_("{tag} is retired"),
}


@dataclass(frozen=True)
class Ticked:
    number: int
    text: str
    done_at: datetime | None  # None: un-ticked


@dataclass(frozen=True)
class ConsumedLot:
    supply_key: str
    lot_number: str
    quantity_micro: int
    unit: str  # the supply's stock unit


@dataclass(frozen=True)
class Closed:
    reference: str
    closed_at: datetime
    consumed: tuple[ConsumedLot, ...]
    tools: tuple[str, ...]  # asset tags whose usage count went up by one


def _staff_id(session: Session, actor: Actor) -> int | None:
    if actor.staff_id:
        return actor.staff_id
    return session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar()


def _open_sheet(session: Session, actor: Actor, reference: str) -> tuple[RepairOrder, InterventionSheet]:
    require(actor, "sheet.write")
    order = session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).scalar_one_or_none()
    if order is None:
        raise ServiceError(_("order '{ref}': no such repair order").format(ref=reference), field="order")
    sheet = session.execute(select(InterventionSheet).where(InterventionSheet.order_id == order.id)).scalar_one_or_none()
    # The order exists: no sheet yet, or a closed one, is the workshop's state saying no.
    if sheet is None:
        raise WorkshopRefusal(_("order {reference} has no intervention sheet yet: start the work first").format(reference=reference),
                              field="order")
    if sheet.status != SheetStatus.OPEN:
        raise WorkshopRefusal(_("the sheet of {reference} is closed: it can no longer be changed").format(reference=reference),
                              field="order")
    return order, sheet


def _record(session: Session, actor: Actor, now: datetime, action: str, reference: str, after: dict, before: dict | None = None,
            reason: str = "") -> None:
    audit.record(session, actor, now, action, "intervention_sheet", reference, before, after, reason)


def _next_position(session: Session, sheet_id: int) -> int:
    last = session.execute(select(func.max(SheetEntry.position)).where(SheetEntry.sheet_id == sheet_id)).scalar()
    return 0 if last is None else last + 1


def tick_step(engine: Engine, actor: Actor, now: datetime, reference: str, position: int) -> Ticked:
    """Tick the step at `position` (as stored: 0 for the first) with `now`; a ticked step is
    un-ticked."""
    with write_session(engine) as session:
        _order, sheet = _open_sheet(session, actor, reference)
        step = session.execute(
            select(SheetEntry).where(SheetEntry.sheet_id == sheet.id, SheetEntry.kind == SheetEntryKind.STEP, SheetEntry.position == position)
        ).scalar_one_or_none()
        if step is None:
            raise ServiceError(_("step {number}: the sheet of {reference} has no such step").format(
                number=position + 1, reference=reference), field="step")
        before = audit.snapshot(step)
        if step.done_at is None:
            step.done_at, step.author_id = now, _staff_id(session, actor)
        else:
            step.done_at, step.author_id = None, None
        session.add(step)
        session.flush()
        _record(session, actor, now, "sheet.tick" if step.done_at else "sheet.untick", reference, audit.snapshot(step), before)
        return Ticked(position + 1, step.text, now if step.done_at else None)


def _note(engine: Engine, actor: Actor, now: datetime, reference: str, kind: str, category: str, text: str) -> SheetEntry:
    with write_session(engine) as session:
        _order, sheet = _open_sheet(session, actor, reference)
        entry = SheetEntry(sheet_id=sheet.id, kind=kind, position=_next_position(session, sheet.id), text=text,
                           category=category, done_at=now, author_id=_staff_id(session, actor))
        session.add(entry)
        session.flush()
        _record(session, actor, now, "sheet.anomaly" if kind == SheetEntryKind.ANOMALY else "sheet.alert", reference, audit.snapshot(entry))
        return entry


def add_anomaly(engine: Engine, actor: Actor, now: datetime, reference: str, category: str, text: str) -> SheetEntry:
    """An anomaly found on the watch: a category (ANOMALY_CATEGORIES) and what was seen."""
    chosen = category.strip().lower().replace(" ", "_")
    if chosen not in ANOMALY_CATEGORIES:
        raise ServiceError(_("category: '{given}' is not one of {choices}").format(
            given=category, choices=", ".join(ANOMALY_CATEGORIES)), field="category")
    if not text.strip():
        raise ServiceError(_("text: say what was found"), field="text")
    return _note(engine, actor, now, reference, SheetEntryKind.ANOMALY, chosen, text.strip())


def raise_alert(engine: Engine, actor: Actor, now: datetime, reference: str, text: str) -> SheetEntry:
    """An alert to the lead: it shows in `open_alerts` until the watch leaves the workshop."""
    if not text.strip():
        raise ServiceError(_("text: say what the lead must know"), field="text")
    return _note(engine, actor, now, reference, SheetEntryKind.ALERT, "", text.strip())


def _usable_tool(session: Session, tag: str, now: datetime, instrument: bool) -> Tool:
    """The tool of `tag`, refused when it may not serve: not in service, its calibration
    overdue, or (for a measurement) not a measuring instrument."""
    tool = session.execute(select(Tool).where(Tool.asset_tag == tag.strip())).scalar_one_or_none()
    if tool is None:
        raise ServiceError(_("tool: no tool has the asset tag '{tag}'").format(tag=tag.strip()), field="tool")
    if tool.status in _UNUSABLE:
        problem = _(_UNUSABLE[tool.status]).format(tag=tool.asset_tag, reason=shown_reason(
            tool.status_reason, tool.status_record_id, record_findings(session, [tool.status_record_id])) or _("no reason given"))
        raise ServiceError(_("tool: {problem}; it cannot be used on a job").format(problem=problem), field="tool")
    tool_type = session.get_one(ToolType, tool.tool_type_id)
    if instrument and not tool_type.measuring:
        raise ServiceError(_("tool: {tag} ({name}) is not a measuring instrument").format(
            tag=tool.asset_tag, name=localized(tool_type.name_en, tool_type.name_fr)), field="tool")
    today = now.astimezone().date()
    plans = plan_dues(session, [(tool.id, tool.tool_type_id, tool.usage_count, tool.status)], today).get(tool.id, [])
    for plan in plans:
        # No grace unless the workshop set one for the plan: a reading taken with an instrument
        # past its calibration date is not a valid reading (ISO 9001 §7.1.5).
        if plan.kind in CALIBRATION_KINDS and plan.blocks:
            when = plan.next_due_on.isoformat() if plan.next_due_on else "?"
            raise ServiceError(_("tool: {tag}: {plan} overdue since {when}; have it calibrated or take another instrument").format(
                tag=tool.asset_tag, plan=localized(plan.name_en, plan.name_fr), when=when), field="tool")
    return tool


def _mark_used(session: Session, sheet_id: int, tool_id: int, now: datetime) -> bool:
    exists = session.execute(select(SheetToolUse.id).where(SheetToolUse.sheet_id == sheet_id, SheetToolUse.tool_id == tool_id)).scalar()
    if exists is None:
        session.add(SheetToolUse(sheet_id=sheet_id, tool_id=tool_id, used_at=now))
        return True
    return False


def use_tool(engine: Engine, actor: Actor, now: datetime, reference: str, tool_tag: str) -> bool:
    """Note a tool as used on this job; False when it already was."""
    with write_session(engine) as session:
        _order, sheet = _open_sheet(session, actor, reference)
        tool = _usable_tool(session, tool_tag, now, instrument=False)
        added = _mark_used(session, sheet.id, tool.id, now)
        if added:
            _record(session, actor, now, "sheet.tool", reference, {"tool": tool.asset_tag})
        return added


def _parse(spec: rules.Quantity, typed: str) -> Measured:
    try:
        return parse_quantity(typed, spec.unit, "value")
    except UnitError as refusal:
        if spec.key != "test_pressure":
            raise
        try:  # the depth marks of a dial: '30 m' is tested at 3 bar
            return parse_water_resistance(typed, "value")
        except UnitError:
            raise refusal from None


def _check_instrument(session: Session, order: RepairOrder, quantity: str, tool: Tool | None) -> None:
    """A reading the work ordered takes with an instrument names that instrument, and the
    instrument named reads that quantity: an out-of-tolerance review of it must find the reading."""
    from atelier_tui.domain.measuring_instruments import MEASURED_WITH, instrument_capabilities_required, reads
    from atelier_tui.services.readiness.requirement_source import load_catalog, requirements_of

    if quantity not in MEASURED_WITH:
        return
    if tool is not None:
        capabilities = session.execute(
            select(Capability.key).join(ToolTypeCapability, ToolTypeCapability.capability_id == Capability.id)
            .where(ToolTypeCapability.tool_type_id == tool.tool_type_id)).scalars().all()
        if not reads(quantity, capabilities):
            tool_type = session.get_one(ToolType, tool.tool_type_id)
            raise ServiceError(_("tool: {tag} ({name}) does not measure {quantity}").format(
                tag=tool.asset_tag, name=localized(tool_type.name_en, tool_type.name_fr), quantity=quantity), field="tool")
        return
    needs = requirements_of(session, order, load_catalog(session)).capabilities
    required = instrument_capabilities_required(quantity, [need.key for need in needs])
    if required:
        names = [localized(need.name_en, need.name_fr) for need in needs if need.key in required]
        raise ServiceError(_("tool: the work on {reference} reads {quantity} with an instrument ({names}): give its asset tag").format(
            reference=order.reference, quantity=quantity, names=", ".join(names)), field="tool")


def record_measurement(engine: Engine, actor: Actor, now: datetime, reference: str, quantity: str, typed_value: str,
                       position: str = "", tool_tag: str | None = None, result: str = "") -> MeasurementLine:
    """A measurement as typed ('+4 s/d', '285°', '285 deg', '1,2 kΩ'), judged against the calibre's
    tolerances (a water-resistance test: with the tester's `result`, pass or fail, and against the
    pressure marked on the watch). The instrument's asset tag is recorded and the instrument
    added to the tools used."""
    spec = rules.QUANTITIES.get(quantity.strip().lower())
    if spec is None:
        raise ServiceError(_("quantity: '{given}' is not one of {choices}").format(
            given=quantity, choices=", ".join(rules.QUANTITIES)), field="quantity")
    measured = _parse(spec, typed_value)
    code = rules.position_code(position)
    if code is None:
        raise ServiceError(_("position: '{given}' is not one of {choices}").format(
            given=position, choices=", ".join(rules.POSITIONS)), field="position")
    if code and not spec.positional:
        raise ServiceError(_("position: {quantity} is not measured in a position").format(quantity=spec.key), field="position")
    outcome = result.strip().lower()
    if spec.key == "test_pressure" and outcome not in (rules.PASS, rules.FAIL):
        raise ServiceError(_("result: a water-resistance test needs its result, pass or fail"), field="result")
    if spec.key != "test_pressure" and outcome:
        raise ServiceError(_("result: only a water-resistance test takes a result; {quantity} is judged against the calibre").format(
            quantity=spec.key), field="result")
    with write_session(engine) as session:
        order, sheet = _open_sheet(session, actor, reference)
        calibre = session.get(Calibre, order.calibre_id) if order.calibre_id else None
        tolerances = rules.with_watch(calibre.tolerances if calibre else None, order.water_resistance_bar, order.grade or None)
        if spec.key == "test_pressure":
            judged = rules.judge_pressure_test(measured.value, outcome, tolerances)
        else:
            judged = rules.judge(spec.key, measured.value, tolerances, code)
        tool = _usable_tool(session, tool_tag, now, instrument=True) if tool_tag and tool_tag.strip() else None
        _check_instrument(session, order, spec.key, tool)
        row = SheetMeasurement(sheet_id=sheet.id, quantity=spec.key, position=code, value=measured.value, unit=measured.unit,
                               text=measured.text, tool_id=tool.id if tool else None, judged=judged, measured_at=now)
        session.add(row)
        if tool is not None:
            _mark_used(session, sheet.id, tool.id, now)
        session.flush()
        _record(session, actor, now, "sheet.measure", reference, {**audit.snapshot(row), "tool": tool.asset_tag if tool else None},
                reason=outcome)
        return MeasurementLine(spec.key, code, measured.value, measured.unit, measured.text, judged,
                               rules.bounds_for(spec.key, tolerances, code), tool.asset_tag if tool else None, now)


def _consume_reserved(session: Session, actor: Actor, now: datetime, order: RepairOrder, use: SheetLotUse) -> ConsumedLot:
    """The reserved quantity leaves the stock: quantity and reservation go down together, in one
    conditional UPDATE (never below zero), and the ledger records the consumption."""
    lot = session.get_one(Lot, use.lot_id)
    supply_key, unit = session.execute(select(SupplyType.key, SupplyType.stock_unit).where(SupplyType.id == lot.supply_type_id)).one()
    amount = use.quantity_micro
    before = audit.snapshot(lot)
    taken = rows_changed(session,
        update(Lot)
        .where(Lot.id == lot.id, Lot.reserved_micro >= amount, Lot.quantity_micro >= amount)
        .values(quantity_micro=Lot.quantity_micro - amount, reserved_micro=Lot.reserved_micro - amount, version=Lot.version + 1)
    )
    if taken != 1:
        raise ServiceError(_("lot {lot} of {supply}: its reservation for {reference} is no longer in stock; count the lot").format(
            lot=lot.lot_number, supply=supply_key, reference=order.reference), field="lot")
    session.execute(update(Lot).where(Lot.id == lot.id, Lot.opened_on.is_(None)).values(opened_on=now.astimezone().date()))
    session.add(StockMovement(lot_id=lot.id, supply_type_id=lot.supply_type_id, kind=StockMovementKind.CONSUMPTION, quantity_micro=-amount, at=now,
                              actor_id=_staff_id(session, actor), order_id=order.id))
    use.state = LotUseState.CONSUMED
    session.add(use)
    session.flush()
    session.refresh(lot)
    audit.record(session, actor, now, "consume", "lot", f"{supply_key}/{lot.lot_number}", before, audit.snapshot(lot),
                 reason=order.reference)
    return ConsumedLot(supply_key, lot.lot_number, amount, unit)


def _closable(session: Session, actor: Actor, reference: str) -> tuple[RepairOrder, InterventionSheet]:
    """The order and its sheet, once closing can succeed; else the refusal closing would give: the
    work not in progress, a step not ticked, a reserved lot no longer holding its reservation, a
    part the job replaces neither fitted nor recorded as not replaced."""
    order, sheet = _open_sheet(session, actor, reference)
    if order.status != OrderStatus.IN_PROGRESS:
        raise WorkshopRefusal(_("order {reference} is {status}: only work in progress can be handed to quality control").format(
            reference=reference, status=order.status), field="order")
    left = session.execute(
        select(SheetEntry.position, SheetEntry.text)
        .where(SheetEntry.sheet_id == sheet.id, SheetEntry.kind == SheetEntryKind.STEP, SheetEntry.done_at.is_(None))
        .order_by(SheetEntry.position)
    ).first()
    if left is not None:
        raise WorkshopRefusal(_("step {number} is not ticked: {text}").format(number=left.position + 1, text=left.text), field="step")
    short = session.execute(
        select(Lot.lot_number, SupplyType.key)
        .join(SheetLotUse, SheetLotUse.lot_id == Lot.id).join(SupplyType, SupplyType.id == Lot.supply_type_id)
        .where(SheetLotUse.order_id == order.id, SheetLotUse.state == LotUseState.RESERVED,
               (Lot.reserved_micro < SheetLotUse.quantity_micro) | (Lot.quantity_micro < SheetLotUse.quantity_micro))
        .order_by(SheetLotUse.id)
    ).first()
    if short is not None:
        raise WorkshopRefusal(_("lot {lot} of {supply}: its reservation for {reference} is no longer in stock; count the lot").format(
            lot=short.lot_number, supply=short.key, reference=reference), field="lot")
    from atelier_tui.services.sheets.parts import refuse_owed_part  # parts reads the sheet as this module opens it

    refuse_owed_part(session, order, sheet)
    return order, sheet


def check_close(engine: Engine, actor: Actor, reference: str) -> None:
    """Writes nothing: refuses as `close_sheet` would, so that a screen asks "close?" only when
    closing can succeed (it asked, then said a step was not ticked)."""
    with read_session(engine) as session:
        _closable(session, actor, reference)


def close_sheet(engine: Engine, actor: Actor, now: datetime, reference: str) -> Closed:
    """Refused while a step is not ticked. Consumes every lot reserved for the order, counts one
    use for every tool used, closes the sheet and hands the order to quality control."""
    with write_session(engine) as session:
        order, sheet = _closable(session, actor, reference)
        closed = rows_changed(session,
            update(InterventionSheet).where(InterventionSheet.id == sheet.id, InterventionSheet.status == SheetStatus.OPEN)
            .values(status="closed", closed_at=now, version=InterventionSheet.version + 1)
        )
        if closed != 1:
            raise WorkshopRefusal(_("the sheet of {reference} is closed: it can no longer be changed").format(reference=reference),
                                  field="order")
        before = audit.snapshot(order)
        uses = session.execute(
            select(SheetLotUse).where(SheetLotUse.order_id == order.id, SheetLotUse.state == LotUseState.RESERVED).order_by(SheetLotUse.id)
        ).scalars().all()
        consumed = []
        for use in uses:
            use.sheet_id = use.sheet_id or sheet.id
            consumed.append(_consume_reserved(session, actor, now, order, use))
        tools = session.execute(
            select(Tool.id, Tool.asset_tag).join(SheetToolUse, SheetToolUse.tool_id == Tool.id)
            .where(SheetToolUse.sheet_id == sheet.id).order_by(Tool.asset_tag)
        ).all()
        if tools:
            session.execute(update(Tool).where(Tool.id.in_([tool_id for tool_id, _tag in tools]))
                            .values(usage_count=Tool.usage_count + 1, version=Tool.version + 1))
            recompute_due(session, [tool_id for tool_id, _tag in tools])  # their plans counted in uses moved
        order.status = OrderStatus.QUALITY_CONTROL
        order.version += 1
        session.add(order)
        session.flush()
        after = {**(audit.snapshot(order) or {}), "tools_used": [tag for _id, tag in tools],
                 "consumed": [{"supply": c.supply_key, "lot": c.lot_number, "quantity_micro": c.quantity_micro} for c in consumed]}
        audit.record(session, actor, now, "sheet.close", "repair_order", reference, before, after)
        return Closed(reference, now, tuple(consumed), tuple(tag for _id, tag in tools))
