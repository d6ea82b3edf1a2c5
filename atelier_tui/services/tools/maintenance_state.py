"""The maintenance state of every tool, for filtering and sorting the tools list by it.

The state is worked out on the day (domain.due) from the stored due rows (services/maintenance/
due_store.py). Only the tools whose rows say a plan may be other than ok today are worked out,
found through the stored rows' index (due_store.window_tools, as the due list finds them); every
other tool with a plan is ok, and one without is NO_PLAN. The page is cut from the ids this gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.due import STATES, worst
from atelier_tui.domain.vocabulary import DueState
from atelier_tui.services.maintenance.due_store import stored_schedule, tools_due_by, window_end
from atelier_tui.services.maintenance.schedule import active_plans, planned_tools

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

NO_PLAN = "none"  # the maintenance state of a tool without any active plan (or retired)
# Most urgent first: the order a "maintenance" sort shows, ascending.
URGENCY = (*reversed(STATES), NO_PLAN)
# Past this many tools, reading every tool's decisions at once costs less than naming the tools.
NAMED_UP_TO = 2_000


def maintenance_states(session: Session, today: date, among: Sequence[Any] = (), limit_reached_only: bool = False) -> dict[int, str]:
    """tool id -> its worst plan state, or NO_PLAN; for the tools meeting the conditions `among`
    (a bench's, a type's: a few of the workshop's), else for every tool. `limit_reached_only`:
    only "due" and "overdue" matter to the caller, any other state may read "ok"."""
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Tool

    tools = [tuple(row) for row in session.execute(select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status).where(*among))]
    plans = active_plans(session)
    planned = planned_tools(tools, plans)
    if not planned:
        slots = {}
    elif among and len(planned) <= NAMED_UP_TO:
        slots = stored_schedule(session, planned, today, False, plans)
    else:
        # Past this many, the window's tools are read through the index instead of named.
        # A plan due or overdue is due by today (or its uses or its never being done drew
        # attention); due soon, by the end of "soon".
        until = today if limit_reached_only else window_end(today, 0)
        window = set(session.execute(tools_due_by(until)).scalars())
        slots = stored_schedule(session, [tool for tool in planned if tool[0] in window], today, False, plans, until=until)
    with_plan = {tool[0] for tool in planned}
    return {
        tool_id: worst(s.due.state for s in slots[tool_id]) if tool_id in slots else DueState.OK if tool_id in with_plan else NO_PLAN
        for tool_id, *_rest in tools
    }


def tools_in_states(session: Session, today: date, states: Iterable[str], among: Sequence[Any] = ()) -> list[int]:
    """The ids of the tools (meeting `among`) whose maintenance state is one of `states`."""
    wanted = set(states)
    limit_reached_only = wanted <= {DueState.DUE, DueState.OVERDUE}
    return [tool_id for tool_id, state in maintenance_states(session, today, among, limit_reached_only).items() if state in wanted]
