"""Benches as the screens read them: plain rows, no ORM objects, no formatting (the changes a lead
makes to them are in changes.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select

from atelier_tui.domain.vocabulary import OrderStatus, Role
from atelier_tui.services.common.paging import utc
from atelier_tui.services.orders.queries import OrderRow, order_rows
from atelier_tui.services.tools.queries import ToolRow, tool_rows_on_bench
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Bench, ChecklistRun, ChecklistTemplate, RepairOrder, Staff, Tool

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


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
class ChecklistRunRow:
    template_key: str
    template_version: int
    name_en: str
    name_fr: str
    scope: str
    order_reference: str | None
    run_by: str
    started_at: datetime
    signed: bool  # a signed run is frozen
    passed: bool | None  # None until it is signed


@dataclass(frozen=True)
class BenchDetail:
    code: str
    name: str
    zone: str
    status: str
    features: tuple[str, ...]
    technician: str | None  # display name
    technician_login: str | None
    tools: list[ToolRow]
    checklist_runs: list[ChecklistRunRow]  # today's, in the order they were started
    current_order: OrderRow | None  # the order in progress on it
    version: int = 1  # what a form opened on this bench saves against (edit_conflicts.py)


@dataclass(frozen=True)
class StaffRow:
    login: str
    display_name: str
    role: str
    level: int


def checklist_runs_on(session: Session, bench_id: int, day: date) -> list[ChecklistRunRow]:
    rows = session.execute(
        select(
            ChecklistTemplate.key, ChecklistTemplate.version, ChecklistTemplate.name_en, ChecklistTemplate.name_fr,
            ChecklistTemplate.scope, RepairOrder.reference, Staff.display_name, ChecklistRun.started_at,
            ChecklistRun.signed_at, ChecklistRun.passed,
        )
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistRun.template_id)
        .join(Staff, Staff.id == ChecklistRun.run_by_id)
        .outerjoin(RepairOrder, RepairOrder.id == ChecklistRun.order_id)
        .where(ChecklistRun.bench_id == bench_id, ChecklistRun.run_date == day)
        .order_by(ChecklistRun.started_at, ChecklistRun.id)
    )
    return [
        ChecklistRunRow(key, version, name_en, name_fr, scope, order, by, utc(started), signed_at is not None, passed)
        for key, version, name_en, name_fr, scope, order, by, started, signed_at, passed in rows
    ]


def bench_detail_in(session: Session, code: str, today: date) -> BenchDetail | None:
    """bench_detail inside a caller's read transaction (dashboards)."""
    found = session.execute(
        select(Bench.id, Bench.code, Bench.name, Bench.zone, Bench.status, Bench.features, Staff.display_name, Staff.login,
               Bench.version)
        .outerjoin(Staff, Staff.id == Bench.technician_id)
        .where(Bench.code == code)
    ).first()
    if found is None:
        return None
    bench_id, code, name, zone, status, features, technician, login, version = found
    current = order_rows(session, today, [RepairOrder.bench_id == bench_id, RepairOrder.status == OrderStatus.IN_PROGRESS], limit=1)
    return BenchDetail(
        code, name, zone, status, tuple(features or ()), technician, login, tool_rows_on_bench(session, bench_id, today),
        checklist_runs_on(session, bench_id, today), current.rows[0] if current.rows else None, version,
    )


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
