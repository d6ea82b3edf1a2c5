"""What the maintenance services share: finding the tool, the plan and the person a request
names. Refusals are ServiceErrors naming the field."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from atelier_tui.i18n import _
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.schedule import active_plans, plans_of
from atelier_tui.store.models import MaintenancePlan, Staff, Tool


def staff_id(session: Session, actor: Actor) -> int | None:
    if actor.staff_id:
        return actor.staff_id
    return session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar()


def tool_by_tag(session: Session, tag: str) -> Tool:
    tool = session.execute(select(Tool).where(Tool.asset_tag == tag.strip())).scalar_one_or_none()
    if tool is None:
        raise ServiceError(_("tool: no tool has the asset tag '{tag}'").format(tag=tag.strip()), field="tool")
    return tool


def plan_ids_of(session: Session, tool: Tool) -> list[int]:
    """The active plans that apply to the tool: its own, and its type's of a kind it has no own plan for."""
    return [plan_id for plan_id, _spec in plans_of(active_plans(session), tool.id, tool.tool_type_id)]


def plan_for_tool(session: Session, tool: Tool, plan_key: str) -> MaintenancePlan:
    """The active plan `plan_key`, refused when it does not apply to the tool."""
    plan = session.execute(select(MaintenancePlan).where(MaintenancePlan.key == plan_key.strip())).scalar_one_or_none()
    applicable = plan_ids_of(session, tool)
    if plan is None or plan.id not in applicable:
        if not applicable:
            raise ServiceError(_("plan: {tag} has no maintenance plan").format(tag=tool.asset_tag), field="plan")
        keys = session.execute(select(MaintenancePlan.key).where(MaintenancePlan.id.in_(applicable))
                               .order_by(MaintenancePlan.key)).scalars().all()
        raise ServiceError(_("plan: '{key}' is not a plan of {tag} (its plans: {keys})").format(
            key=plan_key.strip(), tag=tool.asset_tag, keys=", ".join(keys)), field="plan")
    return plan
