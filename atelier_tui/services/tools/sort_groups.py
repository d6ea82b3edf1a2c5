"""The tools list's sorts by a group (services/common/ranked_groups.py): by type, its name in the
interface language; by where a tool is, the code of its place; by status, its word in the
interface language; by maintenance state, most urgent first. Names, codes and words are ranked
here, accents and case folded, as a French or English reader sorts (SQLite compares bytes:
'Établi' would come after 'Tournevis'); the catalog and the places are hundreds of rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, false, literal, select

from atelier_tui.domain.vocabulary import DueState, ToolStatus
from atelier_tui.i18n import language
from atelier_tui.services.common.choices import ranked_by_word
from atelier_tui.services.common.id_lists import ids_in
from atelier_tui.services.common.paging import fold
from atelier_tui.services.common.ranked_groups import Grouping
from atelier_tui.services.maintenance.schedule import active_plans, has_plan
from atelier_tui.services.tools.maintenance_state import NO_PLAN, URGENCY, no_plan, states_not_ok
from atelier_tui.store.core_tables import Bench, Location, Tool, ToolType
from atelier_tui.wording.vocabulary import WORDS

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def _position_in(chunk: Sequence[Any], members: dict[Any, list[int]]) -> dict[int, int]:
    """id -> the position in `chunk` of the group holding it."""
    return {member: index for index, group in enumerate(chunk) for member in members.get(group, ())}


def type_grouping(session: Session) -> Grouping[int]:
    """Tools by their type's name in the interface language, types of one name by id."""
    french = language() == "fr"
    names = session.execute(select(ToolType.id, ToolType.name_en, ToolType.name_fr)).all()
    ranked = [row.id for row in sorted(names, key=lambda row: (fold((row.name_fr if french and row.name_fr else row.name_en) or ""), row.id))]
    return Grouping(
        ranked=ranked,
        among=lambda chunk: [ids_in(Tool.tool_type_id, chunk)],
        rank=lambda chunk: case({type_id: index for index, type_id in enumerate(chunk)}, value=Tool.tool_type_id),
        columns=(Tool.tool_type_id,),
        group_of=lambda values: values[0],
    )


# Where a tool is (tools.queries: the bench it is on, else its store location, else the bench it
# belongs to), told from its own columns. Each arm is read through an index without touching
# the table (ix_tool_place).
_NOWHERE = ""
_at_home = Tool.bench_id.is_(None)
_at_home_bench = and_(_at_home, Tool.home_location_id.is_(None))
_nowhere = and_(_at_home_bench, Tool.home_bench_id.is_(None))


def place_grouping(session: Session) -> Grouping[str]:
    """Tools by the code of the place they are at (folded: places whose codes differ only by case
    or accents share a group), those at no place first, as an empty code sorts."""
    benches: dict[str, list[int]] = {}
    locations: dict[str, list[int]] = {}
    for place_id, code in session.execute(select(Bench.id, Bench.code)).all():
        benches.setdefault(fold(code), []).append(place_id)
    for place_id, code in session.execute(select(Location.id, Location.code)).all():
        locations.setdefault(fold(code), []).append(place_id)
    bench_code = {bench_id: code for code, ids in benches.items() for bench_id in ids}
    location_code = {location_id: code for code, ids in locations.items() for location_id in ids}

    def among(chunk: Sequence[str]) -> list[Any]:
        on_bench = [bench_id for code in chunk for bench_id in benches.get(code, ())]
        in_location = [location_id for code in chunk for location_id in locations.get(code, ())]
        held = []
        if on_bench:
            held += [ids_in(Tool.bench_id, on_bench), and_(_at_home_bench, ids_in(Tool.home_bench_id, on_bench))]
        if in_location:
            held.append(and_(_at_home, ids_in(Tool.home_location_id, in_location)))
        if _NOWHERE in chunk:
            held.append(_nowhere)
        return held

    def rank(chunk: Sequence[str]) -> Any:
        at_bench = _position_in(chunk, benches)
        at_location = _position_in(chunk, locations)
        beyond = literal(len(chunk))
        return case(
            (Tool.bench_id.is_not(None), case(at_bench, value=Tool.bench_id, else_=beyond) if at_bench else beyond),
            (Tool.home_location_id.is_not(None), case(at_location, value=Tool.home_location_id, else_=beyond) if at_location else beyond),
            (Tool.home_bench_id.is_not(None), case(at_bench, value=Tool.home_bench_id, else_=beyond) if at_bench else beyond),
            else_=literal(chunk.index(_NOWHERE) if _NOWHERE in chunk else len(chunk)),
        )

    def group_of(values: Sequence[Any]) -> str:
        bench_id, home_location_id, home_bench_id = values
        if bench_id is not None:
            return bench_code[bench_id]
        if home_location_id is not None:
            return location_code[home_location_id]
        return bench_code[home_bench_id] if home_bench_id is not None else _NOWHERE

    return Grouping(
        ranked=sorted({_NOWHERE, *benches, *locations}),
        among=among,
        rank=rank,
        columns=(Tool.bench_id, Tool.home_location_id, Tool.home_bench_id),
        group_of=group_of,
    )


def maintenance_grouping(session: Session, today: date, among: Sequence[Any]) -> Grouping[str]:
    """Tools by their maintenance state, most urgent first (URGENCY), for the tools meeting
    `among` (the list's terms). The states other than ok are worked out for the tools the stored
    due rows put in today's window (tools/maintenance_state.py): hundreds to thousands of ids.
    Every other tool with a plan is ok, and one without is NO_PLAN, which SQL says from the plans."""
    plans = active_plans(session)
    state_of = states_not_ok(session, today, among, plans=plans)
    unplanned = no_plan(plans)
    flagged = sorted(state_of)

    def held_in(state: str) -> Any:
        if state == NO_PLAN:
            return unplanned
        if state == DueState.OK:
            return and_(~unplanned, ~ids_in(Tool.id, flagged)) if flagged else ~unplanned
        ids = sorted(tool_id for tool_id, its_state in state_of.items() if its_state == state)
        return ids_in(Tool.id, ids) if ids else false()

    def group_of(values: Sequence[Any]) -> str:
        tool_id, type_id, status = values
        if tool_id in state_of:
            return state_of[tool_id]
        return DueState.OK if has_plan(tool_id, type_id, status, plans) else NO_PLAN

    return Grouping(
        ranked=URGENCY,
        among=lambda chunk: [held_in(state) for state in chunk],
        rank=lambda chunk: case(*((held_in(state), index) for index, state in enumerate(chunk)), else_=len(chunk)),
        # Most tools are ok, or have no plan: read alone, in asset-tag order, such a group stops at the page.
        alone=frozenset({DueState.OK, NO_PLAN}),
        columns=(Tool.id, Tool.tool_type_id, Tool.status),
        group_of=group_of,
    )


def status_grouping() -> Grouping[str]:
    """Tools by their status's word in the interface language. A workshop's tools are mostly in
    service: each status is read on its own, in asset-tag order through ix_tool_status."""
    ranked = ranked_by_word(WORDS[ToolStatus])
    return Grouping(
        ranked=ranked,
        among=lambda chunk: [Tool.status.in_(chunk)],
        rank=lambda chunk: case({status: index for index, status in enumerate(chunk)}, value=Tool.status),
        columns=(Tool.status,),
        group_of=lambda values: values[0],
        alone=frozenset(ranked),
    )
