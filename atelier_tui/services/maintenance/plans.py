"""A tool's own maintenance plans: one instrument kept on another interval than its type (a dry
tester checked against its reference leak every 50 tests while the others keep 100).

A tool's own plan replaces its type's plans of the same kind, and adds to them when its type has
none of that kind (schedule.plans_of): the due list, the readiness check, the sheet's instrument
check and the planner all read plans through it. Retiring an own plan makes it inactive: its
records stay, readable in the history, and the type's plan of that kind applies again. The
catalog's own plans (of a tool type) are the catalog's to change (`atelier catalog import`).

The command line (`atelier maintenance plan add|list|retire`) and the workshop file (`[[tool_plan]]`,
services/transfer) both come here or through the same checks (`check_plan_values`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atelier_tui.domain.vocabulary import PlanAnchor, PlanKind, ToolStatus
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.maintenance._access import tool_by_tag
from atelier_tui.services.maintenance.due_store import recompute_due
from atelier_tui.services.maintenance.schedule import active_plans, plans_of
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import MaintenancePlan, Tool, ToolType

PLAN_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")  # as the catalog's keys
PLAN_KINDS = tuple(kind.value for kind in PlanKind)
MAX_DAYS = 36_500  # a century: past it, a typo
MAX_USES = 10_000_000  # as a tool's usage counter (services/maintenance/changes.py)


@dataclass(frozen=True)
class PlanLine:
    """A plan as listed: `tool` is the asset tag of the tool it belongs to, None for a type's plan."""
    key: str
    tool: str | None
    tool_type: str
    kind: str
    name_en: str
    name_fr: str
    every_days: int | None
    every_uses: int | None
    anchor: str
    grace_days: int
    blocking: bool
    active: bool
    replaces: tuple[str, ...]  # the type's plans of the same kind it stands for (own plans only)


@dataclass(frozen=True)
class PlanChange:
    """What `add_tool_plan` may set; None: take it from `based_on` (or the default)."""
    based_on: str | None = None
    kind: str | None = None
    name_en: str | None = None
    name_fr: str | None = None
    every_days: int | None = None
    every_uses: int | None = None
    grace_days: int | None = None
    anchor: str | None = None
    blocking: bool | None = None


def check_plan_values(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each value of a tool's plan that cannot stand."""
    problems = []
    key = values.get("key") or ""
    if not PLAN_KEY.match(key):
        problems.append(("key", _("key: '{key}' must be lower-case letters, digits and '_'").format(key=key)))
    if values.get("kind") not in PLAN_KINDS:
        problems.append(("kind", _("kind: '{given}' is not one of {choices}").format(given=values.get("kind") or "",
                                                                                   choices=", ".join(PLAN_KINDS))))
    if not (values.get("name_en") or "").strip():
        problems.append(("name", _("name: give the plan a name")))
    if values.get("anchor") not in tuple(PlanAnchor):
        problems.append(("anchor", _("anchor: '{given}' is not one of {choices}").format(
            given=values.get("anchor") or "", choices=", ".join(PlanAnchor))))
    for field, most in (("every_days", MAX_DAYS), ("every_uses", MAX_USES), ("grace_days", MAX_DAYS)):
        value = values.get(field)
        if value is not None and not 0 <= value <= most:
            problems.append((field, _("{field}: {value} is not between 0 and {most}").format(field=field, value=value, most=most)))
    if not values.get("every_days") and not values.get("every_uses"):
        problems.append(("every_days", _("every_days: give every_days, every_uses or both")))
    return problems


def _line(plan: MaintenancePlan, tool: str | None, tool_type: str, replaces: tuple[str, ...] = ()) -> PlanLine:
    return PlanLine(plan.key, tool, tool_type, plan.kind, plan.name_en, plan.name_fr, plan.every_days, plan.every_uses,
                    plan.anchor, plan.grace_days, plan.blocking, plan.active, replaces)


def _type_plans(session: Session, type_id: int) -> list[MaintenancePlan]:
    return list(session.execute(select(MaintenancePlan).where(MaintenancePlan.tool_type_id == type_id,
                                                              MaintenancePlan.tool_id.is_(None))
                                .order_by(MaintenancePlan.key)).scalars())


def _replaced(session: Session, tool: Tool, kind: str) -> tuple[str, ...]:
    return tuple(p.key for p in _type_plans(session, tool.tool_type_id) if p.active and p.kind == kind)


def add_tool_plan(engine: Engine, actor: Actor, now: datetime, tag: str, key: str, change: PlanChange) -> PlanLine:
    """A plan of the tool `tag` only. With `change.based_on` (a plan of its type) every value not
    given, the steps and the test points are that plan's; without it, kind, name and an interval
    must be given."""
    require(actor, "maintenance.plan")
    with write_session(engine) as session:
        tool = tool_by_tag(session, tag)
        if tool.status == ToolStatus.RETIRED:
            raise ServiceError(_("{tag} is retired").format(tag=tool.asset_tag), field="tool")
        key = key.strip()
        if session.execute(select(MaintenancePlan.id).where(MaintenancePlan.key == key)).first() is not None:
            raise ServiceError(_("key: a plan '{key}' already exists").format(key=key), field="key")
        values: dict[str, Any] = {"key": key, "anchor": PlanAnchor.COMPLETION, "grace_days": 0, "blocking": True,
                                  "steps": [], "test_points": [], "name_fr": ""}
        if change.based_on:
            base = next((p for p in _type_plans(session, tool.tool_type_id) if p.key == change.based_on.strip()), None)
            if base is None:
                keys = ", ".join(p.key for p in _type_plans(session, tool.tool_type_id)) or _("none")
                raise ServiceError(_("from: '{key}' is not a plan of the type of {tag} (its type's plans: {keys})").format(
                    key=change.based_on.strip(), tag=tool.asset_tag, keys=keys), field="from")
            values |= {name: getattr(base, name) for name in ("kind", "name_en", "name_fr", "every_days", "every_uses", "anchor",
                                                              "grace_days", "blocking", "steps", "test_points")}
        given = {name: value for name, value in vars(change).items() if value is not None and name != "based_on"}
        values |= given
        for name in ("every_days", "every_uses"):  # 0 given: not counted that way, as in the catalog
            values[name] = values.get(name) or None
        problems = check_plan_values(values)
        if problems:
            field, message = problems[0]
            raise ServiceError(message, field=field)
        plan = MaintenancePlan(tool_id=tool.id, tool_type_id=None, active=True, **values)
        session.add(plan)
        session.flush()
        audit.record(session, actor, now, "create", "maintenance_plan", key,
                     after=audit.snapshot(plan) | {"tool": tool.asset_tag})
        recompute_due(session, [tool.id])
        type_key = session.get(ToolType, tool.tool_type_id).key  # type: ignore[union-attr]
        return _line(plan, tool.asset_tag, type_key, _replaced(session, tool, plan.kind))


def retire_tool_plan(engine: Engine, actor: Actor, now: datetime, key: str, reason: str) -> PlanLine:
    """The tool's own plan no longer applies; its records stay, and its type's plan of that kind
    applies again."""
    require(actor, "maintenance.plan")
    if not reason.strip():
        raise ServiceError(_("reason: retiring a plan needs a reason"), field="reason")
    with write_session(engine) as session:
        plan = session.execute(select(MaintenancePlan).where(MaintenancePlan.key == key.strip())).scalar_one_or_none()
        if plan is None:
            raise ServiceError(_("plan: no plan has the key '{key}'").format(key=key.strip()), field="plan")
        if plan.tool_id is None:
            raise ServiceError(_("plan: {key} is a plan of the catalog; change it in the catalog").format(key=plan.key),
                               field="plan")
        if not plan.active:
            raise WorkshopRefusal(_("plan: {key} is already retired").format(key=plan.key), field="plan")
        tool = session.get(Tool, plan.tool_id)
        assert tool is not None  # a foreign key
        before = audit.snapshot(plan)
        plan.active = False
        plan.version += 1
        session.add(plan)
        session.flush()
        audit.record(session, actor, now, "maintenance_plan.retire", "maintenance_plan", plan.key, before,
                     audit.snapshot(plan), reason.strip())
        recompute_due(session, [tool.id])
        type_key = session.get(ToolType, tool.tool_type_id).key  # type: ignore[union-attr]
        return _line(plan, tool.asset_tag, type_key, _replaced(session, tool, plan.kind))


def list_plans(engine: Engine, tag: str | None = None, every: bool = False) -> list[PlanLine]:
    """With `tag`: the plans in force for that tool (its own, then its type's it has not replaced),
    and with `every` its retired own plans too. Without: every tool's own plans (active ones, or
    all with `every`)."""
    with read_session(engine) as session:
        types = dict(session.execute(select(ToolType.id, ToolType.key)).all())
        if tag is None:
            query = select(MaintenancePlan, Tool).join(Tool, Tool.id == MaintenancePlan.tool_id)
            if not every:
                query = query.where(MaintenancePlan.active.is_(True))
            rows = session.execute(query.order_by(Tool.asset_tag, MaintenancePlan.key)).all()
            return [_line(plan, tool.asset_tag, types[tool.tool_type_id], _replaced(session, tool, plan.kind)) for plan, tool in rows]
        tool = tool_by_tag(session, tag)
        in_force = [plan_id for plan_id, _spec in plans_of(active_plans(session), tool.id, tool.tool_type_id)]
        plans = {p.id: p for p in session.execute(select(MaintenancePlan).where(MaintenancePlan.id.in_(in_force))).scalars()}
        lines = [_line(plans[plan_id], tool.asset_tag if plans[plan_id].tool_id else None, types[tool.tool_type_id],
                       _replaced(session, tool, plans[plan_id].kind) if plans[plan_id].tool_id else ())
                 for plan_id in in_force]
        if every:
            retired = session.execute(select(MaintenancePlan).where(MaintenancePlan.tool_id == tool.id,
                                                                   MaintenancePlan.active.is_(False))
                                      .order_by(MaintenancePlan.key)).scalars()
            lines += [_line(plan, tool.asset_tag, types[tool.tool_type_id]) for plan in retired]
        return lines
