"""The tools list's maintenance state (its `maintenance:` and `status:overdue` filters and its
maintenance sort) works out only the tools the stored due rows say may not be ok today: on any
day, after what moves a schedule, and after a write made outside the services, every tool's state
is still the one its records give."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select, text

from atelier_tui.domain.due import worst
from atelier_tui.services.maintenance.schedule import computed_schedule
from atelier_tui.services.tools.filters import find_tools
from atelier_tui.services.tools.maintenance_state import NO_PLAN, URGENCY, maintenance_states, tools_in_states
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Tool as ToolTable
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Tool
from tests.services.test_maintenance_due_store import TODAY, maintenance_scenarios


def states_from_the_records(engine: Engine, today: date) -> dict[int, str]:
    with read_rows(engine) as session:
        tools = [tuple(row) for row in session.execute(select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status))]
        slots = computed_schedule(session, tools, today)
    return {tool_id: worst(s.due.state for s in slots[tool_id]) if slots.get(tool_id) else NO_PLAN for tool_id, *_rest in tools}


def states_as_listed(engine: Engine, today: date, among: tuple = ()) -> dict[int, str]:  # type: ignore[type-arg]
    with read_rows(engine) as session:
        return maintenance_states(session, today, among)


DAYS = (TODAY, TODAY + timedelta(days=3), TODAY + timedelta(days=13), TODAY + timedelta(days=15), TODAY + timedelta(days=200),
        TODAY - timedelta(days=40))


@pytest.mark.backends
def test_every_tool_has_the_state_its_records_give_on_any_day(demo_engine: Engine) -> None:
    maintenance_scenarios(demo_engine)
    for day in DAYS:
        expected = states_from_the_records(demo_engine, day)
        assert states_as_listed(demo_engine, day) == expected, day
        assert {"ok", NO_PLAN} < set(expected.values()) and len(set(expected.values())) > 2  # not all alike
        with read_rows(demo_engine) as session:
            bench_id = session.execute(select(Bench.id).where(Bench.code == "ME-01")).scalar_one()
        on_bench = states_as_listed(demo_engine, day, (ToolTable.bench_id == bench_id,))
        assert on_bench and on_bench == {tool_id: expected[tool_id] for tool_id in on_bench}
        # The list sorted by maintenance: most urgent first, then by asset tag, every tool once.
        with read_rows(demo_engine) as session:
            tags = dict(session.execute(select(Tool.id, Tool.asset_tag)).all())
        rows = find_tools(demo_engine, day, "", sort="maintenance", limit=1000).rows
        urgency = {state: rank for rank, state in enumerate(URGENCY)}
        by_tag = {tag: expected[tool_id] for tool_id, tag in tags.items()}
        assert [row.asset_tag for row in rows] == sorted(by_tag, key=lambda tag: (urgency[by_tag[tag]], tag)), day
        for wanted in ({"overdue"}, {"due", "overdue"}, {"due_soon"}, {"ok", NO_PLAN}):
            with read_rows(demo_engine) as session:
                found = tools_in_states(session, day, wanted)
            assert sorted(found) == sorted(tool_id for tool_id, state in expected.items() if state in wanted), (day, wanted)


def test_a_tool_changed_outside_the_services_is_worked_out_afresh(demo_engine: Engine) -> None:
    # Its records moved five years back by hand in SQL: its stored rows, which said "ok" and kept
    # it out of the window, are stale (a trigger marks them), and its records make it overdue.
    today = TODAY
    before = states_from_the_records(demo_engine, today)
    with read_rows(demo_engine) as session:
        recorded = session.execute(text(
            "SELECT DISTINCT tool.id FROM tool JOIN maintenance_due ON maintenance_due.tool_id = tool.id "
            "JOIN maintenance_record ON maintenance_record.tool_id = tool.id "
            "WHERE maintenance_due.every_days IS NOT NULL AND tool.status = 'in_service' ORDER BY tool.id")).scalars().all()
    moved = next(tool_id for tool_id in recorded if before[tool_id] == "ok")
    with write_session(demo_engine) as session:
        session.execute(text("UPDATE maintenance_record SET performed_at = datetime(performed_at, '-5 years') WHERE tool_id = :id"),
                        {"id": moved})
    after = states_from_the_records(demo_engine, today)
    assert after[moved] == "overdue"
    assert states_as_listed(demo_engine, today) == after
    with read_rows(demo_engine) as session:
        tag = session.execute(select(Tool.asset_tag).where(Tool.id == moved)).scalar_one()
    overdue = find_tools(demo_engine, today, "maintenance:overdue", limit=1000)
    assert tag in [row.asset_tag for row in overdue.rows]
