"""The changes a lead makes to a bench (who works there; open, closed or in maintenance), each one
an audited transaction; a technician may change the status of their own bench only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atelier_tui.domain.vocabulary import BenchStatus, values
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.audit.reasons import MOVED_TO
from atelier_tui.services.benches.queries import BENCH_ROLES
from atelier_tui.services.common.edit_conflicts import require_unchanged
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import allowed, require
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Staff

BENCH_STATUSES = values(BenchStatus)


def _bench_for_update(session: Session, code: str) -> Bench:
    bench = session.execute(select(Bench).where(Bench.code == code)).scalar_one_or_none()
    if bench is None:
        raise ServiceError(_("bench '{code}': no such bench").format(code=code), field="bench")
    return bench


def _changed(session: Session, actor: Actor, now: datetime, action: str, bench: Bench, before: dict | None,
             moved_to: str | None = None) -> None:
    """`moved_to`: the bench its technician went to, kept as data in the event (the trail words it
    for each reader, services.audit.reasons)."""
    bench.version += 1
    session.add(bench)
    session.flush()
    after = audit.snapshot(bench)
    audit.record(session, actor, now, action, "bench", bench.code, before, after if moved_to is None else {**after, MOVED_TO: moved_to})


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
            _changed(session, actor, now, "unassign_technician", other, before, moved_to=bench.code)
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
