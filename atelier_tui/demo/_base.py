"""What every stage of the demo generator shares: the size profile, the catalog as the database
holds it, the demo's fixed vocabulary (_data), the random source and the `now` it was given, and the
bulk insert."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from atelier_tui.demo._data import DemoData, DemoProfile
from atelier_tui.store.models import (
    Calibre,
    ChecklistItem,
    ChecklistTemplate,
    InterventionType,
    MaintenancePlan,
    SupplyType,
    ToolType,
)

# Rows per INSERT statement: big enough to be fast, small enough to keep memory flat.
CHUNK_ROWS = 5_000


@dataclass(frozen=True)
class SupplyInfo:
    id: int
    key: str
    category: str
    stock_unit: str
    shelf_life_days: int | None
    after_opening_days: int | None
    reorder_point_micro: int
    waste_stream: str
    attributes: dict[str, Any]
    properties: dict[str, str]  # crystals: material, shape; crowns: crown_type


@dataclass(frozen=True)
class CalibreInfo:
    id: int
    key: str
    movement_kind: str
    battery_supply_type_id: int | None


@dataclass(frozen=True)
class InterventionInfo:
    id: int
    key: str
    movement_kinds: tuple[str, ...]
    level: int
    bench_features: tuple[str, ...]
    checklists: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # the facts of the work it brings (docs/catalog-format.md)


@dataclass(frozen=True)
class PlanInfo:
    id: int
    key: str
    tool_type_id: int
    kind: str
    every_days: int | None
    every_uses: int | None
    grace_days: int
    test_points: list[dict[str, Any]]


@dataclass(frozen=True)
class ChecklistInfo:
    template_id: int
    key: str
    items: tuple[tuple[int, str, str, tuple[str, ...]], ...]  # (item id, key, level, conditions)


@dataclass
class Catalog:
    """The imported catalogs as plain values, in key or id order (never set order: the output
    must not depend on string hashing)."""

    tool_type_ids: dict[str, int]
    tool_type_categories: dict[int, str]
    tool_type_keys: dict[int, str]
    supplies: list[SupplyInfo]
    calibres: dict[str, CalibreInfo]
    interventions: dict[str, InterventionInfo]
    plans_by_tool_type: dict[int, list[PlanInfo]]
    checklists: dict[str, ChecklistInfo]


def load_catalog(connection: Connection) -> Catalog:
    tool_rows = connection.execute(select(ToolType.id, ToolType.key, ToolType.category).order_by(ToolType.id)).all()
    supplies = [
        SupplyInfo(*row)
        for row in connection.execute(
            select(
                SupplyType.id, SupplyType.key, SupplyType.category, SupplyType.stock_unit, SupplyType.shelf_life_days,
                SupplyType.shelf_life_after_opening_days, SupplyType.reorder_point_micro, SupplyType.waste_stream,
                SupplyType.attributes, SupplyType.properties,
            ).order_by(SupplyType.id)
        )
    ]
    calibres = {
        row.key: CalibreInfo(row.id, row.key, row.movement_kind, row.battery_supply_type_id)
        for row in connection.execute(
            select(Calibre.id, Calibre.key, Calibre.movement_kind, Calibre.battery_supply_type_id).order_by(Calibre.id)
        )
    }
    interventions = {
        row.key: InterventionInfo(row.id, row.key, tuple(row.movement_kinds), row.level, tuple(row.bench_features),
                                  tuple(row.checklists or ()), tuple(row.facts or ()))
        for row in connection.execute(
            select(
                InterventionType.id, InterventionType.key, InterventionType.movement_kinds, InterventionType.level,
                InterventionType.bench_features, InterventionType.checklists, InterventionType.facts,
            ).order_by(InterventionType.id)
        )
    }
    plans_by_tool_type: dict[int, list[PlanInfo]] = {}
    plan_query = (
        select(
            MaintenancePlan.id, MaintenancePlan.key, MaintenancePlan.tool_type_id, MaintenancePlan.kind,
            MaintenancePlan.every_days, MaintenancePlan.every_uses, MaintenancePlan.grace_days,
            MaintenancePlan.test_points,
        )
        .where(MaintenancePlan.active, MaintenancePlan.tool_type_id.is_not(None), MaintenancePlan.tool_id.is_(None))
        .order_by(MaintenancePlan.id)
    )
    for row in connection.execute(plan_query):
        plans_by_tool_type.setdefault(row.tool_type_id, []).append(PlanInfo(*row))
    checklists: dict[str, ChecklistInfo] = {}
    templates = connection.execute(
        select(ChecklistTemplate.id, ChecklistTemplate.key)
        .where(ChecklistTemplate.is_current)
        .order_by(ChecklistTemplate.id)
    ).all()
    for template_id, key in templates:
        items = connection.execute(
            select(ChecklistItem.id, ChecklistItem.key, ChecklistItem.level, ChecklistItem.conditions)
            .where(ChecklistItem.template_id == template_id)
            .order_by(ChecklistItem.position)
        ).all()
        checklists[key] = ChecklistInfo(template_id, key, tuple((i, k, lv, tuple(c)) for i, k, lv, c in items))
    return Catalog(
        tool_type_ids={key: id_ for id_, key, _ in tool_rows},
        tool_type_categories={id_: category for id_, _, category in tool_rows},
        tool_type_keys={id_: key for id_, key, _ in tool_rows},
        supplies=supplies,
        calibres=calibres,
        interventions=interventions,
        plans_by_tool_type=plans_by_tool_type,
        checklists=checklists,
    )


@dataclass(frozen=True)
class BenchRow:
    id: int
    code: str
    kind: str
    cell: int  # 1-based: which repetition of the cell of benches
    features: tuple[str, ...]


@dataclass(frozen=True)
class StaffRow:
    id: int
    login: str
    role: str
    level: int
    movement_kinds: tuple[str, ...]


@dataclass(frozen=True)
class ToolRow:
    id: int
    asset_tag: str
    tool_type_id: int
    home_bench_id: int | None
    usage_count: int
    acquired_on: date
    status: str


@dataclass
class DemoContext:
    connection: Connection
    rng: random.Random
    now: datetime
    profile: DemoProfile
    catalog: Catalog
    data: DemoData
    site_id: int = 0
    locations_by_role: dict[str, list[int]] = field(default_factory=dict)
    benches: list[BenchRow] = field(default_factory=list)
    staff: list[StaffRow] = field(default_factory=list)
    tools: list[ToolRow] = field(default_factory=list)
    # (received_on, order id) of orders someone worked on: consumption is booked against them.
    worked_orders: list[tuple[date, int]] = field(default_factory=list)
    # Benches with an order in progress: who works there, and the facts of the watch on it.
    bench_technician: dict[int, int] = field(default_factory=dict)
    bench_facts: dict[int, list[str]] = field(default_factory=dict)
    # Benches with work waiting (jobs.toml, bench_queue) and none in progress: who the work
    # waits for, and the facts of the first watch waiting.
    queue_technician: dict[int, int] = field(default_factory=dict)
    queue_facts: dict[int, list[str]] = field(default_factory=dict)
    # Orders waiting on a bench for a technician (jobs.toml, bench_queue), as (order id, bench id,
    # technician id, the interventions' checklists, the facts of the watch and its work): each
    # has its watch checked before work on it starts (_checklists, per-order runs).
    orders_on_benches: list[tuple[int, int, int, tuple[str, ...], list[str]]] = field(default_factory=list)
    # Waiting orders whose O-ring the store is to have none of (_data.QueuedJob).
    gasket_out_of_stock: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.date()

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A moment of a past or present day, never later than `now`."""
        moment = datetime.combine(day, time(hour, minute), tzinfo=UTC)
        return min(moment, self.now - timedelta(minutes=1))

    def workers(self) -> list[StaffRow]:
        """People who work at a bench: technicians, and leads who also take jobs."""
        return [person for person in self.staff if person.role in ("technician", "lead")]

    def insert(self, model: type, table_name: str, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), CHUNK_ROWS):
            self.connection.execute(insert(model), list(rows[start : start + CHUNK_ROWS]))
        self.counts[table_name] = self.counts.get(table_name, 0) + len(rows)
