"""Benches: reading them for the screens (plain rows, no ORM objects, no formatting), and the
changes a lead makes to them (who works there; open, closed or in maintenance), each one audited
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from atelier_tui.domain.vocabulary import BenchStatus, OrderStatus, Role, values
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.common.edit_conflicts import require_unchanged
from atelier_tui.services.permissions import allowed, require
from atelier_tui.services.orders.queries import OrderRow, order_rows
from atelier_tui.services.common.paging import utc
from atelier_tui.services.tools.queries import ToolRow, tool_rows_on_bench
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Bench, RepairOrder, Staff, Tool
from atelier_tui.store.models import ChecklistRun, ChecklistTemplate


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
    with read_session(engine) as session:
        rows = session.execute(query).all()
    return [
        BenchSummary(code, name, zone, status, tuple(features or ()), technician, count, order)
        for code, name, zone, status, features, technician, count, order in rows
    ]


BENCH_STATUSES = values(BenchStatus)
# Who may change benches: assigning people is the lead's call; a technician may open, close or
# put in maintenance the bench they are assigned to.


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
    with read_session(engine) as session:
        return bench_detail_in(session, code, today)


def _bench_for_update(session: Session, code: str) -> Bench:
    bench = session.execute(select(Bench).where(Bench.code == code)).scalar_one_or_none()
    if bench is None:
        raise ServiceError(_("bench '{code}': no such bench").format(code=code), field="bench")
    return bench


def _changed(session: Session, actor: Actor, now: datetime, action: str, bench: Bench, before: dict | None, reason: str = "") -> None:
    bench.version += 1
    session.add(bench)
    session.flush()
    audit.record(session, actor, now, action, "bench", bench.code, before, audit.snapshot(bench), reason)


def assign_technician(engine: Engine, actor: Actor, now: datetime, bench_code: str, login: str | None,
                      expected_version: int | None = None) -> None:
    """Put `login` at the bench. A person works at one bench at a time: one assigned elsewhere is
    moved, and that bench's change is audited too. An empty login is refused: freeing a bench is
    its own action (clear_technician), never what an empty field means (issue 17)."""
    require(actor, "bench.assign")
    if login is None or not login.strip():
        raise ServiceError(_("login: give the login of the person to assign; freeing the bench is its own action"), field="login")
    login = login.strip()
    with write_session(engine) as session:
        bench = _bench_for_update(session, bench_code)
        require_unchanged(session, bench.version, expected_version, "bench", bench_code)
        staff = session.execute(select(Staff).where(Staff.login == login)).scalar_one_or_none()
        if staff is None:
            raise ServiceError(_("login '{login}': no such person").format(login=login), field="login")
        if not staff.active or staff.role not in BENCH_ROLES:
            raise ServiceError(_("login '{login}': {name} cannot be assigned to a bench").format(login=login, name=staff.display_name), field="login")
        if bench.technician_id == staff.id:
            raise ServiceError(_("bench {bench} already has {who} assigned").format(bench=bench_code, who=staff.display_name))
        for other in session.execute(select(Bench).where(Bench.technician_id == staff.id)).scalars():
            before = audit.snapshot(other)
            other.technician_id = None
            _changed(session, actor, now, "unassign_technician", other, before, f"moved to bench {bench_code}")
        before = audit.snapshot(bench)
        bench.technician_id = staff.id
        _changed(session, actor, now, "assign_technician", bench, before)


def clear_technician(engine: Engine, actor: Actor, now: datetime, bench_code: str, expected_version: int | None = None) -> None:
    """Nobody at the bench any more: an explicit action of its own."""
    require(actor, "bench.assign")
    with write_session(engine) as session:
        bench = _bench_for_update(session, bench_code)
        require_unchanged(session, bench.version, expected_version, "bench", bench_code)
        if bench.technician_id is None:
            raise ServiceError(_("bench {bench} already has {who} assigned").format(bench=bench_code, who=_("nobody")))
        before = audit.snapshot(bench)
        bench.technician_id = None
        _changed(session, actor, now, "unassign_technician", bench, before)


def bench_staff(engine: Engine) -> list[StaffRow]:
    """Who may be put at a bench, technicians first then leads who take jobs (never a gateway
    account, an admin or someone who left), by name."""
    rank = {role: index for index, role in enumerate(BENCH_ROLES)}
    return sorted((row for row in list_staff(engine) if row.role in rank), key=lambda row: (rank[row.role], row.display_name, row.login))


def set_bench_status(engine: Engine, actor: Actor, now: datetime, bench_code: str, status: str,
                     expected_version: int | None = None) -> None:
    if status not in BENCH_STATUSES:
        raise ServiceError(_("status: '{given}' is not one of {choices}").format(given=status, choices=", ".join(BENCH_STATUSES)), field="status")
    require(actor, "bench.status")
    with write_session(engine) as session:
        bench = _bench_for_update(session, bench_code)
        require_unchanged(session, bench.version, expected_version, "bench", bench_code)
        if not allowed(actor.role, "bench.assign"):  # a technician changes only their own bench
            own = actor.staff_id is not None and bench.technician_id == actor.staff_id
            assigned = session.get(Staff, bench.technician_id) if bench.technician_id else None
            if not own and (assigned is None or assigned.login != actor.login):
                raise ServiceError(_("{login} may only change the status of their own bench, not {bench}").format(
                    login=actor.login, bench=bench_code))
        if bench.status == status:
            raise ServiceError(_("bench {bench}: the status is already '{status}'").format(bench=bench_code, status=status), field="status")
        before = audit.snapshot(bench)
        bench.status = status
        _changed(session, actor, now, "set_bench_status", bench, before)


def list_staff(engine: Engine) -> list[StaffRow]:
    """Active people, by name: who can be assigned to a bench."""
    query = select(Staff.login, Staff.display_name, Staff.role, Staff.level).where(Staff.active.is_(True))
    with read_session(engine) as session:
        return [StaffRow(*row) for row in session.execute(query.order_by(Staff.display_name, Staff.login))]
