"""The maintenance state of every tool, for filtering and sorting the tools list by it.

The state is computed, not stored (domain.due): this is the one place the list asks for it, so
that a stored table of next due dates can replace the computation here alone. Until then the
whole workshop's schedule is worked out once per filter or sort (plan_dues with every_tool: one
read of the decisions), and the page is cut from the ids it gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.due import STATES, worst
from atelier_tui.services.maintenance.schedule import plan_dues

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

NO_PLAN = "none"  # the maintenance state of a tool without any active plan (or retired)
# Most urgent first: the order a "maintenance" sort shows, ascending.
URGENCY = (*reversed(STATES), NO_PLAN)
# Past this many tools, reading every tool's decisions at once costs less than naming the tools.
NAMED_UP_TO = 2_000


def maintenance_states(session: Session, today: date, among: Sequence[Any] = ()) -> dict[int, str]:
    """tool id -> its worst plan state, or NO_PLAN; for the tools meeting the conditions `among`
    (a bench's, a type's: a few of the workshop's), else for every tool."""
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Tool

    tools = session.execute(select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status).where(*among)).all()
    dues = plan_dues(session, [tuple(t) for t in tools], today, every_tool=not among or len(tools) > NAMED_UP_TO)
    return {tool_id: worst(plan.state for plan in dues[tool_id]) if dues.get(tool_id) else NO_PLAN for tool_id, *_rest in tools}


def tools_in_states(session: Session, today: date, states: Iterable[str], among: Sequence[Any] = ()) -> list[int]:
    """The ids of the tools (meeting `among`) whose maintenance state is one of `states`."""
    wanted = set(states)
    return [tool_id for tool_id, state in maintenance_states(session, today, among).items() if state in wanted]
