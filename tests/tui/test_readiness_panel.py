"""The order's readiness panel from the keyboard: GO / NO-GO with reasons, Enter carrying out a
remedy, preparing the bench, starting work, and a lead's concession."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select, update

from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import Location, RepairOrder, Site, SupplyType, Tool
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from atelier_tui.tui.widgets.readiness_panel import ReadinessPanel
from atelier_tui.wording import finding_message
from tests.support.readiness_db import add_battery_order, prepare_workshop
from tests.tui.helpers import make_app, press, settle, type_text


def verdict_line(app) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one("#verdict").content)
    return console.export_text()


def finding_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding_message(f) for f in app.screen.query_one(ReadinessPanel).findings]


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in app._notifications]


def order_status(db: Path, reference: str) -> str:
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        status = session.execute(select(RepairOrder.status).where(RepairOrder.reference == reference)).scalar_one()
    engine.dispose()
    return status


def two_benches_with_qz_b_tweezers_broken(engine) -> None:  # type: ignore[no-untyped-def]
    """OR-A waits on QZ-A and OR-B on QZ-B, whose tweezers are out of service."""
    prepare_workshop(engine, cells=2)
    add_battery_order(engine, "OR-A", bench="QZ-A")
    add_battery_order(engine, "OR-B", bench="QZ-B")
    with write_session(engine) as session:
        tweezers = session.execute(select(Tool).where(Tool.asset_tag == "QZ-B-03")).scalar_one()
        tweezers.status, tweezers.status_reason = "out_of_service", "Pointe cassée"


@pytest.fixture
def battery_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """QZ-A ready for OR-A; QZ-B's tweezers are broken and a spare waits in cabinet C1 for OR-B."""
    two_benches_with_qz_b_tweezers_broken(catalogued_engine)
    with write_session(catalogued_engine) as session:
        tweezers = session.execute(select(Tool).where(Tool.asset_tag == "QZ-B-03")).scalar_one()
        site = session.execute(select(Site.id)).scalar_one()
        cabinet = Location(site_id=site, code="C1", name="Cabinet 1")
        session.add(cabinet)
        session.flush()
        session.add(Tool(asset_tag="SPARE-TW", tool_type_id=tweezers.tool_type_id, site_id=site, home_location_id=cabinet.id))
    catalogued_engine.dispose()
    return catalogued_db


async def open_order(app, pilot, reference: str) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.open_order(reference)
    await settle(app, pilot)
    assert isinstance(app.screen, OrderDetailScreen)


async def test_the_demo_order_says_no_go_and_why(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_order(app, pilot, "OR-2026-0017")  # on WR-01, whose opening checklist failed
        assert "✘ NO-GO" in verdict_line(app) and "WR-01" in verdict_line(app)
        assert any("Bench opening" in line and "failed" in line for line in finding_lines(app))


async def test_prepare_or_start_without_a_verdict_says_why_instead_of_doing_nothing(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_order(app, pilot, "OR-2026-0022")  # taken in, on no bench yet: nothing to check it on
        await press(app, pilot, "p")
        assert not isinstance(app.screen, ConfirmModal)
        assert any("press b to choose a bench" in notice for notice in notices(app)), notices(app)
        await press(app, pilot, "s")
        assert not isinstance(app.screen, ConfirmModal) and order_status(demo_db, "OR-2026-0022") == "accepted"


async def test_a_ready_bench_says_go_and_s_starts_the_work_after_confirming(battery_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(battery_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_order(app, pilot, "OR-A")
        assert "✔ GO" in verdict_line(app)
        await press(app, pilot, "s")
        assert isinstance(app.screen, ConfirmModal)
        await press(app, pilot, "n")  # the default answer changes nothing
        assert order_status(battery_db, "OR-A") == "accepted"
        await press(app, pilot, "s", "y")
        assert order_status(battery_db, "OR-A") == "in_progress"
        assert "OR-A started on bench QZ-A" in notices(app)


async def test_enter_on_a_remedy_checks_the_spare_out_and_the_bench_turns_go(battery_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(battery_db, login="lbernard")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_order(app, pilot, "OR-B")
        assert "✘ NO-GO" in verdict_line(app)
        assert any("QZ-B-03" in line and "out of service" in line for line in finding_lines(app))
        await press(app, pilot, "enter")
        assert "✔ GO" in verdict_line(app)
        assert "SPARE-TW checked out to bench QZ-B" in notices(app)


async def test_prepare_shows_the_pick_list_and_the_new_verdict(battery_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(battery_db, login="lbernard")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_order(app, pilot, "OR-B")
        await press(app, pilot, "p", "y")
        console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
        console.print(app.screen.query_one("#picklist").content)
        picks = console.export_text()
        assert "C1: tool SPARE-TW" in picks and "C3-D1: lot R-626-01" in picks
        assert "✔ GO" in verdict_line(app)


async def test_a_technician_cannot_concede_a_no_go_but_a_lead_can_with_a_reason(battery_db) -> None:  # type: ignore[no-untyped-def]
    technician = make_app(battery_db, login="lbernard")
    async with technician.run_test(size=(80, 24)) as pilot:
        await open_order(technician, pilot, "OR-B")
        await press(technician, pilot, "s")
        assert not isinstance(technician.screen, FormModal)
        assert any("only a lead" in notice for notice in notices(technician))
    assert order_status(battery_db, "OR-B") == "accepted"
    lead = make_app(battery_db, login="cmartin")
    async with lead.run_test(size=(80, 24)) as pilot:
        await open_order(lead, pilot, "OR-B")
        await press(lead, pilot, "s")
        assert isinstance(lead.screen, FormModal)
        await type_text(lead, pilot, "Spare tweezers brought from the other site")
        await press(lead, pilot, "enter")
    assert order_status(battery_db, "OR-B") == "in_progress"


async def test_readonly_hides_prepare_and_start(battery_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(battery_db, login="slefevre", readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_order(app, pilot, "OR-A")
        keys = {active.binding.key for active in app.active_bindings.values() if active.binding.show}
        assert "p" not in keys and "s" not in keys
        await press(app, pilot, "s")
        assert order_status(battery_db, "OR-A") == "accepted"


# Issue 17, item 5: a remedy that takes a tool from a colleague's work in progress asks first

@pytest.fixture
def busy_bench_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """QZ-B's tweezers are broken for OR-B; the only other pair is QZ-A's, which OR-A in progress needs."""
    two_benches_with_qz_b_tweezers_broken(catalogued_engine)
    with write_session(catalogued_engine) as session:
        session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one().status = "in_progress"
    catalogued_engine.dispose()
    return catalogued_db


def tool_bench(db: Path, tag: str) -> str | None:
    from atelier_tui.store.models import Bench

    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        code = session.execute(select(Bench.code).join(Tool, Tool.bench_id == Bench.id).where(Tool.asset_tag == tag)).scalar()
    engine.dispose()
    return code


async def test_enter_on_a_remedy_that_takes_a_tool_an_order_in_progress_needs_asks_naming_that_order(busy_bench_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(busy_bench_db, login="lbernard")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_order(app, pilot, "OR-B")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.question == "Take QZ-A-03 from bench QZ-A? OR-A there need it and become NO-GO."
        await press(app, pilot, "n")
        assert tool_bench(busy_bench_db, "QZ-A-03") == "QZ-A"  # no answer, nothing taken
        assert "✘ NO-GO" in verdict_line(app)
        await press(app, pilot, "enter", "y")
        assert tool_bench(busy_bench_db, "QZ-A-03") == "QZ-B"
        assert "QZ-A-03 checked out to bench QZ-B" in notices(app)


async def test_prepare_says_which_order_a_tool_is_taken_from_before_asking(busy_bench_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(busy_bench_db, login="lbernard")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_order(app, pilot, "OR-B")
        await press(app, pilot, "p")
        assert isinstance(app.screen, ConfirmModal)
        assert "QZ-A-03 is taken from bench QZ-A: OR-A there need it and become NO-GO." in app.screen.question
        await press(app, pilot, "y")
        console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
        console.print(app.screen.query_one("#picklist").content)
        assert "QZ-A: tool QZ-A-03, checked out to the bench — OR-A there now blocked" in console.export_text()
        assert tool_bench(busy_bench_db, "QZ-A-03") == "QZ-B"


# Issue 17, item 9: the checklist a verdict asks for is one its remedy opens as called for

async def test_enter_on_a_missing_checklist_opens_it_for_the_order_asking_its_items(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.tui.screens.checklist_run import ChecklistRunScreen
    from tests.tui.test_checklist_screen import rows, shown

    app = make_app(demo_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_order(app, pilot, "OR-2026-0010")  # on QZ-01, whose "Quartz and ESD work" has not been run today
        assert any("Quartz and ESD work" in line and "has not been run" in line for line in finding_lines(app))
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ChecklistRunScreen)
        await settle(app, pilot)
        summary = shown(app.screen.query_one("#checklist-summary"))
        assert "Quartz and ESD work" in summary and "order OR-2026-0010" in summary
        assert "does not call for this checklist" not in summary
        items = rows(app)
        assert items and all(row[0] == "? to answer" for row in items)
        await press(app, pilot, "o")
        await settle(app, pilot)
        assert rows(app)[0][0] == "✓ OK"


async def test_a_go_with_nothing_to_watch_says_nothing_to_do_rather_than_an_empty_frame(catalogued_engine, catalogued_db: Path) -> None:  # type: ignore[no-untyped-def]
    prepare_workshop(catalogued_engine, cells=40)  # enough cells that none is short after the job
    with write_session(catalogued_engine) as session:  # and no reorder point to warn about
        session.execute(update(SupplyType).values(reorder_point_micro=0))
    # An order that gives everything the job depends on (a back held by screws: the bench's screwdriver)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", case_back="screwed")
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-A", battery="")  # no cell named: a finding
    catalogued_engine.dispose()
    app = make_app(catalogued_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_order(app, pilot, "OR-A")
        assert "✔ GO" in verdict_line(app) and finding_lines(app) == []
        nothing = app.screen.query_one("#nothing-to-do")
        assert nothing.display and not app.screen.query_one("#findings").display
        console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
        console.print(nothing.content)
        assert "Nothing to do: ready" in console.export_text()
        await open_order(app, pilot, "OR-B")  # findings: they show, not the line
        assert finding_lines(app) != []
        assert not app.screen.query_one("#nothing-to-do").display and app.screen.query_one("#findings").display
