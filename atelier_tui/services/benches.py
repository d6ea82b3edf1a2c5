"""Reading benches for the screens: plain rows, no ORM objects, no formatting."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from atelier_tui.store.engine import read_session
from atelier_tui.store.models import Bench, RepairOrder, Staff, Tool


@dataclass(frozen=True)
class BenchSummary:
    code: str
    name: str
    zone: str
    status: str
    features: tuple[str, ...]
    technician: str | None
    tool_count: int
    current_order: str | None


def list_benches(engine: Engine) -> list[BenchSummary]:
    tools = select(Tool.bench_id, func.count().label("n")).group_by(Tool.bench_id).subquery()
    in_progress = (
        select(RepairOrder.bench_id, func.min(RepairOrder.reference).label("reference"))
        .where(RepairOrder.status == "in_progress")
        .group_by(RepairOrder.bench_id)
        .subquery()
    )
    query = (
        select(Bench.code, Bench.name, Bench.zone, Bench.status, Bench.features, Staff.display_name,
               func.coalesce(tools.c.n, 0), in_progress.c.reference)
        .outerjoin(Staff, Staff.id == Bench.technician_id)
        .outerjoin(tools, tools.c.bench_id == Bench.id)
        .outerjoin(in_progress, in_progress.c.bench_id == Bench.id)
        .order_by(Bench.code)
    )
    with read_session(engine) as session:
        rows = session.execute(query).all()
    return [
        BenchSummary(code, name, zone, status, tuple(features or ()), technician, count, order)
        for code, name, zone, status, features, technician, count, order in rows
    ]
