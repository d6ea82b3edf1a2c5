"""The tools list as people ask for it: `bench:ME-01 status:overdue loupe` (the syntax of
services/common/list_filter.py), and sorted by any column, the type by its name in the interface
language and the maintenance state by urgency."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, func, or_, select

from atelier_tui.domain.vocabulary import DueState, ToolStatus
from atelier_tui.i18n import N_
from atelier_tui.services.common.choices import screen_words, words_of
from atelier_tui.services.common.id_lists import ids_in
from atelier_tui.services.common.list_filter import FilterKey, ParsedFilter, parse_filter
from atelier_tui.services.common.paging import Page, fold
from atelier_tui.services.common.place_codes import place_ids
from atelier_tui.services.common.substring import COUNT_CAP
from atelier_tui.services.tools.maintenance_state import NO_PLAN, tools_in_states
from atelier_tui.services.tools.queries import SORTS, ToolRow, list_tools_in
from atelier_tui.services.tools.sort_groups import maintenance_grouping, place_grouping, status_grouping, type_grouping
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Bench, Location, Tool, ToolType

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def _maintenance_words() -> dict[str, tuple[str, ...]]:
    return {**words_of(DueState), **screen_words({NO_PLAN: N_("no plan")})}


def tool_keys() -> list[FilterKey]:
    """The keys of the tools list, their values' words in the interface language of the moment."""
    maintenance = _maintenance_words()
    return [
        FilterKey("bench", "établi", description=N_("the bench a tool is on (or belongs to)")),
        FilterKey("location", "emplacement", description=N_("the store location a tool is kept in")),
        FilterKey("status", "statut", {**words_of(ToolStatus), **maintenance},
                  description=N_("the tool's status, or its maintenance state")),
        FilterKey("maintenance", "entretien", maintenance, description=N_("the maintenance state")),
        FilterKey("type", "type", description=N_("the tool type's name")),
    ]


# Sorting: the columns list_tools sorts by, and the maintenance state; the type and the status
# are ranked here by the words shown.
TOOL_SORTS = (*SORTS, "maintenance")


def _type_ids_named(session: Session, wanted: tuple[str, ...]) -> list[int]:
    folded = [fold(text) for text in wanted]
    return [
        type_id for type_id, *names in session.execute(select(ToolType.id, ToolType.key, ToolType.name_en, ToolType.name_fr))
        if any(text in fold(name) for text in folded for name in names)
    ]


def tool_conditions(session: Session, parsed: ParsedFilter, today: date) -> list[Any]:
    """SQL conditions on `tool` for the terms of `parsed` (its free text is list_tools's)."""
    conditions: list[Any] = []
    if parsed.has("bench"):
        conditions.append(ids_in(func.coalesce(Tool.bench_id, Tool.home_bench_id), place_ids(session, Bench, parsed.values("bench"))))
    if parsed.has("location"):
        conditions.append(and_(Tool.bench_id.is_(None), ids_in(Tool.home_location_id, place_ids(session, Location, parsed.values("location"), within=True))))
    if parsed.has("type"):
        conditions.append(ids_in(Tool.tool_type_id, _type_ids_named(session, parsed.values("type"))))
    # The maintenance state is worked out for the tools the terms above leave (a bench's: tens).
    among = list(conditions)
    statuses = [value for value in parsed.values("status") if value in set(ToolStatus)]
    states = [value for value in parsed.values("status") if value not in set(ToolStatus)]
    if statuses and states:  # `status:` names both kinds: either holds
        conditions.append(or_(Tool.status.in_(statuses), ids_in(Tool.id, tools_in_states(session, today, states, among))))
    elif statuses:
        conditions.append(Tool.status.in_(statuses))
    elif states:
        conditions.append(ids_in(Tool.id, tools_in_states(session, today, states, among)))
    if parsed.has("maintenance"):
        conditions.append(ids_in(Tool.id, tools_in_states(session, today, parsed.values("maintenance"), among)))
    return conditions


def find_tools(
    engine: Engine, today: date, query: str = "", sort: str = "asset_tag", descending: bool = False,
    offset: int = 0, limit: int = 100, count_cap: int | None = COUNT_CAP, around: str | None = None,
) -> Page[ToolRow]:
    """A page of the tools `query` asks for (free text as list_tools's text, also finding the
    tools on a bench or in a location by its code), sorted by `sort` (TOOL_SORTS); `around` (an
    asset tag): the page holding that tool."""
    parsed = parse_filter(query, tool_keys())
    with read_rows(engine) as session:
        conditions = tool_conditions(session, parsed, today)
        grouping = (type_grouping(session) if sort == "type" else place_grouping(session) if sort == "where"
                    else status_grouping() if sort == "status"
                    else maintenance_grouping(session, today, conditions) if sort == "maintenance" else None)
        return list_tools_in(session, today, parsed.text, sort if grouping is None else "asset_tag", descending, offset, limit,
                             count_cap=count_cap, conditions=conditions, places=True, around=around, grouping=grouping)
