"""Reading repair orders for the screens: a page of orders by deadline, and one order in full
with what its interventions require of the bench for this watch.

The requirements come from domain.requirements; matching them is the readiness check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, or_, select

from atelier_tui.domain.measurements import grades_defined
from atelier_tui.domain.readiness import work_plan
from atelier_tui.domain.requirements import Requirements
from atelier_tui.domain.work_plan import WorkPlan
from atelier_tui.services.common.paging import Page, any_contains, check_window
from atelier_tui.services.common.row_position import page_offset_of
from atelier_tui.services.common.substring import (
    COUNT_CAP,
    PROBE_CAP,
    WALK_FROM,
    capped_count,
    text_count_cap,
    text_match,
)
from atelier_tui.services.orders.rows import CLOSED_STATUSES as CLOSED_STATUSES
from atelier_tui.services.orders.rows import ORDER_STATUSES as ORDER_STATUSES
from atelier_tui.services.orders.rows import STARTABLE_STATUSES as STARTABLE_STATUSES
from atelier_tui.services.orders.rows import OrderRow as OrderRow
from atelier_tui.services.orders.rows import check_status, open_orders, order_query, order_row
from atelier_tui.services.orders.rows import checklist_needs as checklist_needs
from atelier_tui.services.readiness.requirement_source import load_catalog, order_interventions, requirements_of
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Bench, Calibre, RepairOrder, Staff

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

# The order's case parts (issue 16), as a watchmaker reads them: crystal, its gasket, crown, its
# gasket, case back.
CASE_PART_COLUMNS = (
    "crystal_material", "crystal_shape", "crystal_thickness_mm", "crystal_gasket_outer_diameter_mm",
    "crystal_gasket_inner_diameter_mm", "crystal_gasket_height_mm", "crown_type", "crown_diameter_mm",
    "crown_tube_diameter_mm", "crown_gasket_inner_diameter_mm", "crown_gasket_section_mm", "case_back",
)


@dataclass(frozen=True)
class CalibreInfo:
    key: str
    reference: str
    name_en: str
    name_fr: str
    movement_kind: str
    frequency_vph: float | None
    battery_key: str | None


@dataclass(frozen=True)
class InterventionLine:
    key: str
    name_en: str
    name_fr: str
    level: int
    estimated_minutes: int
    steps: int


@dataclass(frozen=True)
class OrderDetail:
    row: OrderRow
    customer_ref: str
    case_serial: str
    received_on: date
    water_resistance_text: str
    water_resistance_bar: float | None
    case_diameter_mm: float | None
    gasket_inner_diameter_mm: float | None
    gasket_section_mm: float | None
    crystal_diameter_mm: float | None
    lug_width_mm: float | None
    vintage: bool
    luminous: str
    reception_notes: str
    calibre: CalibreInfo | None
    interventions: list[InterventionLine]
    requirements: Requirements
    battery: str = ""  # as read on the old cell
    # Planning the work: the grade typed ('' : the calibre's own tolerances), the order's own
    # estimate as typed ('' : its interventions'), and the plan if the work started today.
    grade: str = ""
    estimate_text: str = ""
    plan: WorkPlan | None = None
    grades: tuple[str, ...] = ()  # the grades the calibre's tolerances define
    # The case parts as recorded: words (crystal_material, ...) and lengths in mm (crown_diameter_mm, ...);
    # None where the order does not give one.
    case_parts: dict[str, str | float | None] = field(default_factory=dict)


def order_rows(
    session: Session, today: date, filters: list[Any], offset: int = 0, limit: int = 500, count_cap: int | None = None,
    counted: list[Any] | None = None, order: list[Any] | None = None, around: str | None = None,
) -> Page[OrderRow]:
    """A page of orders by deadline (or by `order`); `counted`, when given, finds the same rows
    as `filters` by another plan, for the count; `around` (a reference): the page holding that
    order instead of the one at `offset`, when it is among them."""
    query = order_query().where(*filters)
    order = order or [RepairOrder.deadline, RepairOrder.reference]
    if around is not None:
        offset = page_offset_of(session, query, RepairOrder.reference, order, around, limit, offset)
    # Only the id: SQLite then leaves out the joins no filter uses.
    counting = order_query().with_only_columns(RepairOrder.id).where(*(filters if counted is None else counted))
    total, more = capped_count(session, counting, offset, limit, count_cap)
    rows = session.execute(query.order_by(*order).offset(offset).limit(limit))
    return Page([order_row(row, today) for row in rows], total, offset, limit, more)


def text_conditions(session: Session, text: str, count_cap: int | None) -> tuple[list[Any], list[Any], int | None]:
    """(conditions for the page, the same for the count, how far to count: services/common/
    substring.text_count_cap) finding the orders with `text` in their reference, brand, model,
    customer reference, case serial or calibre; no conditions and `count_cap` for no text."""
    if not text.strip():
        return [], [], count_cap
    columns = [RepairOrder.reference, RepairOrder.brand, RepairOrder.model, RepairOrder.customer_ref,
               RepairOrder.case_serial]
    # The calibre by its id: a condition on the joined row would keep the planner off the index.
    by_calibre = RepairOrder.calibre_id.in_(select(Calibre.id).where(any_contains(session, [Calibre.reference], text)))
    match = text_match(session, RepairOrder, columns, text)
    # A text in many orders: walking the deadlines meets a page of them, and counting up to
    # the cap meets enough of them, sooner than fetching every order the index holds it in.
    paged = or_(match.plain if match.candidates > WALK_FROM else match.indexed, by_calibre)
    counted = or_(match.plain, by_calibre) if match.candidates > PROBE_CAP else or_(match.indexed, by_calibre)
    return [paged], [counted], text_count_cap(match, count_cap)


def list_orders(
    engine: Engine, today: date, text: str = "", status: str | None = None, open_only: bool = False,
    offset: int = 0, limit: int = 500, technician: str | None = None, bench_code: str | None = None,
    count_cap: int | None = COUNT_CAP,
) -> Page[OrderRow]:
    """Orders by deadline. `text` matches reference, brand, model, customer and case references
    and the calibre; `technician` is a login. The total is exact up to `count_cap` (None:
    always), beyond it Page.more says there are more."""
    check_status(status)
    check_window(offset, limit)
    with read_rows(engine) as session:
        filters, counted, count_cap = text_conditions(session, text, count_cap)
        if status is not None:
            filters.append(RepairOrder.status == status)
        if open_only:
            filters.append(open_orders())
        if technician is not None:
            filters.append(Staff.login == technician)
        if bench_code is not None:
            filters.append(Bench.code == bench_code)
        counted += filters[len(counted):]
        return order_rows(session, today, filters, offset, limit, count_cap, counted)


def order_detail(engine: Engine, reference: str, today: date) -> OrderDetail | None:
    with read_rows(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).one_or_none()
        if order is None:
            return None
        row = order_row(session.execute(order_query().where(RepairOrder.id == order.id)).one(), today)
        calibre = session.execute(select(Calibre).where(Calibre.id == order.calibre_id)).first() if order.calibre_id else None
        snapshot = load_catalog(session)
        battery_key = snapshot.supply_keys.get(calibre.battery_supply_type_id) if calibre and calibre.battery_supply_type_id else None
        interventions = order_interventions(session, order.id, snapshot)
        requirements = requirements_of(session, order, snapshot)
    calibre_info = None
    if calibre is not None:
        calibre_info = CalibreInfo(calibre.key, calibre.reference, calibre.name_en, calibre.name_fr, calibre.movement_kind,
                                   calibre.frequency_vph, battery_key)
    return OrderDetail(
        row, order.customer_ref, order.case_serial, order.received_on, order.water_resistance_text,
        order.water_resistance_bar, order.case_diameter_mm, order.gasket_inner_diameter_mm, order.gasket_section_mm,
        order.crystal_diameter_mm, order.lug_width_mm, order.vintage, order.luminous, order.reception_notes, calibre_info,
        [InterventionLine(i.key, i.name_en, i.name_fr, i.level, i.estimated_minutes, i.steps) for i in interventions],
        requirements, order.battery, order.grade, order.estimate_text, work_plan(today, requirements),
        grades_defined(calibre.tolerances) if calibre is not None else (), case_parts(order),
    )


def case_parts(order: Any) -> dict[str, str | float | None]:
    """The order's crystal, crown and case back, by column name, in the order a watchmaker reads them."""
    return {name: getattr(order, name) for name in CASE_PART_COLUMNS}
