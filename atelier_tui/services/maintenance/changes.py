"""What a lead changes by hand, always with a written reason and an audit event: the next due date
of a plan (a reschedule, held until the plan is next done) and a tool's usage counter (a
correction: the counter otherwise only counts closed intervention sheets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, update

from atelier_tui.domain.vocabulary import ToolStatus
from atelier_tui.i18n import _, localized
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.rows_changed import rows_changed
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance._access import plan_for_tool, staff_id, tool_by_tag
from atelier_tui.services.maintenance.due_store import recompute_due
from atelier_tui.services.maintenance.schedule import active_plans, plans_of, read_decisions, slot, stood_for
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session
from atelier_tui.store.maintenance_models import MaintenanceReschedule
from atelier_tui.store.models import Tool


@dataclass(frozen=True)
class Rescheduled:
    asset_tag: str
    plan_key: str
    previous_due_on: date | None
    due_on: date
    reason: str


@dataclass(frozen=True)
class UsageCorrected:
    asset_tag: str
    previous: int
    count: int
    reason: str


def _reason(reason: str, message: str) -> str:
    if not reason.strip():
        raise ServiceError(message, field="reason")
    return reason.strip()


def reschedule(engine: Engine, actor: Actor, now: datetime, tag: str, plan_key: str, new_date: date, reason: str) -> Rescheduled:
    """Move the next due date of a tool's plan to `new_date` (not in the past). It holds until the
    plan is next done; from then on the plan's interval runs again. A plan counted in uses only
    has no date to move."""
    require(actor, "maintenance.reschedule")
    reason = _reason(reason, _("reason: a reschedule needs a reason"))
    today = now.astimezone().date()
    if new_date < today:
        raise ServiceError(_("date: {date} is in the past").format(date=new_date.isoformat()), field="date")
    with write_session(engine) as session:
        tool = tool_by_tag(session, tag)
        if tool.status == ToolStatus.RETIRED:
            raise ServiceError(_("{tag} is retired").format(tag=tool.asset_tag), field="tool")
        plan = plan_for_tool(session, tool, plan_key)
        if not plan.every_days:
            raise ServiceError(_("plan: {plan} is counted in uses only; it has no date to move").format(
                plan=localized(plan.name_en, plan.name_fr)), field="plan")
        plans = active_plans(session)
        spec = next(spec for plan_id, spec in plans_of(plans, tool.id, tool.tool_type_id) if plan_id == plan.id)
        current = slot(tool.id, plan.id, spec, tool.usage_count, today, read_decisions(session, [tool.id]),
                       stood_for(plans, tool.id, tool.tool_type_id).get(plan.id, ()))
        moved = MaintenanceReschedule(tool_id=tool.id, plan_id=plan.id, due_on=new_date, previous_due_on=current.due.next_due_on,
                                      after_record_id=current.last_record_id, reason=reason, by_id=staff_id(session, actor), at=now)
        session.add(moved)
        session.flush()
        audit.record(session, actor, now, "maintenance.reschedule", "tool", tool.asset_tag,
                     {"plan": plan.key, "due_on": current.due.next_due_on.isoformat() if current.due.next_due_on else None},
                     {"plan": plan.key, "due_on": new_date.isoformat()}, reason)
        recompute_due(session, [tool.id])
        return Rescheduled(tool.asset_tag, plan.key, current.due.next_due_on, new_date, reason)


# A tool used a thousand times a day for thirty years stays under it; a counter past it is a typo,
# and past 2**63 the database could not even store it (it became a REAL, and the export broke).
MAX_USAGE_COUNT = 10_000_000


def correct_usage(engine: Engine, actor: Actor, now: datetime, tag: str, new_count: int, reason: str) -> UsageCorrected:
    """Set a tool's usage counter to `new_count` (a miscount, a counter replaced with the machine's
    board); the plans counted in uses read it from then on."""
    require(actor, "maintenance.correct_usage")
    reason = _reason(reason, _("reason: a usage counter correction needs a reason"))
    if new_count < 0:
        raise ServiceError(_("count: a usage counter cannot be negative"), field="count")
    if new_count > MAX_USAGE_COUNT:
        raise ServiceError(_("count: {count} uses is not a plausible counter (at most {most})").format(
            count=new_count, most=MAX_USAGE_COUNT), field="count")
    with write_session(engine) as session:
        tool = tool_by_tag(session, tag)
        if tool.usage_count == new_count:
            raise ServiceError(_("count: the counter of {tag} already reads {count}").format(tag=tool.asset_tag, count=new_count),
                               field="count")
        previous = tool.usage_count
        changed = rows_changed(session,
            update(Tool).where(Tool.id == tool.id, Tool.version == tool.version)
            .values(usage_count=new_count, version=Tool.version + 1)
        )
        if changed != 1:
            raise ServiceError(_("{tag} was changed by someone else meanwhile; try again").format(tag=tool.asset_tag), field="tool")
        audit.record(session, actor, now, "usage.correct", "tool", tool.asset_tag, {"usage_count": previous},
                     {"usage_count": new_count}, reason)
        recompute_due(session, [tool.id])
        return UsageCorrected(tool.asset_tag, previous, new_count, reason)
