"""What the first screen shows each person: the lead sees what needs doing across the workshop;
a technician sees their bench, today's checklists and their orders.

Every read is a read statement (store/read_statements.py): on a SQLite file the first screen of
every workstation reads on the lean session, without importing SQLAlchemy (issue 20, "a lean read
path"); elsewhere SQLAlchemy runs the same statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.phrases import Phrase
from atelier_tui.domain.requirements import ChecklistNeed
from atelier_tui.domain.vocabulary import LotStatus, ToolStatus
from atelier_tui.services.benches.detail import BenchDetail, bench_detail_in
from atelier_tui.services.common.paging import Page, T
from atelier_tui.services.orders.rows import (
    STARTABLE_STATUSES,
    OrderRow,
    checklist_needs,
    open_orders,
    order_query,
    order_row,
)
from atelier_tui.services.overview.maintenance_section import MaintenanceItem, maintenance_section
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.sheets.alert_queries import BenchAlert, alerts_to_acknowledge_in
from atelier_tui.services.stock.rows import EXPIRING_DAYS, SupplyRow, lot_row, supply_row_of
from atelier_tui.services.tools.rows import ToolRow, tool_rows
from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the lean session, or a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

DEADLINE_NEAR_DAYS = 3  # an open order due within this many days is shown with the late ones
# Orders waiting on a bench are assessed on the dashboard, nearest deadline first, up to this many:
# a full readiness check costs a few milliseconds an order.
WAITING_ORDERS_CHECKED = 40
SECTION_LIMIT = 200  # rows per dashboard section; each section says how many there are in all


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


def _out_of_service(page: bool) -> Any:
    """The tools out of service by asset tag, a section of them (`page`), or how many there are."""
    from sqlalchemy import func, select

    from atelier_tui.services.tools.queries import SORTS, counting_statement, page_statement
    from atelier_tui.store.core_tables import Tool

    out = [Tool.status == ToolStatus.OUT_OF_SERVICE]
    if page:
        return page_statement(SORTS["asset_tag"], False, "asset_tag", None, out, 0, SECTION_LIMIT)
    return select(func.count()).select_from(counting_statement(None).where(*out).subquery())


_OUT_OF_SERVICE = read_statement(lambda: _out_of_service(True), f"{__name__}:_out_of_service[page]")
_OUT_OF_SERVICE_COUNT = read_statement(lambda: _out_of_service(False), f"{__name__}:_out_of_service[count]")


def _tools_out_of_service(session: Session, today: date) -> Page[ToolRow]:
    total = session.execute(_OUT_OF_SERVICE_COUNT).scalar_one()
    rows = session.execute(_OUT_OF_SERVICE).all()
    return Page(tool_rows(session, rows, today), total, 0, SECTION_LIMIT)


@read_statement
def _lots_to_act_on() -> Any:
    from sqlalchemy import Date, and_, bindparam, or_

    from atelier_tui.services.stock.queries import lot_query
    from atelier_tui.store.core_tables import Lot, SupplyType

    return (
        lot_query()
        .add_columns(SupplyType.name_en, SupplyType.name_fr)
        .where(Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)
        .where(or_(Lot.expires_on <= bindparam("horizon", type_=Date),
                   and_(Lot.opened_on.is_not(None), SupplyType.shelf_life_after_opening_days.is_not(None))))
    )


def _lot_alerts(session: Session, today: date) -> list[LotAlert]:
    alerts = []
    for row in session.execute(_lots_to_act_on, {"horizon": today + timedelta(days=EXPIRING_DAYS)}):
        lot = lot_row(row[:-2], today)
        if lot.expiry != "ok":
            alerts.append(LotAlert(lot.supply_key, row[-2], row[-1], lot.lot_number, lot.expiry, lot.expires_on,
                                   lot.opened_on, lot.quantity, lot.stock_unit, lot.where))
    order = {"expired": 0, "open_too_long": 1, "expiring": 2}
    return sorted(alerts, key=lambda a: (order[a.expiry], a.expires_on or today, a.supply_key, a.lot_number))


def _low_supplies_statement(page: bool) -> Any:
    """The supplies at or under their reorder point by key, as stock.queries.supply_rows reads
    them: a section of them (`page`, `today` deciding which lots are expired), or how many."""
    from sqlalchemy import Date, bindparam, func, select

    from atelier_tui.services.stock.queries import low_supply_filter, stock_by_supply
    from atelier_tui.store.core_tables import SupplyType

    stock = stock_by_supply(bindparam("today", type_=Date))
    if not page:
        base = select(SupplyType.id).outerjoin(stock, stock.c.supply_id == SupplyType.id).where(low_supply_filter())
        return select(func.count()).select_from(base.subquery())
    return (
        select(
            SupplyType.key, SupplyType.name_en, SupplyType.name_fr, SupplyType.category, SupplyType.stock_unit,
            func.coalesce(stock.c.on_hand, 0), func.coalesce(stock.c.reserved, 0), SupplyType.reorder_point_micro,
            func.coalesce(stock.c.lots, 0), stock.c.earliest_expiry, func.coalesce(stock.c.expired, 0),
        )
        .outerjoin(stock, stock.c.supply_id == SupplyType.id)
        .where(low_supply_filter())
        .order_by(SupplyType.key)
        .offset(0)
        .limit(SECTION_LIMIT)
    )


_LOW_SUPPLIES = read_statement(lambda: _low_supplies_statement(True), f"{__name__}:_low_supplies[page]")
_LOW_SUPPLIES_COUNT = read_statement(lambda: _low_supplies_statement(False), f"{__name__}:_low_supplies[count]")


def _low_supplies(session: Session, today: date) -> Page[SupplyRow]:
    total = session.execute(_LOW_SUPPLIES_COUNT, {"today": today}).scalar_one()
    rows = session.execute(_LOW_SUPPLIES, {"today": today}).all()
    return Page([supply_row_of(row) for row in rows], total, 0, SECTION_LIMIT)


def _late_orders_statement(page: bool) -> Any:
    """The open orders due by `until`, by deadline: a section of them (`page`), or how many."""
    from sqlalchemy import Date, bindparam, func, select

    from atelier_tui.store.core_tables import RepairOrder

    late = (open_orders(), RepairOrder.deadline <= bindparam("until", type_=Date))
    if not page:  # only the id: SQLite then leaves out the joins no filter uses
        return select(func.count()).select_from(order_query().with_only_columns(RepairOrder.id).where(*late).subquery())
    return order_query().where(*late).order_by(RepairOrder.deadline, RepairOrder.reference).offset(0).limit(SECTION_LIMIT)


_LATE_ORDERS = read_statement(lambda: _late_orders_statement(True), f"{__name__}:_late_orders[page]")
_LATE_ORDERS_COUNT = read_statement(lambda: _late_orders_statement(False), f"{__name__}:_late_orders[count]")


def _late_orders(session: Session, today: date) -> Page[OrderRow]:
    until = {"until": today + timedelta(days=DEADLINE_NEAR_DAYS)}
    total = session.execute(_LATE_ORDERS_COUNT, until).scalar_one()
    rows = session.execute(_LATE_ORDERS, until).all()
    return Page([order_row(row, today) for row in rows], total, 0, SECTION_LIMIT)


def _waiting_statement(count: bool) -> Any:
    """The orders waiting to start on a bench, nearest deadline first, as many as are checked;
    or how many there are."""
    from sqlalchemy import func, select

    from atelier_tui.store.core_tables import RepairOrder

    waiting = select(RepairOrder).where(RepairOrder.status.in_(STARTABLE_STATUSES), RepairOrder.bench_id.is_not(None))
    if count:
        return select(func.count()).select_from(waiting.subquery())
    return waiting.order_by(RepairOrder.deadline, RepairOrder.reference).limit(WAITING_ORDERS_CHECKED)


_WAITING = read_statement(lambda: _waiting_statement(False), f"{__name__}:_waiting[first]")
_WAITING_COUNT = read_statement(lambda: _waiting_statement(True), f"{__name__}:_waiting[count]")


def _blocked_orders(session: Session, now: datetime, today: date) -> Page[BlockedOrder]:
    total = session.execute(_WAITING_COUNT).scalar_one()
    orders = session.execute(_WAITING).all()
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


def lead_dashboard(source: Database | Engine, today: date, now: datetime | None = None) -> LeadDashboard:
    now = now or datetime.combine(today, time(12), tzinfo=UTC)
    with reading(source) as session:
        return LeadDashboard(
            maintenance=maintenance_section(session, today, SECTION_LIMIT),
            out_of_service=_tools_out_of_service(session, today),
            lots=_page(_lot_alerts(session, today)),
            low_supplies=_low_supplies(session, today),
            late_orders=_late_orders(session, today),
            blocked_orders=_blocked_orders(session, now, today),
            alerts=alerts_to_acknowledge_in(session),
        )


@read_statement
def _bench_checklists() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import ChecklistTemplate

    return (select(ChecklistTemplate.key, ChecklistTemplate.name_en, ChecklistTemplate.name_fr, ChecklistTemplate.conditions)
            .where(ChecklistTemplate.scope == "bench", ChecklistTemplate.is_current.is_(True))
            .order_by(ChecklistTemplate.key))


@read_statement
def _passed_today() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import ChecklistRun, ChecklistTemplate

    return (select(ChecklistTemplate.key)
            .join(ChecklistRun, ChecklistRun.template_id == ChecklistTemplate.id)
            .where(ChecklistRun.bench_id == bindparam("bench"), ChecklistRun.run_date == bindparam("today"),
                   ChecklistRun.passed.is_(True), ChecklistRun.signed_at.is_not(None)))


def _missing_bench_checklists(session: Session, bench_id: int, order_ids: list[int], today: date) -> list[ChecklistNeed]:
    """Bench checklists the day's work needs (every unconditional one, and those the open orders
    call for) that have no passing, signed run on this bench today."""
    needs = {need.key: need for need in checklist_needs(session, order_ids) if need.scope == "bench"}
    for key, name_en, name_fr, conditions in session.execute(_bench_checklists):
        if not conditions:
            needs.setdefault(key, ChecklistNeed(key, name_en, name_fr, "bench"))
    passed = set(session.execute(_passed_today, {"bench": bench_id, "today": today}).scalars())
    return sorted((need for key, need in needs.items() if key not in passed), key=lambda need: need.key)


@read_statement
def _technicians_waiting() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import RepairOrder

    return (select(RepairOrder)
            .where(RepairOrder.technician_id == bindparam("staff"), RepairOrder.status.in_(STARTABLE_STATUSES),
                   RepairOrder.bench_id.is_not(None))
            .order_by(RepairOrder.deadline, RepairOrder.reference).limit(WAITING_ORDERS_CHECKED))


def _readiness_of(session: Session, staff_id: int, orders: list[OrderRow], now: datetime, today: date) -> dict[str, str]:
    """GO or NO-GO for each of the person's orders waiting to start on a bench (the nearest
    deadlines first, as many as the lead's dashboard checks); "not_checked" for the others."""
    readiness = {order.reference: "not_checked" for order in orders}
    waiting = session.execute(_technicians_waiting, {"staff": staff_id}).all()
    if waiting:
        assessor = Assessor(session)
        for order in waiting:
            verdict = assessor.assess(order, assessor.workshop.benches[order.bench_id].code, now, today)
            readiness[order.reference] = "go" if verdict.ready else "no_go"
    return readiness


@read_statement
def _person() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Staff

    return select(Staff.id, Staff.display_name).where(Staff.login == bindparam("login"))


@read_statement
def _technicians_orders() -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.store.core_tables import RepairOrder

    return (order_query().where(RepairOrder.technician_id == bindparam("staff"), open_orders())
            .order_by(RepairOrder.deadline, RepairOrder.reference).offset(0).limit(SECTION_LIMIT))


@read_statement
def _technicians_bench() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Bench

    return select(Bench.id, Bench.code).where(Bench.technician_id == bindparam("staff")).order_by(Bench.code)


@read_statement
def _technicians_order_ids() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import RepairOrder

    return select(RepairOrder.id).where(RepairOrder.technician_id == bindparam("staff"), open_orders())


def technician_dashboard(source: Database | Engine, login: str, today: date, now: datetime | None = None) -> TechnicianDashboard | None:
    now = now or datetime.combine(today, time(12), tzinfo=UTC)
    with reading(source) as session:
        person = session.execute(_person, {"login": login}).first()
        if person is None:
            return None
        staff_id, display_name = person
        orders = [order_row(row, today) for row in session.execute(_technicians_orders, {"staff": staff_id}).all()]
        readiness = _readiness_of(session, staff_id, orders, now, today)
        bench = session.execute(_technicians_bench, {"staff": staff_id}).first()
        if bench is None:
            return TechnicianDashboard(login, display_name, None, [], orders, readiness)
        order_ids = list(session.execute(_technicians_order_ids, {"staff": staff_id}).scalars())
        missing = _missing_bench_checklists(session, bench.id, order_ids, today)
        return TechnicianDashboard(login, display_name, bench_detail_in(session, bench.code, today), missing, orders, readiness)
