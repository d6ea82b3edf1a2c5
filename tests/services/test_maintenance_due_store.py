"""The stored due list (maintenance_due): kept in step by every service that moves it, filled by
its migration, read through its index for a window, and checked by `maintenance check-due`
against a full recomputation, on the demo workshop (both backends); tests/perf/test_maintenance_perf.py
runs the same scenarios on the large demo."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from sqlalchemy import func, select, text, update

from atelier_tui.cli import cli
from atelier_tui.services.context import Actor
from atelier_tui.services.maintenance.changes import correct_usage, reschedule
from atelier_tui.services.maintenance.due import IN_SERVICE, maintenance_due
from atelier_tui.services.maintenance.due_check import check_due
from atelier_tui.services.maintenance.intervals import decide_proposal
from atelier_tui.services.maintenance.plans import PlanChange, add_tool_plan, retire_tool_plan
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.services.maintenance.schedule import computed_schedule
from atelier_tui.store import migrate
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.maintenance_models import MaintenanceRecord, StoredDue, StoredDueStale
from atelier_tui.store.models import MaintenancePlan, Tool
from tests.support.fixed_time import FIXED_NOW

LEAD = Actor("cmartin", role="lead")
NOW = FIXED_NOW + timedelta(hours=1)
TODAY = NOW.date()
TIMEGRAPHER = "AT-00046"  # the demo's timegrapher, calibrated every 365 days
PRESSURE = {"p99_test_pressure": "2.01 bar"}  # a dry tester's leak check, as found
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "json-schemas" / "maintenance-check-due.json"


def a_tool_of(engine, type_key: str) -> str:  # type: ignore[no-untyped-def]
    """The first tool in service of that type (the demo of every size has some)."""
    from atelier_tui.store.models import ToolType

    with read_session(engine) as session:
        return session.execute(select(Tool.asset_tag).join(ToolType, ToolType.id == Tool.tool_type_id)
                               .where(ToolType.key == type_key, Tool.status == "in_service").order_by(Tool.asset_tag)).scalars().first()


def maintenance_scenarios(engine) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """What a workshop does that moves a due date: records (a failed calibration opens an interval
    proposal, which the lead accepts), a reschedule, uses counted, a tool's own plan added then
    retired. Returns the timegrapher and the dry tester it worked on."""
    timegrapher, tester = a_tool_of(engine, "timegrapher"), a_tool_of(engine, "wr_tester_dry")
    record_maintenance(engine, LEAD, NOW, tester, "wr_tester_dry_leak_check", "pass", PRESSURE, performed_at=NOW - timedelta(days=3))
    failed = record_maintenance(engine, LEAD, NOW, timegrapher, "timegrapher_calibration", "fail")
    assert failed.proposal_id is not None
    decide_proposal(engine, LEAD, NOW, failed.proposal_id, accept=True)
    reschedule(engine, LEAD, NOW, tester, "wr_tester_dry_leak_check", TODAY + timedelta(days=9), "a busy week")
    with read_session(engine) as session:
        count = session.execute(select(Tool.usage_count).where(Tool.asset_tag == tester)).scalar_one()
    correct_usage(engine, LEAD, NOW, tester, count + 97, "counter read off the machine")
    own = f"{tester.lower().replace('-', '')}_leak_check"
    add_tool_plan(engine, LEAD, NOW, tester, own, PlanChange(based_on="wr_tester_dry_leak_check", every_uses=50))
    record_maintenance(engine, LEAD, NOW, tester, own, "pass", PRESSURE)
    retire_tool_plan(engine, LEAD, NOW, own, "back to the catalog's interval")
    return timegrapher, tester


def window_as_computed(engine, today: date, within_days: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The window of the due list as the schedule computes it from the records themselves."""
    with read_session(engine) as session:
        tools = session.execute(select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status, Tool.asset_tag)
                                .where(Tool.status.in_(IN_SERVICE))).all()
        slots = computed_schedule(session, [tuple(t[:4]) for t in tools], today)
    tags = {t.id: t.asset_tag for t in tools}
    until = today + timedelta(days=within_days)
    return sorted((tags[tool_id], s.due.plan_key, s.due.next_due_on, s.due.uses_left, s.due.state)
                  for tool_id, tool_slots in slots.items() for s in tool_slots
                  if s.due.state != "ok" or (s.due.next_due_on is not None and s.due.next_due_on <= until))


def window_as_listed(engine, today: date, within_days: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    due = maintenance_due(engine, today, within_days, blocks=False)
    return sorted((i.asset_tag, i.plan_key, i.next_due_on, i.uses_left, i.state) for i in due.items)


@pytest.mark.backends
def test_after_the_maintenance_scenarios_the_check_finds_no_difference_and_the_window_is_the_computed_one(demo_engine) -> None:  # type: ignore[no-untyped-def]
    assert check_due(demo_engine).differences == []  # as the demo built them
    _timegrapher, tester = maintenance_scenarios(demo_engine)
    checked = check_due(demo_engine)
    assert checked.differences == [] and checked.marked == []
    for day, within in ((TODAY, 30), (TODAY, 0), (TODAY + timedelta(days=200), 7), (TODAY - timedelta(days=40), 30)):
        assert window_as_listed(demo_engine, day, within) == window_as_computed(demo_engine, day, within)
    with read_session(demo_engine) as session:
        moved = session.execute(select(StoredDue.next_due_on, StoredDue.reschedule_reason).join(Tool, Tool.id == StoredDue.tool_id)
                                .join(MaintenancePlan, MaintenancePlan.id == StoredDue.plan_id)
                                .where(Tool.asset_tag == tester, MaintenancePlan.key == "wr_tester_dry_leak_check")).one()
    assert tuple(moved) == (TODAY + timedelta(days=9), "a busy week")


def test_a_stored_row_that_differs_is_reported_and_the_check_exits_1(demo_db: Path) -> None:
    runner = CliRunner()
    agreed = runner.invoke(cli, ["--db", str(demo_db), "maintenance", "check-due"])
    assert agreed.exit_code == 0, agreed.output
    assert "agree" in agreed.output
    engine = make_engine(f"sqlite:///{demo_db}")
    with write_session(engine) as session:  # a stored row gone wrong: no trigger watches the stored rows themselves
        tool_id = session.execute(select(Tool.id).where(Tool.asset_tag == TIMEGRAPHER)).scalar_one()
        session.execute(update(StoredDue).where(StoredDue.tool_id == tool_id).values(next_due_on=date(2031, 1, 1), attention=False))
    engine.dispose()
    differs = runner.invoke(cli, ["--db", str(demo_db), "maintenance", "check-due", "--json"])
    assert differs.exit_code == 1, differs.output
    shown = json.loads(differs.stdout)
    Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(shown)
    [difference] = shown["differences"]
    assert (difference["tool"], difference["plan"]) == (TIMEGRAPHER, "timegrapher_calibration")
    assert "next_due_on" in difference["fields"] and difference["stored"]["next_due_on"] == "2031-01-01"
    assert difference["computed"]["next_due_on"] != "2031-01-01"
    lines = runner.invoke(cli, ["--db", str(demo_db), "maintenance", "check-due"])
    assert lines.exit_code == 1
    assert f"{TIMEGRAPHER} timegrapher_calibration: stored next_due_on=2031-01-01" in lines.output


@pytest.mark.backends
def test_a_record_written_outside_the_services_is_read_as_current(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """A script (or a repair by hand) adds a completion: the triggers mark the tool, and every
    reader computes it afresh until a service recomputes it."""
    before = {(i.asset_tag, i.plan_key): i for i in maintenance_due(demo_engine, TODAY, blocks=False).items}
    assert before[(TIMEGRAPHER, "timegrapher_calibration")].last_done != NOW
    with write_session(demo_engine) as session:
        tool_id = session.execute(select(Tool.id).where(Tool.asset_tag == TIMEGRAPHER)).scalar_one()
        plan_id = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.key == "timegrapher_calibration")).scalar_one()
        session.add(MaintenanceRecord(tool_id=tool_id, plan_id=plan_id, performed_at=NOW, result="pass"))
    after = {(i.asset_tag, i.plan_key): i for i in maintenance_due(demo_engine, TODAY, blocks=False).items}
    assert after[(TIMEGRAPHER, "timegrapher_calibration")].last_done == NOW
    assert after[(TIMEGRAPHER, "timegrapher_calibration")].next_due_on == TODAY + timedelta(days=365)
    assert (TIMEGRAPHER, "timegrapher_calibration") not in {
        (i.asset_tag, i.plan_key) for i in maintenance_due(demo_engine, TODAY, 30, blocks=False).items}
    assert check_due(demo_engine).marked == [TIMEGRAPHER]
    with read_session(demo_engine) as session:
        count = session.execute(select(Tool.usage_count).where(Tool.id == tool_id)).scalar_one()
    correct_usage(demo_engine, LEAD, NOW, TIMEGRAPHER, count + 1, "miscounted")  # a service recomputes the tool
    checked = check_due(demo_engine)
    assert checked.differences == [] and checked.marked == []


def test_the_migration_fills_the_stored_rows_of_an_existing_workshop(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    maintenance_scenarios(engine)
    with read_session(engine) as session:
        stored = sorted(tuple(row) for row in session.execute(select(*StoredDue.__table__.columns)).all())
    assert len(stored) > 50  # every plan of every tool of the demo not retired
    migrate.downgrade(engine, "0016_search_index")
    with engine.connect() as connection:
        assert "maintenance_due" not in {name for (name,) in connection.execute(text("SELECT name FROM sqlite_master"))}
    migrate.upgrade(engine)
    with read_session(engine) as session:
        assert sorted(tuple(row) for row in session.execute(select(*StoredDue.__table__.columns)).all()) == stored
        assert session.execute(select(func.count()).select_from(StoredDueStale)).scalar_one() == 0
    assert check_due(engine).differences == []
    engine.dispose()


def test_a_window_finds_its_tools_through_the_indexes_of_the_stored_rows(demo_db: Path) -> None:
    """SQLite's plan for the window's tools names the stored rows' indexes: no scan of every row."""
    from atelier_tui.services.maintenance.due_store import window_tools

    engine = make_engine(f"sqlite:///{demo_db}")
    statement = window_tools(TODAY, 30).compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        plan = " | ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}"))
    engine.dispose()
    assert "ix_maintenance_due_next_due_on" in plan and "ix_maintenance_due_attention" in plan, plan
    assert "SCAN maintenance_due " not in f"{plan} ", plan
