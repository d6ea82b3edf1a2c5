"""The maintenance state of every tool, for filtering and sorting the tools list by it.

The state is worked out on the day (domain.due) from the stored due rows (services/maintenance/
due_store.py). Only the tools whose rows say a plan may be other than ok today are worked out,
found through the stored rows' index (due_store.tools_due_by, as the due list finds them); every
other tool with a plan is ok, and one without is NO_PLAN, which SQL can say from the active plans
alone (`no_plan`). The page is cut from the ids this gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.due import STATES, worst
from atelier_tui.domain.vocabulary import DueState, ToolStatus
from atelier_tui.services.maintenance.due_store import stored_schedule, tools_due_by, window_end
from atelier_tui.services.maintenance.schedule import ActivePlans, active_plans, planned_tools

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

NO_PLAN = "none"  # the maintenance state of a tool without any active plan (or retired)
# Most urgent first: the order a "maintenance" sort shows, ascending.
URGENCY = (*reversed(STATES), NO_PLAN)
# Up to this many tools (a bench's, a type's), their rows are read by naming them; past it, the
# window's rows are read through the index.
NAMED_UP_TO = 2_000
_LIMIT_REACHED = {DueState.DUE, DueState.OVERDUE}


def no_plan(plans: ActivePlans) -> Any:
    """SQL: the tool has no active plan, its type's or its own, or is retired (planned_tools's
    complement): a few hundred type and tool ids, not the thousands of tools they leave out."""
    from sqlalchemy import and_, literal_column, or_, true

    from atelier_tui.store.core_tables import Tool

    retired = Tool.status == literal_column(f"'{ToolStatus.RETIRED}'")
    unplanned = [condition for condition in (Tool.tool_type_id.not_in(sorted(plans.by_type)) if plans.by_type else None,
                                             Tool.id.not_in(sorted(plans.by_tool)) if plans.by_tool else None)
                 if condition is not None]
    return or_(retired, and_(*unplanned)) if unplanned else true()


def states_not_ok(session: Session, today: date, among: Sequence[Any] = (), limit_reached_only: bool = False,
                  plans: ActivePlans | None = None) -> dict[int, str]:
    """tool id -> its worst plan state, for the tools meeting the conditions `among` whose state
    is other than ok (NO_PLAN aside: see `no_plan`). `limit_reached_only`: only "due" and
    "overdue" are asked for; a tool only due soon may be left out."""
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Tool

    plans = plans or active_plans(session)
    # A plan due or overdue is due by today (or its uses, or its never being done, drew
    # attention); one due soon, by the end of "soon".
    until = today if limit_reached_only else window_end(today, 0)
    columns = select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status)
    named = None
    if among:
        tools = [tuple(row) for row in session.execute(columns.where(*among))]
        named = planned_tools(tools, plans)
    if named is not None and len(named) <= NAMED_UP_TO:
        slots = stored_schedule(session, named, today, False, plans) if named else {}
    else:
        window = [tuple(row) for row in session.execute(columns.where(*among, Tool.id.in_(tools_due_by(until))))]
        planned = planned_tools(window, plans)
        slots = stored_schedule(session, planned, today, False, plans, until=until) if planned else {}
    states = {tool_id: worst(s.due.state for s in tool_slots) for tool_id, tool_slots in slots.items()}
    return {tool_id: state for tool_id, state in states.items() if state != DueState.OK}


def maintenance_states(session: Session, today: date, among: Sequence[Any] = ()) -> dict[int, str]:
    """tool id -> its worst plan state, or NO_PLAN; for the tools meeting the conditions `among`
    (a bench's, a type's: a few of the workshop's), else for every tool."""
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Tool

    plans = active_plans(session)
    tools = [tuple(row) for row in session.execute(select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status).where(*among))]
    with_plan = {tool[0] for tool in planned_tools(tools, plans)}
    not_ok = states_not_ok(session, today, among, plans=plans)
    return {tool_id: not_ok.get(tool_id, DueState.OK) if tool_id in with_plan else NO_PLAN for tool_id, *_rest in tools}


def tools_in_states(session: Session, today: date, states: Iterable[str], among: Sequence[Any] = ()) -> list[int]:
    """The ids of the tools (meeting `among`) whose maintenance state is one of `states`."""
    wanted = set(states)
    if wanted & {DueState.OK, NO_PLAN}:
        return [tool_id for tool_id, state in maintenance_states(session, today, among).items() if state in wanted]
    not_ok = states_not_ok(session, today, among, limit_reached_only=wanted <= _LIMIT_REACHED)
    return [tool_id for tool_id, state in not_ok.items() if state in wanted]
