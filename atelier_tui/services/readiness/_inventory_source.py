"""Reads the inventory view the readiness check needs for one order on one bench: the tools of
the needed capabilities (those on the bench, and as few elsewhere as the verdict depends on:
_tool_candidates), the lots of the needed supplies, the benches and the staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import RecordFinding
from atelier_tui.domain.due import PlanDue
from atelier_tui.domain.inventory import (
    BenchView,
    ChecklistRunView,
    Inventory,
    MetrologyOverride,
    StaffView,
    ToolView,
)
from atelier_tui.domain.readiness import work_plan
from atelier_tui.domain.requirements import Requirements
from atelier_tui.services.common.paging import utc
from atelier_tui.services.maintenance.schedule import ActivePlans, active_plans
from atelier_tui.services.readiness._bench_work import BenchOrders, BenchWork
from atelier_tui.services.readiness._lot_source import lots_for
from atelier_tui.services.readiness._tool_candidates import every_tool_of, nearest_tools
from atelier_tui.services.readiness.requirement_source import CatalogSnapshot
from atelier_tui.store.read_statements import read_statement
from atelier_tui.wording.status_reasons import shown_reason

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

# The tool category of what belongs to a bench (catalogs/tool_types.toml).
BENCH_FIXTURE = "bench_fixture"


@dataclass(frozen=True)
class ToolTypeInfo:
    name_en: str
    name_fr: str
    capabilities: frozenset[str]
    attributes: dict[str, float]
    fixture: bool = False  # a bench fixture: part of the bench it is on


@dataclass(frozen=True)
class WorkshopSnapshot:
    """What changes rarely during a batch of checks: types, places, benches, people."""
    tool_types: dict[int, ToolTypeInfo]
    capability_ids: dict[str, int]
    types_by_capability: dict[str, list[int]]
    locations: dict[int, str]
    benches: dict[int, BenchView]
    bench_ids: dict[str, int]
    staff: dict[int, StaffView]
    reorder_points: dict[str, int]
    shelf_life_after_opening: dict[str, int | None]
    plans: ActivePlans


def _values(attributes: dict[str, Any]) -> dict[str, float]:
    return {name: value["value"] for name, value in attributes.items() if isinstance(value, dict) and "value" in value}


def _types_by_capability(tool_types: dict[int, ToolTypeInfo]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for type_id, info in sorted(tool_types.items()):
        for capability in info.capabilities:
            index.setdefault(capability, []).append(type_id)
    return index


@read_statement
def _capability_ids() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Capability

    return select(Capability.key, Capability.id)


@read_statement
def _type_capabilities() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import ToolTypeCapability

    return select(ToolTypeCapability.tool_type_id, ToolTypeCapability.capability_id)


@read_statement
def _tool_types() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import ToolType

    return select(ToolType.id, ToolType.name_en, ToolType.name_fr, ToolType.attributes, ToolType.category)


@read_statement
def _active_staff() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Staff

    return select(Staff).where(Staff.active.is_(True))


@read_statement
def _benches() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Bench

    return select(Bench)


@read_statement
def _supply_stock_rules() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import SupplyType

    return select(SupplyType.key, SupplyType.reorder_point_micro, SupplyType.shelf_life_after_opening_days)


@read_statement
def _location_codes() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Location

    return select(Location.id, Location.code)


def load_workshop(session: Session) -> WorkshopSnapshot:
    capabilities: dict[int, set[str]] = {}
    capability_ids: dict[str, int] = dict(session.execute(_capability_ids).all())
    keys = {id_: key for key, id_ in capability_ids.items()}
    for type_id, capability_id in session.execute(_type_capabilities):
        capabilities.setdefault(type_id, set()).add(keys[capability_id])
    tool_types = {
        row.id: ToolTypeInfo(row.name_en, row.name_fr, frozenset(capabilities.get(row.id, ())), _values(row.attributes),
                             row.category == BENCH_FIXTURE)
        for row in session.execute(_tool_types)
    }
    staff_rows = session.execute(_active_staff).all()
    staff = {s.id: StaffView(s.login, s.display_name, s.level, frozenset(s.movement_kinds), s.role) for s in staff_rows}
    benches = {
        b.id: BenchView(b.code, b.name, frozenset(b.features), b.status, staff[b.technician_id].login if b.technician_id in staff else None)
        for b in session.execute(_benches).all()
    }
    supplies = session.execute(_supply_stock_rules).all()
    return WorkshopSnapshot(
        tool_types, capability_ids, _types_by_capability(tool_types), dict(session.execute(_location_codes).all()),
        benches,
        {view.code: id_ for id_, view in benches.items()}, staff,
        {key: point for key, point, _days in supplies}, {key: days for key, _point, days in supplies}, active_plans(session),
    )


def _tool_view(workshop: WorkshopSnapshot) -> Callable[[Any, dict[int, list[PlanDue]], dict[int, MetrologyOverride], dict[int, RecordFinding]],
                                                        ToolView]:
    tool_types, benches, locations = workshop.tool_types, workshop.benches, workshop.locations

    def view(row: Any, dues: dict[int, list[PlanDue]], overrides: dict[int, MetrologyOverride], findings: dict[int, RecordFinding]) -> ToolView:
        # Unpacked once (the first columns of every tool statement are _tool_candidates.TOOL_COLUMNS):
        # a check builds a view per tool read, and a row's named access cost more than the view.
        (tool_id, asset_tag, type_id, status, status_reason, _usage, bench_id, home_bench_id, home_location_id, attributes,
         status_record_id) = row[:11]
        info = tool_types[type_id]
        where_bench = bench_id or home_bench_id
        return ToolView(
            asset_tag, info.name_en, info.name_fr, info.capabilities,
            {**info.attributes, **_values(attributes)} if attributes else info.attributes,  # a view never changes them
            status, benches[where_bench].code if where_bench else None, locations.get(home_location_id) if not where_bench else None,
            tuple(dues.get(tool_id, ())), shown_reason(status_reason, status_record_id, findings), info.fixture, (),
            overrides.get(tool_id),
        )
    return view


def _tools(session: Session, requirements: Requirements, bench_id: int, catalog: CatalogSnapshot, workshop: WorkshopSnapshot,
           today: date, order_id: int, bounded: bool, known: BenchOrders | None) -> tuple[ToolView, ...]:
    if not bounded:
        return every_tool_of(session, requirements, workshop.types_by_capability, workshop.plans, today, _tool_view(workshop))
    def needing(bench_ids: set[int]) -> Callable[[int, frozenset[str]], tuple[str, ...]]:
        return BenchWork(session, catalog, bench_ids, order_id, known).needing
    return nearest_tools(session, requirements, bench_id, workshop.types_by_capability, workshop.plans, today,
                         work_plan(today, requirements).planned_end, _tool_view(workshop), needing,
                         frozenset(type_id for type_id, info in workshop.tool_types.items() if info.fixture))


@read_statement
def _checklist_runs() -> Any:
    from sqlalchemy import and_, bindparam, or_, select

    from atelier_tui.store.core_tables import ChecklistRun, ChecklistTemplate, RepairOrder

    return (
        select(ChecklistTemplate.key, ChecklistRun.bench_id, RepairOrder.reference, ChecklistRun.run_date, ChecklistRun.signed_at,
               ChecklistRun.passed, ChecklistRun.facts)
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistRun.template_id)
        .outerjoin(RepairOrder, RepairOrder.id == ChecklistRun.order_id)
        .where(or_(and_(ChecklistRun.bench_id == bindparam("bench"), ChecklistRun.run_date == bindparam("day")),
                   ChecklistRun.order_id == bindparam("order")))
    )


def inventory_for(session: Session, requirements: Requirements, bench_code: str, catalog: CatalogSnapshot,
                  workshop: WorkshopSnapshot, today: date, order_id: int, bounded: bool = True,
                  known: BenchOrders | None = None) -> Inventory:
    """`bounded`: only the tools the verdict depends on (_tool_candidates) and the lots it may
    take or name (_lot_source); False reads every tool of the needed capabilities and the lots of every
    part of a matched category, the reference the tests compare with. `known`: what the orders
    on a bench need, kept across a batch (_bench_work)."""
    bench_id = workshop.bench_ids[bench_code]
    weighed = lots_for(session, requirements, bench_id, catalog, workshop, today, order_id, bounded)
    return Inventory(
        tools=_tools(session, requirements, bench_id, catalog, workshop, today, order_id, bounded, known), lots=weighed.lots,
        benches=tuple(workshop.benches.values()), staff=tuple(workshop.staff.values()),
        reorder_points_micro={key: workshop.reorder_points.get(key, 0) for key in weighed.stock_micro},
        stock_micro=weighed.stock_micro,
    )


def with_bench_work(session: Session, inventory: Inventory, bench_code: str, catalog: CatalogSnapshot, workshop: WorkshopSnapshot,
                    order_id: int, capabilities: set[str], known: BenchOrders | None = None) -> Inventory:
    """`inventory` with, on each tool of `capabilities` on another bench, the orders there that
    need it. Read only for the capabilities a remedy would borrow: it costs a look at those
    orders' work (`known` keeps it across a batch)."""
    def other_bench(tool: ToolView) -> int | None:
        """The id of the other bench a tool of `capabilities` is on; None for the others."""
        if tool.bench is None or tool.bench == bench_code or not tool.capabilities & capabilities:
            return None
        return workshop.bench_ids[tool.bench]

    sources = {tool.asset_tag: other_bench(tool) for tool in inventory.tools}
    work = BenchWork(session, catalog, {bench_id for bench_id in sources.values() if bench_id is not None}, order_id, known)
    def worked(tool: ToolView) -> ToolView:
        source = sources[tool.asset_tag]
        if source is None:
            return tool
        needed_by = work.needing(source, tool.capabilities)
        # A new view only for a tool that work needs: copying a frozen view costs, and most are not.
        return tool if needed_by == tool.needed_by else replace(tool, needed_by=needed_by)

    return replace(inventory, tools=tuple(worked(tool) for tool in inventory.tools))


def checklist_runs_for(session: Session, bench_code: str, order_id: int, today: date, workshop: WorkshopSnapshot) -> list[ChecklistRunView]:
    rows = session.execute(_checklist_runs, {"bench": workshop.bench_ids[bench_code], "day": today, "order": order_id})
    return [
        ChecklistRunView(key, workshop.benches[bench_id].code, reference, run_date, utc(signed) if signed else None, passed,
                         tuple(facts) if facts is not None else None)
        for key, bench_id, reference, run_date, signed, passed, facts in rows
    ]
