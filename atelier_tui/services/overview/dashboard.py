"""What the first screen shows each person: the lead sees what needs doing across the workshop;
a technician sees their bench, today's checklists and their orders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine, and_, func, or_, select

from atelier_tui.domain.due import STATES, PlanDue
from atelier_tui.domain.phrases import Phrase
from atelier_tui.domain.requirements import ChecklistNeed
from atelier_tui.domain.vocabulary import LotStatus, ToolStatus
from atelier_tui.services.benches.queries import BenchDetail, bench_detail_in
from atelier_tui.services.common.paging import Page, T
from atelier_tui.services.maintenance.due_store import window_tools
from atelier_tui.services.maintenance.schedule import plan_dues
from atelier_tui.services.orders.queries import (
    CLOSED_STATUSES,
    STARTABLE_STATUSES,

    OrderRow,
    checklist_needs,
    order_rows,
)
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.sheets.alert_queries import BenchAlert, alerts_to_acknowledge_in
from atelier_tui.services.stock.queries import (
    EXPIRING_DAYS,
    SupplyRow,
    lot_query,
    lot_row,
    low_supply_filter,
    supply_rows,
)
from atelier_tui.services.tools.queries import ToolRow, list_tools_in, row_query
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import (
    Bench,
    ChecklistRun,
    ChecklistTemplate,
    Lot,
    RepairOrder,
    Staff,
    SupplyType,
    Tool,
)

if TYPE_CHECKING:  # the dashboards read through a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

DEADLINE_NEAR_DAYS = 3  # an open order due within this many days is shown with the late ones
# Orders waiting on a bench are assessed on the dashboard, nearest deadline first, up to this many:
# a full readiness check costs a few milliseconds an order.
WAITING_ORDERS_CHECKED = 40
SECTION_LIMIT = 200  # rows per dashboard section; each section says how many there are in all
_URGENCY = {state: rank for rank, state in enumerate(reversed(STATES))}


@dataclass(frozen=True)
class MaintenanceItem:
    asset_tag: str
    type_name_en: str
    type_name_fr: str
    where: str
    plan_key: str
    plan_name_en: str
    plan_name_fr: str
    state: str  # overdue | due | due_soon
    next_due_on: date | None
    uses_left: int | None


@dataclass(frozen=True)
class LotAlert:
    supply_key: str
    supply_name_en: str
    supply_name_fr: str
    lot_number: str
    expiry: str  # expired | open_too_long | expiring
    expires_on: date | None
    opened_on: date | None
    quantity: float
    stock_unit: str
    where: str


@dataclass(frozen=True)
class BlockedOrder:
    reference: str
    bench_code: str
    deadline: date
    days_left: int
    code: str  # the first blocking finding's code
    detail: Phrase  # what it says (the screen words it: atelier_tui/wording)
    blocking: int  # how many findings block


@dataclass(frozen=True)
class LeadDashboard:
    maintenance: Page[MaintenanceItem]  # most urgent first
    out_of_service: Page[ToolRow]
    lots: Page[LotAlert]  # expired, then open too long, then expiring; soonest first
    low_supplies: Page[SupplyRow]
    late_orders: Page[OrderRow]  # open orders past or near their deadline, by deadline
    blocked_orders: Page[BlockedOrder] | None = None  # orders on a bench, not started, whose bench is not ready
    alerts: list[BenchAlert] = field(default_factory=list)  # raised on sheets, not yet acknowledged, newest first


@dataclass(frozen=True)
class TechnicianDashboard:
    login: str
    display_name: str
    bench: BenchDetail | None  # their bench: its tools and today's checklist runs
    missing_checklists: list[ChecklistNeed]  # bench checklists with no passing, signed run today
    orders: list[OrderRow]  # their open orders, by deadline
    # reference -> "go" | "no_go" | "not_checked": an order waiting to start on a bench is assessed
    # there; one not on a bench, or already started, is not (wording/readiness_words.py says it).
    readiness: dict[str, str] = field(default_factory=dict)


def _page(items: list[T], limit: int = SECTION_LIMIT) -> Page[T]:
    return Page(items[:limit], len(items), 0, limit)


def _maintenance_items(session: Session, today: date) -> list[MaintenanceItem]:
    tools = session.execute(
        select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status).where(Tool.status != ToolStatus.RETIRED)
        .where(Tool.id.in_(window_tools(today, 0)))  # through the stored due rows' index: not every tool
    ).all()
    flagged: list[tuple[int, PlanDue]] = [
        (tool_id, due)
        for tool_id, dues in plan_dues(session, tools, today).items()
        for due in dues
        if due.state != "ok"
    ]
    if not flagged:
        return []
    tools_by_id = {row[0]: row for row in session.execute(row_query().where(Tool.id.in_({t for t, _ in flagged})))}
    items = []
    for tool_id, due in flagged:
        tool = tools_by_id[tool_id]
        items.append(MaintenanceItem(tool.asset_tag, tool.name_en, tool.name_fr, tool.where, due.plan_key, due.name_en,
                                     due.name_fr, due.state, due.next_due_on, due.uses_left))
    return sorted(items, key=lambda i: (_URGENCY[i.state], i.next_due_on or today, i.asset_tag, i.plan_key))


def _lot_alerts(session: Session, today: date) -> list[LotAlert]:
    horizon = today + timedelta(days=EXPIRING_DAYS)
    query = (
        lot_query()
        .add_columns(SupplyType.name_en, SupplyType.name_fr)
        .where(Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)
        .where(or_(Lot.expires_on <= horizon, and_(Lot.opened_on.is_not(None), SupplyType.shelf_life_after_opening_days.is_not(None))))
    )
    alerts = []
    for row in session.execute(query):
        lot = lot_row(row[:-2], today)
        if lot.expiry != "ok":
            alerts.append(LotAlert(lot.supply_key, row[-2], row[-1], lot.lot_number, lot.expiry, lot.expires_on,
                                   lot.opened_on, lot.quantity, lot.stock_unit, lot.where))
    order = {"expired": 0, "open_too_long": 1, "expiring": 2}
    return sorted(alerts, key=lambda a: (order[a.expiry], a.expires_on or today, a.supply_key, a.lot_number))


def _blocked_orders(session: Session, now: datetime, today: date) -> Page[BlockedOrder]:
    waiting = select(RepairOrder).where(RepairOrder.status.in_(STARTABLE_STATUSES), RepairOrder.bench_id.is_not(None))
    total = session.execute(select(func.count()).select_from(waiting.subquery())).scalar_one()
    orders = session.execute(waiting.order_by(RepairOrder.deadline, RepairOrder.reference).limit(WAITING_ORDERS_CHECKED)).all()
    if not orders:
        return Page([], 0, 0, SECTION_LIMIT)
    assessor = Assessor(session)
    blocked = []
    for order in orders:
        verdict = assessor.assess(order, assessor.workshop.benches[order.bench_id].code, now, today)
        if not verdict.ready:
            first = verdict.blocking[0]
            blocked.append(BlockedOrder(order.reference, verdict.bench, order.deadline, (order.deadline - today).days,
                                        first.code, first.detail, len(verdict.blocking)))
    # Orders beyond those checked are counted as unknown, not as blocked.
    return Page(blocked, len(blocked) + max(0, total - len(orders)), 0, SECTION_LIMIT)


def lead_dashboard(engine: Engine, today: date, now: datetime | None = None) -> LeadDashboard:
    now = now or datetime.combine(today, time(12), tzinfo=UTC)
    with read_rows(engine) as session:
        open_late = [RepairOrder.status.not_in(CLOSED_STATUSES), RepairOrder.deadline <= today + timedelta(days=DEADLINE_NEAR_DAYS)]
        return LeadDashboard(
            maintenance=_page(_maintenance_items(session, today)),
            out_of_service=list_tools_in(session, today, status=ToolStatus.OUT_OF_SERVICE, limit=SECTION_LIMIT),
            lots=_page(_lot_alerts(session, today)),
            low_supplies=supply_rows(session, today, [low_supply_filter()], limit=SECTION_LIMIT),
            late_orders=order_rows(session, today, open_late, limit=SECTION_LIMIT),
            blocked_orders=_blocked_orders(session, now, today),
            alerts=alerts_to_acknowledge_in(session),
        )


def _missing_bench_checklists(session: Session, bench_id: int, order_ids: list[int], today: date) -> list[ChecklistNeed]:
    """Bench checklists the day's work needs (every unconditional one, and those the open orders
    call for) that have no passing, signed run on this bench today."""
    needs = {need.key: need for need in checklist_needs(session, order_ids) if need.scope == "bench"}
    for key, name_en, name_fr, conditions in session.execute(
        select(ChecklistTemplate.key, ChecklistTemplate.name_en, ChecklistTemplate.name_fr, ChecklistTemplate.conditions)
        .where(ChecklistTemplate.scope == "bench", ChecklistTemplate.is_current.is_(True))
        .order_by(ChecklistTemplate.key)
    ):
        if not conditions:
            needs.setdefault(key, ChecklistNeed(key, name_en, name_fr, "bench"))
    passed = set(session.execute(
        select(ChecklistTemplate.key)
        .join(ChecklistRun, ChecklistRun.template_id == ChecklistTemplate.id)
        .where(ChecklistRun.bench_id == bench_id, ChecklistRun.run_date == today, ChecklistRun.passed.is_(True),
               ChecklistRun.signed_at.is_not(None))
    ).scalars())
    return sorted((need for key, need in needs.items() if key not in passed), key=lambda need: need.key)


def _readiness_of(session: Session, staff_id: int, orders: list[OrderRow], now: datetime, today: date) -> dict[str, str]:
    """GO or NO-GO for each of the person's orders waiting to start on a bench (the nearest
    deadlines first, as many as the lead's dashboard checks); "not_checked" for the others."""
    readiness = {order.reference: "not_checked" for order in orders}
    waiting = session.execute(
        select(RepairOrder)
        .where(RepairOrder.technician_id == staff_id, RepairOrder.status.in_(STARTABLE_STATUSES), RepairOrder.bench_id.is_not(None))
        .order_by(RepairOrder.deadline, RepairOrder.reference).limit(WAITING_ORDERS_CHECKED)
    ).all()
    if waiting:
        assessor = Assessor(session)
        for order in waiting:
            verdict = assessor.assess(order, assessor.workshop.benches[order.bench_id].code, now, today)
            readiness[order.reference] = "go" if verdict.ready else "no_go"
    return readiness


def technician_dashboard(engine: Engine, login: str, today: date, now: datetime | None = None) -> TechnicianDashboard | None:
    now = now or datetime.combine(today, time(12), tzinfo=UTC)
    with read_rows(engine) as session:
        person = session.execute(select(Staff.id, Staff.display_name).where(Staff.login == login)).first()
        if person is None:
            return None
        staff_id, display_name = person
        orders = order_rows(session, today, [RepairOrder.technician_id == staff_id, RepairOrder.status.not_in(CLOSED_STATUSES)],
                            limit=SECTION_LIMIT).rows
        readiness = _readiness_of(session, staff_id, orders, now, today)
        bench = session.execute(select(Bench.id, Bench.code).where(Bench.technician_id == staff_id).order_by(Bench.code)).first()
        if bench is None:
            return TechnicianDashboard(login, display_name, None, [], orders, readiness)
        order_ids = list(session.execute(
            select(RepairOrder.id).where(RepairOrder.technician_id == staff_id, RepairOrder.status.not_in(CLOSED_STATUSES))
        ).scalars())
        missing = _missing_bench_checklists(session, bench.id, order_ids, today)
        return TechnicianDashboard(login, display_name, bench_detail_in(session, bench.code, today), missing, orders, readiness)
