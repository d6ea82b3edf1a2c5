"""The maintenance state of every tool, for filtering and sorting the tools list by it.

The state is computed, not stored (domain.due): this is the one place the list asks for it, so
that a stored table of next due dates can replace the computation here alone. Until then the
whole workshop's schedule is worked out once per filter or sort (plan_dues with every_tool: one
read of the decisions), and the page is cut from the ids it gives."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from atelier_tui.domain.due import STATES, worst
from atelier_tui.services.maintenance.schedule import plan_dues
from atelier_tui.store.models import Tool

NO_PLAN = "none"  # the maintenance state of a tool without any active plan (or retired)
# Most urgent first: the order a "maintenance" sort shows, ascending.
URGENCY = (*reversed(STATES), NO_PLAN)


def maintenance_states(session: Session, today: date, tool_ids: Iterable[int] | None = None) -> dict[int, str]:
    """tool id -> its worst plan state, or NO_PLAN; for `tool_ids`, else for every tool."""
    query = select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status)
    if tool_ids is not None:
        query = query.where(Tool.id.in_(list(tool_ids)))
    tools = session.execute(query).all()
    dues = plan_dues(session, [tuple(t) for t in tools], today, every_tool=tool_ids is None)
    return {tool_id: worst(plan.state for plan in dues[tool_id]) if dues.get(tool_id) else NO_PLAN for tool_id, *_rest in tools}


def tools_in_states(session: Session, today: date, states: Iterable[str]) -> list[int]:
    """The ids of the tools whose maintenance state is one of `states`."""
    wanted = set(states)
    return [tool_id for tool_id, state in maintenance_states(session, today).items() if state in wanted]
