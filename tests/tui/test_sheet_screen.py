"""The intervention sheet from the keyboard, opened with `f` on a started order: ticking steps,
recording a measurement with live feedback on its unit, anomalies and alerts, closing the sheet
(the supplies are consumed, the watch goes to quality control), exporting it, and read-only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select
from textual.widgets import DataTable, Input, Static

from atelier_tui.services.context import Actor
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.sheets.keeping import open_alerts
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import Calibre, Lot, RepairOrder, SheetEntry, SheetMeasurement, Tool
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from atelier_tui.tui.screens.sheet import SheetScreen
from tests.support.fixed_time import FIXED_NOW
from tests.support.readiness_db import add_battery_order, prepare_workshop
from tests.tui.helpers import make_app, press, settle, type_text

CLOCK = f"{FIXED_NOW.astimezone():%H:%M}"  # the screen shows local times


@pytest.fixture
def sheet_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """OR-A, a Miyota 2035 quartz watch, started on QZ-A (its cell reserved); OR-B not started."""
    prepare_workshop(catalogued_engine, cells=1)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-B")
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    start_order(catalogued_engine, Actor("slefevre", role="technician"), FIXED_NOW, FIXED_NOW.date(), "OR-A")
    catalogued_engine.dispose()
    return catalogued_db


def query(db: Path, statement):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(statement).all()
    finally:
        engine.dispose()


def steps(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#sheet-steps", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in app._notifications]


def shown_keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {active.binding.key for active in app.active_bindings.values() if active.binding.show}


async def open_sheet(app, pilot, reference: str = "OR-A") -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.open_order(reference)
    await settle(app, pilot)
    assert isinstance(app.screen, OrderDetailScreen)
    await press(app, pilot, "f")
    await settle(app, pilot)
    assert isinstance(app.screen, SheetScreen)


async def test_f_opens_the_sheet_and_space_or_enter_tick_steps_with_their_time(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        assert len(steps(app)) == 11 and all(row[0] == "· to do" for row in steps(app))
        assert "0/11 steps ticked" in shown(app, "#sheet-summary")
        await press(app, pilot, "space")
        await press(app, pilot, "enter")  # the cursor moved on: Enter ticks the second step
        assert [row[0] for row in steps(app)[:3]] == ["✓ done", "✓ done", "· to do"]
        assert steps(app)[0][3] == CLOCK
        assert "2/11 steps ticked" in shown(app, "#sheet-summary")
        await press(app, pilot, "up", "space")  # ticking a ticked step un-ticks it
        assert steps(app)[1][0] == "· to do" and "Step 2 un-ticked" in notices(app)
        await press(app, pilot, "escape")
        assert isinstance(app.screen, OrderDetailScreen)
    done = query(sheet_db, select(SheetEntry.position).where(SheetEntry.kind == "step", SheetEntry.done_at.is_not(None)))
    assert done == [(0,)]


async def test_m_records_a_measurement_with_feedback_on_its_unit_and_says_pass_or_fail(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "m")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "current")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "5 bar")
        assert shown(app, "#error-value").strip() == "value: '5 bar' is a pressure; expected a current (uA)"
        await press(app, pilot, "enter")  # to the next field; the form is not submitted while a field is wrong
        await press(app, pilot, "enter", "enter", "enter")
        assert isinstance(app.screen, FormModal)
        assert query(sheet_db, select(SheetMeasurement.id)) == []
        app.screen.query_one("#field-value", Input).value = "1.2 µA"
        app.screen.query_one("#field-tool", Input).value = "QZ-A-05"
        app.screen.query_one("#field-result", Input).focus()
        await press(app, pilot, "enter")
        assert isinstance(app.screen, SheetScreen)
        assert "current consumption 1.2 µA: ✓ pass" in notices(app)
        records = shown(app, "#sheet-records")
        assert "1.2 µA" in records and "≤ 1.5 uA" in records and "✓ pass" in records and "QZ-A-05" in records
        await press(app, pilot, "m")
        await type_text(app, pilot, "coil_resistance")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "0.8 kohm")
        await press(app, pilot, "enter", "enter")
        await type_text(app, pilot, "QZ-A-05")
        await press(app, pilot, "enter", "enter")
        assert "coil resistance 0.8 kohm: ✗ fail" in notices(app)
        assert "✗ fail" in shown(app, "#sheet-records")
    assert query(sheet_db, select(SheetMeasurement.quantity, SheetMeasurement.judged).order_by(SheetMeasurement.id)) == [
        ("current", "pass"), ("coil_resistance", "fail")]


async def test_an_out_of_service_instrument_is_refused_under_its_field(sheet_db: Path) -> None:
    engine = make_engine(f"sqlite:///{sheet_db}")
    with write_session(engine) as session:
        tool = session.execute(select(Tool).where(Tool.asset_tag == "QZ-A-05")).scalar_one()
        tool.status, tool.status_reason = "out_of_service", "Display broken"
    engine.dispose()
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "m")
        for name, value in (("quantity", "current"), ("value", "1.2 uA"), ("tool", "QZ-A-05")):
            app.screen.query_one(f"#field-{name}", Input).value = value
        app.screen.query_one("#field-result", Input).focus()
        await press(app, pilot, "enter")
        assert isinstance(app.screen, FormModal)  # what was typed stays
        assert "QZ-A-05 is out of service (Display broken)" in shown(app, "#error-tool")
    assert query(sheet_db, select(SheetMeasurement.id)) == []


async def test_anomalies_and_alerts_to_the_lead_are_written_on_the_sheet(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "a")
        await type_text(app, pilot, "case")
        await press(app, pilot, "enter")
        await type_text(app, pilot, "Deep scratch on the back")
        await press(app, pilot, "enter")
        await press(app, pilot, "l")
        await type_text(app, pilot, "Crown tube corroded: quote?")
        await press(app, pilot, "enter")
        records = shown(app, "#sheet-records")
        assert "! Anomaly (case): Deep scratch on the back" in records
        assert "⚑ Alert to the lead: Crown tube corroded: quote?" in records
        assert "Alert sent to the lead" in notices(app)
    engine = make_engine(f"sqlite:///{sheet_db}")
    assert [(alert.reference, alert.text) for alert in open_alerts(engine)] == [("OR-A", "Crown tube corroded: quote?")]
    engine.dispose()


async def test_c_closes_the_sheet_only_when_every_step_is_ticked_after_confirming(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "c")  # refused before any question: validate first, confirm last
        assert isinstance(app.screen, SheetScreen)
        assert any(notice.startswith("step 1 is not ticked: Note the end-of-life signal") for notice in notices(app))
        assert query(sheet_db, select(RepairOrder.status).where(RepairOrder.reference == "OR-A")) == [("in_progress",)]
        await press(app, pilot, *["space"] * 11)
        await press(app, pilot, "c")
        assert isinstance(app.screen, ConfirmModal)
        await press(app, pilot, "enter")  # the default answer is No
        assert isinstance(app.screen, SheetScreen)
        await press(app, pilot, "c", "y")
        assert "OR-A closed and handed to quality control: 2 lots consumed, one use counted for 10 tools" in notices(app)
        assert "closed" in shown(app, "#sheet-summary") and "quality control" in shown(app, "#sheet-summary")
        assert {"space", "m", "a", "l", "c"}.isdisjoint(shown_keys(app)) and "e" in shown_keys(app)  # frozen
        await press(app, pilot, "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        assert "OR-A — quality control" in shown(app, "#summary")  # the order screen shows where the watch went
    assert query(sheet_db, select(RepairOrder.status).where(RepairOrder.reference == "OR-A")) == [("quality_control",)]
    assert query(sheet_db, select(Lot.quantity_micro, Lot.reserved_micro).where(Lot.lot_number == "R-626-01")) == [(0, 0)]
    assert query(sheet_db, select(Tool.usage_count).where(Tool.asset_tag == "QZ-A-05")) == [(1,)]


async def test_e_asks_where_to_export_pre_filled_with_the_documents_folder_and_says_where(
        sheet_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "e")
        # Issue 17, item 11: the path is asked, pre-filled with a real default the person can change.
        exported = documents / "fiche-OR-A.md"
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-path", Input).value == str(exported)
        await press(app, pilot, "enter")
        assert isinstance(app.screen, SheetScreen)
        assert f"Sheet exported to {exported}" in notices(app)
        assert exported.read_text(encoding="utf-8").startswith("# Intervention sheet OR-A\n")
        exported.write_text("my notes", encoding="utf-8")
        await press(app, pilot, "e", "enter")  # the file is there: asked before it is replaced
        assert isinstance(app.screen, ConfirmModal) and str(exported) in app.screen.question
        await press(app, pilot, "n")
        assert exported.read_text(encoding="utf-8") == "my notes"
        await press(app, pilot, "escape")
        await press(app, pilot, "e", "ctrl+u")  # typed elsewhere: a relative path, then a folder that is not there
        await type_text(app, pilot, "fiche.md")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, FormModal) and "give the full path" in error_under(app, "path")
        await press(app, pilot, "ctrl+u")
        await type_text(app, pilot, str(tmp_path / "nowhere" / "fiche.md"))
        await press(app, pilot, "enter")
        assert isinstance(app.screen, FormModal) and f"the folder {tmp_path / 'nowhere'} does not exist" in error_under(app, "path")
        await press(app, pilot, "ctrl+u")
        await type_text(app, pilot, str(tmp_path))  # a folder: the file goes in it, under its usual name
        await press(app, pilot, "enter")
        assert f"Sheet exported to {tmp_path / 'fiche-OR-A.md'}" in notices(app)
    assert (tmp_path / "fiche-OR-A.md").read_text(encoding="utf-8").startswith("# Intervention sheet OR-A\n")
    assert not list(tmp_path.glob("*.part")) and not (Path.cwd() / "fiche-OR-A.md").exists()


def error_under(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(f"#error-{name}", Static).content)


async def test_readonly_hides_every_change_but_export(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="slefevre", readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot)
        assert {"space", "m", "a", "l", "c"}.isdisjoint(shown_keys(app)) and "e" in shown_keys(app)
        await press(app, pilot, "space", "enter", "m", "c")
        assert isinstance(app.screen, SheetScreen)
        assert all(row[0] == "· to do" for row in steps(app))
    assert query(sheet_db, select(SheetEntry.id).where(SheetEntry.done_at.is_not(None))) == []


async def test_an_order_not_started_has_no_sheet_yet(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="lbernard")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot, "OR-B")
        assert "OR-B has no intervention sheet" in shown(app, "#sheet-summary")
        assert "m" not in shown_keys(app) and "e" not in shown_keys(app)


# Issue 16 item 18: a battery change started without a cell closes only once the cell is fitted
# or recorded as not replaced, with a reason

@pytest.fixture
def conceded_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """OR-A, a Miyota 2035 battery change, started on a lead's concession with no cell in stock."""
    prepare_workshop(catalogued_engine, cells=0)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    start_order(catalogued_engine, Actor("cmartin", role="lead"), FIXED_NOW, FIXED_NOW.date(), "OR-A",
                concession="A cell is coming this afternoon")
    catalogued_engine.dispose()
    return catalogued_db


async def test_c_names_the_missing_cell_until_n_records_it_not_replaced_with_a_reason(conceded_db: Path) -> None:
    app = make_app(conceded_db, login="slefevre")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, *["space"] * len(steps(app)))
        assert "cell (" in shown(app, "#sheet-records") and "not fitted yet" in shown(app, "#sheet-records")
        await press(app, pilot, "c")  # refused before any question, naming the part
        assert isinstance(app.screen, SheetScreen)
        assert any(notice.startswith("cell (") and "neither fitted nor recorded as not replaced" in notice for notice in notices(app))
        await press(app, pilot, "n")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "battery")
        await press(app, pilot, "enter", "enter")  # no reason: refused under its field, nothing stored
        assert isinstance(app.screen, FormModal)
        assert "reason: required" in shown(app, "#error-reason")
        await type_text(app, pilot, "Old cell tested at 1.55 V; customer keeps it")
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SheetScreen)
        assert "not replaced: Old cell tested at 1.55 V; customer keeps it" in shown(app, "#sheet-records")
        await press(app, pilot, "c")
        assert isinstance(app.screen, ConfirmModal)
        await press(app, pilot, "y")
        await settle(app, pilot)
    assert query(conceded_db, select(RepairOrder.status).where(RepairOrder.reference == "OR-A")) == [("quality_control",)]


async def test_the_measurement_form_offers_the_quantities_by_their_names_in_the_interface_language(sheet_db: Path) -> None:
    app = make_app(sheet_db, login="slefevre", language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sheet(app, pilot)
        await press(app, pilot, "m")
        assert isinstance(app.screen, FormModal)
        quantity = app.screen.query_one("#field-quantity", Input)
        assert "repère" in quantity.placeholder and "beat_error" not in quantity.placeholder, quantity.placeholder
        quantity.value = "marche (s/j)"  # the French name is taken for the quantity "rate"
        app.screen.query_one("#field-value", Input).value = "+4 s/d"
        await settle(app, pilot)
        assert str(app.screen.query_one("#error-quantity", Static).content) == ""
        assert str(app.screen.query_one("#error-value", Static).content) == ""
        quantity.value = "beat_errorx"
        await settle(app, pilot)
        assert "repère" in str(app.screen.query_one("#error-quantity", Static).content)  # the choices, in French
        quantity.value = "rate"  # the stored value, as the command line takes it, still is
        await settle(app, pilot)
        assert str(app.screen.query_one("#error-quantity", Static).content) == ""
