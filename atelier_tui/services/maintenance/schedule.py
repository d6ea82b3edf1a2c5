"""Where each plan of each tool stands, as the due engine (`domain.due`) sees it once everything
the lead decided is applied: the latest completion that counts for the schedule (scheduled, or ad
hoc when the lead said so; never a failed one), a reschedule set since that completion, the
interval of the latest accepted interval proposal, and for a fixed-anchor plan the calendar that
starts at the tool's first completion of it.

The tool list, the dashboards, the readiness check, the sheet's instrument check and the lead's
planner all read the schedule through `plan_dues` / `schedule_for`, which read the stored due rows
(`due_store`); `computed_schedule` is what those rows are computed by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.due import PlanDue, PlanSpec, plan_due
from atelier_tui.domain.vocabulary import RecordResult, ToolStatus
from atelier_tui.store.database import connection_of
from atelier_tui.store.read_statements import ReadStatement, read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def plan_spec(row: Any) -> PlanSpec:
    return PlanSpec(row.key, row.kind, row.name_en, row.name_fr, row.every_days, row.every_uses, row.anchor, row.grace_days,
                    blocking=row.blocking)


@dataclass(frozen=True)
class ActivePlans:
    """Active plans by (plan id, spec): of a tool type (the default) and of one tool (an override)."""
    by_type: dict[int, list[tuple[int, PlanSpec]]]
    by_tool: dict[int, list[tuple[int, PlanSpec]]]


@read_statement
def _active_plans() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import MaintenancePlan as P

    return select(P.id, P.tool_type_id, P.tool_id, P.key, P.kind, P.name_en, P.name_fr, P.every_days, P.every_uses, P.anchor,
                  P.grace_days, P.blocking).where(P.active.is_(True)).order_by(P.key)


def active_plans(session: Session) -> ActivePlans:
    plans = ActivePlans({}, {})
    # Plans are catalog-sized (tens): reading them all is cheaper than naming the page's types.
    for plan in session.execute(_active_plans):
        if plan.tool_id is not None:
            plans.by_tool.setdefault(plan.tool_id, []).append((plan.id, plan_spec(plan)))
        elif plan.tool_type_id is not None:
            plans.by_type.setdefault(plan.tool_type_id, []).append((plan.id, plan_spec(plan)))
    return plans


@dataclass(slots=True)  # not frozen, as domain.due.PlanDue: thousands per due list
class Slot:
    """One plan of one tool as it stands today."""
    tool_id: int
    plan_id: int
    spec: PlanSpec  # with the interval in force
    plan_days: int | None  # the plan's own interval (the catalog's)
    due: PlanDue
    last_record_id: int | None  # the completion the schedule counts from
    reschedule_reason: str  # the lead's reason when due.rescheduled


def plans_of(plans: ActivePlans, tool_id: int, type_id: int) -> list[tuple[int, PlanSpec]]:
    """A tool's own plans, then its type's plans of the kinds it has no own plan for."""
    type_plans = plans.by_type.get(type_id, [])
    own = plans.by_tool.get(tool_id)
    if not own:
        return list(type_plans)
    own_kinds = {spec.kind for _, spec in own}
    return own + [(plan_id, spec) for plan_id, spec in type_plans if spec.kind not in own_kinds]


def stood_for(plans: ActivePlans, tool_id: int, type_id: int) -> dict[int, tuple[int, ...]]:
    """A tool's own plan id -> its type's plan ids of the same kind, which it replaces: until the
    own plan is first done, their latest completion is where its schedule counts from (a tester
    moved from 100 to 50 tests between leak checks is not due the moment its plan changes)."""
    type_plans = plans.by_type.get(type_id, [])
    return {own_id: tuple(plan_id for plan_id, spec in type_plans if spec.kind == own.kind)
            for own_id, own in plans.by_tool.get(tool_id, [])}


def _some(query: Any, column: Any, some: bool) -> Any:
    from sqlalchemy import bindparam

    return query.where(column.in_(bindparam("tool_ids", expanding=True))) if some else query


def _counted() -> tuple[Any, ...]:
    from atelier_tui.store.core_tables import MaintenanceRecord

    return (MaintenanceRecord.plan_id.is_not(None), MaintenanceRecord.scheduled.is_(True), MaintenanceRecord.result != RecordResult.FAIL)


def _completions_statement(some: bool) -> Any:
    from sqlalchemy import func, select

    from atelier_tui.store.core_tables import MaintenanceRecord as record

    ranked = _some(select(
        record.id, record.tool_id, record.plan_id, record.performed_at, record.usage_at,
        func.row_number().over(partition_by=(record.tool_id, record.plan_id),
                               order_by=(record.performed_at.desc(), record.id.desc())).label("rank"),
    ).where(*_counted()), record.tool_id, some).subquery()
    return select(ranked.c.tool_id, ranked.c.plan_id, ranked.c.id, ranked.c.performed_at, ranked.c.usage_at).where(ranked.c.rank == 1)


def _firsts_statement(some: bool) -> Any:
    """When each tool first completed each plan: the start of a fixed calendar."""
    from sqlalchemy import func, select

    from atelier_tui.store.core_tables import MaintenanceRecord as record

    return _some(select(record.tool_id, record.plan_id, func.min(record.performed_at)).where(*_counted()), record.tool_id, some) \
        .group_by(record.tool_id, record.plan_id)


def _reschedules_statement(some: bool) -> Any:
    from sqlalchemy import func, select

    from atelier_tui.store.core_tables import MaintenanceReschedule as moved

    ranked = _some(select(
        moved.tool_id, moved.plan_id, moved.due_on, moved.after_record_id, moved.reason,
        func.row_number().over(partition_by=(moved.tool_id, moved.plan_id), order_by=(moved.at.desc(), moved.id.desc())).label("rank"),
    ), moved.tool_id, some).subquery()
    return select(ranked.c.tool_id, ranked.c.plan_id, ranked.c.due_on, ranked.c.after_record_id, ranked.c.reason).where(ranked.c.rank == 1)


def _intervals_statement(some: bool) -> Any:
    from sqlalchemy import func, select

    from atelier_tui.store.core_tables import IntervalProposal as proposal

    ranked = _some(select(
        proposal.tool_id, proposal.plan_id, proposal.proposed_days,
        func.row_number().over(partition_by=(proposal.tool_id, proposal.plan_id),
                               order_by=(proposal.decided_at.desc(), proposal.id.desc())).label("rank"),
    ).where(proposal.state == "accepted"), proposal.tool_id, some).subquery()
    return select(ranked.c.tool_id, ranked.c.plan_id, ranked.c.proposed_days).where(ranked.c.rank == 1)


def _variants(some: bool) -> tuple[ReadStatement, ...]:
    """The four statements, of some tools (`tool_ids`) or of every tool."""
    return tuple(read_statement(partial(build, some), f"{__name__}:{build.__name__}[{'some' if some else 'every'}]")
                 for build in (_completions_statement, _reschedules_statement, _intervals_statement, _firsts_statement))


_STATEMENTS = {some: _variants(some) for some in (False, True)}


@dataclass(slots=True)  # not frozen: one per tool and plan
class Completion:
    record_id: int
    performed_at: datetime
    usage_at: int
    first_at: datetime | None  # read only when a plan is anchored on fixed dates


@dataclass(frozen=True)
class Decisions:
    """What the schedule counts from, per (tool id, plan id)."""
    completions: dict[tuple[int, int], Completion]
    reschedules: dict[tuple[int, int], tuple[date, int | None, str]]  # due on, after record id, reason
    intervals: dict[tuple[int, int], int]  # accepted interval in days


def read_decisions(session: Session, tool_ids: Iterable[int] | None, fixed: bool = True) -> Decisions:
    """The completions, reschedules and accepted intervals of these tools (None: of every tool).
    `fixed`: also when each plan was first done (needed by plans anchored on fixed dates)."""
    some = tool_ids is not None
    params = {"tool_ids": list(tool_ids)} if some else {}  # type: ignore[arg-type]
    completions_query, reschedules_query, intervals_query, firsts_query = _STATEMENTS[some]
    # Plain column reads through the session's connection: the ORM's row handling cost more than
    # the query on a whole workshop's records.
    connection = connection_of(session)
    # The column type hands back UTC-aware datetimes already.
    firsts = {(tool_id, plan_id): at for tool_id, plan_id, at in connection.execute(firsts_query, params)} if fixed else {}
    completions = {
        (tool_id, plan_id): Completion(record_id, at, usage_at, firsts.get((tool_id, plan_id)))
        for tool_id, plan_id, record_id, at, usage_at in connection.execute(completions_query, params)
    }
    reschedules = {(tool_id, plan_id): (due_on, after, reason)
                   for tool_id, plan_id, due_on, after, reason in connection.execute(reschedules_query, params)}
    intervals = {(tool_id, plan_id): days for tool_id, plan_id, days in connection.execute(intervals_query, params)}
    return Decisions(completions, reschedules, intervals)


def slot(tool_id: int, plan_id: int, spec: PlanSpec, usage: int, today: date, decisions: Decisions,
         stands_for: tuple[int, ...] = ()) -> Slot:
    """`stands_for`: the type's plans a tool's own plan replaces (`stood_for`)."""
    key = (tool_id, plan_id)
    plan_days = spec.every_days
    if key in decisions.intervals and spec.every_days:
        spec = replace(spec, every_days=decisions.intervals[key])
    done = decisions.completions.get(key)
    if done is None and stands_for:
        earlier = [decisions.completions[(tool_id, replaced)] for replaced in stands_for if (tool_id, replaced) in decisions.completions]
        done = max(earlier, key=lambda completion: completion.performed_at, default=None)
    if done is not None and done.first_at is not None and spec.anchor == "fixed" and spec.starts_on is None:
        spec = replace(spec, starts_on=done.first_at.date())
    rescheduled_to, reason = None, ""
    moved = decisions.reschedules.get(key)
    if moved is not None and moved[1] == (done.record_id if done else None):
        rescheduled_to, reason = moved[0], moved[2]
    due = plan_due(spec, done.performed_at if done else None, usage, done.usage_at if done else 0, today,
                   rescheduled_to=rescheduled_to)
    return Slot(tool_id, plan_id, spec, plan_days, due, done.record_id if done else None, reason if due.rescheduled else "")


def has_plan(tool_id: int, type_id: int, status: str, plans: ActivePlans) -> bool:
    """The tool is not retired and an active plan applies to it, its type's or its own."""
    return status != ToolStatus.RETIRED and (type_id in plans.by_type or tool_id in plans.by_tool)


def planned_tools(tools: Iterable[tuple[int, int, int, str]], plans: ActivePlans) -> list[tuple[int, int, int, str]]:
    return [t for t in tools if has_plan(t[0], t[1], t[3], plans)]


def schedule_for(
    session: Session, tools: Iterable[tuple[int, int, int, str]], today: date, every_tool: bool = False,
    plans: ActivePlans | None = None,
) -> dict[int, list[Slot]]:
    """tool id -> its plans as they stand, for (id, type id, usage count, status). Retired tools
    have none. Read from the stored due rows (`due_store`), which the writes keep in step;
    `every_tool` reads all of them at once instead of naming the tools."""
    from atelier_tui.services.maintenance.due_store import stored_schedule  # it builds on this module

    tools = list(tools)
    if not any(t[3] != ToolStatus.RETIRED for t in tools):
        return {}
    plans = plans or active_plans(session)
    planned = planned_tools(tools, plans)
    return stored_schedule(session, planned, today, every_tool, plans) if planned else {}


def computed_schedule(
    session: Session, tools: Iterable[tuple[int, int, int, str]], today: date, every_tool: bool = False,
    plans: ActivePlans | None = None,
) -> dict[int, list[Slot]]:
    """`schedule_for` computed from the records, reschedules and interval decisions themselves
    (what the stored due rows are made of, and checked against)."""
    tools = list(tools)
    if not any(t[3] != ToolStatus.RETIRED for t in tools):
        return {}
    plans = plans or active_plans(session)
    tools = planned_tools(tools, plans)
    if not tools:
        return {}
    fixed = any(spec.anchor == "fixed" for specs in (*plans.by_type.values(), *plans.by_tool.values()) for _id, spec in specs)
    decisions = read_decisions(session, None if every_tool else {t[0] for t in tools}, fixed)
    slots = {}
    for tool_id, type_id, usage, _status in tools:
        replaced = stood_for(plans, tool_id, type_id) if tool_id in plans.by_tool else {}
        slots[tool_id] = [slot(tool_id, plan_id, spec, usage, today, decisions, replaced.get(plan_id, ()))
                          for plan_id, spec in plans_of(plans, tool_id, type_id)]
    return slots


def plan_dues(
    session: Session, tools: Iterable[tuple[int, int, int, str]], today: date, every_tool: bool = False,
    plans: ActivePlans | None = None,
) -> dict[int, list[PlanDue]]:
    """tool id -> where each active plan of the tool stands, for (id, type id, usage, status), with
    reschedules, accepted intervals, ad hoc records the lead counted and fixed calendars applied.
    A tool's own plan replaces its type's plan of the same kind; retired tools have none."""
    return {tool_id: [s.due for s in slots] for tool_id, slots in schedule_for(session, tools, today, every_tool, plans).items()}
