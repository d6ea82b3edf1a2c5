"""The lead's maintenance planner (view 6) from the keyboard: the demo's overdue items, grouping by
bench or tool type, recording a calibration and rescheduling straight from the list, the weekly
chart, an out-of-tolerance review decided sheet by sheet, an interval proposal, and the keys a
technician or a read-only session does not get."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Static

from atelier_tui.services.context import Actor
from atelier_tui.services.maintenance.due import maintenance_due
from atelier_tui.services.maintenance.impact import open_reviews
from atelier_tui.services.maintenance.intervals import list_proposals
from atelier_tui.store.engine import make_engine
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.planner import PlannerScreen
from atelier_tui.tui.screens.planner_actions import RecordForm
from atelier_tui.tui.screens.planner_review import ReviewScreen
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import make_app, press, settle, type_text

TODAY = FIXED_NOW.date()
TIMEGRAPHER = "due:AT-00046:timegrapher_calibration"


def plain(renderable: Any, width: int = 120) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def listed(app: Any) -> list[str]:
    """The planner's (or a review's) list as read: one string per option."""
    return [plain(option.prompt) for option in app.screen.query_one(OptionList).options]


def notices(app: Any) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def error_under(app: Any, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}", Static).content)


def section(app: Any, title: str) -> list[str]:
    """The option ids listed under a section heading, up to the next one."""
    screen = app.screen
    ids: list[str] = []
    inside = False
    for option in screen.query_one(OptionList).options:
        if option.disabled and plain(option.prompt).lstrip().startswith(("‼", "!", "~", "✖", "⚠", "↕")):
            inside = title in plain(option.prompt)
        elif inside and option.id:
            ids.append(option.id)
    return ids


def due_item(db: Path, tag: str, plan: str) -> Any:
    engine = make_engine(f"sqlite:///{db}")
    try:
        return next(i for i in maintenance_due(engine, TODAY, now=FIXED_NOW).items if i.asset_tag == tag and i.plan_key == plan)
    finally:
        engine.dispose()


async def open_planner(app: Any, pilot: Any) -> PlannerScreen:
    await settle(app, pilot)
    await press(app, pilot, "6")
    await settle(app, pilot)
    assert isinstance(app.screen, PlannerScreen)
    return app.screen


def highlight(app: Any, option_id: str) -> None:
    listing = app.screen.query_one(OptionList)
    listing.highlighted = listing.get_option_index(option_id)


def shown_keys(app: Any) -> set[str]:
    return {active.binding.key for active in app.active_bindings.values() if active.binding.show}


async def test_the_planner_lists_the_demo_overdue_items_with_what_they_block(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        overdue = section(app, "Overdue")
        assert TIMEGRAPHER in overdue and "due:AT-00058:cleaning_machine_rinse_rotation" in overdue
        assert "due:AT-00020:wrist_strap_daily_test" in section(app, "This week")
        assert "due:AT-00077:timegrapher_calibration" in section(app, "Next four weeks")
        text = "\n".join(listed(app))
        line = next(line for line in text.splitlines() if "AT-00046" in line)
        assert "Annual calibration" in line and "‼ overdue" in line and "2026-11-12" in line and "ME-01" in line
        assert "✘ blocks OR-2026-0010" in text
        assert "2 uses over" in text  # the cleaning machine's rinse jars, counted in uses
        assert "AT-00023" in text and "✖ out of service" in text  # a tool apart, and what it blocks
        status = str(app.screen.query_one("#planner-status", Static).content)
        due_rows = [option for option in overdue if option.startswith("due:")]
        assert "Grouped by bench" in status and f"{len(due_rows)} overdue" in status
        # The first row highlighted is the first overdue one: Enter opens its tool.
        await press(app, pilot, "enter")
        assert getattr(app.screen, "asset_tag", None) == "AT-00046"


async def test_g_groups_by_tool_type_and_back_by_bench(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        headings = [line.strip() for line in listed(app) if line.startswith(" ")]
        assert any(h.startswith("bench ME-01") for h in headings) and any(h.startswith("store C") for h in headings)
        await press(app, pilot, "g")
        assert screen.by == "tool_type"
        headings = [line.strip() for line in listed(app) if line.startswith(" ")]
        assert any(h.startswith("Timegrapher (rate tester)") for h in headings)
        assert "Grouped by tool type" in str(screen.query_one("#planner-status", Static).content)
        assert TIMEGRAPHER in section(app, "Overdue")
        await press(app, pilot, "g")
        assert screen.by == "bench"


async def test_the_chart_shows_twelve_weeks_ahead_and_twelve_behind_with_numbers(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        assert len(screen.plan.planned) == 12 and len(screen.plan.completed) == 12
        lines = plain(screen.query_one("#planner-chart", Static).content, width=78).splitlines()
        planned_weeks, planned, done_weeks, done = lines[:4]
        assert planned_weeks.split()[-12:] == ["w48", "w49", "w50", "w51", "w52", "w53", "w01", "w02", "w03", "w04", "w05", "w06"]
        assert done_weeks.split()[-12:] == [f"w{week}" for week in range(37, 49)]
        # A bar and its number per week, readable without colour.
        counts = [week.due for week in screen.plan.planned]
        assert [int(cell[1:]) for cell in planned.split()[-12:]] == counts
        assert len(done.split()) >= 12 and "100" in done


async def test_recording_a_passing_calibration_moves_the_item_out_of_overdue(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        assert screen.current_key() == TIMEGRAPHER
        await press(app, pilot, "r")
        assert isinstance(app.screen, RecordForm)
        # Result (chosen: nothing is filled in), then as found / as left per test point, then the certificate.
        assert app.screen.query_one("#field-result", Input).value == ""
        await type_text(app, pilot, "pass")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "2 bar")
        assert "is a pressure" in error_under(app, "found-0")  # checked as typed, with the unit
        await press(app, pilot, *["backspace"] * 5)
        await type_text(app, pilot, "0.2 s/d")
        assert error_under(app, "found-0") == ""
        await press(app, pilot, "enter", "enter")
        await type_text(app, pilot, "0,03 ms")
        await press(app, pilot, "enter", "enter")
        await type_text(app, pilot, "CAL-2026-118")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ConfirmModal)  # what will be stored, before it is
        question = app.screen.question
        assert "result: pass" in question and "as found 0.2 s/d (in tolerance)" in question and "CAL-2026-118" in question
        await press(app, pilot, "y")
        assert isinstance(app.screen, PlannerScreen)
        assert TIMEGRAPHER not in section(app, "Overdue") + section(app, "This week") + section(app, "Next four weeks")
        assert "AT-00046: Annual calibration recorded (pass)" in notices(app)
    item = due_item(demo_db, "AT-00046", "timegrapher_calibration")
    assert item.state == "ok" and item.next_due_on == date(2027, 11, 27)


async def test_the_services_refusal_is_shown_under_the_field_it_names(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        await press(app, pilot, "r")
        await type_text(app, pilot, "pass")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "0.8 s/d")  # outside 0 s/d ± 0.5 s/d: not a pass
        await press(app, pilot, "enter", "enter")
        await type_text(app, pilot, "0.02 ms")
        await press(app, pilot, "enter", "enter", "enter")
        assert isinstance(app.screen, RecordForm)  # refused: the form stays, with what was typed
        assert "outside" in error_under(app, "result") and "not pass" in error_under(app, "result")
        await press(app, pilot, "escape")
        await press(app, pilot, "r")
        await type_text(app, pilot, "pass")
        await press(app, pilot, "enter", "enter", "enter", "enter", "enter", "enter")  # no reading at all
        assert "give a value for every test point" in error_under(app, "found-0")
    assert due_item(demo_db, "AT-00046", "timegrapher_calibration").state == "overdue"


async def test_a_reschedule_needs_a_reason(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        await press(app, pilot, "d")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "2026-12-05")
        await press(app, pilot, "enter", "enter")
        assert isinstance(app.screen, FormModal)
        assert "a reschedule needs a reason" in error_under(app, "reason")
        assert not due_item(demo_db, "AT-00046", "timegrapher_calibration").rescheduled
        await type_text(app, pilot, "Outside lab slot on 5 December")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, PlannerScreen)
        assert TIMEGRAPHER in section(app, "Next four weeks")
        assert "rescheduled: Outside lab slot on 5 December" in "\n".join(listed(app))
    item = due_item(demo_db, "AT-00046", "timegrapher_calibration")
    assert item.rescheduled and item.next_due_on == date(2026, 12, 5)


@pytest.mark.parametrize(("login", "readonly"), [("tmoreau", False), ("cmartin", True)], ids=["technician", "readonly"])
async def test_a_technician_or_a_readonly_session_sees_no_changing_key(demo_db, login: str, readonly: bool) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login=login, readonly=readonly)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        assert screen.current_key() == TIMEGRAPHER
        assert "g" in shown_keys(app) and not {"r", "d", "a", "x"} & shown_keys(app)
        await press(app, pilot, "r")
        await press(app, pilot, "d")
        assert app.screen is screen
    assert due_item(demo_db, "AT-00046", "timegrapher_calibration").state == "overdue"


async def test_a_lead_sees_record_and_reschedule_on_a_due_item_only(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        assert {"r", "d", "g"} <= shown_keys(app) and not {"a", "x"} & shown_keys(app)
        highlight(app, "tool:AT-00023")
        await settle(app, pilot)
        assert not {"r", "d"} & shown_keys(app)


# An out-of-tolerance review and an interval proposal -------------------------------------------

@pytest.fixture
def reviewed_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """QZ-A-05 (a multimeter) calibrated, then used on OR-2 and OR-3 (still open), then found out
    of tolerance: a review of two sheets and a shorter interval proposed."""
    from sqlalchemy import select

    from atelier_tui.services.maintenance.records import record_maintenance
    from atelier_tui.services.orders.start import start_order
    from atelier_tui.services.sheets.keeping import close_sheet, record_measurement, sheet_of, tick_step
    from atelier_tui.store.engine import write_session
    from atelier_tui.store.models import RepairOrder
    from tests.support.readiness_db import add_battery_order, prepare_workshop

    engine = catalogued_engine
    lead, technician = Actor("cmartin", role="lead"), Actor("slefevre", role="technician")
    good = {"voltage_1_5": "1.502 V", "resistance_1_8k": "1.81 kohm", "current_10u": "10.05 uA"}
    start = FIXED_NOW - timedelta(hours=6)
    prepare_workshop(engine, cells=4, now=start)
    record_maintenance(engine, lead, start, "QZ-A-05", "multimeter_calibration", "pass", good, performed_at=start)
    for number, reference in enumerate(("OR-2", "OR-3"), start=1):
        at = start + timedelta(hours=number)
        add_battery_order(engine, reference, bench="QZ-A")
        with write_session(engine) as session:
            session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).scalar_one().customer_ref = f"C-00{number}"
        assert start_order(engine, technician, at, TODAY, reference).verdict.ready
        record_measurement(engine, technician, at + timedelta(minutes=5), reference, "current", "1.2 uA", tool_tag="QZ-A-05")
        if reference == "OR-2":
            for step in sheet_of(engine, reference).steps:
                tick_step(engine, technician, at + timedelta(minutes=8), reference, step.position)
            close_sheet(engine, technician, at + timedelta(minutes=10), reference)
    found = record_maintenance(engine, lead, start + timedelta(hours=4), "QZ-A-05", "multimeter_calibration", "adjusted",
                               {**good, "voltage_1_5": "1.53 V"}, {"voltage_1_5": "1.5 V"}, performed_at=start + timedelta(hours=4))
    assert found.review_sheets == 2 and found.proposal_id is not None
    engine.dispose()
    return catalogued_db


async def test_a_review_opens_from_the_planner_and_closes_when_every_sheet_is_decided(reviewed_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(reviewed_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_planner(app, pilot)
        assert section(app, "Open out-of-tolerance reviews") == ["review:1"]
        review_line = next(line for line in listed(app) if line.startswith("#1"))
        assert "QZ-A-05" in review_line and "2 sheets, 2 undecided" in review_line
        assert "DC voltage 1.5 V found at 1.53 V" in "\n".join(listed(app))
        highlight(app, "review:1")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ReviewScreen)
        sheets = listed(app)
        assert [line.split()[0] for line in sheets] == ["OR-2", "OR-3"]
        assert "Swatch Skin" in sheets[0] and "customer C-001" in sheets[0] and "? undecided" in sheets[0]
        assert "measured: current 1.2 uA" in sheets[0]
        # Accepting needs a reason: the service's refusal shows under the field.
        await press(app, pilot, "a")
        assert isinstance(app.screen, FormModal)
        await press(app, pilot, "enter")
        assert "say why" in error_under(app, "reason")
        await type_text(app, pilot, "Current within spec by 10x the error")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert "✓ work accepted" in listed(app)[0]
        # Recalling asks first; the default answer changes nothing.
        await press(app, pilot, "down", "r")
        assert isinstance(app.screen, ConfirmModal)
        await press(app, pilot, "n")
        assert "? undecided" in listed(app)[1]
        await press(app, pilot, "r", "y")
        assert "↺ recalled for re-test" in listed(app)[1]
        assert "Review #1 closed: every sheet has a decision" in notices(app)
        assert not {"a", "r"} & shown_keys(app)  # a closed review cannot change
        await press(app, pilot, "escape")
        assert isinstance(app.screen, PlannerScreen)
        assert section(app, "Open out-of-tolerance reviews") == []
    engine = make_engine(f"sqlite:///{reviewed_db}")
    assert open_reviews(engine) == []
    engine.dispose()


async def test_an_interval_proposal_is_accepted_from_the_planner_after_confirming(reviewed_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(reviewed_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        proposals = section(app, "Interval proposals")
        assert len(proposals) == 1
        assert "365 d → 183 d (shorter)" in next(line for line in listed(app) if "365 d" in line)
        await press(app, pilot, "end")  # the proposals come last
        assert app.screen.current_key() == proposals[0]
        assert {"a", "x"} <= shown_keys(app) and not {"r", "d"} & shown_keys(app)
        await press(app, pilot, "a")
        assert isinstance(app.screen, ConfirmModal)
        await press(app, pilot, "y")
        assert section(app, "Interval proposals") == []
        assert any("every 183 days from now on" in notice for notice in notices(app))
    engine = make_engine(f"sqlite:///{reviewed_db}")
    assert [p.state for p in list_proposals(engine, state=None)] == ["accepted"]
    engine.dispose()


async def test_opened_first_with_view_planner_it_knows_the_lead_and_help_lists_it(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.launch import workstation_options
    from atelier_tui.tui.screens.help import HelpModal

    assert workstation_options(["--view", "planner"])["view"] == "planner"  # type: ignore[index]
    app = make_app(demo_db, first_view="planner")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PlannerScreen)
        assert app.context.role == "lead" and {"r", "d"} <= shown_keys(app)  # no dashboard resolved who it is
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpModal)
        keys = dict(app.screen.rows)
        assert keys["6"] == "Planner" and keys["r"] == "Record" and keys["g"] == "Group"


async def test_a_blade_dressing_is_recorded_with_its_result_alone(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        highlight(app, "due:AT-00025:screwdriver_050_dressing")
        await press(app, pilot, "r")
        assert isinstance(app.screen, RecordForm)
        assert [field.name for field in app.screen.fields] == ["result"]
        await press(app, pilot, "enter")  # nothing chosen: nothing recorded
        assert isinstance(app.screen, RecordForm) and "result: choose one of" in error_under(app, "result")
        await type_text(app, pilot, "pass")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ConfirmModal) and "result: pass" in app.screen.question
        await press(app, pilot, "y")
        assert isinstance(app.screen, PlannerScreen)
        assert "due:AT-00025:screwdriver_050_dressing" not in section(app, "Overdue")
        assert app.screen.current_key() is not None  # the highlight stays in the list
    assert due_item(demo_db, "AT-00025", "screwdriver_050_dressing").state == "ok"


async def test_a_technician_reads_a_review_but_cannot_decide(reviewed_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(reviewed_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_planner(app, pilot)
        highlight(app, "review:1")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert len(listed(app)) == 2 and not {"a", "r"} & shown_keys(app)
        await press(app, pilot, "a")
        assert isinstance(app.screen, ReviewScreen)
    engine = make_engine(f"sqlite:///{reviewed_db}")
    assert open_reviews(engine)[0].undecided == 2
    engine.dispose()
