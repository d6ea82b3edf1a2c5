"""Benches as the screens read them: plain rows, no ORM objects, no formatting (the changes a lead
makes to them are in changes.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select

from atelier_tui.domain.vocabulary import OrderStatus, Role
from atelier_tui.services.benches.detail import BenchDetail as BenchDetail
from atelier_tui.services.benches.detail import ChecklistRunRow as ChecklistRunRow
from atelier_tui.services.benches.detail import bench_detail_in
from atelier_tui.services.benches.detail import checklist_runs_on as checklist_runs_on
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Bench, RepairOrder, Staff, Tool


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


# Who works at a bench, in the order a lead would pick them.
BENCH_ROLES = (Role.TECHNICIAN, Role.LEAD)


def list_benches(engine: Engine) -> list[BenchSummary]:
    tools = select(Tool.bench_id, func.count().label("n")).group_by(Tool.bench_id).subquery()
    in_progress = (
        select(RepairOrder.bench_id, func.min(RepairOrder.reference).label("reference"))
        .where(RepairOrder.status == OrderStatus.IN_PROGRESS)
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
    with read_rows(engine) as session:
        rows = session.execute(query).all()
    return [
        BenchSummary(code, name, zone, status, tuple(features or ()), technician, count, order)
        for code, name, zone, status, features, technician, count, order in rows
    ]


@dataclass(frozen=True)
class StaffRow:
    login: str
    display_name: str
    role: str
    level: int


def bench_detail(engine: Engine, code: str, today: date) -> BenchDetail | None:
    with read_rows(engine) as session:
        return bench_detail_in(session, code, today)


def bench_staff(engine: Engine) -> list[StaffRow]:
    """Who may be put at a bench, technicians first then leads who take jobs (never a gateway
    account, an admin or someone who left), by name."""
    rank = {role: index for index, role in enumerate(BENCH_ROLES)}
    return sorted((row for row in list_staff(engine) if row.role in rank), key=lambda row: (rank[Role(row.role)], row.display_name, row.login))


def list_staff(engine: Engine) -> list[StaffRow]:
    """Active people, by name: who can be assigned to a bench."""
    query = select(Staff.login, Staff.display_name, Staff.role, Staff.level).where(Staff.active.is_(True))
    with read_rows(engine) as session:
        return [StaffRow(*row) for row in session.execute(query.order_by(Staff.display_name, Staff.login))]
