"""The lead's dashboard section of the plans that need doing: every plan not ok today, most
urgent first (overdue, due, due soon; then by date, asset tag and plan), the first of them shown.

The tools are found through the stored due rows' index (due_store.tools_due_by), and their rows
read by the window they fall in, not named one by one. The plans are ranked by state and date
before any tool's row is read: only the rows of the plans shown (and of those tied with the last
one shown, which the asset tag orders) are read. A workshop of 100,000 tools may have thousands
of plans to do, of which the section shows a few hundred."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.due import STATES, PlanDue
from atelier_tui.domain.vocabulary import DueState, ToolStatus
from atelier_tui.services.common.paging import Page
from atelier_tui.services.maintenance.due_store import stored_schedule, tools_due_by, window_end
from atelier_tui.services.maintenance.schedule import active_plans, planned_tools
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the lean session, or a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

_URGENCY = {state: rank for rank, state in enumerate(reversed(STATES))}


@dataclass(frozen=True)
class MaintenanceItem:
    asset_tag: str
    type_name_en: str
    type_name_fr: str
    where: str
    plan_key: str
    plan_name_en: str
    plan_name_fr: str
    state: str  # overdue | due | due_soon
    next_due_on: date | None
    uses_left: int | None


@read_statement
def _flagged_tools() -> Any:
    """The tools not retired with a plan that may be other than ok today (through the stored due
    rows' index: not every tool): `until` is the end of a window of 0 days."""
    from sqlalchemy import Date, bindparam, select

    from atelier_tui.store.core_tables import Tool

    return (select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status)
            .where(Tool.status != ToolStatus.RETIRED, Tool.id.in_(tools_due_by(bindparam("until", type_=Date)))))


@read_statement
def _tool_rows_of() -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.services.tools.queries import row_query
    from atelier_tui.store.core_tables import Tool

    return row_query().where(Tool.id.in_(bindparam("ids", expanding=True)))


def maintenance_section(session: Session, today: date, limit: int) -> Page[MaintenanceItem]:
    """The first `limit` plans not ok today, most urgent first, and how many there are."""
    until = window_end(today, 0)
    plans = active_plans(session)
    tools = planned_tools([tuple(row) for row in session.execute(_flagged_tools, {"until": until})], plans)
    slots = stored_schedule(session, tools, today, False, plans, until=until) if tools else {}
    flagged = sorted(((tool_id, s.due) for tool_id, tool_slots in slots.items() for s in tool_slots if s.due.state != DueState.OK),
                     key=lambda pair: _rank(pair[1], today))
    shown = flagged[:limit]
    if len(flagged) > limit:  # the plans tied with the last shown: their asset tags order them
        last = _rank(flagged[limit - 1][1], today)
        shown += [pair for pair in flagged[limit:] if _rank(pair[1], today) == last]
    tools_by_id = {row[0]: row for row in session.execute(_tool_rows_of, {"ids": sorted({tool_id for tool_id, _due in shown})})}
    shown.sort(key=lambda pair: (*_rank(pair[1], today), tools_by_id[pair[0]].asset_tag, pair[1].plan_key))
    return Page([_item(tools_by_id[tool_id], due) for tool_id, due in shown[:limit]], len(flagged), 0, limit)


def _rank(due: PlanDue, today: date) -> tuple[int, date]:
    return _URGENCY[due.state], due.next_due_on or today


def _item(tool: Any, due: PlanDue) -> MaintenanceItem:
    return MaintenanceItem(tool.asset_tag, tool.name_en, tool.name_fr, tool.where, due.plan_key, due.name_en,
                           due.name_fr, due.state, due.next_due_on, due.uses_left)
