"""One bench as its screen and the technician's dashboard show it (BenchDetail): its tools, today's
checklist runs and the order in progress on it, read as read statements (store/read_statements.py)
so that the technician's first screen reads it on the lean session, without SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.vocabulary import OrderStatus
from atelier_tui.services.common.paging import utc
from atelier_tui.services.orders.rows import OrderRow, order_query, order_row
from atelier_tui.services.tools.rows import ToolRow, tool_rows
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the lean session, or a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


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


@read_statement
def _runs_on() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import ChecklistRun, ChecklistTemplate, RepairOrder, Staff

    return (
        select(
            ChecklistTemplate.key, ChecklistTemplate.version, ChecklistTemplate.name_en, ChecklistTemplate.name_fr,
            ChecklistTemplate.scope, RepairOrder.reference, Staff.display_name, ChecklistRun.started_at,
            ChecklistRun.signed_at, ChecklistRun.passed,
        )
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistRun.template_id)
        .join(Staff, Staff.id == ChecklistRun.run_by_id)
        .outerjoin(RepairOrder, RepairOrder.id == ChecklistRun.order_id)
        .where(ChecklistRun.bench_id == bindparam("bench"), ChecklistRun.run_date == bindparam("day"))
        .order_by(ChecklistRun.started_at, ChecklistRun.id)
    )


def checklist_runs_on(session: Session, bench_id: int, day: date) -> list[ChecklistRunRow]:
    rows = session.execute(_runs_on, {"bench": bench_id, "day": day})
    return [
        ChecklistRunRow(key, version, name_en, name_fr, scope, order, by, utc(started), signed_at is not None, passed)
        for key, version, name_en, name_fr, scope, order, by, started, signed_at, passed in rows
    ]


@read_statement
def _bench_by_code() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Bench, Staff

    return (
        select(Bench.id, Bench.code, Bench.name, Bench.zone, Bench.status, Bench.features, Staff.display_name, Staff.login,
               Bench.version)
        .outerjoin(Staff, Staff.id == Bench.technician_id)
        .where(Bench.code == bindparam("code"))
    )


@read_statement
def _order_in_progress() -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.store.core_tables import RepairOrder

    return (order_query().where(RepairOrder.bench_id == bindparam("bench"), RepairOrder.status == OrderStatus.IN_PROGRESS)
            .order_by(RepairOrder.deadline, RepairOrder.reference).limit(1))


@read_statement
def _tools_on_bench() -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.services.tools.queries import row_query
    from atelier_tui.store.core_tables import Tool

    return row_query().where(Tool.bench_id == bindparam("bench")).order_by(Tool.asset_tag)


def tool_rows_on_bench(session: Session, bench_id: int, today: date) -> list[ToolRow]:
    """Every tool on a bench now, by asset tag (a bench holds tens of tools, not thousands)."""
    return tool_rows(session, session.execute(_tools_on_bench, {"bench": bench_id}).all(), today)


def bench_detail_in(session: Session, code: str, today: date) -> BenchDetail | None:
    """bench_detail inside a caller's read transaction (dashboards)."""
    found = session.execute(_bench_by_code, {"code": code}).first()
    if found is None:
        return None
    bench_id, code, name, zone, status, features, technician, login, version = found
    current = session.execute(_order_in_progress, {"bench": bench_id}).first()
    return BenchDetail(
        code, name, zone, status, tuple(features or ()), technician, login, tool_rows_on_bench(session, bench_id, today),
        checklist_runs_on(session, bench_id, today), order_row(current, today) if current is not None else None, version,
    )
