"""What the maintenance services share: who may do what, and finding the tool, the plan and the
person a request names. Refusals are ServiceErrors naming the field."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from atelier_tui.i18n import N_, _
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.schedule import plans_of
from atelier_tui.services.maintenance.schedule import active_plans
from atelier_tui.store.models import MaintenancePlan, Staff, Tool

# The words of maintenance as people read them; keys are the stored values. Kept apart by what they
# name, as the same value ("accepted") reads differently for a sheet and for a proposal.
KIND_WORDS = {"cleaning": N_("cleaning"), "maintenance": N_("maintenance work"), "verification": N_("verification"),
              "calibration": N_("calibration")}
WORDS = {
    # due states
    "ok": N_("ok"), "due_soon": N_("due soon"), "due": N_("due"), "overdue": N_("overdue"),
    # results
    "pass": N_("pass"), "adjusted": N_("adjusted"), "fail": N_("fail"),
    # tool statuses
    "out_of_service": N_("out of service"), "in_maintenance": N_("in maintenance"), "retired": N_("retired"),
    "in_service": N_("in service"), "checked_out": N_("checked out"),
}
DISPOSITION_WORDS = {"accepted": N_("work accepted"), "recalled": N_("recalled for re-test"), "": N_("undecided")}
PROPOSAL_WORDS = {"proposed": N_("awaiting decision"), "accepted": N_("interval accepted"), "declined": N_("interval declined"),
                  "superseded": N_("superseded by a newer proposal")}


def say(value: str, words: dict[str, str] = WORDS) -> str:
    """`value` (a due state, a result, a tool status; or from `words`: KIND_WORDS,
    DISPOSITION_WORDS, PROPOSAL_WORDS) in the interface language."""
    return _(words[value]) if value in words else value


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
