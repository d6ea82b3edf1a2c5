"""Reads the inventory view the readiness check needs for one order on one bench: the tools of
the needed capabilities (all of those on the bench, and the nearest few elsewhere for remedies),
the lots of the needed supplies, the benches and the staff.

Reading every tool of a capability would cost a 10,000-tool workshop thousands of rows per order;
a remedy only names the first free tool, so a few per capability are enough."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from atelier_tui.domain.inventory import BenchView, ChecklistRunView, Inventory, LotView, StaffView, ToolView
from atelier_tui.domain.requirements import Requirements
from atelier_tui.services.paging import utc
from atelier_tui.services.requirement_source import CatalogSnapshot
from atelier_tui.services.tool_queries import maintenance_by_tool
from atelier_tui.store.models import (Bench, Capability, ChecklistRun, ChecklistTemplate, Location, Lot, RepairOrder, SheetLotUse,
                                     Staff, SupplyType, Tool, ToolType, ToolTypeCapability)

# Tools of one capability read from outside the bench, nearest store location first.
CANDIDATES_PER_CAPABILITY = 8


@dataclass(frozen=True)
class ToolTypeInfo:
    name_en: str
    name_fr: str
    capabilities: frozenset[str]
    attributes: dict[str, float]


@dataclass(frozen=True)
class WorkshopSnapshot:
    """What changes rarely during a batch of checks: types, places, benches, people."""
    tool_types: dict[int, ToolTypeInfo]
    capability_ids: dict[str, int]
    locations: dict[int, str]
    benches: dict[int, BenchView]
    bench_ids: dict[str, int]
    staff: dict[int, StaffView]
    reorder_points: dict[str, int]
    shelf_life_after_opening: dict[str, int | None]


def _values(attributes: dict[str, Any]) -> dict[str, float]:
    return {name: value["value"] for name, value in attributes.items() if isinstance(value, dict) and "value" in value}


def load_workshop(session: Session) -> WorkshopSnapshot:
    capabilities: dict[int, set[str]] = {}
    capability_ids = dict(session.execute(select(Capability.key, Capability.id)).all())
    keys = {id_: key for key, id_ in capability_ids.items()}
    for type_id, capability_id in session.execute(select(ToolTypeCapability.tool_type_id, ToolTypeCapability.capability_id)):
        capabilities.setdefault(type_id, set()).add(keys[capability_id])
    tool_types = {
        row.id: ToolTypeInfo(row.name_en, row.name_fr, frozenset(capabilities.get(row.id, ())), _values(row.attributes))
        for row in session.execute(select(ToolType.id, ToolType.name_en, ToolType.name_fr, ToolType.attributes))
    }
    staff_rows = session.execute(select(Staff).where(Staff.active.is_(True))).scalars().all()
    staff = {s.id: StaffView(s.login, s.display_name, s.level, frozenset(s.movement_kinds), s.role) for s in staff_rows}
    benches = {
        b.id: BenchView(b.code, b.name, frozenset(b.features), b.status, staff[b.technician_id].login if b.technician_id in staff else None)
        for b in session.execute(select(Bench)).scalars()
    }
    supplies = session.execute(select(SupplyType.key, SupplyType.reorder_point_micro, SupplyType.shelf_life_after_opening_days)).all()
    return WorkshopSnapshot(
        tool_types, capability_ids, dict(session.execute(select(Location.id, Location.code)).all()), benches,
        {view.code: id_ for id_, view in benches.items()}, staff,
        {key: point for key, point, _days in supplies}, {key: days for key, _point, days in supplies},
    )


def _tool_rows(session: Session, type_ids: list[int], capability_ids: list[int], bench_id: int) -> list[Any]:
    columns = (Tool.id, Tool.asset_tag, Tool.tool_type_id, Tool.status, Tool.status_reason, Tool.usage_count, Tool.bench_id,
               Tool.home_bench_id, Tool.home_location_id, Tool.attributes)
    # Where a tool is now: the bench it is checked out to, else its home bench, else a store location.
    now_on = func.coalesce(Tool.bench_id, Tool.home_bench_id)
    on_bench = session.execute(select(*columns).where(now_on == bench_id, Tool.tool_type_id.in_(type_ids), Tool.status != "retired")).all()
    rank = func.row_number().over(
        partition_by=ToolTypeCapability.capability_id,
        order_by=(case((Tool.status == "in_service", 0), else_=1), now_on.is_not(None), Tool.home_location_id, Tool.asset_tag),
    ).label("rank")
    ranked = (
        select(*columns, rank)
        .join(ToolTypeCapability, ToolTypeCapability.tool_type_id == Tool.tool_type_id)
        .where(ToolTypeCapability.capability_id.in_(capability_ids), or_(now_on.is_(None), now_on != bench_id),
               Tool.status != "retired")
        .subquery()
    )
    nearest = session.execute(select(*(ranked.c[c.key] for c in columns)).where(ranked.c.rank <= CANDIDATES_PER_CAPABILITY)).all()
    return list({row.id: row for row in [*on_bench, *nearest]}.values())


def _tools(session: Session, requirements: Requirements, bench_id: int, workshop: WorkshopSnapshot, today: date) -> tuple[ToolView, ...]:
    needed = {need.key for need in requirements.capabilities}
    capability_ids = [workshop.capability_ids[key] for key in needed if key in workshop.capability_ids]
    type_ids = [id_ for id_, info in workshop.tool_types.items() if info.capabilities & needed]
    if not type_ids:
        return ()
    rows = _tool_rows(session, type_ids, capability_ids, bench_id)
    dues = maintenance_by_tool(session, [(r.id, r.tool_type_id, r.usage_count, r.status) for r in rows], today)
    tools = []
    for row in rows:
        info = workshop.tool_types[row.tool_type_id]
        where_bench = row.bench_id or row.home_bench_id
        tools.append(ToolView(
            row.asset_tag, info.name_en, info.name_fr, info.capabilities, {**info.attributes, **_values(row.attributes)},
            row.status, workshop.benches[where_bench].code if where_bench else None,
            workshop.locations.get(row.home_location_id) if not where_bench else None,
            tuple(dues.get(row.id, ())), row.status_reason,
        ))
    return tuple(tools)


def _own_reservations(session: Session, order_id: int) -> dict[int, int]:
    """lot id -> what this order has reserved on it: its own reservation is not someone else's."""
    return dict(session.execute(
        select(SheetLotUse.lot_id, func.sum(SheetLotUse.quantity_micro))
        .where(SheetLotUse.order_id == order_id, SheetLotUse.state == "reserved").group_by(SheetLotUse.lot_id)
    ).all())


def _lots(session: Session, requirements: Requirements, catalog: CatalogSnapshot, workshop: WorkshopSnapshot,
          order_id: int) -> tuple[LotView, ...]:
    keys = {key for need in requirements.supplies for key in need.accepted}
    ids = [catalog.supply_ids[key] for key in keys if key in catalog.supply_ids]
    if not ids:
        return ()
    rows = session.execute(
        select(Lot.id, Lot.lot_number, Lot.supply_type_id, Lot.quantity_micro, Lot.reserved_micro, Lot.expires_on, Lot.opened_on,
               Lot.bench_id, Lot.location_id)
        .where(Lot.supply_type_id.in_(ids), Lot.status == "available", Lot.quantity_micro > 0)
    ).all()
    own = _own_reservations(session, order_id) if any(row.reserved_micro for row in rows) else {}
    lots = []
    for row in rows:
        key = catalog.supply_keys[row.supply_type_id]
        lots.append(LotView(
            row.lot_number, key, row.quantity_micro, row.reserved_micro - own.get(row.id, 0), row.expires_on, row.opened_on,
            workshop.shelf_life_after_opening.get(key), workshop.benches[row.bench_id].code if row.bench_id else None,
            workshop.locations.get(row.location_id),
        ))
    return tuple(lots)


def inventory_for(session: Session, requirements: Requirements, bench_code: str, catalog: CatalogSnapshot,
                  workshop: WorkshopSnapshot, today: date, order_id: int) -> Inventory:
    bench_id = workshop.bench_ids[bench_code]
    lots = _lots(session, requirements, catalog, workshop, order_id)
    stock: dict[str, int] = {}
    for lot in lots:
        stock[lot.supply_key] = stock.get(lot.supply_key, 0) + lot.quantity_micro
    return Inventory(
        tools=_tools(session, requirements, bench_id, workshop, today), lots=lots,
        benches=tuple(workshop.benches.values()), staff=tuple(workshop.staff.values()),
        reorder_points_micro={key: workshop.reorder_points.get(key, 0) for key in stock}, stock_micro=stock,
    )


def checklist_runs_for(session: Session, bench_code: str, order_id: int, today: date, workshop: WorkshopSnapshot) -> list[ChecklistRunView]:
    rows = session.execute(
        select(ChecklistTemplate.key, ChecklistRun.bench_id, RepairOrder.reference, ChecklistRun.run_date, ChecklistRun.signed_at,
               ChecklistRun.passed)
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistRun.template_id)
        .outerjoin(RepairOrder, RepairOrder.id == ChecklistRun.order_id)
        .where(or_(and_(ChecklistRun.bench_id == workshop.bench_ids[bench_code], ChecklistRun.run_date == today),
                   ChecklistRun.order_id == order_id))
    )
    return [
        ChecklistRunView(key, workshop.benches[bench_id].code, reference, run_date, utc(signed) if signed else None, passed)
        for key, bench_id, reference, run_date, signed, passed in rows
    ]
