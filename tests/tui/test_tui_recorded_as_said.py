"""Issue 17: nothing is recorded that the person at the keyboard did not type or choose, and
nothing they typed is taken for something else. Each test drives the workstation as a
technician or a lead would, on the demo workshop or a small prepared one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.tui.helpers import make_app, press, settle, type_text
from tests.tui.test_sheet_screen import sheet_db  # noqa: F401  (the fixture)


def error_under(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(f"#error-{name}", Static).content)


async def test_keys_typed_in_a_form_whose_button_has_focus_are_not_a_scan(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, scanner_gap_ms=1000)  # a generous gap: every burst of keys would pass for a scan
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_tool("AT-00042")
        await settle(app, pilot)
        await press(app, pilot, "x")
        assert isinstance(app.screen, FormModal)
        await pilot.press("tab", "tab")  # the focus leaves the reason field for a button
        await settle(app, pilot)
        assert not isinstance(app.focused, Input)
        await pilot.press(*"AT-00034", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormModal)  # no other tool opened over the form
        assert not any(isinstance(s, ToolDetailScreen) and s.asset_tag == "AT-00034" for s in app.screen_stack)
        assert not any("No tool has the asset tag" in str(n.message) for n in app._notifications)


# Item 2: a grey placeholder is a format, never a value; the instrument the work needs is required

async def test_the_measurement_form_shows_no_instrument_in_grey_and_refuses_a_reading_without_one(sheet_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from sqlalchemy import select

    from atelier_tui.store.engine import make_engine
    from atelier_tui.store.models import SheetMeasurement
    from tests.services.test_recorded_as_said import asks_regulation
    from tests.tui.test_sheet_screen import open_sheet, query

    engine = make_engine(f"sqlite:///{sheet_db}")
    asks_regulation(engine)
    engine.dispose()
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "m")
        assert isinstance(app.screen, FormModal)
        inputs = {field.id: field for field in app.screen.query(Input)}
        assert inputs["field-tool"].value == ""
        assert "QZ-A" not in inputs["field-tool"].placeholder  # no tag in grey that could pass for one chosen
        assert inputs["field-value"].placeholder.startswith("e.g. ")
        await type_text(app, pilot, "rate")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "+4 s/d")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "CH")
        await press(app, pilot, "enter", "enter", "enter")  # the instrument left empty, no result
        assert isinstance(app.screen, FormModal)
        assert "give its asset tag" in error_under(app, "tool")
    assert query(sheet_db, select(SheetMeasurement.id)) == []


# Item 7: every order in progress has a sheet

async def test_f_on_an_order_in_progress_of_the_demo_opens_its_sheet(demo_db) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    from atelier_tui.store.engine import make_engine
    from atelier_tui.tui.screens.sheet import SheetScreen
    from tests.services.test_recorded_as_said import orders_in_progress
    from tests.tui.test_sheet_screen import shown

    engine = make_engine(f"sqlite:///{demo_db}")
    reference = sorted(orders_in_progress(engine))[0]
    engine.dispose()
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_order(reference)
        await settle(app, pilot)
        await press(app, pilot, "f")
        assert isinstance(app.screen, SheetScreen)
        await settle(app, pilot)
        assert "has no intervention sheet" not in shown(app, "#sheet-summary")
        assert app.screen.query_one("#sheet-steps", DataTable).row_count > 3
        assert "m" in {active.binding.key for active in app.active_bindings.values() if active.binding.show}


# Item 4: a failed instrument does not go back to service with one "Yes"

async def test_back_in_service_after_a_failed_calibration_asks_a_lead_for_a_written_override(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.engine import make_engine
    from atelier_tui.tui.screens.confirm import ConfirmModal
    from tests.services.test_recorded_as_said import fail_calibration
    from tests.tui.test_sheet_screen import shown

    engine = make_engine(f"sqlite:///{demo_db}")
    fail_calibration(engine, "AT-00046")
    engine.dispose()
    app = make_app(demo_db)  # cmartin, a lead
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_tool("AT-00046")
        await settle(app, pilot)
        await press(app, pilot, "r")
        assert not isinstance(app.screen, ConfirmModal)  # not one "Yes"
        assert isinstance(app.screen, FormModal) and "failed its Annual calibration" in app.screen.title_text
        await press(app, pilot, "enter")  # no reason: nothing changes
        assert isinstance(app.screen, FormModal) and "required" in error_under(app, "reason")
        for key in "Re-checked on the reference":
            await pilot.press(key if key != " " else "space")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ToolDetailScreen)
        await settle(app, pilot)
        assert "override" in shown(app, "#summary")


# Item 6: Enter on an empty technician field does not free the bench; freeing is its own action

async def test_t_then_enter_keeps_the_benchs_technician_and_u_frees_it_after_a_confirmation(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.tui.screens.bench_detail import BenchDetailScreen
    from atelier_tui.tui.screens.confirm import ConfirmModal

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_bench("ME-01")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BenchDetailScreen) and screen.technician is not None
        name = screen.technician
        await press(app, pilot, "t")
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-login", Input).placeholder == "a technician's login"
        await press(app, pilot, "enter")
        assert isinstance(app.screen, FormModal) and "required" in error_under(app, "login")
        await press(app, pilot, "escape")
        await settle(app, pilot)
        assert screen.technician == name  # nobody was taken off the bench
        await press(app, pilot, "u")
        assert isinstance(app.screen, ConfirmModal) and name in app.screen.question
        await press(app, pilot, "y")
        await settle(app, pilot)
        assert app.screen is screen and screen.technician is None


# Item 10: validate first, confirm last; offer only what can succeed

async def closing_is_refused_before_any_question(database: Path, refusal: str) -> None:
    """`c` on the sheet says why it cannot close, and no "Close the sheet?" is asked."""
    from atelier_tui.tui.screens.confirm import ConfirmModal
    from atelier_tui.tui.screens.sheet import SheetScreen
    from tests.tui.test_sheet_screen import open_sheet

    app = make_app(database, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "c")
        assert not isinstance(app.screen, ConfirmModal)
        assert isinstance(app.screen, SheetScreen)
        assert any(refusal in str(n.message) for n in app._notifications)

async def test_closing_a_sheet_with_a_step_left_is_refused_before_any_confirmation(sheet_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    await closing_is_refused_before_any_question(sheet_db, "step 1 is not ticked")


async def test_prepare_and_start_are_not_offered_on_an_order_already_started(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.engine import make_engine
    from tests.services.test_recorded_as_said import orders_in_progress

    engine = make_engine(f"sqlite:///{demo_db}")
    reference = sorted(orders_in_progress(engine))[0]
    engine.dispose()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_order(reference)
        await settle(app, pilot)
        assert app.screen.status == "in_progress"
        shown = {active.binding.key for active in app.active_bindings.values() if active.binding.show}
        assert "f" in shown and not {"p", "s"} & shown


async def test_a_disposal_shows_its_form_first_and_confirms_what_it_will_dispose_of_last(demo_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from atelier_tui.store.engine import make_engine, read_session
    from atelier_tui.store.models import Lot, SupplyType
    from atelier_tui.tui.screens.confirm import ConfirmModal

    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        key, lot, unit = session.execute(
            select(SupplyType.key, Lot.lot_number, SupplyType.stock_unit).join(SupplyType, SupplyType.id == Lot.supply_type_id)
            .where(Lot.status == "available", Lot.quantity_micro > Lot.reserved_micro + 1_000_000).order_by(Lot.id)).first()
    engine.dispose()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_supply(key, lot)
        await settle(app, pilot)
        await press(app, pilot, "d")
        assert isinstance(app.screen, FormModal)  # the form, not "cannot be undone?" before anything was said
        await type_text(app, pilot, f"1 {unit}")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "general")
        await press(app, pilot, "enter", "enter")
        assert isinstance(app.screen, ConfirmModal)
        assert f"1 {unit}" in app.screen.question and lot in app.screen.question


async def test_an_override_after_a_failed_calibration_is_a_warning_on_the_tool_and_in_readiness(sheet_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from sqlalchemy import select, update

    from atelier_tui.services.maintenance.records import record_maintenance
    from atelier_tui.services.tools.actions import return_to_service
    from atelier_tui.store.engine import make_engine, write_session
    from atelier_tui.store.models import Bench, Tool
    from atelier_tui.tui.widgets.readiness_panel import ReadinessPanel
    from tests.services.test_recorded_as_said import LEAD, NOW, asks_regulation, timegrapher
    from tests.tui.test_sheet_screen import shown

    engine = make_engine(f"sqlite:///{sheet_db}")
    asks_regulation(engine)
    timegrapher(engine)
    with write_session(engine) as session:
        bench = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        session.execute(update(Tool).where(Tool.asset_tag == "TG-01").values(bench_id=bench, home_bench_id=bench))
    record_maintenance(engine, LEAD, NOW, "TG-01", "timegrapher_calibration", "fail", {"rate_reference": "3 s/d"})
    return_to_service(engine, LEAD, NOW, "TG-01", "Checked against the reference quartz", override=True)
    engine.dispose()
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_tool("TG-01")
        await settle(app, pilot)
        summary = shown(app, "#summary")
        assert "Warning" in summary and "! in service by cmartin's override although its Annual calibration failed" in summary
        app.open_order("OR-A")
        await settle(app, pilot)
        findings = app.screen.query_one(ReadinessPanel).findings
        assert [(f.code, f.blocking, f.subject) for f in findings if f.code == "returned_by_override"] == [
            ("returned_by_override", False, "TG-01")]


async def test_closing_a_sheet_whose_reserved_cell_is_gone_is_refused_before_any_confirmation(sheet_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Every step ticked, but a count found the reserved cell gone: the service says so before "close?"."""
    from sqlalchemy import update

    from atelier_tui.services.context import Actor
    from atelier_tui.services.sheets.keeping import sheet_of, tick_step
    from atelier_tui.store.engine import make_engine, write_session
    from atelier_tui.store.models import Lot
    from tests.support.fixed_time import FIXED_NOW

    engine = make_engine(f"sqlite:///{sheet_db}")
    for step in sheet_of(engine, "OR-A").steps:
        tick_step(engine, Actor("slefevre", role="technician"), FIXED_NOW, "OR-A", step.position)
    with write_session(engine) as session:
        session.execute(update(Lot).where(Lot.lot_number == "R-626-01").values(quantity_micro=0, reserved_micro=0))
    engine.dispose()
    await closing_is_refused_before_any_question(sheet_db, "its reservation for OR-A is no longer in stock")


async def test_a_tools_detail_offers_only_the_changes_its_status_allows(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.tui.screens.confirm import ConfirmModal

    def offered(app) -> set[str]:  # type: ignore[no-untyped-def]
        return {active.binding.key for active in app.active_bindings.values() if active.binding.show} & set("oixr")

    app = make_app(demo_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.open_tool("AT-00042")
        await settle(app, pilot)
        assert app.screen.status == "in_service" and offered(app) == {"o", "x"}
        await press(app, pilot, "r")  # "back in service?" then "not out of service" no more
        assert not isinstance(app.screen, (ConfirmModal, FormModal))
        await press(app, pilot, "x")
        await type_text(app, pilot, "Blade chipped")
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert app.screen.status == "out_of_service" and offered(app) == {"r"}


async def test_sign_off_is_offered_once_a_run_has_started(demo_db) -> None:  # type: ignore[no-untyped-def]
    from tests.tui.test_checklist_screen import BENCH

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_bench(BENCH)
        await settle(app, pilot)
        await press(app, pilot, "c")
        keys = {active.binding.key for active in app.active_bindings.values() if active.binding.show}
        assert "o" in keys and "s" not in keys
        await press(app, pilot, "o")
        await settle(app, pilot)
        assert "s" in {active.binding.key for active in app.active_bindings.values() if active.binding.show}
