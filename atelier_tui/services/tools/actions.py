"""What people do with a tool: check it out to a bench, check it in, put it out of service and back.

Each function is one transaction, takes the actor and `now`, writes its audit event. Check-out is
a conditional UPDATE, so two benches racing for one tool cannot both win."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from atelier_tui.domain.vocabulary import RecordResult, ToolStatus
from atelier_tui.i18n import N_, _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.edit_conflicts import require_unchanged
from atelier_tui.services.common.rows_changed import rows_changed
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Tool
from atelier_tui.wording.status_reasons import shown_reason

# Statuses a tool can be checked out from, and what each refusal means to the person asking.
_UNAVAILABLE = {
    ToolStatus.CHECKED_OUT: N_("{tag} is already checked out to bench {bench}"),
    ToolStatus.IN_MAINTENANCE: N_("{tag} is in maintenance"),
    ToolStatus.OUT_OF_SERVICE: N_("{tag} is out of service ({reason})"),
    ToolStatus.RETIRED: N_("{tag} is retired"),
}


def _tool(session: Session, asset_tag: str) -> Tool:
    # The row stays locked until the transaction ends (writers already take turns: BEGIN IMMEDIATE,
    # PostgreSQL's writer lock): two check-ins, or a check-in and a check-out, never both succeed.
    tool = session.exec(select(Tool).where(Tool.asset_tag == asset_tag).with_for_update()).first()
    if tool is None:
        raise ServiceError(_("asset tag '{tag}': no such tool").format(tag=asset_tag))
    return tool


def _bench(session: Session, code: str) -> Bench:
    bench = session.exec(select(Bench).where(Bench.code == code)).first()
    if bench is None:
        raise ServiceError(_("bench '{code}': no such bench").format(code=code), field="bench")
    return bench


def _bench_code(session: Session, bench_id: int | None) -> str:
    return session.get_one(Bench, bench_id).code if bench_id else "?"


def check_out(engine: Engine, actor: Actor, now: datetime, asset_tag: str, bench_code: str,
              expected_version: int | None = None) -> Tool:
    """`expected_version`: the version the form was opened on (see edit_conflicts.py)."""
    require(actor, "tool.check_out")
    with write_session(engine) as session:
        return claim_tool(session, actor, now, asset_tag, bench_code, expected_version)


def claim_tool(session: Session, actor: Actor, now: datetime, asset_tag: str, bench_code: str,
               expected_version: int | None = None) -> Tool:
    """Check-out inside the caller's transaction (preparing a bench checks out several tools at once)."""
    tool = _tool(session, asset_tag)
    require_unchanged(session, tool.version, expected_version, "tool", asset_tag)
    bench = _bench(session, bench_code)
    if tool.bench_id == bench.id:
        raise ServiceError(_("{tag} is already on bench {bench}").format(tag=asset_tag, bench=bench_code), field="bench")
    before = audit.snapshot(tool)
    claimed = rows_changed(session,
        update(Tool)
        .where(Tool.id == tool.id, Tool.status == ToolStatus.IN_SERVICE, Tool.version == tool.version)
        .values(bench_id=bench.id, status=ToolStatus.CHECKED_OUT, version=Tool.version + 1)
    )
    if claimed != 1:
        session.refresh(tool)
        problem = _(_UNAVAILABLE.get(tool.status, N_("{tag} cannot be checked out now")))
        raise ServiceError(problem.format(
            tag=asset_tag, bench=_bench_code(session, tool.bench_id),
            reason=shown_reason(tool.status_reason, tool.status_record_id, record_findings(session, [tool.status_record_id]))
            or _("no reason given")
        ))
    session.refresh(tool)
    audit.record(session, actor, now, "check_out", "tool", asset_tag, before, audit.snapshot(tool))
    return tool


def check_in(engine: Engine, actor: Actor, now: datetime, asset_tag: str) -> Tool:
    """Back to its home: its store location, or the bench it belongs to."""
    require(actor, "tool.check_in")
    with write_session(engine) as session:
        tool = _tool(session, asset_tag)
        if tool.status != ToolStatus.CHECKED_OUT:
            raise ServiceError(_("{tag} is not checked out").format(tag=asset_tag))
        before = audit.snapshot(tool)
        tool.bench_id = tool.home_bench_id
        tool.status = ToolStatus.IN_SERVICE
        tool.version += 1
        session.add(tool)
        session.flush()
        audit.record(session, actor, now, "check_in", "tool", asset_tag, before, audit.snapshot(tool))
        return tool


def put_out_of_service(engine: Engine, actor: Actor, now: datetime, asset_tag: str, reason: str,
                       expected_version: int | None = None) -> Tool:
    require(actor, "tool.out_of_service")
    if not reason.strip():
        raise ServiceError(_("reason: a reason is required to put a tool out of service"), field="reason")
    with write_session(engine) as session:
        tool = _tool(session, asset_tag)
        require_unchanged(session, tool.version, expected_version, "tool", asset_tag)
        if tool.status in (ToolStatus.OUT_OF_SERVICE, ToolStatus.RETIRED):
            raise ServiceError(_("{tag} is already out of service or retired").format(tag=asset_tag))
        before = audit.snapshot(tool)
        tool.status = ToolStatus.OUT_OF_SERVICE
        tool.status_reason, tool.status_record_id = reason.strip(), None
        tool.version += 1
        session.add(tool)
        session.flush()
        audit.record(session, actor, now, "out_of_service", "tool", asset_tag, before, audit.snapshot(tool), reason.strip())
        return tool


def failed_metrology(session: Session, tool: Tool) -> tuple[str, str, datetime] | None:
    """The calibration or verification whose latest record on this tool failed: (plan key, plan
    name, when), or None. Only a passing record of that plan (as left in tolerance) clears it."""
    from sqlalchemy import func

    from atelier_tui.domain.calibration import METROLOGY_KINDS
    from atelier_tui.i18n import localized
    from atelier_tui.store.maintenance_models import MaintenanceRecord
    from atelier_tui.store.models import MaintenancePlan

    latest = (select(MaintenanceRecord.plan_id, func.max(MaintenanceRecord.performed_at).label("at"))
              .where(MaintenanceRecord.tool_id == tool.id).group_by(MaintenanceRecord.plan_id).subquery())
    row = session.exec(
        select(MaintenancePlan.key, MaintenancePlan.name_en, MaintenancePlan.name_fr, MaintenanceRecord.performed_at)
        .join(latest, (latest.c.plan_id == MaintenanceRecord.plan_id) & (latest.c.at == MaintenanceRecord.performed_at))
        .join(MaintenancePlan, MaintenancePlan.id == MaintenanceRecord.plan_id)
        .where(MaintenanceRecord.tool_id == tool.id, MaintenanceRecord.result == RecordResult.FAIL, MaintenancePlan.kind.in_(METROLOGY_KINDS))
        .order_by(MaintenanceRecord.performed_at.desc())
    ).first()
    return None if row is None else (row[0], localized(row[1], row[2]), row[3])


def failed_calibration_of(engine: Engine, asset_tag: str) -> tuple[str, str, datetime] | None:
    """What keeps this tool out of service until a passing record or an override (see
    failed_metrology); None when a plain return will do."""
    from atelier_tui.store.engine import read_session

    with read_session(engine) as session:
        tool = session.exec(select(Tool).where(Tool.asset_tag == asset_tag)).first()
        return failed_metrology(session, tool) if tool is not None else None


def return_to_service(engine: Engine, actor: Actor, now: datetime, asset_tag: str, reason: str = "", override: bool = False) -> Tool:
    """Back in service. An instrument whose calibration or verification failed comes back only
    through a passing record of that plan, or a lead's `override` with a written reason: audited,
    and shown with the tool's status from then on (issue 17: one "Yes" put it back)."""
    require(actor, "tool.return_to_service")
    with write_session(engine) as session:
        tool = _tool(session, asset_tag)
        if tool.status not in (ToolStatus.OUT_OF_SERVICE, ToolStatus.IN_MAINTENANCE):
            raise ServiceError(_("{tag} is not out of service").format(tag=asset_tag))
        failed = failed_metrology(session, tool)
        status_reason, action = "", "return_to_service"
        if failed is not None:
            _plan_key, plan_name, failed_at = failed
            when = failed_at.astimezone().date().isoformat()
            if not override:
                raise ServiceError(_("{tag} failed its {plan} on {date}: it returns to service through a passing record of that plan "
                                     "(as left in tolerance), or a lead's written override").format(
                                         tag=asset_tag, plan=plan_name, date=when), field="override")
            require(actor, "calibration.record")  # the override is a lead's
            if not reason.strip():
                raise ServiceError(_("reason: an override of a failed {plan} needs a written reason").format(plan=plan_name),
                                   field="reason")
            # What the lead typed, as typed: who overrode which failure is read back from the trail
            # and the record (tools.overrides) and worded for each reader, never stored as a sentence.
            status_reason = reason.strip()
            action = "return_to_service_override"
        before = audit.snapshot(tool)
        tool.status = ToolStatus.CHECKED_OUT if tool.bench_id not in (None, tool.home_bench_id) else ToolStatus.IN_SERVICE
        tool.status_reason, tool.status_record_id = status_reason, None
        tool.version += 1
        session.add(tool)
        session.flush()
        audit.record(session, actor, now, action, "tool", asset_tag, before, audit.snapshot(tool), reason.strip())
        return tool

