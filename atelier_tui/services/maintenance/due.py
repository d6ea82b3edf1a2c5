"""The due list: every tool in service (on the shelf or checked out) with every plan that applies
to it — last done, next due by date and/or by uses, state — and what it blocks: the orders waiting
to start on a bench whose readiness check it fails. Tools out of service, in maintenance or retired
are listed apart.

What an instrument blocks is asked of the readiness check itself (`services.readiness.Assessor`),
so that the rule stays in one place; it is asked only when some tool is at or past its limit, or out of
service.

A window (`within_days`) reads the stored due rows (due_store) through their index: only the tools
with a plan due by its end, or not ok whatever the date, are read, not every plan of every tool."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from atelier_tui.domain.calibration import RecordFinding
from atelier_tui.domain.due import STATES
from atelier_tui.domain.vocabulary import OrderStatus, PlanKind, ToolStatus
from atelier_tui.services.common.collections_paused import collections_paused
from atelier_tui.services.context import ServiceError
from atelier_tui.services.maintenance.due_store import stored_schedule, tools_due_by, window_end
from atelier_tui.services.maintenance.schedule import Slot, active_plans, planned_tools, plans_of, schedule_for
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.store.database import Database, connection_of, reading
from atelier_tui.store.read_statements import read_statement
from atelier_tui.wording.status_reasons import shown_reason, worded_from

if TYPE_CHECKING:  # read on the lean session on a SQLite file, else through a store.core_engine.ReadSession
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

IN_SERVICE = (ToolStatus.IN_SERVICE, ToolStatus.CHECKED_OUT)
APART = tuple(status for status in ToolStatus if status not in IN_SERVICE)  # as IN: the lean render takes no NOT IN
# Orders whose start a tool can block (services.order_start.STARTABLE_STATUSES).
WAITING = (OrderStatus.RECEIVED, OrderStatus.QUOTED, OrderStatus.ACCEPTED, OrderStatus.READY)
# Readiness findings that name a tool as what fails.
TOOL_CODES = ("out_of_service", "calibration_overdue", "maintenance_overdue")
METROLOGY = (PlanKind.CALIBRATION, PlanKind.VERIFICATION)
_URGENCY = {state: rank for rank, state in enumerate(reversed(STATES))}


@dataclass(slots=True)  # not frozen, as domain.due.PlanDue: thousands per due list
class DueItem:
    asset_tag: str
    tool_type: str
    type_name_en: str
    type_name_fr: str
    measuring: bool
    status: str
    bench: str | None  # the bench the tool is on (checked out to, or at home on)
    where: str  # that bench, else its store location
    usage_count: int
    plan_key: str
    plan_kind: str
    plan_name_en: str
    plan_name_fr: str
    every_days: int | None  # the interval in force
    plan_days: int | None  # the plan's own interval; differs when the lead accepted another
    every_uses: int | None
    grace_days: int
    last_done: datetime | None
    next_due_on: date | None
    uses_left: int | None
    state: str  # ok | due_soon | due | overdue
    rescheduled: bool
    reschedule_reason: str
    blocks: tuple[str, ...] = ()  # references of the orders it keeps from starting


@dataclass(frozen=True)
class ApartTool:
    asset_tag: str
    tool_type: str
    type_name_en: str
    type_name_fr: str
    status: str  # out_of_service | in_maintenance | retired
    status_reason: str
    bench: str | None
    where: str
    plans: tuple[str, ...]  # keys of the plans that apply to it
    blocks: tuple[str, ...] = ()
    # What the record that took it out of service found, when `status_reason` was worded from it:
    # a document in another language than the interface's words it again (printing/document_words.py).
    finding: RecordFinding | None = None


@dataclass(frozen=True)
class MaintenanceDue:
    today: date
    items: list[DueItem]  # most urgent first, then by date, tag and plan
    apart: list[ApartTool]  # by asset tag


def _tools_statement(which: str) -> Any:
    """The tools a due list reads, by asset tag: every one, those of a window ending on `until`
    in service, or those not in service (listed apart)."""
    from sqlalchemy import Date, bindparam, func, select

    from atelier_tui.store.core_tables import Tool

    query = select(Tool.id, Tool.tool_type_id, Tool.asset_tag, Tool.status, Tool.status_reason, Tool.usage_count,
                   func.coalesce(Tool.bench_id, Tool.home_bench_id).label("bench_id"), Tool.home_location_id, Tool.status_record_id)
    if which == "window":
        query = query.where(Tool.id.in_(tools_due_by(bindparam("until", type_=Date))), Tool.status.in_(IN_SERVICE))
    elif which == "apart":
        query = query.where(Tool.status.in_(APART))
    return query.order_by(Tool.asset_tag)


_TOOLS = {which: read_statement(partial(_tools_statement, which), f"{__name__}:_tools[{which}]") for which in ("every", "window", "apart")}


@read_statement
def _tool_types_statement() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import ToolType

    return select(ToolType.id, ToolType.key, ToolType.name_en, ToolType.name_fr, ToolType.measuring)


@read_statement
def _bench_codes() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Bench

    return select(Bench.id, Bench.code)


@read_statement
def _location_codes() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Location

    return select(Location.id, Location.code)


@read_statement
def _waiting_orders() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import RepairOrder

    return (select(RepairOrder.reference).where(RepairOrder.status.in_(WAITING), RepairOrder.bench_id.is_not(None))
            .order_by(RepairOrder.reference))


class _ToolLine(NamedTuple):
    """One row of `_tools_statement`; a named tuple reads its fields far faster than a result row does."""
    id: int
    tool_type_id: int
    asset_tag: str
    status: str
    status_reason: str
    usage_count: int
    bench_id: int | None
    home_location_id: int | None
    status_record_id: int | None


def _tool_types(session: Session) -> dict[int, tuple[str, str, str, bool]]:
    rows = session.execute(_tool_types_statement)
    return {type_id: (key, name_en, name_fr, measuring) for type_id, key, name_en, name_fr, measuring in rows}


def _item(tool, tool_type, bench: str | None, where: str, s: Slot) -> DueItem:  # type: ignore[no-untyped-def]
    due = s.due
    return DueItem(
        tool.asset_tag, tool_type[0], tool_type[1], tool_type[2], tool_type[3], tool.status, bench, where, tool.usage_count,
        due.plan_key, due.kind, due.name_en, due.name_fr, s.spec.every_days, s.plan_days, s.spec.every_uses, s.spec.grace_days,
        due.last_done, due.next_due_on, due.uses_left, due.state, due.rescheduled, s.reschedule_reason,
    )


def _wanted(item: DueItem, today: date, within_days: int | None) -> bool:
    if within_days is None or item.state != "ok":
        return True
    return item.next_due_on is not None and item.next_due_on <= today + timedelta(days=within_days)


def _sort_key(item: DueItem) -> tuple:
    return (_URGENCY[item.state], item.next_due_on or date.max, item.asset_tag, item.plan_key)


def blocked_orders(session: Session, tags: set[str], now: datetime, today: date) -> dict[tuple[str, str], list[str]]:
    """(asset tag, finding code) -> references of the orders waiting on a bench whose readiness
    check fails on that tool."""
    if not tags:
        return {}
    from atelier_tui.services.readiness.check import Assessor

    orders = session.execute(_waiting_orders).scalars().all()
    if not orders:
        return {}
    assessor = Assessor(session)
    blocked: dict[tuple[str, str], list[str]] = {}
    for reference in orders:
        try:
            order = assessor.order(reference)
            verdict = assessor.assess(order, assessor.bench_for(order, None), now, today)
        except ServiceError:  # an order the readiness check cannot read blocks nothing here
            continue
        for finding in verdict.blocking:
            if finding.code in TOOL_CODES and finding.subject in tags:
                refs = blocked.setdefault((finding.subject, finding.code), [])
                if reference not in refs:
                    refs.append(reference)
    return blocked


def _with_blocks(items: list[DueItem], apart: list[ApartTool], blocked: dict[tuple[str, str], list[str]]) -> tuple[list, list]:
    if not blocked:
        return items, apart
    from dataclasses import replace

    def for_item(item: DueItem) -> DueItem:
        if item.state not in ("due", "overdue"):  # a limit reached blocks from the due date on
            return item
        code = "calibration_overdue" if item.plan_kind in METROLOGY else "maintenance_overdue"
        refs = blocked.get((item.asset_tag, code))
        return replace(item, blocks=tuple(refs)) if refs else item

    def for_apart(tool: ApartTool) -> ApartTool:
        refs = blocked.get((tool.asset_tag, "out_of_service"))
        return replace(tool, blocks=tuple(refs)) if refs else tool

    return [for_item(item) for item in items], [for_apart(tool) for tool in apart]


def due_in(session: Session, today: date, within_days: int | None = None, *, now: datetime | None = None,
           blocks: bool = True) -> MaintenanceDue:
    """maintenance_due inside a caller's read transaction."""
    plans = active_plans(session)
    types = _tool_types(session)
    benches: dict[int, str] = dict(session.execute(_bench_codes).all())
    locations: dict[int | None, str] = dict(session.execute(_location_codes).all())
    # Plain rows through the connection: the ORM's handling of 10,000 rows cost more than the query.
    connection = connection_of(session)
    until = None
    if within_days is None:
        tools = [_ToolLine(*row) for row in connection.execute(_TOOLS["every"]).all()]
    else:  # the tools the window may list, through the stored rows' index, and every tool listed apart
        until = window_end(today, within_days)
        tools = [_ToolLine(*row) for row in connection.execute(_TOOLS["window"], {"until": until}).all()]
        tools += [_ToolLine(*row) for row in connection.execute(_TOOLS["apart"]).all()]
        tools.sort(key=lambda tool: tool.asset_tag)
    in_service = [(t.id, t.tool_type_id, t.usage_count, t.status) for t in tools if t.status in IN_SERVICE]
    if until is None:
        slots = schedule_for(session, in_service, today, every_tool=True, plans=plans)
    else:
        slots = stored_schedule(session, planned_tools(in_service, plans), today, False, plans, until=until)
    items: list[DueItem] = []
    apart: list[ApartTool] = []
    reasons = record_findings(session, (tool.status_record_id for tool in tools if tool.status not in IN_SERVICE))
    for tool in tools:
        bench = benches.get(tool.bench_id) if tool.bench_id else None
        where = bench or locations.get(tool.home_location_id) or ""
        if tool.status in IN_SERVICE:
            for s in slots.get(tool.id, []):
                item = _item(tool, types[tool.tool_type_id], bench, where, s)
                if _wanted(item, today, within_days):
                    items.append(item)
        else:
            own = [spec.key for _id, spec in plans_of(plans, tool.id, tool.tool_type_id)] if tool.status != ToolStatus.RETIRED else []
            key, name_en, name_fr, _measuring = types[tool.tool_type_id]
            apart.append(ApartTool(tool.asset_tag, key, name_en, name_fr, tool.status,
                                   shown_reason(tool.status_reason, tool.status_record_id, reasons), bench, where, tuple(own),
                                   finding=worded_from(tool.status_reason, tool.status_record_id, reasons)))
    items.sort(key=_sort_key)
    if blocks:
        tags = {item.asset_tag for item in items if item.state in ("due", "overdue")}  # a limit reached may block
        tags |= {tool.asset_tag for tool in apart if tool.status != ToolStatus.RETIRED}
        moment = now or datetime.combine(today, time(12), tzinfo=UTC)
        items, apart = _with_blocks(items, apart, blocked_orders(session, tags, moment, today))
    return MaintenanceDue(today, items, apart)


def maintenance_due(source: Database | Engine, today: date, within_days: int | None = None, *, now: datetime | None = None,
                    blocks: bool = True) -> MaintenanceDue:
    """Every tool in service with every plan that applies, and the tools listed apart.

    `within_days` keeps the items that are not ok, or fall due within that many days (None: all).
    `blocks` asks the readiness check which waiting orders each overdue or unavailable tool
    blocks (the costly part on a large workshop); `now` is the moment of that check (default:
    noon of `today`). On a SQLite file (a Database) it reads on the lean session: no SQLAlchemy."""
    with reading(source) as session, collections_paused():
        return due_in(session, today, within_days, now=now, blocks=blocks)
